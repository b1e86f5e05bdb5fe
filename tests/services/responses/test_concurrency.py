"""20 threads save answers at once: every acknowledged answer is there afterwards.

Runs on a file-based SQLite (threads cannot share an in-memory database) and on PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from cdm_quality.domain.loader import load_text
from cdm_quality.domain.questionnaire import Questionnaire
from cdm_quality.services.errors import AccessDenied, ConflictError
from cdm_quality.services.people.access import Actor
from cdm_quality.services.responses import get_or_create_response, response_view, save_answer
from cdm_quality.storage.tables import AnswerHistory, Role
from tests.factories import make_campaign, make_cite, make_user

pytestmark = pytest.mark.also_postgres(
    "concurrent writers: SQLite's writer queue, PostgreSQL's row locks"
)

THREADS = 20
ROUNDS = 5


def _grid() -> Questionnaire:
    source = "source: {document: charte, passage: {fr: P, en: P}}"
    items = "\n".join(
        f"      - {{id: own.{k}, kind: short_text, {source}, text: {{fr: Q{k}, en: Q{k}}}}}"
        for k in range(THREADS)
    )
    return load_text(
        "id: stress\nversion: '1'\ntitle: {fr: Stress, en: Stress}\nsections:\n"
        "  - id: s\n    title: {fr: S, en: S}\n    items:\n"
        f"      - {{id: shared, kind: short_text, {source}, text: {{fr: Partagée, en: Shared}}}}\n"
        f"      - {{id: contended, kind: short_text, {source}, text: {{fr: Prise, en: Taken}}}}\n"
        + items
    )


def _worker(engine: Engine, actor: Actor, response_id: int, k: int, acks: dict, barrier) -> None:
    barrier.wait()
    with Session(engine, expire_on_commit=False) as session:
        version = 0
        for r in range(ROUNDS):
            value = f"t{k}-r{r}"
            own = save_answer(
                session,
                actor,
                response_id=response_id,
                item_id=f"own.{k}",
                value=value,
                expected_version=version,
            )
            version = own.version
            acks[f"own.{k}"].append((own.version, value))
            shared = save_answer(
                session, actor, response_id=response_id, item_id="shared", value=value
            )
            acks["shared"].append((shared.version, value))
            acks["contended"].append(_save_until_accepted(session, actor, response_id, value))


def _save_until_accepted(session: Session, actor: Actor, response_id: int, value: str):
    view = response_view(session, actor, response_id=response_id)
    expected = view.version("contended")
    while True:
        try:
            saved = save_answer(
                session,
                actor,
                response_id=response_id,
                item_id="contended",
                value=value,
                expected_version=expected,
            )
            return saved.version, value
        except ConflictError as conflict:
            expected = conflict.version  # the user looks at theirs, then saves again


@pytest.mark.timeout(240)
def test_twenty_threads_lose_no_acknowledged_answer(file_engine: Engine, db_kind: str) -> None:
    with Session(file_engine, expire_on_commit=False) as session:
        cite = make_cite(session, "Cité des métiers de Charleroi", country="Belgique")
        actors = [
            make_user(
                session, f"user{k}", Role.director if k % 2 else Role.contributor, cite_id=cite.id
            )
            for k in range(THREADS)
        ]
        campaign = make_campaign(session, 2026, questionnaires=[_grid()])
        response = get_or_create_response(
            session, actors[0], cite_id=cite.id, campaign_id=campaign.id, questionnaire_id="stress"
        )
    acks: dict[str, list] = defaultdict(list)
    barrier = threading.Barrier(THREADS)
    threads = [
        threading.Thread(
            target=_worker, args=(file_engine, actors[k], response.id, k, acks, barrier)
        )
        for k in range(THREADS)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    total = THREADS * ROUNDS * 3
    print(f"\n{db_kind}: {total} acknowledged saves by {THREADS} threads in {elapsed:.2f} s")

    assert sum(len(v) for v in acks.values()) == total
    with Session(file_engine) as session:
        view = response_view(session, actors[0], response_id=response.id)
        history = defaultdict(set)
        for row in session.exec(select(AnswerHistory)).all():
            history[row.item_id].add((row.version, row.value))
    for item_id, acknowledged in acks.items():
        versions = [v for v, _ in acknowledged]
        assert len(set(versions)) == len(versions), f"{item_id}: a version acknowledged twice"
        assert set(acknowledged) <= history[item_id], f"{item_id}: an acknowledged save is lost"
        latest = max(acknowledged)
        assert (view.answers[item_id].version, view.answers[item_id].value) == latest
    assert sorted(v for v, _ in acks["shared"]) == list(range(1, THREADS * ROUNDS + 1))
    assert sorted(v for v, _ in acks["contended"]) == list(range(1, THREADS * ROUNDS + 1))


def _save_in_thread(engine: Engine, actor: Actor, response_id: int) -> threading.Thread:
    def save() -> None:
        with Session(engine) as session:
            save_answer(session, actor, response_id=response_id, item_id="shared", value="vu")

    thread = threading.Thread(target=save, daemon=True)
    thread.start()
    return thread


def _stress_world(engine: Engine) -> tuple[Actor, Actor, int]:
    with Session(engine, expire_on_commit=False) as session:
        cite = make_cite(session, "Cité des métiers de Porto", country="Portugal")
        other = make_cite(session, "Cité des métiers de Turin", country="Italie")
        director = make_user(session, "diretora", Role.director, cite_id=cite.id)
        stranger = make_user(session, "direttore", Role.director, cite_id=other.id)
        campaign = make_campaign(session, 2026, questionnaires=[_grid()])
        response = get_or_create_response(
            session, director, cite_id=cite.id, campaign_id=campaign.id, questionnaire_id="stress"
        )
    return director, stranger, response.id


def test_an_open_reader_does_not_block_a_writer(file_engine: Engine) -> None:
    director, _, response_id = _stress_world(file_engine)
    with Session(file_engine) as reader:
        response_view(reader, director, response_id=response_id)  # transaction left open
        writer = _save_in_thread(file_engine, director, response_id)
        writer.join(timeout=10)
        assert not writer.is_alive()


def test_a_refused_save_leaves_no_lock_behind(file_engine: Engine) -> None:
    director, stranger, response_id = _stress_world(file_engine)
    with Session(file_engine) as refused:
        with pytest.raises(AccessDenied):
            save_answer(refused, stranger, response_id=response_id, item_id="shared", value="x")
        writer = _save_in_thread(file_engine, director, response_id)
        writer.join(timeout=10)
        assert not writer.is_alive()
