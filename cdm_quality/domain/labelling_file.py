"""The labelling file a Cité hands in: which items its phase asks, and how ready each is.

An item of the labelling-file plan (`questionnaires/dossier.yaml`) is asked in a phase when it
has a depth (`phase_levels`) there. Its state comes from the status the Cité gave it: missing
(no status, or "not started"), draft, ready, or unchanged since the last file. The file is
ready to hand in when every item asked is ready or unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from cdm_quality.domain.answers import UNCHANGED_STATUS, is_visible
from cdm_quality.domain.questionnaire import DossierLevel, Item, Phase, Questionnaire


class ItemState(StrEnum):
    missing = "missing"
    draft = "draft"
    ready = "ready"
    unchanged = "unchanged"


DONE: frozenset[ItemState] = frozenset({ItemState.ready, ItemState.unchanged})
DONE_STATUSES: tuple[str, ...] = ("pret", UNCHANGED_STATUS)  # the stored statuses of DONE
_BY_STATUS = {
    "brouillon": ItemState.draft,
    "pret": ItemState.ready,
    UNCHANGED_STATUS: ItemState.unchanged,
}


def item_state(value: Any) -> ItemState:
    """The state of one labelling-file answer (a status_text value, or None)."""
    status = value.get("status") if isinstance(value, Mapping) else None
    return _BY_STATUS.get(str(status), ItemState.missing)


def depth(item: Item, phase: Phase | str) -> DossierLevel | None:
    """The depth asked of the item in `phase`; None when the phase does not ask it."""
    return (item.phase_levels or {}).get(Phase(phase))


def asked_items(
    plan: Questionnaire, phase: Phase | str, values: Mapping[str, Any], opened: bool = False
) -> list[Item]:
    """The plan's items asked in `phase`, in the file's order."""
    return [
        item
        for item in plan.items()
        if depth(item, phase) is not None and is_visible(plan, item, values, phase, opened)
    ]


def readiness_percent(states: Sequence[ItemState]) -> float:
    """Share of the items asked that are ready or unchanged, 0–100 (100 when none is asked)."""
    if not states:
        return 100.0
    return 100 * sum(state in DONE for state in states) / len(states)
