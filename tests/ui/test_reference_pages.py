"""The read-only pages: the four questionnaires, the labelling-file plan, broken files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdm_quality.domain.questionnaire import Phase
from cdm_quality.settings import get_settings
from cdm_quality.ui import catalogue
from cdm_quality.ui.selection import widget_key_of
from tests.ui.conftest import goto, no_exception, open_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_questionnaires_page_lists_the_four_grids() -> None:
    at = goto(open_app(), "questionnaires")
    no_exception(at)
    ids = at.selectbox(key=widget_key_of("questionnaires.chosen", "fr")).options
    assert len(ids) == 4
    assert not at.error


@pytest.mark.parametrize("qid", ["charte", "qualite", "cdm21", "dossier"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_questionnaire_shows_its_sections_and_items(qid: str, lang: str) -> None:
    at = goto(open_app(lang=lang), "questionnaires")
    questionnaire = catalogue.catalogue().questionnaires[qid]
    at.selectbox(key=widget_key_of("questionnaires.chosen", lang)).set_value(qid).run()
    no_exception(at)
    labels = [e.label for e in at.expander]
    assert len(labels) == len(questionnaire.sections) + (1 if questionnaire.scales else 0)
    shown = " ".join(m.value for m in at.markdown)
    first = questionnaire.sections[0].items[0]
    assert first.text(lang).split()[0] in shown
    assert first.id not in shown.replace("\\", "")  # no internal id under a question


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_criterion_shows_the_document_and_passage_it_comes_from(lang: str) -> None:
    at = goto(open_app(lang=lang), "questionnaires")
    at.selectbox(key=widget_key_of("questionnaires.chosen", lang)).set_value("charte").run()
    no_exception(at)
    captions = [c.value.replace("\\", "") for c in at.caption]
    first = catalogue.catalogue().questionnaires["charte"].sections[0].items[0]
    assert first.source is not None
    document = {"fr": "Charte des Cités des métiers", "en": "Cités des métiers Charter"}[lang]
    label = {"fr": "Source : ", "en": "Source: "}[lang]
    assert f"{label}{document} — {first.source.passage(lang)}" in captions
    sourced = [c for c in captions if c.startswith(label)]
    assert len(sourced) == len(catalogue.catalogue().questionnaires["charte"].items())


def test_phase_filter_hides_items_of_other_phases() -> None:
    at = goto(open_app(lang="en"), "questionnaires")
    at.selectbox(key=widget_key_of("questionnaires.chosen", "en")).set_value("dossier").run()
    all_sections = len(at.expander)
    at.selectbox(key=widget_key_of("questionnaires.phase", "en")).set_value(Phase.projet).run()
    no_exception(at)
    assert len(at.expander) < all_sections  # sections 7 and 8 are not asked in projet


def test_dossier_plan_is_a_table_by_phase() -> None:
    at = goto(open_app(lang="en"), "dossier")
    no_exception(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Item", "Title", "Project", "Pilot", "In operation"]
    row = table[table["Item"] == "7.1"].iloc[0]
    assert row["Project"] == ""
    assert row["In operation"] != ""


def test_language_switch_changes_the_interface() -> None:
    at = goto(open_app(), "dossier")
    assert at.title[0].value == "Plan du dossier de labellisation"
    at.sidebar.radio[0].set_value("en").run()
    assert at.title[0].value == "Labelling-file plan"
    assert at.session_state["lang"] == "en"


@pytest.fixture
def questionnaires_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty folder the app reads its questionnaires from (CDM_QUALITY_QUESTIONNAIRES_DIR)."""
    monkeypatch.setenv("CDM_QUALITY_QUESTIONNAIRES_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_broken_file_shows_catalogue_messages_not_a_traceback(questionnaires_dir: Path) -> None:
    tmp_path = questionnaires_dir
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "minimal.yaml")
    (tmp_path / "broken.yaml").write_text("id: broken\nversion: 1\nsections: [\n")
    at = goto(open_app(), "questionnaires")
    no_exception(at)
    assert len(at.error) == 1
    message = at.error[0].value.replace("\\", "")  # shown escaped, as plain text
    assert "broken.yaml" in message
    assert "YAML syntax error" in message
    assert at.selectbox(key=widget_key_of("questionnaires.chosen", "fr")).options == [
        "Grille minimale"
    ]


def test_no_valid_file_says_so(questionnaires_dir: Path) -> None:
    at = goto(open_app(), "questionnaires")
    no_exception(at)
    assert at.info
