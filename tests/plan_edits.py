"""One action of a plan added or changed the way the app writes it: through the plan table
(`plan.save_table`, one row), for tests that need an action in place before what they test.
A row the table refuses fails the test (the table's own refusals are tested in
`tests/services/plan/test_synthesis_plan.py`)."""

from __future__ import annotations

from sqlmodel import Session

from cdm_quality.domain.plan import ActionDraft, action_row
from cdm_quality.services import plan
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.services.plan import ActionView, EditedRow


def add_action(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, action: ActionDraft
) -> ActionView:
    """`action` added to the Cité's plan by `actor`, as a new row of the table."""
    edited = EditedRow(row=1, cells=action_row(action))
    _save(session, actor, cite_id, campaign_id, edited)
    return max(_actions(session, cite_id, campaign_id), key=lambda a: a.id)


def change_action(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    action_id: int,
    action: ActionDraft,
    expected_version: int | None = None,
) -> ActionView:
    """The action `action_id` given the content of `action`, as an edited row of the table."""
    cells = action_row(action.model_copy(update={"id": action_id}))
    edited = EditedRow(row=1, id=action_id, version=expected_version, cells=cells)
    _save(session, actor, cite_id, campaign_id, edited)
    return next(a for a in _actions(session, cite_id, campaign_id) if a.action.id == action_id)


def _save(
    session: Session, actor: Actor, cite_id: int, campaign_id: int, edited: EditedRow
) -> None:
    saved = plan.save_table(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, edited=[edited]
    )
    assert saved.saved, saved.messages("en")


def _actions(session: Session, cite_id: int, campaign_id: int) -> list[ActionView]:
    return plan.list_actions(session, SYSTEM, cite_id=cite_id, campaign_id=campaign_id)
