"""A table item in `st.data_editor`: the rows as a typed frame, the editor's edits applied to
the rows it was given, cells read back as plain values, a refused cell worded for the reader.

The editor keeps the user's edits (changed cells, added rows, deleted rows) in its session
state, relative to the rows it was drawn with (`ui.editor_state`); `ui.inputs` applies them
on the run they trigger and saves, and keeps the same editor until its rows are replaced from
elsewhere (a colleague's answer taken, an earlier file's rows carried over).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from cdm_quality.domain import table_rows
from cdm_quality.domain.questionnaire import ColumnType, Item, Lang, TableColumn
from cdm_quality.reports import charts
from cdm_quality.ui.tables import show_chart
from cdm_quality.ui.text import escape_markdown

Row = dict[str, Any]
_DTYPES = {
    ColumnType.number: "Float64",
    ColumnType.integer: "Int64",
    ColumnType.year: "Int64",
}


def apply(item: Item, rows: list[Row], edits: Mapping[str, Any]) -> list[Row]:
    """The rows after the editor's edits: cells changed, rows added at the end, rows deleted
    (positions count from 0 in the rows the editor was given)."""
    known = {c.id for c in item.columns or []}
    result = [dict(row) for row in rows]
    for position, changes in (edits.get("edited_rows") or {}).items():
        if 0 <= int(position) < len(result):
            result[int(position)].update({k: v for k, v in changes.items() if k in known})
    for added in edits.get("added_rows") or []:
        result.append({k: v for k, v in added.items() if k in known})
    deleted = {int(p) for p in edits.get("deleted_rows") or []}
    return [row for position, row in enumerate(result) if position not in deleted]


def same_rows(item: Item, shown: list[Row], stored: list[Row]) -> bool:
    """Whether the rows shown are the rows stored, as a save stores them (blank rows dropped,
    text trimmed): a save of what is shown does not replace it."""
    return _as_saved(item, shown) == _as_saved(item, stored)


def _as_saved(item: Item, rows: list[Row]) -> list[Row]:
    trimmed = [
        {
            name: (cell.strip() or None) if isinstance(cell, str) else cell
            for name, cell in row.items()
        }
        for row in typed_rows(item, rows)
    ]
    return [row for row in trimmed if any(cell is not None for cell in row.values())]


def typed_rows(item: Item, rows: list[Row]) -> list[Row]:
    """The rows with every cell a plain value (no NaN, no numpy number), blank cells None."""
    return [{c.id: _plain(row.get(c.id)) for c in item.columns or []} for row in rows]


def _plain(cell: Any) -> Any:
    if cell is None or cell is pd.NA:
        return None
    if hasattr(cell, "item") and not isinstance(cell, str):  # a numpy scalar
        cell = cell.item()
    if isinstance(cell, float) and math.isnan(cell):
        return None
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return int(cell)
    return cell


def frame(item: Item, rows: list[Row]) -> pd.DataFrame:
    """The rows as the editor shows them, numbered from 1 (the numbers messages use)."""
    columns = list(item.columns or [])
    data = pd.DataFrame(typed_rows(item, rows), columns=[c.id for c in columns])
    for column in columns:
        dtype = _DTYPES.get(column.type, "object")
        if dtype != "object":
            data[column.id] = pd.to_numeric(data[column.id], errors="coerce").astype(dtype)
        else:
            data[column.id] = data[column.id].astype("object")
    data.index = pd.RangeIndex(1, len(data) + 1)
    return data


def column_config(item: Item, lang: Lang) -> dict[str, Any]:
    """One typed editing widget per column, titled in `lang`."""
    config = st.column_config
    found: dict[str, Any] = {}
    for column in item.columns or []:
        title = table_rows.heading(column, lang)
        if column.type is ColumnType.choice:
            names = {o.id: o.label(lang) for o in column.options or []}
            found[column.id] = config.SelectboxColumn(
                title,
                options=list(names),
                format_func=functools.partial(_option_label, names),
            )
        elif column.type is ColumnType.text:
            found[column.id] = config.TextColumn(title, max_chars=column.max_length)
        else:
            found[column.id] = config.NumberColumn(title, **_number_options(column))
    return found


def _number_options(column: TableColumn) -> dict[str, Any]:
    if column.type is ColumnType.year:
        low, high = table_rows.YEARS
        return {"min_value": low, "max_value": high, "step": 1, "format": "%d"}
    # "localized": digits grouped as the browser's locale groups them (182 000), like the total
    options: dict[str, Any] = {"min_value": column.min, "max_value": column.max}
    options["format"] = "localized"
    if column.type is ColumnType.integer:
        options["step"] = 1
    return options


def total_lines(item: Item, rows: list[Row], lang: Lang) -> list[str]:
    """ "Total amount (EUR): 12 500" per total column and key, computed from the rows."""
    shown = table_rows.totals(item, typed_rows(item, rows))
    return [table_rows.total_text(total, lang) for total in shown]


def chart(item: Item, rows: list[Row], lang: Lang, *, key: str) -> None:
    """The item's chart from the rows on screen (the editor above holds its data)."""
    bars = table_rows.chart_bars(item, typed_rows(item, rows), lang)
    if bars is None or item.chart is None:
        return
    title = item.chart.title(lang)
    value = next((c for c in item.columns or [] if c.id == item.chart.value), None)
    axis = table_rows.heading(value, lang) if value else title
    st.markdown(f"**{escape_markdown(title)}**")
    chart = charts.table_item_chart(bars, axis)
    show_chart(chart, description=title, key=key, height=int(chart.height) + 60)


def _option_label(names: dict[str, str], option: object) -> str:
    """A choice column's option as its label (the option itself when it has none)."""
    return names.get(str(option), str(option))
