"""Deciding not to act (on an earlier action, a recommendation, an area), and taking it back."""

from __future__ import annotations

from sqlmodel import Session, select

from cdm_quality.domain import plan as domain_plan
from cdm_quality.domain.plan import ActionDraft
from cdm_quality.services import audit
from cdm_quality.services.errors import InvalidState, InvalidValue, NotFound, storage_guard
from cdm_quality.services.people.access import Actor, acting
from cdm_quality.services.plan.actions import continued_id, known_items, require_editable
from cdm_quality.services.plan.common import Dismissal, dismissal_views
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import ImprovementAction, PlanDismissal, ReviewNote, utcnow


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
    require_editable(session, actor, cite_id, campaign_id)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidValue("plan.reason_missing")
    if len(reason) > domain_plan.REASON_MAX:
        raise InvalidValue("plan.reason_long", max=domain_plan.REASON_MAX)
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
    return next(d for d in dismissal_views(session, cite_id, campaign_id) if d.id == row.id)


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
        continued_id(session, ActionDraft(title="-", continues=action_id), cite_id, campaign_id)
        action = session.get(ImprovementAction, action_id)
        if action is None or action.status not in domain_plan.UNFINISHED:
            raise InvalidState("plan.not_unfinished")
    if note_id is not None:
        note = session.get(ReviewNote, note_id)
        if note is None or note.cite_id != cite_id:
            raise NotFound("review.not_found")
        if note.action_id is not None:
            raise InvalidState("review.already_action")
    if item_id and item_id not in known_items(session, actor, campaign_id):
        raise InvalidValue("plan.unknown_item", item=item_id)


@storage_guard
@writes
@acting
def cancel_dismissal(session: Session, actor: Actor, *, dismissal_id: int) -> None:
    """Take back a decision not to act (open plan only): the thing awaits a decision again."""
    row = session.get(PlanDismissal, dismissal_id)
    if row is None:
        raise NotFound("plan.no_dismissal")
    require_editable(session, actor, row.cite_id, row.campaign_id)
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
