"""Signing in: password check against the argon2 hash, throttled after repeated failures.

Failures are stored in the database (LoginFailure), so the limit holds across several app
instances. After `login_max_failures` failures within `login_lock_minutes`, further tries
for that login are refused without checking the password until the window has passed.

Each attempt is counted as a failure *before* its password is checked, in one transaction
that also checks the limit (serialised per login: SQLite's single writer, a PostgreSQL
advisory lock), so a burst of simultaneous tries gets no more checks than the limit. A right
password then clears the login's failures.

With the client's address (the server's sign-in form gives it), the limit holds per login
*and client*: wrong passwords from one address throttle that address only, so an outsider
cannot keep an administrator out by failing on purpose. Every client's failures still count
towards the login's own limit, `CLIENT_FACTOR` times larger, which stops guessing spread over
many addresses. Both counts live in `LoginFailure`: the login's under the login itself, a
client's under `login|<sha256 of the address>` (`|` is never part of a login).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import BigInteger, literal
from sqlmodel import Session, col, delete, func, select

from cdm_quality.services.errors import AuthError, LoginThrottled
from cdm_quality.services.people.access import Actor
from cdm_quality.services.people.users import hash_password, verify_password
from cdm_quality.settings import Settings, get_settings
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import LoginFailure, User, utcnow

CLIENT_FACTOR = 10  # a login's limit over every client, in multiples of one client's
_DUMMY_HASH: list[str] = []  # computed once: wrong logins cost as much time as wrong passwords


@dataclass(frozen=True)
class _Account:
    """What the password check needs, read before hashing so that no row stays attached."""

    actor: Actor
    password_hash: str


def authenticate(
    session: Session,
    login: str,
    password: str,
    *,
    client: str | None = None,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
) -> Actor:
    """The actor for a correct login and password; AuthError or LoginThrottled otherwise.
    `client`: the address the attempt comes from (the limit then holds per client too).

    The slow password check runs outside any transaction, so it holds no lock.
    """
    settings = settings or get_settings()
    now = now or utcnow()
    login = login.strip().lower()[:64]
    window = dt.timedelta(minutes=settings.login_lock_minutes)
    limits = _limits(login, client, settings.login_max_failures)
    throttled_until = _count_attempt(session, login, limits, now=now, window=window)
    if throttled_until is not None:
        raise LoginThrottled(retry_after=throttled_until)
    account = _active_account(session, login)
    if not _password_ok(account, password) or account is None:
        raise AuthError()
    _clear_failures(session, list(limits))
    return account.actor


def _limits(login: str, client: str | None, limit: int) -> dict[str, int]:
    """The failure counts an attempt goes into, by key, with the limit of each."""
    if client is None:
        return {login: limit}
    digest = hashlib.sha256(client.encode("utf-8", "replace")).hexdigest()[:16]
    return {login: limit * CLIENT_FACTOR, f"{login[:47]}|{digest}": limit}


@writes
def _count_attempt(
    session: Session, login: str, limits: dict[str, int], *, now: dt.datetime, window: dt.timedelta
) -> dt.datetime | None:
    """Store this attempt as a failure under each key unless one of them already has its
    limit in the window: None when the attempt may check its password, else when the
    throttle ends."""
    _lock_login(session, login)
    session.exec(
        delete(LoginFailure).where(
            col(LoginFailure.login).in_(list(limits)), col(LoginFailure.at) <= now - window
        )
    )
    ends = []
    for key, limit in limits.items():
        recent = _recent_failures(session, key, now - window, limit)
        if len(recent) >= limit:
            ends.append(recent[-1] + window)
    if not ends:
        session.add_all([LoginFailure(login=key, at=now) for key in limits])
    session.commit()
    return max(ends) if ends else None


def _lock_login(session: Session, login: str) -> None:
    """PostgreSQL: hold a per-login lock until the transaction ends, so that two instances
    cannot both read "4 failures" and both check a password. SQLite's BEGIN IMMEDIATE (from
    `writes`) already lets one writer at a time."""
    if session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(login.encode()).digest()[:8], "big", signed=True)
    session.exec(select(func.pg_advisory_xact_lock(literal(key, BigInteger))))


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


def _active_account(session: Session, login: str) -> _Account | None:
    """The active account of `login`, read in a transaction ended before the slow hash."""
    user = session.exec(select(User).where(User.login == login)).first()
    account = _Account(Actor.of(user), user.password_hash) if user and user.active else None
    session.rollback()
    return account


@writes
def _clear_failures(session: Session, keys: list[str]) -> None:
    """A right password clears the failures it was counted in, its own included."""
    session.exec(delete(LoginFailure).where(col(LoginFailure.login).in_(keys)))
    session.commit()


def _password_ok(account: _Account | None, password: str) -> bool:
    if account is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password("not-a-real-password"))
        verify_password(_DUMMY_HASH[0], password)
        return False
    return verify_password(account.password_hash, password)


def current_actor(session: Session, *, user_id: int) -> Actor | None:
    """The actor for a signed-in user id, or None when the account is gone or disabled.

    Pages call it on each run so that a disabled account or a role change takes effect.
    """
    user = session.get(User, user_id)
    return Actor.of(user) if user is not None and user.active else None


def actor_for_email(session: Session, email: str) -> Actor | None:
    """The actor of the one active account whose email is `email` (case and surrounding
    spaces aside): an OpenID Connect identity signs in as that account. None when no active
    account, or more than one, has it."""
    wanted = email.strip().lower()
    if not wanted:
        return None
    found = session.exec(
        select(User).where(func.lower(func.trim(User.email)) == wanted, col(User.active))
    ).all()
    return Actor.of(found[0]) if len(found) == 1 else None
