"""One list of languages (`domain.languages`, read from `cdm_quality/locale/languages.txt`)
drives every text, format and choice of language: no module names a language, a language
added by its catalogue and its line in the list is picked up everywhere, and the shipped
questionnaires are written in every language (the test lists what is missing)."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from cdm_quality.cli import build_parser
from cdm_quality.cli.language import message_lang
from cdm_quality.domain import formats, labels, languages, mail_texts, texts
from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import Text
from cdm_quality.domain.synthesis import build_synthesis
from cdm_quality.reports.pdf import PlanReport, build_plan_pdf
from cdm_quality.services.labelling.dossier import dossier_matrix
from tests.plan_factories import FIXED_REMARKS, FIXED_VALUES, minimal, sample_actions
from tests.ui.conftest import web_app

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "cdm_quality" / "domain" / "languages.py"
QUESTIONNAIRES = ROOT / "questionnaires"


def _constants(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_module_names_a_language() -> None:
    """A language's code, locale or name written in the code would be a second list: only the
    registry names one (French, the reference)."""
    named = {
        word
        for language in languages.languages()
        for word in (language.code, language.locale, language.name)
    }
    sources = [*(ROOT / "cdm_quality").rglob("*.py"), ROOT / "app.py"]
    found = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in sources
        if path != REGISTRY
        for line, value in _constants(path)
        if value in named
    ]
    assert not found, "use domain.languages instead of naming a language"


def test_french_is_the_reference_and_listed_first() -> None:
    assert languages.codes()[0] == languages.REFERENCE == "fr"
    assert languages.language("fr").name == "Français"
    assert {"fr", "en"} <= set(languages.codes())


def test_a_language_is_named_in_the_readers_language() -> None:
    assert languages.name_in("pt", "it") == "portoghese"
    assert languages.name_in("it", "en") == "Italian"
    assert languages.name_in("fr", "pt") == "francês"


def test_the_browsers_preference_picks_a_language() -> None:
    assert languages.best("en-GB,en;q=0.9,fr;q=0.8") == "en"
    assert languages.best("de-CH,de;q=0.9,en;q=0.5,fr;q=0.7") == "fr"
    assert languages.best("en_US.UTF-8") == "en" and languages.best("C.UTF-8") == "fr"
    assert languages.best("xx") == languages.best(None) == languages.best("") == "fr"


def test_a_text_falls_back_to_french_and_says_what_it_lacks() -> None:
    only_french = Text(fr="Accueil")
    assert only_french("en") == "Accueil"
    assert only_french.missing() == tuple(languages.codes()[1:])
    assert Text(fr="Accueil", en="Reception")("en") == "Reception"


def test_every_questionnaire_text_is_written_in_every_language() -> None:
    """Lists, per language, the texts of the shipped grids that would show in French."""
    missing: dict[str, list[str]] = {}
    for qid, questionnaire in load_directory(QUESTIONNAIRES).items():
        for where, text in _texts(questionnaire.model_dump(), qid):
            for lang in Text.model_validate(text).missing():
                missing.setdefault(lang, []).append(where)
    assert not missing, {lang: (len(where), where[:20]) for lang, where in missing.items()}


def test_every_questionnaire_text_keeps_the_placeholders_of_its_french() -> None:
    """A `{name}` of a grid's French text is in each of its languages, and no other."""
    differ = [
        f"{where} ({lang})"
        for questionnaire in load_directory(QUESTIONNAIRES).values()
        for where, text in _texts(questionnaire.model_dump(), questionnaire.id)
        for lang, worded in text.items()
        if _placeholders(worded) != _placeholders(text[languages.REFERENCE])
    ]
    assert not differ, differ
    assert _placeholders("Voir {item} ({count})") == {"item", "count"}


def test_the_shipped_grids_read_in_each_language() -> None:
    grids = load_directory(QUESTIONNAIRES)
    titles = {lang: grids["qualite"].title(lang) for lang in languages.codes()}
    assert titles["it"] == "Griglia qualità delle Città dei mestieri"
    assert titles["pt"] == "Grelha de qualidade das Cidades das Profissões"
    assert len(set(titles.values())) == len(titles)  # none shows another language's text


def _placeholders(worded: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(worded) if name}


def _texts(node: object, where: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Every text (a mapping holding the reference language) of a dumped questionnaire."""
    if isinstance(node, dict):
        if isinstance(node.get(languages.REFERENCE), str):
            yield where, node
            return
        name = f"{where}/{node['id']}" if isinstance(node.get("id"), str) else where
        for key, value in node.items():
            yield from _texts(value, f"{name}.{key}")
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value, where)


# --- a language added by its catalogue alone -------------------------------------------------

GERMAN = {
    "app.title": "Qualität der Cités des métiers",
    "login.title": "Anmelden",
    "app.language": "Sprache",
    "pdf.title": "Qualitätsverbesserungsplan",
    "label.phase.fonctionnement": "In Betrieb",
    "login.submit": "",  # not translated yet: shown in French
}


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A catalogue folder holding the shipped languages and German, a language the product
    does not ship: its catalogue is the English one, a few messages in German, and its line
    in the list."""
    for code in languages.codes():
        (tmp_path / code).symlink_to(languages.po_file(code).parents[1])
    listed = (languages.LOCALE_DIR / languages.LIST_FILE).read_text(encoding="utf-8")
    (tmp_path / languages.LIST_FILE).write_text(f"{listed}de\n", encoding="utf-8")
    po = languages.po_file("en").read_text(encoding="utf-8")
    po = po.replace('"Language: en_GB\\n"', '"Language: de_DE\\n"')
    for key, word in GERMAN.items():
        po, count = re.subn(rf'(msgid "{re.escape(key)}"\nmsgstr )".*"', rf'\1"{word}"', po)
        assert count == 1, key
    target = tmp_path / "de" / "LC_MESSAGES" / "cdm_quality.po"
    target.parent.mkdir(parents=True)
    target.write_text(po, encoding="utf-8")
    monkeypatch.setattr(languages, "LOCALE_DIR", tmp_path)
    _forget()
    yield "de"
    monkeypatch.undo()
    _forget()


def _forget() -> None:
    for cached in (languages.languages, texts.catalogue, labels._worded):
        cached.cache_clear()


def test_a_catalogue_adds_its_language_to_texts_and_formats(german: str) -> None:
    assert languages.codes()[0] == "fr" and german in languages.codes()
    assert languages.language(german) == languages.Language("de", "Deutsch", "de_DE")
    assert texts.text("pdf.title", german) == "Qualitätsverbesserungsplan"
    assert texts.text("login.submit", german) == texts.text("login.submit", "fr")
    assert labels.label(labels.PHASE, "fonctionnement", german) == "In Betrieb"
    assert Text(fr="Accueil", de="Empfang")(german) == "Empfang"
    assert formats.number(1234.5, german) == "1.234,5"
    assert formats.month_abbreviations(german)[2] == "März"
    english = texts.text("mail.remind.intro", "en")  # the German catalogue's, untranslated
    assert mail_texts.recipient_lang(german) == german  # an account that chose German
    assert mail_texts.mail_text("remind.intro", german) == english


def test_a_catalogue_adds_its_language_to_the_sign_in_form(german: str) -> None:
    with TestClient(web_app(), base_url="http://testserver") as client:
        page = client.get("/signin", headers={"accept-language": "de-CH,de;q=0.9"}).text
        assert '<html lang="de">' in page and "Anmelden" in page
        french = client.get("/signin?lang=fr").text
    assert 'hreflang="de" lang="de">Deutsch</a>' in french


def _switch() -> None:  # an AppTest script: the sidebar's choice of language
    import streamlit as st

    from cdm_quality.ui.common import language_switch
    from cdm_quality.ui.i18n import current_lang

    language_switch()
    st.text(current_lang())


def test_a_catalogue_adds_its_language_to_the_sidebar(german: str) -> None:
    at = AppTest.from_function(_switch)
    at.context = {"locale": "de-DE"}
    at.run()
    assert not at.exception
    assert at.text[0].value == german
    choice = at.sidebar.radio[0]
    assert choice.options == [lg.name for lg in languages.languages()], choice.options
    assert choice.options[:2] == ["Français", "English"] and choice.options[-1] == "Deutsch"
    assert "Sprache" in choice.label


def test_a_catalogue_adds_its_language_to_the_command_line(
    german: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["export-plan", "--cite", "x", "--campaign", "y", "--out", "p.pdf", "--lang", german]
    assert build_parser(args).parse_args(args).lang == german
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert message_lang() == german
    rows = dossier_matrix(load_directory(QUESTIONNAIRES)["dossier"], lang=german)
    assert rows  # French titles, the grids having no German


def test_a_catalogue_adds_its_language_to_the_pdf(german: str) -> None:
    synthesis = build_synthesis(minimal(), FIXED_VALUES, FIXED_REMARKS, "fonctionnement", german)
    report = PlanReport(
        cite="Cité des métiers de Namur",
        campaign="Campagne 2026",
        phase="fonctionnement",
        generated_on=dt.date(2026, 3, 2),
        syntheses=[synthesis],
        actions=sample_actions(3),
    )
    pdf = build_plan_pdf(report, german)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Qualitätsverbesserungsplan" in text and "In Betrieb" in text


def test_every_listed_language_has_its_catalogue() -> None:
    assert all(languages.po_file(code).is_file() for code in languages.codes())
