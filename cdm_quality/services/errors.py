"""Typed errors raised by the services.

Each error carries a `code` (the message `error.<code>` of the catalogues `cdm_quality/locale`,
with a French and an English text) and the `params` that fill the text in. The services never
word a message: `cdm_quality.ui.errors.error_text` is the one place that turns an error into the
reader's language (pages and the CLI use it); `tests/ui/test_errors.py` fails when a code raised
here has no text in either language.
`str(error)` gives the code and parameters, for logs only.
"""

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
    """Base of every service error: `.code` names its text, `.params` fill it in."""

    code: str = "unexpected"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        self.code = code or type(self).code
        self.params = params
        super().__init__(f"{self.code} {params}" if params else self.code)


class AccessDenied(ServiceError):
    """The acting user may not do this (wrong role, or another Cité)."""

    code = "denied"


class AccountChanged(AccessDenied):
    """The acting account was disabled, or given another role or Cité, since the actor was
    read: nothing is done for the old identity."""

    code = "account.changed"


class SessionEnded(AccessDenied):
    """The browser's sign-in has ended (signed out, idle too long, expired, or revoked by an
    account change): nothing is done for it."""

    code = "session.ended"


class NotFound(ServiceError):
    """The thing asked for does not exist (or is not visible to this user)."""

    code = "not_found"


class InvalidValue(ServiceError):
    """An input was refused; `.item_id` names the questionnaire item when there is one."""

    code = "invalid"

    def __init__(self, code: str | None = None, /, *, item_id: str | None = None, **params: Any):
        super().__init__(code, **params)
        self.item_id = item_id


class InvalidState(ServiceError):
    """The operation does not fit the current state (e.g. opening a closed campaign)."""

    code = "state"


class KeysMissing(InvalidState):
    """A campaign's questionnaire has no score keys (`services.scores.keys`): the database was
    restored or upgraded without the tool, whose `db upgrade` builds them. Reads never do."""

    code = "keys.missing"


class ConflictError(ServiceError):
    """Someone saved this answer since the version the user started from.

    Carries the answer as it is now, so the page can show it beside the user's own; `params`
    add to the message's (a subclass naming what else changed).
    """

    code = "answer.conflict"

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
        **params: Any,
    ) -> None:
        super().__init__(None, who=changed_by, when=changed_at, version=version, **params)
        self.item_id = item_id
        self.value = value
        self.remark = remark
        self.evidence = evidence
        self.version = version
        self.changed_by = changed_by
        self.changed_at = changed_at


class ResponseLocked(ServiceError):
    """The response is submitted (or its campaign closed): it cannot change until reopened."""

    code = "response.locked"


class MissingRequired(ServiceError):
    """Submit refused: `.item_ids` lists the required items still without an answer."""

    code = "response.missing"

    def __init__(self, item_ids: list[str]) -> None:
        super().__init__(None, count=len(item_ids))
        self.item_ids = item_ids


class AuthError(ServiceError):
    """Login or password wrong, or the account disabled (never says which)."""

    code = "auth.failed"


class LoginThrottled(AuthError):
    """Too many failed logins: `.retry_after` is when the next try will be accepted."""

    code = "auth.throttled"

    def __init__(self, retry_after: dt.datetime) -> None:
        minutes = max(1, round((retry_after - dt.datetime.now(dt.UTC)).total_seconds() / 60))
        super().__init__(None, minutes=minutes)
        self.retry_after = retry_after


class StorageUnavailable(ServiceError):
    """The database could not be reached, or stayed locked beyond its busy timeout.

    Nothing was written; the page keeps what the user typed and they can try again.
    """

    code = "storage.unavailable"


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
