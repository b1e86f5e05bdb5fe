"""Shared fixtures. Database fixtures give one empty database per test: a fresh in-memory
SQLite (its tables copied from a template, see `tests/databases.py`), and, in the modules
marked `also_postgres`, the same test again on PostgreSQL when CDM_QUALITY_TEST_POSTGRES_URL is
set (a schema of the run, emptied before each test; `make_database` gives brand-new schemas,
e.g. for migration tests); without the variable those runs skip with that reason.

Which tests run on PostgreSQL too: those whose module (or class, or function) carries
`pytest.mark.also_postgres("why the dialect matters")` — storage, migrations, concurrency and
locking, SQL aggregation, dialect-specific SQL, backup/restore. The others run on SQLite only:
the logic they check (access rules, wording, workflow) is the same on both databases, and the
PostgreSQL copy of each doubled the suite's time. The `world` fixture (`build_world`) is built
once per process and copied into each test's database (`tests.databases.seeded`)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from cdm_quality.storage import tables  # noqa: F401  (registers the tables)
from cdm_quality.storage.engine import make_engine
from tests.databases import create_tables, drop_schema, postgres_schema, seeded
from tests.factories import World, build_world

POSTGRES_ENV = "CDM_QUALITY_TEST_POSTGRES_URL"
# Backups are signed with this key in tests (and the commands they run), so that no test
# writes a key file beside a data directory it does not own; tests of the key file unset it.
os.environ.setdefault("CDM_QUALITY_BACKUP_KEY", "tests-only-backup-signing-key-0123456789")
DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        pytest.skip(f"{POSTGRES_ENV} not set")
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            url = "postgresql+psycopg://" + url.removeprefix(plain)
    return url


@pytest.fixture
def make_database(tmp_path: Path) -> Iterator[Callable[[str, bool], Engine]]:
    """Factory: `make_database(kind, file_based)` → an empty engine (no tables) of that kind.

    kind: "sqlite" (in memory, or a file in tmp_path when file_based) or "postgres" (a fresh
    schema). Everything is disposed / dropped at the end of the test.
    """
    engines: list[Engine] = []
    schemas: list[tuple[str, str]] = []

    def make(kind: str, file_based: bool = False) -> Engine:
        if kind == "sqlite":
            name = f"db-{len(engines)}.sqlite"
            url = f"sqlite:///{tmp_path / name}" if file_based else "sqlite://"
        else:
            base = _postgres_base_url()
            schema = f"t_{uuid.uuid4().hex[:16]}"
            with make_engine(base).begin() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            schemas.append((base, schema))
            sep = "&" if "?" in base else "?"
            url = f"{base}{sep}options=-csearch_path%3D{schema}"
        engine = make_engine(url)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()
    for base, schema in schemas:
        admin = make_engine(base)
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "also_postgres(why): the database fixtures of these tests run on PostgreSQL too "
        "(when CDM_QUALITY_TEST_POSTGRES_URL is set), because the SQL dialect matters there",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests using `db_kind` (so `engine`, `session`, `file_engine`) run on SQLite, and also on
    PostgreSQL when marked `also_postgres`."""
    if "db_kind" not in metafunc.fixturenames:
        return
    both = metafunc.definition.get_closest_marker("also_postgres") is not None
    metafunc.parametrize("db_kind", DATABASES if both else ["sqlite"], indirect=True)


@pytest.fixture
def db_kind(request: pytest.FixtureRequest) -> str:
    """ "sqlite" or "postgres": tests using the database fixtures run once per kind."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def _postgres_tables() -> Iterator[Engine]:
    """One PostgreSQL schema holding every table, for the whole run (emptied per test)."""
    base = _postgres_base_url()
    schema, shared = postgres_schema(base, "t")
    yield shared
    shared.dispose()
    drop_schema(base, schema)


def _emptied(shared: Engine) -> Engine:
    """Delete every row and restart the id sequences (far quicker than TRUNCATE here)."""
    with shared.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.exec_driver_sql(f'DELETE FROM "{table.name}"')  # noqa: S608
        sequences = conn.exec_driver_sql(
            "SELECT sequence_name FROM information_schema.sequences "
            "WHERE sequence_schema = current_schema()"
        ).scalars()
        for sequence in list(sequences):
            conn.exec_driver_sql(f'ALTER SEQUENCE "{sequence}" RESTART')
    return shared


@pytest.fixture
def engine(
    db_kind: str, make_database: Callable[[str, bool], Engine], request: pytest.FixtureRequest
) -> Engine:
    """A database with every table and no rows: a fresh in-memory SQLite, or the run's
    PostgreSQL schema emptied (rows deleted, sequences restarted) for this test."""
    if db_kind == "postgres":
        return _emptied(request.getfixturevalue("_postgres_tables"))
    return create_tables(make_database(db_kind, False))


@pytest.fixture
def file_engine(
    db_kind: str, make_database: Callable[[str, bool], Engine], request: pytest.FixtureRequest
) -> Engine:
    """Like `engine`, but SQLite lives in a file: for tests using several threads."""
    if db_kind == "postgres":
        return _emptied(request.getfixturevalue("_postgres_tables"))
    return create_tables(make_database(db_kind, True))


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as opened:
        yield opened


@pytest.fixture
def world(session: Session) -> World:
    """Two Cités, one account per role, an open campaign of the minimal questionnaire and a
    response per Cité (`tests.factories.build_world`), in the test's database."""
    return seeded(session, build_world)
