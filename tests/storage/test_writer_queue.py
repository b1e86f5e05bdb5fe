"""SQLite writers of one process wait for their turn in arrival order, without holding a
pooled connection, and a writer kept waiting too long is told so with nothing written."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, SQLModel, select

from cdm_quality.storage import engine as engine_module
from cdm_quality.storage.engine import (
    WriterQueue,
    begin_write,
    make_engine,
    session_scope,
    writer_queue,
)
from cdm_quality.storage.tables import LoginFailure


@pytest.fixture
def file_engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'queue.sqlite'}")
    SQLModel.metadata.create_all(engine)
    return engine


def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.005)


def write_failure(engine: Engine, login: str) -> None:
    with session_scope(engine) as session:
        begin_write(session)
        session.add(LoginFailure(login=login))


def test_writers_take_turns_in_arrival_order() -> None:
    queue, order = WriterQueue(), []
    queue.enter(timeout=5)

    def writer(number: int) -> None:
        queue.enter(timeout=30)
        order.append(number)
        queue.leave()

    threads = []
    for number in range(10):
        threads.append(threading.Thread(target=writer, args=(number,)))
        threads[-1].start()
        until(lambda n=number: queue.waiting == n + 1)
    queue.leave()
    for thread in threads:
        thread.join()
    assert order == list(range(10))


def test_waiting_writers_hold_no_connection_and_all_get_written(file_engine: Engine) -> None:
    queue = writer_queue(file_engine)
    assert queue is not None
    with session_scope(file_engine) as first:
        begin_write(first)
        first.add(LoginFailure(login="first"))
        threads = [
            threading.Thread(target=write_failure, args=(file_engine, f"user{n}"))
            for n in range(20)
        ]
        for thread in threads:
            thread.start()
        until(lambda: queue.waiting == 20)
        assert file_engine.pool.checkedout() == 1  # only the writer whose turn it is
    for thread in threads:
        thread.join()
    with Session(file_engine) as session:
        assert len(session.exec(select(LoginFailure)).all()) == 21
    assert queue.waiting == 0


def test_a_writer_kept_waiting_too_long_is_told_and_writes_nothing(
    file_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    failures: list[Exception] = []

    def late_writer() -> None:
        try:
            write_failure(file_engine, "late")
        except PoolTimeout as exc:
            failures.append(exc)

    with session_scope(file_engine) as first:
        begin_write(first)
        first.add(LoginFailure(login="first"))
        late = threading.Thread(target=late_writer)
        late.start()
        late.join()
    assert len(failures) == 1
    write_failure(file_engine, "after")  # the queue is free again
    with Session(file_engine) as session:
        logins = sorted(row.login for row in session.exec(select(LoginFailure)).all())
    assert logins == ["after", "first"]


def test_a_rolled_back_writer_gives_its_turn_back(file_engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(file_engine) as session:
        begin_write(session)
        session.add(LoginFailure(login="refused"))
        raise RuntimeError("the service refused")
    queue = writer_queue(file_engine)
    assert queue is not None
    done = threading.Thread(target=write_failure, args=(file_engine, "next"))
    done.start()
    done.join(timeout=10)
    assert not done.is_alive()
