"""What the plan's parts share: the result models, the conflict error, and the stored plan
as read (actions, their views, the decisions not to act, the previous plan's campaign)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from cdm_quality.domain.plan import (
    ActionDraft,
    ActionRef,
    LaterDecision,
    PlanReview,
    Recommendation,
    RowProblem,
)
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import SynthesisRow
from cdm_quality.services import audit
from cdm_quality.services.errors import ConflictError
from cdm_quality.storage.tables import (
    Campaign,
    CampaignPublic,
    CitePublic,
    ImprovementAction,
    PlanDismissal,
    id_of,
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
    # each row written, by its number as the user sees it: the action's id and version now
    stored: dict[int, tuple[int, int]] = Field(default_factory=dict)

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
        super().__init__(
            item_id=None,
            value=current.action,
            remark="",
            evidence="",
            version=current.version,
            changed_by=current.updated_by,
            changed_at=current.updated_at,
            title=current.action.title,
        )
        self.current = current


def stored_actions(session: Session, cite_id: int, campaign_id: int) -> list[ImprovementAction]:
    query = (
        select(ImprovementAction)
        .where(ImprovementAction.cite_id == cite_id, ImprovementAction.campaign_id == campaign_id)
        .order_by(col(ImprovementAction.id))
    )
    return list(session.exec(query.execution_options(populate_existing=True)).all())


def drafts_of(rows: Iterable[ImprovementAction]) -> list[ActionDraft]:
    return [ActionDraft.model_validate(row, from_attributes=True) for row in rows]


def action_views(session: Session, rows: Sequence[ImprovementAction]) -> list[ActionView]:
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


def dismissal_views(session: Session, cite_id: int, campaign_id: int) -> list[Dismissal]:
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


def previous_plan_campaign(session: Session, cite_id: int, campaign: CampaignPublic) -> int | None:
    """The latest earlier campaign in which the Cité has a plan."""
    return session.exec(
        select(Campaign.id)
        .join(ImprovementAction, col(ImprovementAction.campaign_id) == col(Campaign.id))
        .where(ImprovementAction.cite_id == cite_id, col(Campaign.year) < campaign.year)
        .order_by(col(Campaign.year).desc())
    ).first()
