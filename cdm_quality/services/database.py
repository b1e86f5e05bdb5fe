"""Database sessions for the app: one engine per process, migrated on first use.

The pages may not import storage or SQLModel; they open a session here and pass it to the
services. Tests and benchmarks route the sessions to an engine of their own with `use_engine`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session

from cdm_quality.services.errors import StorageUnavailable
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import file_problem, make_engine, session_scope
from cdm_quality.storage.engine import health_problem as engine_health
from cdm_quality.storage.migrations import upgrade

DbSession = Session
"""The session type the services take (re-exported for type hints in the pages)."""

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_override: list[Engine] = []
_probes: dict[str, Engine] = {}  # engines of the health route: never migrated


def use_engine(engine: Engine | None) -> None:
    """Send every session to `engine` (tests, benchmarks); None goes back to the settings."""
    _override.clear()
    if engine is not None:
        _override.append(engine)


def current_engine() -> Engine:
    """The engine of `CDM_QUALITY_DATABASE_URL`, created and migrated once per process."""
    if _override:
        return _override[0]
    url = get_settings().database_url
    with _lock:
        if url not in _engines:
            engine = make_engine(url)
            upgrade(engine)
            _engines[url] = engine
        return _engines[url]


@contextmanager
def session() -> Iterator[Session]:
    """A session on the current engine, rolled back on error; a database that cannot be
    reached (or stays locked) raises StorageUnavailable instead of a driver error."""
    try:
        with session_scope(current_engine()) as opened:
            yield opened
    except (OperationalError, PoolTimeout) as exc:
        raise StorageUnavailable() from exc


def health_problem() -> str | None:
    """What stops the database from serving the app now (None: it answers, with the app's
    tables): the server's health route. Never creates, migrates or writes anything, so a
    missing or damaged database is reported, not replaced by an empty one."""
    if _override:
        return engine_health(_override[0])
    url = get_settings().database_url
    problem = file_problem(url)  # before an engine is made: it would create the folder
    if problem is not None:
        return problem
    with _lock:
        engine = _engines.get(url) or _probes.get(url)
        if engine is None:
            engine = _probes[url] = make_engine(url)
    return engine_health(engine)
