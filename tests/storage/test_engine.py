"""Engine set-up: SQLite pragmas, foreign keys, aware UTC times, session_scope."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, SQLModel, select

from cdm_quality.storage.engine import BUSY_TIMEOUT_MS, make_engine, session_scope
from cdm_quality.storage.tables import LoginFailure, PhaseDecision, PhaseEvent

pytestmark = pytest.mark.also_postgres("engines, pools and lock timeouts differ per database")


def test_sqlite_file_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'x.db'}")
    with engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == BUSY_TIMEOUT_MS
        assert pragma("synchronous") == 2  # FULL: an acknowledged commit survives a power cut
    assert (tmp_path / "sub" / "x.db").exists()


def test_postgres_waits_for_a_lock_only_so_long(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("lock_timeout is a PostgreSQL setting")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == f"{BUSY_TIMEOUT_MS // 1000}s"


def test_in_memory_sqlite_shares_one_database() -> None:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with session_scope(engine) as session:
        session.add(LoginFailure(login="x"))
    with session_scope(engine) as session:
        assert len(session.exec(select(LoginFailure)).all()) == 1


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(
            PhaseEvent(
                cite_id=999,
                phase="projet",
                decision=PhaseDecision.entered,
                decided_on=dt.date(2024, 1, 1),
            )
        )


def test_times_come_back_aware_utc(engine: Engine) -> None:
    paris = dt.timezone(dt.timedelta(hours=2))
    at = dt.datetime(2026, 4, 1, 14, 30, 15, 123456, tzinfo=paris)
    with session_scope(engine) as session:
        session.add(LoginFailure(login="t", at=at))
    with Session(engine) as session:
        stored = session.exec(select(LoginFailure)).one().at
    assert stored == at and stored.tzinfo == dt.UTC and stored.hour == 12


def test_naive_times_are_refused(engine: Engine) -> None:
    with pytest.raises(StatementError, match="naive"), session_scope(engine) as session:
        session.add(LoginFailure(login="t", at=dt.datetime(2026, 1, 1)))


def test_session_scope_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        session.add(LoginFailure(login="lost"))
        session.flush()
        raise RuntimeError("boom")
    with Session(engine) as session:
        assert session.exec(select(LoginFailure)).all() == []
