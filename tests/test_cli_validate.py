"""`cdm-quality validate`: exit codes and messages a person can act on, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdm_quality.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_valid_file_prints_one_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES / "minimal.yaml")]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "minimal v1, 2 sections, 10 items" in out[0]


def test_broken_files_exit_1_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(good.replace("scale: maturite\n", "scale: absente\n", 1))
    (tmp_path / "b.yaml").write_text("id: [unclosed\n")
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'a.yaml'}:28: [accueil.sans_rdv] the item uses the scale 'absente'" in err
    assert f"{tmp_path / 'b.yaml'}:2:" in err
    assert "Traceback" not in err


def test_empty_directory_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    assert "no questionnaire file" in capsys.readouterr().err
