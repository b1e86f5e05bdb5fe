"""The labelling file of a Cité as one PDF, for its phase (seed 003), with fpdf2.

`build_dossier_pdf(report, lang)` lays out, on A4 landscape pages (the plan PDF's document,
`reports.pdf.PlanDocument`, whose fonts, header, footer and tables it reuses):
1. a cover: Cité, phase, campaign, date, who validated the file (submitted it) and when, how
   ready it is;
2. the items the phase asks, 1.1 … 8.4 in order under their section, each with the depth asked
   and the text written (items the phase does not ask are left out); for *fonctionnement*,
   8.1.1 and 8.1.2 hold the synthesis of remarks and the improvement plan in their place;
3. an annex listing every attachment (item, name, size, sha256, or the link), the files
   themselves embedded in the PDF as attachments (fpdf2 `embed_file`) up to a total size.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from cdm_quality.domain import labels, texts
from cdm_quality.domain.questionnaire import Lang, Phase
from cdm_quality.domain.synthesis import format_date
from cdm_quality.reports.pdf import MARGIN, MUTED, NAVY, PlanDocument, PlanReport, plain
from cdm_quality.reports.table import Cell, Column, Table

SYNTHESIS, PLAN = "8.1.1", "8.1.2"


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


class DossierTable(_Frozen):
    """A table item as printed: column headings, cells as read, totals (computed)."""

    headings: list[str]
    numeric: list[bool]  # right-aligned columns
    rows: list[list[str]]
    totals: list[str] = Field(default_factory=list)


class DossierEntry(_Frozen):
    number: str
    title: str
    depth: str  # DossierLevel value
    state: str  # ItemState value
    text: str = ""
    since: str | None = None
    table: DossierTable | None = None


class DossierPart(_Frozen):
    number: str
    title: str
    entries: list[DossierEntry]


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


def build_dossier_pdf(report: DossierReport, lang: Lang) -> bytes:
    """The labelling file in `lang` (titles and texts as the report gives them)."""
    pdf = DossierDocument(report, lang)
    pdf.dossier_cover()
    for part in report.parts:
        pdf.part(part)
    pdf.annex()
    return bytes(pdf.output())


def _plan_of(report: DossierReport) -> PlanReport:
    return report.plan or PlanReport(
        cite=report.cite,
        campaign=report.campaign,
        phase=report.phase,
        generated_on=report.generated_on,
        syntheses=[],
    )


class DossierDocument(PlanDocument):
    """The plan PDF's document with the labelling file's cover, parts and annex."""

    def __init__(self, report: DossierReport, lang: Lang) -> None:
        super().__init__(_plan_of(report), lang)
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
        return [
            (self.t("campaign"), report.campaign),
            (self.t("phase"), labels.label(labels.PHASE, report.phase.value, lang)),
            (self.t("date"), format_date(report.generated_on, lang)),
            (self.d("validated"), validated),
            (
                self.d("readiness"),
                self.d("ready_value", done=report.done, asked=report.asked, pct=pct),
            ),
        ]

    def part(self, part: DossierPart) -> None:
        self.add_page()
        title = f"{part.number}. {part.title}"
        self.start_section(plain(title))
        self.heading(title, size=16)
        for entry in part.entries:
            self.entry(entry)

    def entry(self, entry: DossierEntry) -> None:
        if entry.number == SYNTHESIS and self.dossier.plan is not None:
            self.synthesis_part()
            self._comment(entry)
            return
        if entry.number == PLAN and self.dossier.plan is not None:
            self.plan_part()
            self._comment(entry)
            return
        self.start_section(plain(f"{entry.number} {entry.title}"), level=1)
        self.heading(f"{entry.number} {entry.title}", size=12, space=2)
        self._depth_line(entry)
        self._body(entry)

    def _depth_line(self, entry: DossierEntry) -> None:
        depth = labels.label(labels.DOSSIER_LEVEL, entry.depth, self.lang)
        state = self.d(f"state.{entry.state}")
        self.note(self.d("depth_line", depth=depth, state=state))

    def _body(self, entry: DossierEntry) -> None:
        if entry.table is not None:
            self.item_table(entry.table)
        self.font(9.5)
        text = entry.text.strip() or ("" if entry.table and entry.table.rows else self.d("empty"))
        if text:
            self.multi_cell(0, 4.8, plain(text), new_x="LMARGIN", new_y="NEXT")
        if entry.since:
            self.note(
                self.d("since", date=format_date(dt.date.fromisoformat(entry.since), self.lang))
            )
        names = [a.name for a in self.dossier.attachments if a.number == entry.number]
        if names:
            self.note(self.d("see_attachments", names=", ".join(names)))
        self.ln(3)

    def item_table(self, data: DossierTable) -> None:
        """The item's rows under their column headings (headings repeated on a new page),
        then its totals."""
        weights = [1.0 if numeric else 2.0 for numeric in data.numeric]
        unit = self.epw / sum(weights)
        columns = [
            Column(plain(title), unit * weight, "R" if numeric else "L")
            for title, weight, numeric in zip(data.headings, weights, data.numeric, strict=True)
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
        self.add_page()
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
        size = _size(attached.size, self.lang)
        return [attached.number, plain(attached.name), size, attached.sha256, embedded]


def _size(size: int, lang: Lang) -> str:
    unit = ("Mo", "ko") if lang == "fr" else ("MB", "kB")
    if size >= 1024 * 1024:
        text = f"{size / (1024 * 1024):.1f} {unit[0]}"
    else:
        text = f"{max(1, round(size / 1024))} {unit[1]}"
    return text.replace(".", ",") if lang == "fr" else text
