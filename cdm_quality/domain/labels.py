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
    "item_ids": Text(fr="Items liés", en="Linked items"),
    "description": Text(fr="Description", en="Description"),
    "owner": Text(fr="Responsable", en="Owner"),
    "partners": Text(fr="Partenaires", en="Partners"),
    "start": Text(fr="Début", en="Start"),
    "due": Text(fr="Échéance", en="Due"),
    "status": Text(fr="Statut", en="Status"),
    "indicator": Text(fr="Indicateur de réussite", en="Success indicator"),
    "effectiveness": Text(fr="Efficacité", en="Effectiveness"),
    "feasibility": Text(fr="Faisabilité", en="Feasibility"),
    "priority": Text(fr="Priorité", en="Priority"),
    "continues": Text(fr="Suite de l’action", en="Continues action"),
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
