"""The rows of a table item (labelling-file items such as 4.1 partners or 6.1 budget): what a
valid row is, cell by cell, and the totals a reader sees (computed, never typed).

A row is a mapping column id → cell: text (a string), number (int or float), integer and
year (int), choice (an option id of the column). An empty cell is None or absent; a row whose
cells are all empty is dropped. Rows are numbered from 1 in every message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cdm_quality.domain import formats, texts
from cdm_quality.domain.questionnaire import ColumnType, Item, Lang, TableColumn

YEARS = (1900, 2100)
Row = dict[str, Any]


@dataclass
class CellError(ValueError):
    """A cell refused: its row (from 1), its column, and why (`problem`, with `params`)."""

    row: int
    column: TableColumn
    problem: str  # required, not_number, not_whole, below_min, above_max, not_year, …
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column.id}: {self.problem} {self.params}"


def columns(item: Item) -> list[TableColumn]:
    return list(item.columns or [])


def is_empty(cell: Any) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def clean_rows(item: Item, rows: Any) -> list[Row]:
    """The rows to store: each cell checked and normalised, empty rows dropped; CellError
    (the first refused cell) or TypeError (not a list of mappings) otherwise."""
    if not isinstance(rows, Sequence) or isinstance(rows, str):
        raise TypeError("rows")
    cleaned = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping) or set(row) - {c.id for c in columns(item)}:
            raise TypeError("row")
        if all(is_empty(cell) for cell in row.values()):
            continue
        cleaned.append({c.id: clean_cell(c, row.get(c.id), number) for c in columns(item)})
    if len(cleaned) > item.max_rows:
        raise TypeError("too many rows")
    return cleaned


def clean_cell(column: TableColumn, cell: Any, row: int) -> Any:
    """One cell as stored (None when empty), or CellError."""
    if is_empty(cell):
        if column.required:
            raise CellError(row, column, "required")
        return None
    kind = column.type
    if kind is ColumnType.text:
        return _text(column, cell, row)
    if kind is ColumnType.choice:
        if cell not in [o.id for o in column.options or []]:
            raise CellError(row, column, "not_option", {"value": cell})
        return cell
    return _number(column, cell, row)


def _text(column: TableColumn, cell: Any, row: int) -> str:
    text = str(cell) if isinstance(cell, int | float) and not isinstance(cell, bool) else cell
    if not isinstance(text, str) or "\x00" in text:
        raise CellError(row, column, "not_text")
    text = "".join(ch for ch in text if ch in "\t\n" or ch >= " ").strip()
    if len(text) > column.max_length:
        raise CellError(row, column, "too_long", {"length": len(text), "max": column.max_length})
    return text


def _number(column: TableColumn, cell: Any, row: int) -> int | float:
    if isinstance(cell, bool) or not isinstance(cell, int | float) or not math.isfinite(cell):
        raise CellError(row, column, "not_number", {"value": cell})
    whole = column.type in (ColumnType.integer, ColumnType.year)
    if whole and float(cell) != int(cell):
        raise CellError(row, column, "not_whole", {"value": cell})
    if column.type is ColumnType.year and not YEARS[0] <= cell <= YEARS[1]:
        raise CellError(row, column, "not_year", {"value": cell, "min": YEARS[0], "max": YEARS[1]})
    if column.min is not None and cell < column.min:
        raise CellError(row, column, "below_min", {"value": cell, "min": column.min})
    if column.max is not None and cell > column.max:
        raise CellError(row, column, "above_max", {"value": cell, "max": column.max})
    return int(cell) if whole else float(cell)


@dataclass(frozen=True)
class Total:
    """The sum of a column over the rows, for one value of its `total_by` column ("" when
    the column is not split)."""

    column: TableColumn
    key: str
    amount: float
    by: TableColumn | None = None  # the column `key` is a value of


def totals(item: Item, rows: Sequence[Mapping[str, Any]]) -> list[Total]:
    """The totals of every `total` column, per value of its `total_by` column, in first-seen
    order; none when no row has a number there."""
    found: list[Total] = []
    by_id = {c.id: c for c in columns(item)}
    for column in columns(item):
        if not column.total:
            continue
        by = by_id.get(column.total_by or "")
        sums: dict[str, float] = {}
        for row in rows:
            amount = row.get(column.id)
            if isinstance(amount, int | float) and not isinstance(amount, bool):
                key = str(row.get(column.total_by) or "") if column.total_by else ""
                sums[key] = sums.get(key, 0.0) + amount
        found += [Total(column, key, amount, by) for key, amount in sums.items()]
    return found


def cell_text(column: TableColumn, cell: Any, lang: Lang) -> str:
    """One cell as a reader reads it: an option's label, a number in the reader's notation
    with its unit, a year as is; "" when empty."""
    if is_empty(cell):
        return ""
    if column.type is ColumnType.choice:
        return column.option_label(cell, lang)
    if column.type is ColumnType.year or not isinstance(cell, int | float):
        return str(cell)
    unit = f" {column.unit(lang)}" if column.unit else ""
    return f"{formats.number(cell, lang)}{unit}"


def heading(column: TableColumn, lang: Lang) -> str:
    """A column's title in `lang`, with its unit."""
    return f"{column.label(lang)} ({column.unit(lang)})" if column.unit else column.label(lang)


def total_text(total: Total, lang: Lang) -> str:
    """One total as a reader reads it (page and PDF): "Total Amount (EUR): 12 500"."""
    amount = formats.number(total.amount, lang)
    label = total.column.label(lang)
    if total.key:
        key = cell_text(total.by, total.key, lang) if total.by else total.key
        return texts.text("table.total_by", lang, column=label, key=key, amount=amount)
    return texts.text("table.total", lang, column=label, amount=amount)


def cell_message(error: CellError, lang: Lang) -> str:
    """A refused cell in `lang`: its row, its column and what to do."""
    params = {k: _shown(error.column, v, lang) for k, v in error.params.items()}
    reason = texts.text(f"table.problem.{error.problem}", lang, **params)
    return texts.text(
        "table.bad_cell", lang, row=error.row, column=error.column.label(lang), reason=reason
    )


def _shown(column: TableColumn, value: Any, lang: Lang) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value, lang) if column.type is not ColumnType.year else str(value)
    return cell_text(column, value, lang) or str(value)


@dataclass(frozen=True)
class ChartBars:
    """What a table item's chart shows: bar labels in first-seen order, series names, and
    label → series → value (summed)."""

    labels: list[str]
    series: list[str]
    values: dict[str, dict[str, float]]

    @property
    def largest(self) -> float:
        return max((v for row in self.values.values() for v in row.values()), default=0.0)


def chart_bars(item: Item, rows: Sequence[Mapping[str, Any]], lang: Lang) -> ChartBars | None:
    """The sums the item's chart draws (None: no chart, or nothing to draw)."""
    spec = item.chart
    if spec is None:
        return None
    by_id = {c.id: c for c in columns(item)}
    labels: list[str] = []
    series: list[str] = []
    values: dict[str, dict[str, float]] = {}
    for row in rows:
        label = cell_text(by_id[spec.by], row.get(spec.by), lang) if spec.by in by_id else ""
        amount = row.get(spec.value) if spec.value else 1
        if not label or isinstance(amount, bool) or not isinstance(amount, int | float):
            continue
        column = by_id.get(spec.series or "")
        name = cell_text(column, row.get(column.id), lang) if column else ""
        labels += [label] if label not in labels else []
        series += [name] if name not in series else []
        sums = values.setdefault(label, {})
        sums[name] = sums.get(name, 0.0) + amount
    if spec.series:
        series.sort()  # years (or names) in order
    return ChartBars(labels, series, values) if labels else None
