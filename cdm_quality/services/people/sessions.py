"""Browser sign-ins that survive a reload: open, resume, end (the server's cookie sessions).

Signing in (`ui/server.py`, route `/signin`) opens a session: 32 random bytes, given to the
browser once as an HttpOnly cookie (`COOKIE`) and stored here only as their sha256, so a copy
of the database signs nobody in. Every page run resumes it from the cookie. A session ends:

- `CDM_QUALITY_SESSION_HOURS` after it was opened, however active (`expires_at`, stored:
  signing in deletes the sessions past theirs);
- after `CDM_QUALITY_IDLE_MINUTES` without activity (`last_seen_at`, noted at most once a
  minute so that a page run does not write each time), checked when it is resumed;
- when it is revoked: signing out (`end_session`), or an account change that must sign the
  account out everywhere (`end_sessions`: disabled, role, Cité or password changed; the users
  service calls it in the same transaction as the change).

The actor a resumed session gives carries its `session_id`; the writing services refuse it
once the session has ended (`access.require_current`), so a page's pending action cannot act
for a revoked sign-in either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, delete, select

from cdm_quality.services.people.access import Actor, session_ended
from cdm_quality.settings import Settings, get_settings
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import User, WebSession, id_of, utcnow

COOKIE = "cdmq_session"
TOUCH_EVERY = dt.timedelta(minutes=1)
_TOKEN_BYTES = 32
_MAX_TOKEN = 128  # a longer cookie is not one of ours


class Resumed(BaseModel):
    """What a session token gives: the actor, or None (`expired` says it ended by time)."""

    model_config = ConfigDict(frozen=True)

    actor: Actor | None = None
    expired: bool = False
    last_seen: dt.datetime | None = None  # the session's last activity, this run included


def token_hash(token: str) -> str:
    """The stored form of a token (sha256, hex)."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


@writes
def open_session(
    session: Session,
    actor: Actor,
    *,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
) -> str:
    """A new session for a signed-in actor (just authenticated); returns the token for the
    cookie. Sessions that have ended meanwhile, anyone's, are deleted on the way."""
    settings = settings or get_settings()
    now = now or utcnow()
    if actor.id is None:
        raise ValueError("the command-line actor cannot open a browser session")
    _prune(session, now)
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    expires = now + dt.timedelta(hours=settings.session_hours)
    session.add(
        WebSession(
            token_hash=token_hash(token),
            user_id=actor.id,
            created_at=now,
            last_seen_at=now,
            expires_at=expires,
        )
    )
    session.commit()
    return token


def _prune(session: Session, now: dt.datetime) -> None:
    """Delete the sessions past their stored expiry. Not by this instance's idle time: an
    instance started with a shorter `CDM_QUALITY_IDLE_MINUTES` would end everyone else's
    sign-ins (an idle session is ended, and deleted, when it is next resumed)."""
    session.exec(delete(WebSession).where(col(WebSession.expires_at) <= now))


def resume(
    session: Session,
    token: str | None,
    *,
    touch: bool = True,
    forget: bool = True,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
) -> Resumed:
    """The actor of a session token as the account is stored now; an ended session is
    deleted (with `forget` False, one ended by time is kept, so that the page load the tab
    makes next still learns it expired: `expired`). With `touch`, this counts as activity
    (noted at most once a minute)."""
    if not token or len(token) > _MAX_TOKEN:
        return Resumed()
    now = now or utcnow()
    row = session.exec(select(WebSession).where(WebSession.token_hash == token_hash(token))).first()
    if row is None:
        return Resumed()
    if session_ended(row, now, settings):
        if forget:
            _delete(session, id_of(row))
        return Resumed(expired=True)
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        _delete(session, id_of(row))
        return Resumed()
    last_seen = row.last_seen_at
    if touch and now - last_seen >= TOUCH_EVERY:
        _touch(session, id_of(row), now)
        last_seen = now
    return Resumed(actor=Actor.of(user, session_id=row.id), last_seen=last_seen)


@writes
def _delete(session: Session, session_id: int) -> None:
    session.exec(delete(WebSession).where(col(WebSession.id) == session_id))
    session.commit()


@writes
def _touch(session: Session, session_id: int, now: dt.datetime) -> None:
    row = session.get(WebSession, session_id)
    if row is not None:
        row.last_seen_at = max(row.last_seen_at, now)
        session.add(row)
    session.commit()


def end_session(session: Session, token: str | None) -> None:
    """Sign out: the session of this token ends (nothing happens for an unknown token)."""
    if token and len(token) <= _MAX_TOKEN:
        _end_by_hash(session, token_hash(token))


@writes
def _end_by_hash(session: Session, hashed: str) -> None:
    session.exec(delete(WebSession).where(col(WebSession.token_hash) == hashed))
    session.commit()


def end_sessions(session: Session, user_id: int, *, keep: int | None = None) -> None:
    """Revoke every session of an account but `keep`, inside the caller's transaction (the
    caller commits it with the account change)."""
    query = delete(WebSession).where(col(WebSession.user_id) == user_id)
    if keep is not None:
        query = query.where(col(WebSession.id) != keep)
    session.exec(query)
