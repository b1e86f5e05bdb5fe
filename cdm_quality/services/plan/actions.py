"""Changing one action: checks (editable plan, known items, version), insert, update and
delete, each audited; no commit (the callers hold the transaction)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from cdm_quality.domain import languages
from cdm_quality.domain.plan import ActionDraft
from cdm_quality.services import audit
from cdm_quality.services.assessment.synthesis import campaign_questionnaires
from cdm_quality.services.errors import InvalidState, InvalidValue, NotFound
from cdm_quality.services.network.campaigns import get_campaign, visible_campaign
from cdm_quality.services.people.access import Actor, Permission, require
from cdm_quality.services.plan.common import ENTITY, ActionConflict, action_views
from cdm_quality.storage.tables import (
    AuditEvent,
    Campaign,
    CampaignState,
    Cite,
    ImprovementAction,
    utcnow,
)


def require_editable(session: Session, actor: Actor, cite_id: int, campaign_id: int) -> None:
    require(actor, Permission.fill, cite_id)
    campaign = visible_campaign(session, actor, campaign_id=campaign_id)
    if campaign.state is not CampaignState.open:
        raise InvalidState("plan.closed", name=campaign.name)


def known_items(session: Session, actor: Actor, campaign_id: int) -> set[str]:
    """The items an action may be linked to: those of every questionnaire of the campaign."""
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    return {i.id for q in campaign_questionnaires(session, campaign) for i in q.items()}


def check_items(session: Session, actor: Actor, campaign_id: int, draft: ActionDraft) -> None:
    unknown = [i for i in draft.item_ids if i not in known_items(session, actor, campaign_id)]
    if unknown:
        raise InvalidValue("plan.unknown_item", item=unknown[0])


def locked_action(session: Session, action_id: int) -> ImprovementAction:
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


def check_version(session: Session, row: ImprovementAction, expected: int | None) -> None:
    if expected is not None and row.version != expected:
        raise ActionConflict(action_views(session, [row])[0])


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


def written_in(session: Session, cite_id: int) -> str:
    """The language a Cité writes in now: its working language (the reference language when
    it has none). Its actions keep the one they were last written in."""
    return languages.chosen(session.exec(select(Cite.language).where(Cite.id == cite_id)).first())


def insert_action(
    session: Session, actor: Actor, cite_id: int, campaign_id: int, draft: ActionDraft
) -> ImprovementAction:
    now = utcnow()
    row = ImprovementAction(
        cite_id=cite_id,
        campaign_id=campaign_id,
        title=draft.title,
        language=written_in(session, cite_id),
        continues_action_id=continued_id(session, draft, cite_id, campaign_id),
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


def continued_id(
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


def update_action(
    session: Session, actor: Actor, row: ImprovementAction, draft: ActionDraft
) -> ImprovementAction:
    before = _snapshot(row)
    _fill(row, draft)
    if _snapshot(row) == before:
        return row
    row.version += 1
    row.updated_at, row.updated_by_id = utcnow(), actor.id
    row.language = written_in(session, row.cite_id)
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


def delete_action(session: Session, actor: Actor, row: ImprovementAction) -> None:
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
    require_editable(session, actor, cite_id, campaign_id)
    check_items(session, actor, campaign_id, action)
    return insert_action(session, actor, cite_id, campaign_id, action)
