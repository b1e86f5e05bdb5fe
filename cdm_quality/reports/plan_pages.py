"""8.1.2 in the plan PDF: a plan that tracks its execution.

1. the review of the previous plan: what became of each of its actions (done with its date
   and result, carried over, dropped or abandoned with its reason, unfinished: no decision);
2. the actions: title and description, the criteria they answer (by title and
   labelling-file reference), owner and partners, dates (a past due date flagged), status
   and completion, the indicator's target and result, priority;
3. the label authority's recommendations and reservations: the action answering each, or
   the reason not to act;
4. every area for improvement (charter breaches first) with the actions answering it, or
   "non retenu : <reason>", or flagged when the plan owes it either;
5. the schedule (`reports.vector.draw_schedule`), overdue actions marked.

A mixin of `reports.pdf.PlanDocument`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdm_quality.domain import labels, texts
from cdm_quality.domain.plan import (
    ActionDraft,
    ActionStatus,
    AreaAnswer,
    Recommendation,
    ReviewLine,
    area_answers,
    review_counts,
)
from cdm_quality.domain.synthesis import format_date
from cdm_quality.reports import vector
from cdm_quality.reports.pdf_text import FAMILY, MONTHS, plain
from cdm_quality.reports.table import Cell, Column, Table

if TYPE_CHECKING:
    from cdm_quality.reports.pdf import PlanDocument

    Base = PlanDocument
else:
    Base = object

OUTCOME_COLOURS = {
    "done": ((226, 239, 218), (46, 104, 30)),
    "carried": ((222, 233, 245), (31, 78, 121)),
    "dropped": ((240, 240, 240), (90, 90, 90)),
    "unfinished": ((252, 228, 214), (165, 72, 0)),
    "abandoned": ((240, 240, 240), (90, 90, 90)),
}


class PlanPages(Base):
    def plan_part(self, *, level: int = 0) -> None:
        """8.1.2 on a new page (`level`: its level in the outline)."""
        self.add_page()
        self.start_section(self.t("s812"), level=level)
        self.heading(self.t("s812"), size=16)
        self._review()
        self.heading(self.t("actions"), size=12, space=3)
        if not self.report.actions:
            self.note(self.t("no_actions"))
        else:
            self.note(self.t("priority_note"))
            self.ln(2)
            self._actions_table()
        self._recommendations()
        self._uncovered()
        if self.report.actions:
            self._timeline(level + 1)

    # --- review of the previous plan ---------------------------------------------------
    def _review(self) -> None:
        review = self.report.review
        if review is None or not review.lines:
            self.heading(self.t("review_none"), size=12, space=3)
            self.note(self.t("no_review"))
            self.ln(3)
            return
        self.heading(self.t("review").format(campaign=plain(review.campaign or "")), size=12)
        self.paragraph(review_counts(review, self.lang), bold=True)
        keys = {"action": 95, "outcome": 40, "indicator_result": 70, "when_why": 64}
        table = Table(self, [Column(self.t(k), w) for k, w in keys.items()], self.table_style)
        for line in review.lines:
            table.row(self._review_cells(line))
        self.ln(4)

    def _review_cells(self, line: ReviewLine) -> list[str | Cell]:
        action = line.action
        fill, colour = OUTCOME_COLOURS[line.outcome]
        outcome = labels.label(labels.REVIEW_OUTCOME, line.outcome, self.lang)
        if line.outcome in ("abandoned", "dropped"):
            when_why = line.why or self.t("reason_missing")
        elif line.outcome == "unfinished":
            when_why = self.t("undecided")
        else:
            when_why = format_date(action.completed_on, self.lang)
        return [
            Cell(plain(action.title), bold=True),
            Cell(outcome, bold=True, colour=colour, fill=fill),
            plain(self._indicator(action)),
            plain(when_why),
        ]

    def _indicator(self, action: ActionDraft) -> str:
        aim = " → ".join(p for p in (action.target or "…", action.result or "…"))
        if not (action.target or action.result):
            return action.indicator
        return f"{action.indicator}\n{aim}".strip()

    # --- actions -----------------------------------------------------------------------
    def _actions_table(self) -> None:
        keys = {"no": 8, "action": 50, "description": 50, "criteria": 40}
        keys |= {"indicator_result": 40, "owner": 30, "dates": 23, "status": 28}
        aligns = {"no": "R"}
        columns = [Column(self.t(k), w, aligns.get(k, "L")) for k, w in keys.items()]
        table = Table(self, columns, self.table_style)
        for number, action in enumerate(self.report.actions, start=1):
            table.row(self._action_cells(number, action))

    def _action_cells(self, number: int, action: ActionDraft) -> list[str | Cell]:
        description = action.description
        if action.continues is not None:
            description = f"{self.t('carried')}\n{description}".strip()
        source = next((r for r in self.report.recommendations if r.action_id == action.id), None)
        if source is not None and action.id is not None:
            description = f"{self._origin(source)}\n{description}".strip()
        owner = "\n".join(p for p in (action.owner, action.partners) if p)
        start, due = (format_date(d, self.lang) or "…" for d in (action.start, action.due))
        dates = f"{start}\n→ {due}"
        late = action.overdue(self.report.generated_on)
        if late:
            dates += f"\n{self.t('overdue')}"
        return [
            str(number),
            Cell(plain(action.title), bold=True),
            plain(description),
            plain("\n".join(self._criterion(i) for i in action.item_ids)),
            plain(self._indicator(action)),
            plain(owner),
            Cell(dates, colour=(165, 72, 0)) if late else dates,
            self._status(action),
        ]

    def _status(self, action: ActionDraft) -> str:
        status = labels.label(labels.ACTION_STATUS, action.status.value, self.lang)
        if action.status == ActionStatus.done and action.completed_on:
            done = format_date(action.completed_on, self.lang)
            status += "\n" + self.t("completed").format(date=done)
        if action.status == ActionStatus.abandoned and action.abandon_reason:
            status += "\n" + plain(action.abandon_reason)
        if action.priority is not None:
            priority = labels.label(labels.ACTION_FIELD, "priority", self.lang)
            status += (
                f"\n{priority} {action.priority} ({action.effectiveness}×{action.feasibility})"
            )
        return status

    def _criterion(self, item_id: str) -> str:
        """A linked item as a person names it; an item unknown to the grids is left out
        rather than shown by its internal id."""
        if item_id in self.report.criteria:
            return self.report.criteria[item_id]
        rows = (r for s in self.report.syntheses for r in s.rows if r.item_id == item_id)
        return next((r.title for r in rows), "")

    def _origin(self, note: Recommendation) -> str:
        """ "Recommandation de l'autorité de label du 11/11/2026 (Autoévaluation 2025)." """
        written = format_date(note.written_on, self.lang)
        return self.t(f"from_{note.kind}").format(date=written, campaign=plain(note.campaign))

    # --- the authority's recommendations ------------------------------------------------
    def _recommendations(self) -> None:
        notes = self.report.recommendations
        if not notes:
            return
        self.ln(4)
        self.heading(self.t("recommendations"), size=12, space=3)
        keys = {"recommendation": 150, "plan_answer": 119}
        table = Table(self, [Column(self.t(k), w) for k, w in keys.items()], self.table_style)
        numbers = {a.id: n for n, a in enumerate(self.report.actions, start=1)}
        for note in notes:
            table.row([plain(f"{self._origin(note)}\n{note.text}"), self._answer(note, numbers)])

    def _answer(self, note: Recommendation, numbers: dict[object, int]) -> str | Cell:
        if note.action_id is not None and note.action_id in numbers:
            return Cell(self.t("answered_by").format(number=numbers[note.action_id]), bold=True)
        if note.dropped:
            return plain(self.t("not_retained").format(reason=note.dropped))
        return Cell(self.t("undecided"), colour=(165, 72, 0))

    # --- every area for improvement and what the plan does about it ---------------------
    def _uncovered(self) -> None:
        self.ln(4)
        self.heading(self.t("areas"), size=12, space=3)
        answers = area_answers(self.report.syntheses, self.report.actions, self.report.not_retained)
        if not answers:
            self.note(self.t("no_areas"))
            return
        owed = sum(a.owed for a in answers)
        if owed:
            self.paragraph(texts.plural("pdf.areas_owed", owed, self.lang), bold=True)
        keys = {"criterion": 80, "grid_section": 60, "level": 35, "plan_answer": 94}
        table = Table(self, [Column(self.t(k), w) for k, w in keys.items()], self.table_style)
        for answer in answers:
            table.row(self._area_cells(answer))

    def _area_cells(self, answer: AreaAnswer) -> list[str | Cell]:
        row = answer.row
        criterion = plain(self._criterion(row.item_id) or row.title)
        if row.breach:
            criterion += "\n" + self.t("breach")
        if answer.actions:
            numbers = ", ".join(str(n) for n in answer.actions)
            what: str | Cell = texts.plural(
                "pdf.area_actions", len(answer.actions), self.lang, numbers=numbers
            )
        elif answer.reason:
            what = plain(self.t("not_retained").format(reason=answer.reason))
        else:
            what = Cell(self.t("area_owed"), colour=(165, 72, 0), bold=True)
        return [
            Cell(criterion, bold=True, colour=(165, 72, 0) if row.breach else None),
            plain(row.section_title),
            plain(row.answer or "—"),
            what,
        ]

    # --- schedule ----------------------------------------------------------------------
    def _timeline(self, level: int = 1) -> None:
        """The schedule below the actions (on a new page when its first rows do not fit);
        rows continue on the next pages under the axis drawn again."""
        self.ln(6)
        if self.get_y() + 40 > self.page_break_trigger:
            self.add_page()
        self.start_section(self.t("timeline"), level=level)
        self.heading(self.t("timeline"), size=12, space=4)
        today = self.report.generated_on
        rows = [
            vector.ScheduleRow(
                label=plain(f"{number}. {action.title}"),
                start=action.start,
                end=action.due,
                colour=vector.STATUS_COLOURS[action.status],
                flagged=action.overdue(today),
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
            today=today,
            today_label=self.t("today"),
        )
        self.font()
