"""User accounts: local logins with argon2 password hashes (admin manages them)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import ValidationError
from sqlmodel import Session, col, delete, select

from cdm_quality.domain import languages
from cdm_quality.domain.mailbox import mailbox
from cdm_quality.services import audit
from cdm_quality.services.errors import AccessDenied, InvalidState, InvalidValue, NotFound
from cdm_quality.services.people import sessions
from cdm_quality.services.people.access import Actor, Permission, acting, require
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import added
from cdm_quality.storage.tables import (
    Cite,
    LoginFailure,
    Role,
    User,
    UserBase,
    id_of,
)
from cdm_quality.storage.tables import UserPublic as UserPublic  # re-exported for ui/

MIN_PASSWORD = 8
MAX_PASSWORD = 256
_hasher = PasswordHasher()


@cache
def _slots(size: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(size)


@contextmanager
def _hash_slot() -> Iterator[None]:
    """Wait for one of `max_parallel_hashes` slots: each argon2 hash or check takes 64 MiB,
    so a burst of sign-ins queues here instead of taking the process's memory."""
    with _slots(get_settings().max_parallel_hashes):
        yield


def hash_password(password: str) -> str:
    """An argon2id hash of an acceptable password (InvalidValue otherwise)."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidValue("password.length", min=MIN_PASSWORD, max=MAX_PASSWORD)
    with _hash_slot():
        return _hasher.hash(password)


def _public(user: User) -> UserPublic:
    return UserPublic.model_validate(user)


def _by_login(session: Session, login: str) -> User | None:
    return session.exec(select(User).where(User.login == login.strip().lower())).first()


@acting
def add_user(
    session: Session,
    actor: Actor,
    *,
    login: str,
    name: str,
    password: str,
    role: Role,
    cite_id: int | None = None,
    email: str | None = None,
    campaign_id: int | None = None,
    language: str | None = None,
) -> UserPublic:
    """Create an account (admin). Directors, contributors and assessors need a Cité, an
    assessor also its campaign; others have none. `language`: the person's, for their
    emails until they choose one themselves (a code the product lacks is not kept)."""
    require(actor, Permission.manage_users)
    return create_account(
        session,
        actor,
        login=login,
        name=name,
        password=password,
        role=role,
        cite_id=cite_id,
        email=email,
        campaign_id=campaign_id,
        language=language,
    )


def create_account(
    session: Session,
    actor: Actor,
    *,
    login: str,
    name: str,
    password: str,
    role: Role,
    cite_id: int | None,
    email: str | None,
    campaign_id: int | None,
    language: str | None = None,
) -> UserPublic:
    """Store a new account once the caller checked the actor may create it (an admin, or a
    director inviting an assessor: `services.assessment.ratings.invite_assessor`)."""
    data = _checked(
        login=login, name=name, role=role, cite_id=cite_id, email=email, campaign_id=campaign_id
    )
    if data.cite_id is not None and session.get(Cite, data.cite_id) is None:
        raise NotFound("cite.not_found")
    user = User.model_validate(
        data,
        update={"password_hash": hash_password(password), "language": languages.known(language)},
    )
    if not added(session=session, row=user):
        raise InvalidState("account.login_taken", login=data.login)
    audit.record(
        session,
        actor,
        action="create",
        entity="user",
        entity_id=user.id,
        after=data.model_dump(mode="json"),
    )
    session.commit()
    return _public(user)


def _checked(**fields: object) -> UserBase:
    fields["login"] = str(fields["login"]).strip().lower()
    fields["email"] = _email(fields.get("email"))
    try:
        data = UserBase.model_validate(fields)
    except ValidationError as exc:
        refused = [str(e["loc"][0]) for e in exc.errors() if e["loc"]]
        raise InvalidValue("account.invalid", fields=refused) from None
    needs_cite = data.role in (Role.director, Role.contributor, Role.assessor)
    if needs_cite != (data.cite_id is not None):
        raise InvalidValue("account.cite_for_role")
    if (data.role is Role.assessor) != (data.campaign_id is not None):
        raise InvalidValue("account.campaign_for_assessor")
    return data


@acting
def change_password(
    session: Session,
    actor: Actor,
    *,
    login: str,
    new_password: str,
    current_password: str | None = None,
) -> None:
    """Set a password: an admin for anyone; a user for themselves, giving the current one.

    Also clears the login's failed attempts (so a throttled user can get back in), and ends
    the account's other browser sessions (all of them when an admin sets it).
    """
    user = _by_login(session, login)
    if user is None:
        raise NotFound("account.not_found", login=login)
    if actor.id != user.id or current_password is None:
        require(actor, Permission.manage_users)
    elif not verify_password(user.password_hash, current_password):
        raise AccessDenied("password.current_wrong")
    user.password_hash = hash_password(new_password)
    session.add(user)
    session.exec(delete(LoginFailure).where(col(LoginFailure.login) == user.login))
    keep = actor.session_id if actor.id == user.id else None
    sessions.end_sessions(session, id_of(user), keep=keep)
    audit.record(session, actor, action="password", entity="user", entity_id=user.id)
    session.commit()


def _email(given: object) -> str | None:
    """The address as stored: None when empty, refused unless it is exactly one mailbox."""
    text = str(given or "").strip()
    if not text:
        return None
    try:
        return mailbox(text)
    except ValueError:
        raise InvalidValue("account.email_invalid") from None


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches the stored hash (False for a damaged hash)."""
    try:
        with _hash_slot():
            return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def remember_language(session: Session, actor: Actor, *, lang: str) -> None:
    """Keep `lang` as the language of the actor's own account (the one their emails are
    written in); a code the product does not speak, or the same language, writes nothing."""
    user = session.get(User, actor.id) if actor.id is not None else None
    if user is None or languages.known(lang) is None or user.language == lang:
        return
    user.language = lang
    session.add(user)
    session.commit()


@acting
def set_active(session: Session, actor: Actor, *, login: str, active: bool) -> UserPublic:
    """Enable or disable an account (admin); a disabled account cannot sign in, and its open
    sessions end."""
    require(actor, Permission.manage_users)
    user = _by_login(session, login)
    if user is None:
        raise NotFound("account.not_found", login=login)
    user.active = active
    session.add(user)
    if not active:
        sessions.end_sessions(session, id_of(user))
    audit.record(
        session,
        actor,
        action="activate" if active else "deactivate",
        entity="user",
        entity_id=user.id,
    )
    session.commit()
    return _public(user)


@acting
def change_role(
    session: Session,
    actor: Actor,
    *,
    login: str,
    role: Role,
    cite_id: int | None,
    campaign_id: int | None = None,
) -> UserPublic:
    """Give an account another role or Cité (admin); its open sessions end, so the next page
    asks to sign in again and then shows what the new role and Cité allow."""
    require(actor, Permission.manage_users)
    user = _by_login(session, login)
    if user is None:
        raise NotFound("account.not_found", login=login)
    data = _checked(
        login=user.login,
        name=user.name,
        role=role,
        cite_id=cite_id,
        email=user.email,
        campaign_id=campaign_id,
    )
    if data.cite_id is not None and session.get(Cite, data.cite_id) is None:
        raise NotFound("cite.not_found")
    before = {"role": user.role.value, "cite_id": user.cite_id}
    if (user.role, user.cite_id, user.campaign_id) != (data.role, data.cite_id, data.campaign_id):
        user.role, user.cite_id, user.campaign_id = data.role, data.cite_id, data.campaign_id
        session.add(user)
        sessions.end_sessions(session, id_of(user))
        after = {"role": user.role.value, "cite_id": user.cite_id}
        audit.record(
            session,
            actor,
            action="update",
            entity="user",
            entity_id=user.id,
            before=before,
            after=after,
        )
    session.commit()
    return _public(user)


def list_users(session: Session, actor: Actor) -> list[UserPublic]:
    """Every account, by login (admin)."""
    require(actor, Permission.manage_users)
    return [_public(u) for u in session.exec(select(User).order_by(col(User.login))).all()]
