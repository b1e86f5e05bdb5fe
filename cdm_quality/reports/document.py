"""The plan PDF's document: an fpdf2 `FPDF` with the product's fonts, running header, footer
("Page n / N") and building blocks (`t`, `font`, `heading`, `note`, `paragraph`,
`table_style`). It knows no section: the sections are functions that take the document and
the report (`reports.pdf.PLAN_SECTIONS`), so nothing here imports them back.

Text is set in the DejaVu fonts shipped in `fonts/` (never the latin-1 core fonts), read as
plain text (no markup), with characters the font lacks shown as U+FFFD; right-to-left
scripts are shaped and ordered by HarfBuzz (uharfbuzz) when present.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import replace
from typing import cast

from fpdf import FPDF
from fpdf.output import OutputProducer

from cdm_quality.domain import texts
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import format_date
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
    plain,
    shaping_available,
)
from cdm_quality.reports.plan_report import PlanReport, report_texts
from cdm_quality.reports.table import Style


class PlanDocument(FPDF):
    """The fpdf2 document with the product's fonts, header, footer and building blocks;
    `report` gives the header and footer their Cité, campaign and date."""

    lang: Lang  # fpdf2 keeps it as any string; the document's words need one of ours
    COMPLIANCE: str | None = None  # a PDF/A level fpdf2 enforces (the labelling file's)

    def __init__(self, report: PlanReport, lang: Lang) -> None:
        super().__init__(
            orientation="L", unit="mm", format="A4", enforce_compliance=self.COMPLIANCE
        )
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
        self.set_lang(lang)  # the words' language while the pages are laid out
        self.written_in: str = report.written_in or lang
        self.set_creation_date(dt.datetime.combine(report.generated_on, dt.time(), dt.UTC))
        if shaping_available() and needs_shaping(report_texts(report)):
            self.set_text_shaping(True)

    def finished(self) -> bytes:
        """The document's bytes. Its language (/Lang) is the one most of its words are in: the
        Cité's working language, that of its remarks, texts and actions (fpdf2 2.8 cannot
        mark the language of a passage: its marked content is private, made for figures, and
        could not cross the page breaks a long remark makes); a copy in another language has
        only its headings in the reader's. Without a working language: the copy's."""
        return bytes(self.output(output_producer_class=_InTheCitesLanguage))

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
        lines = cast(list[str], self.multi_cell(0, line, text, dry_run=True, output="LINES"))
        height = len(lines) * line
        room = self.page_break_trigger - self.get_y()
        if room < height <= self.page_break_trigger - self.t_margin:
            self.add_page()
        self.multi_cell(0, line, text, new_x="LMARGIN", new_y="NEXT")


class _InTheCitesLanguage(OutputProducer):
    """fpdf2's writer of the file, with the document's /Lang set to the Cité's working
    language (`FPDF.lang` is also our words' language, read while the pages are laid out:
    every page, footer and contents are made before the file is written)."""

    def bufferize(self) -> bytearray:
        document = cast(PlanDocument, self.fpdf)
        words = document.lang
        document.lang = document.written_in
        try:
            return super().bufferize()
        finally:
            document.lang = words
