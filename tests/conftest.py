"""Shared fixtures. Database fixtures give one empty database per test: a fresh in-memory
SQLite, and the same test again on PostgreSQL when CDM_QUALITY_TEST_POSTGRES_URL is set (a
schema of the run, emptied before each test; `make_database` gives brand-new schemas, e.g.
for migration tests); without the variable those runs skip with that reason."""

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

POSTGRES_ENV = "CDM_QUALITY_TEST_POSTGRES_URL"
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


@pytest.fixture(params=DATABASES)
def db_kind(request: pytest.FixtureRequest) -> str:
    """ "sqlite" or "postgres": tests using the database fixtures run once per kind."""
    return request.param


@pytest.fixture(scope="session")
def _postgres_tables() -> Iterator[Engine]:
    """One PostgreSQL schema holding every table, for the whole run (emptied per test)."""
    base = _postgres_base_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    shared = make_engine(f"{base}{sep}options=-csearch_path%3D{schema}")
    SQLModel.metadata.create_all(shared)
    yield shared
    shared.dispose()
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


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
    created = make_database(db_kind, False)
    SQLModel.metadata.create_all(created)
    return created


@pytest.fixture
def file_engine(
    db_kind: str, make_database: Callable[[str, bool], Engine], request: pytest.FixtureRequest
) -> Engine:
    """Like `engine`, but SQLite lives in a file: for tests using several threads."""
    if db_kind == "postgres":
        return _emptied(request.getfixturevalue("_postgres_tables"))
    created = make_database(db_kind, True)
    SQLModel.metadata.create_all(created)
    return created


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as opened:
        yield opened
