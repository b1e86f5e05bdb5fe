"""The improvement plan (labelling-file item 8.1.2) of a Cité in a campaign, and its PDF.

Actions are saved like answers: each stored action carries a version (1, 2, …); a changed or
deleted row of the table whose version no longer matches raises `ActionConflict` naming who
changed the action and when, and writes nothing. Every change is audited (entity "action").

- `save_table`: what the plan page sends after an edit (changed rows with their cells,
  deleted rows). Rows are checked by `domain.plan.check_action_rows` first; with any problem
  nothing is saved and the problems (row and field named) come back. Otherwise every change
  is written in one transaction, or none if one conflicts.
- `propose`: one planned action for each area for improvement of the syntheses that no action
  covers yet (`domain.plan.propose_actions`).
- `carry_over_previous`: the unfinished actions of the Cité's previous plan, copied into this
  one with `continues_action_id` pointing at the original (`domain.plan.carry_over`).
- `plan_pdf`: the 8.1.1 + 8.1.2 PDF (`reports.pdf`, charts drawn as vector graphics).

Access: reading needs `Permission.read` on the Cité (its people, the label authority, admins);
changing needs `Permission.fill` (the Cité's own director and contributors) and an open
campaign — a closed campaign's plan is read-only, like its answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from cdm_quality.domain import languages
from cdm_quality.domain import plan as domain_plan
from cdm_quality.domain.plan import (
    ActionDraft,
    ActionRef,
    LaterDecision,
    PlanReview,
    Recommendation,
    RowProblem,
)
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import Synthesis, SynthesisRow, criterion_labels
from cdm_quality.reports.pdf import GridMethod, PlanReport, ValidationFacts, build_plan_pdf
from cdm_quality.services import audit
from cdm_quality.services.access import Actor, Permission, acting, allowed, require
from cdm_quality.services.campaigns import get_campaign, visible_campaign
from cdm_quality.services.cites import get_cite
from cdm_quality.services.errors import (
    ConflictError,
    InvalidState,
    InvalidValue,
    NotFound,
    ServiceError,
    storage_guard,
)
from cdm_quality.services.synthesis import (
    GridSynthesis,
    campaign_questionnaires,
    cite_synthesis,
    synthesis_questionnaires,
)
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import (
    AuditEvent,
    Campaign,
    CampaignPublic,
    CampaignState,
    CitePublic,
    ImprovementAction,
    NoteKind,
    PlanDismissal,
    ReviewNote,
    id_of,
    utcnow,
)

ENTITY = "action"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ActionView(_Frozen):
    """A stored action: its content (`action.id` is the stored id, `action.continues` the
    action of an earlier plan it carries on), its version and its last change."""

    action: ActionDraft
    version: int
    updated_at: dt.datetime
    updated_by: str  # display name
    continues_campaign: str | None = None  # name of the campaign of `action.continues`

    @property
    def id(self) -> int:
        return int(self.action.id)  # type: ignore[arg-type]


class Dismissal(_Frozen):
    """A decision of the plan not to act, with its reason: on an earlier plan's unfinished
    action (`action_id`), on a recommendation of the label authority (`note_id`) or on an
    area for improvement (`item_id`)."""

    id: int
    action_id: int | None = None
    note_id: int | None = None
    item_id: str = ""
    reason: str
    recorded_at: dt.datetime
    recorded_by: str


class PlanView(_Frozen):
    """Everything the plan page needs. `items` maps the linked-item choices (the scored grids'
    item ids) to the criterion's name as shown (unique); `carry_over` counts the unfinished
    actions of `previous_campaign` not carried over yet."""

    cite: CitePublic
    campaign: CampaignPublic
    actions: list[ActionView]
    can_edit: bool
    read_only_reason: str | None = None
    items: dict[str, str]
    previous_campaign: str | None = None
    carry_over: int = 0
    review: PlanReview = PlanReview()  # what became of the previous plan's actions
    uncovered: list[SynthesisRow] = []  # areas for improvement that no action covers
    dismissals: list[Dismissal] = []  # the plan's decisions not to act, with their reasons
    recommendations: list[Recommendation] = []  # the authority's notes this plan answers
    # action id → what a later plan decided about it (carried over, or left with a reason)
    later: dict[ActionRef, LaterDecision] = {}

    def overdue(self, today: dt.date) -> list[ActionView]:
        """The actions still owed past their due date: none a later plan has answered."""
        return [
            a
            for a in self.actions
            if a.action.overdue(today) and (a.action.id or -1) not in self.later
        ]


class EditedRow(_Frozen):
    """A new or changed row of the plan table: `row` is its number as the user sees it;
    `id` and `version` are None for a new row; `cells` as the table holds them."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    row: int
    id: int | None = None
    version: int | None = None
    cells: dict[str, Any]


class DeletedRow(_Frozen):
    id: int
    version: int | None = None


class TableSaved(_Frozen):
    """Outcome of `save_table`: problems (nothing saved), or what was written and when."""

    problems: list[RowProblem] = Field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0
    saved_at: dt.datetime | None = None

    @property
    def saved(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    def messages(self, lang: Lang) -> list[str]:
        return [p.message(lang) for p in self.problems]


class ActionConflict(ConflictError):
    """Someone saved or deleted this action since the version the user started from."""

    code = "plan.conflict"

    def __init__(self, current: ActionView) -> None:
        ServiceError.__init__(
            self,
            None,
            who=current.updated_by,
            title=current.action.title,
            when=current.updated_at,
            version=current.version,
        )
        self.current = current
        self.item_id = None
        self.value = current.action
        self.remark = self.evidence = ""
        self.version = current.version
        self.changed_by = current.updated_by
        self.changed_at = current.updated_at


# --- reading ------------------------------------------------------------------------------


def list_actions(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int
) -> list[ActionView]:
    """The Cité's actions in the campaign, oldest first."""
    require(actor, Permission.read, cite_id)
    visible_campaign(session, actor, campaign_id=campaign_id)
    return _views(session, _stored_actions(session, cite_id, campaign_id))


def plan_view(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, lang: Lang
) -> PlanView:
    """The plan with what the actor may do, the linked-item choices and what can be carried."""
    cite = get_cite(session, actor, cite_id=cite_id)
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    actions = list_actions(session, actor, cite_id=cite_id, campaign_id=campaign_id)
    reason = _read_only_reason(actor, cite_id, campaign)
    previous_id = _previous_plan_campaign(session, cite_id, campaign)
    current = [a.action for a in actions]
    previous = _drafts(_stored_actions(session, cite_id, previous_id)) if previous_id else []
    found = cite_synthesis(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang, comparisons=False
    )
    previous_name = _campaign_name(session, previous_id)
    dismissals = _dismissal_views(session, cite_id, campaign_id)
    dropped: dict[domain_plan.ActionRef, str] = {
        d.action_id: d.reason for d in dismissals if d.action_id is not None
    }
    return PlanView(
        cite=cite,
        campaign=campaign,
        actions=actions,
        can_edit=reason is None,
        read_only_reason=reason,
        items=_item_choices(session, campaign, lang, linked=_linked_items(current)),
        previous_campaign=previous_name,
        carry_over=len(domain_plan.carry_over(previous, current, dropped=dropped)),
        review=domain_plan.review_previous(previous, current, previous_name, dropped),
        uncovered=domain_plan.uncovered_areas([g.synthesis for g in found.grids], current),
        dismissals=dismissals,
        recommendations=_recommendations(session, cite_id, campaign, actions, dismissals),
        later=_later_decisions(session, {a.action.id for a in actions}),
    )


def _later_decisions(
    session: Session, action_ids: set[ActionRef | None]
) -> dict[ActionRef, LaterDecision]:
    """Action id → the later plan that carried it over or left it with a reason."""
    wanted = sorted(i for i in action_ids if isinstance(i, int))
    if not wanted:
        return {}
    carried = session.exec(
        select(ImprovementAction.continues_action_id, Campaign.name)
        .join(Campaign, col(Campaign.id) == col(ImprovementAction.campaign_id))
        .where(col(ImprovementAction.continues_action_id).in_(wanted))
    ).all()
    dropped = session.exec(
        select(PlanDismissal.action_id, PlanDismissal.reason, Campaign.name)
        .join(Campaign, col(Campaign.id) == col(PlanDismissal.campaign_id))
        .where(col(PlanDismissal.action_id).in_(wanted))
    ).all()
    found: dict[ActionRef, LaterDecision] = {
        i: LaterDecision(carried=False, campaign=c, reason=r) for i, r, c in dropped if i
    }
    return found | {i: LaterDecision(carried=True, campaign=c) for i, c in carried if i}


def _dismissal_views(session: Session, cite_id: int, campaign_id: int) -> list[Dismissal]:
    rows = session.exec(
        select(PlanDismissal)
        .where(PlanDismissal.cite_id == cite_id, PlanDismissal.campaign_id == campaign_id)
        .order_by(col(PlanDismissal.id))
    ).all()
    names = audit.display_names(session, {r.recorded_by_id for r in rows})
    return [
        Dismissal(
            id=id_of(r),
            action_id=r.action_id,
            note_id=r.note_id,
            item_id=r.item_id,
            reason=r.reason,
            recorded_at=r.recorded_at,
            recorded_by=names.get(r.recorded_by_id or -1, "the command line"),
        )
        for r in rows
    ]


def _recommendations(
    session: Session,
    cite_id: int,
    campaign: CampaignPublic,
    actions: Sequence[ActionView],
    dismissals: Sequence[Dismissal],
) -> list[Recommendation]:
    """The recommendations and reservations this plan answers: those it turned into one of
    its actions or dropped with a reason and, while it is open, those still awaiting a
    decision (whatever campaign they were written on: a note that came after its campaign
    closed is answered by the open plan)."""
    action_ids = {a.id for a in actions}
    dropped = {d.note_id: d.reason for d in dismissals if d.note_id is not None}
    decided_elsewhere = set(
        session.exec(
            select(PlanDismissal.note_id).where(
                PlanDismissal.cite_id == cite_id, col(PlanDismissal.note_id).is_not(None)
            )
        ).all()
    )
    rows = session.exec(
        select(ReviewNote, Campaign.name)
        .join(Campaign, col(Campaign.id) == col(ReviewNote.campaign_id))
        .where(
            ReviewNote.cite_id == cite_id,
            col(ReviewNote.kind).in_([NoteKind.recommendation, NoteKind.reservation]),
        )
        .order_by(col(ReviewNote.created_at), col(ReviewNote.id))
    ).all()
    is_open = campaign.state is CampaignState.open
    found = []
    for note, name in rows:
        ours = note.action_id in action_ids or note.id in dropped
        pending = note.action_id is None and note.id not in decided_elsewhere
        if ours or (is_open and pending):
            found.append(
                Recommendation(
                    note_id=id_of(note),
                    kind=note.kind.value,
                    text=note.text,
                    written_on=note.created_at.date(),
                    campaign=name,
                    action_id=note.action_id if note.action_id in action_ids else None,
                    dropped=dropped.get(id_of(note), ""),
                )
            )
    return found


def _stored_actions(session: Session, cite_id: int, campaign_id: int) -> list[ImprovementAction]:
    query = (
        select(ImprovementAction)
        .where(ImprovementAction.cite_id == cite_id, ImprovementAction.campaign_id == campaign_id)
        .order_by(col(ImprovementAction.id))
    )
    return list(session.exec(query.execution_options(populate_existing=True)).all())


def _drafts(rows: Iterable[ImprovementAction]) -> list[ActionDraft]:
    return [ActionDraft.model_validate(row, from_attributes=True) for row in rows]


def _views(session: Session, rows: Sequence[ImprovementAction]) -> list[ActionView]:
    names = audit.display_names(session, {r.updated_by_id for r in rows})
    continued = _continued_campaigns(session, {r.continues_action_id for r in rows})
    return [
        ActionView(
            action=ActionDraft.model_validate(row, from_attributes=True),
            version=row.version,
            updated_at=row.updated_at,
            updated_by=names.get(row.updated_by_id or -1, audit.COMMAND_LINE),
            continues_campaign=continued.get(row.continues_action_id or -1),
        )
        for row in rows
    ]


def _continued_campaigns(session: Session, action_ids: set[int | None]) -> dict[int, str]:
    """Action id → name of its campaign, for the actions that others continue."""
    wanted = sorted(i for i in action_ids if i is not None)
    if not wanted:
        return {}
    rows = session.exec(
        select(ImprovementAction, Campaign.name)
        .join(Campaign, col(Campaign.id) == col(ImprovementAction.campaign_id))
        .where(col(ImprovementAction.id).in_(wanted))
    ).all()
    return {id_of(action): name for action, name in rows}


def _read_only_reason(actor: Actor, cite_id: int, campaign: CampaignPublic) -> str | None:
    if not allowed(actor, Permission.fill, cite_id):
        return "Only the Cité's own team can change its improvement plan."
    if campaign.state is not CampaignState.open:
        return f"{campaign.name} is {campaign.state.value}: its plan can no longer change."
    return None


def _item_choices(
    session: Session, campaign: CampaignPublic, lang: Lang, *, linked: set[str]
) -> dict[str, str]:
    """Item id → the criterion as a person names it (short title and labelling-file ref):
    the scored grids' items, and any other item of the campaign an action is linked to
    (a recommendation on a labelling-file item becomes an action linked to that item)."""
    grids = synthesis_questionnaires(session, campaign)
    scored = {i.id for q in grids for i in q.items()}
    others = [  # only where an action is linked: their names would change the grids' ones
        q
        for q in campaign_questionnaires(session, campaign)
        if q.id not in {g.id for g in grids} and any(i.id in linked for i in q.items())
    ]
    names = criterion_labels([*grids, *others], lang)
    return {i: name for i, name in names.items() if i in scored or i in linked}


def _linked_items(actions: Iterable[ActionDraft]) -> set[str]:
    return {i for a in actions for i in a.item_ids}


def _previous_plan_campaign(session: Session, cite_id: int, campaign: CampaignPublic) -> int | None:
    """The latest earlier campaign in which the Cité has a plan."""
    return session.exec(
        select(Campaign.id)
        .join(ImprovementAction, col(ImprovementAction.campaign_id) == col(Campaign.id))
        .where(ImprovementAction.cite_id == cite_id, col(Campaign.year) < campaign.year)
        .order_by(col(Campaign.year).desc())
    ).first()


def _campaign_name(session: Session, campaign_id: int | None) -> str | None:
    if campaign_id is None:
        return None
    found = session.get(Campaign, campaign_id)
    return found.name if found else None


# --- changing one action ------------------------------------------------------------------


def _require_editable(session: Session, actor: Actor, cite_id: int, campaign_id: int) -> None:
    require(actor, Permission.fill, cite_id)
    campaign = visible_campaign(session, actor, campaign_id=campaign_id)
    if campaign.state is not CampaignState.open:
        raise InvalidState("plan.closed", name=campaign.name)


def _known_items(session: Session, actor: Actor, campaign_id: int) -> set[str]:
    """The items an action may be linked to: those of every questionnaire of the campaign."""
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    return {i.id for q in campaign_questionnaires(session, campaign) for i in q.items()}


def _check_items(session: Session, actor: Actor, campaign_id: int, draft: ActionDraft) -> None:
    unknown = [i for i in draft.item_ids if i not in _known_items(session, actor, campaign_id)]
    if unknown:
        raise InvalidValue("plan.unknown_item", item=unknown[0])


def _locked_action(session: Session, action_id: int) -> ImprovementAction:
    found = session.exec(
        select(ImprovementAction)
        .where(ImprovementAction.id == action_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if found is None:
        raise _gone(session, action_id)
    return found


def _gone(session: Session, action_id: int) -> NotFound:
    deleted = session.exec(
        select(AuditEvent)
        .where(
            AuditEvent.entity == ENTITY,
            AuditEvent.entity_id == str(action_id),
            AuditEvent.action == "delete",
        )
        .order_by(col(AuditEvent.id).desc())
    ).first()
    if deleted is None:
        return NotFound("plan.no_action")
    who = audit.display_name(session, deleted.actor_id)
    return NotFound("plan.deleted", who=who, when=deleted.at)


def _check_version(session: Session, row: ImprovementAction, expected: int | None) -> None:
    if expected is not None and row.version != expected:
        raise ActionConflict(_views(session, [row])[0])


def _snapshot(row: ImprovementAction) -> dict[str, Any]:
    return ActionDraft.model_validate(row, from_attributes=True).model_dump(mode="json")


def _fill(row: ImprovementAction, draft: ActionDraft) -> None:
    row.item_ids = list(draft.item_ids)
    row.title = draft.title
    row.description = draft.description
    row.owner = draft.owner
    row.partners = draft.partners
    row.start_on = draft.start
    row.due_on = draft.due
    row.status = draft.status
    row.indicator = draft.indicator
    row.target = draft.target
    row.baseline = draft.baseline
    row.people_days = draft.people_days
    row.budget = draft.budget
    row.milestones = draft.milestones
    row.result = draft.result
    row.completed_on = draft.completed_on
    row.abandon_reason = draft.abandon_reason
    row.effectiveness = draft.effectiveness
    row.feasibility = draft.feasibility
    row.priority = draft.priority


def _insert(
    session: Session, actor: Actor, cite_id: int, campaign_id: int, draft: ActionDraft
) -> ImprovementAction:
    now = utcnow()
    row = ImprovementAction(
        cite_id=cite_id,
        campaign_id=campaign_id,
        title=draft.title,
        continues_action_id=_continued_id(session, draft, cite_id, campaign_id),
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
        updated_by_id=actor.id,
    )
    _fill(row, draft)
    session.add(row)
    session.flush()
    audit.record(
        session, actor, action="create", entity=ENTITY, entity_id=row.id, after=_snapshot(row)
    )
    return row


def _continued_id(
    session: Session, draft: ActionDraft, cite_id: int, campaign_id: int
) -> int | None:
    """The action a new one carries on: one of the same Cité's actions in an earlier
    campaign. Any other id (unknown, another Cité's, this plan's) is refused alike, so that
    no one learns whether another Cité's action exists."""
    if draft.continues is None:
        return None
    try:
        action_id = int(draft.continues)
    except (TypeError, ValueError):
        raise InvalidValue("plan.unknown_continued", action=str(draft.continues)) from None
    earlier = session.exec(
        select(ImprovementAction.id)
        .join(Campaign, col(Campaign.id) == col(ImprovementAction.campaign_id))
        .where(
            ImprovementAction.id == action_id,
            ImprovementAction.cite_id == cite_id,
            col(Campaign.year)
            < select(Campaign.year).where(Campaign.id == campaign_id).scalar_subquery(),
        )
    ).first()
    if earlier is None:
        raise NotFound("plan.unknown_continued", action=str(action_id))
    return action_id


def _update(
    session: Session, actor: Actor, row: ImprovementAction, draft: ActionDraft
) -> ImprovementAction:
    before = _snapshot(row)
    _fill(row, draft)
    if _snapshot(row) == before:
        return row
    row.version += 1
    row.updated_at, row.updated_by_id = utcnow(), actor.id
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        action="update",
        entity=ENTITY,
        entity_id=row.id,
        before=before,
        after=_snapshot(row),
    )
    return row


def _delete(session: Session, actor: Actor, row: ImprovementAction) -> None:
    follower = session.exec(
        select(ImprovementAction.id).where(ImprovementAction.continues_action_id == row.id)
    ).first()
    if follower is not None:
        raise InvalidState("plan.carried_on", title=row.title)
    audit.record(
        session, actor, action="delete", entity=ENTITY, entity_id=row.id, before=_snapshot(row)
    )
    session.delete(row)
    session.flush()


def insert_linked_action(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, action: ActionDraft
) -> ImprovementAction:
    """Add an action (the Cité's own team, open campaign, known items) inside the caller's
    transaction (no commit): for a service that links the new action to something it writes
    in the same step."""
    _require_editable(session, actor, cite_id, campaign_id)
    _check_items(session, actor, campaign_id, action)
    return _insert(session, actor, cite_id, campaign_id, action)


# --- the plan table -----------------------------------------------------------------------


def check_rows(
    session: Session, actor: Actor, *, campaign_id: int, rows: Sequence[EditedRow]
) -> tuple[list[ActionDraft], list[RowProblem]]:
    """Each row read by `check_action_rows` against the campaign's items; problems keep the
    row numbers the user sees. A new blank row is skipped; a stored one emptied is refused."""
    known = _known_items(session, actor, campaign_id)
    drafts: list[ActionDraft] = []
    problems: list[RowProblem] = []
    for row in rows:
        checked = domain_plan.check_action_rows([row.cells], known_items=known)
        problems += [p.model_copy(update={"row": row.row}) for p in checked.problems]
        drafts += [d.model_copy(update={"id": row.id}) for d in checked.actions]
        if row.id is not None and checked.ok and not checked.actions:
            problems.append(RowProblem(row=row.row, field="title", code="title_empty"))
    return drafts, problems


def save_table(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    edited: Sequence[EditedRow] = (),
    deleted: Sequence[DeletedRow] = (),
) -> TableSaved:
    """Save the edits of the plan table: all of them, or none when a row has a problem
    (returned) or an action changed since the user loaded it (ActionConflict)."""
    require(actor, Permission.fill, cite_id)
    drafts, problems = check_rows(session, actor, campaign_id=campaign_id, rows=edited)
    if problems:
        return TableSaved(problems=problems)
    versions = {row.id: row.version for row in edited if row.id is not None}
    return _write_table(session, actor, cite_id, campaign_id, drafts, versions, deleted)


@storage_guard
@writes
@acting
def _write_table(
    session: Session,
    actor: Actor,
    cite_id: int,
    campaign_id: int,
    drafts: Sequence[ActionDraft],
    versions: dict[int, int | None],
    deleted: Sequence[DeletedRow],
) -> TableSaved:
    _require_editable(session, actor, cite_id, campaign_id)
    counts = {"created": 0, "updated": 0, "deleted": 0}
    for draft in drafts:
        if draft.id is None:
            _insert(session, actor, cite_id, campaign_id, draft)
            counts["created"] += 1
            continue
        row = _own_row(session, int(draft.id), cite_id, campaign_id)
        _check_version(session, row, versions.get(int(draft.id)))
        before = row.version
        counts["updated"] += _update(session, actor, row, draft).version != before
    for gone in deleted:
        row = _own_row(session, gone.id, cite_id, campaign_id)
        _check_version(session, row, gone.version)
        _delete(session, actor, row)
        counts["deleted"] += 1
    session.commit()
    return TableSaved(saved_at=utcnow(), **counts)


def _own_row(session: Session, action_id: int, cite_id: int, campaign_id: int) -> ImprovementAction:
    row = _locked_action(session, action_id)
    if row.cite_id != cite_id or row.campaign_id != campaign_id:
        raise InvalidValue("plan.not_in_plan")
    return row


# --- proposals and carrying over ----------------------------------------------------------


def propose(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, lang: Lang
) -> list[ActionView]:
    """Add a planned action for each area for improvement that no action covers yet (title
    and description in `lang`); returns the actions added."""
    require(actor, Permission.fill, cite_id)
    found = cite_synthesis(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang, comparisons=False
    )
    syntheses = [grid.synthesis for grid in found.grids]
    return _add_proposals(session, actor, cite_id, campaign_id, syntheses)


@storage_guard
@writes
@acting
def _add_proposals(
    session: Session, actor: Actor, cite_id: int, campaign_id: int, syntheses: list[Synthesis]
) -> list[ActionView]:
    _require_editable(session, actor, cite_id, campaign_id)
    existing = _drafts(_stored_actions(session, cite_id, campaign_id))
    drafts: list[ActionDraft] = []
    for synthesis in syntheses:
        drafts += domain_plan.propose_actions(synthesis, existing + drafts)
    rows = [_insert(session, actor, cite_id, campaign_id, draft) for draft in drafts]
    session.commit()
    return _views(session, rows)


@storage_guard
@writes
@acting
def carry_over_previous(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int
) -> list[ActionView]:
    """Copy the unfinished actions (planned, in progress) of the Cité's previous plan into
    this one, each linked to its original; those already carried over are skipped."""
    _require_editable(session, actor, cite_id, campaign_id)
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    previous_id = _previous_plan_campaign(session, cite_id, campaign)
    if previous_id is None:
        return []
    previous = _drafts(_stored_actions(session, cite_id, previous_id))
    current = _drafts(_stored_actions(session, cite_id, campaign_id))
    year_start = campaign.opens_on or dt.date(campaign.year, 1, 1)
    dropped = {d.action_id for d in _dismissal_views(session, cite_id, campaign_id)}
    drafts = domain_plan.carry_over(
        previous, current, year_start=year_start, dropped={i for i in dropped if i is not None}
    )
    rows = [_insert(session, actor, cite_id, campaign_id, draft) for draft in drafts]
    session.commit()
    return _views(session, rows)


# --- deciding not to act ----------------------------------------------------------------

REASON_MAX = 1000


@storage_guard
@writes
@acting
def dismiss(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    reason: str,
    action_id: int | None = None,
    note_id: int | None = None,
    item_id: str = "",
) -> Dismissal:
    """Record in the Cité's open plan why it does not act on one thing: an unfinished action
    of its earlier plan (not carried over), a recommendation or reservation of the label
    authority (not turned into an action), or an area for improvement (`item_id`). The reason
    is required and printed in 8.1.2; giving another replaces it."""
    _require_editable(session, actor, cite_id, campaign_id)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidValue("plan.reason_missing")
    if len(reason) > REASON_MAX:
        raise InvalidValue("plan.reason_long", max=REASON_MAX)
    if sum(x is not None and x != "" for x in (action_id, note_id, item_id)) != 1:
        raise InvalidValue("plan.dismiss_what")
    _check_dismissable(session, actor, cite_id, campaign_id, action_id, note_id, item_id)
    row = session.exec(
        select(PlanDismissal).where(
            PlanDismissal.cite_id == cite_id,
            PlanDismissal.campaign_id == campaign_id,
            PlanDismissal.action_id == action_id,
            PlanDismissal.note_id == note_id,
            PlanDismissal.item_id == item_id,
        )
    ).first()
    before = {"reason": row.reason} if row else None
    row = row or PlanDismissal(
        cite_id=cite_id,
        campaign_id=campaign_id,
        action_id=action_id,
        note_id=note_id,
        item_id=item_id,
        reason=reason,
    )
    row.reason, row.recorded_at, row.recorded_by_id = reason, utcnow(), actor.id
    session.add(row)
    session.flush()
    after = {"reason": reason, "action_id": action_id, "note_id": note_id, "item_id": item_id}
    audit.record(
        session,
        actor,
        action="dismiss",
        entity="plan_dismissal",
        entity_id=row.id,
        before=before,
        after=after,
    )
    session.commit()
    return next(d for d in _dismissal_views(session, cite_id, campaign_id) if d.id == row.id)


def _check_dismissable(
    session: Session,
    actor: Actor,
    cite_id: int,
    campaign_id: int,
    action_id: int | None,
    note_id: int | None,
    item_id: str,
) -> None:
    """Refuse what this plan cannot drop: an action that is not an unfinished one of the
    Cité's earlier plans, a note of another Cité or already an action, an unknown item."""
    if action_id is not None:
        _continued_id(session, ActionDraft(title="-", continues=action_id), cite_id, campaign_id)
        action = session.get(ImprovementAction, action_id)
        if action is None or action.status not in domain_plan.UNFINISHED:
            raise InvalidState("plan.not_unfinished")
    if note_id is not None:
        note = session.get(ReviewNote, note_id)
        if note is None or note.cite_id != cite_id:
            raise NotFound("review.not_found")
        if note.action_id is not None:
            raise InvalidState("review.already_action")
    if item_id and item_id not in _known_items(session, actor, campaign_id):
        raise InvalidValue("plan.unknown_item", item=item_id)


@storage_guard
@writes
@acting
def cancel_dismissal(session: Session, actor: Actor, *, dismissal_id: int) -> None:
    """Take back a decision not to act (open plan only): the thing awaits a decision again."""
    row = session.get(PlanDismissal, dismissal_id)
    if row is None:
        raise NotFound("plan.no_dismissal")
    _require_editable(session, actor, row.cite_id, row.campaign_id)
    audit.record(
        session,
        actor,
        action="delete",
        entity="plan_dismissal",
        entity_id=row.id,
        before={"reason": row.reason},
    )
    session.delete(row)
    session.commit()


# --- the PDF ------------------------------------------------------------------------------


def plan_report(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    lang: Lang,
    today: dt.date | None = None,
) -> PlanReport:
    """What the PDF shows: the syntheses (in `lang`) with how they were made and validated,
    the review of the previous plan, the actions and the areas no action covers."""
    found = cite_synthesis(session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang)
    view = plan_view(session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang)
    validation = found.validation
    return PlanReport(
        criteria=view.items,
        cite=found.cite.name,
        campaign=found.campaign.name,
        written_in=languages.chosen(found.cite.language),
        phase=found.phase,
        generated_on=today or dt.date.today(),
        syntheses=[grid.synthesis for grid in found.grids],
        actions=[a.action for a in view.actions],
        methods=[_method(grid) for grid in found.grids],
        validation=(
            ValidationFacts(
                body=validation.body, validated_on=validation.validated_on, note=validation.note
            )
            if validation
            else None
        ),
        review=view.review,
        uncovered=view.uncovered,
        not_retained={d.item_id: d.reason for d in view.dismissals if d.item_id},
        network_published=all(g.network_published for g in found.grids),
        recommendations=view.recommendations,
        later=view.later,
        levels_before=_levels_before(session, actor, found.campaign, cite_id, view, lang),
    )


def _levels_before(
    session: Session,
    actor: Actor,
    campaign: CampaignPublic,
    cite_id: int,
    view: PlanView,
    lang: Lang,
) -> dict[str, str]:
    """The previous campaign's answers to the criteria its plan's actions aimed at."""
    wanted = {i for line in view.review.lines for i in line.action.item_ids}
    previous_id = _previous_plan_campaign(session, cite_id, campaign) if wanted else None
    if previous_id is None:
        return {}
    before = cite_synthesis(
        session, actor, cite_id=cite_id, campaign_id=previous_id, lang=lang, comparisons=False
    )
    rows = (r for g in before.grids for r in g.synthesis.rows)
    return {r.item_id: r.answer for r in rows if r.item_id in wanted and r.answer}


def _method(grid: GridSynthesis) -> GridMethod:
    return GridMethod(
        title=grid.synthesis.questionnaire_title,
        started_on=grid.started_at.date() if grid.started_at else None,
        submitted_on=grid.submitted_at.date() if grid.submitted_at else None,
        submitted_by=grid.submitted_by or "",
        participants=grid.participants,
        raters=grid.raters,
        divergent=grid.divergent,
        rated_on=grid.rated_on,
        agreed_on=grid.agreed_on,
    )


def plan_pdf(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    lang: Lang,
    today: dt.date | None = None,
    annex: bool = True,
) -> bytes:
    """The plan PDF (cover, 8.1.1, 8.1.2) of the Cité in the campaign, in `lang`; `annex`
    adds every answer at the end."""
    report = plan_report(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang, today=today
    )
    return build_plan_pdf(report, lang, annex=annex)
