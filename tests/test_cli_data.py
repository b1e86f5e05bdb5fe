"""`cdm-quality db|user|demo|backup|restore` on a fresh data directory, as `make run` and an
administrator use them: messages, exit codes, and a backup that round-trips identically."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from cdm_quality.cli import main
from cdm_quality.services import demo
from cdm_quality.services.errors import StorageUnavailable
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import make_engine, session_scope
from cdm_quality.storage.tables import AuditEvent

ROOT = Path(__file__).parents[1]
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Callable[..., tuple[int, str, str]]]:
    """run(data_dir, *args, stdin="") → (exit code, stdout, stderr)."""

    def call(data_dir: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setenv("CDM_QUALITY_DATA_DIR", str(data_dir))
        monkeypatch.delenv("CDM_QUALITY_DATABASE_URL", raising=False)
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
    assert code == 1 and "No Cité 'Nulle part'" in err


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
    assert code == 1 and "damaged" in err and "Traceback" not in err


def test_a_demo_load_cut_midway_leaves_an_empty_database_and_loads_again(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed `demo` left 7 Cités and no account, and `demo --if-empty` then refused to
    load: the database was not empty, and nobody could sign in. The load is one transaction."""
    questionnaires = str(ROOT / "questionnaires")

    def cut(*_args: object, **_kwargs: object) -> int:
        raise StorageUnavailable()  # the database went away after the answers were written

    with monkeypatch.context() as patched:
        patched.setattr(demo, "_make_actions", cut)
        code, _, err = run(tmp_path, "demo", "--if-empty", "--questionnaires", questionnaires)
    assert code == 1 and "Traceback" not in err
    with session_scope(make_engine(get_settings().database_url)) as session:
        assert demo.is_empty(session)
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 0
    code, out, _ = run(tmp_path, "demo", "--if-empty", "--questionnaires", questionnaires)
    assert code == 0 and "demo loaded: 10 Cités, 15 accounts" in out
