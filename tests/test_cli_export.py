"""`cdm-quality export-answers` / `export-follow-up` on the hand-computed network: the files
hold one row per answer (or per Cité × questionnaire), filters apply, names are explained."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import Session

from cdm_quality.cli import main
from cdm_quality.settings import get_settings
from cdm_quality.storage import migrations
from cdm_quality.storage.engine import make_engine
from tests.network import ANSWERS_2025, ANSWERS_2026, CITES, build_network


@pytest.fixture(scope="module")
def network_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('network') / 'network.db'}"
    engine = make_engine(url)
    migrations.upgrade(engine)
    with Session(engine) as session:
        build_network(session)
    engine.dispose()
    return url


@pytest.fixture
def database(network_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CDM_QUALITY_DATABASE_URL", network_url)
    get_settings.cache_clear()
    yield network_url
    get_settings.cache_clear()


def read_csv(path: Path, delimiter: str = ";") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file, delimiter=delimiter))


def test_every_answer_of_every_campaign(database: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "answers.csv"
    assert main(["export-answers", "--out", str(out)]) == 0
    total = sum(len(v) for v in [*ANSWERS_2025.values(), *ANSWERS_2026.values()])
    assert len(read_csv(out)) == total
    assert f"{total} rows" in capsys.readouterr().out


def test_one_campaign_filtered_as_xlsx(database: str, tmp_path: Path) -> None:
    out = tmp_path / "answers.xlsx"
    assert (
        main(["export-answers", "--campaign", "2026", "--country", "Belgique", "--out", str(out)])
        == 0
    )
    workbook = openpyxl.load_workbook(out)
    assert workbook.properties.title == "Réponses"
    rows = list(workbook["Réponses"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Année de la campagne", "Campagne", "N° de la Cité", "Cité")
    assert len(rows) - 1 == len(ANSWERS_2026["Namur"])


def test_follow_up_of_a_campaign(database: str, tmp_path: Path) -> None:
    out = tmp_path / "follow-up.csv"
    assert (
        main(["export-follow-up", "--campaign", "2026", "--phase", "projet", "--out", str(out)])
        == 0
    )
    rows = read_csv(out)
    assert {r["Cité"].split()[-1] for r in rows} == {
        name for name, (_, phase) in CITES.items() if phase == "projet"
    }
    assert {r["Phase"] for r in rows} == {"Projet"}


def test_an_english_reader_gets_english_words_and_commas(database: str, tmp_path: Path) -> None:
    out = tmp_path / "follow-up.csv"
    command = ["export-follow-up", "--campaign", "2026", "--lang", "en", "--out", str(out)]
    assert main(command) == 0
    rows = read_csv(out, delimiter=",")
    porto = next(r for r in rows if r["Cité"].endswith("Porto"))
    assert (porto["State"], porto["Progress (%)"]) == ("Submitted", "75")


def test_an_unknown_campaign_is_explained(database: str, tmp_path: Path, capsys) -> None:
    assert main(["export-follow-up", "--campaign", "1999", "--out", str(tmp_path / "x.csv")]) == 1
    assert "No campaign named '1999'" in capsys.readouterr().err


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A file somebody cares about, and a symbolic link to it where an export is asked."""
    (tmp_path / "precious.txt").write_text("keep me\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "precious.txt")
    return tmp_path


EXPORTS = {
    "answers-csv": ["export-answers"],
    "follow-up-xlsx": ["export-follow-up", "--campaign", "2026", "--format", "xlsx"],
    "plan": ["export-plan", "--cite", "Namur", "--campaign", "2026"],
    "dossier": ["export-dossier", "--cite", "Namur", "--campaign", "2026"],
}


@pytest.mark.parametrize("command", sorted(EXPORTS))
@pytest.mark.parametrize("target", ["link.csv", "/dev/null"])
def test_an_export_refuses_a_link_or_a_device(
    database: str, planted: Path, capsys, command: str, target: str
) -> None:
    """Every export writes a regular file or a new path: a symbolic link is not followed (the
    file it points to stays as it was), a device is not written."""
    out = planted / target
    assert main([*EXPORTS[command], "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert ("symbolic link" if target == "link.csv" else "not a regular file") in err
    assert "Traceback" not in err
    assert (planted / "precious.txt").read_text() == "keep me\n"
    assert out.is_symlink() or out.is_char_device()


def test_a_country_that_is_not_utf8_is_told(database: str, tmp_path: Path, capsys) -> None:
    """`--country $'\\xff'`: the shell passes a byte that is not UTF-8 (a lone surrogate)."""
    out = tmp_path / "x.csv"
    assert (
        main(["export-follow-up", "--campaign", "2026", "--country", "\udcff", "--out", str(out)])
        == 2
    )
    err = capsys.readouterr().err
    assert "is not UTF-8 text" in err and "Traceback" not in err
    assert not out.exists()
