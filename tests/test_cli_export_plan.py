"""`cdm-quality export-plan` on the demo database: the PDF's text (pypdf) holds every remark
of the synthesis and every action of the plan, accents intact; unknown names are explained."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from cdm_quality import demo
from cdm_quality.cli import main
from cdm_quality.cli.lookup import find_campaign, find_cite
from cdm_quality.services import plan
from cdm_quality.services.assessment import synthesis
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import make_engine
from tests.databases import upgraded_demo

ROOT = Path(__file__).parents[1]
CITE = demo.CITES[0].name  # Cité des métiers du Val-de-Loire: the demo's director
ACCENTS = set("éèàçêô’«»œ")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    upgraded_demo(make_engine(url)).dispose()
    return url


@pytest.fixture
def database(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CDM_QUALITY_DATABASE_URL", demo_url)
    get_settings.cache_clear()
    yield demo_url
    get_settings.cache_clear()


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(path).pages))


def expected(url: str, year: int, lang: str) -> tuple[list[str], list[str]]:
    """The remarks of the Cité's syntheses and the titles and descriptions of its actions."""
    engine = make_engine(url)
    with Session(engine) as session:
        cite = find_cite(session, CITE)
        campaign = find_campaign(session, str(year))
        found = synthesis.cite_synthesis(
            session, SYSTEM, cite_id=cite.id, campaign_id=campaign.id, lang=lang
        )
        actions = plan.list_actions(session, SYSTEM, cite_id=cite.id, campaign_id=campaign.id)
    engine.dispose()
    remarks = [r.remark for g in found.grids for r in g.synthesis.rows if r.remark]
    texts = [t for a in actions for t in (a.action.title, a.action.description) if t]
    return remarks, texts


@pytest.mark.parametrize(
    ("campaign", "year", "lang"), [("Autoévaluation 2025", 2025, "fr"), ("2026", 2026, "en")]
)
def test_export_plan_writes_remarks_and_actions_with_accents(
    database: str, tmp_path: Path, campaign: str, year: int, lang: str, capsys
) -> None:
    out = tmp_path / "plan.pdf"
    code = main(
        ["export-plan", "--cite", CITE, "--campaign", campaign, "--out", str(out), "--lang", lang]
    )
    assert code == 0, capsys.readouterr().err
    assert f"wrote {out}" in capsys.readouterr().out
    text = pdf_text(out)
    remarks, actions = expected(database, year, lang)
    assert remarks and actions
    for wanted in remarks + actions:
        assert flat(wanted) in text
    assert len(ACCENTS & set("".join(remarks + actions))) >= 4  # the check covers accents
    assert ("Plan d’amélioration" if lang == "fr" else "Improvement plan") in text


def test_unknown_cite_is_explained_and_nothing_written(
    database: str, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "plan.pdf"
    code = main(
        [
            "export-plan",
            "--cite",
            "Cité des metiers du Val de Loire",
            "--campaign",
            "2026",
            "--out",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert "No Cité named 'Cité des metiers du Val de Loire'." in err
    assert f"Did you mean '{CITE}'" in err
    assert "Traceback" not in err


def test_unknown_campaign_lists_the_campaigns(database: str, tmp_path: Path, capsys) -> None:
    code = main(["export-plan", "--cite", CITE, "--campaign", "2031", "--out", str(tmp_path / "p")])
    err = capsys.readouterr().err
    assert code == 1
    assert "No campaign named '2031'. Campaigns: 'Autoévaluation 2026'" in err


def test_export_plan_can_leave_out_the_annex(database: str, tmp_path: Path, capsys) -> None:
    paths = {}
    for name, extra in (("with", []), ("without", ["--no-annex"])):
        paths[name] = tmp_path / f"{name}.pdf"
        args = ["export-plan", "--cite", CITE, "--campaign", "2025", "--out", str(paths[name])]
        assert main([*args, *extra]) == 0, capsys.readouterr().err
    assert "Annexe — toutes les réponses" in pdf_text(paths["with"])
    without = pdf_text(paths["without"])
    assert "Annexe" not in without and "Synthèse d’ensemble" in without


def test_export_dossier_takes_a_unique_part_of_the_name(
    database: str, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "dossier.pdf"
    code = main(["export-dossier", "--cite", "namur", "--campaign", "2026", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "Cité des métiers de Namur" in capsys.readouterr().out
    text = pdf_text(out)
    assert "Dossier de labellisation" in text and "Préfiguration" in text
    assert "7.4 Respect de la Charte" in text and "8.4 " not in text  # préfiguration


def test_export_dossier_in_english_with_the_annex(database: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "file.pdf"
    args = ["--campaign", "2026", "--out", str(out), "--lang", "en"]
    assert main(["export-dossier", "--cite", "Val-de-Loire", *args]) == 0
    text = pdf_text(out)
    assert "Labelling file" in text and "8.1.2 Improvement plan" in text
    assert "Annex — attachments" in text and "Plan des locaux.png" in text
    assert len(PdfReader(out).attachments) == 4  # the demo's four files, embedded


def test_export_dossier_hand_in_copy_names_what_is_empty_first(
    database: str, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "remise.pdf"
    args = ["--campaign", "2026", "--out", str(out), "--copy", "hand-in"]
    assert main(["export-dossier", "--cite", "namur", *args]) == 0
    err = capsys.readouterr().err
    empty = [line for line in err.splitlines() if line.startswith("still empty: ")]
    assert empty and all(re.match(r"still empty: \d\.\d", line) for line in empty)
    text = pdf_text(out)
    assert "Sommaire" in text and "Profondeur attendue" not in text and "État :" not in text


def test_a_part_of_several_names_lists_them(database: str, tmp_path: Path, capsys) -> None:
    code = main(
        ["export-dossier", "--cite", "Cité", "--campaign", "2026", "--out", str(tmp_path / "x")]
    )
    err = capsys.readouterr().err
    assert code == 1 and "'Cité' names 10 Cités: " in err and "'Cité des métiers de Namur'" in err
    assert "Give more of the name." in err and "Traceback" not in err
