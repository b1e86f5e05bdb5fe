"""Answer values: for each item kind, the one place that says what a valid value is and how a
reader sees it (`KINDS`).

Stored (JSON) value per kind:
- rating: a level id of the item's scale (or its not-applicable id)
- yes_no: true / false
- single_choice: an option id; multiple_choice: a list of distinct option ids
- short_text / long_text: a string; list: a list of non-empty strings
- number: a number within min/max (an int when `integer`)
- date: an ISO date string "YYYY-MM-DD"
- status_text: {"status": level id, "text": string}, plus "since": an ISO date when the text
  was carried forward unchanged from an earlier file (status "inchange")
- table: a status_text with "rows": a list of rows, each column id → cell
  (`domain.table_rows`)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cdm_quality.domain import formats, labels, table_rows
from cdm_quality.domain.questionnaire import (
    DossierLevel,
    Item,
    ItemKind,
    Lang,
    Phase,
    Questionnaire,
)

MAX_REMARK = 10_000
MAX_EVIDENCE = 2_000


class AnswerError(ValueError):
    """A value refused for an item: `.code` names the refusal (`answer.…`, worded in the
    interface's error catalogue) and `.params` fill its text in."""

    def __init__(self, item_id: str, code: str, /, **params: Any) -> None:
        super().__init__(f"{item_id}: {code} {params}" if params else f"{item_id}: {code}")
        self.item_id = item_id
        self.code = code
        self.params = params
        self.message = str(self)


def clean_text(value: Any, *, item_id: str, max_length: int, what: str = "text") -> str:
    """A string without NUL or other control characters (tabs and newlines kept)."""
    if not isinstance(value, str):
        raise AnswerError(item_id, "answer.not_text", what=what)
    if "\x00" in value:
        raise AnswerError(item_id, "answer.nul", what=what)
    if not value.isascii() and any("\ud800" <= ch <= "\udfff" for ch in value):
        raise AnswerError(item_id, "answer.bad_character", what=what)
    if len(value) > max_length:
        raise AnswerError(item_id, "answer.too_long", what=what, length=len(value), max=max_length)
    return "".join(ch for ch in value if ch in "\t\n\r" or ch >= " ").replace("\r\n", "\n")


def validate_value(questionnaire: Questionnaire, item: Item, value: Any) -> Any:
    """Return the normalised value to store, or raise AnswerError. None clears the answer."""
    if value is None:
        return None
    return KINDS[item.kind].check(questionnaire, item, value)


def _rating(q: Questionnaire, item: Item, value: Any) -> str:
    scale = q.scale(item.scale)
    allowed = scale.level_ids() if scale else []
    if not isinstance(value, str) or value not in allowed:
        raise AnswerError(item.id, "answer.not_level")
    return value


def _yes_no(q: Questionnaire, item: Item, value: Any) -> bool:
    if not isinstance(value, bool):
        raise AnswerError(item.id, "answer.not_yes_no")
    return value


def _option_ids(item: Item) -> list[str]:
    return [o.id for o in item.options or []]


def _single(q: Questionnaire, item: Item, value: Any) -> str:
    if not isinstance(value, str) or value not in _option_ids(item):
        raise AnswerError(item.id, "answer.not_option")
    return value


def _multiple(q: Questionnaire, item: Item, value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise AnswerError(item.id, "answer.not_option")
    unknown = [v for v in value if v not in _option_ids(item)]
    if unknown:
        raise AnswerError(item.id, "answer.not_option")
    return [o for o in _option_ids(item) if o in value]


def _text(q: Questionnaire, item: Item, value: Any) -> str:
    return clean_text(value, item_id=item.id, max_length=item.max_length)


def _number(q: Questionnaire, item: Item, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value):
        raise AnswerError(item.id, "answer.not_number")
    if item.integer and float(value) != int(value):
        raise AnswerError(item.id, "answer.not_whole", value=value)
    if item.min is not None and value < item.min:
        raise AnswerError(item.id, "answer.below_min", value=value, min=item.min)
    if item.max is not None and value > item.max:
        raise AnswerError(item.id, "answer.above_max", value=value, max=item.max)
    return int(value) if item.integer else float(value)


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond the float range
        return False


def _date(q: Questionnaire, item: Item, value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        if isinstance(value, str):
            return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    raise AnswerError(item.id, "answer.not_date")


def _entries(q: Questionnaire, item: Item, value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        raise AnswerError(item.id, "answer.not_entries")
    if len(value) > item.max_entries:
        raise AnswerError(
            item.id, "answer.too_many_entries", count=len(value), max=item.max_entries
        )
    cleaned = [clean_text(v, item_id=item.id, max_length=item.max_length) for v in value]
    return [v.strip() for v in cleaned if v.strip()]


def _status_text(q: Questionnaire, item: Item, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping) or set(value) - {"status", "text", "since"}:
        raise AnswerError(item.id, "answer.not_status")
    status = _rating(q, item, value.get("status"))
    text = clean_text(value.get("text", ""), item_id=item.id, max_length=item.max_length)
    if value.get("since") is None:
        return {"status": status, "text": text}
    return {"status": status, "text": text, "since": _date(q, item, value["since"])}


def _table(q: Questionnaire, item: Item, value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping) or set(value) - {"status", "text", "since", "rows"}:
        raise AnswerError(item.id, "answer.not_table")
    checked = _status_text(q, item, {k: v for k, v in value.items() if k != "rows"})
    try:
        rows = table_rows.clean_rows(item, value.get("rows") or [])
    except table_rows.CellError as exc:
        raise AnswerError(
            item.id, "answer.table_cell", row=exc.row, column=exc.column.id, problem=exc.problem
        ) from None
    except TypeError:
        raise AnswerError(item.id, "answer.not_table") from None
    return {**checked, "rows": rows}


# --- how a reader sees an answer ----------------------------------------------------------


def _show_level(q: Questionnaire, item: Item, level_id: Any, lang: Lang) -> str:
    scale = q.scale(item.scale)
    if scale and scale.not_applicable and level_id == scale.not_applicable.id:
        return scale.not_applicable.label(lang)
    level = scale.level(level_id) if scale else None
    return level.label(lang) if level else str(level_id)


def _show_yes_no(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    return labels.label(labels.YES_NO, bool(value), lang)


def _show_options(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    chosen = value if isinstance(value, list) else [value]
    options = {o.id: o.label(lang) for o in item.options or []}
    return ", ".join(options.get(v, str(v)) for v in chosen)


def _show_number(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    unit = f" {item.unit(lang)}" if item.unit else ""
    shown = formats.number(value, lang) if isinstance(value, int | float) else str(value)
    return f"{shown}{unit}"


def _show_date(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    return formats.date(value, lang)


def _show_entries(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    return "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _show_status(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    if not isinstance(value, Mapping):
        return str(value)
    status = _show_level(q, item, value.get("status"), lang)
    text = str(value.get("text") or "").strip()
    return f"{status} — {text}" if text else status


def _show_table(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    """The status, one line per row (cells joined by " · "), then the text."""
    if not isinstance(value, Mapping):
        return str(value)
    lines = [_show_level(q, item, value.get("status"), lang)]
    for row in value.get("rows") or []:
        cells = (table_rows.cell_text(c, row.get(c.id), lang) for c in item.columns or [])
        lines.append(" · ".join(cell for cell in cells if cell))
    text = str(value.get("text") or "").strip()
    return "\n".join([*lines, text] if text else lines)


def _show_text(q: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    return str(value).strip()


# --- one entry per item kind -------------------------------------------------------------


@dataclass(frozen=True)
class KindSpec:
    """What the product does with the answers of one item kind.

    A new kind needs: a member of `ItemKind`, an entry here, a widget in `ui/inputs.WIDGETS`, a
    name in the catalogue (`kind.<id>`) and a value in the demo; `tests/domain/test_kinds.py`
    fails when one is missing. Scored kinds are `questionnaire.SCORED_KINDS` (the model's)."""

    check: Callable[[Questionnaire, Item, Any], Any]  # the value to store, or AnswerError
    show: Callable[[Questionnaire, Item, Any, Lang], str]  # the answer as a reader sees it
    keyed: bool = False  # one of a known set of values, aggregated in SQL (services.scores.keys)


KINDS: dict[ItemKind, KindSpec] = {
    ItemKind.rating: KindSpec(_rating, _show_level, keyed=True),
    ItemKind.yes_no: KindSpec(_yes_no, _show_yes_no, keyed=True),
    ItemKind.single_choice: KindSpec(_single, _show_options, keyed=True),
    ItemKind.multiple_choice: KindSpec(_multiple, _show_options),
    ItemKind.short_text: KindSpec(_text, _show_text),
    ItemKind.long_text: KindSpec(_text, _show_text),
    ItemKind.number: KindSpec(_number, _show_number),
    ItemKind.date: KindSpec(_date, _show_date),
    ItemKind.entries: KindSpec(_entries, _show_entries),
    ItemKind.status_text: KindSpec(_status_text, _show_status),
    ItemKind.table: KindSpec(_table, _show_table),
}


def answer_text(questionnaire: Questionnaire, item: Item, value: Any, lang: Lang) -> str:
    """An answer as a reader sees it (the one formatter of pages and PDF): level or option
    labels, yes/no, a number with its unit, a date, the text itself; "—" when unanswered."""
    if not is_answered(value):
        return "—"
    return KINDS[item.kind].show(questionnaire, item, value, lang)


UNCHANGED_STATUS = "inchange"  # labelling-file items: "unchanged since the last file"


def asks_update(item: Item, phase: Phase | str) -> bool:
    """Whether the labelling-file item is *à actualiser* in `phase` (so may stay unchanged)."""
    return (item.phase_levels or {}).get(Phase(phase)) is DossierLevel.actualiser


def carried_forward(previous: Any, saved_on: dt.date) -> dict[str, Any] | None:
    """The answer "unchanged since the last file": the earlier file's text (and a table's
    rows), dated from when it was written (`saved_on`, the writer's local date; kept from the
    first file when it was already carried forward); None when the earlier answer holds
    neither text nor rows."""
    if not isinstance(previous, Mapping):
        return None
    text, rows = str(previous.get("text") or ""), list(previous.get("rows") or [])
    if not text.strip() and not rows:
        return None
    since = previous.get("since") or saved_on.isoformat()
    carried: dict[str, Any] = {"status": UNCHANGED_STATUS, "text": text, "since": since}
    return carried | {"rows": rows} if "rows" in previous else carried


def same_content(value: Any, carried: Mapping[str, Any]) -> bool:
    """Whether an answer holds the carried text and rows unchanged (its date aside)."""
    if not isinstance(value, Mapping):
        return False
    return str(value.get("text") or "") == carried["text"] and list(
        value.get("rows") or []
    ) == list(carried.get("rows") or [])


def is_unchanged(value: Any) -> bool:
    """Whether an answer says "unchanged since the last file"."""
    return isinstance(value, Mapping) and value.get("status") == UNCHANGED_STATUS


def check_unchanged(item: Item, value: Any, phase: Phase | str) -> None:
    """Refuse "unchanged since the last file" for an item not *à actualiser* in `phase`."""
    if not isinstance(value, Mapping) or value.get("status") != UNCHANGED_STATUS:
        return
    if not asks_update(item, phase):
        raise AnswerError(item.id, "answer.unchanged_not_to_update")


def is_answered(value: Any) -> bool:
    """True when a value counts as an answer (empty text or list does not)."""
    if value is None:
        return False
    if isinstance(value, str | list | tuple):
        return len(value) > 0 and (not isinstance(value, str) or value.strip() != "")
    return True


def share_answered(answered: int, asked: int) -> float:
    """Progress of a questionnaire or a section: questions answered over questions asked, 0–1
    (0 when nothing is asked). The one figure the follow-up, its exports and the overview show."""
    return answered / asked if asked > 0 else 0.0


def is_visible(
    questionnaire: Questionnaire,
    item: Item,
    answers: Mapping[str, Any],
    phase: Phase | str | None,
    opened: bool = False,
) -> bool:
    """Whether the item is shown to a Cité in `phase` (open to the public or not), given the
    answers so far."""
    section = questionnaire.section_of(item.id)
    if (section and not section.applies_to(phase, opened)) or not item.applies_to(phase, opened):
        return False
    cond = item.visible_if
    if cond is None:
        return True
    other = questionnaire.item(cond.item)
    if other is None or not is_visible(questionnaire, other, answers, phase, opened):
        return False
    value = answers.get(cond.item)
    expected = cond.expected()
    if expected is None:
        return is_answered(value)
    if isinstance(value, list):
        return any(v in expected for v in value)
    if isinstance(value, Mapping):
        value = value.get("status")
    return value in expected


def missing_required(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    phase: Phase | str | None,
    opened: bool = False,
) -> list[Item]:
    """Required items visible to this Cité that have no answer yet, in questionnaire order."""
    return [
        item
        for item in questionnaire.items()
        if item.required
        and is_visible(questionnaire, item, answers, phase, opened)
        and not is_answered(answers.get(item.id))
    ]
