"""`cdm-quality validate`: exit codes and messages a person can act on, never a traceback."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from cdm_quality.cli import main
from cdm_quality.domain.messages import Problem

FIXTURES = Path(__file__).parent / "fixtures"


def test_valid_file_prints_one_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES / "minimal.yaml")]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "minimal v1, 2 sections, 11 items" in out[0]


def test_broken_files_exit_1_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(good.replace("scale: maturite\n", "scale: absente\n", 1))
    (tmp_path / "b.yaml").write_text("id: [unclosed\n")
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    line = 1 + next(n for n, text in enumerate(good.splitlines()) if "scale: maturite" in text)
    where = f"{tmp_path / 'a.yaml'}:{line}:"
    assert f"{where} [accueil.sans_rdv] the item uses the scale 'absente'" in err
    assert f"{tmp_path / 'b.yaml'}:2:" in err
    assert "Traceback" not in err


def test_empty_directory_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    assert "no questionnaire file" in capsys.readouterr().err


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "waiting.yaml"
    os.mkfifo(fifo)
    return fifo


def _fifo_in_directory(tmp_path: Path) -> Path:
    _fifo(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_fifo, "a named pipe"),
        (_fifo_in_directory, "a named pipe"),
        (lambda _: Path("/dev/zero"), "a character device"),
    ],
    ids=["fifo", "fifo-in-directory", "dev-zero"],
)
def test_a_file_that_is_not_regular_is_refused_without_waiting(
    tmp_path: Path, make: Callable[[Path], Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A named pipe called *.yaml made validate wait for ever; /dev/zero was '0 bytes'."""
    given = make(tmp_path)
    outcome: list[int] = []
    worker = threading.Thread(target=lambda: outcome.append(main(["validate", str(given)])))
    worker.daemon = True  # before the fix it never returns: do not keep the test run alive
    worker.start()
    worker.join(timeout=30)
    assert outcome == [1], "validate did not return"
    err = capsys.readouterr().err
    expected = Problem("not_regular_file", "", params={"kind": kind}).what
    assert expected in err and ("waiting.yaml" in err or "/dev/zero" in err)
    assert "Traceback" not in err
