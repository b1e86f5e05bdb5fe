"""Engines and sessions for SQLite (embedded default) and PostgreSQL (shared deployments).

SQLite: WAL journal, foreign keys on, a busy timeout. Transactions begin DEFERRED, so that
readers never block anyone; a service about to write calls `begin_write(session)` first,
which opens the transaction with `BEGIN IMMEDIATE`, so that writers never fail half-way when
their read snapshot went stale. Within the process, writers first queue in arrival order on
the database's `WriterQueue` (one per database file), before they take a connection: SQLite's
own busy handler polls with growing sleeps, which let some writers overtake others for
seconds while holding a pooled connection each. The busy timeout still applies between
processes (the command line, a second instance). `sqlite://` (in memory) shares one
connection (StaticPool) — for tests. PostgreSQL goes through psycopg 3
(`postgresql+psycopg://`); `begin_write` changes nothing there.

Pools: Streamlit runs each session's script in a thread of its own, so a process needs a
connection for every session running at the same moment. SQLite connections are only file
handles: the pool grows as needed. PostgreSQL connections are server processes: up to
`PG_POOL_SIZE + PG_MAX_OVERFLOW` per app instance (mind `max_connections` with several).
"""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, event, inspect, make_url, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import InstanceState
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

BUSY_TIMEOUT_MS = 30_000
SQLITE_POOL_SIZE = 10  # connections kept open; more are opened while more sessions run at once
PG_POOL_SIZE = 10
PG_MAX_OVERFLOW = 40  # Streamlit sessions running at the same moment, beyond the kept ten
T = TypeVar("T")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`, configured for safe concurrent use."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo=echo)
    # Streamlit serves every user from threads of one process: room for a few dozen at once.
    engine = create_engine(
        url, echo=echo, pool_pre_ping=True, pool_size=PG_POOL_SIZE, max_overflow=PG_MAX_OVERFLOW
    )
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
    pool: dict[str, Any] = {"poolclass": StaticPool}
    if not in_memory:
        pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": -1}  # -1: no limit
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        **pool,
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin)
    for transaction_end in ("commit", "rollback"):
        event.listen(engine, transaction_end, _writer_done)
    event.listen(engine.pool, "checkin", _writer_checked_in)
    return engine


def file_problem(url: str) -> str | None:
    """Why the SQLite file `url` names cannot hold the app's database: missing or empty
    (None: it has content, or `url` is no SQLite file). Looks without opening it."""
    parsed = make_url(url)
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    path = Path(name.removeprefix("file:").split("?", 1)[0])
    if not path.is_file():
        return f"database file missing: {path}"
    return f"database file empty: {path}" if path.stat().st_size == 0 else None


def health_problem(engine: Engine) -> str | None:
    """What stops `engine`'s database from serving the app now, in a line (None: it answers
    and holds the app's tables). Reads only: never creates, migrates or writes anything."""
    problem = file_problem(engine.url.render_as_string(hide_password=False))
    if problem is not None:
        return problem
    try:
        with engine.connect() as connection:  # reading a table reads the schema: a corrupt
            connection.execute(text("SELECT 1 FROM app_user LIMIT 1"))  # file fails here
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return f"{type(exc).__name__}: {first[:200]}"
    return None


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
    """Start the session's transaction as a writer (SQLite: wait for its turn in the
    database's `WriterQueue`, then BEGIN IMMEDIATE; the turn ends with the transaction).

    A transaction already open on the session is committed first: services commit their
    own work, and a deferred SQLite transaction cannot be turned into a writer safely.
    """
    if session.in_transaction():
        session.commit()
    queue = writer_queue(session.get_bind())
    if queue is None:
        session.connection(execution_options={_BEGIN_OPTION: "IMMEDIATE"})
        return
    queue.enter(timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        connection = session.connection(execution_options={_BEGIN_OPTION: "IMMEDIATE"})
    except BaseException:
        queue.leave()
        raise
    connection.info[_WRITER_TURN] = queue


class WriterQueue:
    """A lock handed to waiting threads in arrival order (first come, first served)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._held = False
        self._waiting: deque[threading.Event] = deque()

    def enter(self, *, timeout: float) -> None:
        """Wait for this thread's turn; PoolTimeout (nothing written) after `timeout` s."""
        with self._guard:
            if not self._held and not self._waiting:
                self._held = True
                return
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(timeout):
            return
        with self._guard:
            if turn.is_set():  # handed over just as the wait ended
                return
            self._waiting.remove(turn)
        raise PoolTimeout(f"waited {timeout:g} s for the database's other writers")

    @property
    def waiting(self) -> int:
        """How many threads wait for their turn."""
        with self._guard:
            return len(self._waiting)

    def leave(self) -> None:
        """End this turn: the longest-waiting thread goes next."""
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()  # the lock passes on, still held
            else:
                self._held = False


_WRITER_TURN = "cdm_writer_turn"
_queues: dict[str, WriterQueue] = {}
_queues_guard = threading.Lock()


def writer_queue(bind: Engine | Any) -> WriterQueue | None:
    """The process's queue of writers of this SQLite database file; None for PostgreSQL, for
    an in-memory database (one shared connection) and for a session bound to a connection
    (whoever opened that connection's transaction decides when it ends)."""
    if not isinstance(bind, Engine):
        return None
    engine = bind
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    key = str(Path(database).resolve())
    with _queues_guard:
        return _queues.setdefault(key, WriterQueue())


def _writer_done(connection: Any) -> None:
    queue = connection.info.pop(_WRITER_TURN, None)
    if queue is not None:
        queue.leave()


def _writer_checked_in(_dbapi_connection: Any, record: Any) -> None:
    # A connection given back without COMMIT or ROLLBACK through SQLAlchemy (pool reset).
    queue = record.info.pop(_WRITER_TURN, None)
    if queue is not None:
        queue.leave()


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


def inserted_unless_there(session: Session, row: Any, *, unique: tuple[str, ...]) -> bool:
    """Insert `row` in one statement (INSERT … ON CONFLICT DO NOTHING RETURNING id) unless a
    row with the same `unique` columns exists: True, and `row.id` set, if stored. Cheaper
    than `added` (no savepoint: one round trip instead of three) for a unique constraint."""
    table = type(row).__table__
    values = {column.name: getattr(row, column.name) for column in table.columns}
    values.pop("id", None)
    statement = _insert_unless_there(table, unique, session.get_bind().dialect.name)
    new_id = session.execute(statement, values).scalar()
    if new_id is None:
        return False
    row.id = new_id
    return True


@functools.cache
def _insert_unless_there(table: Any, unique: tuple[str, ...], dialect: str) -> Any:
    """The statement, built once (its cache key is kept): the columns are the parameters'."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    conflict = insert(table).on_conflict_do_nothing(index_elements=list(unique))
    return conflict.returning(table.c.id)


_KEPT = "kept_for_the_transaction"


def kept_for_the_transaction(session: Session, key: Any, read: Callable[[], T]) -> T:
    """`read()` once per transaction of `session`: what a page's several services read again
    (the campaign of every questionnaire, a frozen copy's hash) comes from the first read,
    and is held so that `session.get` finds the row in the identity map (which holds rows only
    while something refers to them). Dropped when the transaction ends: the next one reads
    again, so a campaign closed meanwhile is seen at once."""
    kept: dict[Any, Any] = session.info.setdefault(_KEPT, {})
    if key not in kept or _gone(kept[key]):
        kept[key] = read()
    return kept[key]


def keep_for_the_transaction(session: Session, key: Any, value: T) -> T:
    """Hold `value`, just read, as `kept_for_the_transaction(session, key, …)` would return it
    (a row found another way than by its key)."""
    session.info.setdefault(_KEPT, {})[key] = value
    return value


def _gone(value: Any) -> bool:
    """Whether `value` is a row deleted or detached since it was kept."""
    state = inspect(value, raiseerr=False)
    return isinstance(state, InstanceState) and (state.deleted or state.detached)


@event.listens_for(OrmSession, "after_transaction_end")
def _forget_kept(session: OrmSession, transaction: Any) -> None:
    if transaction.parent is None:  # the outermost transaction (not a savepoint)
        session.info.pop(_KEPT, None)


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
