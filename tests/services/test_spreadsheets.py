"""Exports as a reader's spreadsheet opens them: answers as a person reads them, and CSV files
that LibreOffice (headless, `libreoffice-calc-nogui`) reads in the reader's locale with number
and date cells, checked by reading the converted workbook's cell types with openpyxl."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlmodel import Session

from cdm_quality.domain.loader import load_questionnaire
from cdm_quality.services import exports
from cdm_quality.services.network.follow_up import follow_up
from tests.databases import seeded
from tests.network import Network, build_network

MINIMAL = load_questionnaire(Path(__file__).resolve().parents[1] / "fixtures" / "minimal.yaml")
# LibreOffice's CSV import options: separator, quote ("), UTF-8, first line, no column
# formats, then the locale a double-click would use (Windows LCID: 1036 fr-FR, 2057 en-GB)
LOCALES = {"fr": 1036, "en": 2057}


@pytest.mark.parametrize(
    ("item_id", "value", "lang", "cell"),
    [
        ("accueil.sans_rdv", "exemplaire", "fr", "Exemplaire"),
        ("accueil.sans_rdv", "na", "en", "Not applicable"),
        ("accueil.referent", False, "fr", "Non"),
        ("accueil.poles", ["orientation", "emploi"], "fr", "S'orienter, Trouver un emploi"),
        ("accueil.mode", "mixte", "en", "Mixed"),
        ("chiffres.visites", 12500, "fr", 12500),
        ("chiffres.date", "2025-06-30", "fr", dt.date(2025, 6, 30)),
        ("chiffres.forces", ["Équipe", "Lieu central"], "fr", "Équipe; Lieu central"),
        ("chiffres.dossier", {"status": "pret", "text": "Voté"}, "fr", "Prêt — Voté"),
        ("chiffres.bilan", "  ", "fr", None),
        ("inconnu", ["a", "b"], "fr", "a; b"),  # an item the grid lacks: its value as text
    ],
)
def test_an_answer_is_one_cell_a_person_reads(
    item_id: str, value: object, lang: str, cell: object
) -> None:
    assert exports.answer_cell(MINIMAL, item_id, value, lang) == cell


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        pytest.skip(
            "LibreOffice is not installed (no soffice): apt-get install libreoffice-calc-nogui "
            "(.ci/run installs it)"
        )
    return found


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LibreOffice user profile for the module (its first start writes it)."""
    return tmp_path_factory.mktemp("libreoffice-profile")


def opened_by_libreoffice(data: bytes, lang: str, folder: Path, profile: Path) -> list[list[Any]]:
    """The cells LibreOffice reads from a CSV file in `lang`'s locale, as openpyxl sees them
    in the workbook LibreOffice saves: (value, data type) per cell."""
    source = folder / f"export-{lang}.csv"
    source.write_bytes(data)
    separator = ord(";") if b";" in data.splitlines()[0] else ord(",")
    subprocess.run(
        [
            _soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--infilter=Text - txt - csv (StarCalc):{separator},34,76,1,,{LOCALES[lang]}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = openpyxl.load_workbook(folder / f"export-{lang}.xlsx").active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def net(session: Session) -> Network:
    return seeded(session, build_network)


def test_a_french_follow_up_opens_in_columns_with_numbers_and_dates(
    session: Session, net: Network, tmp_path: Path, profile: Path
) -> None:
    table = exports.follow_up_table(follow_up(session, net.authority, campaign_id=net.new.id))
    cells = opened_by_libreoffice(exports.csv_bytes(table, "fr"), "fr", tmp_path, profile)
    header = [value for value, _ in cells[0]]
    assert header[: len(exports.FOLLOW_UP_COLUMNS)] == exports.headers(
        exports.FOLLOW_UP_COLUMNS, "fr"
    )
    rows = [dict(zip(exports.FOLLOW_UP_COLUMNS, row, strict=False)) for row in cells[1:]]
    porto = next(row for row in rows if row["cite"][0].endswith("Porto"))
    assert porto["progress_percent"] == (75, "n")
    assert porto["questionnaire_version"] == (3, "n")
    assert porto["state"] == ("Envoyé", "s") and porto["phase"] == ("Préfiguration", "s")
    submitted, kind = porto["submitted_at"]
    assert kind == "d" and isinstance(submitted, dt.datetime)
    assert submitted.date() == dt.datetime.now(dt.UTC).date()
    lyon = next(row for row in rows if row["cite"][0].endswith("Lyon"))
    assert lyon["progress_percent"] == (60, "n")  # 3 of 5: a number, not the text "60.0"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_answers_open_with_their_numbers_dates_and_lists(
    lang: str, tmp_path: Path, profile: Path
) -> None:
    """A decimal number, a date, a time and a list survive a double-click in each locale."""
    answers = {
        "chiffres.visites": 1234.5,
        "chiffres.date": "2025-06-30",
        "chiffres.forces": ["Équipe; soudée", "Lieu central"],
        "accueil.sans_rdv": "exemplaire",
    }
    saved = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    table = exports.Table(
        exports.headers(("item_id", "value", "saved_at"), lang),
        [
            (item_id, exports.answer_cell(MINIMAL, item_id, value, lang), saved)
            for item_id, value in answers.items()
        ],
    )
    cells = opened_by_libreoffice(exports.csv_bytes(table, lang), lang, tmp_path, profile)
    assert [len([c for c in row if c[0] is not None]) for row in cells] == [3] * 5
    values = {row[0][0]: row[1] for row in cells[1:]}
    assert values["chiffres.visites"] == (1234.5, "n")
    assert values["chiffres.date"] == (dt.datetime(2025, 6, 30), "d")
    assert values["chiffres.forces"] == ("Équipe; soudée; Lieu central", "s")
    level = {"fr": "Exemplaire", "en": "Exemplary"}[lang]
    assert values["accueil.sans_rdv"] == (level, "s")
    assert cells[1][2] == (dt.datetime(2025, 3, 14, 8, 30), "d")  # UTC
