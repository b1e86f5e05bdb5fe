"""Every key the pages ask for exists in the catalogue (`cdm_quality/locale`, read by
`domain.texts`); `tests/test_texts.py` checks the catalogue itself (both languages, placeholders,
plural forms, no unused message)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from cdm_quality.domain import texts
from cdm_quality.domain.questionnaire import ItemKind
from cdm_quality.services.network.inbox import Due
from cdm_quality.storage.tables import CampaignState, NoteKind, ResponseState, Role, User
from cdm_quality.ui import navigation
from cdm_quality.ui.i18n import t, translate
from cdm_quality.ui.navigation import PAGES
from tests.factories import World
from tests.ui.conftest import no_exception, open_app

UI_DIR = Path(__file__).resolve().parents[2] / "cdm_quality" / "ui"
LITERAL_KEY = re.compile(r"""\b(?:t|tn|translate)\(\s*["']([a-z0-9_.]+)["']""")
STRINGS = texts.keys()


def _used_keys() -> set[str]:
    return {
        key
        for path in UI_DIR.rglob("*.py")
        for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
    }


def test_every_literal_key_used_by_the_ui_exists() -> None:
    missing = sorted(_used_keys() - set(STRINGS))
    assert not missing, f"keys used but not in the catalogue (cdm_quality/locale): {missing}"


def test_computed_keys_exist() -> None:
    computed = {f"kind.{kind.value}" for kind in ItemKind}
    computed |= {f"nav.{spec.key}" for spec in PAGES} | {spec.group for spec in PAGES}
    computed |= {f"role.{role.value}" for role in Role}
    computed |= {f"campaign.{state.value}" for state in CampaignState}
    computed |= {f"state.{state.value}" for state in ResponseState} | {"state.none"}
    computed |= {"overview.opens", "overview.closes", "overview.due"}
    computed |= {"fill.remark", "fill.evidence"}
    computed |= {f"review.kind.{kind.value}" for kind in NoteKind}
    computed |= {f"inbox.due.{due.value}" for due in Due}
    assert not sorted(computed - set(STRINGS))


def test_unknown_key_shows_itself() -> None:
    assert translate("no.such.key", "en") == "no.such.key"


def test_translate_formats_parameters() -> None:
    assert translate("catalogue.empty", "en", path="q") == "No valid questionnaire in q."


def test_a_count_chooses_the_plural_form() -> None:
    assert texts.plural("fill.missing_count", 1, "en") == "1 required question still unanswered."
    assert texts.plural("fill.missing_count", 3, "fr") == ("3 questions obligatoires sans réponse.")


def _menu_titles() -> None:  # an AppTest script: the menu's page names, as app.py builds them
    import streamlit as st

    from cdm_quality.ui import navigation

    for group, titles in navigation.pages_for_session().items():
        st.text(" | ".join([group, *titles]))


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-US", "Questionnaires | Labelling-file plan"),
        ("fr-FR", "Questionnaires | Plan du dossier"),
    ],
)
def test_the_menu_follows_the_browsers_language_from_the_first_run(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, locale: str, expected: str
) -> None:
    monkeypatch.setattr(navigation, "_page", lambda spec, **_: t(f"nav.{spec.key}"))
    at = AppTest.from_function(_menu_titles)
    at.context = {"locale": locale}
    at.run()
    assert not at.exception
    shown = "\n".join(str(t.value) for t in at.text)
    assert expected in shown
    assert at.session_state["lang"] == locale[:2]


def test_switching_language_signed_in_keeps_it_for_the_accounts_emails(
    engine: Engine, world: World
) -> None:
    at = open_app(user_id=world.contributor.id)
    no_exception(at)
    at.sidebar.radio[0].set_value("en").run()
    no_exception(at)
    with Session(engine) as session:
        account = session.get(User, world.contributor.id)
        assert account is not None and account.language == "en"
