"""8.1.1 in the plan PDF: a synthesis worth reading, then (optionally) every answer.

1. the executive summary: each grid's score against the previous campaign and the network
   median, its compliance, its numbers of strengths and areas for improvement, and the few
   most important of each across the grids (`domain.synthesis.executive_summary`);
2. the method and the validation: when each self-assessment was filled and submitted, who
   took part, how the synthesis is built, and the steering committee's validation;
3. per grid: the section scores (table and chart), then section by section its strengths and
   areas for improvement with their remarks, and its other notable remarks;
4. the annex (left out on request): every answer, grid by grid, as before.

`synthesis_part(pdf, report)` and `annex_part(pdf, report)` are sections of the plan PDF
(`reports.pdf.PLAN_SECTIONS`): functions of the document (`reports.document`: its `t`,
`font`, `heading`, `note`, `paragraph`) and the report they print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cdm_quality.domain import formats, labels, languages, texts
from cdm_quality.domain.disclosure import MEDIAN_MIN
from cdm_quality.domain.synthesis import (
    SectionDigest,
    SectionSummary,
    Synthesis,
    SynthesisRow,
    executive_summary,
    format_date,
    section_digests,
    team_sentences,
)
from cdm_quality.reports import vector
from cdm_quality.reports.document import PlanDocument
from cdm_quality.reports.pdf_text import (
    CLASS_STYLE,
    FAMILY,
    MARGIN,
    TABLE_STYLE,
    pct,
    plain,
    score_text,
    signed,
)
from cdm_quality.reports.plan_report import PlanReport
from cdm_quality.reports.table import Cell, Column, Table


# --- 8.1.1 -------------------------------------------------------------------------
def synthesis_part(
    pdf: PlanDocument, report: PlanReport, *, new_page: bool = True, level: int = 0
) -> None:
    """8.1.1 (on a new page unless told otherwise; `level`: its level in the outline)."""
    if new_page:
        pdf.add_page()
    pdf.start_section(pdf.t("s811"), level=level)
    pdf.heading(pdf.t("s811"), size=16)
    if report.syntheses:
        _summary(pdf, report)
    _method(pdf, report)
    for synthesis in report.syntheses:
        if pdf.get_y() > pdf.page_break_trigger - 100:  # a grid starts on a fresh page
            pdf.add_page()  # unless most of this one is free
        else:
            pdf.ln(6)
        pdf.start_section(plain(synthesis.questionnaire_title), level=level + 1)
        title = f"{synthesis.questionnaire_title} (v{synthesis.questionnaire_version})"
        pdf.heading(title, size=12, space=4)
        _section_scores(pdf, report, synthesis)
        _digests(pdf, report, synthesis)


def _summary(pdf: PlanDocument, report: PlanReport) -> None:
    pdf.heading(pdf.t("summary"), size=12, space=3)
    summary = executive_summary(report.syntheses)
    keys = {"grid": 80, "score": 22, "previous": 30, "change": 22, "network": 28}
    keys |= {"compliance": 32, "strengths": 25, "improvements": 30}
    columns = [Column(pdf.t(k), w, "L" if k == "grid" else "R") for k, w in keys.items()]
    table = Table(pdf, columns, replace(TABLE_STYLE, size=8.5, line=3.9))
    for grid in summary.grids:
        rate = pct(grid.compliance.rate, pdf.lang)
        table.row(
            [
                Cell(plain(grid.title), bold=True),
                score_text(grid.score, pdf.lang, decimals=1),
                score_text(grid.previous_score, pdf.lang, decimals=1),
                signed(grid.change, pdf.lang),
                score_text(grid.network_score, pdf.lang, decimals=1),
                f"{rate} ({grid.compliance.compliant}/{grid.compliance.applicable})",
                str(grid.strengths),
                str(grid.improvements),
            ]
        )
    for synthesis in report.syntheses:
        if synthesis.like_for_like:
            done, asked = synthesis.answered
            title = plain(synthesis.questionnaire_title)
            said = texts.plural("pdf.like_for_like", asked, pdf.lang, done=done, grid=title)
            both = texts.plural("pdf.like_for_like_both", synthesis.compared_items, pdf.lang)
            pdf.note(f"{said} {both}")
    if any(g.network_score is None for g in summary.grids):
        if report.network_published:
            pdf.note(texts.plural("pdf.median_withheld", MEDIAN_MIN, pdf.lang))
        else:
            pdf.note(pdf.t("median_unpublished"))
    pdf.ln(3)
    _highlights(pdf, report, "top_strengths", summary.strengths, "no_strength")
    _highlights(pdf, report, "top_improvements", summary.improvements, "no_improvement")


def _highlights(
    pdf: PlanDocument, report: PlanReport, title: str, rows: Sequence[SynthesisRow], empty: str
) -> None:
    pdf.heading(pdf.t(title), size=10, space=2)
    if not rows:
        pdf.note(pdf.t(empty))
        return
    table = Table(pdf, _finding_columns(pdf), pdf.table_style)
    for row in rows:
        table.row(_finding_cells(pdf, row, grid=True))


def _method(pdf: PlanDocument, report: PlanReport) -> None:
    """The validation first (what a reader looks for), then when and by whom each grid
    was filled in, then how the synthesis is built."""
    pdf.heading(pdf.t("method"), size=12, space=3)
    validation = report.validation
    if validation is None:
        pdf.paragraph(pdf.t("not_validated"), bold=True)
    else:
        date = format_date(validation.validated_on, pdf.lang)
        body = formats.body_in_sentence(validation.body, pdf.lang)
        text = pdf.t("validated").format(body=body, date=date)
        pdf.paragraph(f"{text} {validation.note}".strip(), bold=True)
    if report.written_in is not None and report.written_in != pdf.lang:  # the reader's copy
        language = languages.name_in(report.written_in, pdf.lang)
        pdf.paragraph(pdf.t("written_in").format(language=language))
    for method in report.methods:
        started = format_date(method.started_on, pdf.lang) or "—"
        line = pdf.t("started").format(date=started)
        if method.submitted_on:
            done = format_date(method.submitted_on, pdf.lang)
            line += ", " + pdf.t("submitted").format(date=done, who=method.submitted_by)
        else:
            line += ", " + pdf.t("not_submitted")
        who = method.participants.strip().replace("\n", " ; ")
        who = pdf.t("participants").format(who=who or pdf.t("no_participants"))
        pdf.paragraph(f"{method.title} — {line}. {who}.")
        for sentence in team_sentences(
            method.raters, method.rated_on, method.divergent, method.agreed_on, pdf.lang
        ):
            pdf.paragraph(plain(sentence))
    pdf.note(texts.plural("pdf.method_how", MEDIAN_MIN, pdf.lang))


# --- scores ------------------------------------------------------------------------
def _section_scores(pdf: PlanDocument, report: PlanReport, synthesis: Synthesis) -> None:
    """Section scores table on the left, the chart beside it (below if it does not fit)."""
    if not synthesis.sections:
        return
    table_width = 150.0
    page, top = pdf.page, pdf.get_y()
    _scores_table(pdf, synthesis.sections, table_width)
    bottom = pdf.get_y()
    rows, series = _score_bars(pdf, report, synthesis.sections)
    beside = pdf.w - 2 * MARGIN - table_width - 6
    height = vector.bars_height(pdf, rows, series, family=FAMILY, width=beside)
    if pdf.page == page and top + height <= pdf.page_break_trigger:
        pdf.set_y(top)
        _draw_bars(pdf, rows, series, beside, x=MARGIN + table_width + 6)
        bottom = max(bottom, pdf.get_y())
    else:
        pdf.set_y(bottom + 4)
        _draw_bars(pdf, rows, series, min(pdf.epw, 190.0))
        bottom = pdf.get_y()
    pdf.set_y(bottom + 6)


def _score_bars(
    pdf: PlanDocument, report: PlanReport, sections: Sequence[SectionSummary]
) -> tuple[list[vector.BarRow], list[vector.Series]]:
    names = {k: labels.label(labels.SERIES, k, pdf.lang) for k in vector.SERIES_COLOURS}
    names["cite"] = plain(report.cite) or names["cite"]
    series = [vector.Series(k, n, vector.SERIES_COLOURS[k]) for k, n in names.items()]
    rows = [
        vector.BarRow(
            plain(s.title),
            {"cite": s.score, "previous": s.previous, "network": s.network_median},
        )
        for s in sections
    ]
    return rows, series


def _draw_bars(
    pdf: PlanDocument,
    rows: Sequence[vector.BarRow],
    series: Sequence[vector.Series],
    width: float,
    x: float | None = None,
) -> None:
    vector.draw_bars(pdf, rows, series, family=FAMILY, width=width, axis_title=pdf.t("axis"), x=x)
    pdf.font()


def _scores_table(pdf: PlanDocument, sections: Sequence[SectionSummary], width: float) -> None:
    keys = {"section": width - 92, "score": 18, "previous": 26, "network": 24, "change": 24}
    columns = [Column(pdf.t(k), w, "L" if k == "section" else "R") for k, w in keys.items()]
    table = Table(pdf, columns, TABLE_STYLE)
    for s in sections:
        scores = [score_text(v, pdf.lang, decimals=1) for v in (s.score, s.previous)]
        scores.append(score_text(s.network_median, pdf.lang, decimals=1))
        table.row([plain(s.title), *scores, signed(s.change, pdf.lang)])


# --- section by section -----------------------------------------------------------
def _digests(pdf: PlanDocument, report: PlanReport, synthesis: Synthesis) -> None:
    digests = section_digests(synthesis)
    if not digests:
        pdf.note(pdf.t("no_rows"))
        return
    pdf.heading(pdf.t("details"), size=10, space=2)
    table = Table(pdf, _finding_columns(pdf), pdf.table_style)
    for digest in digests:
        table.band(_band_text(pdf, digest))
        rows = [*digest.strengths, *digest.improvements, *digest.remarks]
        if not rows:
            table.row(["", pdf.t("nothing_notable"), "", "", ""])
        for row in rows:
            table.row(_finding_cells(pdf, row))


def _band_text(pdf: PlanDocument, digest: SectionDigest) -> str:
    summary = digest.summary
    if summary is None or summary.score is None:
        return plain(digest.title)
    figures = pdf.t("section_scores").format(
        score=score_text(summary.score, pdf.lang, decimals=1),
        previous=score_text(summary.previous, pdf.lang, decimals=1),
        network=score_text(summary.network_median, pdf.lang, decimals=1),
    )
    return f"{plain(digest.title)} — {figures}"


def _finding_columns(pdf: PlanDocument) -> list[Column]:
    keys = {"finding": 30, "criterion": 72, "ref": 20, "answer": 42, "remark": 105}
    return [Column(pdf.t(k), w) for k, w in keys.items()]


def _finding_cells(pdf: PlanDocument, row: SynthesisRow, *, grid: bool = False) -> list[str | Cell]:
    if row.classification:
        fill, colour = CLASS_STYLE[row.classification]
        text = labels.label(labels.CLASSIFICATION, row.classification, pdf.lang)
        if row.breach:
            text += "\n" + pdf.t("breach")
        kind = Cell(text, bold=True, colour=colour, fill=fill)
    else:
        kind = Cell(pdf.t("remark_kind"), bold=True)
    where = f"\n{row.section_title}" if grid else ""
    return [
        kind,
        Cell(plain(f"{row.title}{where}"), bold=True),
        plain(row.dossier or ""),
        plain(row.answer or "—"),
        remark_and_proof(pdf, row),
    ]


def remark_and_proof(pdf: PlanDocument, row: SynthesisRow) -> str:
    """The remark, then the recorded proof: the written reference and the attachments."""
    lines = [row.remark] if row.remark else []
    if row.evidence:
        lines.append(pdf.t("evidence").format(evidence=row.evidence))
    if row.attachments:
        lines.append(pdf.t("attachments").format(names=", ".join(row.attachments)))
    return plain("\n".join(lines))


# --- annex -------------------------------------------------------------------------
def annex_part(pdf: PlanDocument, report: PlanReport) -> None:
    """Every answer, grid by grid, on new pages (nothing when no grid was synthesised)."""
    if not report.syntheses:
        return
    pdf.add_page()
    pdf.start_section(pdf.t("annex"))
    pdf.heading(pdf.t("annex"), size=16)
    for number, synthesis in enumerate(report.syntheses):
        if number:
            pdf.add_page()
        pdf.start_section(plain(synthesis.questionnaire_title), level=1)
        title = f"{synthesis.questionnaire_title} (v{synthesis.questionnaire_version})"
        pdf.heading(title, size=12, space=4)
        _items_table(pdf, report, synthesis)


def _items_table(pdf: PlanDocument, report: PlanReport, synthesis: Synthesis) -> None:
    if not synthesis.rows:
        pdf.note(pdf.t("no_rows"))
        return
    keys = {"ref": 22, "item": 72, "answer": 38, "remark": 97, "class": 26, "score": 14}
    columns = [Column(pdf.t(k), w, "R" if k == "score" else "L") for k, w in keys.items()]
    table = Table(pdf, columns, pdf.table_style)
    scores = {s.section_id: s.score for s in synthesis.sections}
    section = None
    for row in synthesis.rows:
        if row.section_id != section:
            section = row.section_id
            score = scores.get(section)
            band = plain(row.section_title)
            if score is not None:
                band += f" — {pdf.t('score')} {score_text(score, pdf.lang, decimals=1)} / 100"
            table.band(band)
        table.row(_item_cells(pdf, row))


def _item_cells(pdf: PlanDocument, row: SynthesisRow) -> list[str | Cell]:
    ref = row.dossier or ""
    if row.dossier_level:
        ref += f"\n{row.dossier_level}"
    klass: str | Cell = ""
    if row.classification:
        fill, colour = CLASS_STYLE[row.classification]
        text = labels.label(labels.CLASSIFICATION, row.classification, pdf.lang)
        klass = Cell(text, bold=True, colour=colour, fill=fill)
    return [
        plain(ref),
        plain(row.text),
        plain(row.answer or "—"),
        remark_and_proof(pdf, row),
        klass,
        score_text(row.score, pdf.lang, blank=""),
    ]
