"""The words of the emails (French first, then English, in one message: an account has no
language of its own). `{...}` fields are filled by `services.notices`."""

from __future__ import annotations

from cdm_quality.domain.questionnaire import Lang

MAIL: dict[str, dict[Lang, str]] = {
    "submitted.subject": {
        "fr": "Autoévaluation remise : {cite}",
        "en": "Self-assessment submitted: {cite}",
    },
    "submitted.body": {
        "fr": "{cite} a remis son autoévaluation « {questionnaire} » de la campagne {campaign} "
        "le {day}. Elle attend votre avis dans cdm-quality.",
        "en": "{cite} submitted its self-assessment “{questionnaire}” of the {campaign} "
        "campaign on {day}. It awaits your review in cdm-quality.",
    },
    "reopened.subject": {
        "fr": "Autoévaluation rouverte : {cite}",
        "en": "Self-assessment reopened: {cite}",
    },
    "reopened.body": {
        "fr": "L'autorité de label a rouvert l'autoévaluation « {questionnaire} » de la "
        "campagne {campaign}. Motif : {reason}",
        "en": "The label authority reopened the self-assessment “{questionnaire}” of the "
        "{campaign} campaign. Reason: {reason}",
    },
    "remind.subject": {
        "fr": "cdm-quality : {count} point(s) à traiter",
        "en": "cdm-quality: {count} item(s) to deal with",
    },
    "remind.intro": {
        "fr": "Voici ce qui vous attend dans cdm-quality :",
        "en": "This is what awaits you in cdm-quality:",
    },
    "remind.submit": {
        "fr": "- {cite} : autoévaluation « {title} » à remettre ({campaign}){when}",
        "en": "- {cite}: self-assessment “{title}” to submit ({campaign}){when}",
    },
    "remind.answer": {
        "fr": "- {cite} : recommandation à laquelle répondre{when} : {title}",
        "en": "- {cite}: recommendation to answer{when}: {title}",
    },
    "remind.action": {
        "fr": "- {cite} : action du plan en retard{when} : {title}",
        "en": "- {cite}: plan action overdue{when}: {title}",
    },
    "remind.when": {"fr": ", échéance le {day}", "en": ", due on {day}"},
}


def both(key: str, **params: object) -> str:
    """The French text, then the English one."""
    return "\n".join(MAIL[key][lang].format(**params) for lang in ("fr", "en"))
