"""Engines and sessions for SQLite (embedded default) and PostgreSQL (shared deployments).

SQLite: WAL journal, foreign keys on, a busy timeout. Transactions begin DEFERRED, so that
readers never block anyone; a service about to write calls `begin_write(session)` first,
which opens the transaction with `BEGIN IMMEDIATE`: writers then queue on the busy timeout
instead of failing half-way when their read snapshot went stale. `sqlite://` (in memory)
shares one connection (StaticPool) — for tests. PostgreSQL goes through psycopg 3
(`postgresql+psycopg://`); `begin_write` changes nothing there.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

BUSY_TIMEOUT_MS = 30_000
T = TypeVar("T")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`, configured for safe concurrent use."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo=echo)
    # Streamlit serves every user from threads of one process: room for a few dozen at once.
    engine = create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)
    event.listen(engine, "connect", _configure_postgres_connection)
    return engine


def _configure_postgres_connection(dbapi_connection: Any, _record: Any) -> None:
    # A transaction left open elsewhere makes a save fail with a message, not wait for ever.
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, false)", (f"{BUSY_TIMEOUT_MS}ms",))
    dbapi_connection.commit()


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    if not in_memory:
        _make_parent_dir(url)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=StaticPool if in_memory else None,
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin)
    return engine


def _make_parent_dir(url: str) -> None:
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    if path and not path.startswith("file:"):
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # FULL: a commit acknowledged to the user survives a power cut, not only a process crash.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


_BEGIN_OPTION = "cdm_sqlite_begin"


def _begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get(_BEGIN_OPTION) == "IMMEDIATE"
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write(session: Session) -> None:
    """Start the session's transaction as a writer (SQLite: BEGIN IMMEDIATE).

    A transaction already open on the session is committed first: services commit their
    own work, and a deferred SQLite transaction cannot be turned into a writer safely.
    """
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={_BEGIN_OPTION: "IMMEDIATE"})


def writes(function: Callable[..., T]) -> Callable[..., T]:
    """Decorate `fn(session, ...)` that writes: it runs in a `begin_write` transaction, rolled
    back if it raises, so a refused call never leaves SQLite's write lock held."""

    @functools.wraps(function)
    def wrapper(session: Session, *args: Any, **kwargs: Any) -> T:
        begin_write(session)
        try:
            return function(session, *args, **kwargs)
        except BaseException:
            session.rollback()
            raise

    return wrapper


def added(*, session: Session, row: Any) -> bool:
    """Insert `row` in a savepoint: True if stored, False if a unique or foreign-key
    constraint refused it (the rest of the transaction is kept)."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session committed on success and rolled back on error; objects stay readable after."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def one_transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is one database transaction, committed when the block ends
    without error and rolled back otherwise (or by the database if the process dies).

    Services commit their own work: here each of their commits only releases a savepoint,
    so several services make one change, all of it or nothing. SQLite begins it as a writer
    (BEGIN IMMEDIATE)."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with connection.begin():
            with Session(
                bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
            ) as session:
                yield session
