"""Typed errors raised by the services; pages and the CLI show `.message` to the user."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

T = TypeVar("T")
_log = logging.getLogger(__name__)


class ServiceError(Exception):
    """Base of every service error; `.message` is safe to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AccessDenied(ServiceError):
    """The acting user may not do this (wrong role, or another Cité)."""


class AccountChanged(AccessDenied):
    """The acting account was disabled, or given another role or Cité, since the actor was
    read: nothing is done for the old identity."""

    def __init__(
        self,
        message: str = (
            "Your account was disabled or changed (role or Cité) since this page was opened, "
            "so nothing was saved."
        ),
    ) -> None:
        super().__init__(message)


class SessionEnded(AccessDenied):
    """The browser's sign-in has ended (signed out, idle too long, expired, or revoked by an
    account change): nothing is done for it."""

    def __init__(
        self,
        message: str = "Your session has ended, so nothing was saved. Sign in again.",
    ) -> None:
        super().__init__(message)


class NotFound(ServiceError):
    """The thing asked for does not exist (or is not visible to this user)."""


class InvalidValue(ServiceError):
    """An input was refused; `.item_id` names the questionnaire item when there is one."""

    def __init__(self, message: str, *, item_id: str | None = None) -> None:
        super().__init__(message)
        self.item_id = item_id


class InvalidState(ServiceError):
    """The operation does not fit the current state (e.g. opening a closed campaign)."""


class ConflictError(ServiceError):
    """Someone saved this answer since the version the user started from.

    Carries the answer as it is now, so the page can show it beside the user's own.
    """

    def __init__(
        self,
        *,
        item_id: str | None,
        value: Any,
        remark: str,
        evidence: str,
        version: int,
        changed_by: str,
        changed_at: dt.datetime,
    ) -> None:
        when = changed_at.strftime("%Y-%m-%d %H:%M UTC")
        super().__init__(
            f"{changed_by} changed this answer on {when} (version {version}) while you were "
            "editing it. Compare with your text, then save again."
        )
        self.item_id = item_id
        self.value = value
        self.remark = remark
        self.evidence = evidence
        self.version = version
        self.changed_by = changed_by
        self.changed_at = changed_at


class ResponseLocked(ServiceError):
    """The response is submitted (or its campaign closed): it cannot change until reopened."""


class MissingRequired(ServiceError):
    """Submit refused: `.item_ids` lists the required items still without an answer."""

    def __init__(self, item_ids: list[str]) -> None:
        shown = ", ".join(item_ids[:10]) + (" …" if len(item_ids) > 10 else "")
        super().__init__(f"{len(item_ids)} required question(s) still unanswered: {shown}.")
        self.item_ids = item_ids


class AuthError(ServiceError):
    """Login or password wrong, or the account disabled (never says which)."""

    def __init__(self, message: str = "Login or password incorrect.") -> None:
        super().__init__(message)


class LoginThrottled(AuthError):
    """Too many failed logins: `.retry_after` is when the next try will be accepted."""

    def __init__(self, retry_after: dt.datetime) -> None:
        minutes = max(1, round((retry_after - dt.datetime.now(dt.UTC)).total_seconds() / 60))
        super().__init__(
            f"Too many failed attempts. Try again in about {minutes} minute(s), "
            "or ask an administrator to reset your password."
        )
        self.retry_after = retry_after


class StorageUnavailable(ServiceError):
    """The database could not be reached, or stayed locked beyond its busy timeout.

    Nothing was written; the page keeps what the user typed and they can try again.
    """

    def __init__(
        self,
        message: str = (
            "The database cannot be reached or is busy right now, so nothing was saved. "
            "Keep what you typed and try again in a moment."
        ),
    ) -> None:
        super().__init__(message)


def storage_guard(function: Callable[..., T]) -> Callable[..., T]:
    """Decorate a service `fn(session, ...)`: a database that is unreachable or locked
    (OperationalError, pool timeout) becomes StorageUnavailable, the session rolled back."""

    @functools.wraps(function)
    def guarded(session: Any, *args: Any, **kwargs: Any) -> T:
        try:
            return function(session, *args, **kwargs)
        except (OperationalError, PoolTimeout) as exc:
            _rollback_quietly(session)
            reason = getattr(exc, "orig", None) or exc
            _log.warning("database unavailable in %s: %s", function.__name__, reason)
            raise StorageUnavailable() from exc

    return guarded


def _rollback_quietly(session: Any) -> None:
    try:
        session.rollback()
    except SQLAlchemyError:
        _log.debug("rollback failed after a database error", exc_info=True)
