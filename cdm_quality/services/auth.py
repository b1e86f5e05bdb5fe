"""Signing in: password check against the argon2 hash, throttled after repeated failures.

Failures are stored in the database (LoginFailure), so the limit holds across several app
instances. After `login_max_failures` failures within `login_lock_minutes`, further tries
for that login are refused without checking the password until the window has passed.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, delete, select

from cdm_quality.services.access import Actor
from cdm_quality.services.errors import AuthError, LoginThrottled
from cdm_quality.services.users import hash_password, verify_password
from cdm_quality.settings import Settings, get_settings
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import LoginFailure, User, utcnow

_DUMMY_HASH: list[str] = []  # computed once: wrong logins cost as much time as wrong passwords


def authenticate(
    session: Session,
    login: str,
    password: str,
    *,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
) -> Actor:
    """The actor for a correct login and password; AuthError or LoginThrottled otherwise.

    The slow password check runs outside any transaction, so it holds no lock.
    """
    settings = settings or get_settings()
    now = now or utcnow()
    login = login.strip().lower()[:64]
    window = dt.timedelta(minutes=settings.login_lock_minutes)
    recent = _recent_failures(session, login, now - window, settings.login_max_failures)
    user = session.exec(select(User).where(User.login == login)).first()
    session.rollback()  # end the read transaction before hashing
    if len(recent) >= settings.login_max_failures:
        raise LoginThrottled(retry_after=recent[-1] + window)
    accepted = _password_ok(user, password)
    _record_attempt(session, login, accepted=accepted, now=now, window=window)
    if not accepted or user is None:
        raise AuthError()
    return Actor.of(user)


def _recent_failures(
    session: Session, login: str, since: dt.datetime, limit: int
) -> list[dt.datetime]:
    """The newest `limit` failures of this login after `since`, newest first."""
    return list(
        session.exec(
            select(LoginFailure.at)
            .where(LoginFailure.login == login, col(LoginFailure.at) > since)
            .order_by(col(LoginFailure.at).desc())
            .limit(limit)
        ).all()
    )


@writes
def _record_attempt(
    session: Session, login: str, *, accepted: bool, now: dt.datetime, window: dt.timedelta
) -> None:
    """A failure is stored; a success clears the login's failures. Expired ones are pruned."""
    query = delete(LoginFailure).where(col(LoginFailure.login) == login)
    if not accepted:
        query = query.where(col(LoginFailure.at) <= now - window)
    session.exec(query)
    if not accepted:
        session.add(LoginFailure(login=login, at=now))
    session.commit()


def _password_ok(user: User | None, password: str) -> bool:
    if user is None or not user.active:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password("not-a-real-password"))
        verify_password(_DUMMY_HASH[0], password)
        return False
    return verify_password(user.password_hash, password)


def current_actor(session: Session, *, user_id: int) -> Actor | None:
    """The actor for a signed-in user id, or None when the account is gone or disabled.

    Pages call it on each run so that a disabled account or a role change takes effect.
    """
    user = session.get(User, user_id)
    return Actor.of(user) if user is not None and user.active else None
