"""The labelling-file plan (`questionnaires/dossier.yaml`) against the table of seed 003."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cdm_quality.domain.loader import load_questionnaire
from cdm_quality.domain.questionnaire import PHASES, ItemKind, Phase, Questionnaire
from cdm_quality.services.labelling.dossier import (
    dossier_matrix,
    render_csv,
    render_markdown,
)

DOSSIER_PATH = Path(__file__).resolve().parent.parent / "questionnaires" / "dossier.yaml"

# Seed 003, "Plan du dossier applicable aux trois phases de labellisation", copied by hand:
# item -> level asked in (projet, prefiguration, fonctionnement); "" = empty cell.
SEED_TABLE: dict[str, tuple[str, str, str]] = {
    "1.1": ("approfondir", "actualiser", "actualiser"),
    "1.2": ("approfondir", "actualiser", "actualiser"),
    "1.3": ("approfondir", "actualiser", "actualiser"),
    "2.1": ("approfondir", "actualiser", "actualiser"),
    "2.2": ("approfondir", "approfondir", "approfondir"),
    "2.3": ("approfondir", "approfondir", "approfondir"),
    "3.1": ("signaler", "approfondir", "actualiser"),
    "3.2": ("signaler", "approfondir", "actualiser"),
    "3.3": ("signaler", "approfondir", "actualiser"),
    "3.4": ("signaler", "approfondir", "actualiser"),
    "4.1": ("signaler", "approfondir", "actualiser"),
    "4.2": ("signaler", "approfondir", "actualiser"),
    "4.3": ("signaler", "approfondir", "actualiser"),
    "4.4": ("signaler", "approfondir", "approfondir"),
    "4.5": ("signaler", "approfondir", "actualiser"),
    "4.6": ("signaler", "signaler", "approfondir"),
    "5.1": ("signaler", "approfondir", "actualiser"),
    "5.2": ("", "approfondir", "actualiser"),
    "5.3": ("signaler", "approfondir", "approfondir"),
    "6.1": ("signaler", "approfondir", "actualiser"),
    "6.2": ("signaler", "approfondir", "actualiser"),
    "7.1": ("", "signaler", "approfondir"),
    "7.2": ("", "signaler", "approfondir"),
    "7.3": ("", "signaler", "approfondir"),
    "7.4": ("", "signaler", "approfondir"),
    "8.1": ("", "", "approfondir"),
    "8.2": ("", "", "approfondir"),
    "8.3": ("", "", "approfondir"),
    "8.4": ("", "", "approfondir"),
}


# Seed 003, second table: the items the seed details in sub-items of their own. Each sub-item
# is asked at its parent's level.
SUB_ITEMS: dict[str, list[str]] = {
    "1.2": ["1.2.1", "1.2.2", "1.2.3", "1.2.4"],
    "3.1": ["3.1.1", "3.1.2", "3.1.3"],
    "4.2": ["4.2.1", "4.2.2", "4.2.3"],
    "8.1": ["8.1.1", "8.1.2"],
}
PLAN: list[str] = [n for number in SEED_TABLE for n in SUB_ITEMS.get(number, [number])]


def seed_row(number: str) -> str:
    """The seed table's row of an item: itself, or the parent of a sub-item."""
    return ".".join(number.split(".")[:2])


@pytest.fixture(scope="module")
def dossier() -> Questionnaire:
    return load_questionnaire(DOSSIER_PATH)


@pytest.fixture(scope="module")
def matrix(dossier: Questionnaire) -> dict[str, dict[Phase, str]]:
    return {row.item: row.levels for row in dossier_matrix(dossier)}


def test_one_item_per_seed_row_or_sub_item_in_seed_order(dossier: Questionnaire) -> None:
    assert [item.dossier for item in dossier.items()] == PLAN
    assert len(PLAN) == 37


@pytest.mark.parametrize("number", PLAN)
@pytest.mark.parametrize("phase", PHASES, ids=str)
def test_level_matches_seed(matrix: dict[str, dict[Phase, str]], number: str, phase: Phase) -> None:
    assert matrix[number][phase] == SEED_TABLE[seed_row(number)][PHASES.index(phase)]


def test_each_item_is_asked_exactly_in_the_phases_it_has_a_level_for(
    dossier: Questionnaire,
) -> None:
    for item in dossier.items():
        assert item.phases is not None, item.id
        assert list(item.phases) == list(item.phase_levels or {}), item.id
        for phase in PHASES:
            asked = item.applies_to(phase) and dossier.section_of(item.id).applies_to(phase)
            assert asked == (phase in (item.phase_levels or {})), (item.id, phase)


def test_sections_follow_the_dossier_numbering(dossier: Questionnaire) -> None:
    assert [s.dossier for s in dossier.sections] == [str(n) for n in range(1, 9)]
    for section in dossier.sections:
        assert all(item.dossier.split(".")[0] == section.dossier for item in section.items)
    phases = {s.dossier: s.phases for s in dossier.sections}
    assert phases["7"] == [Phase.prefiguration, Phase.fonctionnement]
    assert phases["8"] == [Phase.fonctionnement]
    assert all(phases[str(n)] is None for n in range(1, 7))


def test_items_are_unscored_progress_statuses(dossier: Questionnaire) -> None:
    scale = dossier.scale("avancement")
    assert [(lvl.id, lvl.value) for lvl in scale.levels] == [
        ("a_faire", 0),
        ("brouillon", 1),
        ("pret", 2),
        ("inchange", 2),
    ]
    for item in dossier.items():
        assert item.kind in (ItemKind.status_text, ItemKind.table), item.id
        assert (item.scale, item.weight) == ("avancement", 0)
        assert item.help is not None, item.id


def test_governance_asks_its_five_questions_in_both_languages(dossier: Questionnaire) -> None:
    item = next(i for i in dossier.items() if i.dossier == "4.4")
    for text in (item.help.fr, item.help.en):
        assert all(f"({n})" in text for n in range(1, 6)), text


def test_every_labelling_file_reference_of_the_grids_is_an_item_of_the_plan() -> None:
    from cdm_quality.domain.checks import dossier_numbers
    from cdm_quality.domain.loader import load_directory

    grids = load_directory(DOSSIER_PATH.parent)
    known = dossier_numbers(grids["dossier"])
    for grid in grids.values():
        for number in [s.dossier for s in grid.sections] + [i.dossier for i in grid.items()]:
            assert number is None or number in known, (grid.id, number)


def test_csv_header_and_rows(dossier: Questionnaire) -> None:
    lines = render_csv(dossier_matrix(dossier)).splitlines()
    assert lines[0] == "item,title,projet,prefiguration,fonctionnement"
    assert "5.2,Aménagement des locaux,,approfondir,actualiser" in lines
    assert len(lines) == 1 + len(PLAN)


def test_english_titles(dossier: Questionnaire) -> None:
    rows = {row.item: row.title for row in dossier_matrix(dossier, lang="en")}
    assert rows["8.1.2"] == "Improvement plan: actions and schedule"


def test_markdown_table(dossier: Questionnaire) -> None:
    lines = render_markdown(dossier_matrix(dossier)).splitlines()
    assert lines[0] == "| item | title | projet | prefiguration | fonctionnement |"
    assert lines[1] == "| --- | --- | --- | --- | --- |"
    assert "| 8.4 | Rapport d’activité de la Cité des métiers |  |  | approfondir |" in lines
    assert len(lines) == 2 + len(PLAN)


def _run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    from cdm_quality.cli import main

    try:
        code = main(args)
    except SystemExit as exit_:
        code = exit_.code
    assert code in (0, None)
    return capsys.readouterr().out


def test_cli_writes_the_matrix_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run_cli(["dossier-matrix", "--format", "csv", "--path", str(DOSSIER_PATH)], capsys)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["item", "title", "projet", "prefiguration", "fonctionnement"]
    assert [row[0] for row in rows[1:]] == PLAN
    assert {row[0]: tuple(row[2:]) for row in rows[1:]} == {
        number: SEED_TABLE[seed_row(number)] for number in PLAN
    }


def test_cli_defaults_to_markdown_in_french(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DOSSIER_PATH.parent.parent)
    out = _run_cli(["dossier-matrix"], capsys)
    assert out.startswith("| item | title |")
    assert "| 4.6 | Le plan de communication | signaler | signaler | approfondir |" in out


def test_cli_english_titles(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run_cli(["dossier-matrix", "--lang", "en", "--path", str(DOSSIER_PATH)], capsys)
    assert "| 4.6 | Communication plan | signaler | signaler | approfondir |" in out


# Quality criteria that repeated a charter item: answered once, in the charter grid.
MERGED_INTO_CHARTER = {
    "collectif.coproduction": "modes.coproduction",
    "partenariat.poles": "poles.partenaires",
    "charte.appropriation": "reseau.charte_connue",
    "partenariat.reseau": "reseau.mutualisation",
    "accueil.orientation": "poles.accueil",
    "documentation.libre_service": "modes.documentation",
    "collectif.programmation": "modes.evenements",
}


def test_quality_criteria_repeating_a_charter_item_are_asked_once() -> None:
    from cdm_quality.domain.loader import load_directory

    grids = load_directory(DOSSIER_PATH.parent)
    for quality_id, charter_id in MERGED_INTO_CHARTER.items():
        assert grids["qualite"].item(quality_id) is None, quality_id
        assert grids["charte"].item(charter_id).scored, charter_id
    walk_in = grids["qualite"].item("accueil.attente").text.en
    assert "appointment" not in walk_in  # the charter's liberte.sans_rendez_vous asks that
    # exchange of practice between professionals: question 3 of item 4.4, asked there only
    assert grids["qualite"].item("gouvernance.echange_pratiques").scored
    assert grids["charte"].item("travail.echange_pratiques") is None


def test_one_apostrophe_style_in_every_grid() -> None:
    for path in DOSSIER_PATH.parent.glob("*.yaml"):
        assert "'" not in path.read_text(encoding="utf-8"), path.name


def test_a_text_unchanged_twice_keeps_the_date_it_was_written() -> None:
    import datetime as dt

    from cdm_quality.domain.answers import carried_forward

    first = carried_forward({"status": "pret", "text": "Texte 2024"}, dt.date(2024, 5, 2))
    again = carried_forward(first, dt.date(2025, 4, 30))
    assert again == {"status": "inchange", "text": "Texte 2024", "since": "2024-05-02"}
    assert carried_forward({"status": "brouillon", "text": "  "}, dt.date(2025, 1, 1)) is None


def test_an_unchanged_answer_is_a_valid_status_text(dossier: Questionnaire) -> None:
    from cdm_quality.domain.answers import AnswerError, validate_value

    item = dossier.item("contexte.porteur")
    value = {"status": "inchange", "text": "T", "since": "2024-05-02"}
    assert validate_value(dossier, item, value) == value
    with pytest.raises(AnswerError):
        validate_value(dossier, item, value | {"since": "le 2 mai"})
