"""Concurrent users saving through the services: every acknowledged answer is kept, once.

Runs `bench/load.py` at a reduced scale (30 users x 30 saves, instead of the bench's 30 x 200,
to keep the suite fast) on a file SQLite database and on a fresh PostgreSQL schema when
CDM_QUALITY_TEST_POSTGRES_URL is set. `python bench/load.py` does the full run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from sqlalchemy import Engine, delete, update
from sqlmodel import col

from cdm_quality.storage.tables import AnswerHistory
from tests.reliability.helpers import DATABASE_KINDS, bench_module, postgres_url_or_skip

load = bench_module("load")
USERS = 30
SAVES = 30

pytestmark = pytest.mark.slow


@pytest.fixture(params=DATABASE_KINDS)
def make_engine(request: pytest.FixtureRequest) -> Iterator[Callable[[], Engine]]:
    """A maker of engines on one fresh database (file SQLite, or a PostgreSQL schema)."""
    database: AbstractContextManager[Callable[[], Engine]]
    if request.param == "sqlite":
        database = load.sqlite_database()
    else:
        database = load.postgres_database(postgres_url_or_skip())
    with database as make:
        yield make


def assert_nothing_lost(report: Any, *, users: int, saves: int) -> None:
    assert report.errors == []
    assert report.verdict == load.Verdict(lost=0, duplicated=0, gaps=0, stale=0)
    assert report.own_conflicts == 0, "a conflict on a response nobody else writes"
    assert report.acknowledged + report.given_up == users * saves
    assert len(report.acks) == report.acknowledged


def test_thirty_users_lose_nothing(make_engine: Callable[[], Engine]) -> None:
    report = load.run_load(make_engine, "test", n_users=USERS, saves=SAVES)
    assert_nothing_lost(report, users=USERS, saves=SAVES)
    assert report.p95_ms > 0


def test_conflicts_on_a_hot_shared_response_are_told_not_lost(
    make_engine: Callable[[], Engine],
) -> None:
    # Three users per Cité on the same two items of the shared response: many conflicts.
    report = load.run_load(make_engine, "test", n_users=6, saves=40, hot_items=2, seed=7)
    assert_nothing_lost(report, users=6, saves=40)
    assert report.conflicts > 0


def test_verify_notices_a_lost_or_altered_answer() -> None:
    """The check is not vacuous: remove or alter one acknowledged version and it counts it."""
    with load.sqlite_database() as make:
        report = load.run_load(make, "test", n_users=3, saves=10)
        assert report.verdict.ok and report.acks
        first = report.acks[0]
        second = next(a for a in reversed(report.acks) if a.item_id != first.item_id)
        engine = make()
        with engine.begin() as connection:
            connection.execute(_history_row(delete(AnswerHistory), first))
            connection.execute(_history_row(update(AnswerHistory), second).values(value="x"))
        verdict = load.verify(engine, list(report.acks))
        engine.dispose()
    assert verdict.lost == 2
    assert not verdict.ok


def _history_row(statement: Any, ack: Any) -> Any:
    return statement.where(
        col(AnswerHistory.response_id) == ack.response_id,
        col(AnswerHistory.item_id) == ack.item_id,
        col(AnswerHistory.version) == ack.version,
    )
