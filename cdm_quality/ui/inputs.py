"""One input widget per item kind, and the conversions between stored values and widget states.

An item has one or two answer widgets ("parts"): `value` for most kinds, `status` and `text`
for `status_text`. Stored value shapes are those of `cdm_quality.domain.answers`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from cdm_quality.domain import formats, narrative, table_rows
from cdm_quality.domain.answers import answer_text
from cdm_quality.domain.questionnaire import Item, ItemKind, Lang, Questionnaire
from cdm_quality.ui import editor_state, table_edits
from cdm_quality.ui.describe import value_label
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.text import (
    DATE_INPUT_FORMAT,
    escape_markdown,
    narrative_markdown,
    number_text,
    parse_number,
)

LONG_LABEL = 55  # characters: beyond this a pill cuts its label, so radios or a list are used
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
Callback = Callable[..., None]
NO_EDITS = editor_state.edits(None)


class InputError(ValueError):
    """The widgets hold something that cannot be saved yet; the message says what to do."""


def parts(item: Item) -> tuple[str, ...]:
    """The answer widgets of an item."""
    return WIDGETS[item.kind].parts


def to_widgets(item: Item, stored: Any) -> dict[str, Any]:
    """The widget state per part showing a stored value (None: unanswered)."""
    return WIDGETS[item.kind].fill(item, stored)


def from_widgets(item: Item, state: dict[str, Any]) -> Any:
    """The value to save from the widget state per part (None clears the answer)."""
    return WIDGETS[item.kind].read(item, state)


def _number_typed(item: Item, typed: object) -> int | float | None:
    """The number typed in the reader's notation (`2,5` in French); InputError otherwise, so
    that no other number than the one typed is ever saved."""
    text = str(typed or "").strip()
    if not text:
        return None
    try:
        number = parse_number(text)
    except ValueError:
        raise InputError(t("fill.not_a_number", typed=text, example=number_text(2.5))) from None
    if item.integer and number == int(number):
        return int(number)
    return number


def _status_text(status: str | None, text: str) -> dict[str, str] | None:
    if status is None and not text.strip():
        return None
    if status is None:
        raise InputError(t("fill.status_first"))
    return {"status": status, "text": text}


@dataclass(frozen=True)
class _Widget:
    """What every answer widget needs: the item, its key and the change callback's args."""

    q: Questionnaire
    item: Item
    lang: Lang
    key: str
    args: tuple[Any, ...]
    common: dict[str, Any]
    hidden: frozenset[str] = frozenset()  # scale levels not offered (e.g. "unchanged")
    part_key: Callable[[str], str] = str
    base_args: tuple[Any, ...] = ()

    def part(self, name: str) -> _Widget:
        """The widget of one part of the answer (a status and its text)."""
        return replace(self, key=self.part_key(name), args=(*self.base_args, name))

    @property
    def label(self) -> str:
        """The question as a widget label (labels render Markdown: escaped)."""
        return escape_markdown(self.item.text(self.lang))

    def format(self, value: Any) -> str:
        """An option as plain text (select lists show text as it is)."""
        return value_label(self.q, self.item, value, self.lang)

    def format_markdown(self, value: Any) -> str:
        """An option for pills and radios, which render Markdown: escaped."""
        return escape_markdown(self.format(value))


def render(
    q: Questionnaire,
    item: Item,
    lang: Lang,
    *,
    key: Callable[[str], str],
    disabled: bool,
    on_change: Callback,
    args: tuple[Any, ...],
    hidden: frozenset[str] = frozenset(),
) -> None:
    """The answer widget(s) of `item`; a change calls `on_change(*args, part)`. Levels in
    `hidden` are not offered (unless stored: a widget must show what it holds)."""
    common = {"disabled": disabled, "label_visibility": "collapsed", "on_change": on_change}
    first = WIDGETS[item.kind].parts[0]
    widget = _Widget(
        q, item, lang, key(first), (*args, first), common, hidden, part_key=key, base_args=args
    )
    WIDGETS[item.kind].draw(widget)


def _status(w: _Widget) -> None:
    """A status on the item's scale, then its text."""
    _choice(w.part("status"))
    _narrative(w)


def _choice(w: _Widget) -> None:
    """Rating, single choice, yes/no and a status: pills, one selected (click again: none);
    radios when a label is too long for a pill."""
    if w.item.kind is ItemKind.yes_no:
        options: list[Any] = [True, False]
    elif w.item.kind is ItemKind.single_choice:
        options = [o.id for o in w.item.options or []]
    else:
        scale = w.q.scale(w.item.scale)
        shown = st.session_state.get(w.key)
        options = [
            level
            for level in (scale.level_ids() if scale else [])
            if level not in w.hidden or level == shown
        ]
    if _long(w, options):
        st.radio(
            w.label,
            options,
            index=None,
            format_func=w.format_markdown,
            key=w.key,
            args=w.args,
            **w.common,
        )
        return
    st.pills(
        w.label,
        options,
        format_func=w.format_markdown,
        key=w.key,
        args=w.args,
        wrap=True,
        **w.common,
    )


def _long(w: _Widget, options: list[Any]) -> bool:
    return any(len(w.format(option)) > LONG_LABEL for option in options)


def _multiple(w: _Widget) -> None:
    """Pills, any number selected; a list to pick from when a label is too long for a pill."""
    options = [o.id for o in w.item.options or []]
    if _long(w, options):
        st.multiselect(
            w.label,
            options,
            format_func=w.format,
            placeholder=t("fill.choose"),
            select_all=False,  # Streamlit words it in English only
            key=w.key,
            args=w.args,
            **w.common,
        )
        return
    st.pills(
        w.label,
        options,
        selection_mode="multi",
        format_func=w.format_markdown,
        wrap=True,
        key=w.key,
        args=w.args,
        **w.common,
    )


def _short_text(w: _Widget) -> None:
    st.text_input(w.label, key=w.key, max_chars=w.item.max_length, args=w.args, **w.common)


def _long_text(w: _Widget) -> None:
    st.text_area(w.label, key=w.key, max_chars=w.item.max_length, args=w.args, **w.common)


def _entries(w: _Widget) -> None:
    st.text_area(w.label, key=w.key, placeholder=t("fill.one_per_line"), args=w.args, **w.common)
    st.caption(t("fill.entries_hint", count=w.item.max_entries))


def _number(w: _Widget) -> None:
    """A text field read in the reader's notation (a browser's number field reads `2,5` as 25
    in some locales): the decimal separator of the interface language, limits in the help."""
    item = w.item
    st.text_input(
        w.label,
        placeholder=item.unit(w.lang) if item.unit else None,
        help=_number_help(item),
        key=w.key,
        args=w.args,
        **w.common,
    )
    if item.unit:
        st.caption(escape_markdown(item.unit(w.lang)))


def _number_help(item: Item) -> str:
    kind = (
        t("fill.number_whole")
        if item.integer
        else t("fill.number_decimal", example=number_text(2.5))
    )
    limits = [
        t(key, value=number_text(bound))
        for key, bound in (("fill.number_min", item.min), ("fill.number_max", item.max))
        if bound is not None
    ]
    return " ".join([kind, *limits])


def _date(w: _Widget) -> None:
    st.date_input(
        w.label,
        value=None,
        min_value=EARLIEST,
        max_value=LATEST,
        format=DATE_INPUT_FORMAT,
        key=w.key,
        args=w.args,
        **w.common,
    )


def _table(w: _Widget) -> None:
    """A status, the table's rows in an editor (rows added and removed, typed cells; an edit
    is saved on the run it triggers, the editor kept), the totals, then a comment."""
    _choice(w.part("status"))
    st.space("xsmall")  # the editor's toolbar shows above its top edge: it would cover the status
    rows_widget = w.part("rows")
    editable = not w.common["disabled"]
    editor, base, rows = _table_rows(w.item, rows_widget, editable=editable)
    st.data_editor(
        table_edits.frame(w.item, base),
        key=editor,
        num_rows="dynamic" if editable else "fixed",
        disabled=not editable,
        hide_index=False,
        placeholder="",
        column_config=table_edits.column_config(w.item, w.lang),
        width="stretch",
    )
    for line in table_edits.total_lines(w.item, rows, w.lang):
        st.caption(escape_markdown(line))
    table_edits.chart(w.item, rows, w.lang, key=f"{rows_widget.key}.chart")
    _narrative(w)


def _table_rows(
    item: Item, w: _Widget, *, editable: bool
) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    """The editor's key, the rows it is drawn with and the rows it shows now. An edit not
    applied yet is applied to the rows (`w.key`) and saved (`w.common["on_change"]`); a new
    editor starts only when the rows were replaced from elsewhere (a colleague's answer
    taken, an earlier file's rows carried over), never after a save of its own edits."""
    editor = table_editor_key(w.key, st.session_state)
    base, state = st.session_state.get(f"{editor}.base"), st.session_state.get(editor)
    rows = list(st.session_state.get(w.key) or [])
    if base is None or state is None:  # not drawn on the last run
        return _fresh_editor(w.key, editor, rows), rows, rows
    edits = editor_state.edits(state)
    if editable and edits != st.session_state.get(f"{editor}.applied", NO_EDITS):
        rows = table_edits.apply(item, base, edits)  # edits are relative to what it was given
        st.session_state[w.key] = rows
        st.session_state[f"{editor}.applied"] = edits
        w.common["on_change"](*w.args)
    elif not table_edits.same_rows(item, table_edits.apply(item, base, edits), rows):
        return _fresh_editor(w.key, editor, rows), rows, rows
    return editor, base, rows


def editing(item: Item, key: Callable[[str], str]) -> bool:
    """Whether the item's table editor holds edits not applied yet (saved on this run)."""
    if item.kind is not ItemKind.table:
        return False
    editor = table_editor_key(key("rows"), st.session_state)
    state = st.session_state.get(editor)
    applied = st.session_state.get(f"{editor}.applied", NO_EDITS)
    return state is not None and editor_state.edits(state) != applied


def _narrative(w: _Widget) -> None:
    """The item's text, and how it will read when it uses the Markdown allowed
    (`domain.narrative`: paragraphs, lists, bold, italics, links)."""
    text = w.part("text")
    st.text_area(
        t("fill.text"),
        key=text.key,
        max_chars=w.item.max_length,
        args=text.args,
        help=t("fill.text_help"),
        **w.common | {"label_visibility": "visible"},
    )
    typed = str(st.session_state.get(text.key) or "")
    if narrative.has_markup(typed):
        with st.expander(t("fill.preview"), icon=":material/visibility:"):
            st.markdown(narrative_markdown(typed))


def table_editor_key(rows_key: str, state: Any) -> str:
    """The table editor's key now (`state`: the session state); it changes only when the rows
    it shows are replaced from elsewhere (a colleague's answer taken, rows carried over)."""
    return f"{rows_key}.editor.{state.get(f'{rows_key}.generation', 0)}"


def _fresh_editor(rows_key: str, old: str, rows: list[dict[str, Any]]) -> str:
    """A new editor (a new key) drawn with `rows`, holding no edit."""
    for kept in (f"{old}.base", f"{old}.applied"):
        st.session_state.pop(kept, None)
    generation = f"{rows_key}.generation"
    st.session_state[generation] = st.session_state.get(generation, 0) + 1
    editor = table_editor_key(rows_key, st.session_state)
    st.session_state[f"{editor}.base"] = rows
    return editor


# --- widget state <-> stored value, per kind ----------------------------------------------


def _fill_as_is(item: Item, stored: Any) -> dict[str, Any]:
    return {"value": stored}


def _read_as_is(item: Item, state: dict[str, Any]) -> Any:
    return state.get("value")


def _fill_text(item: Item, stored: Any) -> dict[str, Any]:
    return {"value": stored or ""}


def _read_text(item: Item, state: dict[str, Any]) -> Any:
    value = state.get("value")
    return value if value and value.strip() else None


def _fill_entries(item: Item, stored: Any) -> dict[str, Any]:
    return {"value": "\n".join(stored or [])}


def _read_entries(item: Item, state: dict[str, Any]) -> Any:
    entries = [line.strip() for line in (state.get("value") or "").splitlines() if line.strip()]
    return entries or None


def _fill_multiple(item: Item, stored: Any) -> dict[str, Any]:
    return {"value": list(stored or [])}


def _read_multiple(item: Item, state: dict[str, Any]) -> Any:
    value = state.get("value")
    return list(value) if value else None


def _fill_date(item: Item, stored: Any) -> dict[str, Any]:
    return {"value": dt.date.fromisoformat(stored) if stored else None}


def _read_date(item: Item, state: dict[str, Any]) -> Any:
    value = state.get("value")
    return value.isoformat() if isinstance(value, dt.date) else None


def _fill_number(item: Item, stored: Any) -> dict[str, Any]:
    return {"value": "" if stored is None else number_text(stored)}


def _read_number(item: Item, state: dict[str, Any]) -> Any:
    return _number_typed(item, state.get("value"))


def _fill_status(item: Item, stored: Any) -> dict[str, Any]:
    stored = stored if isinstance(stored, dict) else {}
    return {"status": stored.get("status"), "text": stored.get("text", "")}


def _read_status(item: Item, state: dict[str, Any]) -> Any:
    return _status_text(state.get("status"), state.get("text") or "")


def _fill_table(item: Item, stored: Any) -> dict[str, Any]:
    return _fill_status(item, stored) | {"rows": list((stored or {}).get("rows") or [])}


def _read_table(item: Item, state: dict[str, Any]) -> Any:
    status, text = state.get("status"), state.get("text") or ""
    rows = table_edits.typed_rows(item, state.get("rows") or [])
    if status is None and not text.strip() and not rows:
        return None
    if status is None:
        raise InputError(t("fill.status_first"))
    try:
        cleaned = table_rows.clean_rows(item, rows)
    except table_rows.CellError as exc:
        raise InputError(table_rows.cell_message(exc, current_lang())) from None
    return {"status": status, "text": text, "rows": cleaned}


@dataclass(frozen=True)
class Widgets:
    """The answer widgets of one item kind: drawn, filled from a stored value, read back.

    One entry per `ItemKind` (`tests/test_kinds.py` fails when a kind has none); what a valid
    value is and how it reads is `domain.answers.KINDS`."""

    draw: Callable[[_Widget], None]
    fill: Callable[[Item, Any], dict[str, Any]] = _fill_as_is
    read: Callable[[Item, dict[str, Any]], Any] = _read_as_is
    parts: tuple[str, ...] = ("value",)


WIDGETS: dict[ItemKind, Widgets] = {
    ItemKind.rating: Widgets(_choice),
    ItemKind.yes_no: Widgets(_choice),
    ItemKind.single_choice: Widgets(_choice),
    ItemKind.multiple_choice: Widgets(_multiple, _fill_multiple, _read_multiple),
    ItemKind.short_text: Widgets(_short_text, _fill_text, _read_text),
    ItemKind.long_text: Widgets(_long_text, _fill_text, _read_text),
    ItemKind.entries: Widgets(_entries, _fill_entries, _read_entries),
    ItemKind.number: Widgets(_number, _fill_number, _read_number),
    ItemKind.date: Widgets(_date, _fill_date, _read_date),
    ItemKind.status_text: Widgets(_status, _fill_status, _read_status, ("status", "text")),
    ItemKind.table: Widgets(_table, _fill_table, _read_table, ("status", "text", "rows")),
}


def value_text(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    """A stored value as one plain text (last year's answer, conflicts): the one formatter."""
    return answer_text(q, item, value, lang)


def iso_date_text(value: str) -> str:
    """A stored ISO date as the reader reads dates (`dd/mm/yyyy`)."""
    return formats.date(value, current_lang())
