"""The 8.1.1 synthesis on the page: the executive summary (each grid's figures, the main
strengths and areas for improvement), the method (period, participants) and the steering
committee's validation, then one tab per grid with the section scores as an altair chart and
a table, the findings section by section, and every answer with its remark.

Remarks and every other user text go into tables (shown as plain text) or through
`escape_markdown`; nothing a user typed is ever read as Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cdm_quality.domain import formats, labels
from cdm_quality.domain.disclosure import MEDIAN_MIN
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import (
    SectionSummary,
    Synthesis,
    SynthesisRow,
    executive_summary,
    format_date,
    format_number,
    section_digests,
    team_sentences,
)
from cdm_quality.reports import charts
from cdm_quality.services import database
from cdm_quality.services.assessment import synthesis
from cdm_quality.services.assessment.synthesis import CiteSynthesis, GridSynthesis
from cdm_quality.services.errors import ServiceError
from cdm_quality.services.people.access import Actor
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import t, word
from cdm_quality.ui.tables import show_chart
from cdm_quality.ui.text import escape_markdown
from cdm_quality.ui.written import show_written

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
    """One row per item: its short title, question, level or answer, remark, proof,
    classification, score, section and labelling-file reference — user text exactly as typed."""
    columns = [
        *("item", "text", "answer", "remark", "evidence"),
        *("class", "score", "section", "dossier"),
    ]
    data = [
        [
            r.title,
            r.text,
            shown(r.answer or ""),
            shown(r.remark),
            proof(r),
            word(labels.CLASSIFICATION, r.classification.value) if r.classification else "",
            "" if r.score is None else number(r.score, lang),
            r.section_title,
            " · ".join(p for p in (r.dossier, r.dossier_level) if p),
        ]
        for r in rows
    ]
    return pd.DataFrame(data, columns=[t(f"synthesis.col.{c}") for c in columns])


def proof(row: SynthesisRow) -> str:
    """The item's recorded proof as one cell: the written reference, then its attachments."""
    parts = [shown(row.evidence)] if row.evidence else []
    if row.attachments:
        parts.append(t("synthesis.attached", names=", ".join(shown(n) for n in row.attachments)))
    return " · ".join(parts)


def filtered(rows: list[SynthesisRow], choice: str) -> list[SynthesisRow]:
    if choice == "remarks":
        return [r for r in rows if r.remark]
    if choice in ("improvement", "strength"):
        return [r for r in rows if r.classification and r.classification.value == choice]
    return list(rows)


def show(found: CiteSynthesis, lang: Lang, actor: Actor) -> None:
    """The executive summary, the method and validation, then every grid, a tab each."""
    if found.missing_titles:
        missing = ", ".join(found.missing_titles)
        st.caption(escape_markdown(t("synthesis.missing", grids=missing)))
    if not found.grids:
        st.info(t("synthesis.no_grid"))
        return
    summary(found, lang)
    method(found, lang, actor)
    titles = [escape_markdown(g.synthesis.questionnaire_title) for g in found.grids]
    for tab, grid in zip(st.tabs(titles), found.grids, strict=True):
        with tab:
            show_grid(grid, found.cite.name, lang)


def summary(found: CiteSynthesis, lang: Lang) -> None:
    """Each grid's key figures, then the few most important strengths and areas."""
    st.subheader(t("synthesis.summary"), anchor=False)
    digest = executive_summary([g.synthesis for g in found.grids])
    for grid, figures_of in zip(found.grids, digest.grids, strict=True):
        st.markdown(f"**{escape_markdown(figures_of.title)}**")
        score, median, compliance, strengths, improvements = st.columns(5)
        change = figures_of.change
        score.metric(
            t("synthesis.score"),
            number(figures_of.score, lang),
            # Streamlit reads the direction from a leading ASCII minus, not from "−"
            delta=None if change is None else number(change, lang, signed=True).replace("−", "-"),
            help=t("synthesis.vs_previous", campaign=grid.previous_campaign or "—"),
        )
        median.metric(t("synthesis.median"), number(figures_of.network_score, lang))
        rate = figures_of.compliance.rate
        compliance.metric(
            t("synthesis.compliance"),
            "—" if rate is None else f"{format_number(round(rate), lang)} %",
        )
        strengths.metric(t("synthesis.strengths"), figures_of.strengths)
        improvements.metric(t("synthesis.improvements"), figures_of.improvements)
    left, right = st.columns(2)
    highlights(left, t("synthesis.top_strengths"), digest.strengths)
    highlights(right, t("synthesis.top_improvements"), digest.improvements)


def highlights(container: DeltaGenerator, title: str, rows: list[SynthesisRow]) -> None:
    container.markdown(f"**{title}**")
    if not rows:
        container.caption(t("synthesis.none"))
    for row in rows:
        remark = f" — {escape_markdown(shown(row.remark))}" if row.remark else ""
        line = t(
            "synthesis.highlight",
            title=escape_markdown(row.title),
            section=escape_markdown(row.section_title),
            answer=escape_markdown(row.answer or "—"),
        )
        breach = f" :red-badge[{t('synthesis.breach')}]" if row.breach else ""
        container.markdown(f"- {line}{breach}{remark}")


def method(found: CiteSynthesis, lang: Lang, actor: Actor) -> None:
    """When each grid was filled in and by whom, and the steering committee's validation."""
    st.subheader(t("synthesis.method"), anchor=False)
    for grid in found.grids:
        st.markdown(period(grid, lang))
        team = team_sentences(grid.raters, grid.rated_on, grid.divergent, grid.agreed_on, lang)
        if team:
            st.caption(escape_markdown(" ".join(team)))
        if found.can_record_participants:
            participants_form(grid, actor)
        elif grid.participants:
            who = escape_markdown(grid.participants.replace("\n", " ; "))
            st.caption(t("synthesis.participants_shown", who=who))
        else:
            st.caption(t("synthesis.participants_none"))
    validation_block(found, lang, actor)


def period(grid: GridSynthesis, lang: Lang) -> str:
    start = format_date(grid.started_at.date(), lang) if grid.started_at else "—"
    end = t("synthesis.not_submitted")
    if grid.submitted_at:
        date = format_date(grid.submitted_at.date(), lang)
        end = t("synthesis.submitted_by", date=date, who=escape_markdown(grid.submitted_by or ""))
    title = escape_markdown(grid.synthesis.questionnaire_title)
    return t("synthesis.period", grid=title, start=start, end=end)


def participants_form(grid: GridSynthesis, actor: Actor) -> None:
    key = f"syn.participants.{grid.response_id}"
    with st.form(key=f"{key}.form", border=False):
        text = st.text_area(
            t("synthesis.participants", grid=grid.synthesis.questionnaire_title),
            value=grid.participants,
            key=key,
            height=90,
        )
        if st.form_submit_button(t("synthesis.save_participants")):
            try:
                with database.session() as session:
                    synthesis.set_participants(
                        session, actor, response_id=grid.response_id, participants=text
                    )
            except ServiceError as error:
                st.error(escape_markdown(error_text(error)))
            else:
                st.success(t("synthesis.saved"))


def validation_block(found: CiteSynthesis, lang: Lang, actor: Actor) -> None:
    found_validation = found.validation
    if found_validation is None:
        st.warning(t("synthesis.not_validated"))
    else:
        st.success(
            t(
                "synthesis.validated",
                body=escape_markdown(formats.body_in_sentence(found_validation.body, lang)),
                date=format_date(found_validation.validated_on, lang),
                who=escape_markdown(found_validation.recorded_by),
            )
        )
        if found_validation.note:
            st.caption(escape_markdown(found_validation.note))
    if found.can_validate:
        validation_form(found, actor)


def validation_form(found: CiteSynthesis, actor: Actor) -> None:
    current = found.validation
    with st.expander(t("synthesis.validate")), st.form("syn.validation"):
        body = st.text_input(
            t("synthesis.body"),
            value=current.body if current else t("synthesis.body_default"),
            max_chars=200,
        )
        day = st.date_input(
            t("synthesis.validated_on"),
            value=current.validated_on if current else dt.date.today(),
            max_value=dt.date.today(),
            format="DD/MM/YYYY",
        )
        note = st.text_area(t("synthesis.note"), value=current.note if current else "")
        if st.form_submit_button(t("synthesis.record")):
            try:
                with database.session() as session:
                    synthesis.record_validation(
                        session,
                        actor,
                        cite_id=found.cite.id,
                        campaign_id=found.campaign.id,
                        body=body,
                        validated_on=day,
                        note=note,
                    )
            except ServiceError as error:
                st.error(escape_markdown(error_text(error)))
            else:
                st.rerun()


def show_grid(grid: GridSynthesis, cite: str, lang: Lang) -> None:
    found = grid.synthesis
    key = found.questionnaire_id
    figures(found, grid, lang)
    st.subheader(t("synthesis.sections"), anchor=False)
    comparison_notes(grid)
    if found.sections:
        chart = charts.section_scores_chart(found.sections, lang, cite=cite)
        # Streamlit ignores a layered chart's own height: give it (plus axis and legend).
        height = chart.height + 120
        description = t("tables.chart_description")
        show_chart(chart, description=description, key=f"syn.chart.{key}", height=height)
        st.dataframe(sections_frame(found.sections, lang), hide_index=True, key=f"syn.sec.{key}")
    else:
        st.info(t("synthesis.no_scores"))
    st.subheader(t("synthesis.details"), anchor=False)
    st.dataframe(
        findings_frame(found),
        hide_index=True,
        width="stretch",
        key=f"syn.find.{key}",
        column_config={t("synthesis.col.remark"): st.column_config.TextColumn(width="large")},
    )
    with st.expander(t("synthesis.all_answers")):
        items(found.rows, key, lang)


def findings_frame(found: Synthesis) -> pd.DataFrame:
    """Section by section: strengths, areas for improvement and the other remarks."""
    columns = ["section", "finding", "item", "answer", "remark", "evidence"]
    data = [
        [
            digest.title,
            word(labels.CLASSIFICATION, row.classification.value)
            if row.classification
            else t("synthesis.remark_kind"),
            row.title,
            shown(row.answer or ""),
            shown(row.remark),
            proof(row),
        ]
        for digest in section_digests(found)
        for row in (*digest.strengths, *digest.improvements, *digest.remarks)
    ]
    return pd.DataFrame(data, columns=[t(f"synthesis.col.{c}") for c in columns])


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
    if not grid.network_published:
        notes.append(t("synthesis.network_unpublished"))
    elif grid.network_count is not None:
        notes.append(t("synthesis.network", count=grid.network_count))
    else:
        notes.append(t("synthesis.network_withheld", min=MEDIAN_MIN))
    st.caption(escape_markdown(" ".join(notes)))


def items(rows: list[SynthesisRow], key: str, lang: Lang) -> None:
    """The items table, a filter over it, and any remark readable in full."""
    names = {f: t(f"synthesis.show.{f}") for f in FILTERS}  # format_func must not read t()
    choice = st.segmented_control(
        t("synthesis.show"),
        FILTERS,
        default="all",
        format_func=names.__getitem__,
        key=f"syn.f.{key}",
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
        t("synthesis.read_remark"),
        list(with_remark),
        format_func=names.__getitem__,
        key=f"syn.r.{key}",
        placeholder=t("widget.choose"),
    )
    with st.container(border=True, key=f"syn.remark.{key}"):
        row = with_remark[chosen]
        show_written(shown(row.remark), row.language)
