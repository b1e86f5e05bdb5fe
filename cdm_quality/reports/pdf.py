"""The improvement-plan PDF of a Cité (labelling-file items 8.1.1 and 8.1.2), with fpdf2.

`build_plan_pdf(report, lang, annex=True)` lays out, on A4 landscape pages:
1. a cover: Cité, campaign, phase, date, validation, key figures of each synthesised grid;
2. 8.1.1 (`synthesis_pages`): the executive summary, the method and the validation, then per
   grid the section scores and, section by section, strengths, areas for improvement and
   notable remarks;
3. 8.1.2 (`plan_pages`): the review of the previous plan, the actions, the areas for
   improvement no action covers, the schedule;
4. the annex, unless left out: every answer, grid by grid.

Every page but the cover has a running header; every page has "Page n / N". Table headings
repeat on each page; a cell too long for one page continues on the next rows. Text is set in
the DejaVu fonts shipped in `fonts/` (never the latin-1 core fonts), read as plain text (no
markup), with characters the font lacks shown as U+FFFD; right-to-left scripts are shaped and
ordered by HarfBuzz (uharfbuzz) when present. The charts (section scores, schedule) are
vector graphics drawn by fpdf2 itself (`reports.vector`), not images.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import replace

from fpdf import FPDF
from pydantic import BaseModel, ConfigDict, Field

from cdm_quality.domain import labels, texts
from cdm_quality.domain.plan import ActionDraft, PlanReview, Recommendation
from cdm_quality.domain.questionnaire import Lang, Phase
from cdm_quality.domain.synthesis import Synthesis, SynthesisRow, format_date
from cdm_quality.reports.pdf_text import (
    BODY_PT,
    FAMILY,
    FONTS_DIR,
    INK,
    MARGIN,
    MUTED,
    NAVY,
    RULE,
    TABLE_STYLE,
    needs_shaping,
    pct,
    plain,
    score_text,
    shaping_available,
)
from cdm_quality.reports.plan_pages import PlanPages
from cdm_quality.reports.synthesis_pages import SynthesisPages
from cdm_quality.reports.table import Column, Style, Table


class GridMethod(BaseModel):
    """How one grid was filled in: when, submitted by whom, who took part."""

    model_config = ConfigDict(frozen=True)

    title: str
    started_on: dt.date | None = None
    submitted_on: dt.date | None = None
    submitted_by: str = ""
    participants: str = ""
    raters: str = ""  # who rated on their own before the consensus
    divergent: list[str] = []  # items where their ratings were two levels apart or more


class ValidationFacts(BaseModel):
    """The steering committee's validation of the synthesis and the plan."""

    model_config = ConfigDict(frozen=True)

    body: str
    validated_on: dt.date
    note: str = ""


class PlanReport(BaseModel):
    """Everything the PDF shows; built by the service, no database access here."""

    model_config = ConfigDict(frozen=True)

    cite: str
    campaign: str
    phase: Phase | None
    generated_on: dt.date
    syntheses: list[Synthesis]
    actions: list[ActionDraft] = Field(default_factory=list)
    criteria: dict[str, str] = Field(default_factory=dict)  # item id → criterion as named
    methods: list[GridMethod] = Field(default_factory=list)
    validation: ValidationFacts | None = None
    review: PlanReview | None = None  # what became of the previous plan's actions
    uncovered: list[SynthesisRow] = Field(default_factory=list)  # areas no action covers
    not_retained: dict[str, str] = Field(default_factory=dict)  # item id → why no action
    network_published: bool = True  # False: the campaign is open, no network figure yet
    # the authority's recommendations and reservations the plan answers (or drops, or not yet)
    recommendations: list[Recommendation] = Field(default_factory=list)


def build_plan_pdf(data: PlanReport, lang: Lang, *, annex: bool = True) -> bytes:
    """The plan PDF in `lang` (the syntheses must be in that language); `annex` adds every
    answer at the end."""
    wrong = [s.questionnaire_id for s in data.syntheses if s.lang != lang]
    if wrong:
        raise ValueError(f"syntheses {wrong} are not in {lang!r}; build them in {lang!r}")
    pdf = PlanDocument(data, lang)
    pdf.cover()
    pdf.synthesis_part()
    pdf.plan_part()
    if annex and data.syntheses:
        pdf.annex_part()
    return bytes(pdf.output())


def _report_texts(data: PlanReport) -> list[str]:
    texts = [data.cite, data.campaign]
    for synthesis in data.syntheses:
        texts += [t for r in synthesis.rows for t in (r.text, r.answer or "", r.remark)]
    for a in data.actions:
        texts += [a.title, a.description, a.owner, a.partners, a.indicator]
    return texts


# --- Document ------------------------------------------------------------------------------


class PlanDocument(SynthesisPages, PlanPages, FPDF):
    """The fpdf2 document with the product's fonts, header, footer and building blocks; the
    parts come from `SynthesisPages` (8.1.1, annex) and `PlanPages` (8.1.2)."""

    def __init__(self, report: PlanReport, lang: Lang) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.report, self.lang = report, lang
        self.set_margins(MARGIN, 17, MARGIN)
        self.set_auto_page_break(True, margin=15)
        self.add_font(FAMILY, "", FONTS_DIR / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS_DIR / "DejaVuSans-Bold.ttf")
        # A per-document alias: a remark containing "{nb}" must stay as typed.
        self.alias_nb_pages(f"{{nb-{secrets.token_hex(4)}}}")
        self.set_title(plain(f"{self.t('title')} — {report.cite} — {report.campaign}"))
        self.set_author("cdm-quality")
        self.set_creator("cdm-quality")
        self.set_lang(lang)
        self.set_creation_date(dt.datetime.combine(report.generated_on, dt.time(), dt.UTC))
        if shaping_available() and needs_shaping(_report_texts(report)):
            self.set_text_shaping(True)

    @property
    def table_style(self) -> Style:
        return replace(TABLE_STYLE, continued=self.t("continued"))

    def t(self, key: str) -> str:
        """The PDF's word `key` (the message `pdf.<key>`) in the document's language."""
        return texts.text(f"pdf.{key}", self.lang)

    def font(self, size: float = BODY_PT, bold: bool = False, colour=INK) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)

    # header and footer, called by fpdf2 on every page
    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.font(7, colour=MUTED)
        self.set_xy(MARGIN, 8)
        width = self.epw / 2
        self.cell(width, 4, plain(f"{self.t('running')} — {self.report.cite}"))
        self.cell(width, 4, plain(self.report.campaign), align="R")
        self.set_draw_color(*RULE)
        self.line(MARGIN, 13, self.w - MARGIN, 13)
        self.set_y(17)

    def footer(self) -> None:
        self.set_y(-10)
        self.font(7, colour=MUTED)
        stamp = format_date(self.report.generated_on, self.lang)
        self.cell(self.epw - 40, 4, plain(f"{self.report.cite} · {self.report.campaign} · {stamp}"))
        # The total is an alias filled in at the end; its reserved width is the alias's, so
        # the text is placed from where "Page 99 / 99" would start when right-aligned.
        label = f"{self.t('page')} {self.page_no()} / "
        widest = self.get_string_width(f"{label}99") + 2 * self.c_margin
        self.set_x(self.w - MARGIN - widest)
        self.cell(widest, 4, label + self.str_alias_nb_pages)

    def heading(self, text: str, size: float = 14, space: float = 8) -> None:
        self.ln(2)
        self.font(size, bold=True, colour=NAVY)
        self.multi_cell(0, size * 0.5, plain(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(space / 3)
        self.font()

    def note(self, text: str, size: float = BODY_PT) -> None:
        self.font(size, colour=MUTED)
        self._block(plain(text), size * 0.45 + 0.6)
        self.font()

    def paragraph(self, text: str, *, bold: bool = False, size: float = 8.5) -> None:
        """Body text across the page (user text included: read as plain text)."""
        self.font(size, bold=bold)
        self._block(plain(text), size * 0.45 + 0.8)
        self.ln(1.5)
        self.font()

    def _block(self, text: str, line: float) -> None:
        """A paragraph kept on one page when it fits on one (never a lone last line)."""
        lines = self.multi_cell(0, line, text, dry_run=True, output="LINES")
        height = len(lines) * line
        room = self.page_break_trigger - self.get_y()
        if room < height <= self.page_break_trigger - self.t_margin:
            self.add_page()
        self.multi_cell(0, line, text, new_x="LMARGIN", new_y="NEXT")

    # --- cover -------------------------------------------------------------------------
    def cover(self) -> None:
        self.add_page()
        self.set_fill_color(*NAVY)
        self.rect(0, 0, self.w, 62, style="F")
        self.set_xy(MARGIN + 4, 20)
        self.font(26, bold=True, colour=(255, 255, 255))
        self.cell(0, 12, self.t("title"), new_x="LMARGIN", new_y="NEXT")
        self.set_x(MARGIN + 4)
        self.font(11, colour=(220, 230, 242))
        self.cell(0, 8, self.t("subtitle"))
        self.set_xy(MARGIN + 4, 76)
        self.font(22, bold=True, colour=NAVY)
        self.multi_cell(self.epw - 8, 10, plain(self.report.cite), new_x="LMARGIN", new_y="NEXT")
        self.ln(4)
        self._cover_facts()
        self.ln(8)
        self._cover_figures()

    def _cover_facts(self) -> None:
        phase = self.report.phase
        facts = [
            (self.t("campaign"), self.report.campaign),
            (self.t("phase"), labels.label(labels.PHASE, phase, self.lang) if phase else None),
            (self.t("date"), format_date(self.report.generated_on, self.lang)),
        ]
        for name, value in facts:
            self.set_x(MARGIN + 4)
            self.font(10, colour=MUTED)
            self.cell(45, 7, name)
            self.font(11, bold=True)
            self.cell(0, 7, plain(value or self.t("phase_none")), new_x="LMARGIN", new_y="NEXT")

    def _cover_figures(self) -> None:
        if not self.report.syntheses:
            return
        self.set_x(MARGIN + 4)
        self.font(10, bold=True, colour=NAVY)
        self.cell(0, 7, self.t("grids"), new_x="LMARGIN", new_y="NEXT")
        widths = {"grid": 95, "score": 28, "compliance": 38, "strengths": 28, "improvements": 40}
        columns = [Column(self.t(k), w, "L" if k == "grid" else "R") for k, w in widths.items()]
        table = Table(self, columns, replace(TABLE_STYLE, size=9, line=4.2), x=MARGIN + 4)
        for s in self.report.syntheses:
            compliance = s.compliance
            rate = pct(compliance.rate, self.lang)
            table.row(
                [
                    plain(f"{s.questionnaire_title} (v{s.questionnaire_version})"),
                    score_text(s.score, self.lang, decimals=1, suffix=" / 100"),
                    f"{rate} ({compliance.compliant}/{compliance.applicable})",
                    str(len(s.strengths())),
                    str(len(s.improvements())),
                ]
            )
        if self.report.actions:
            self.ln(3)
            self.set_x(MARGIN + 4)
            self.note(self._actions_summary(), size=9)

    def _actions_summary(self) -> str:
        counts: dict[str, int] = {}
        for action in self.report.actions:
            counts[action.status.value] = counts.get(action.status.value, 0) + 1
        status = [labels.label(labels.ACTION_STATUS, k, self.lang) for k in counts]
        parts = [f"{name} ({n})" for name, n in zip(status, counts.values(), strict=True)]
        count = len(self.report.actions)
        head = texts.plural("pdf.actions_count", count, self.lang, n=count)
        return f"{head} — " + " · ".join(parts)
