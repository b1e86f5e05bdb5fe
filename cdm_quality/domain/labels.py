"""Bilingual labels of the product's own vocabulary (not of a questionnaire).

Scores, synthesis, plan, charts and PDF all name the same things (a strength, an action's
status, a labelling-file level); they take the words from here so that the app, the charts and
the PDF never disagree. Look a label up with `label(TABLE, key, lang)`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from cdm_quality.domain.questionnaire import Lang, Text

YES_NO: dict[bool, Text] = {
    True: Text(fr="Oui", en="Yes"),
    False: Text(fr="Non", en="No"),
}

CLASSIFICATION: dict[str, Text] = {
    "strength": Text(fr="Point fort", en="Strength"),
    "improvement": Text(fr="Axe d’amélioration", en="Area for improvement"),
    "neutral": Text(fr="Neutre", en="Neutral"),
}

DOSSIER_LEVEL: dict[str, Text] = {
    "signaler": Text(fr="à signaler", en="to mention"),
    "approfondir": Text(fr="à approfondir", en="to detail"),
    "actualiser": Text(fr="à actualiser", en="to update"),
}

PHASE: dict[str, Text] = {
    "projet": Text(fr="Projet", en="Project"),
    "prefiguration": Text(fr="Préfiguration", en="Pilot"),
    "fonctionnement": Text(fr="Fonctionnement", en="In operation"),
}

ACTION_STATUS: dict[str, Text] = {
    "planned": Text(fr="Prévue", en="Planned"),
    "in_progress": Text(fr="En cours", en="In progress"),
    "done": Text(fr="Réalisée", en="Done"),
    "abandoned": Text(fr="Abandonnée", en="Abandoned"),
}

ACTION_FIELD: dict[str, Text] = {
    "title": Text(fr="Titre", en="Title"),
    "item_ids": Text(fr="Critères visés", en="Criteria addressed"),
    "description": Text(fr="Description", en="Description"),
    "owner": Text(fr="Responsable", en="Owner"),
    "partners": Text(fr="Partenaires", en="Partners"),
    "start": Text(fr="Début", en="Start"),
    "due": Text(fr="Échéance", en="Due"),
    "status": Text(fr="Statut", en="Status"),
    "indicator": Text(fr="Indicateur de réussite", en="Success indicator"),
    "target": Text(fr="Cible", en="Target"),
    "result": Text(fr="Résultat", en="Result"),
    "completed_on": Text(fr="Réalisée le", en="Completed on"),
    "abandon_reason": Text(fr="Raison de l’abandon", en="Reason for abandoning"),
    "effectiveness": Text(fr="Efficacité", en="Effectiveness"),
    "feasibility": Text(fr="Faisabilité", en="Feasibility"),
    "priority": Text(fr="Priorité", en="Priority"),
    "continues": Text(fr="Suite de l’action", en="Continues action"),
}

# What became of an action of last year's plan (the review that opens 8.1.2).
REVIEW_OUTCOME: dict[str, Text] = {
    "done": Text(fr="Réalisée", en="Done"),
    "carried": Text(fr="Reprise cette année", en="Carried over this year"),
    "unfinished": Text(fr="Non terminée, non reprise", en="Unfinished, not carried over"),
    "abandoned": Text(fr="Abandonnée", en="Abandoned"),
}

SERIES: dict[str, Text] = {
    "cite": Text(fr="Cité", en="Cité"),
    "previous": Text(fr="Campagne précédente", en="Previous campaign"),
    "network": Text(fr="Médiane du réseau", en="Network median"),
}


def label(table: Mapping[Any, Text], key: Hashable, lang: Lang) -> str:
    """The label of `key` in `lang`; the key itself when the table does not know it."""
    text = table.get(key)
    return text(lang) if text is not None else str(key)
