"""One input widget per item kind, and the conversions between stored values and widget states.

An item has one or two answer widgets ("parts"): `value` for most kinds, `status` and `text`
for `status_text`. Stored value shapes are those of `cdm_quality.domain.answers`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from cdm_quality.domain.questionnaire import Item, ItemKind, Lang, Questionnaire
from cdm_quality.ui.describe import value_label
from cdm_quality.ui.i18n import t
from cdm_quality.ui.text import date_text, escape_markdown, number_text, parse_number

LONG_LABEL = 55  # characters: beyond this a pill cuts its label, so radios or a list are used
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
Callback = Callable[..., None]


class InputError(ValueError):
    """The widgets hold something that cannot be saved yet; the message says what to do."""


def parts(item: Item) -> tuple[str, ...]:
    """The answer widgets of an item."""
    return ("status", "text") if item.kind is ItemKind.status_text else ("value",)


def to_widgets(item: Item, stored: Any) -> dict[str, Any]:
    """The widget state per part showing a stored value (None: unanswered)."""
    kind = item.kind
    if kind is ItemKind.status_text:
        stored = stored if isinstance(stored, dict) else {}
        return {"status": stored.get("status"), "text": stored.get("text", "")}
    if kind in (ItemKind.short_text, ItemKind.long_text):
        return {"value": stored or ""}
    if kind is ItemKind.entries:
        return {"value": "\n".join(stored or [])}
    if kind is ItemKind.multiple_choice:
        return {"value": list(stored or [])}
    if kind is ItemKind.date:
        return {"value": dt.date.fromisoformat(stored) if stored else None}
    if kind is ItemKind.number:
        return {"value": "" if stored is None else number_text(stored)}
    return {"value": stored}


def from_widgets(item: Item, state: dict[str, Any]) -> Any:
    """The value to save from the widget state per part (None clears the answer)."""
    kind = item.kind
    if kind is ItemKind.status_text:
        return _status_text(state.get("status"), state.get("text") or "")
    value = state.get("value")
    if kind in (ItemKind.short_text, ItemKind.long_text):
        return value if value and value.strip() else None
    if kind is ItemKind.entries:
        entries = [line.strip() for line in (value or "").splitlines() if line.strip()]
        return entries or None
    if kind is ItemKind.multiple_choice:
        return list(value) if value else None
    if kind is ItemKind.date:
        return value.isoformat() if isinstance(value, dt.date) else None
    if kind is ItemKind.number:
        return _number_typed(item, value)
    return value


def _number_typed(item: Item, typed: Any) -> int | float | None:
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
    if item.kind is ItemKind.status_text:
        _choice(_Widget(q, item, lang, key("status"), (*args, "status"), common, hidden))
        text = _Widget(q, item, lang, key("text"), (*args, "text"), common)
        st.text_area(
            t("fill.text"),
            key=text.key,
            max_chars=item.max_length,
            args=text.args,
            **common | {"label_visibility": "visible"},
        )
        return
    _RENDERERS[item.kind](_Widget(q, item, lang, key("value"), (*args, "value"), common))


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
        format="DD/MM/YYYY",
        key=w.key,
        args=w.args,
        **w.common,
    )


_RENDERERS: dict[ItemKind, Callable[[_Widget], None]] = {
    ItemKind.rating: _choice,
    ItemKind.yes_no: _choice,
    ItemKind.single_choice: _choice,
    ItemKind.multiple_choice: _multiple,
    ItemKind.short_text: _short_text,
    ItemKind.long_text: _long_text,
    ItemKind.entries: _entries,
    ItemKind.number: _number,
    ItemKind.date: _date,
}


def value_text(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    """A stored value as one plain text (for last year's answer and conflicts)."""
    if value is None:
        return "—"
    if item.kind is ItemKind.status_text and isinstance(value, dict):
        status = value_label(q, item, value.get("status"), lang)
        text = value.get("text") or ""
        return f"{status} — {text}" if text else status
    if isinstance(value, list):
        labels = [value_label(q, item, v, lang) for v in value]
        return "; ".join(labels) if item.kind is ItemKind.multiple_choice else "\n".join(labels)
    if item.kind is ItemKind.number and isinstance(value, int | float):
        unit = f" {item.unit(lang)}" if item.unit else ""
        return f"{number_text(value, lang)}{unit}"
    if item.kind is ItemKind.date and isinstance(value, str):
        return iso_date_text(value)
    return value_label(q, item, value, lang)


def iso_date_text(value: str) -> str:
    """A stored ISO date as the reader reads dates (`dd/mm/yyyy`)."""
    try:
        return date_text(dt.date.fromisoformat(value))
    except ValueError:
        return value
