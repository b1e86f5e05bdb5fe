"""The audit trail: one AuditEvent per change made through the services."""

from __future__ import annotations

from enum import Enum
from typing import Any

from sqlmodel import Session, col, select

from cdm_quality.services.people.access import Actor
from cdm_quality.storage.tables import AuditEvent, User, id_of


def record(
    session: Session,
    actor: Actor,
    *,
    action: str,
    entity: str,
    entity_id: object,
    before: Any = None,
    after: Any = None,
) -> None:
    """Add an audit event to the session (committed with the change it describes)."""
    session.add(
        AuditEvent(
            actor_id=actor.id,
            actor_login=actor.login,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before,
            after=after,
        )
    )


def record_state(
    session: Session,
    actor: Actor,
    *,
    entity: str,
    entity_id: object,
    before: Enum,
    after: Enum,
    **details: Any,
) -> None:
    """Audit a change of state: the action is the new state, `details` join it in `after`."""
    record(
        session,
        actor,
        action=after.value,
        entity=entity,
        entity_id=entity_id,
        before={"state": before.value},
        after={"state": after.value, **details},
    )


def display_names(session: Session, user_ids: set[int | None]) -> dict[int, str]:
    """Display names of the given users, by id (unknown ids are left out)."""
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    users = session.exec(select(User).where(col(User.id).in_(wanted))).all()
    return {id_of(user): user.name for user in users}


COMMAND_LINE = "the command line"  # who made a change without an account (pages translate it)


def display_name(session: Session, user_id: int | None) -> str:
    """One user's display name; `COMMAND_LINE` for changes made without an account."""
    if user_id is None:
        return COMMAND_LINE
    return display_names(session, {user_id}).get(user_id, f"user #{user_id}")
