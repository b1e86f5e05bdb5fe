"""8.1.1 in the plan PDF: a synthesis worth reading, then (optionally) every answer.

1. the executive summary: each grid's score against the previous campaign and the network
   median, its compliance, its numbers of strengths and areas for improvement, and the few
   most important of each across the grids (`domain.synthesis.executive_summary`);
2. the method and the validation: when each self-assessment was filled and submitted, who
   took part, how the synthesis is built, and the steering committee's validation;
3. per grid: the section scores (table and chart), then section by section its strengths and
   areas for improvement with their remarks, and its other notable remarks;
4. the annex (left out on request): every answer, grid by grid, as before.

A mixin of `reports.pdf.PlanDocument`: it uses the document's `t`, `font`, `heading`,
`note`, `paragraph` and `report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from cdm_quality.domain import formats, labels, texts
from cdm_quality.domain.disclosure import MEDIAN_MIN
from cdm_quality.domain.synthesis import (
    SectionDigest,
    SectionSummary,
    Synthesis,
    SynthesisRow,
    executive_summary,
    format_date,
    section_digests,
)
from cdm_quality.reports import vector
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
from cdm_quality.reports.table import Cell, Column, Table

if TYPE_CHECKING:
    from cdm_quality.reports.pdf import PlanDocument

    Base = PlanDocument
else:
    Base = object


class SynthesisPages(Base):
    # --- 8.1.1 -------------------------------------------------------------------------
    def synthesis_part(self, *, new_page: bool = True, level: int = 0) -> None:
        """8.1.1 (on a new page unless told otherwise; `level`: its level in the outline)."""
        if new_page:
            self.add_page()
        self.start_section(self.t("s811"), level=level)
        self.heading(self.t("s811"), size=16)
        if self.report.syntheses:
            self._summary()
        self._method()
        for synthesis in self.report.syntheses:
            if self.get_y() > self.page_break_trigger - 100:  # a grid starts on a fresh page
                self.add_page()  # unless most of this one is free
            else:
                self.ln(6)
            self.start_section(plain(synthesis.questionnaire_title), level=level + 1)
            title = f"{synthesis.questionnaire_title} (v{synthesis.questionnaire_version})"
            self.heading(title, size=12, space=4)
            self._section_scores(synthesis)
            self._digests(synthesis)

    def _summary(self) -> None:
        self.heading(self.t("summary"), size=12, space=3)
        summary = executive_summary(self.report.syntheses)
        keys = {"grid": 80, "score": 22, "previous": 30, "change": 22, "network": 28}
        keys |= {"compliance": 32, "strengths": 25, "improvements": 30}
        columns = [Column(self.t(k), w, "L" if k == "grid" else "R") for k, w in keys.items()]
        table = Table(self, columns, replace(TABLE_STYLE, size=8.5, line=3.9))
        for grid in summary.grids:
            rate = pct(grid.compliance.rate, self.lang)
            table.row(
                [
                    Cell(plain(grid.title), bold=True),
                    score_text(grid.score, self.lang, decimals=1),
                    score_text(grid.previous_score, self.lang, decimals=1),
                    signed(grid.change, self.lang),
                    score_text(grid.network_score, self.lang, decimals=1),
                    f"{rate} ({grid.compliance.compliant}/{grid.compliance.applicable})",
                    str(grid.strengths),
                    str(grid.improvements),
                ]
            )
        for synthesis in self.report.syntheses:
            if synthesis.like_for_like:
                done, asked = synthesis.answered
                grid = plain(synthesis.questionnaire_title)
                self.note(texts.plural("pdf.like_for_like", asked, self.lang, done=done, grid=grid))
        if any(g.network_score is None for g in summary.grids):
            if self.report.network_published:
                self.note(texts.plural("pdf.median_withheld", MEDIAN_MIN, self.lang))
            else:
                self.note(self.t("median_unpublished"))
        self.ln(3)
        self._highlights("top_strengths", summary.strengths, "no_strength")
        self._highlights("top_improvements", summary.improvements, "no_improvement")

    def _highlights(self, title: str, rows: Sequence[SynthesisRow], empty: str) -> None:
        self.heading(self.t(title), size=10, space=2)
        if not rows:
            self.note(self.t(empty))
            return
        table = Table(self, self._finding_columns(), self.table_style)
        for row in rows:
            table.row(self._finding_cells(row, grid=True))

    def _method(self) -> None:
        """The validation first (what a reader looks for), then when and by whom each grid
        was filled in, then how the synthesis is built."""
        self.heading(self.t("method"), size=12, space=3)
        validation = self.report.validation
        if validation is None:
            self.paragraph(self.t("not_validated"), bold=True)
        else:
            date = format_date(validation.validated_on, self.lang)
            body = formats.body_in_sentence(validation.body, self.lang)
            text = self.t("validated").format(body=body, date=date)
            self.paragraph(f"{text} {validation.note}".strip(), bold=True)
        for method in self.report.methods:
            started = format_date(method.started_on, self.lang) or "—"
            line = self.t("started").format(date=started)
            if method.submitted_on:
                done = format_date(method.submitted_on, self.lang)
                line += ", " + self.t("submitted").format(date=done, who=method.submitted_by)
            else:
                line += ", " + self.t("not_submitted")
            who = method.participants.strip().replace("\n", " ; ")
            who = self.t("participants").format(who=who or self.t("no_participants"))
            self.paragraph(f"{method.title} — {line}. {who}.")
            if method.raters:
                self.paragraph(self.t("raters").format(who=method.raters))
            if method.divergent:
                self.paragraph(self.t("divergent").format(items=" ; ".join(method.divergent)))
        self.note(texts.plural("pdf.method_how", MEDIAN_MIN, self.lang))

    # --- scores ------------------------------------------------------------------------
    def _section_scores(self, synthesis: Synthesis) -> None:
        """Section scores table on the left, the chart beside it (below if it does not fit)."""
        if not synthesis.sections:
            return
        table_width = 150.0
        page, top = self.page, self.get_y()
        self._scores_table(synthesis.sections, table_width)
        bottom = self.get_y()
        rows, series = self._score_bars(synthesis.sections)
        beside = self.w - 2 * MARGIN - table_width - 6
        height = vector.bars_height(self, rows, series, family=FAMILY, width=beside)
        if self.page == page and top + height <= self.page_break_trigger:
            self.set_y(top)
            self._draw_bars(rows, series, beside, x=MARGIN + table_width + 6)
            bottom = max(bottom, self.get_y())
        else:
            self.set_y(bottom + 4)
            self._draw_bars(rows, series, min(self.epw, 190.0))
            bottom = self.get_y()
        self.set_y(bottom + 6)

    def _score_bars(
        self, sections: Sequence[SectionSummary]
    ) -> tuple[list[vector.BarRow], list[vector.Series]]:
        names = {k: labels.label(labels.SERIES, k, self.lang) for k in vector.SERIES_COLOURS}
        names["cite"] = plain(self.report.cite) or names["cite"]
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
        self,
        rows: Sequence[vector.BarRow],
        series: Sequence[vector.Series],
        width: float,
        x: float | None = None,
    ) -> None:
        vector.draw_bars(
            self, rows, series, family=FAMILY, width=width, axis_title=self.t("axis"), x=x
        )
        self.font()

    def _scores_table(self, sections: Sequence[SectionSummary], width: float) -> None:
        keys = {"section": width - 92, "score": 18, "previous": 26, "network": 24, "change": 24}
        columns = [Column(self.t(k), w, "L" if k == "section" else "R") for k, w in keys.items()]
        table = Table(self, columns, TABLE_STYLE)
        for s in sections:
            scores = [score_text(v, self.lang, decimals=1) for v in (s.score, s.previous)]
            scores.append(score_text(s.network_median, self.lang, decimals=1))
            table.row([plain(s.title), *scores, signed(s.change, self.lang)])

    # --- section by section -----------------------------------------------------------
    def _digests(self, synthesis: Synthesis) -> None:
        digests = section_digests(synthesis)
        if not digests:
            self.note(self.t("no_rows"))
            return
        self.heading(self.t("details"), size=10, space=2)
        table = Table(self, self._finding_columns(), self.table_style)
        for digest in digests:
            table.band(self._band_text(digest))
            rows = [*digest.strengths, *digest.improvements, *digest.remarks]
            if not rows:
                table.row(["", self.t("nothing_notable"), "", "", ""])
            for row in rows:
                table.row(self._finding_cells(row))

    def _band_text(self, digest: SectionDigest) -> str:
        summary = digest.summary
        if summary is None or summary.score is None:
            return plain(digest.title)
        figures = self.t("section_scores").format(
            score=score_text(summary.score, self.lang, decimals=1),
            previous=score_text(summary.previous, self.lang, decimals=1),
            network=score_text(summary.network_median, self.lang, decimals=1),
        )
        return f"{plain(digest.title)} — {figures}"

    def _finding_columns(self) -> list[Column]:
        keys = {"finding": 30, "criterion": 72, "ref": 20, "answer": 42, "remark": 105}
        return [Column(self.t(k), w) for k, w in keys.items()]

    def _finding_cells(self, row: SynthesisRow, *, grid: bool = False) -> list[str | Cell]:
        if row.classification:
            fill, colour = CLASS_STYLE[row.classification]
            text = labels.label(labels.CLASSIFICATION, row.classification, self.lang)
            if row.breach:
                text += "\n" + self.t("breach")
            kind = Cell(text, bold=True, colour=colour, fill=fill)
        else:
            kind = Cell(self.t("remark_kind"), bold=True)
        where = f"\n{row.section_title}" if grid else ""
        return [
            kind,
            Cell(plain(f"{row.title}{where}"), bold=True),
            plain(row.dossier or ""),
            plain(row.answer or "—"),
            plain(row.remark),
        ]

    # --- annex -------------------------------------------------------------------------
    def annex_part(self) -> None:
        self.add_page()
        self.start_section(self.t("annex"))
        self.heading(self.t("annex"), size=16)
        for number, synthesis in enumerate(self.report.syntheses):
            if number:
                self.add_page()
            self.start_section(plain(synthesis.questionnaire_title), level=1)
            title = f"{synthesis.questionnaire_title} (v{synthesis.questionnaire_version})"
            self.heading(title, size=12, space=4)
            self._items_table(synthesis)

    def _items_table(self, synthesis: Synthesis) -> None:
        if not synthesis.rows:
            self.note(self.t("no_rows"))
            return
        keys = {"ref": 22, "item": 72, "answer": 38, "remark": 97, "class": 26, "score": 14}
        columns = [Column(self.t(k), w, "R" if k == "score" else "L") for k, w in keys.items()]
        table = Table(self, columns, self.table_style)
        scores = {s.section_id: s.score for s in synthesis.sections}
        section = None
        for row in synthesis.rows:
            if row.section_id != section:
                section = row.section_id
                score = scores.get(section)
                band = plain(row.section_title)
                if score is not None:
                    band += f" — {self.t('score')} {score_text(score, self.lang, decimals=1)} / 100"
                table.band(band)
            table.row(self._item_cells(row))

    def _item_cells(self, row: SynthesisRow) -> list[str | Cell]:
        ref = row.dossier or ""
        if row.dossier_level:
            ref += f"\n{row.dossier_level}"
        klass: str | Cell = ""
        if row.classification:
            fill, colour = CLASS_STYLE[row.classification]
            text = labels.label(labels.CLASSIFICATION, row.classification, self.lang)
            klass = Cell(text, bold=True, colour=colour, fill=fill)
        return [
            plain(ref),
            plain(row.text),
            plain(row.answer or "—"),
            plain(row.remark),
            klass,
            score_text(row.score, self.lang, blank=""),
        ]
