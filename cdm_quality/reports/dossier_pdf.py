"""The labelling file of a Cité as one PDF, for its phase (seed 003), with fpdf2.

`build_dossier_pdf(report, lang)` lays out, on A4 landscape pages (the plan PDF's document,
`reports.document.PlanDocument`, whose fonts, header, footer and tables it reuses, and
the plan PDF's 8.1.1 and 8.1.2 sections):
1. a cover: Cité, phase, campaign, date, who validated the file (submitted it) and when, how
   ready it is (the working copy only);
2. a table of contents with page numbers (fpdf2's ToC placeholder, filled at the end);
3. the items the phase asks, 1.1 … 8.4 in order under their section and their parent heading
   (1.2, 3.1, 4.2, 8.1), sections following each other without a blank page; a heading or a
   table's header row is never left alone at a page foot. The working copy (`edition="working"`)
   prints the depth asked and the state of each item, and "(not written yet)" for an empty
   one; the hand-in copy (`edition="hand_in"`) prints none of these working lines. 7.1–7.4
   print the Cité's self-assessment before their text, 8.2 the partners' feedback; an image
   attached to an item (5.3's map) is drawn in it. For
   *fonctionnement*, 8.1.1 and 8.1.2 hold the synthesis of remarks and the improvement plan;
3. an annex listing every attachment (item, name, size, sha256, or the link), the files
   themselves embedded in the PDF as attachments (fpdf2 `embed_file`) up to a total size.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Literal

from fpdf.errors import FPDFException
from fpdf.image_parsing import preload_image
from fpdf.outline import OutlineSection
from pydantic import BaseModel, ConfigDict, Field

from cdm_quality.domain import formats, labels, narrative, self_assessment, texts
from cdm_quality.domain.narrative import Span
from cdm_quality.domain.questionnaire import Lang, Phase
from cdm_quality.domain.self_assessment import AxisResult, GridAnswer
from cdm_quality.domain.synthesis import format_date
from cdm_quality.reports import vector
from cdm_quality.reports.document import PlanDocument
from cdm_quality.reports.pdf_text import FAMILY, FONTS_DIR, INK, MARGIN, MUTED, NAVY, plain
from cdm_quality.reports.plan_pages import plan_part
from cdm_quality.reports.plan_report import PlanReport
from cdm_quality.reports.synthesis_pages import synthesis_part
from cdm_quality.reports.table import Cell, Column, Table

SYNTHESIS, PLAN = "8.1.1", "8.1.2"
Copy = Literal["working", "hand_in"]
TOC_LINE = 5.2  # mm per line of the table of contents
KEEP = 24  # mm: a heading moves to the next page unless this much follows it on its page
CHART_W = 190.0  # mm: a table item's chart
TEXT_LINE = 4.8  # mm per line of an item's text
LINK = (31, 78, 121)
IMAGE_MAX_H = 110.0  # mm: an image attached to an item, drawn in it
IMAGE_MIN_H = 60.0
IMAGES = frozenset({"image/png", "image/jpeg", "image/gif"})  # those fpdf2 draws
PALETTE = [(31, 78, 121), (232, 149, 58), (143, 180, 217), (92, 156, 92), (176, 176, 176)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class DossierAttachment(_Frozen):
    number: str
    name: str
    size: int
    sha256: str
    url: str | None = None
    media_type: str
    content: bytes | None = None  # embedded when given


class DossierChart(_Frozen):
    """A table item's bar chart: one group per label, one bar per series (sums)."""

    title: str
    labels: list[str]
    series: list[str]  # "" alone: a single series
    values: dict[str, dict[str, float]]
    largest: float


class DossierTable(_Frozen):
    """A table item as printed: column headings, cells as read, totals (computed), and its
    chart drawn above it."""

    headings: list[str]
    numeric: list[bool]  # right-aligned columns
    rows: list[list[str]]
    totals: list[str] = Field(default_factory=list)
    chart: DossierChart | None = None


class DossierEntry(_Frozen):
    number: str
    title: str
    depth: str  # DossierLevel value
    state: str  # ItemState value
    text: str = ""
    since: str | None = None
    table: DossierTable | None = None
    # 7.1–7.4: the Cité's self-assessment from its grids, printed before its text
    assessment: list[AxisResult] | None = None
    review: list[GridAnswer] = Field(default_factory=list)  # 7.3: the CDM21 review's answers
    feedback: list[GridAnswer] | None = None  # 8.2: the partners' feedback from the grids
    offered: bool = False  # the table holds rows offered by the tool, not yet taken up (8.3)


class DossierPart(_Frozen):
    number: str
    title: str
    entries: list[DossierEntry]
    headings: dict[str, str] = Field(default_factory=dict)  # parent number → title


class DossierReport(_Frozen):
    """Everything the labelling-file PDF shows; built by the service, no database here."""

    cite: str
    campaign: str
    phase: Phase
    generated_on: dt.date
    validated_by: str | None = None
    validated_at: dt.datetime | None = None
    done: int
    asked: int
    parts: list[DossierPart]
    attachments: list[DossierAttachment] = Field(default_factory=list)
    plan: PlanReport | None = None  # fonctionnement: 8.1.1 and 8.1.2
    edition: Copy = "working"
    written_in: str | None = None  # the Cité's working language, its texts' (None: unsaid)

    @property
    def hand_in(self) -> bool:
        return self.edition == "hand_in"


def build_dossier_pdf(report: DossierReport, lang: Lang) -> bytes:
    """The labelling file in `lang` (titles and texts as the report gives them)."""
    pdf = DossierDocument(report, lang)
    pdf.dossier_cover()
    pdf.contents()
    for part in report.parts:
        pdf.part(part)
    pdf.annex()
    return pdf.finished()


def toc_pages(report: DossierReport, per_page: int) -> int:
    """Pages the table of contents needs: one line per part, parent heading, item, grid of
    the synthesis and the annex (a few lines spare)."""
    lines = 1 + sum(1 + len(p.entries) + len(p.headings) for p in report.parts)
    lines += 4 + (len(report.plan.syntheses) if report.plan else 0)
    return max(1, math.ceil(lines / per_page))


def _plan_of(report: DossierReport) -> PlanReport:
    return report.plan or PlanReport(
        cite=report.cite,
        campaign=report.campaign,
        phase=report.phase,
        generated_on=report.generated_on,
        syntheses=[],
        written_in=report.written_in,
    )


class DossierDocument(PlanDocument):
    """The plan PDF's document with the labelling file's cover, parts and annex, as PDF/A-3
    (level U: text extractable as Unicode) for archiving."""

    COMPLIANCE = "PDF/A-3U"

    def __init__(self, report: DossierReport, lang: Lang) -> None:
        super().__init__(_plan_of(report), lang)
        if _italics(report):  # a font read only when a text needs it (~0.1 s each)
            self.add_font(FAMILY, "I", FONTS_DIR / "DejaVuSans-Oblique.ttf")
            self.add_font(FAMILY, "BI", FONTS_DIR / "DejaVuSans-BoldOblique.ttf")
        self.dossier = report
        self.set_title(plain(f"{self.d('title')} — {report.cite} — {report.campaign}"))

    def t(self, key: str) -> str:
        return self.d(key) if key in ("running",) else super().t(key)

    def d(self, key: str, **params: object) -> str:
        return texts.text(f"dossier_pdf.{key}", self.lang, **params)

    def dossier_cover(self) -> None:
        self.add_page()
        self.set_fill_color(*NAVY)
        self.rect(0, 0, self.w, 62, style="F")
        self.set_xy(MARGIN + 4, 20)
        self.font(26, bold=True, colour=(255, 255, 255))
        self.cell(0, 12, self.d("title"), new_x="LMARGIN", new_y="NEXT")
        self.set_x(MARGIN + 4)
        self.font(11, colour=(220, 230, 242))
        self.cell(0, 8, self.d("subtitle"))
        self.set_xy(MARGIN + 4, 76)
        self.font(22, bold=True, colour=NAVY)
        self.multi_cell(self.epw - 8, 10, plain(self.dossier.cite), new_x="LMARGIN", new_y="NEXT")
        self.ln(4)
        for name, value in self._facts():
            self.set_x(MARGIN + 4)
            self.font(10, colour=MUTED)
            self.cell(45, 7, name)
            self.font(11, bold=True)
            self.multi_cell(0, 7, plain(value), new_x="LMARGIN", new_y="NEXT")

    def _facts(self) -> list[tuple[str, str]]:
        report, lang = self.dossier, self.lang
        validated = self.d("not_validated")
        if report.validated_by and report.validated_at:
            when = format_date(report.validated_at.date(), lang)
            validated = f"{report.validated_by}, {when}"
        pct = round(100 * report.done / report.asked) if report.asked else 100
        facts = [
            (self.t("campaign"), report.campaign),
            (self.t("phase"), labels.label(labels.PHASE, report.phase.value, lang)),
            (self.t("date"), format_date(report.generated_on, lang)),
            (self.d("validated"), validated),
        ]
        if report.hand_in:
            return facts
        ready = self.d("ready_value", done=report.done, asked=report.asked, pct=pct)
        return [*facts, (self.d("readiness"), ready), (self.d("copy"), self.d("working_copy"))]

    # --- table of contents ----------------------------------------------------------------
    def contents(self) -> None:
        """Reserve the table of contents' pages; fpdf2 fills them once every page is known."""
        self.add_page()
        per_page = int((self.page_break_trigger - self.t_margin - 16) / TOC_LINE)
        self.insert_toc_placeholder(self._render_toc, pages=toc_pages(self.dossier, per_page))

    def _render_toc(self, pdf: object, outline: list[OutlineSection]) -> None:
        self.heading(self.d("contents"), size=16)
        for section in outline:
            if self.get_y() + TOC_LINE > self.page_break_trigger:
                self.add_page()
            self.font(10 if section.level == 0 else 9, bold=section.level == 0)
            indent = 8 * section.level
            self.set_x(MARGIN + indent)
            number = str(section.page_number)
            width = self.epw - indent - 14
            link = self.add_link(page=section.page_number)
            self.cell(width, TOC_LINE, _fit(self, section.name, width), link=link)
            self.cell(14, TOC_LINE, number, align="R", link=link, new_x="LMARGIN", new_y="NEXT")

    # --- the items ------------------------------------------------------------------------
    def keep(self, height: float = KEEP) -> None:
        """A new page unless `height` mm fit under the current position."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def part(self, part: DossierPart) -> None:
        first = part.entries[0] if part.entries else None
        if first is not None and self._own_pages(first):
            self.add_page()  # 8.1.1 starts on its own page: the part's title goes with it
        elif first is not None:
            self.keep(self._lead(first) + 14)  # the part's title stays with its first item
        title = f"{part.number}. {part.title}"
        self.start_section(plain(title))
        self.heading(title, size=16)
        shown: set[str] = set()
        for entry in part.entries:
            parent = entry.number.rsplit(".", 1)[0]
            under = entry.number.count(".") == 2 and parent in part.headings
            if under and parent not in shown:
                shown.add(parent)
                self.parent_heading(parent, part.headings[parent], entry)
            self.entry(entry, level=2 if under else 1)
        self.ln(4)

    def parent_heading(self, number: str, title: str, first: DossierEntry) -> None:
        """1.2, 3.1, 4.2, 8.1: the heading over their sub-items, kept with the first one."""
        if not self._own_pages(first):
            self.keep(self._lead(first) + 10)
        self.start_section(plain(f"{number} {title}"), level=1)
        self.heading(f"{number} {title}", size=13.5, space=2)

    def _own_pages(self, entry: DossierEntry) -> bool:
        return entry.number in (SYNTHESIS, PLAN) and self.dossier.plan is not None

    def entry(self, entry: DossierEntry, *, level: int = 1) -> None:
        """One item (`level`: 2 under a parent heading, else 1)."""
        if entry.number == SYNTHESIS and self.dossier.plan is not None:
            synthesis_part(self, self.report, new_page=False, level=level)
            self._comment(entry)
            return
        if entry.number == PLAN and self.dossier.plan is not None:
            plan_part(self, self.report, level=level)
            self._comment(entry)
            return
        self.keep(self._lead(entry))
        self.start_section(plain(f"{entry.number} {entry.title}"), level=level)
        self.heading(f"{entry.number} {entry.title}", size=12, space=2)
        if not self.dossier.hand_in:
            self._depth_line(entry)
        self._body(entry)

    def _depth_line(self, entry: DossierEntry) -> None:
        depth = labels.label(labels.DOSSIER_LEVEL, entry.depth, self.lang)
        state = self.d(f"state.{entry.state}")
        self.note(self.d("depth_line", depth=depth, state=state))

    def _body(self, entry: DossierEntry) -> None:
        if entry.assessment is not None:
            self.self_assessment(entry.assessment)
        if entry.review:
            self.answers(entry.review[0].grid, entry.review)
        if entry.feedback is not None:
            self.feedback(entry.feedback)
        if entry.offered and not self.dossier.hand_in:
            self.note(texts.text("self_assessment.offered_note", self.lang))
        if entry.table is not None:
            self.item_table(entry.table)
        self.font(9.5)
        quiet = self.dossier.hand_in or (entry.table is not None and entry.table.rows)
        if entry.text.strip():
            self.narrative(entry.text)
        elif not quiet:
            self.multi_cell(0, TEXT_LINE, self.d("empty"), new_x="LMARGIN", new_y="NEXT")
        if entry.since:
            self.note(
                self.d("since", date=format_date(dt.date.fromisoformat(entry.since), self.lang))
            )
        names = [a.name for a in self.dossier.attachments if a.number == entry.number]
        if names:
            self.note(self.d("see_attachments", names=", ".join(names)))
        for attached in self.dossier.attachments:
            if attached.number == entry.number and attached.media_type in IMAGES:
                self.item_image(attached)
        self.ln(3)

    def item_image(self, attached: DossierAttachment) -> None:
        """An image attached to the item (5.3's map of the territory) drawn in the item, as
        large as the page's rest allows (at most `IMAGE_MAX_H` high; on the next page when
        less than `IMAGE_MIN_H` is left); one that cannot be read stays in the annex."""
        if attached.content is None:
            return
        try:
            _, _, info = preload_image(self.image_cache, io.BytesIO(attached.content))
            wide, high = float(info.width), float(info.height)
            self.keep(IMAGE_MIN_H + 8)
            room = self.page_break_trigger - self.get_y() - 8
            height = min(IMAGE_MAX_H, room, self.epw * high / wide)
            width = height * wide / high
            self.image(io.BytesIO(attached.content), x=MARGIN, w=width, h=height)
        except (OSError, ValueError, ZeroDivisionError, FPDFException):
            return
        self.note(attached.name, size=8)

    def self_assessment(self, results: list[AxisResult]) -> None:
        """The Cité's self-assessment on the criteria feeding the item, grid by grid: score,
        strengths, areas for improvement, evidence (computed, never typed)."""
        if not results and self.dossier.hand_in:
            return
        self.keep(30)
        self.font(9.5, bold=True, colour=NAVY)
        self.cell(
            0, 5.5, texts.text("self_assessment.title", self.lang), new_x="LMARGIN", new_y="NEXT"
        )
        if not results:
            self.note(texts.text("self_assessment.none", self.lang))
        for result in results:
            self._assessment(result)
        self.ln(2)

    def _assessment(self, result: AxisResult) -> None:
        self.keep(16)
        self.set_font(FAMILY, "B", 9.5)
        self.set_text_color(*INK)
        self.write(TEXT_LINE, plain(self_assessment.grid_text(result, self.lang)))
        self.set_font(FAMILY, "", 9.5)
        self.write(TEXT_LINE, plain(f" — {self_assessment.score_text(result, self.lang)}"))
        self.ln(TEXT_LINE + 0.6)
        for key, lines in self_assessment.listed(result):
            self.keep(12)
            self.font(9, bold=True, colour=MUTED)
            self.set_x(MARGIN + 2)
            self.cell(0, TEXT_LINE, texts.text(key, self.lang), new_x="LMARGIN", new_y="NEXT")
            self._bullets(lines)
        self.ln(1.5)

    def _bullets(self, lines: list[str]) -> None:
        """Plain lines as a bulleted list, wrapped under their text."""
        self.font(9)
        for line in lines:
            self.set_x(MARGIN + 2)
            self.cell(7, TEXT_LINE - 0.4, "•", align="R")
            self.set_left_margin(MARGIN + 10)
            self.set_x(MARGIN + 10)
            self.multi_cell(0, TEXT_LINE - 0.4, plain(line), new_x="LMARGIN", new_y="NEXT")
            self.set_left_margin(MARGIN)

    def feedback(self, answers: list[GridAnswer]) -> None:
        """8.2: what the quality grid collected from the partners, before the Cité's text."""
        if not answers and self.dossier.hand_in:
            return
        self.answers(texts.text("self_assessment.feedback", self.lang), answers)
        if not answers:
            self.note(texts.text("self_assessment.no_feedback", self.lang))

    def answers(self, title: str, answers: list[GridAnswer]) -> None:
        """A grid's answers that feed the item, each question in bold over its answer."""
        self.keep(14)
        self.font(9.5, bold=True, colour=NAVY)
        self.cell(0, 5.5, plain(title), new_x="LMARGIN", new_y="NEXT")
        for answer in answers:
            self.font(9.5, bold=True)
            self.multi_cell(0, TEXT_LINE, plain(answer.question), new_x="LMARGIN", new_y="NEXT")
            self.font(9.5)
            self.multi_cell(0, TEXT_LINE, plain(answer.answer), new_x="LMARGIN", new_y="NEXT")
            if answer.remark:
                self.note(answer.remark)
            self.ln(1.5)
        self.ln(2)

    def _lead(self, entry: DossierEntry) -> float:
        """What must fit under an item's heading on its page: a few lines, or its chart, or
        its rows and its image (5.3: the sites and the map together)."""
        chart = entry.table.chart if entry.table else None
        if entry.assessment or entry.feedback:
            return KEEP + 16  # the block's title and its first lines
        if any(
            a.number == entry.number and a.media_type in IMAGES for a in self.dossier.attachments
        ):
            rows = len(entry.table.rows) + 1 if entry.table else 0
            return KEEP + IMAGE_MIN_H + 6 * min(rows, 12)
        if chart is None:
            return KEEP
        return KEEP + vector.bars_height(self, *_bars(chart), family=FAMILY, width=CHART_W)

    def narrative(self, text: str) -> None:
        """A narrative text: paragraphs, lists, bold, italics and links (`domain.narrative`);
        anything else printed as typed."""
        for block in narrative.blocks(text):
            if block.kind == "paragraph":
                self._spans(block.items[0])
                self.ln(TEXT_LINE + 1.4)
                continue
            for number, item in enumerate(block.items, start=block.start):
                marker = "•" if block.kind == "bullets" else f"{number}."
                self.font(9.5)
                self.set_x(MARGIN + 2)
                self.cell(7, TEXT_LINE, marker, align="R")
                self.set_left_margin(MARGIN + 10)
                self.set_x(MARGIN + 10)
                self._spans(item)
                self.set_left_margin(MARGIN)
                self.ln(TEXT_LINE)
            self.ln(1.4)

    def _spans(self, spans: list[Span]) -> None:
        for span in spans:
            style = ("B" if span.bold else "") + ("I" if span.italic else "")
            self.set_font(FAMILY, style, 9.5)
            self.set_text_color(*(LINK if span.url else INK))
            self.write(TEXT_LINE, plain(span.text), link=span.url or "")
        self.font(9.5)

    def item_chart(self, chart: DossierChart) -> None:
        """The chart as vector bars (the table under it holds its data)."""
        self.keep(vector.bars_height(self, *_bars(chart), family=FAMILY, width=CHART_W) + 8)
        self.font(9, bold=True, colour=NAVY)
        self.cell(0, 5, plain(chart.title), new_x="LMARGIN", new_y="NEXT")
        rows, series = _bars(chart)
        vector.draw_bars(
            self,
            rows,
            series,
            family=FAMILY,
            width=CHART_W,
            axis_title="",
            top_value=vector.nice_top(chart.largest),
            show=lambda value: formats.number(round(value, 1), self.lang),
        )
        self.ln(2)

    def _column_widths(self, data: DossierTable) -> list[float]:
        """A number column as wide as its widest cell or heading word (a year, an amount); the text
        columns share the rest of the line by the length of their longest cell."""
        style = self.table_style
        self.set_font(style.family, "B", style.size)

        def widest(column: int) -> float:  # a heading wraps: its longest word counts
            texts = [*data.headings[column].split(), *(plain(row[column]) for row in data.rows)]
            return max(self.get_string_width(text) for text in texts) + 2 * style.pad_x + 1

        numbers = {i: min(widest(i), self.epw / 4) for i, n in enumerate(data.numeric) if n}
        text = [i for i in range(len(data.headings)) if i not in numbers]
        rest = self.epw - sum(numbers.values())
        if not text or rest < 25 * len(text):  # many numbers: text twice a number's width
            even = [1.0 if numeric else 2.0 for numeric in data.numeric]
            return [self.epw * weight / sum(even) for weight in even]
        weights = {i: min(max(widest(i), 20.0), 90.0) for i in text}
        share = rest / sum(weights.values())
        return [numbers.get(i, weights.get(i, 0.0) * share) for i in range(len(data.headings))]

    def item_table(self, data: DossierTable) -> None:
        """The item's chart, then its rows under their column headings (headings repeated on
        a new page), then its totals."""
        if data.chart is not None:
            self.item_chart(data.chart)
        self.keep(14)
        widths = self._column_widths(data)
        columns = [
            Column(plain(title), width, "R" if numeric else "L")
            for title, width, numeric in zip(data.headings, widths, data.numeric, strict=True)
        ]
        table = Table(self, columns, self.table_style)
        for row in data.rows:
            table.row([plain(cell) for cell in row])
        if not data.rows:
            table.row([Cell(self.d("no_rows"), colour=MUTED), *[""] * (len(columns) - 1)])
        self.ln(1.5)
        for line in data.totals:
            self.paragraph(line, bold=True, size=9)
        self.ln(1)

    def _comment(self, entry: DossierEntry) -> None:
        if entry.text.strip():
            self.heading(self.d("comment"), size=11, space=2)
            self._body(entry)

    def annex(self) -> None:
        self.keep(KEEP + 20)
        self.start_section(self.d("annex"))
        self.heading(self.d("annex"), size=16)
        if not self.dossier.attachments:
            self.note(self.d("no_attachments"))
            return
        self.note(self.d("annex_note"))
        self.ln(2)
        keys = {"part": 18, "name": 90, "size": 22, "sha256": 112, "embedded": 27}
        columns = [Column(self.d(k), w, "R" if k == "size" else "L") for k, w in keys.items()]
        table = Table(self, columns, self.table_style)
        for attached in self.dossier.attachments:
            table.row(self._annex_cells(attached))
            if attached.content is not None:
                self.embed_file(
                    bytes=attached.content,
                    basename=attached.name,
                    desc=plain(f"{attached.number} {attached.name}"),
                    mime_type=attached.media_type,
                    associated_file_relationship="Source",  # what the item's text rests on
                    modification_date=dt.datetime.combine(
                        self.dossier.generated_on, dt.time(), dt.UTC
                    ),
                )

    def _annex_cells(self, attached: DossierAttachment) -> list[str]:
        if attached.url:
            return [
                attached.number,
                plain(f"{attached.name}\n{attached.url}"),
                "—",
                "—",
                self.d("link"),
            ]
        embedded = self.d("yes") if attached.content is not None else self.d("too_big")
        size = formats.file_size(attached.size, self.lang)
        return [attached.number, plain(attached.name), size, attached.sha256, embedded]


def _italics(report: DossierReport) -> bool:
    """Whether a narrative text of the file has italics."""
    return any(
        span.italic
        for part in report.parts
        for entry in part.entries
        if "*" in entry.text or "_" in entry.text
        for block in narrative.blocks(entry.text)
        for item in block.items
        for span in item
    )


def _bars(chart: DossierChart) -> tuple[list[vector.BarRow], list[vector.Series]]:
    names = chart.series if chart.series != [""] else [""]
    series = [
        vector.Series(name or "_", plain(name or chart.title), PALETTE[k % len(PALETTE)])
        for k, name in enumerate(names)
    ]
    rows = [
        vector.BarRow(
            plain(label),
            {
                one.key: chart.values[label].get(name)
                for one, name in zip(series, names, strict=True)
            },
        )
        for label in chart.labels
    ]
    return rows, series


def _fit(pdf: PlanDocument, text: str, width: float) -> str:
    """`text` cut with "…" to fit `width` mm in the current font."""
    text = plain(text)
    if pdf.get_string_width(text) <= width - 2:
        return text
    while text and pdf.get_string_width(text + "…") > width - 2:
        text = text[:-1]
    return text.rstrip() + "…"
