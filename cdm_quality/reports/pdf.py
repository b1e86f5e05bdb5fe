"""The improvement-plan PDF of a Cité (labelling-file items 8.1.1 and 8.1.2), with fpdf2.

`build_plan_pdf(report, lang, annex=True)` runs the sections of `PLAN_SECTIONS` in order on
one document (`reports.document.PlanDocument`: fonts, running header, "Page n / N", building
blocks), on A4 landscape pages. A section is a function of the document and the report
(`Section`); none imports the document's module back, so `reports/` has no import cycle:
1. `cover`: Cité, campaign, phase, date, key figures of each synthesised grid;
2. `synthesis_pages.synthesis_part` (8.1.1): the executive summary, the method and the
   validation, then per grid the section scores and, section by section, strengths, areas for
   improvement and notable remarks;
3. `plan_pages.plan_part` (8.1.2): the review of the previous plan, the actions, the
   authority's recommendations, every area for improvement and what the plan does about it,
   the schedule;
4. `synthesis_pages.annex_part`, unless left out: every answer, grid by grid.

Table headings repeat on each page; a cell too long for one page continues on the next rows.
The charts (section scores, schedule) are vector graphics drawn by fpdf2 itself
(`reports.vector`), not images. The labelling file (`reports.dossier_pdf`) runs the 8.1.1 and
8.1.2 sections on its own document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from cdm_quality.domain import labels, texts
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import format_date
from cdm_quality.reports.document import PlanDocument
from cdm_quality.reports.pdf_text import (
    FAMILY,
    FONTS_DIR,
    INK,
    MARGIN,
    MUTED,
    NAVY,
    TABLE_STYLE,
    pct,
    plain,
    score_text,
)
from cdm_quality.reports.plan_pages import plan_part
from cdm_quality.reports.plan_report import GridMethod, PlanReport, ValidationFacts
from cdm_quality.reports.synthesis_pages import annex_part, synthesis_part
from cdm_quality.reports.table import Column, Table

__all__ = [
    "FAMILY",
    "FONTS_DIR",
    "INK",
    "MARGIN",
    "MUTED",
    "NAVY",
    "PLAN_SECTIONS",
    "GridMethod",
    "PlanDocument",
    "PlanReport",
    "Section",
    "ValidationFacts",
    "build_plan_pdf",
    "plain",
]

Section = Callable[[PlanDocument, PlanReport], None]


def build_plan_pdf(data: PlanReport, lang: Lang, *, annex: bool = True) -> bytes:
    """The plan PDF in `lang` (the syntheses must be in that language); `annex` adds every
    answer at the end."""
    wrong = [s.questionnaire_id for s in data.syntheses if s.lang != lang]
    if wrong:
        raise ValueError(f"syntheses {wrong} are not in {lang!r}; build them in {lang!r}")
    pdf = PlanDocument(data, lang)
    for section in PLAN_SECTIONS:
        if annex or section is not annex_part:
            section(pdf, data)
    return pdf.finished()


# --- cover -------------------------------------------------------------------------
def cover(pdf: PlanDocument, report: PlanReport) -> None:
    """The first page: Cité, campaign, phase, date and each grid's key figures."""
    pdf.add_page()
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, pdf.w, 62, style="F")
    pdf.set_xy(MARGIN + 4, 20)
    pdf.font(26, bold=True, colour=(255, 255, 255))
    pdf.cell(0, 12, pdf.t("title"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(MARGIN + 4)
    pdf.font(11, colour=(220, 230, 242))
    pdf.cell(0, 8, pdf.t("subtitle"))
    pdf.set_xy(MARGIN + 4, 76)
    pdf.font(22, bold=True, colour=NAVY)
    pdf.multi_cell(pdf.epw - 8, 10, plain(report.cite), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _cover_facts(pdf, report)
    pdf.ln(8)
    _cover_figures(pdf, report)


def _cover_facts(pdf: PlanDocument, report: PlanReport) -> None:
    phase = report.phase
    facts = [
        (pdf.t("campaign"), report.campaign),
        (pdf.t("phase"), labels.label(labels.PHASE, phase, pdf.lang) if phase else None),
        (pdf.t("date"), format_date(report.generated_on, pdf.lang)),
    ]
    for name, value in facts:
        pdf.set_x(MARGIN + 4)
        pdf.font(10, colour=MUTED)
        pdf.cell(45, 7, name)
        pdf.font(11, bold=True)
        pdf.cell(0, 7, plain(value or pdf.t("phase_none")), new_x="LMARGIN", new_y="NEXT")


def _cover_figures(pdf: PlanDocument, report: PlanReport) -> None:
    if not report.syntheses:
        return
    pdf.set_x(MARGIN + 4)
    pdf.font(10, bold=True, colour=NAVY)
    pdf.cell(0, 7, pdf.t("grids"), new_x="LMARGIN", new_y="NEXT")
    widths = {"grid": 95, "score": 28, "compliance": 38, "strengths": 28, "improvements": 40}
    columns = [Column(pdf.t(k), w, "L" if k == "grid" else "R") for k, w in widths.items()]
    table = Table(pdf, columns, replace(TABLE_STYLE, size=9, line=4.2), x=MARGIN + 4)
    for s in report.syntheses:
        compliance = s.compliance
        rate = pct(compliance.rate, pdf.lang)
        table.row(
            [
                plain(f"{s.questionnaire_title} (v{s.questionnaire_version})"),
                score_text(s.score, pdf.lang, decimals=1, suffix=" / 100"),
                f"{rate} ({compliance.compliant}/{compliance.applicable})",
                str(len(s.strengths())),
                str(len(s.improvements())),
            ]
        )
    if report.actions:
        pdf.ln(3)
        pdf.set_x(MARGIN + 4)
        pdf.note(_actions_summary(pdf, report), size=9)


def _actions_summary(pdf: PlanDocument, report: PlanReport) -> str:
    counts: dict[str, int] = {}
    for action in report.actions:
        counts[action.status.value] = counts.get(action.status.value, 0) + 1
    status = [labels.label(labels.ACTION_STATUS, k, pdf.lang) for k in counts]
    parts = [f"{name} ({n})" for name, n in zip(status, counts.values(), strict=True)]
    count = len(report.actions)
    head = texts.plural("pdf.actions_count", count, pdf.lang, n=count)
    return f"{head} — " + " · ".join(parts)


PLAN_SECTIONS: tuple[Section, ...] = (cover, synthesis_part, plan_part, annex_part)
