"""Reading the plan: its actions and everything the plan page shows beside them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from cdm_quality.domain import plan as domain_plan
from cdm_quality.domain.plan import ActionDraft, ActionRef, LaterDecision, Recommendation
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import criterion_labels
from cdm_quality.services.assessment.synthesis import (
    campaign_questionnaires,
    cite_synthesis,
    synthesis_questionnaires,
)
from cdm_quality.services.network.campaigns import get_campaign, visible_campaign
from cdm_quality.services.network.cites import get_cite
from cdm_quality.services.people.access import Actor, Permission, allowed, require
from cdm_quality.services.plan.common import (
    ActionView,
    Dismissal,
    PlanView,
    action_views,
    dismissal_views,
    drafts_of,
    previous_plan_campaign,
    stored_actions,
)
from cdm_quality.storage.tables import (
    Campaign,
    CampaignPublic,
    CampaignState,
    ImprovementAction,
    NoteKind,
    PlanDismissal,
    ReviewNote,
    id_of,
)


def list_actions(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int
) -> list[ActionView]:
    """The Cité's actions in the campaign, oldest first."""
    require(actor, Permission.read, cite_id)
    visible_campaign(session, actor, campaign_id=campaign_id)
    return action_views(session, stored_actions(session, cite_id, campaign_id))


def plan_view(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, lang: Lang
) -> PlanView:
    """The plan with what the actor may do, the linked-item choices and what can be carried."""
    cite = get_cite(session, actor, cite_id=cite_id)
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    actions = list_actions(session, actor, cite_id=cite_id, campaign_id=campaign_id)
    reason = _read_only_reason(actor, cite_id, campaign)
    previous_id = previous_plan_campaign(session, cite_id, campaign)
    current = [a.action for a in actions]
    previous = drafts_of(stored_actions(session, cite_id, previous_id)) if previous_id else []
    found = cite_synthesis(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang, comparisons=False
    )
    previous_name = _campaign_name(session, previous_id)
    dismissals = dismissal_views(session, cite_id, campaign_id)
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


def _campaign_name(session: Session, campaign_id: int | None) -> str | None:
    if campaign_id is None:
        return None
    found = session.get(Campaign, campaign_id)
    return found.name if found else None
