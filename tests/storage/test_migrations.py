"""Migrations: the revisions build exactly the tables of the code, and a database made by
the first revision, holding data, is upgraded to the head without losing anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from cdm_quality.services import responses
from cdm_quality.services.people.access import Actor
from cdm_quality.storage import migrations
from cdm_quality.storage.tables import Role

pytestmark = pytest.mark.also_postgres("the migrations build each database's own column types")

FIRST = "0001"
MakeDb = Callable[[str, bool], Engine]


def test_revisions_are_a_single_line() -> None:
    assert migrations.revisions()[0] == FIRST
    assert migrations.revisions()[-1] == migrations.head_revision()
    assert len(migrations.revisions()) >= 2


def test_head_matches_the_tables(db_kind: str, make_database: MakeDb) -> None:
    engine = make_database(db_kind, False)
    migrations.upgrade(engine)
    migrations.upgrade(engine)  # a second run changes nothing
    assert migrations.current_revision(engine) == migrations.head_revision()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


# Rows written with plain SQL, as the first revision knows the tables.
ROWS: dict[str, list[dict]] = {
    "cite": [
        {
            "id": 1,
            "name": "Cité des métiers de Namur",
            "city": "Namur",
            "country": "Belgique",
            "phase": "prefiguration",
            "created_at": dt.datetime(2024, 1, 2, 3, 4, 5),
        }
    ],
    "phase_event": [
        {
            "id": 1,
            "cite_id": 1,
            "phase": "prefiguration",
            "decision": "prolonged",
            "decided_on": dt.date(2024, 5, 16),
            "note": "Préfiguration prolongée",
        }
    ],
    "app_user": [
        {
            "id": 1,
            "login": "dir",
            "name": "Olivier Lejeune",
            "email": None,
            "role": "director",
            "cite_id": 1,
            "password_hash": "!",
            "active": True,
            "created_at": dt.datetime(2024, 1, 2),
        }
    ],
    "campaign": [
        {
            "id": 1,
            "name": "Campagne 2024",
            "year": 2024,
            "opens_on": None,
            "closes_on": None,
            "state": "open",
            "created_at": dt.datetime(2024, 1, 3),
        }
    ],
    "response": [
        {
            "id": 1,
            "cite_id": 1,
            "campaign_id": 1,
            "questionnaire_id": "minimal",
            "phase": "prefiguration",
            "state": "draft",
            "created_at": dt.datetime(2024, 2, 1),
            "created_by_id": 1,
            "submitted_at": None,
            "submitted_by_id": None,
            "reopened_at": None,
            "reopened_by_id": None,
        }
    ],
    "answer": [
        {
            "id": 1,
            "response_id": 1,
            "item_id": "accueil.sans_rdv",
            "value": "atteint",
            "remark": "Très bien accueilli – « sans rendez-vous »",
            "evidence": "",
            "version": 3,
            "saved_at": dt.datetime(2024, 2, 2, 10),
            "saved_by_id": 1,
        }
    ],
    "answer_history": [
        {
            "id": 1,
            "response_id": 1,
            "item_id": "accueil.sans_rdv",
            "version": 3,
            "value": "atteint",
            "remark": "r",
            "evidence": "",
            "saved_at": dt.datetime(2024, 2, 2, 10),
            "saved_by_id": 1,
        }
    ],
    "audit_event": [
        {
            "id": 1,
            "at": dt.datetime(2024, 2, 2),
            "actor_id": 1,
            "actor_login": "dir",
            "action": "create",
            "entity": "cite",
            "entity_id": "1",
            "before": None,
            "after": {"phase": "prefiguration"},
        }
    ],
}


def _insert_at_first_revision(engine: Engine) -> None:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.begin() as conn:
        for name, rows in ROWS.items():
            table = metadata.tables[name]
            conn.execute(table.insert(), rows)


def test_first_revision_with_data_upgrades_to_head_losing_nothing(
    db_kind: str, make_database: MakeDb
) -> None:
    engine = make_database(db_kind, False)
    migrations.upgrade(engine, FIRST)
    assert migrations.current_revision(engine) == FIRST
    _insert_at_first_revision(engine)
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()
    for name, rows in ROWS.items():
        with engine.connect() as conn:
            table = SQLModel.metadata.tables[name]
            found = [dict(r._mapping) for r in conn.execute(sa.select(table))]
        assert len(found) == len(rows), name
        for column, value in rows[0].items():
            got = found[0][column]
            if isinstance(value, dt.datetime):
                value = value.replace(tzinfo=dt.UTC)
            assert (got.value if hasattr(got, "value") else got) == value, (name, column)
    # The services read the old data as if it had always been at the head.
    actor = Actor(id=1, login="dir", name="Olivier Lejeune", role=Role.director, cite_id=1)
    with Session(engine) as session:
        found = responses.readable_response(session, actor, response_id=1)
    assert (found.cite_id, found.questionnaire_id, found.state) == (1, "minimal", "draft")


def test_what_was_written_before_0018_takes_its_cites_working_language(
    db_kind: str, make_database: MakeDb
) -> None:
    """Answers (and their history) saved before the written language was kept get their
    Cité's working language; a Cité without one leaves them None (read as the reference)."""
    engine = make_database(db_kind, False)
    migrations.upgrade(engine, FIRST)
    _insert_at_first_revision(engine)
    migrations.upgrade(engine, "0017")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE cite SET language = 'pt'"))
    migrations.upgrade(engine)
    with engine.connect() as conn:
        written = conn.execute(sa.text("SELECT language FROM answer")).scalars().all()
        history = conn.execute(sa.text("SELECT language FROM answer_history")).scalars().all()
    assert written and set(written) == {"pt"} and set(history) == {"pt"}
