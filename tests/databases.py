"""Quick test databases: SQLite databases copied from templates instead of built per test.

Creating every table costs ~60 ms and the small world of `tests.factories.build_world` ~150 ms
on the 2-core machine; copying a database with SQLite's backup API costs ~4 ms. So the empty
schema is built once per process and copied into each test's database, and `seeded(session,
build)` runs a builder once per process and copies its rows into each test's database. Each
test still gets a database of its own, with real commits (several sessions, threads and
`session.get_bind()` all see the same rows). On PostgreSQL, `seeded` builds into a schema of
its own once per process and copies the rows table by table (INSERT … SELECT).
"""

from __future__ import annotations

import atexit
import copy
import uuid
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, make_url
from sqlmodel import Session, SQLModel

from cdm_quality.storage import tables  # noqa: F401  (registers the tables)
from cdm_quality.storage.engine import make_engine

T = TypeVar("T")
QUESTIONNAIRES = Path(__file__).resolve().parents[1] / "questionnaires"

_schema: list[Engine] = []  # the in-memory database holding every table and no row
_demo: list[Engine] = []  # the demo in a migrated database (`upgraded_demo`)
_seeds: dict[Hashable, tuple[Engine, Any]] = {}
_pg_seeds: dict[Hashable, tuple[str, Any]] = {}  # PostgreSQL: the template schema, the result


def copy_sqlite(source: Engine, target: Engine) -> None:
    """Replace the content of the SQLite database `target` by that of `source`."""
    with source.connect() as read, target.connect() as write:
        read.connection.driver_connection.backup(write.connection.driver_connection)


def _schema_template() -> Engine:
    if not _schema:
        template = make_engine("sqlite://")
        SQLModel.metadata.create_all(template)
        _schema.append(template)
    return _schema[0]


def create_tables(engine: Engine) -> Engine:
    """Every table of the code, no row, in the new `engine` (copied on SQLite); returns it."""
    if engine.dialect.name == "sqlite":
        copy_sqlite(_schema_template(), engine)
    else:
        SQLModel.metadata.create_all(engine)
    return engine


def empty_sqlite() -> Engine:
    """A fresh in-memory SQLite database holding every table and no row."""
    return create_tables(make_engine("sqlite://"))


def upgraded_demo(target: Engine) -> Engine:
    """The demo as `cdm-quality db upgrade` then `cdm-quality demo` leave a database (the
    migrations' schema and revision, `demo.load_demo`), copied into the SQLite `target`; the
    demo (~3 s) is loaded once per process. Returns `target`."""
    if not _demo:
        from cdm_quality import demo
        from cdm_quality.storage import migrations

        template = make_engine("sqlite://")
        migrations.upgrade(template)
        with Session(template) as session:
            demo.load_demo(session, directory=QUESTIONNAIRES)
        _demo.append(template)
    copy_sqlite(_demo[0], target)
    return target


def seeded(session: Session, build: Callable[..., T], *args: Hashable, **kwargs: Hashable) -> T:
    """`build(session, *args, **kwargs)`'s result, its rows now in the session's database.

    The database must hold no row yet. On SQLite the builder runs once per process (per
    builder and arguments) into a template database, which is then copied into the session's
    database: give a module-level function, not a lambda, and a builder whose rows depend on
    nothing but its arguments. Each test gets its own deep copy of the result.
    """
    bind = session.get_bind()
    key = (build, args, tuple(sorted(kwargs.items())))
    if bind.dialect.name == "postgresql":
        return _seeded_postgres(session, key, build, *args, **kwargs)
    if key not in _seeds:
        template = empty_sqlite()
        with Session(template, expire_on_commit=False) as building:
            result = build(building, *args, **kwargs)
        _seeds[key] = (template, result)
    template, result = _seeds[key]
    copy_sqlite(template, bind)
    return copy.deepcopy(result)


def _seeded_postgres(
    session: Session, key: Hashable, build: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """`seeded` on PostgreSQL: the builder's rows made once in a schema of their own, then
    copied into the session's schema (same tables, same column order), sequences moved on."""
    bind = session.get_bind()
    if key not in _pg_seeds:
        url = bind.url.render_as_string(False)
        schema, template = postgres_schema(url, "seed")
        with Session(template, expire_on_commit=False) as building:
            result = build(building, *args, **kwargs)
        template.dispose()
        atexit.register(drop_schema, url, schema)
        _pg_seeds[key] = (schema, result)
    schema, result = _pg_seeds[key]
    with bind.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            name = table.name
            conn.exec_driver_sql(f'INSERT INTO "{name}" SELECT * FROM "{schema}"."{name}"')  # noqa: S608
            if "id" in table.columns and table.columns["id"].autoincrement is not False:
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'),"  # noqa: S608
                    f' COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{name}"'
                )
    return copy.deepcopy(result)


def postgres_schema(url: str, prefix: str) -> tuple[str, Engine]:
    """A new schema holding every table on the PostgreSQL server of `url`, and an engine
    whose search path is that schema."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    options = {"options": f"-csearch_path={schema}"}
    engine = make_engine(make_url(url).update_query_dict(options).render_as_string(False))
    SQLModel.metadata.create_all(engine)
    return schema, engine


def drop_schema(url: str, schema: str) -> None:
    """The schema and everything in it gone (the test database keeps nothing of a run)."""
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    admin.dispose()
