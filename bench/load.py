"""Load bench: concurrent users saving answers through the services; nothing acknowledged lost.

    python bench/load.py [--users 30] [--saves 200] [--postgres URL | --no-postgres]

Every user is a thread calling `services.responses.save_answer` with a session of its own
(`storage.engine.session_scope`, one per save, as a page rerun does). Users come in teams of
three per Cité: each fills a questionnaire of its own (charte, cdm21 or dossier) and the three
share their Cité's `qualite` response. Saves to the own response always pass the version last
seen; saves to the shared one pass it half of the time. A ConflictError is counted (the user
was told), the answer re-read and saved again on top of the new version.

Afterwards a fresh engine (a "restart") checks that every acknowledged answer (a SavedAnswer
returned) is in AnswerHistory at its version with the value and remark sent, that no version
is stored or acknowledged twice, that versions have no gaps and that Answer holds the latest.

Runs on a file SQLite database in a temporary directory, and on PostgreSQL (a fresh schema,
dropped afterwards) when a URL is given or `CDM_QUALITY_TEST_POSTGRES_URL` is set. Prints
answers per second, p95 save latency and "lost: N" per database; exits 1 when anything is lost.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import select

from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain.questionnaire import (
    ColumnType,
    Item,
    ItemKind,
    Phase,
    Questionnaire,
    TableColumn,
)
from cdm_quality.services import responses
from cdm_quality.services.errors import ConflictError
from cdm_quality.services.network import campaigns, cites
from cdm_quality.services.people import users
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.services.people.auth import current_actor
from cdm_quality.storage import migrations
from cdm_quality.storage.engine import make_engine, session_scope
from cdm_quality.storage.tables import Answer, AnswerHistory, CiteCreate, Role, User

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = ROOT / "questionnaires"
SHARED_QUESTIONNAIRE = "qualite"
OWN_QUESTIONNAIRES = ("charte", "cdm21", "dossier")
TEAM_SIZE = len(OWN_QUESTIONNAIRES)
POSTGRES_ENV = "CDM_QUALITY_TEST_POSTGRES_URL"
PASSWORD = "bench-password-1"
MAX_CONFLICT_RETRIES = 10
PACE_P95_TARGET_MS = 100.0


# --- the world the users work in ----------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A response a user saves to, with the items the Cité's phase asks."""

    response_id: int
    questionnaire: Questionnaire
    items: tuple[Item, ...]
    shared: bool


@dataclass(frozen=True)
class UserPlan:
    actor: Actor
    own: Target
    shared: Target


def build_world(engine: Engine, n_users: int, hot_items: int | None = None) -> list[UserPlan]:
    """Cités, accounts, an open campaign and the responses; one plan per user.

    hot_items: limit the shared response to its first N items (more conflicts).
    """
    with session_scope(engine) as session:
        authority = _add_account(session, "autorite", Role.authority, None)
        campaign = campaigns.start_campaign(session, authority, year=2026, directory=QUESTIONNAIRES)
    plans = []
    for index in range(n_users):
        team, member = divmod(index, TEAM_SIZE)
        with session_scope(engine) as session:
            plans.append(_user_plan(session, campaign.id, team, member, hot_items))
    return plans


def _add_account(session: Any, login: str, role: Role, cite_id: int | None) -> Actor:
    """An account with the one shared hash: argon2 per account would only slow the setup."""
    user = User(
        login=login, name=login.title(), role=role, cite_id=cite_id, password_hash=_password_hash()
    )
    session.add(user)
    session.commit()
    actor = current_actor(session, user_id=user.id)
    assert actor is not None
    return actor


@cache
def _password_hash() -> str:
    return users.hash_password(PASSWORD)


def _user_plan(
    session: Any, campaign_id: int, team: int, member: int, hot_items: int | None
) -> UserPlan:
    cite_id = _team_cite(session, team)
    role = Role.director if member == 0 else Role.contributor
    actor = _add_account(session, f"user{team:02d}-{member}", role, cite_id)
    own = _target(session, actor, campaign_id, OWN_QUESTIONNAIRES[member], shared=False)
    shared = _target(session, actor, campaign_id, SHARED_QUESTIONNAIRE, shared=True)
    if hot_items:
        shared = replace(shared, items=shared.items[:hot_items])
    return UserPlan(actor=actor, own=own, shared=shared)


def _team_cite(session: Any, team: int) -> int:
    name = f"Cité des métiers {team:02d}"
    found = [c for c in cites.list_cites(session, SYSTEM) if c.name == name]
    if found:
        return found[0].id
    data = CiteCreate(
        name=name, city=f"Ville {team:02d}", country="France", phase=Phase.fonctionnement
    )
    return cites.create_cite(session, SYSTEM, data=data).id


def _target(
    session: Any, actor: Actor, campaign_id: int, questionnaire_id: str, *, shared: bool
) -> Target:
    response = responses.get_or_create_response(
        session,
        actor,
        cite_id=actor.cite_id,
        campaign_id=campaign_id,
        questionnaire_id=questionnaire_id,
    )
    questionnaire = campaigns.campaign_questionnaire(
        session, actor, campaign_id=campaign_id, questionnaire_id=questionnaire_id
    )
    asked = tuple(
        item
        for section in questionnaire.sections
        if section.applies_to(response.phase)
        for item in section.items
        if item.applies_to(response.phase)
    )
    return Target(response.id, questionnaire, asked, shared)


# --- answers a user gives -----------------------------------------------------------------


def random_value(questionnaire: Questionnaire, item: Item, rng: random.Random) -> Any:
    """A valid value for `item`, as a page would send it."""
    kind = item.kind
    if kind in (ItemKind.rating, ItemKind.status_text):
        scale = questionnaire.scale(item.scale)
        # "unchanged since the last file" is for labelling-file items to update only
        levels = [lvl for lvl in scale.level_ids() if lvl != domain_answers.UNCHANGED_STATUS]
        level = rng.choice(levels)
        return level if kind is ItemKind.rating else {"status": level, "text": _words(rng)}
    if kind is ItemKind.yes_no:
        return rng.random() < 0.5
    options = [o.id for o in item.options or []]
    if kind is ItemKind.single_choice:
        return rng.choice(options)
    if kind is ItemKind.multiple_choice:
        return rng.sample(options, rng.randint(0, len(options)))
    if kind is ItemKind.number:
        return _number(item, rng)
    if kind is ItemKind.date:
        return (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364))).isoformat()
    if kind is ItemKind.entries:
        return [_words(rng) for _ in range(rng.randint(1, min(4, item.max_entries)))]
    if kind is ItemKind.table:
        scale = questionnaire.scale(item.scale)
        levels = [lvl for lvl in scale.level_ids() if lvl != domain_answers.UNCHANGED_STATUS]
        rows = [_row(item, rng) for _ in range(rng.randint(1, 3))]
        return {"status": rng.choice(levels), "text": "", "rows": rows}
    return _words(rng)[: item.max_length]


def _row(item: Item, rng: random.Random) -> dict[str, Any]:
    """A row of a table item, every cell valid for its column."""
    return {column.id: _cell(column, rng) for column in item.columns or []}


def _cell(column: TableColumn, rng: random.Random) -> Any:
    low = column.min if column.min is not None else 0
    high = column.max if column.max is not None else low + 10_000
    if column.type is ColumnType.number:
        return round(rng.uniform(low, high), 2)
    if column.type is ColumnType.integer:
        return rng.randint(int(low), int(high))
    if column.type is ColumnType.year:
        return rng.randint(2000, 2026)
    if column.type is ColumnType.choice:
        return rng.choice(column.options or []).id
    return _words(rng)[: column.max_length]


def _number(item: Item, rng: random.Random) -> int | float:
    low = item.min if item.min is not None else 0
    high = item.max if item.max is not None else low + 10_000
    return rng.randint(int(low), int(high)) if item.integer else round(rng.uniform(low, high), 2)


_WORDS = "accueil emploi orientation métier partenaires jeunes conseil atelier réseau projet"


def _words(rng: random.Random) -> str:
    return " ".join(rng.choices(_WORDS.split(), k=rng.randint(2, 8)))


# --- one user at work ---------------------------------------------------------------------


@dataclass(frozen=True)
class Ack:
    """An acknowledged save: what the user sent (normalised) and the version they were told."""

    response_id: int
    item_id: str
    version: int
    value: Any
    remark: str | None  # None: the item takes no remark, none was sent


@dataclass
class UserOutcome:
    acks: list[Ack] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # seconds, every save call
    conflicts: int = 0
    own_conflicts: int = 0  # must stay 0: nobody else writes the user's own response
    given_up: int = 0  # still conflicting after MAX_CONFLICT_RETRIES re-reads (user was told)
    errors: list[str] = field(default_factory=list)


def run_user(
    engine: Engine, plan: UserPlan, *, saves: int, seed: int, start: threading.Barrier
) -> UserOutcome:
    """Save `saves` answers as fast as possible, about a third of them to the shared response."""
    rng = random.Random(seed)
    outcome = UserOutcome()
    known: dict[tuple[int, str], int] = {}
    start.wait()
    for number in range(saves):
        _one_save(engine, plan, rng, number, known, outcome)
    return outcome


def run_paced_user(
    engine: Engine, plan: UserPlan, *, seconds: float, seed: int, start: threading.Barrier
) -> UserOutcome:
    """Save one answer a second for `seconds`, as a person filling a questionnaire quickly
    (the first at a random moment of the first second, so that users do not click in step)."""
    rng = random.Random(seed)
    outcome = UserOutcome()
    known: dict[tuple[int, str], int] = {}
    start.wait()
    began = time.perf_counter() + rng.random()
    for number in range(int(seconds)):
        time.sleep(max(0.0, began + number - time.perf_counter()))
        _one_save(engine, plan, rng, number, known, outcome)
    return outcome


def _one_save(
    engine: Engine,
    plan: UserPlan,
    rng: random.Random,
    number: int,
    known: dict[tuple[int, str], int],
    outcome: UserOutcome,
) -> None:
    target = plan.shared if rng.random() < 1 / 3 else plan.own
    item = rng.choice(target.items)
    with_version = not target.shared or rng.random() < 0.5
    remark = f"{plan.actor.login} #{number}" if item.remark else None
    value = random_value(target.questionnaire, item, rng)
    try:
        _save(engine, plan.actor, target, item, value, remark, with_version, known, outcome)
    except Exception as exc:  # noqa: BLE001 - the bench reports every unexpected failure
        outcome.errors.append(f"{type(exc).__name__}: {exc}")


def _save(
    engine: Engine,
    actor: Actor,
    target: Target,
    item: Item,
    value: Any,
    remark: str | None,
    with_version: bool,
    known: dict[tuple[int, str], int],
    outcome: UserOutcome,
) -> None:
    key = (target.response_id, item.id)
    for _attempt in range(MAX_CONFLICT_RETRIES):
        expected = known.get(key, 0) if with_version else None
        try:
            saved = _timed_save(engine, actor, target, item, value, remark, expected, outcome)
        except ConflictError:
            outcome.conflicts += 1
            outcome.own_conflicts += not target.shared
            known[key] = _reread_version(engine, actor, target.response_id, item.id)
            continue
        known[key] = saved.version
        normalised = domain_answers.validate_value(target.questionnaire, item, value)
        outcome.acks.append(Ack(*key, saved.version, normalised, remark))
        return
    outcome.given_up += 1


def _timed_save(
    engine: Engine,
    actor: Actor,
    target: Target,
    item: Item,
    value: Any,
    remark: str | None,
    expected: int | None,
    outcome: UserOutcome,
) -> responses.SavedAnswer:
    kwargs = {} if remark is None else {"remark": remark}
    began = time.perf_counter()
    try:
        with session_scope(engine) as session:
            return responses.save_answer(
                session,
                actor,
                response_id=target.response_id,
                item_id=item.id,
                value=value,
                expected_version=expected,
                **kwargs,
            )
    finally:
        outcome.latencies.append(time.perf_counter() - began)


def _reread_version(engine: Engine, actor: Actor, response_id: int, item_id: str) -> int:
    with session_scope(engine) as session:
        view = responses.response_view(session, actor, response_id=response_id)
        return view.version(item_id)


# --- checking what is stored --------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    lost: int  # acknowledged, but not stored at that version with that content
    duplicated: int  # a version stored twice, or acknowledged twice with different content
    gaps: int  # an answer whose stored versions are not 1..n
    stale: int  # Answer does not hold the latest stored version

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.gaps or self.stale)


def verify(engine: Engine, acks: list[Ack]) -> Verdict:
    """Compare every acknowledgement with AnswerHistory and Answer, as stored now."""
    with session_scope(engine) as session:
        history = session.exec(select(AnswerHistory)).all()
        current = {(a.response_id, a.item_id): a for a in session.exec(select(Answer)).all()}
    stored: dict[tuple[int, str, int], list[AnswerHistory]] = defaultdict(list)
    for row in history:
        stored[(row.response_id, row.item_id, row.version)].append(row)
    lost = sum(1 for ack in acks if not _kept(ack, stored))
    duplicated = sum(len(rows) - 1 for rows in stored.values()) + _double_acks(acks)
    versions: dict[tuple[int, str], list[int]] = defaultdict(list)
    for response_id, item_id, version in stored:
        versions[(response_id, item_id)].append(version)
    gaps = sum(1 for v in versions.values() if sorted(v) != list(range(1, len(v) + 1)))
    stale = sum(1 for key, v in versions.items() if _stale(current.get(key), stored, key, max(v)))
    return Verdict(lost=lost, duplicated=duplicated, gaps=gaps, stale=stale)


def _kept(ack: Ack, stored: dict[tuple[int, str, int], list[AnswerHistory]]) -> bool:
    rows = stored.get((ack.response_id, ack.item_id, ack.version), [])
    return any(
        row.value == ack.value and (ack.remark is None or row.remark == ack.remark) for row in rows
    )


def _double_acks(acks: list[Ack]) -> int:
    told: dict[tuple[int, str, int], set[str]] = defaultdict(set)
    for ack in acks:
        told[(ack.response_id, ack.item_id, ack.version)].add(repr((ack.value, ack.remark)))
    return sum(len(contents) - 1 for contents in told.values())


def _stale(answer: Answer | None, stored: dict, key: tuple[int, str], latest: int) -> bool:
    if answer is None or answer.version != latest:
        return True
    row = stored[(*key, latest)][0]
    return (answer.value, answer.remark, answer.evidence) != (row.value, row.remark, row.evidence)


# --- one run ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadReport:
    database: str
    users: int
    saves_per_user: int
    acknowledged: int
    conflicts: int
    own_conflicts: int
    given_up: int
    errors: list[str]
    seconds: float
    p95_ms: float
    median_ms: float
    verdict: Verdict
    acks: tuple[Ack, ...] = field(default=(), repr=False)
    pace_seconds: float | None = None  # the realistic pace: one save a second per user

    @property
    def per_second(self) -> float:
        return self.acknowledged / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        v = self.verdict
        if self.pace_seconds is None:
            run = f"stress, {self.users} users x {self.saves_per_user} saves at full speed"
        else:
            run = f"pace, {self.users} users x 1 save/s for {self.pace_seconds:g} s"
        return (
            f"{self.database} {run}: {self.acknowledged} acknowledged in {self.seconds:.1f} s "
            f"= {self.per_second:.0f} answers/s; save latency p50 {self.median_ms:.1f} ms, "
            f"p95 {self.p95_ms:.1f} ms; conflicts {self.conflicts} (own response: "
            f"{self.own_conflicts}, given up: {self.given_up}); errors {len(self.errors)}; "
            f"duplicated {v.duplicated}, gaps {v.gaps}, stale {v.stale}; lost: {v.lost}"
        )

    def targets(self) -> str:
        """The run's targets and whether they are met."""
        safe = self.verdict.ok and not self.errors and not self.own_conflicts
        line = f"  targets: 0 errors, nothing lost: {'met' if safe else 'MISSED'}"
        if self.pace_seconds is not None:
            fast = self.p95_ms <= PACE_P95_TARGET_MS
            line += f"; p95 ≤ {PACE_P95_TARGET_MS:g} ms: {'met' if fast else 'MISSED'}"
        return line


def run_load(
    make: Callable[[], Engine],
    database: str,
    *,
    n_users: int = 30,
    saves: int = 200,
    seed: int = 1,
    hot_items: int | None = None,
    pace_seconds: float | None = None,
) -> LoadReport:
    """Build the world with one engine, run the users, check with a fresh engine ("restart").

    pace_seconds: each user saves once a second for that long instead of `saves` at full speed.
    """
    engine = make()
    try:
        migrations.upgrade(engine)
        plans = build_world(engine, n_users, hot_items)
        start = threading.Barrier(n_users + 1)
        outcomes: list[UserOutcome] = [UserOutcome() for _ in plans]
        if pace_seconds is None:
            user = functools.partial(run_user, saves=saves)
        else:
            user = functools.partial(run_paced_user, seconds=pace_seconds)
        threads = [
            threading.Thread(target=_run_into, args=(outcomes, i, user, engine, p, seed, start))
            for i, p in enumerate(plans)
        ]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - began
    finally:
        engine.dispose()
    report = _report(make, database, n_users, saves, outcomes, seconds)
    return replace(report, pace_seconds=pace_seconds)


def _run_into(outcomes: list[UserOutcome], index: int, *args: Any) -> None:
    user, engine, plan, seed, start = args
    outcomes[index] = user(engine, plan, seed=seed * 1000 + index, start=start)


def _report(
    make: Callable[[], Engine],
    database: str,
    n_users: int,
    saves: int,
    outcomes: list[UserOutcome],
    seconds: float,
) -> LoadReport:
    acks = [ack for o in outcomes for ack in o.acks]
    latencies = sorted(t for o in outcomes for t in o.latencies) or [0.0]
    fresh = make()
    try:
        verdict = verify(fresh, acks)
    finally:
        fresh.dispose()
    return LoadReport(
        database=database,
        users=n_users,
        saves_per_user=saves,
        acknowledged=len(acks),
        conflicts=sum(o.conflicts for o in outcomes),
        own_conflicts=sum(o.own_conflicts for o in outcomes),
        given_up=sum(o.given_up for o in outcomes),
        errors=[e for o in outcomes for e in o.errors],
        seconds=seconds,
        p95_ms=1000 * latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
        median_ms=1000 * statistics.median(latencies),
        verdict=verdict,
        acks=tuple(acks),
    )


# --- databases ----------------------------------------------------------------------------


@contextmanager
def sqlite_database() -> Iterator[Callable[[], Engine]]:
    """A maker of engines on one SQLite file in a temporary directory (removed after)."""
    with tempfile.TemporaryDirectory(prefix="cdm-load-") as folder:
        url = f"sqlite:///{Path(folder) / 'load.sqlite'}"
        yield lambda: make_engine(url)


@contextmanager
def postgres_database(base_url: str) -> Iterator[Callable[[], Engine]]:
    """A maker of engines on a fresh PostgreSQL schema of `base_url`, dropped after."""
    for plain in ("postgresql://", "postgres://"):
        if base_url.startswith(plain):
            base_url = "postgresql+psycopg://" + base_url.removeprefix(plain)
    schema = f"load_{uuid.uuid4().hex[:16]}"
    _run_ddl(base_url, f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base_url else "?"
    url = f"{base_url}{separator}options=-csearch_path%3D{schema}"
    try:
        yield lambda: make_engine(url)
    finally:
        _run_ddl(base_url, f'DROP SCHEMA "{schema}" CASCADE')


def _run_ddl(url: str, statement: str) -> None:
    admin = make_engine(url)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(statement)
    finally:
        admin.dispose()


# --- command line -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    databases: list[tuple[str, Callable[[], Any]]] = [("sqlite", sqlite_database)]
    postgres_url = None if args.no_postgres else args.postgres or os.environ.get(POSTGRES_ENV)
    if postgres_url:
        databases.append(("postgresql", functools.partial(postgres_database, postgres_url)))
    else:
        print(f"postgresql: skipped (no --postgres URL and {POSTGRES_ENV} not set)")
    runs = [{"saves": args.saves}, {"pace_seconds": args.pace_seconds}]
    reports = []
    for name, database in databases:
        with database() as make:
            print(f"{name} save: {save_round_trips(make)}", flush=True)
        for run in runs if args.pace_seconds else runs[:1]:
            with database() as make:  # a fresh database for each run
                reports.append(run_load(make, name, n_users=args.users, **run))
            print(reports[-1].summary() + "\n" + reports[-1].targets(), flush=True)
    for report in reports:
        for message, count in Counter(report.errors).most_common(5):
            print(f"  {report.database} error x{count}: {message}")
    return 0 if all(r.verdict.ok and not r.errors and not r.own_conflicts for r in reports) else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=30, help="concurrent users (threads)")
    parser.add_argument("--saves", type=int, default=200, help="answers saved by each user")
    parser.add_argument(
        "--pace-seconds", type=float, default=60, help="paced run length (0: stress run only)"
    )
    parser.add_argument("--postgres", metavar="URL", help=f"PostgreSQL (default: ${POSTGRES_ENV})")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    return parser


# --- round trips of one save --------------------------------------------------------------


def save_round_trips(make: Callable[[], Engine]) -> str:
    """What one save sends to the database, for a first answer and for a changed one.

    PostgreSQL: round trips, counted in libpq's trace of the connection (each simple query —
    the pool's ping, BEGIN, COMMIT — and each extended-protocol Sync is one). SQLite runs in
    the process: statements, counted by SQLAlchemy's events.
    """
    engine = make()
    try:
        migrations.upgrade(engine)
        plan = build_world(engine, 1)[0]
        item = next(i for i in plan.own.items if i.kind is ItemKind.yes_no)
        counts = [_count(engine, plan, item, value) for value in (True, False)]
    finally:
        engine.dispose()
    unit = "round trips" if engine.dialect.name == "postgresql" else "statements"
    return f"{counts[0]} {unit} for a first answer, {counts[1]} for a changed one"


def _count(engine: Engine, plan: UserPlan, item: Item, value: bool) -> int:
    def save() -> None:
        with session_scope(engine) as session:
            responses.save_answer(
                session, plan.actor, response_id=plan.own.response_id, item_id=item.id, value=value
            )

    if engine.dialect.name != "postgresql":
        sent: list[str] = []
        listener = lambda *_args: sent.append("")  # noqa: E731
        events = ("before_cursor_execute", "commit", "rollback")
        for name in events:
            event.listen(engine, name, listener)
        save()
        for name in events:
            event.remove(engine, name, listener)
        return len(sent)
    return _traced_round_trips(engine, save)


def _traced_round_trips(engine: Engine, save: Callable[[], None]) -> int:
    engine.dispose()  # the save then reuses the one connection traced here
    with tempfile.TemporaryFile("w+") as trace:
        raw = engine.raw_connection()
        raw.driver_connection.pgconn.trace(trace.fileno())
        raw.close()
        save()
        raw = engine.raw_connection()
        raw.driver_connection.pgconn.untrace()
        raw.close()
        trace.seek(0)
        fields = [line.rstrip("\n").split("\t") for line in trace]
        sent = [parts[3] for parts in fields if parts[1:2] == ["F"]]
    return sent.count("Query") + sent.count("Sync") - 1  # less the ping of the untrace above


if __name__ == "__main__":
    sys.exit(main())
