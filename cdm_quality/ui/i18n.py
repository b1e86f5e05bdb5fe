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
from cdm_quality.ui.i18n_authority import STRINGS as AUTHORITY_STRINGS
from cdm_quality.ui.i18n_dossier import STRINGS as DOSSIER_STRINGS
from cdm_quality.ui.i18n_plan import STRINGS as PLAN_STRINGS
from cdm_quality.ui.i18n_review import STRINGS as REVIEW_STRINGS
from cdm_quality.ui.i18n_team import STRINGS as TEAM_STRINGS

LANG_KEY = "lang"
LANG_COOKIE = "cdmq_lang"  # set by the sign-in page (`ui/web.py`): the language of new sessions
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
    "role.director": {"fr": "Direction de la Cité", "en": "Cité director"},
    "role.contributor": {"fr": "Contributeur ou contributrice", "en": "Contributor"},
    "role.authority": {"fr": "Autorité de label", "en": "Label authority"},
    "role.admin": {"fr": "Administration", "en": "Administrator"},
    # signing in and out
    "login.title": {"fr": "Connexion", "en": "Sign in"},
    "login.login": {"fr": "Identifiant", "en": "Login"},
    "login.password": {"fr": "Mot de passe", "en": "Password"},
    "login.submit": {"fr": "Se connecter", "en": "Sign in"},
    "login.expired": {
        "fr": "Votre session a expiré après {minutes} minutes d'inactivité. Vos réponses "
        "enregistrées sont conservées ; reconnectez-vous pour continuer.",
        "en": "Your session ended after {minutes} idle minutes. Your saved answers are kept; "
        "sign in again to go on.",
    },
    "login.with": {"fr": "Se connecter avec {provider}", "en": "Sign in with {provider}"},
    "login.oidc_unknown": {
        "fr": "Aucun compte actif ne correspond à l'adresse {email}. Demandez à un "
        "administrateur d'enregistrer cette adresse sur votre compte.",
        "en": "No active account has the address {email}. Ask an administrator to record "
        "this address on your account.",
    },
    "signin.refused": {
        "fr": "Cette demande de connexion ne vient pas de cette page. Saisissez à nouveau votre "
        "identifiant et votre mot de passe.",
        "en": "This sign-in request did not come from this page. Enter your login and password "
        "again.",
    },
    "signin.public": {
        "fr": "Consulter les questionnaires sans se connecter",
        "en": "Read the questionnaires without signing in",
    },
    "signin.other": {
        "fr": "Autres moyens de connexion (OpenID Connect)",
        "en": "Other ways to sign in (OpenID Connect)",
    },
    "signin.local": {
        "fr": "Se connecter avec son identifiant",
        "en": "Sign in with your login",
    },
    "account.sign_out": {"fr": "Se déconnecter", "en": "Sign out"},
    "account.idle": {
        "fr": "Déconnexion après {minutes} min d'inactivité.",
        "en": "Signed out after {minutes} idle minutes.",
    },
    # overview
    "overview.title": {"fr": "Vue d'ensemble", "en": "Overview"},
    "overview.campaign": {"fr": "Campagne", "en": "Campaign"},
    "overview.cite": {"fr": "Cité", "en": "Cité"},
    "overview.no_campaign": {
        "fr": "Aucune campagne n'est ouverte pour l'instant.",
        "en": "No campaign is open yet.",
    },
    "overview.no_cite": {"fr": "Aucune Cité n'est enregistrée.", "en": "No Cité is recorded."},
    "overview.phase": {"fr": "phase {phase}", "en": "phase {phase}"},
    "overview.campaign_state": {"fr": "Campagne {state}", "en": "Campaign {state}"},
    "overview.opens": {"fr": "ouverture le {date}", "en": "opened {date}"},
    "overview.closes": {"fr": "clôture le {date}", "en": "closes {date}"},
    "overview.answered": {
        "fr": "Répondu : {answered} sur {total} questions posées",
        "en": "Answered: {answered} of {total} questions asked",
    },
    "overview.required": {
        "fr": "obligatoires : {answered} / {total}",
        "en": "required: {answered} / {total}",
    },
    "overview.by_section": {"fr": "Par section", "en": "By section"},
    "overview.submitted": {"fr": "Envoyé le {when} par {who}", "en": "Submitted {when} by {who}"},
    "overview.open": {"fr": "Remplir", "en": "Fill in"},
    "overview.view": {"fr": "Consulter", "en": "View"},
    "campaign.draft": {"fr": "en préparation", "en": "in preparation"},
    "campaign.open": {"fr": "ouverte", "en": "open"},
    "campaign.closed": {"fr": "clôturée", "en": "closed"},
    "state.none": {"fr": "Non commencé", "en": "Not started"},
    "state.draft": {"fr": "En cours", "en": "In progress"},
    "state.submitted": {"fr": "Envoyé", "en": "Submitted"},
    "state.reopened": {"fr": "Rouvert", "en": "Reopened"},
    # filling in
    "fill.questionnaire": {"fr": "Questionnaire", "en": "Questionnaire"},
    "fill.not_started": {
        "fr": "Ce questionnaire n'a pas été commencé par la Cité.",
        "en": "The Cité has not started this questionnaire.",
    },
    "fill.nothing_to_answer": {
        "fr": "Aucune question de ce questionnaire ne concerne la phase de la Cité.",
        "en": "No question of this questionnaire applies to the Cité's phase.",
    },
    "fill.progress": {
        "fr": "{answered} / {total} questions obligatoires répondues",
        "en": "{answered} / {total} required questions answered",
    },
    "fill.sections": {"fr": "Sections", "en": "Sections"},
    "fill.previous_section": {"fr": "Section précédente", "en": "Previous section"},
    "fill.next_section": {"fr": "Section suivante", "en": "Next section"},
    "fill.text": {"fr": "Texte", "en": "Text"},
    "fill.remark": {"fr": "Remarque", "en": "Remark"},
    "fill.evidence": {
        "fr": "Preuve (document, lien, référence)",
        "en": "Evidence (document, link, reference)",
    },
    "fill.choose": {"fr": "Choisissez une ou plusieurs réponses", "en": "Choose one or more"},
    "widget.choose": {"fr": "Choisissez…", "en": "Choose…"},
    "widget.choose_many": {"fr": "Choisissez un ou plusieurs…", "en": "Choose one or more…"},
    "fill.one_per_line": {"fr": "Une entrée par ligne", "en": "One entry per line"},
    "fill.entries_hint": {
        "fr": "Une entrée par ligne, {count} au plus.",
        "en": "One entry per line, at most {count}.",
    },
    "fill.status_first": {
        "fr": "Choisissez d'abord un état d'avancement : le texte sera enregistré avec lui.",
        "en": "Choose a progress status first: the text is saved together with it.",
    },
    "fill.saved": {
        "fr": "Enregistré le {when} par {who} (version {version})",
        "en": "Saved {when} by {who} (version {version})",
    },
    "fill.saved_toast": {"fr": "Réponse enregistrée", "en": "Answer saved"},
    "fill.not_answered": {"fr": "Pas encore de réponse", "en": "Not answered yet"},
    "fill.unsaved": {
        "fr": "Pas encore enregistré : corrigez la saisie ci-dessus.",
        "en": "Not saved yet: correct the input above.",
    },
    "fill.refused": {"fr": "Non enregistré : {reason}", "en": "Not saved: {reason}"},
    "fill.signed_out": {
        "fr": "Non enregistré : votre session a expiré. Reconnectez-vous ; votre saisie reste "
        "affichée.",
        "en": "Not saved: your session has ended. Sign in again; your input stays on screen.",
    },
    "fill.missing_badge": {"fr": "à remplir", "en": "to answer"},
    "fill.previous": {
        "fr": "Réponse précédente ({campaign})",
        "en": "Previous answer ({campaign})",
    },
    "fill.previous_remark": {"fr": "Remarque", "en": "Remark"},
    "fill.take_over": {"fr": "Reprendre cette réponse", "en": "Take this answer over"},
    "fill.conflict": {
        "fr": "{who} a modifié cette réponse le {when} pendant que vous la saisissiez. Rien "
        "n'est écrasé : choisissez la version à garder.",
        "en": "{who} changed this answer on {when} while you were editing it. Nothing is "
        "overwritten: choose the version to keep.",
    },
    "fill.conflict_mine": {"fr": "Votre saisie", "en": "Your input"},
    "fill.conflict_theirs": {"fr": "Version enregistrée", "en": "Saved version"},
    "fill.keep_mine": {"fr": "Garder ma saisie", "en": "Keep my input"},
    "fill.take_theirs": {"fr": "Garder celle-ci", "en": "Keep this one"},
    "fill.submitted_banner": {
        "fr": "Autoévaluation envoyée le {when} par {who}. Elle est en lecture seule ; "
        "l'autorité de label peut la rouvrir.",
        "en": "Self-assessment submitted on {when} by {who}. It is read-only; the label "
        "authority can reopen it.",
    },
    "fill.reopened_banner": {
        "fr": "Rouverte le {when} par {who} : vous pouvez la modifier puis l'envoyer à nouveau. "
        "Motif : « {reason} »",
        "en": "Reopened on {when} by {who}: you can change it and submit it again. "
        "Reason: “{reason}”",
    },
    "overview.reopen_reason": {
        "fr": "Rouverte par l'autorité de label. Motif : « {reason} »",
        "en": "Reopened by the label authority. Reason: “{reason}”",
    },
    "fill.closed_banner": {
        "fr": "La campagne est close : cette autoévaluation est en lecture seule.",
        "en": "The campaign is closed: this self-assessment is read-only.",
    },
    "fill.read_only_role": {
        "fr": "Lecture seule : seules les équipes de la Cité remplissent ce questionnaire.",
        "en": "Read-only: only the Cité's team fills in this questionnaire.",
    },
    "fill.submit_title": {"fr": "Envoi", "en": "Submission"},
    "fill.missing_count": {
        "fr": "{count} question(s) obligatoire(s) sans réponse.",
        "en": "{count} required question(s) still unanswered.",
    },
    "fill.missing_list": {"fr": "Questions à remplir", "en": "Questions to answer"},
    "fill.go_to": {"fr": "Y aller", "en": "Go there"},
    "fill.ready": {
        "fr": "Toutes les questions obligatoires ont une réponse.",
        "en": "Every required question is answered.",
    },
    "fill.unsaved_before_submit": {
        "fr": "Certaines saisies ne sont pas enregistrées ; l'envoi ne prend que ce qui l'est.",
        "en": "Some input is not saved; submitting takes only what is saved.",
    },
    "fill.submit": {"fr": "Envoyer l'autoévaluation", "en": "Submit the self-assessment"},
    "fill.submit_missing": {
        "fr": "Envoi refusé : {count} question(s) obligatoire(s) sans réponse (liste ci-dessus).",
        "en": "Not submitted: {count} required question(s) unanswered (list above).",
    },
    "fill.submit_confirm": {
        "fr": "Envoyer le questionnaire « {questionnaire} » de **{cite}** ? Il passera en lecture "
        "seule ; seule l'autorité de label pourra le rouvrir.",
        "en": "Submit the questionnaire “{questionnaire}” of **{cite}**? It becomes read-only; "
        "only the label authority can reopen it.",
    },
    "fill.take_over_confirm": {
        "fr": "Remplacer votre réponse « {mine} » par celle de {campaign}, « {theirs} » (et sa "
        "remarque si la vôtre est vide) ?",
        "en": "Replace your answer “{mine}” with the one of {campaign}, “{theirs}” (and its "
        "remark where yours is empty)?",
    },
    "fill.submitted_toast": {"fr": "Autoévaluation envoyée", "en": "Self-assessment submitted"},
    "fill.reopen_reason": {"fr": "Motif de la réouverture", "en": "Reason for reopening"},
    "fill.reopen": {"fr": "Rouvrir", "en": "Reopen"},
    "confirm.cancel": {"fr": "Annuler", "en": "Cancel"},
    "fill.not_a_number": {
        "fr": "« {typed} » n'est pas un nombre : écrivez par exemple {example} (virgule "
        "décimale, espaces pour les milliers).",
        "en": "“{typed}” is not a number: type for example {example} (decimal point, commas "
        "for thousands).",
    },
    "fill.number_whole": {"fr": "Un nombre entier.", "en": "A whole number."},
    "fill.number_decimal": {
        "fr": "Un nombre, décimales après une virgule : {example}.",
        "en": "A number, decimals after a point: {example}.",
    },
    "fill.number_min": {"fr": "Au moins {value}.", "en": "At least {value}."},
    "fill.number_max": {"fr": "Au plus {value}.", "en": "At most {value}."},
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

STRINGS.update(AUTHORITY_STRINGS)  # the authority's pages (ui/i18n_authority.py)
STRINGS.update(PLAN_STRINGS)  # synthesis and plan pages (ui/i18n_plan.py)
STRINGS.update(DOSSIER_STRINGS)  # the labelling file (ui/i18n_dossier.py)
STRINGS.update(TEAM_STRINGS)  # team ratings and consensus (ui/i18n_team.py)
STRINGS.update(REVIEW_STRINGS)  # review, inbox, due dates (ui/i18n_review.py)


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
