"""Tables on the pages: a chart with its table view, and CSV / XLSX download buttons.

Every download goes through `services.exports` (no spreadsheet formulas), in the session's
language: its headers and labels, and a CSV file in its spreadsheets' conventions (`;` and a
decimal comma in French).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from cdm_quality.domain import formats
from cdm_quality.services import exports
from cdm_quality.ui.i18n import current_lang, t


def frame_table(frame: pd.DataFrame) -> exports.Table:
    """A page table as an export table (header + rows)."""
    return exports.Table(list(frame.columns), list(frame.itertuples(index=False, name=None)))


def records_csv(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Rows as a page shows them (each a header → value mapping, the first one's headers)
    as a CSV file in the conventions of the session's language."""
    columns = list(records[0]) if records else []
    rows = [[record.get(column) for column in columns] for record in records]
    return exports.csv_bytes(exports.Table(columns, rows), current_lang())


def csv_button(frame: pd.DataFrame, *, name: str, key: str) -> None:
    """Download `frame` as `name`.csv."""
    st.download_button(
        t("tables.csv"),
        data=exports.csv_bytes(frame_table(frame), current_lang()),
        file_name=f"{name}.csv",
        mime=exports.CSV_MEDIA_TYPE,
        icon=":material/download:",
        key=key,
    )


def export_buttons(build: Callable[[], exports.Table], *, name: str, sheet: str, key: str) -> None:
    """CSV and XLSX downloads of the table `build` returns. The file is made only when a
    button is clicked (Streamlit runs `build` then, on a thread of its own: `build` must open
    its own database session)."""
    lang = current_lang()
    left, right = st.columns(2)
    left.download_button(
        t("tables.csv"),
        data=lambda: exports.csv_bytes(build(), lang),
        file_name=f"{name}.csv",
        mime=exports.CSV_MEDIA_TYPE,
        icon=":material/download:",
        key=f"{key}.csv",
    )
    right.download_button(
        t("tables.xlsx"),
        data=lambda: exports.xlsx_bytes({sheet: build()}),
        file_name=f"{name}.xlsx",
        mime=exports.XLSX_MEDIA_TYPE,
        icon=":material/table_view:",
        key=f"{key}.xlsx",
    )


def show_chart(
    chart: alt.Chart | alt.LayerChart, *, description: str, key: str, height: int | None = None
) -> None:
    """An altair chart as screen readers need it: the picture announced by `description`, its
    marks hidden from them (each chart's data is also shown as a table on the page); its
    numbers (tooltips, labels) in the reader's notation.

    Without this, Vega gives mark groups an image role with no text (axe `svg-img-alt`).
    """
    chart = chart.copy(deep=False)  # `properties()` would copy the data and every part again
    chart.description = description
    config = chart.config.copy() if chart.config is not alt.Undefined else alt.Config()
    config.aria = False  # axes and legends: no generated descriptions
    config.mark = alt.MarkConfig(aria=False)  # every mark hidden from the accessibility tree
    decimal, thousands = formats.number_symbols(current_lang())
    numbers = alt.NumberLocale(
        decimal=decimal, thousands=thousands, grouping=[3], currency=["", ""]
    )
    config.locale = alt.Locale(number=numbers)  # Vega's d3-format: 68,8 in French
    chart.config = config
    spec = vega_lite_spec(chart)
    if height is None:
        st.vega_lite_chart(None, spec, width="stretch", key=key)
    else:
        st.vega_lite_chart(None, spec, width="stretch", height=height, key=key)


_THEME_LOCK = threading.Lock()  # Altair's theme is one setting of the process


def vega_lite_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite specification as `st.altair_chart` makes it (Altair's theme "none":
    no default size), without checking it against Vega-Lite's schema on every run: that check
    was two thirds of a chart's conversion (16 ms → 6 ms); `tests/reports/test_charts.py` and
    the comparison's tests check each chart builder's output against the schema."""
    with _THEME_LOCK, alt.theme.enable("none"):
        return chart.to_dict(validate=False)


def chart_with_table(
    chart: alt.Chart | alt.LayerChart | None,
    frame: pd.DataFrame,
    *,
    name: str,
    key: str,
    note: str = "",
) -> None:
    """A chart tab and a table tab, with the CSV download under both; `chart` None shows
    `note` instead (e.g. too many rows for a readable chart)."""
    chart_tab, table_tab = st.tabs([t("tables.chart"), t("tables.table")])
    with chart_tab:
        if chart is None:
            st.info(note or t("tables.no_chart"))
        else:
            show_chart(chart, description=t("tables.chart_description"), key=f"{key}.chart")
    with table_tab:
        st.dataframe(frame, hide_index=True, width="stretch")
    csv_button(frame, name=name, key=key)
