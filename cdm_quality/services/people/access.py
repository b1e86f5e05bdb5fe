"""Who may do what: the one place the access rules live.

| permission        | director | contributor | assessor | authority | admin |
|-------------------|----------|-------------|----------|-----------|-------|
| read              | own Cité | own Cité    | own Cité | all       | all   |
| read_review (the  | own Cité | own Cité    | -        | all       | all   |
|   authority's     |          |             |          |           |       |
|   notes)          |          |             |          |           |       |
| read_files (the   | own Cité | own Cité    | -        | all       | all   |
|   synthesis, the  |          |             |          |           |       |
|   plan, the       |          |             |          |           |       |
|   labelling file) |          |             |          |           |       |
| rate (own ratings)| own Cité | own Cité    | own Cité | -         | -     |
| fill (answers,    | own Cité | own Cité    | -        | -         | -     |
|   plan actions)   |          |             |          |           |       |
| submit            | own Cité | -           | -        | -         | -     |
| consensus, invite | own Cité | -           | -        | -         | -     |
| reopen            | -        | -           | -        | all       | all   |
| run_campaigns     | -        | -           | -        | yes       | yes   |
| record_phase      | -        | -           | -        | all       | all   |
| review (comments, | -        | -           | -        | all       | all   |
|   recommendations,|          |             |          |           |       |
|   due dates)      |          |             |          |           |       |
| manage_cites      | -        | -           | -        | -         | yes   |
| manage_users      | -        | -           | -        | -         | yes   |
| backup            | -        | -           | -        | -         | yes   |

"Own Cité" means the Cité of the acting user's account; an assessor rates only in the one
campaign of their account (`Actor.campaign_id`, checked by `services.assessment.ratings`), and
sees the others' ratings only once theirs are done. Every service calls `require`; the pages are
shown to the roles holding the permission each one needs (`roles_holding`, `ui.navigation`).
Every writing service is also decorated with `acting`: it refuses an actor whose account was
disabled, or given another role or Cité, since the actor was read (`AccountChanged`), and an
actor whose browser sign-in (`session_id`) has ended (`SessionEnded`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from cdm_quality.services.errors import AccessDenied, AccountChanged, SessionEnded
from cdm_quality.settings import Settings, get_settings
from cdm_quality.storage.tables import Role as Role
from cdm_quality.storage.tables import User, WebSession, utcnow

T = TypeVar("T")


class Permission(StrEnum):
    read = "read"
    read_review = "read_review"
    read_files = "read_files"
    rate = "rate"
    fill = "fill"
    consensus = "consensus"
    submit = "submit"
    reopen = "reopen"
    run_campaigns = "run_campaigns"
    record_phase = "record_phase"
    review = "review"
    manage_cites = "manage_cites"
    manage_users = "manage_users"
    backup = "backup"


class Scope(StrEnum):
    none = "none"
    own = "own"  # only the actor's own Cité
    all = "all"


_ROLE_SCOPES: dict[Role, dict[Permission, Scope]] = {
    Role.director: {
        Permission.read: Scope.own,
        Permission.read_review: Scope.own,
        Permission.read_files: Scope.own,
        Permission.rate: Scope.own,
        Permission.fill: Scope.own,
        Permission.consensus: Scope.own,
        Permission.submit: Scope.own,
    },
    Role.contributor: {
        Permission.read: Scope.own,
        Permission.read_review: Scope.own,
        Permission.read_files: Scope.own,
        Permission.rate: Scope.own,
        Permission.fill: Scope.own,
    },
    Role.assessor: {Permission.read: Scope.own, Permission.rate: Scope.own},
    Role.authority: {
        Permission.read: Scope.all,
        Permission.read_review: Scope.all,
        Permission.read_files: Scope.all,
        Permission.reopen: Scope.all,
        Permission.run_campaigns: Scope.all,
        Permission.record_phase: Scope.all,
        Permission.review: Scope.all,
    },
    Role.admin: {
        Permission.read: Scope.all,
        Permission.read_review: Scope.all,
        Permission.read_files: Scope.all,
        Permission.reopen: Scope.all,
        Permission.run_campaigns: Scope.all,
        Permission.record_phase: Scope.all,
        Permission.review: Scope.all,
        Permission.manage_cites: Scope.all,
        Permission.manage_users: Scope.all,
        Permission.backup: Scope.all,
    },
}

_DENIED = {
    Permission.read: "denied.read",
    Permission.read_review: "denied.read_review",
    Permission.read_files: "denied.read_files",
    Permission.rate: "denied.rate",
    Permission.fill: "denied.fill",
    Permission.consensus: "denied.consensus",
    Permission.submit: "denied.submit",
    Permission.reopen: "denied.reopen",
    Permission.run_campaigns: "denied.run_campaigns",
    Permission.record_phase: "denied.record_phase",
    Permission.review: "denied.review",
    Permission.manage_cites: "denied.manage_cites",
    Permission.manage_users: "denied.manage_users",
    Permission.backup: "denied.backup",
}


class Actor(BaseModel):
    """The acting user, as the services see them (no password hash)."""

    model_config = ConfigDict(frozen=True)

    id: int | None  # None only for the command-line system actor
    login: str
    name: str
    role: Role
    cite_id: int | None = None
    campaign_id: int | None = None  # an assessor's one campaign
    session_id: int | None = None  # the browser sign-in acting (`services.people.sessions`), if any
    language: str | None = None  # the one the person chose (None: the browser's)

    @classmethod
    def of(cls, user: User, *, session_id: int | None = None) -> Actor:
        return cls(
            id=user.id,
            login=user.login,
            name=user.name,
            role=user.role,
            cite_id=user.cite_id,
            campaign_id=user.campaign_id,
            session_id=session_id,
            language=user.language,
        )


SYSTEM = Actor(id=None, login="system", name="Command line", role=Role.admin)
"""The actor of command-line operations (admin rights, no account)."""


def scope(actor: Actor, permission: Permission) -> Scope:
    """How far `permission` reaches for this actor."""
    return _ROLE_SCOPES[actor.role].get(permission, Scope.none)


def roles_holding(permission: Permission) -> frozenset[Role]:
    """The roles that hold `permission` on some Cité (their own, or every one)."""
    return frozenset(
        role
        for role, scopes in _ROLE_SCOPES.items()
        if scopes.get(permission, Scope.none) is not Scope.none
    )


def allowed(actor: Actor, permission: Permission, cite_id: int | None = None) -> bool:
    """Whether the actor holds `permission` (on `cite_id` when the permission is per Cité)."""
    reach = scope(actor, permission)
    if reach is Scope.all:
        return True
    return reach is Scope.own and cite_id is not None and cite_id == actor.cite_id


def require(actor: Actor, permission: Permission, cite_id: int | None = None) -> None:
    """Raise AccessDenied unless `allowed`."""
    if not allowed(actor, permission, cite_id):
        raise AccessDenied(_DENIED[permission])


def readable_cite_ids(actor: Actor, permission: Permission = Permission.read) -> set[int] | None:
    """The Cités the actor may read (or reach with `permission`); None means every Cité."""
    reach = scope(actor, permission)
    if reach is Scope.all:
        return None
    return {actor.cite_id} if reach is Scope.own and actor.cite_id is not None else set()


# Built once (as a save's statements, `services.responses.saving`): every write runs it.
_CURRENT_USER = select(User).where(col(User.id) == bindparam("user_id")).with_for_update(read=True)


def require_current(session: Session, actor: Actor) -> None:
    """Raise AccountChanged unless the actor's account is still active with the same role and
    Cité. The account row stays share-locked (PostgreSQL) until the caller's transaction ends,
    so it cannot change between this check and the write."""
    if actor.id is None:  # the command-line system actor has no account
        return
    user = session.exec(_CURRENT_USER, params={"user_id": actor.id}).first()
    held = (user.role, user.cite_id, user.campaign_id) if user is not None else None
    if user is None or not user.active or held != (actor.role, actor.cite_id, actor.campaign_id):
        raise AccountChanged()
    if actor.session_id is not None:
        signed_in = session.get(WebSession, actor.session_id)
        if signed_in is None or session_ended(signed_in, utcnow()):
            raise SessionEnded()


def session_ended(row: WebSession, now: dt.datetime, settings: Settings | None = None) -> bool:
    """Whether a browser sign-in is over: past its expiry, or idle longer than allowed."""
    idle = dt.timedelta(minutes=(settings or get_settings()).idle_minutes)
    return now >= row.expires_at or now - row.last_seen_at > idle


def acting(function: Callable[..., T]) -> Callable[..., T]:
    """Decorate a writing service `fn(session, actor, ...)`: `require_current` first."""

    @functools.wraps(function)
    def checked(session: Session, actor: Actor, *args: Any, **kwargs: Any) -> T:
        require_current(session, actor)
        return function(session, actor, *args, **kwargs)

    return checked
