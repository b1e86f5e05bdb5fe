"""The per-item save and conflict state of the questionnaire page (`ui.fill_view` draws it).

Every answer widget saves in its `on_change` callback (`changed`), with the version the user's
screen shows (`expected_version`). Outcomes are kept per item in `FillState`:
- saved: the widget is refreshed from what is stored (normalised value, version, who, when);
- refused: the message shows under the item and the typed value stays (`pending`), also
  after a change of section;
- conflict (a colleague saved since): both values show, the user keeps theirs (`keep_mine`)
  or takes the colleague's (`take_theirs`); nothing is written until they choose.

Each question is a fragment (`fill_view.item_fragment`): a save reruns that question alone,
drawn from what the save acknowledged (`FillState.saved`), with no read. Only when the answer
moves the rest of the page (a question answered or cleared: progress, counts, what is missing;
or a question shown on a condition on it) does the question ask for the whole page
(`FillState.whole_page`); anything else run inside the question (the team's ratings, the
authority's notes, attachments, a confirmation) reruns the whole page once it is drawn. A
widget's session value is written only when it must change, so a rerun never sends a field
back over what is being typed in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from cdm_quality.domain.answers import is_answered
from cdm_quality.domain.questionnaire import Item, Questionnaire
from cdm_quality.services import database, responses
from cdm_quality.services.errors import ConflictError, ServiceError
from cdm_quality.services.responses import AnswerView, SavedAnswer
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
    saved: dict[Key, AnswerView] = field(default_factory=dict)  # newer than the page's read
    values: dict[int, dict[str, Any]] = field(default_factory=dict)  # as the page counts them
    whole_page: set[int] = field(default_factory=set)  # responses whose page must rerun whole
    answered: set[Key] = field(default_factory=set)  # items whose answer widgets just ran
    drawing_page: bool = False  # the whole page is being drawn (not one question alone)

    def answer(self, key: Key, read: AnswerView | None) -> AnswerView | None:
        """The newer of the answer the page read and the one a save acknowledged since."""
        saved = self.saved.get(key)
        if saved is None or (read is not None and read.version >= saved.version):
            return read
        return saved


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
            saved = responses.save_answer(
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
    _saved(rid, item.id, typed, saved)


def _saved(rid: int, item_id: str, typed: dict[str, Any], saved: SavedAnswer) -> None:
    fs, key = state(), (rid, item_id)
    fs.answered.add(key)
    _now_shows(rid, saved.view())
    left = {p: v for p, v in fs.pending.get(key, {}).items() if p not in typed}
    if left:
        fs.pending[key] = left
    else:
        fs.pending.pop(key, None)
    fs.notes[key] = Note(ok=True)
    fs.conflicts.pop(key, None)
    # the screen shows this version now: a table's save runs while the page is drawn, and the
    # next change's callback runs before the next draw could read it (it met its own save)
    fs.versions[key] = saved.version
    fs.resync.add(key)
    st.toast(t("fill.saved_toast"), icon=":material/check_circle:")


def _refused(rid: int, item_id: str, typed: dict[str, Any], message: str) -> None:
    fs, key = state(), (rid, item_id)
    fs.answered.add(key)
    fs.pending.setdefault(key, {}).update(typed)
    fs.notes[key] = Note(ok=False, message=message)


def _conflict(
    rid: int, item_id: str, mine: dict[str, Any], typed: dict[str, Any], exc: ConflictError
) -> None:
    fs, key = state(), (rid, item_id)
    fs.answered.add(key)
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
    conflict = fs.conflicts.pop(key)
    fs.answered.add(key)
    theirs = conflict.theirs
    _now_shows(
        rid,
        AnswerView(
            item_id=item_id,
            value=theirs.get("value"),
            remark=theirs.get("remark") or "",
            evidence=theirs.get("evidence") or "",
            version=conflict.version,
            saved_at=conflict.changed_at,
            saved_by=conflict.changed_by,
            saved_by_id=None,
        ),
    )
    fs.pending.pop(key, None)
    fs.notes.pop(key, None)
    fs.resync.add(key)


def _now_shows(rid: int, answer: AnswerView) -> None:
    """Keep `answer` as the item's newest; ask for the whole page when it moves the rest of
    the page: answered or cleared (progress, counts, what is missing), or the condition of
    another question."""
    fs = state()
    fs.saved[(rid, answer.item_id)] = answer
    values = fs.values.setdefault(rid, {})
    before = values.get(answer.item_id)
    values[answer.item_id] = answer.value
    if is_answered(before) != is_answered(answer.value) or _conditions_on(rid, answer.item_id):
        fs.whole_page.add(rid)


def _conditions_on(rid: int, item_id: str) -> bool:
    """Whether another question of the response is shown on a condition on `item_id`."""
    q, _phase = state().questionnaires[rid]
    return any(i.visible_if is not None and i.visible_if.item == item_id for i in q.items())
