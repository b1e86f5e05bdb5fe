"""`cdm-quality db|user|demo|backup|restore` on a fresh data directory, as `make run` and an
administrator use them: messages, exit codes, and a backup that round-trips identically."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from cdm_quality import demo
from cdm_quality.cli import main
from cdm_quality.demo import build
from cdm_quality.services import backup
from cdm_quality.services.errors import StorageUnavailable
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import make_engine, session_scope
from cdm_quality.storage.tables import TABLES, AuditEvent, User
from tests.factories import make_cite

ROOT = Path(__file__).parents[1]
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Callable[..., tuple[int, str, str]]]:
    """run(data_dir, *args, stdin="") → (exit code, stdout, stderr); stdin given as bytes is
    read as UTF-8, as a terminal's would be."""

    def call(data_dir: Path, *args: str, stdin: str | bytes = "") -> tuple[int, str, str]:
        monkeypatch.setenv("CDM_QUALITY_DATA_DIR", str(data_dir))
        monkeypatch.delenv("CDM_QUALITY_DATABASE_URL", raising=False)
        monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")  # the messages' language (else French)
        if isinstance(stdin, bytes):
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), "utf-8"))
        else:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        get_settings.cache_clear()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    yield call
    get_settings.cache_clear()


def test_make_run_start_then_backup_restore_backup(run: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(first, "db", "upgrade")[0] == 0
    questionnaires = str(ROOT / "questionnaires")
    code, out, _ = run(first, "demo", "--if-empty", "--questionnaires", questionnaires)
    assert code == 0 and "demo loaded: 10 Cités" in out
    code, out, _ = run(first, "demo", "--if-empty", "--questionnaires", questionnaires)
    assert code == 0 and "demo not loaded" in out
    assert run(first, "backup", str(tmp_path / "one.jsonl"))[0] == 0
    assert run(second, "restore", str(tmp_path / "one.jsonl"))[0] == 0
    assert run(second, "backup", str(tmp_path / "two.jsonl"))[0] == 0
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    code, _, err = run(second, "restore", str(tmp_path / "one.jsonl"))
    assert code == 1 and "empty database" in err and "Traceback" not in err


def test_user_commands(run: Run, tmp_path: Path) -> None:
    code, out, _ = run(
        tmp_path,
        "user",
        "add",
        "claire",
        "--name",
        "Claire Fontaine",
        "--role",
        "authority",
        "--password-stdin",
        stdin="un-long-secret\n",
    )
    assert code == 0 and "account claire created (authority)" in out
    code, out, _ = run(tmp_path, "user", "list")
    assert code == 0 and "claire" in out and "Claire Fontaine" in out
    assert (
        run(tmp_path, "user", "passwd", "claire", "--password-stdin", stdin="autre-secret\n")[0]
        == 0
    )
    code, _, err = run(tmp_path, "user", "passwd", "claire", "--password-stdin", stdin="court\n")
    assert code == 1 and "between 8 and 256 characters" in err
    code, _, err = run(
        tmp_path,
        "user",
        "add",
        "luc",
        "--name",
        "Luc",
        "--role",
        "director",
        "--cite",
        "Nulle part",
        "--password-stdin",
        stdin="un-long-secret\n",
    )
    assert code == 1 and "No Cité named 'Nulle part'." in err


def test_demo_refuses_a_database_with_data(run: Run, tmp_path: Path) -> None:
    run(
        tmp_path,
        "user",
        "add",
        "admin2",
        "--name",
        "A",
        "--role",
        "admin",
        "--password-stdin",
        stdin="un-long-secret\n",
    )
    code, _, err = run(tmp_path, "demo", "--questionnaires", str(ROOT / "questionnaires"))
    assert code == 1 and "already holds data" in err


def test_restore_of_a_file_that_is_not_a_backup(run: Run, tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text("hello\n", encoding="utf-8")
    code, _, err = run(tmp_path / "data", "restore", str(tmp_path / "x.jsonl"))
    assert code == 1 and "Line 1: not a backup line" in err and "Traceback" not in err


def test_a_demo_load_cut_midway_leaves_an_empty_database_and_loads_again(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed `demo` left 7 Cités and no account, and `demo --if-empty` then refused to
    load: the database was not empty, and nobody could sign in. The load is one transaction."""
    questionnaires = str(ROOT / "questionnaires")

    def cut(*_args: object, **_kwargs: object) -> int:
        raise StorageUnavailable()  # the database went away after the answers were written

    with monkeypatch.context() as patched:
        patched.setattr(build, "_make_actions", cut)
        code, _, err = run(tmp_path, "demo", "--if-empty", "--questionnaires", questionnaires)
    assert code == 1 and "Traceback" not in err
    with session_scope(make_engine(get_settings().database_url)) as session:
        assert demo.is_empty(session)
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 0
    code, out, _ = run(tmp_path, "demo", "--if-empty", "--questionnaires", questionnaires)
    assert code == 0 and "demo loaded: 10 Cités, 16 accounts" in out


# --- restore refuses a broken file with a message, never a traceback -----------------------


@pytest.fixture
def small_backup(run: Run, tmp_path: Path) -> list[str]:
    """The lines of a real backup holding one Cité and one account (cut off its trailer)."""
    source = tmp_path / "source"
    run(source, "db", "upgrade")
    with session_scope(make_engine(get_settings().database_url)) as session:
        make_cite(session, "Cité des métiers de Namur", country="Belgique")
    code, _, _ = run(
        source,
        "user",
        "add",
        "anne",
        "--name",
        "Anne",
        "--role",
        "director",
        "--cite",
        "1",
        "--password-stdin",
        stdin="un-long-secret\n",
    )
    assert code == 0
    assert run(source, "backup", str(tmp_path / "small.jsonl"))[0] == 0
    lines = (tmp_path / "small.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert json.loads(lines[-1])["end"] is True
    return lines[:-1]


def signed(lines: list[str]) -> bytes:
    """Header and rows with a trailer that matches them (as `backup` writes it)."""
    counts = dict.fromkeys((m.__table__.name for m in TABLES), 0)  # type: ignore[attr-defined]
    for line in lines[1:]:
        counts[json.loads(line)["table"]] += 1
    body = "".join(lines).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()
    trailer = backup.seal(counts, digest, backup.signing_key())
    end = json.dumps(trailer, separators=(",", ":"))
    return body + end.encode("utf-8") + b"\n"


def _cite_row(lines: list[str], **changes: object) -> list[str]:
    """The lines with the Cité's row changed (its columns as a dict, or a value as given)."""
    out = []
    for line in lines:
        record = json.loads(line)
        if record.get("table") == "cite":
            record["row"] = changes.pop("row", None) or record["row"] | changes
            line = json.dumps(record, ensure_ascii=False) + "\n"
        out.append(line)
    return out


def _header(lines: list[str], **header: object) -> list[str]:
    return [json.dumps(header) + "\n", *lines[1:]]


BROKEN: dict[str, tuple[Callable[[list[str]], bytes], str]] = {
    "header without revision": (
        lambda ls: signed(_header(ls, format="cdm-quality-backup", version=2)),
        "not a cdm-quality backup",
    ),
    "binary bytes": (lambda ls: b"\x89PNG\r\n\x1a\n\x00\xff\xfe\n", "Line 1: not UTF-8 text"),
    "Latin-1 bytes": (
        lambda ls: signed(ls).replace(b"Namur", "Namür".encode("latin-1")),
        "Line 2: not UTF-8 text",
    ),
    "row as a list": (lambda ls: signed(_cite_row(ls, row=[1, "Namur"])), "is not a JSON object"),
    "unknown column": (lambda ls: signed(_cite_row(ls, nope=1)), "has no column “nope”"),
    "bad enum": (
        lambda ls: signed(_cite_row(ls, phase="galaxie")),
        "does not fit column “phase” of table “cite”",
    ),
    "bad date": (lambda ls: signed(_cite_row(ls, opened_on="2026-13-45")), "column “opened_on”"),
    "date as a number": (lambda ls: signed(_cite_row(ls, opened_on=20260101)), "20260101"),
    "cut at a line boundary": (lambda ls: "".join(ls).encode("utf-8"), "backup is incomplete"),
    "cut mid-line": (lambda ls: signed(ls)[:-40], "not a backup line"),
    "a row changed after the backup": (
        lambda ls: signed(ls).replace(b"Namur", b"Nimes"),
        "does not match its end line",
    ),
    "text after the end": (lambda ls: signed(ls) + ls[1].encode("utf-8"), "follows the backup"),
    "a broken link (IntegrityError)": (
        lambda ls: signed([line.replace('"cite_id":1', '"cite_id":77') for line in ls]),
        "The database refused rows of table",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_restore_of_a_broken_file_is_told_not_a_traceback(
    run: Run, tmp_path: Path, small_backup: list[str], case: str
) -> None:
    make, told = BROKEN[case]
    (tmp_path / "broken.jsonl").write_bytes(make(small_backup))
    code, out, err = run(tmp_path / "target", "restore", str(tmp_path / "broken.jsonl"))
    assert (code, out) == (1, "") and told in err, err
    assert "Traceback" not in err and "CDM_QUALITY_DATABASE_URL" not in err
    with make_engine(get_settings().database_url).connect() as connection:
        assert backup._is_empty(connection)  # nothing restored


def test_the_small_backup_itself_restores(
    run: Run, tmp_path: Path, small_backup: list[str]
) -> None:
    (tmp_path / "whole.jsonl").write_bytes(signed(small_backup))
    code, out, _ = run(tmp_path / "target", "restore", str(tmp_path / "whole.jsonl"))
    assert code == 0 and "restored 5 rows" in out  # Cité, phase, account, 2 audit events


@pytest.mark.parametrize("kind", ["link", "pipe"])
def test_backup_refuses_a_link_or_a_special_file(run: Run, tmp_path: Path, kind: str) -> None:
    """`backup` to a symbolic link replaced the link by a regular file; to a device it replaced
    the device. Both are refused, and left as they were."""
    data = tmp_path / "data"
    assert run(data, "db", "upgrade")[0] == 0
    target = tmp_path / "nightly.jsonl"
    if kind == "link":
        (tmp_path / "elsewhere").write_text("keep me\n")
        target.symlink_to(tmp_path / "elsewhere")
    else:
        os.mkfifo(target)
    code, out, err = run(data, "backup", str(target))
    assert (code, out) == (1, "") and "Traceback" not in err
    assert ("symbolic link" if kind == "link" else "not a regular file") in err
    assert target.is_symlink() if kind == "link" else stat.S_ISFIFO(target.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["data", "nightly.jsonl", *(["elsewhere"] if kind == "link" else [])]
    )


def test_restore_of_an_unsigned_backup_needs_the_option(
    run: Run, tmp_path: Path, small_backup: list[str]
) -> None:
    """A version 2 backup (a trailer without signature) is refused with a message naming the
    option, and restored with it."""
    body = "".join(small_backup).replace('"version":3', '"version":2', 1)
    trailer = json.loads(signed(small_backup).splitlines()[-1])
    trailer = {
        "end": True,
        "rows": trailer["rows"],
        "sha256": hashlib.sha256(body.encode()).hexdigest(),
    }
    (tmp_path / "old.jsonl").write_text(body + json.dumps(trailer) + "\n", encoding="utf-8")
    code, _, err = run(tmp_path / "target", "restore", str(tmp_path / "old.jsonl"))
    assert code == 1 and "--accept-unsigned" in err and "Traceback" not in err
    code, out, _ = run(
        tmp_path / "target", "restore", "--accept-unsigned", str(tmp_path / "old.jsonl")
    )
    assert code == 0 and "restored 5 rows" in out


def test_a_password_on_stdin_that_is_not_utf8_is_told(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = ("user", "add", "anne", "--name", "Anne", "--role", "admin", "--password-stdin")
    assert run(data, *args, stdin="un-long-secret\n")[0] == 0
    code, _, err = run(data, "user", "passwd", "anne", "--password-stdin", stdin=b"\xffsecret\n")
    assert code == 1 and "not UTF-8 text" in err and "Traceback" not in err


def test_user_add_sets_the_language_of_the_persons_emails(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"

    def add(login: str, *more: str) -> int:
        args = ("user", "add", login, "--name", login.title(), "--role", "authority", *more)
        return run(data, *args, "--password-stdin", stdin="un-long-secret\n")[0]

    assert add("rita", "--email", "rita@label.example", "--lang", "it") == 0
    assert add("bruno") == 0
    with session_scope(make_engine(get_settings().database_url)) as session:
        spoken = dict(session.exec(select(User.login, User.language)).all())
    assert spoken == {"rita": "it", "bruno": None}  # None: French, until they choose


# --- the account commands' bad input ------------------------------------------------------


@pytest.mark.parametrize("cite", ["²", "99999999999999999999", "-1", "١"])
def test_user_add_with_a_cite_that_is_no_id_is_told(run: Run, tmp_path: Path, cite: str) -> None:
    code, _, err = run(
        tmp_path,
        "user",
        "add",
        "luc",
        "--name",
        "Luc",
        "--role",
        "director",
        "--cite",
        cite,
        "--password-stdin",
        stdin="un-long-secret\n",
    )
    assert code == 1 and f"No Cité named {cite!r}." in err and "Traceback" not in err


@pytest.mark.parametrize("stdin", ["", "secret-sans-fin"])
def test_user_passwd_without_a_terminal_is_told(run: Run, tmp_path: Path, stdin: str) -> None:
    """getpass with no terminal read standard input and died of EOFError."""
    code, _, err = run(tmp_path, "user", "passwd", "anne", stdin=stdin)
    assert code == 1 and "No terminal to ask the password on" in err
    assert "--password-stdin" in err and "Traceback" not in err


def test_make_run_never_loads_the_demo_into_a_named_database(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's passwords are public: `make run` (`demo --if-empty`) started against a
    database named by CDM_QUALITY_DATABASE_URL says so and leaves it empty, and still lets the
    server start; `demo` asked on purpose needs `--named-database`."""
    named = tmp_path / "shared.db"
    questionnaires = str(ROOT / "questionnaires")

    def call(*args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("CDM_QUALITY_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setenv("CDM_QUALITY_DATABASE_URL", f"sqlite:///{named}")
        get_settings.cache_clear()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    assert call("db", "upgrade")[0] == 0
    code, out, err = call("demo", "--if-empty", "--questionnaires", questionnaires)
    assert code == 0 and "demo not loaded (its passwords are public)" in err
    code, _, err = call("demo", "--questionnaires", questionnaires)
    assert code == 1 and "--named-database" in err
    with session_scope(make_engine(f"sqlite:///{named}")) as session:
        assert demo.is_empty(session)
    code, out, _ = call("demo", "--named-database", "--questionnaires", questionnaires)
    assert code == 0 and "demo loaded: 10 Cités" in out
    get_settings.cache_clear()
