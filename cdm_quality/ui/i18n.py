"""Interface strings in French and English, and `t(key)` in the language of the session.

Questionnaire texts carry their own two languages (`Text`); the product's shared vocabulary
(phases, labelling-file levels, yes/no…) lives in `cdm_quality.domain.labels` so that pages and
PDF agree (`word(PHASE, "projet")`); this module holds only the other words of the interface.
Every key has both languages: `tests/ui/test_i18n.py` fails otherwise, and also when a page
asks for a key that is not here.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import streamlit as st

from cdm_quality.domain.labels import label
from cdm_quality.domain.questionnaire import Lang, Text

LANG_KEY = "lang"
DEFAULT_LANG: Lang = "fr"

STRINGS: dict[str, dict[Lang, str]] = {
    # application and navigation
    "app.title": {"fr": "Qualité des Cités des métiers", "en": "Cités des métiers quality"},
    "app.language": {"fr": "Langue", "en": "Language"},
    "nav.group.assessment": {"fr": "Autoévaluation", "en": "Self-assessment"},
    "nav.group.reference": {"fr": "Référentiels", "en": "Reference"},
    "nav.group.authority": {"fr": "Autorité de label", "en": "Label authority"},
    "nav.group.admin": {"fr": "Administration", "en": "Administration"},
    "nav.group.account": {"fr": "Compte", "en": "Account"},
    "nav.login": {"fr": "Connexion", "en": "Sign in"},
    "nav.overview": {"fr": "Vue d'ensemble", "en": "Overview"},
    "nav.fill": {"fr": "Remplir", "en": "Fill in"},
    "nav.questionnaires": {"fr": "Questionnaires", "en": "Questionnaires"},
    "nav.dossier": {"fr": "Plan du dossier", "en": "Labelling-file plan"},
    # questionnaire catalogue and read-only view
    "catalogue.broken": {
        "fr": "Le fichier de questionnaire {file} est refusé :",
        "en": "The questionnaire file {file} is refused:",
    },
    "catalogue.empty": {
        "fr": "Aucun questionnaire valide dans {path}.",
        "en": "No valid questionnaire in {path}.",
    },
    "questionnaires.title": {"fr": "Questionnaires", "en": "Questionnaires"},
    "questionnaires.intro": {
        "fr": "Les grilles du réseau, en lecture seule : sections, questions, aides et échelles.",
        "en": "The network's grids, read-only: sections, questions, help texts and scales.",
    },
    "questionnaires.choose": {"fr": "Questionnaire", "en": "Questionnaire"},
    "questionnaires.phase_filter": {
        "fr": "Questions posées en phase",
        "en": "Questions asked in phase",
    },
    "questionnaires.all_phases": {"fr": "Toutes les phases", "en": "Every phase"},
    "questionnaires.summary": {
        "fr": "Version {version} · {sections} sections · {items} questions",
        "en": "Version {version} · {sections} sections · {items} questions",
    },
    "questionnaires.scales": {"fr": "Échelles", "en": "Scales"},
    "questionnaires.no_item": {
        "fr": "Aucune question de cette section n'est posée dans cette phase.",
        "en": "No question of this section is asked in this phase.",
    },
    "questionnaires.thresholds": {
        "fr": "Force à partir de {strength:.0%} du maximum ; axe de progrès jusqu'à "
        "{improvement:.0%}.",
        "en": "Strength from {strength:.0%} of the maximum; area for improvement up to "
        "{improvement:.0%}.",
    },
    "item.kind": {"fr": "Type", "en": "Kind"},
    "item.required": {"fr": "obligatoire", "en": "required"},
    "item.scale": {"fr": "Échelle", "en": "Scale"},
    "item.options": {"fr": "Choix", "en": "Options"},
    "item.unit": {"fr": "Unité", "en": "Unit"},
    "item.min": {"fr": "min.", "en": "min"},
    "item.max": {"fr": "max.", "en": "max"},
    "item.integer": {"fr": "nombre entier", "en": "whole number"},
    "item.dossier": {"fr": "Dossier de labellisation", "en": "Labelling file"},
    "item.phases": {"fr": "Phases", "en": "Phases"},
    "item.visible_if": {"fr": "Affichée si", "en": "Shown if"},
    "item.visible_if.answered": {"fr": "{item} a une réponse", "en": "{item} is answered"},
    "item.visible_if.values": {"fr": "{item} = {values}", "en": "{item} = {values}"},
    "item.remark": {"fr": "remarque possible", "en": "remark allowed"},
    "item.evidence": {"fr": "preuve possible", "en": "evidence allowed"},
    "item.weight": {"fr": "Poids", "en": "Weight"},
    "item.max_entries": {"fr": "{count} entrées au plus", "en": "at most {count} entries"},
    "kind.rating": {"fr": "Niveau sur une échelle", "en": "Rating on a scale"},
    "kind.yes_no": {"fr": "Oui / non", "en": "Yes / no"},
    "kind.single_choice": {"fr": "Choix unique", "en": "Single choice"},
    "kind.multiple_choice": {"fr": "Choix multiple", "en": "Multiple choice"},
    "kind.short_text": {"fr": "Texte court", "en": "Short text"},
    "kind.long_text": {"fr": "Texte long", "en": "Long text"},
    "kind.number": {"fr": "Nombre", "en": "Number"},
    "kind.date": {"fr": "Date", "en": "Date"},
    "kind.list": {"fr": "Liste d'entrées libres", "en": "List of free entries"},
    "kind.status_text": {"fr": "Avancement et texte", "en": "Progress and text"},
    "scale.level": {"fr": "Niveau", "en": "Level"},
    "scale.id": {"fr": "Code", "en": "Code"},
    "scale.value": {"fr": "Valeur", "en": "Value"},
    "scale.help": {"fr": "Description", "en": "Description"},
    "scale.not_applicable": {"fr": "(sans valeur)", "en": "(no value)"},
    # labelling-file plan
    "dossier.title": {"fr": "Plan du dossier de labellisation", "en": "Labelling-file plan"},
    "dossier.intro": {
        "fr": "Pour chaque rubrique du dossier, la profondeur attendue dans chaque phase du "
        "label. Une case vide : la rubrique n'est pas demandée dans cette phase.",
        "en": "For each part of the labelling file, the depth expected in each label phase. "
        "An empty cell: the part is not asked in that phase.",
    },
    "dossier.item": {"fr": "Rubrique", "en": "Item"},
    "dossier.item_title": {"fr": "Intitulé", "en": "Title"},
    "dossier.download": {"fr": "Télécharger (CSV)", "en": "Download (CSV)"},
    "dossier.missing": {
        "fr": "Le plan du dossier (questionnaire « dossier ») est introuvable.",
        "en": "The labelling-file plan (questionnaire 'dossier') is missing.",
    },
}


def current_lang() -> Lang:
    """The interface language chosen in this session (French unless switched)."""
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return "en" if value == "en" else "fr"


def t(key: str, /, **params: Any) -> str:
    """The interface string `key` in the session's language, formatted with `params`."""
    return translate(key, current_lang(), **params)


def translate(key: str, lang: Lang, /, **params: Any) -> str:
    """The interface string `key` in `lang`; an unknown key shows as itself, never crashes."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry[lang]
    return text.format(**params) if params else text


def word(table: Mapping[Hashable, Text], key: Hashable) -> str:
    """A label of the shared vocabulary (`domain.labels`) in the session's language."""
    return label(table, key, current_lang())
