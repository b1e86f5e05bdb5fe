"""Backup and restore: every table as JSON lines, in a stable order.

Line 1 is a header (`format`, `version`, `revision` of the schema); then one line per row,
`{"table": name, "row": {column: value}}`, tables in dependency order (`tables.TABLES`), rows
by id, keys sorted. Dates and times are ISO strings, attached files base64 text (in
`attachment_blob`, after `attachment`). The same data always gives the same
bytes, so backup → restore → backup is identical.

Restore goes into an empty database only (InvalidState otherwise): it brings the schema to
the backup's revision, loads the rows, resets PostgreSQL's id sequences, then upgrades to the
newest revision.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session

from cdm_quality.services.access import Actor, Permission, require
from cdm_quality.services.errors import InvalidState, InvalidValue
from cdm_quality.storage import migrations
from cdm_quality.storage.tables import TABLES, UTCDateTime

FORMAT = "cdm-quality-backup"
VERSION = 1
_BATCH = 500


def _tables() -> list[sa.Table]:
    return [model.__table__ for model in TABLES]  # type: ignore[attr-defined]


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes | memoryview):  # attached files: base64 text
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return _json_number(value)


def _json_number(value: Any) -> Any:
    """Whole floats as ints, inside JSON values too: JSON has one number type, and SQLite
    hands back a stored 40.0 as 40, so this keeps backups of both databases identical."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_json_number(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_number(v) for k, v in value.items()}
    return value


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _lines(connection: sa.Connection) -> Iterator[str]:
    revision = migrations.current_revision_of(connection) or migrations.head_revision()
    yield _line({"format": FORMAT, "version": VERSION, "revision": revision})
    for table in _tables():
        for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns)):
            encoded = {key: _encode(value) for key, value in row._mapping.items()}
            yield _line({"table": table.name, "row": encoded})


def _snapshot(dialect_name: str) -> dict[str, str]:
    """Execution options giving one consistent view of every table while they are read
    (SQLite's transactions already do; PostgreSQL's default READ COMMITTED does not)."""
    return {"isolation_level": "REPEATABLE READ"} if dialect_name == "postgresql" else {}


def dump(session: Session, actor: Actor) -> str:
    """The whole database as backup text (admin), read from one snapshot."""
    require(actor, Permission.backup)
    session.rollback()  # start a fresh transaction with the snapshot options
    options = _snapshot(session.get_bind().dialect.name)
    try:
        return "".join(_lines(session.connection(execution_options=options)))
    finally:
        session.rollback()


def write_backup(engine: Engine, actor: Actor, path: str | Path) -> int:
    """Write the backup to `path`, read from one snapshot; returns the number of rows."""
    require(actor, Permission.backup)
    count = -1
    with (
        engine.connect().execution_options(**_snapshot(engine.dialect.name)) as connection,
        open(path, "w", encoding="utf-8", newline="\n") as out,
    ):
        for count, line in enumerate(_lines(connection)):  # noqa: B007
            out.write(line)
    return count


# --- restore ------------------------------------------------------------------------------


def _decoder(column: sa.Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        return lambda v: None if v is None else kind.enum_class(v)
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    if isinstance(kind, sa.LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v, validate=True)
    return lambda v: v


def _parse(lines: list[str]) -> tuple[str, dict[str, list[dict[str, Any]]]]:
    try:
        header = json.loads(lines[0]) if lines else {}
        if header.get("format") != FORMAT or header.get("version") != VERSION:
            raise InvalidValue("backup.header")
        rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in _tables()}
        for number, line in enumerate(lines[1:], start=2):
            record = json.loads(line)
            if record.get("table") not in rows:
                raise InvalidValue(
                    "backup.unknown_table", line=number, table=str(record.get("table"))
                )
            rows[record["table"]].append(record["row"])
    except (json.JSONDecodeError, AttributeError, KeyError, TypeError) as exc:
        raise InvalidValue("backup.damaged", reason=str(exc)) from None
    return header["revision"], rows


def _is_empty(connection: sa.Connection) -> bool:
    present = set(sa.inspect(connection).get_table_names())
    for table in _tables():
        if table.name in present:
            if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                return False
    return True


def restore(engine: Engine, actor: Actor, text: str) -> dict[str, int]:
    """Load backup text into an empty database; returns the number of rows per table."""
    require(actor, Permission.backup)
    revision, rows = _parse(text.splitlines())
    if revision not in migrations.revisions():
        raise InvalidValue("backup.revision", revision=str(revision))
    with engine.connect() as connection:
        if not _is_empty(connection):
            raise InvalidState("backup.not_empty")
    migrations.move_empty_to(engine, revision)
    with engine.begin() as connection:
        for table in _tables():
            _insert(connection, table, rows[table.name])
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    migrations.upgrade(engine)
    return {name: len(found) for name, found in rows.items()}


def _insert(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    decoders = {c.name: _decoder(c) for c in table.columns}
    try:
        decoded = [{k: decoders[k](v) for k, v in row.items()} for row in rows]
    except ValueError as exc:  # a damaged date or base64 file
        raise InvalidValue("backup.damaged", reason=f"{table.name}: {exc}") from None
    later = [
        c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)
    ]
    first = [{k: (None if k in later else v) for k, v in row.items()} for row in decoded]
    for start in range(0, len(first), _BATCH):
        connection.execute(sa.insert(table), first[start : start + _BATCH])
    for name in later:  # self-references once every row exists
        for row in decoded:
            if row.get(name) is not None:
                connection.execute(
                    sa.update(table).where(table.c.id == row["id"]).values({name: row[name]})
                )


def _reset_sequences(connection: sa.Connection) -> None:
    for table in _tables():
        if "id" not in table.columns:  # keyed by another table's id (attachment_blob)
            continue
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
        )


def read_backup(path: str | Path) -> str:
    """The text of a backup file."""
    return Path(path).read_text(encoding="utf-8")
