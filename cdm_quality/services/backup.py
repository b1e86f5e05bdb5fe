"""Backup and restore: every table as JSON lines, in a stable order, with an end marker.

Line 1 is a header (`format`, `version`, `revision` of the schema); then one line per row,
`{"table": name, "row": {column: value}}`, tables in dependency order (`tables.TABLES`), rows
by id, keys sorted. Dates and times are ISO strings, attached files base64 text (in
`attachment_blob`, after `attachment`). The last line is the trailer, `{"end": true, "rows":
{table: count}, "sha256": …, "signature": …}`: the rows per table, the sha256 of every byte
before it, and that sha256 signed (HMAC-SHA256) with the deployment's backup key. The same data
and key always give the same bytes, so backup → restore → backup is identical.

The key is kept outside the database and outside every backup: the setting
`CDM_QUALITY_BACKUP_KEY`, else a random key written on first use to the file
`Settings.backup_key_file()` beside the data directory (mode 0600). Whoever edits a backup and
recomputes its sha256 cannot sign it without that key.

`write_backup` writes a temporary file beside the target, flushes it to disk (fsync) and only
then renames it: a full disk or a killed command leaves no partial backup under the name.

Restore goes into an empty database only (InvalidState otherwise). It reads the file twice,
a line at a time (memory bounded by the longest line and a batch of rows, whatever the size
of the file): first to check it — header, every row (known table and columns, values that
decode), and the trailer's counts and checksum, so that a cut, damaged or edited file is
refused before anything is written — then to load it in one transaction. It brings the schema
to the backup's revision, loads the rows, resets PostgreSQL's id sequences, then upgrades to
the newest revision. A file whose signature does not verify with this deployment's key (edited,
or signed with another key) and an unsigned one (versions 1 and 2, from before signatures) are
refused unless the caller passes `accept_unsigned=True` (`restore --accept-unsigned`), which
still checks a version 2 file's sha256.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import hashlib
import hmac
import io
import json
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session

from cdm_quality.services.errors import InvalidState, InvalidValue
from cdm_quality.services.people.access import Actor, Permission, require
from cdm_quality.services.scores.aggregates import cache_every_campaign
from cdm_quality.services.scores.keys import ensure_every_key
from cdm_quality.settings import get_settings
from cdm_quality.storage import migrations
from cdm_quality.storage.tables import TABLES, UTCDateTime

FORMAT = "cdm-quality-backup"
VERSION = 3  # 3: the trailer is signed; 2: a trailer (row counts and sha256); 1: no trailer
_SIGNED_SINCE = 3
_BATCH = 500
Lines = Callable[[], Iterator[bytes]]  # a fresh iterator over the file's lines each call


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


def signing_key() -> bytes:
    """The deployment's backup key: the setting, else the key file (made on first use)."""
    settings = get_settings()
    if settings.backup_key is not None:
        return settings.backup_key.get_secret_value().encode("utf-8")
    path = settings.backup_key_file()
    try:
        if not path.exists():
            _make_key_file(path)
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise InvalidState("backup.key_unavailable", path=str(path)) from None
    if len(key) < 32:
        raise InvalidState("backup.key_unavailable", path=str(path))
    return key.encode("ascii")


def _make_key_file(path: Path) -> None:
    """Write a random key to `path`, readable by its owner only; a key another process wrote
    there first is kept (the new file appears whole, by a hard link, or not at all)."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="ascii", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as partial:
        partial.write(secrets.token_hex(32) + "\n")
        partial.flush()
        os.fsync(partial.fileno())
    try:
        os.link(partial.name, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(partial.name)


def seal(rows: dict[str, int], sha256: str, key: bytes) -> dict[str, Any]:
    """The trailer of a backup whose bytes before it have this sha256 and these row counts."""
    return {"end": True, "rows": rows, "sha256": sha256, "signature": _signature(sha256, key)}


def _signature(sha256: str, key: bytes) -> str:
    return hmac.new(key, f"{FORMAT}:{sha256}".encode("ascii"), hashlib.sha256).hexdigest()


def _lines(connection: sa.Connection) -> Iterator[str]:
    """The header, a line per row, then the signed trailer."""
    key = signing_key()
    revision = migrations.current_revision_of(connection) or migrations.head_revision()
    digest = hashlib.sha256()
    counts = {table.name: 0 for table in _tables()}
    header = _line({"format": FORMAT, "version": VERSION, "revision": revision})
    digest.update(header.encode("utf-8"))
    yield header
    for table in _tables():
        for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns)):
            encoded = {key: _encode(value) for key, value in row._mapping.items()}
            line = _line({"table": table.name, "row": encoded})
            digest.update(line.encode("utf-8"))
            counts[table.name] += 1
            yield line
    yield _line(seal(counts, digest.hexdigest(), key))


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
    """Write the backup to `path`, read from one snapshot; returns the number of rows.
    The file appears under its name only once complete and on disk."""
    require(actor, Permission.backup)
    with engine.connect().execution_options(**_snapshot(engine.dialect.name)) as connection:
        return _write_whole(Path(path), _lines(connection)) - 2  # header and trailer


def _write_whole(path: Path, lines: Iterable[str]) -> int:
    """Write `lines` to a temporary file beside `path`, fsync, rename; the number of lines.
    On any failure (a full disk…) the temporary file is removed and `path` left as it was."""
    partial = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed after
        "w",
        encoding="utf-8",
        newline="\n",
        dir=path.parent or ".",
        prefix=f".{path.name}.",
        suffix=".partial",
        delete=False,
    )
    try:
        with partial:
            count = 0
            for line in lines:
                partial.write(line)
                count += 1
            partial.flush()
            os.fsync(partial.fileno())
        os.replace(partial.name, path)
    except BaseException:
        Path(partial.name).unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)
    return count


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX: fsync the directory)."""
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the data is already synced
    finally:
        os.close(fd)


# --- restore ------------------------------------------------------------------------------


def _decoder(column: sa.Column[Any]) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, UTCDateTime | sa.DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        enum_class = kind.enum_class
        return lambda v: None if v is None else enum_class(v)
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    if isinstance(kind, sa.LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v, validate=True)
    return lambda v: v


@dataclass
class _Reader:
    """What the first pass learns: the header, the rows per table, the running checksum."""

    tables: dict[str, sa.Table] = field(default_factory=lambda: {t.name: t for t in _tables()})
    decoders: dict[str, dict[str, Callable[[Any], Any]]] = field(default_factory=dict)
    revision: str = ""
    version: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    trailer: dict[str, Any] | None = None
    digest: Any = field(default_factory=hashlib.sha256)

    def __post_init__(self) -> None:
        self.decoders = {
            name: {c.name: _decoder(c) for c in table.columns}
            for name, table in self.tables.items()
        }
        self.counts = dict.fromkeys(self.tables, 0)


def _record(raw: bytes, number: int) -> dict[str, Any]:
    """One line as a JSON object."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidValue("backup.not_text", line=number) from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError:
        raise InvalidValue("backup.not_json", line=number) from None
    if not isinstance(record, dict):
        raise InvalidValue("backup.not_json", line=number)
    return record


def _read_header(reader: _Reader, record: dict[str, Any]) -> None:
    version, revision = record.get("version"), record.get("revision")
    if record.get("format") != FORMAT or version not in (1, 2, VERSION):
        raise InvalidValue("backup.header")
    if not isinstance(revision, str) or not revision:
        raise InvalidValue("backup.header")
    reader.version, reader.revision = int(version), revision


def _decoded_row(
    reader: _Reader, record: dict[str, Any], number: int
) -> tuple[str, dict[str, Any]]:
    """The row of a line, its values decoded; a refusal names the line and the column."""
    name, row = record.get("table"), record.get("row")
    if not isinstance(name, str) or name not in reader.tables:
        raise InvalidValue("backup.unknown_table", line=number, table=str(name))
    if not isinstance(row, dict):
        raise InvalidValue("backup.row_not_object", line=number, table=name)
    decoders = reader.decoders[name]
    decoded = {}
    for column, value in row.items():
        if column not in decoders:
            raise InvalidValue("backup.unknown_column", line=number, table=name, column=column)
        try:
            decoded[column] = decoders[column](value)
        except (ValueError, TypeError, binascii.Error):
            shown = json.dumps(value, ensure_ascii=False)[:60]
            raise InvalidValue(
                "backup.bad_value", line=number, table=name, column=column, value=shown
            ) from None
    return name, decoded


def _check(lines: Iterator[bytes], *, accept_unsigned: bool) -> _Reader:
    """First pass: the whole file checked, nothing kept but counts and the checksum."""
    reader = _Reader()
    for number, raw in enumerate(lines, start=1):
        if reader.trailer is not None:
            raise InvalidValue("backup.after_end", line=number)
        record = _record(raw, number)
        if number == 1:
            _read_header(reader, record)
        elif reader.version >= 2 and "end" in record:
            reader.trailer = record
            continue
        else:
            name, _ = _decoded_row(reader, record, number)
            reader.counts[name] += 1
        reader.digest.update(raw)
    if not reader.version:
        raise InvalidValue("backup.header")
    if reader.version >= 2:
        _check_trailer(reader)
    if not accept_unsigned:
        _check_signature(reader)
    return reader


def _check_trailer(reader: _Reader) -> None:
    if reader.trailer is None:
        raise InvalidValue("backup.incomplete")
    counted = reader.trailer.get("rows") == reader.counts
    if not counted or reader.trailer.get("sha256") != reader.digest.hexdigest():
        raise InvalidValue("backup.checksum")


def _check_signature(reader: _Reader) -> None:
    """A signed file must verify with this deployment's key; an unsigned one is refused."""
    if reader.version < _SIGNED_SINCE or reader.trailer is None:
        raise InvalidValue("backup.unsigned", version=reader.version)
    expected = _signature(reader.digest.hexdigest(), signing_key())
    if not hmac.compare_digest(str(reader.trailer.get("signature", "")), expected):
        raise InvalidValue("backup.signature")


def _is_empty(connection: sa.Connection) -> bool:
    present = set(sa.inspect(connection).get_table_names())
    for table in _tables():
        if table.name in present:
            if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                return False
    return True


def restore(
    engine: Engine, actor: Actor, text: str, *, accept_unsigned: bool = False
) -> dict[str, int]:
    """Load backup text into an empty database; returns the number of rows per table."""
    data = text.encode("utf-8", "surrogateescape")
    return _restore(engine, actor, lambda: iter(io.BytesIO(data)), accept_unsigned)


def restore_file(
    engine: Engine, actor: Actor, path: str | Path, *, accept_unsigned: bool = False
) -> dict[str, int]:
    """Load a backup file into an empty database, reading it a line at a time."""
    return _restore(engine, actor, lambda: _file_lines(Path(path)), accept_unsigned)


def _file_lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as lines:
        yield from lines


def _restore(engine: Engine, actor: Actor, lines: Lines, accept_unsigned: bool) -> dict[str, int]:
    require(actor, Permission.backup)
    reader = _check(lines(), accept_unsigned=accept_unsigned)
    if reader.revision not in migrations.revisions():
        raise InvalidValue("backup.revision", revision=reader.revision)
    with engine.connect() as connection:
        if not _is_empty(connection):
            raise InvalidState("backup.not_empty")
    migrations.move_empty_to(engine, reader.revision)
    with engine.begin() as connection:
        _load(connection, reader, lines())
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    migrations.upgrade(engine)
    with Session(engine) as session:  # a backup carries no keys nor score cache (derived data)
        ensure_every_key(session)
        cache_every_campaign(session)
    return dict(reader.counts)


@dataclass
class _Batch:
    """Rows of one table waiting to be inserted, and the file lines they came from."""

    table: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    first: int = 0
    last: int = 0


def _load(connection: sa.Connection, reader: _Reader, lines: Iterator[bytes]) -> None:
    """Second pass: the rows inserted in batches; self-references set once every row is in.
    A row the database refuses (a broken link, a duplicate) is told with its lines."""
    batch = _Batch()
    links: list[tuple[int, sa.Table, Any, str, Any]] = []  # (line, table, id, column, value)
    for number, raw in enumerate(lines, start=1):
        record = json.loads(raw)
        if number == 1 or "end" in record:
            continue
        name, row = _decoded_row(reader, record, number)
        if name != batch.table or len(batch.rows) >= _BATCH:
            _flush(connection, reader, batch)
            batch = _Batch(table=name, first=number)
        table = reader.tables[name]
        for column in _self_links(table):
            if row.get(column) is not None:
                links.append((number, table, row["id"], column, row[column]))
                row[column] = None
        batch.rows.append(row)
        batch.last = number
    _flush(connection, reader, batch)
    for number, table, row_id, column, value in links:
        with _refusal_told(table.name, number, number):
            connection.execute(sa.update(table).where(table.c.id == row_id).values({column: value}))


def _self_links(table: sa.Table) -> list[str]:
    return [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]


def _flush(connection: sa.Connection, reader: _Reader, batch: _Batch) -> None:
    if batch.rows:
        with _refusal_told(batch.table, batch.first, batch.last):
            connection.execute(sa.insert(reader.tables[batch.table]), batch.rows)


@contextmanager
def _refusal_told(table: str, first: int, last: int) -> Iterator[None]:
    """Rows the database refuses are the file's fault, not the database's: say which."""
    try:
        yield
    except (IntegrityError, DataError) as exc:
        reason = type(getattr(exc, "orig", None) or exc).__name__
        raise InvalidValue(
            "backup.rows_refused", table=table, first=first, last=last, reason=reason
        ) from None


def _reset_sequences(connection: sa.Connection) -> None:
    for table in _tables():
        if "id" not in table.columns:  # keyed by another table's id (attachment_blob)
            continue
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
        )


def read_backup(path: str | Path) -> str:
    """The text of a backup file (tests; the command line streams with `restore_file`)."""
    return Path(path).read_text(encoding="utf-8")
