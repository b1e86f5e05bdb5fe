"""The 8.1.1 synthesis on the page: one tab per grid with key figures, the section scores as
an altair chart and a table, and the items with their remarks.

Remarks and every other user text go into tables (shown as plain text) or through
`escape_markdown`; nothing a user typed is ever read as Markdown or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cdm_quality.domain import labels
from cdm_quality.domain.disclosure import MEDIAN_MIN
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import (
    SectionSummary,
    Synthesis,
    SynthesisRow,
    format_number,
)
from cdm_quality.reports import charts
from cdm_quality.services.synthesis import CiteSynthesis, GridSynthesis
from cdm_quality.ui.i18n import t, word
from cdm_quality.ui.tables import show_chart
from cdm_quality.ui.text import escape_markdown

FILTERS = ("all", "improvement", "strength", "remarks")
# Bidi embedding/override/isolate controls: invisible, and able to show a remark reversed
# ("Trojan Source"). They are dropped from what is shown (as in the PDF), never from storage.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def shown(text: str) -> str:
    """User text as displayed: exactly as typed, minus bidi controls."""
    return text.translate(BIDI_CONTROLS)


def number(value: float | None, lang: Lang, *, signed: bool = False) -> str:
    """A score with one decimal in the page's language (62,5 / 62.5); "—" when missing."""
    if value is None:
        return "—"
    rounded = round(value, 1)
    text = format_number(abs(rounded) if signed else rounded, lang)
    if signed:
        text = ("+" if rounded > 0 else "−" if rounded < 0 else "±") + text
    return text


def sections_frame(sections: list[SectionSummary], lang: Lang) -> pd.DataFrame:
    """One row per section: score, previous campaign, network median (0–100) and change."""
    columns = ["section", "score", "previous", "network", "change"]
    rows = [
        [
            s.title,
            *(number(v, lang) for v in (s.score, s.previous, s.network_median)),
            number(s.change, lang, signed=True),
        ]
        for s in sections
    ]
    return pd.DataFrame(rows, columns=[t(f"synthesis.col.{c}") for c in columns])


def rows_frame(rows: list[SynthesisRow], lang: Lang) -> pd.DataFrame:
    """One row per item: its short title, question, level or answer, remark, classification, score,
    section and labelling-file reference — user text exactly as typed."""
    columns = ["item", "text", "answer", "remark", "class", "score", "section", "dossier"]
    data = [
        [
            r.title,
            r.text,
            shown(r.answer or ""),
            shown(r.remark),
            word(labels.CLASSIFICATION, r.classification.value) if r.classification else "",
            "" if r.score is None else number(r.score, lang),
            r.section_title,
            " · ".join(p for p in (r.dossier, r.dossier_level) if p),
        ]
        for r in rows
    ]
    return pd.DataFrame(data, columns=[t(f"synthesis.col.{c}") for c in columns])


def filtered(rows: list[SynthesisRow], choice: str) -> list[SynthesisRow]:
    if choice == "remarks":
        return [r for r in rows if r.remark]
    if choice in ("improvement", "strength"):
        return [r for r in rows if r.classification and r.classification.value == choice]
    return list(rows)


def show(found: CiteSynthesis, lang: Lang) -> None:
    """Every grid of the synthesis, a tab each."""
    if found.missing:
        st.caption(escape_markdown(t("synthesis.missing", grids=", ".join(found.missing))))
    if not found.grids:
        st.info(t("synthesis.no_grid"))
        return
    titles = [escape_markdown(g.synthesis.questionnaire_title) for g in found.grids]
    for tab, grid in zip(st.tabs(titles), found.grids, strict=True):
        with tab:
            show_grid(grid, found.cite.name, lang)


def show_grid(grid: GridSynthesis, cite: str, lang: Lang) -> None:
    synthesis = grid.synthesis
    key = synthesis.questionnaire_id
    figures(synthesis, grid, lang)
    st.subheader(t("synthesis.sections"), anchor=False)
    comparison_notes(grid)
    if synthesis.sections:
        chart = charts.section_scores_chart(synthesis.sections, lang, cite=cite)
        # Streamlit ignores a layered chart's own height: give it (plus axis and legend).
        height = chart.height + 120
        description = t("tables.chart_description")
        show_chart(chart, description=description, key=f"syn.chart.{key}", height=height)
        st.dataframe(
            sections_frame(synthesis.sections, lang), hide_index=True, key=f"syn.sec.{key}"
        )
    else:
        st.info(t("synthesis.no_scores"))
    st.subheader(t("synthesis.items"), anchor=False)
    items(synthesis.rows, key, lang)


def figures(synthesis: Synthesis, grid: GridSynthesis, lang: Lang) -> None:
    """Score, compliance, strengths and areas for improvement, and the response's state."""
    score, compliance, strengths, improvements = st.columns(4)
    rate = synthesis.compliance.rate
    score.metric(t("synthesis.score"), number(synthesis.score, lang))
    compliance.metric(
        t("synthesis.compliance"),
        "—" if rate is None else f"{format_number(round(rate), lang)} %",
        help=f"{synthesis.compliance.compliant} / {synthesis.compliance.applicable}",
    )
    strengths.metric(t("synthesis.strengths"), len(synthesis.strengths()))
    improvements.metric(t("synthesis.improvements"), len(synthesis.improvements()))
    st.caption(t("synthesis.state", state=t(f"state.{grid.state.value}")))


def comparison_notes(grid: GridSynthesis) -> None:
    """Where the previous scores come from, and why the network median may be missing."""
    notes = [
        t("synthesis.previous_from", campaign=grid.previous_campaign)
        if grid.previous_campaign
        else t("synthesis.no_previous")
    ]
    if grid.network_count >= MEDIAN_MIN:
        notes.append(t("synthesis.network", count=grid.network_count))
    else:
        notes.append(t("synthesis.network_withheld", min=MEDIAN_MIN, count=grid.network_count))
    st.caption(escape_markdown(" ".join(notes)))


def items(rows: list[SynthesisRow], key: str, lang: Lang) -> None:
    """The items table, a filter over it, and any remark readable in full."""
    names = {f: t(f"synthesis.show.{f}") for f in FILTERS}  # format_func must not read t()
    choice = st.segmented_control(
        t("synthesis.show"), FILTERS, default="all", format_func=names.get, key=f"syn.f.{key}"
    )
    shown = filtered(rows, choice or "all")
    if not shown:
        st.info(t("synthesis.no_rows"))
        return
    text = st.column_config.TextColumn
    st.dataframe(
        rows_frame(shown, lang),
        hide_index=True,
        width="stretch",
        key=f"syn.items.{key}",
        column_config={
            t("synthesis.col.text"): text(width="medium"),
            t("synthesis.col.remark"): text(width="large"),
        },
    )
    remark_reader(shown, key)


def remark_reader(rows: list[SynthesisRow], key: str) -> None:
    """Pick an item with a remark and read the whole remark, as plain text."""
    with_remark = {r.item_id: r for r in rows if r.remark}
    if not with_remark:
        return
    names = {i: r.title for i, r in with_remark.items()}
    chosen = st.selectbox(
        t("synthesis.read_remark"), list(with_remark), format_func=names.get, key=f"syn.r.{key}"
    )
    with st.container(border=True, key=f"syn.remark.{key}"):
        st.markdown(escape_markdown(shown(with_remark[chosen].remark)))
