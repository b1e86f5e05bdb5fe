"""The improvement plan (labelling-file item 8.1.2): actions, their checks, drafts.

- `ActionDraft`: one action as the plan holds it. Its own validators refuse an empty title,
  a due date before the start and scores outside 1–4, as a last line of defence.
- `check_action_rows`: what the editable table sends (dicts of loosely typed cells: text,
  dates as strings or pandas timestamps, NaN for blanks) → valid drafts plus every problem
  found, each naming the row (1-based, as displayed) and the field. Fully blank rows are
  skipped. Messages are `plan_row.<code>` of the catalogues (`domain.texts`).
- `propose_actions`: one draft per area for improvement of a synthesis that no action covers
  yet (an abandoned action covers nothing: the area is still open).
- `carry_over`: unfinished actions of the previous plan, copied with `continues` pointing at
  the original so that an action's history can be followed from year to year; past dates
  are moved on to the new year (`redated`).
- `review_previous`: what became of each action of the previous plan (done, carried over,
  unfinished, abandoned); `uncovered_areas`: the areas for improvement no action covers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from cdm_quality.domain import formats, labels, languages, texts
from cdm_quality.domain.languages import Lang
from cdm_quality.domain.synthesis import Synthesis, SynthesisRow

# Limits match the storage table (cdm_quality.storage.tables.ImprovementActionBase).
TITLE_MAX = 300
DESCRIPTION_MAX = 10_000
OWNER_MAX = 200
PARTNERS_MAX = 1000
INDICATOR_MAX = 1000
TARGET_MAX = 300
BUDGET_MAX = 100
MILESTONES_MAX = 2000
PEOPLE_DAYS_MAX = 100_000
REASON_MAX = 1000
ActionRef = int | str | UUID


class ActionStatus(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    abandoned = "abandoned"


UNFINISHED = frozenset({ActionStatus.planned, ActionStatus.in_progress})
Score = Annotated[int, Field(ge=1, le=4)]


class ActionDraft(BaseModel):
    """An improvement action. `id` is the stored action's id (None before saving);
    `continues` the id of the previous campaign's action it carries on.

    A stored action reads straight in: `ActionDraft.model_validate(row, from_attributes=True)`
    accepts the table's names `start_on`, `due_on` and `continues_action_id` too."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: ActionRef | None = None
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)
    ]
    item_ids: list[str] = Field(default_factory=list)
    description: str = Field(default="", max_length=DESCRIPTION_MAX)
    owner: str = Field(default="", max_length=OWNER_MAX)
    partners: str = Field(default="", max_length=PARTNERS_MAX)
    start: dt.date | None = Field(default=None, validation_alias=AliasChoices("start", "start_on"))
    due: dt.date | None = Field(default=None, validation_alias=AliasChoices("due", "due_on"))
    status: ActionStatus = ActionStatus.planned
    indicator: str = Field(default="", max_length=INDICATOR_MAX)
    baseline: str = Field(default="", max_length=TARGET_MAX)  # where the indicator starts
    target: str = Field(default="", max_length=TARGET_MAX)  # the indicator's target
    result: str = Field(default="", max_length=TARGET_MAX)  # what the indicator measured
    people_days: float | None = Field(default=None, ge=0, le=PEOPLE_DAYS_MAX)  # resources
    budget: str = Field(default="", max_length=BUDGET_MAX)
    milestones: str = Field(default="", max_length=MILESTONES_MAX)  # steps, one a line
    completed_on: dt.date | None = None
    abandon_reason: str = Field(default="", max_length=REASON_MAX)
    effectiveness: Score | None = None
    feasibility: Score | None = None
    continues: ActionRef | None = Field(
        default=None, validation_alias=AliasChoices("continues", "continues_action_id")
    )

    @model_validator(mode="after")
    def _due_not_before_start(self) -> ActionDraft:
        if self.start and self.due and self.due < self.start:
            raise ValueError(f"due date {self.due} is before start date {self.start}")
        return self

    def not_started(self, today: dt.date) -> bool:
        """Still planned while its start date has passed."""
        return self.status == ActionStatus.planned and self.start is not None and self.start < today

    def overdue(self, today: dt.date) -> bool:
        """Unfinished while its due date (or, without one, its start) has passed."""
        last = self.due or self.start
        return self.status in UNFINISHED and last is not None and last < today

    @property
    def priority(self) -> int | None:
        """Effectiveness × feasibility (1–16, higher first); None until both are given."""
        if self.effectiveness is None or self.feasibility is None:
            return None
        return self.effectiveness * self.feasibility


# --- Row problems -------------------------------------------------------------------------


class RowProblem(BaseModel):
    """One problem of one row of the plan table; `message(lang)` says where, what and how."""

    model_config = ConfigDict(frozen=True)

    row: int
    field: str
    code: str
    params: dict[str, str] = Field(default_factory=dict)

    def message(self, lang: Lang) -> str:
        field = labels.label(labels.ACTION_FIELD, self.field, lang)
        allowed = ", ".join(labels.label(labels.ACTION_STATUS, s, lang) for s in ActionStatus)
        params: dict[str, object] = {**self.params}
        for name in ("due", "start"):  # dates as the reader writes them, never ISO
            if name in self.params:
                params[name] = formats.date(self.params[name], lang)
        params |= {"row": self.row, "field": field, "allowed": allowed}
        return texts.text(f"plan_row.{self.code}", lang, **params)


class ActionCheck(BaseModel):
    """Outcome of `check_action_rows`: the valid rows as drafts and every problem found."""

    actions: list[ActionDraft]
    problems: list[RowProblem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self, lang: Lang) -> list[str]:
        return [p.message(lang) for p in self.problems]


class _RowError(Exception):
    def __init__(self, field: str, code: str, **params: Any) -> None:
        super().__init__(code)
        self.field, self.code = field, code
        self.params = {k: str(v) for k, v in params.items()}


def _blank(value: Any) -> bool:
    """None, NaN, pandas NaT/NA or an empty string: what an untouched table cell holds."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not value
    return str(value) in {"NaT", "<NA>", "nan"}


def _text(row: Mapping[str, Any], field: str, max_length: int) -> str:
    value = row.get(field)
    if _blank(value):
        return ""
    if not isinstance(value, str):
        raise _RowError(field, "not_text")
    cleaned = "".join(ch for ch in value if ch in "\t\n" or ch >= " ").strip()
    if len(cleaned) > max_length:
        raise _RowError(field, "too_long", length=len(cleaned), max=max_length)
    return cleaned


def _amount(row: Mapping[str, Any], field: str, most: float) -> float | None:
    """A number of people-days: blank, or from 0 to `most` (a comma as decimal mark too)."""
    value = row.get(field)
    if _blank(value):
        return None
    try:
        number = float(str(value).replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except ValueError:
        number = math.nan
    if isinstance(value, bool) or not 0 <= number <= most:
        raise _RowError(field, "bad_amount", value=value, max=int(most))
    return number


def _title(row: Mapping[str, Any]) -> str:
    title = _text(row, "title", TITLE_MAX)
    if not title:
        raise _RowError("title", "title_empty")
    return title


def _date(row: Mapping[str, Any], field: str) -> dt.date | None:
    value = row.get(field)
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = formats.parse_date(str(value))
    if found is None:
        raise _RowError(field, "bad_date", value=value)
    return found


def _score(row: Mapping[str, Any], field: str) -> int | None:
    value = row.get(field)
    if _blank(value):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]  # anything a table cell holds: refused below
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or number not in (1, 2, 3, 4):
        raise _RowError(field, "bad_score", value=value)
    return int(number)


def _status(row: Mapping[str, Any]) -> ActionStatus:
    value = row.get("status")
    if _blank(value):
        return ActionStatus.planned
    wanted = str(value).strip().casefold()
    for status in ActionStatus:
        names = {status.value, *(labels.ACTION_STATUS[status](lg) for lg in languages.codes())}
        if wanted in {n.casefold() for n in names}:
            return status
    raise _RowError("status", "bad_status", value=value)


def _item_ids(row: Mapping[str, Any], known: Collection[str] | None) -> list[str]:
    value = row.get("item_ids")
    if _blank(value):
        return []
    raw = value if isinstance(value, list | tuple) else re.split(r"[,;\s]+", str(value))
    ids = list(dict.fromkeys(str(v).strip() for v in raw if str(v).strip()))
    unknown = [i for i in ids if known is not None and i not in known]
    if unknown:
        raise _RowError("item_ids", "unknown_item", value=unknown[0])
    return ids


def _ref(value: Any) -> ActionRef | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | str | UUID):
        return value
    return str(value)  # an id no action has: the service reports it as unknown


_FIELD_READERS: dict[str, Callable[[Mapping[str, Any], dict[str, Any]], Any]] = {
    "title": lambda row, ctx: _title(row),
    "item_ids": lambda row, ctx: _item_ids(row, ctx["known"]),
    "description": lambda row, ctx: _text(row, "description", DESCRIPTION_MAX),
    "owner": lambda row, ctx: _text(row, "owner", OWNER_MAX),
    "partners": lambda row, ctx: _text(row, "partners", PARTNERS_MAX),
    "start": lambda row, ctx: _date(row, "start"),
    "due": lambda row, ctx: _date(row, "due"),
    "status": lambda row, ctx: _status(row),
    "indicator": lambda row, ctx: _text(row, "indicator", INDICATOR_MAX),
    "target": lambda row, ctx: _text(row, "target", TARGET_MAX),
    "result": lambda row, ctx: _text(row, "result", TARGET_MAX),
    "baseline": lambda row, ctx: _text(row, "baseline", TARGET_MAX),
    "people_days": lambda row, ctx: _amount(row, "people_days", PEOPLE_DAYS_MAX),
    "budget": lambda row, ctx: _text(row, "budget", BUDGET_MAX),
    "milestones": lambda row, ctx: _text(row, "milestones", MILESTONES_MAX),
    "completed_on": lambda row, ctx: _date(row, "completed_on"),
    "abandon_reason": lambda row, ctx: _text(row, "abandon_reason", REASON_MAX),
    "effectiveness": lambda row, ctx: _score(row, "effectiveness"),
    "feasibility": lambda row, ctx: _score(row, "feasibility"),
    "id": lambda row, ctx: _ref(row.get("id")),
    "continues": lambda row, ctx: _ref(row.get("continues")),
}


def _read_row(
    number: int, row: Mapping[str, Any], ctx: dict[str, Any]
) -> tuple[dict[str, Any], list[RowProblem]]:
    fields: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for name, read in _FIELD_READERS.items():
        try:
            fields[name] = read(row, ctx)
        except _RowError as err:
            problems.append(
                RowProblem(row=number, field=err.field, code=err.code, params=err.params)
            )
    start, due = fields.get("start"), fields.get("due")
    if start and due and due < start:
        params = {"due": str(due), "start": str(start)}
        problems.append(RowProblem(row=number, field="due", code="due_before_start", params=params))
    if fields.get("status") == ActionStatus.abandoned and fields.get("abandon_reason") == "":
        problems.append(RowProblem(row=number, field="abandon_reason", code="reason_missing"))
    return fields, problems


def check_action_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    known_items: Collection[str] | None = None,
) -> ActionCheck:
    """Read the rows of the plan table: valid rows become drafts, every problem is collected.
    `known_items` (the grid's item ids) turns unknown linked items into problems."""
    ctx = {"known": known_items}
    actions: list[ActionDraft] = []
    problems: list[RowProblem] = []
    for number, row in enumerate(rows, start=1):
        if all(_blank(v) for v in row.values()):
            continue
        fields, found = _read_row(number, row, ctx)
        problems.extend(found)
        if not found:
            actions.append(ActionDraft(**fields))
    return ActionCheck(actions=actions, problems=problems)


def action_row(action: ActionDraft) -> dict[str, Any]:
    """A draft as a table row (the inverse of `check_action_rows`), priority included."""
    return {**action.model_dump(mode="python"), "priority": action.priority}


# --- Drafts -------------------------------------------------------------------------------


def covered_items(actions: Iterable[ActionDraft]) -> set[str]:
    """Items linked to an action that still counts (every status but abandoned)."""
    return {i for a in actions if a.status != ActionStatus.abandoned for i in a.item_ids}


def propose_actions(
    synthesis: Synthesis, existing_actions: Sequence[ActionDraft]
) -> list[ActionDraft]:
    """One planned draft per area for improvement that no existing action covers, in synthesis
    order: a short title from the criterion's own short title (the criterion is linked, not
    pasted), description from its remark."""
    covered = covered_items(existing_actions)
    template = texts.text("plan.proposal_title", synthesis.lang)
    return [
        ActionDraft(
            title=shorten(template.format(title=lower_first(row.title)), TITLE_MAX),
            item_ids=[row.item_id],
            description=shorten(row.remark, DESCRIPTION_MAX),
        )
        for row in synthesis.improvements()
        if row.item_id not in covered
    ]


def carry_over(
    previous_actions: Iterable[ActionDraft],
    current_actions: Iterable[ActionDraft] = (),
    *,
    year_start: dt.date | None = None,
    dropped: Collection[ActionRef] = (),
) -> list[ActionDraft]:
    """Unfinished previous actions (planned or in progress) as drafts of the new plan, each
    `continues`-linked to its original; those the current plan already continues, and those
    it dropped (`dropped`: their ids, each with a recorded reason), are skipped.
    With `year_start` (the new campaign's opening), an action whose due date lies before it
    gets new dates: both moved on by whole years, until the due date is no longer past.
    Raises ValueError for an unfinished action without an id: there would be nothing to link."""
    already = {a.continues for a in current_actions if a.continues is not None} | set(dropped)
    drafts = []
    for action in previous_actions:
        if action.status not in UNFINISHED or (action.id is not None and action.id in already):
            continue
        if action.id is None:
            raise ValueError(f"action {action.title!r} has no id; save it before carrying over")
        dates = redated(action, year_start) if year_start else {}
        drafts.append(action.model_copy(update={"id": None, "continues": action.id, **dates}))
    return drafts


def redated(action: ActionDraft, year_start: dt.date) -> dict[str, dt.date | None]:
    """New start and due dates for an action carried into a plan opening on `year_start`:
    moved on by whole years until the due date is on or after it (unchanged when not past)."""
    last = action.due or action.start
    if last is None or last >= year_start:
        return {}
    years = year_start.year - last.year
    moved = _plus_years(last, years)
    years += moved is not None and moved < year_start
    return {"start": _plus_years(action.start, years), "due": _plus_years(action.due, years)}


def _plus_years(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- the review of last year's plan, and what no action covers -----------------------------


class ReviewLine(BaseModel):
    """What became of one action of the previous plan: `outcome` is done, carried (continued
    in this plan), dropped (not carried over, for `reason`), unfinished (neither done, carried
    nor dropped: a decision is still owed) or abandoned."""

    model_config = ConfigDict(frozen=True)

    action: ActionDraft
    outcome: str
    reason: str = ""  # why a dropped action was not carried over

    @property
    def why(self) -> str:
        """The reason printed beside the outcome (abandoned or dropped), else ""."""
        if self.outcome == "abandoned":
            return self.action.abandon_reason
        return self.reason


class PlanReview(BaseModel):
    """The review of the previous plan that opens 8.1.2 (`campaign` names it)."""

    model_config = ConfigDict(frozen=True)

    campaign: str | None = None
    lines: list[ReviewLine] = Field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)


REVIEW_ORDER = ("done", "carried", "dropped", "unfinished", "abandoned")


def review_previous(
    previous_actions: Iterable[ActionDraft],
    current_actions: Iterable[ActionDraft],
    campaign: str | None = None,
    dropped: Mapping[ActionRef, str] | None = None,
) -> PlanReview:
    """Each previous action with its outcome, done first, then carried over, dropped (with
    the reason in `dropped`: action id → reason), unfinished and abandoned (plan order
    within each)."""
    continued = {a.continues for a in current_actions if a.continues is not None}
    reasons = dropped or {}
    lines = [_review_line(a, continued, reasons) for a in previous_actions]
    lines.sort(key=lambda line: REVIEW_ORDER.index(line.outcome))
    return PlanReview(campaign=campaign, lines=lines)


def _review_line(
    action: ActionDraft, continued: set[ActionRef], dropped: Mapping[ActionRef, str]
) -> ReviewLine:
    if action.status == ActionStatus.done:
        return ReviewLine(action=action, outcome="done")
    if action.status == ActionStatus.abandoned:
        return ReviewLine(action=action, outcome="abandoned")
    if action.id is not None and action.id in continued:
        return ReviewLine(action=action, outcome="carried")
    if action.id is not None and action.id in dropped:
        return ReviewLine(action=action, outcome="dropped", reason=dropped[action.id])
    return ReviewLine(action=action, outcome="unfinished")


class LaterDecision(BaseModel):
    """What a later plan (of `campaign`) decided about an unfinished action of an earlier
    one: it carried it over, or it left it with a `reason`. Either way the earlier plan's
    action is answered there, and no longer overdue where it was written."""

    model_config = ConfigDict(frozen=True)

    carried: bool
    campaign: str
    reason: str = ""


class Recommendation(BaseModel):
    """A recommendation or reservation of the label authority as a plan answers it: by one
    of its actions (`action_id`), by a reason not to act (`dropped`), or not yet (neither).
    `campaign` names the campaign whose self-assessment the note is about, which may be an
    earlier one than the plan's: a note that comes after a campaign closed is answered by the
    open campaign's plan."""

    model_config = ConfigDict(frozen=True)

    note_id: int
    kind: str  # "recommendation" | "reservation"
    text: str
    written_on: dt.date
    campaign: str
    action_id: int | None = None
    dropped: str = ""


def review_counts(review: PlanReview, lang: Lang) -> str:
    """ "2 réalisées · 1 reprise cette année": each outcome the review holds, counted in its
    real plural form (outcomes that did not occur are left out)."""
    counts = [(k, review.count(k)) for k in REVIEW_ORDER]
    return " · ".join(
        texts.plural(f"plan.outcome_count.{k}", n, lang, count=n) for k, n in counts if n
    )


def uncovered_areas(
    syntheses: Iterable[Synthesis], actions: Iterable[ActionDraft]
) -> list[SynthesisRow]:
    """The areas for improvement of the syntheses that no action covers (an abandoned
    action covers nothing), in synthesis order."""
    covered = covered_items(actions)
    return [r for s in syntheses for r in s.improvements() if r.item_id not in covered]


class AreaAnswer(BaseModel):
    """What the plan does about one area for improvement: the numbers (1-based, plan order)
    of the actions that answer it, or the recorded reason not to act; neither is owed."""

    model_config = ConfigDict(frozen=True)

    row: SynthesisRow
    actions: list[int] = Field(default_factory=list)
    reason: str = ""

    @property
    def owed(self) -> bool:
        return not self.actions and not self.reason


def area_answers(
    syntheses: Iterable[Synthesis],
    actions: Sequence[ActionDraft],
    reasons: Mapping[str, str] | None = None,
) -> list[AreaAnswer]:
    """Every area for improvement of the syntheses with its answer in the plan (an abandoned
    action answers nothing; `reasons`: item id → why the plan does not act on it), charter
    breaches first, then synthesis order."""
    numbers: dict[str, list[int]] = {}
    for number, action in enumerate(actions, start=1):
        if action.status != ActionStatus.abandoned:
            for item_id in action.item_ids:
                numbers.setdefault(item_id, []).append(number)
    rows = [r for s in syntheses for r in s.improvements()]
    rows.sort(key=lambda r: not r.breach)
    return [
        AreaAnswer(
            row=r,
            actions=numbers.get(r.item_id, []),
            reason="" if r.item_id in numbers else (reasons or {}).get(r.item_id, ""),
        )
        for r in rows
    ]


def lower_first(text: str) -> str:
    """ "Accueil sans rendez-vous" → "accueil sans rendez-vous"; an acronym ("CV", "EU
    policies") keeps its capitals."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split()) if len(text) > limit else text
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"
