"""The improvement-plan PDF of a Cité (labelling-file items 8.1.1 and 8.1.2), with fpdf2.

`build_plan_pdf(report, lang)` lays out, on A4 landscape pages:
1. a cover: Cité, campaign, phase, date, key figures of each synthesised grid;
2. 8.1.1: per grid, the section scores beside the previous campaign and the network median,
   the score chart, then the table of items (reference, text, answer, remark, classification,
   score) grouped by section;
3. 8.1.2: the table of actions, then the Gantt timeline.

Every page but the cover has a running header; every page has "Page n / N". Table headings
repeat on each page; a cell too long for one page continues on the next rows. Text is set in
the DejaVu fonts shipped in `fonts/` (never the latin-1 core fonts), read as plain text (no
markup), with characters the font lacks shown as U+FFFD; right-to-left scripts are shaped and
ordered by HarfBuzz (uharfbuzz) when present. The charts (section scores, schedule) are
vector graphics drawn by fpdf2 itself (`reports.vector`), not images.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from fpdf import FPDF
from pydantic import BaseModel, ConfigDict, Field

from cdm_quality.domain import labels
from cdm_quality.domain.plan import ActionDraft
from cdm_quality.domain.questionnaire import Lang, Phase, Text
from cdm_quality.domain.scoring import Classification
from cdm_quality.domain.synthesis import (
    SectionSummary,
    Synthesis,
    SynthesisRow,
    format_date,
    format_number,
)
from cdm_quality.reports import vector
from cdm_quality.reports.table import Cell, Column, Style, Table

FONTS_DIR = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
MARGIN = 14.0
BODY_PT = 7.5
LINE = 3.4  # mm per line at BODY_PT
NAVY = (31, 78, 121)
INK = (33, 37, 41)
MUTED = (108, 117, 125)
RULE = (206, 212, 218)
TABLE_STYLE = Style(family=FAMILY, size=BODY_PT, line=LINE)
CLASS_STYLE = {
    Classification.strength: ((226, 239, 218), (46, 104, 30)),
    Classification.improvement: ((252, 228, 214), (165, 72, 0)),
    Classification.neutral: ((240, 240, 240), (90, 90, 90)),
}

T = {
    "title": Text(fr="Plan d’amélioration de la qualité", en="Quality improvement plan"),
    "subtitle": Text(
        fr="Dossier de labellisation — 8.1.1 Synthèse des remarques · 8.1.2 Plan d’amélioration",
        en="Labelling file — 8.1.1 Synthesis of remarks · 8.1.2 Improvement plan",
    ),
    "running": Text(fr="8.1 Plan d’amélioration", en="8.1 Improvement plan"),
    "campaign": Text(fr="Campagne", en="Campaign"),
    "phase": Text(fr="Phase du label", en="Label phase"),
    "date": Text(fr="Édité le", en="Issued on"),
    "grids": Text(fr="Grilles évaluées", en="Grids assessed"),
    "grid": Text(fr="Grille", en="Grid"),
    "score": Text(fr="Score", en="Score"),
    "compliance": Text(fr="Conformité", en="Compliance"),
    "strengths": Text(fr="Points forts", en="Strengths"),
    "improvements": Text(fr="Axes d’amélioration", en="Areas for improvement"),
    "actions_count": Text(fr="{n} actions au plan", en="{n} actions in the plan"),
    "page": Text(fr="Page", en="Page"),
    "s811": Text(fr="8.1.1 Synthèse des remarques", en="8.1.1 Synthesis of remarks"),
    "s812": Text(fr="8.1.2 Plan d’amélioration", en="8.1.2 Improvement plan"),
    "timeline": Text(fr="Calendrier de mise en œuvre", en="Implementation schedule"),
    "by_section": Text(fr="Scores par section", en="Scores by section"),
    "section": Text(fr="Section", en="Section"),
    "previous": Text(fr="Campagne précédente", en="Previous campaign"),
    "network": Text(fr="Médiane du réseau", en="Network median"),
    "change": Text(fr="Évolution", en="Change"),
    "ref": Text(fr="Réf.", en="Ref."),
    "item": Text(fr="Item", en="Item"),
    "answer": Text(fr="Réponse", en="Answer"),
    "remark": Text(fr="Remarque", en="Remark"),
    "class": Text(fr="Classement", en="Classification"),
    "no": Text(fr="N°", en="No."),
    "action": Text(fr="Action", en="Action"),
    "description": Text(fr="Description", en="Description"),
    "indicator": Text(fr="Indicateur de réussite", en="Success indicator"),
    "items": Text(fr="Items liés", en="Linked items"),
    "owner": Text(fr="Responsable · partenaires", en="Owner · partners"),
    "dates": Text(fr="Début → échéance", en="Start → due"),
    "status": Text(fr="Statut", en="Status"),
    "priority": Text(fr="Priorité\n(E × F)", en="Priority\n(E × F)"),
    "continued": Text(fr="(suite)", en="(continued)"),
    "carried": Text(
        fr="Reprise d’une action du plan précédent.", en="Carried over from the previous plan."
    ),
    "no_rows": Text(
        fr="Aucune réponse ni remarque pour cette grille.",
        en="No answer or remark for this grid.",
    ),
    "no_actions": Text(
        fr="Aucune action n’est encore inscrite au plan.", en="The plan has no action yet."
    ),
    "no_dates": Text(fr="Aucune action n’est datée.", en="No action has a date yet."),
    "priority_note": Text(
        fr="Priorité = efficacité (E, 1–4) × faisabilité (F, 1–4) : de 1 à 16.",
        en="Priority = effectiveness (E, 1–4) × feasibility (F, 1–4): from 1 to 16.",
    ),
    "phase_none": Text(fr="non précisée", en="not given"),
    "axis": Text(fr="Score (0–100)", en="Score (0–100)"),
    "today": Text(fr="Aujourd’hui", en="Today"),
}
MONTHS = {
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
}


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


def build_plan_pdf(data: PlanReport, lang: Lang) -> bytes:
    """The plan PDF in `lang` (the syntheses must be in that language)."""
    wrong = [s.questionnaire_id for s in data.syntheses if s.lang != lang]
    if wrong:
        raise ValueError(f"syntheses {wrong} are not in {lang!r}; build them in {lang!r}")
    pdf = PlanDocument(data, lang)
    pdf.cover()
    pdf.synthesis_part()
    pdf.plan_part()
    return bytes(pdf.output())


# --- Text ----------------------------------------------------------------------------------

_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_NEEDS_SHAPING = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@cache
def _font_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(FONTS_DIR / "DejaVuSans.ttf", lazy=True) as font:
        return frozenset(font.getBestCmap())


def plain(text: str | None) -> str:
    """Text as the PDF prints it: no control or bidi-override characters, tabs as spaces,
    characters the font lacks as U+FFFD (joiners and variation selectors dropped)."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\t", "    ").translate(_BIDI_CONTROLS)
    known = _font_codepoints()
    odd = {ch for ch in set(text) if ch != "\n" and (ch < " " or ord(ch) not in known)}
    return text.translate({ord(ch): _replacement(ch) for ch in odd}) if odd else text


def _replacement(ch: str) -> str:
    """Nothing for controls, joiners, modifiers and marks the font lacks; U+FFFD otherwise."""
    if ch < " " or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc", "Sk"):
        return ""
    return "\ufffd"


def needs_shaping(texts: Sequence[str]) -> bool:
    """Whether any text holds a right-to-left script that HarfBuzz must shape and order."""
    return any(_NEEDS_SHAPING.search(t) for t in texts if t)


def _report_texts(data: PlanReport) -> list[str]:
    texts = [data.cite, data.campaign]
    for synthesis in data.syntheses:
        texts += [t for r in synthesis.rows for t in (r.text, r.answer or "", r.remark)]
    for a in data.actions:
        texts += [a.title, a.description, a.owner, a.partners, a.indicator]
    return texts


def _shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


# --- Document ------------------------------------------------------------------------------


class PlanDocument(FPDF):
    """The fpdf2 document with the product's fonts, header, footer and building blocks."""

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
        if _shaping_available() and needs_shaping(_report_texts(report)):
            self.set_text_shaping(True)

    @property
    def table_style(self) -> Style:
        return replace(TABLE_STYLE, continued=self.t("continued"))

    def t(self, key: str) -> str:
        return T[key](self.lang)

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
        self.multi_cell(0, size * 0.45 + 0.6, plain(text), new_x="LMARGIN", new_y="NEXT")
        self.font()

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
            rate = _pct(compliance.rate, self.lang)
            table.row(
                [
                    plain(f"{s.questionnaire_title} (v{s.questionnaire_version})"),
                    _score(s.score, self.lang, decimals=1, suffix=" / 100"),
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
        head = T["actions_count"](self.lang).format(n=len(self.report.actions))
        return f"{head} — " + " · ".join(parts)

    # --- 8.1.1 -------------------------------------------------------------------------
    def synthesis_part(self) -> None:
        self.add_page()
        self.start_section(self.t("s811"))
        self.heading(self.t("s811"), size=16)
        for number, synthesis in enumerate(self.report.syntheses):
            if number:
                self.add_page()
            self.start_section(plain(synthesis.questionnaire_title), level=1)
            title = f"{synthesis.questionnaire_title} (v{synthesis.questionnaire_version})"
            self.heading(title, size=12, space=4)
            self._section_scores(synthesis)
            self._items_table(synthesis)

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

    def _draw_bars(self, rows, series, width: float, x: float | None = None) -> None:
        vector.draw_bars(
            self, rows, series, family=FAMILY, width=width, axis_title=self.t("axis"), x=x
        )
        self.font()

    def _scores_table(self, sections: Sequence[SectionSummary], width: float) -> None:
        keys = {"section": width - 92, "score": 18, "previous": 26, "network": 24, "change": 24}
        columns = [Column(self.t(k), w, "L" if k == "section" else "R") for k, w in keys.items()]
        table = Table(self, columns, TABLE_STYLE)
        for s in sections:
            scores = [_score(v, self.lang, decimals=1) for v in (s.score, s.previous)]
            scores.append(_score(s.network_median, self.lang, decimals=1))
            table.row([plain(s.title), *scores, _signed(s.change, self.lang)])

    def _items_table(self, synthesis: Synthesis) -> None:
        if not synthesis.rows:
            self.note(self.t("no_rows"))
            return
        keys = {"ref": 28, "item": 66, "answer": 38, "remark": 95, "class": 26, "score": 14}
        columns = [Column(self.t(k), w, "R" if k == "score" else "L") for k, w in keys.items()]
        table = Table(self, columns, self.table_style)
        scores = {s.section_id: s.score for s in synthesis.sections}
        section = None
        for row in synthesis.rows:
            if row.section_id != section:
                section = row.section_id
                table.band(self._band_text(row.section_title, scores.get(section)))
            table.row(self._item_cells(row))

    def _band_text(self, title: str, score: float | None) -> str:
        if score is None:
            return plain(title)
        return f"{plain(title)} — {self.t('score')} {_score(score, self.lang, decimals=1)} / 100"

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
            _score(row.score, self.lang, blank=""),
        ]

    # --- 8.1.2 -------------------------------------------------------------------------
    def plan_part(self) -> None:
        self.add_page()
        self.start_section(self.t("s812"))
        self.heading(self.t("s812"), size=16)
        if not self.report.actions:
            self.note(self.t("no_actions"))
            return
        self.note(self.t("priority_note"))
        self.ln(2)
        self._actions_table()
        self._timeline()

    def _actions_table(self) -> None:
        keys = {"no": 9, "action": 48, "description": 54, "indicator": 34, "items": 28}
        keys |= {"owner": 34, "dates": 22, "status": 21, "priority": 17}
        aligns = {"no": "R", "priority": "C"}
        columns = [Column(self.t(k), w, aligns.get(k, "L")) for k, w in keys.items()]
        table = Table(self, columns, self.table_style)
        for number, action in enumerate(self.report.actions, start=1):
            table.row(self._action_cells(number, action))

    def _action_cells(self, number: int, action: ActionDraft) -> list[str | Cell]:
        description = action.description
        if action.continues is not None:
            description = f"{self.t('carried')}\n{description}".strip()
        owner = "\n".join(p for p in (action.owner, action.partners) if p)
        start, due = (format_date(d, self.lang) or "…" for d in (action.start, action.due))
        priority = ""
        if action.priority is not None:
            priority = f"{action.priority}\n{action.effectiveness} × {action.feasibility}"
        return [
            str(number),
            Cell(plain(action.title), bold=True),
            plain(description),
            plain(action.indicator),
            plain("\n".join(self._criterion(i) for i in action.item_ids)),
            plain(owner),
            f"{start}\n→ {due}",
            labels.label(labels.ACTION_STATUS, action.status.value, self.lang),
            priority,
        ]

    def _criterion(self, item_id: str) -> str:
        """A linked item as a person names it; an item unknown to the grids is left out
        rather than shown by its internal id."""
        if item_id in self.report.criteria:
            return self.report.criteria[item_id]
        rows = (r for s in self.report.syntheses for r in s.rows if r.item_id == item_id)
        return next((r.title for r in rows), "")

    def _timeline(self) -> None:
        """The schedule below the actions (on a new page when its first rows do not fit),
        drawn by `vector.draw_schedule`; rows continue on the next pages."""
        self.ln(6)
        if self.get_y() + 40 > self.page_break_trigger:
            self.add_page()
        self.start_section(self.t("timeline"), level=1)
        self.heading(self.t("timeline"), size=12, space=4)
        rows = [
            vector.ScheduleRow(
                label=plain(f"{number}. {action.title}"),
                start=action.start,
                end=action.due,
                colour=vector.STATUS_COLOURS[action.status],
            )
            for number, action in enumerate(self.report.actions, start=1)
        ]
        if not any(r.start or r.end for r in rows):
            self.note(self.t("no_dates"))
            return
        legend = [
            vector.Series(s.value, labels.label(labels.ACTION_STATUS, s.value, self.lang), c)
            for s, c in vector.STATUS_COLOURS.items()
        ]
        vector.draw_schedule(
            self,
            rows,
            family=FAMILY,
            width=self.epw,
            months=MONTHS[self.lang],
            legend=legend,
            today=self.report.generated_on,
            today_label=self.t("today"),
        )
        self.font()


# --- Number formats ----------------------------------------------------------------------


def _score(
    value: float | None, lang: Lang, *, decimals: int = 0, suffix: str = "", blank: str = "—"
) -> str:
    if value is None:
        return blank
    return _fixed(value, decimals, lang) + suffix


def _fixed(value: float, decimals: int, lang: Lang) -> str:
    """A number with exactly `decimals` decimals, French or English separators: 55,0 / 55.0."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "fr" else text


def _pct(value: float | None, lang: Lang) -> str:
    if value is None:
        return "—"
    return format_number(round(value), lang) + ("\u202f%" if lang == "fr" else "%")


def _signed(value: float | None, lang: Lang) -> str:
    if value is None:
        return "—"
    rounded = round(value, 1)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
    return sign + _fixed(abs(rounded), 1, lang)
