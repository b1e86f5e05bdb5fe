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

`plan_part(pdf, report)` is one of the plan PDF's sections (`reports.pdf.PLAN_SECTIONS`):
a function of the document and its report, like every section.
"""

from __future__ import annotations

from cdm_quality.domain import formats, labels, texts
from cdm_quality.domain.plan import (
    UNFINISHED,
    ActionDraft,
    ActionRef,
    ActionStatus,
    AreaAnswer,
    LaterDecision,
    Recommendation,
    ReviewLine,
    area_answers,
    review_counts,
)
from cdm_quality.domain.synthesis import format_date
from cdm_quality.reports import vector
from cdm_quality.reports.document import PlanDocument
from cdm_quality.reports.pdf_text import FAMILY, plain
from cdm_quality.reports.plan_report import PlanReport
from cdm_quality.reports.table import Cell, Column, Table

OUTCOME_COLOURS = {
    "done": ((226, 239, 218), (46, 104, 30)),
    "carried": ((222, 233, 245), (31, 78, 121)),
    "dropped": ((240, 240, 240), (90, 90, 90)),
    "unfinished": ((252, 228, 214), (165, 72, 0)),
    "abandoned": ((240, 240, 240), (90, 90, 90)),
}


def plan_part(pdf: PlanDocument, report: PlanReport, *, level: int = 0) -> None:
    """8.1.2 on a new page (`level`: its level in the outline)."""
    pdf.add_page()
    pdf.start_section(pdf.t("s812"), level=level)
    pdf.heading(pdf.t("s812"), size=16)
    _review(pdf, report)
    if pdf.get_y() > pdf.page_break_trigger - 70:  # the heading, the header and a first row
        pdf.add_page()
    pdf.heading(pdf.t("actions"), size=12, space=3)
    if not report.actions:
        pdf.note(pdf.t("no_actions"))
    else:
        pdf.note(pdf.t("priority_note"))
        pdf.ln(2)
        _actions_table(pdf, report)
    _recommendations(pdf, report)
    _uncovered(pdf, report)
    if report.actions:
        _timeline(pdf, report, level + 1)


# --- review of the previous plan ---------------------------------------------------
def _review(pdf: PlanDocument, report: PlanReport) -> None:
    review = report.review
    if review is None or not review.lines:
        pdf.heading(pdf.t("review_none"), size=12, space=3)
        pdf.note(pdf.t("no_review"))
        pdf.ln(3)
        return
    pdf.heading(pdf.t("review").format(campaign=plain(review.campaign or "")), size=12)
    pdf.paragraph(review_counts(review, pdf.lang), bold=True)
    keys = {"action": 95, "outcome": 40, "indicator_result": 70, "when_why": 64}
    table = Table(pdf, [Column(pdf.t(k), w) for k, w in keys.items()], pdf.table_style)
    for line in review.lines:
        table.row(_review_cells(pdf, report, line))
    pdf.ln(4)


def _review_cells(pdf: PlanDocument, report: PlanReport, line: ReviewLine) -> list[str | Cell]:
    action = line.action
    fill, colour = OUTCOME_COLOURS[line.outcome]
    outcome = labels.label(labels.REVIEW_OUTCOME, line.outcome, pdf.lang)
    if line.outcome in ("abandoned", "dropped"):
        when_why = line.why or pdf.t("reason_missing")
    elif line.outcome == "unfinished":
        when_why = pdf.t("undecided")
    else:
        when_why = format_date(action.completed_on, pdf.lang)
    return [
        Cell(plain(action.title), bold=True),
        Cell(outcome, bold=True, colour=colour, fill=fill),
        plain("\n".join(p for p in (_indicator(pdf, action), _moved(pdf, report, action)) if p)),
        plain(when_why),
    ]


def _moved(pdf: PlanDocument, report: PlanReport, action: ActionDraft) -> str:
    """Whether the level of each criterion the action aimed at moved since last year."""
    lines = []
    for item_id in action.item_ids:
        before = report.levels_before.get(item_id)
        if before is None:
            continue
        now = report.level_now(item_id) or pdf.t("not_rated_yet")
        criterion = _criterion(pdf, report, item_id)
        lines.append(pdf.t("level_moved").format(criterion=criterion, before=before, now=now))
    return "\n".join(lines)


def _indicator(pdf: PlanDocument, action: ActionDraft) -> str:
    """The indicator, then where it starts, its target and what it measured."""
    if not (action.baseline or action.target or action.result):
        return action.indicator
    aim = " → ".join(p or "…" for p in (action.target, action.result))
    if action.baseline:
        aim = f"{action.baseline} → {aim}"
    return f"{action.indicator}\n{aim}".strip()


def _resources(pdf: PlanDocument, action: ActionDraft) -> str:
    """ "Moyens : 14 jours-personnes, 1 200 € (…)" ("" when none is given)."""
    parts = []
    days = action.people_days
    if days is not None:
        form = int(days) if days == int(days) else 2  # 2,5 takes the plural, like 2
        shown = formats.number(days, pdf.lang)
        parts.append(texts.plural("pdf.people_days", form, pdf.lang, count=shown))
    if action.budget:
        parts.append(action.budget)
    return pdf.t("resources").format(what=", ".join(parts)) if parts else ""


def _ranks(actions: list[ActionDraft]) -> dict[int, int]:
    """Action position → its rank by priority (1: the highest; equal priorities share one)."""
    given = [a.priority for a in actions if a.priority is not None]
    return {
        n: 1 + sum(1 for p in given if p > a.priority)
        for n, a in enumerate(actions)
        if a.priority is not None
    }


# --- actions -----------------------------------------------------------------------
def _actions_table(pdf: PlanDocument, report: PlanReport) -> None:
    keys = {"no": 8, "action": 50, "description": 50, "criteria": 40}
    keys |= {"indicator_result": 40, "owner": 30, "dates": 23, "status": 28}
    aligns = {"no": "R"}
    columns = [Column(pdf.t(k), w, aligns.get(k, "L")) for k, w in keys.items()]
    table = Table(pdf, columns, pdf.table_style)
    ranks = _ranks(report.actions)
    ranked = sum(1 for a in report.actions if a.priority is not None)
    for number, action in enumerate(report.actions, start=1):
        cells = _action_cells(pdf, report, number, action)
        if number - 1 in ranks:  # the ranking the priorities give
            rank = pdf.t("rank").format(rank=ranks[number - 1], count=ranked)
            cells[-1] = f"{cells[-1]} · {rank}"
        table.row(cells)


def _action_cells(
    pdf: PlanDocument, report: PlanReport, number: int, action: ActionDraft
) -> list[str | Cell]:
    description = action.description
    if action.continues is not None:
        description = f"{pdf.t('carried')}\n{description}".strip()
    source = next((r for r in report.recommendations if r.action_id == action.id), None)
    if source is not None and action.id is not None:
        description = f"{_origin(pdf, source)}\n{description}".strip()
    if action.milestones:
        steps = action.milestones.strip().replace("\n", " ; ")
        description = f"{description}\n{pdf.t('milestones').format(steps=steps)}".strip()
    description = "\n".join(p for p in (description, _resources(pdf, action)) if p)
    owner = "\n".join(p for p in (action.owner, action.partners) if p)
    start, due = (format_date(d, pdf.lang) or "…" for d in (action.start, action.due))
    dates = f"{start}\n→ {due}"
    late = report.owed(action)
    if late:
        dates += f"\n{pdf.t('overdue')}"
    if report.unstarted(action):
        late = True
        dates += f"\n{pdf.t('not_started')}"
    return [
        str(number),
        Cell(plain(action.title), bold=True),
        plain(description),
        plain("\n".join(_criterion(pdf, report, i) for i in action.item_ids)),
        plain(_indicator(pdf, action)),
        plain(owner),
        Cell(dates, colour=(165, 72, 0)) if late else dates,
        _status(pdf, action, report.later.get(action.id or -1)),
    ]


def _status(pdf: PlanDocument, action: ActionDraft, later: LaterDecision | None = None) -> str:
    status = labels.label(labels.ACTION_STATUS, action.status.value, pdf.lang)
    if later is not None and action.status in UNFINISHED:
        campaign = plain(later.campaign)
        if later.carried:
            status += "\n" + pdf.t("later_carried").format(campaign=campaign)
        else:
            said = pdf.t("later_dropped").format(campaign=campaign, reason=plain(later.reason))
            status += "\n" + said
    if action.status == ActionStatus.done and action.completed_on:
        done = format_date(action.completed_on, pdf.lang)
        status += "\n" + pdf.t("completed").format(date=done)
    if action.status == ActionStatus.abandoned and action.abandon_reason:
        status += "\n" + plain(action.abandon_reason)
    if action.priority is not None:
        priority = labels.label(labels.ACTION_FIELD, "priority", pdf.lang)
        status += f"\n{priority} {action.priority} ({action.effectiveness}×{action.feasibility})"
    return status


def _criterion(pdf: PlanDocument, report: PlanReport, item_id: str) -> str:
    """A linked item as a person names it; an item unknown to the grids is left out
    rather than shown by its internal id."""
    if item_id in report.criteria:
        return report.criteria[item_id]
    rows = (r for s in report.syntheses for r in s.rows if r.item_id == item_id)
    return next((r.title for r in rows), "")


def _origin(pdf: PlanDocument, note: Recommendation) -> str:
    """ "Recommandation de l'autorité de label du 11/11/2026 (Autoévaluation 2025)." """
    written = format_date(note.written_on, pdf.lang)
    return pdf.t(f"from_{note.kind}").format(date=written, campaign=plain(note.campaign))


# --- the authority's recommendations ------------------------------------------------
def _recommendations(pdf: PlanDocument, report: PlanReport) -> None:
    notes = report.recommendations
    if not notes:
        return
    pdf.ln(4)
    pdf.heading(pdf.t("recommendations"), size=12, space=3)
    keys = {"recommendation": 150, "plan_answer": 119}
    table = Table(pdf, [Column(pdf.t(k), w) for k, w in keys.items()], pdf.table_style)
    numbers = {a.id: n for n, a in enumerate(report.actions, start=1)}
    for note in notes:
        table.row([plain(f"{_origin(pdf, note)}\n{note.text}"), _answer(pdf, note, numbers)])


def _answer(
    pdf: PlanDocument, note: Recommendation, numbers: dict[ActionRef | None, int]
) -> str | Cell:
    if note.action_id is not None and note.action_id in numbers:
        return Cell(pdf.t("answered_by").format(number=numbers[note.action_id]), bold=True)
    if note.dropped:
        return plain(pdf.t("not_retained").format(reason=note.dropped))
    return Cell(pdf.t("undecided"), colour=(165, 72, 0))


# --- every area for improvement and what the plan does about it ---------------------
def _uncovered(pdf: PlanDocument, report: PlanReport) -> None:
    pdf.ln(4)
    pdf.heading(pdf.t("areas"), size=12, space=3)
    answers = area_answers(report.syntheses, report.actions, report.not_retained)
    if not answers:
        pdf.note(pdf.t("no_areas"))
        return
    owed = sum(a.owed for a in answers)
    if owed:
        pdf.paragraph(texts.plural("pdf.areas_owed", owed, pdf.lang), bold=True)
    keys = {"criterion": 80, "grid_section": 60, "level": 35, "plan_answer": 94}
    table = Table(pdf, [Column(pdf.t(k), w) for k, w in keys.items()], pdf.table_style)
    for answer in answers:
        table.row(_area_cells(pdf, report, answer))


def _area_cells(pdf: PlanDocument, report: PlanReport, answer: AreaAnswer) -> list[str | Cell]:
    row = answer.row
    criterion = plain(_criterion(pdf, report, row.item_id) or row.title)
    if row.breach:
        criterion += "\n" + pdf.t("breach")
    if answer.actions:
        numbers = ", ".join(str(n) for n in answer.actions)
        what: str | Cell = texts.plural(
            "pdf.area_actions", len(answer.actions), pdf.lang, numbers=numbers
        )
    elif answer.reason:
        what = plain(pdf.t("not_retained").format(reason=answer.reason))
    else:
        what = Cell(pdf.t("area_owed"), colour=(165, 72, 0), bold=True)
    return [
        Cell(criterion, bold=True, colour=(165, 72, 0) if row.breach else None),
        plain(row.section_title),
        plain(row.answer or "—"),
        what,
    ]


# --- schedule ----------------------------------------------------------------------
def _timeline(pdf: PlanDocument, report: PlanReport, level: int = 1) -> None:
    """The schedule below the actions (on a new page when its first rows do not fit);
    rows continue on the next pages under the axis drawn again."""
    pdf.ln(6)
    if pdf.get_y() + 40 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.start_section(pdf.t("timeline"), level=level)
    pdf.heading(pdf.t("timeline"), size=12, space=4)
    today = report.generated_on
    rows = [
        vector.ScheduleRow(
            label=plain(f"{number}. {action.title}"),
            start=action.start,
            end=action.due,
            colour=vector.STATUS_COLOURS[action.status],
            flagged=report.owed(action),
        )
        for number, action in enumerate(report.actions, start=1)
    ]
    if not any(r.start or r.end for r in rows):
        pdf.note(pdf.t("no_dates"))
        return
    legend = [
        vector.Series(s.value, labels.label(labels.ACTION_STATUS, s.value, pdf.lang), c)
        for s, c in vector.STATUS_COLOURS.items()
    ]
    vector.draw_schedule(
        pdf,
        rows,
        family=FAMILY,
        width=pdf.epw,
        months=formats.month_abbreviations(pdf.lang),
        legend=legend,
        today=today,
        today_label=pdf.t("today"),
    )
    pdf.font()
