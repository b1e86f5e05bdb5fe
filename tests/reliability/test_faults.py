"""Faults: a writer process killed mid-save, a locked database, an unreachable database.

A killed writer leaves an intact database (SQLite `PRAGMA integrity_check`) holding every
answer it acknowledged; a half-done transaction leaves nothing behind and blocks nobody.
A database that stays locked beyond its busy timeout, or cannot be reached, gives a typed
`StorageUnavailable` with a message for the user, and nothing half-written; after a restart
(a new engine) everything acknowledged is there. On the pages (AppTest): the message shows,
the typed value stays in its field, and an unreachable database is told, not a traceback.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from cdm_quality.services import database as app_database
from cdm_quality.services import responses
from cdm_quality.services.errors import ServiceError, StorageUnavailable
from cdm_quality.storage import engine as engine_module
from cdm_quality.storage import migrations
from cdm_quality.storage.engine import make_engine, session_scope
from cdm_quality.storage.tables import Answer, AnswerHistory
from cdm_quality.ui import auth, fill_state
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import translate
from cdm_quality.ui.text import escape_markdown
from tests.factories import AUTHORITY, build_world
from tests.reliability.helpers import DATABASE_KINDS, ROOT, bench_module, postgres_url_or_skip
from tests.ui.conftest import goto, no_exception, open_app, signed_in_token

load = bench_module("load")
pytestmark = pytest.mark.slow


class Database:
    """A fresh database of one kind: its URL, a maker of engines, and the world's users."""

    def __init__(self, url: str, make: Callable[[], Engine]) -> None:
        self.url = url
        self.make = make
        engine = make()
        migrations.upgrade(engine)
        self.plans = load.build_world(engine, 3)
        engine.dispose()

    @property
    def sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        return Path(self.url.removeprefix(prefix)) if self.url.startswith(prefix) else None


@pytest.fixture(params=DATABASE_KINDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'faults.sqlite'}"
        yield Database(url, lambda: make_engine(url))
        return
    context: AbstractContextManager[Callable[[], Engine]]
    context = load.postgres_database(postgres_url_or_skip())
    with context as make:
        engine = make()
        url = engine.url.render_as_string(hide_password=False)
        engine.dispose()
        yield Database(url, make)


# --- a writer process killed with SIGKILL -------------------------------------------------


def start_writers(database: Database, *specs: tuple[int, str, int], flags: tuple = ()) -> list:
    """Writer processes (user index, "own"/"shared", seed), all ready, then started at once."""
    writers = []
    for user, target, seed in specs:
        plan = database.plans[user]
        response_id = getattr(plan, target).response_id
        command = [sys.executable, "-m", "tests.reliability.writer", database.url]
        command += [str(plan.actor.id), str(response_id), str(seed), *flags]
        writers.append(
            subprocess.Popen(
                command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
        )
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.close()
    return writers


def kill_after(writers: list[Any], acks_before_kill: int) -> list[Any]:
    """Once the first writer has acknowledged `acks_before_kill` saves, SIGKILL every writer
    at some moment of its work; returns every save each of them acknowledged."""
    acks = [_ack(writers[0].stdout.readline()) for _ in range(acks_before_kill)]
    time.sleep(random.uniform(0, 0.02))  # noqa: S311 - any moment will do
    for writer in writers:
        writer.send_signal(signal.SIGKILL)
    for writer in writers:
        writer.wait(timeout=10)
        acks += [_ack(line) for line in writer.stdout if line.strip()]
        writer.stdout.close()
        assert writer.returncode == -signal.SIGKILL
    return acks


def _ack(line: str) -> Any:
    return load.Ack(**json.loads(line))


def integrity(database: Database) -> str:
    if database.sqlite_path is None:
        return "ok"  # PostgreSQL: the server's own recovery; the answers are checked below
    connection = sqlite3.connect(database.sqlite_path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def test_writers_killed_while_saving_lose_nothing_acknowledged(database: Database) -> None:
    acks = []
    for round_number in range(2):  # kill, recover, write again, kill again
        seed = 10 * round_number
        writers = start_writers(
            database, (0, "shared", seed), (1, "shared", seed + 1), (2, "own", seed + 2)
        )
        acks += kill_after(writers, acks_before_kill=10 + 20 * round_number)
        assert integrity(database) == "ok"
    engine = database.make()
    try:
        verdict = load.verify(engine, acks)
    finally:
        engine.dispose()
    assert len(acks) >= 10 + 30
    assert verdict == load.Verdict(lost=0, duplicated=0, gaps=0, stale=0)


def test_writer_killed_inside_its_transaction_leaves_nothing_and_blocks_nobody(
    database: Database,
) -> None:
    (writer,) = start_writers(database, (0, "own", 99), flags=("--hang-before-commit",))
    assert writer.stdout.readline().strip() == "in-transaction"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    writer.stdout.close()
    assert integrity(database) == "ok"
    engine = database.make()
    try:
        with session_scope(engine) as session:
            assert session.exec(select(AnswerHistory)).all() == []
        plan = database.plans[0]
        began = time.monotonic()
        saved = _save(engine, plan, plan.own, value_seed=1)
        assert saved.version == 1
        assert time.monotonic() - began < 5, "the killed writer's lock outlived it"
    finally:
        engine.dispose()


def _save(engine: Engine, plan: Any, target: Any, *, value_seed: int) -> Any:
    item = target.items[0]
    value = load.random_value(target.questionnaire, item, random.Random(value_seed))
    with session_scope(engine) as session:
        return responses.save_answer(
            session, plan.actor, response_id=target.response_id, item_id=item.id, value=value
        )


# --- locked and unreachable databases -----------------------------------------------------


@pytest.fixture
def sqlite_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A file SQLite database whose engines wait 0.3 s (not 30 s) for a lock."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)
    url = f"sqlite:///{tmp_path / 'data' / 'locked.sqlite'}"
    return Database(url, lambda: make_engine(url))


def stored(database: Database) -> list[tuple[str, int, Any, str]]:
    """Every stored version (item, version, value, remark), read by a new engine: a restart."""
    engine = database.make()
    try:
        with session_scope(engine) as session:
            rows = session.exec(select(AnswerHistory).order_by(AnswerHistory.id)).all()
            current = session.exec(select(Answer)).all()
            assert {(a.item_id, a.version) for a in current} <= {
                (r.item_id, r.version) for r in rows
            }
            return [(r.item_id, r.version, r.value, r.remark) for r in rows]
    finally:
        engine.dispose()


def test_database_locked_beyond_the_busy_timeout(sqlite_database: Database) -> None:
    plan = sqlite_database.plans[0]
    engine = sqlite_database.make()
    first = _save(engine, plan, plan.own, value_seed=1)
    before = stored(sqlite_database)
    holder = sqlite3.connect(sqlite_database.sqlite_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        began = time.monotonic()
        with pytest.raises(StorageUnavailable) as refused:
            _save(engine, plan, plan.own, value_seed=2)
        assert 0.25 < time.monotonic() - began < 10
        with pytest.raises(StorageUnavailable):
            with session_scope(engine) as session:
                responses.submit_response(session, plan.actor, response_id=plan.own.response_id)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "try again" in error_text(refused.value, "en")
    assert stored(sqlite_database) == before  # nothing half-written
    assert _save(engine, plan, plan.own, value_seed=2).version == first.version + 1
    engine.dispose()
    assert len(stored(sqlite_database)) == len(before) + 1


def test_postgres_lock_held_elsewhere_beyond_the_lock_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An open transaction elsewhere (an idle psql session) holds a lock on the responses:
    save and submit fail with StorageUnavailable after `lock_timeout` (0.3 s here, 30 s in
    production) instead of waiting for it, and nothing is half-written."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)
    with load.postgres_database(postgres_url_or_skip()) as make:
        database = Database("postgres", make)
        plan = database.plans[0]
        engine = make()
        first = _save(engine, plan, plan.own, value_seed=1)
        holder = make()
        with holder.connect() as elsewhere:
            elsewhere.exec_driver_sql("LOCK TABLE response IN ACCESS EXCLUSIVE MODE")
            began = time.monotonic()
            with pytest.raises(StorageUnavailable):
                _save(engine, plan, plan.own, value_seed=2)
            with pytest.raises(StorageUnavailable):
                with session_scope(engine) as session:
                    responses.submit_response(session, plan.actor, response_id=plan.own.response_id)
            assert time.monotonic() - began < 20
            elsewhere.rollback()
        assert _save(engine, plan, plan.own, value_seed=2).version == first.version + 1
        holder.dispose()
        engine.dispose()


def test_database_directory_removed(sqlite_database: Database, tmp_path: Path) -> None:
    plan = sqlite_database.plans[0]
    engine = sqlite_database.make()
    _save(engine, plan, plan.own, value_seed=1)
    before = stored(sqlite_database)
    engine.dispose()
    engine = sqlite_database.make()  # a new process start, then the directory goes away
    folder = sqlite_database.sqlite_path.parent
    folder.rename(tmp_path / "moved")
    try:
        with pytest.raises(StorageUnavailable) as refused:
            _save(engine, plan, plan.own, value_seed=2)
    finally:
        engine.dispose()
        (tmp_path / "moved").rename(folder)
    assert "try again" in error_text(refused.value, "en")
    assert stored(sqlite_database) == before


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=3",
        "sqlite:////proc/no-such-directory/cdm.sqlite",
    ],
    ids=["postgres-refused", "sqlite-unwritable"],
)
def test_unreachable_database(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "_make_parent_dir", lambda url: None)
    engine = make_engine(url)
    try:
        with pytest.raises(ServiceError) as refused:
            with session_scope(engine) as session:
                responses.save_answer(session, AUTHORITY, response_id=1, item_id="x", value=1)
    finally:
        engine.dispose()
    assert isinstance(refused.value, StorageUnavailable)
    assert "try again" in error_text(refused.value, "en")
    assert "password" not in error_text(refused.value, "en").lower()


def test_storage_unavailable_is_a_service_error_with_a_message() -> None:
    error = StorageUnavailable()
    assert isinstance(error, ServiceError)
    assert error.code == "storage.unavailable" == str(error)
    assert os.linesep not in error_text(error, "fr") + error_text(error, "en")


# --- what the user sees -------------------------------------------------------------------


@pytest.fixture
def app_on_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Any]]:
    """The app's sessions on a file SQLite database (0.3 s busy timeout) holding a world."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "data" / "app.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session)
    app_database.use_engine(engine)
    yield path, world
    app_database.use_engine(None)
    engine.dispose()


def test_locked_database_on_the_page_keeps_the_typed_value(app_on_file: Any) -> None:
    path, world = app_on_file
    rid = world.response.id
    at = goto(open_app(user_id=world.director.id, lang="en"), "fill")
    widget = fill_state.widget_key(rid, "accueil.sans_rdv", "remark")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        at.text_area(key=widget).input("Typed while the database was locked").run()
        no_exception(at)
        told = escape_markdown(
            translate("fill.refused", "en", reason=error_text(StorageUnavailable(), "en"))
        )
        assert [e.value for e in at.error] == [told]
        assert at.text_area(key=widget).value == "Typed while the database was locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _stored_remarks(world) == {}  # nothing half-written
    at.text_area(key=widget).input("Typed while the database was locked.").run()  # try again
    no_exception(at)
    assert not at.error
    fresh = goto(open_app(user_id=world.director.id, lang="en"), "fill")  # another session
    assert fresh.text_area(key=widget).value == "Typed while the database was locked."
    assert _stored_remarks(world) == {"accueil.sans_rdv": "Typed while the database was locked."}


def _stored_remarks(world: Any) -> dict[str, str]:
    with app_database.session() as session:
        view = responses.response_view(session, world.director, response_id=world.response.id)
    return {item_id: answer.remark for item_id, answer in view.answers.items()}


def test_unreachable_database_is_told_on_every_page_not_as_a_traceback(
    app_on_file: Any, tmp_path: Path
) -> None:
    path, world = app_on_file
    at = goto(open_app(user_id=world.director.id, lang="en"), "fill")
    at.text_area(key=fill_state.widget_key(world.response.id, "accueil.mode", "remark")).input(
        "Saved before the outage"
    ).run()
    tokens = [signed_in_token(world.director.id) for _ in range(2)]  # signed in before
    app_database.current_engine().dispose()
    path.parent.rename(tmp_path / "elsewhere")  # the data directory disappears
    try:
        for page, token in zip(("overview", "fill"), tokens, strict=True):
            at = goto(open_app(lang="en", **{auth.TOKEN_KEY: token}), page)
            no_exception(at)
            assert [e.value for e in at.error] == [error_text(StorageUnavailable(), "en")]
    finally:
        (tmp_path / "elsewhere").rename(path.parent)
    assert _stored_remarks(world) == {"accueil.mode": "Saved before the outage"}  # restart
