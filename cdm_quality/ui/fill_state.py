"""The per-item save and conflict state of the questionnaire page (`ui.fill_view` draws it).

Every answer widget saves in its `on_change` callback (`changed`), with the version the user's
screen shows (`expected_version`). Outcomes are kept per item in `FillState`:
- saved: the widget is refreshed from what is stored (normalised value, version, who, when);
- refused: the message shows under the item and the typed value stays (`pending`), also
  after a change of section;
- conflict (a colleague saved since): both values show, the user keeps theirs (`keep_mine`)
  or takes the colleague's (`take_theirs`); nothing is written until they choose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from cdm_quality.domain.questionnaire import Item, Questionnaire
from cdm_quality.services import database, responses
from cdm_quality.services.errors import ConflictError, ServiceError
from cdm_quality.services.responses import AnswerView
from cdm_quality.ui import auth, inputs
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import t

STATE_KEY = "fill.state"

Key = tuple[int, str]  # (response id, item id)


@dataclass(frozen=True)
class Note:
    """The outcome of the last save of an item, shown under it."""

    ok: bool
    message: str = ""


@dataclass(frozen=True)
class Conflict:
    """A save refused because a colleague saved first: what each side wants."""

    mine: dict[str, Any]
    theirs: dict[str, Any]
    version: int
    changed_by: str
    changed_at: dt.datetime


@dataclass
class FillState:
    """Per session: the version each item's widgets show, unsaved input, notes, conflicts."""

    versions: dict[Key, int] = field(default_factory=dict)
    pending: dict[Key, dict[str, Any]] = field(default_factory=dict)
    notes: dict[Key, Note] = field(default_factory=dict)
    conflicts: dict[Key, Conflict] = field(default_factory=dict)
    resync: set[Key] = field(default_factory=set)
    questionnaires: dict[int, tuple[Questionnaire, str]] = field(default_factory=dict)
    missing: dict[int, list[str]] = field(default_factory=dict)
    submit_errors: dict[int, str] = field(default_factory=dict)


def state() -> FillState:
    """This session's FillState."""
    if STATE_KEY not in st.session_state:
        st.session_state[STATE_KEY] = FillState()
    return st.session_state[STATE_KEY]


def widget_key(rid: int, item_id: str, part: str) -> str:
    """The session key of one widget of an item (part: value, status, text, remark…)."""
    return f"fill.{rid}.{item_id}.{part}"


def section_key(rid: int) -> str:
    return f"fill.section.{rid}"


def take_over(rid: int, item_id: str, before: AnswerView, stored: AnswerView | None) -> None:
    """Save last year's value (and its remark and evidence where this year's are empty)."""
    item = item_of(rid, item_id)
    changes: dict[str, Any] = {"value": before.value}
    if item.remark and before.remark and not (stored and stored.remark):
        changes["remark"] = before.remark
    if item.evidence and before.evidence and not (stored and stored.evidence):
        changes["evidence"] = before.evidence
    save(rid, item, changes, typed={})


def item_of(rid: int, item_id: str) -> Item:
    q, _phase = state().questionnaires[rid]
    item = q.item(item_id)
    assert item is not None
    return item


def changed(rid: int, item_id: str, part: str) -> None:
    """on_change of any widget of an item: save that part at once."""
    item = item_of(rid, item_id)
    involved = inputs.parts(item) if part in inputs.parts(item) else (part,)
    typed = {p: st.session_state.get(widget_key(rid, item_id, p)) for p in involved}
    try:
        if part in ("remark", "evidence"):
            changes = {part: typed[part] or ""}
        else:
            changes = {"value": inputs.from_widgets(item, typed)}
    except inputs.InputError as exc:
        _refused(rid, item_id, typed, str(exc))
        return
    save(rid, item, changes, typed=typed)


def save(rid: int, item: Item, changes: dict[str, Any], *, typed: dict[str, Any]) -> None:
    """Save `changes` with the version on screen; note the outcome for the item."""
    fs, key = state(), (rid, item.id)
    current = auth.actor()
    if current is None:
        _refused(rid, item.id, typed, t("fill.signed_out"))
        return
    try:
        with database.session() as session:
            responses.save_answer(
                session,
                current,
                response_id=rid,
                item_id=item.id,
                expected_version=fs.versions.get(key, 0),
                **changes,
            )
    except ConflictError as exc:
        _conflict(rid, item.id, changes, typed, exc)
        return
    except ServiceError as exc:
        _refused(rid, item.id, typed, error_message(exc))
        return
    _saved(rid, item.id, typed)


def _saved(rid: int, item_id: str, typed: dict[str, Any]) -> None:
    fs, key = state(), (rid, item_id)
    left = {p: v for p, v in fs.pending.get(key, {}).items() if p not in typed}
    if left:
        fs.pending[key] = left
    else:
        fs.pending.pop(key, None)
    fs.notes[key] = Note(ok=True)
    fs.conflicts.pop(key, None)
    fs.versions.pop(key, None)
    fs.resync.add(key)
    st.toast(t("fill.saved_toast"), icon=":material/check_circle:")


def _refused(rid: int, item_id: str, typed: dict[str, Any], message: str) -> None:
    fs, key = state(), (rid, item_id)
    fs.pending.setdefault(key, {}).update(typed)
    fs.notes[key] = Note(ok=False, message=message)


def _conflict(
    rid: int, item_id: str, mine: dict[str, Any], typed: dict[str, Any], exc: ConflictError
) -> None:
    fs, key = state(), (rid, item_id)
    fs.pending.setdefault(key, {}).update(typed)
    fs.notes.pop(key, None)
    fs.conflicts[key] = Conflict(
        mine=mine,
        theirs={"value": exc.value, "remark": exc.remark, "evidence": exc.evidence},
        version=exc.version,
        changed_by=exc.changed_by,
        changed_at=exc.changed_at,
    )


def error_message(exc: ServiceError) -> str:
    """A refused save in the interface language."""
    return t("fill.refused", reason=error_text(exc))


def keep_mine(rid: int, item_id: str) -> None:
    """Save my version over the colleague's, knowingly (expected = their version)."""
    fs, key = state(), (rid, item_id)
    conflict = fs.conflicts[key]
    fs.versions[key] = conflict.version
    save(rid, item_of(rid, item_id), conflict.mine, typed=fs.pending.get(key, {}))


def take_theirs(rid: int, item_id: str) -> None:
    """Drop my unsaved input and show the colleague's answer."""
    fs, key = state(), (rid, item_id)
    fs.conflicts.pop(key, None)
    fs.pending.pop(key, None)
    fs.notes.pop(key, None)
    fs.resync.add(key)
