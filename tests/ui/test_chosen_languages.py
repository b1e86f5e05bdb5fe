"""The language a person chose stays with their account; a Cité's documents are made in its
working language, and the label authority may take them in its own (issue 27 item 2)."""

from __future__ import annotations

import html

from sqlalchemy import Engine
from sqlmodel import Session

from cdm_quality.services.network import cites
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.services.responses import save_answer
from cdm_quality.storage.tables import CiteCreate, User
from cdm_quality.ui.selection import CITE_KEY
from tests.factories import World
from tests.ui.conftest import goto, no_exception, open_app

LANG_SWITCH = "_lang_switch"  # the sidebar's radio (ui/common.py)


def _language_of(engine: Engine, user_id: int | None) -> str | None:
    with Session(engine) as session:
        user = session.get(User, user_id)
        assert user is not None
        return user.language


def test_the_language_chosen_in_the_sidebar_is_kept_for_the_account(
    engine: Engine, world: World
) -> None:
    at = open_app(user_id=world.director.id, lang="fr")
    at.sidebar.radio(key=LANG_SWITCH).set_value("it").run()  # kept for the account
    no_exception(at)
    assert at.title[0].value == "Panoramica"
    assert _language_of(engine, world.director.id) == "it"
    # a later sign-in, from a browser asking for English, reads Italian
    later = open_app(user_id=world.director.id, lang="en")
    no_exception(later)
    assert later.session_state["lang"] == "it"
    assert later.title[0].value == "Panoramica"


def test_without_a_choice_the_browsers_language_is_used(engine: Engine, world: World) -> None:
    at = open_app(user_id=world.director.id, lang="pt")
    assert at.session_state["lang"] == "pt" and at.title[0].value == "Visão geral"
    assert _language_of(engine, world.director.id) is None  # reading is not choosing


def _porto_in_portuguese(engine: Engine, world: World) -> None:
    with Session(engine) as session:
        data = CiteCreate.model_validate(world.other.model_dump() | {"language": "pt"})
        cites.update_cite(session, SYSTEM, cite_id=world.other.id, data=data)


def test_the_authority_chooses_the_cites_language_or_its_own(engine: Engine, world: World) -> None:
    _porto_in_portuguese(engine, world)
    at = open_app(user_id=world.authority.id, lang="en", **{CITE_KEY: world.other.id})
    at = goto(at, "synthesis")
    no_exception(at)
    choice = at.radio(key=f"document.lang.{world.other.id}")
    assert choice.options == ["Português, the Cité's", "English, yours"]
    assert choice.value == "pt"
    said = "The Cité writes in Portuguese: its remarks and evidence are shown as it wrote them."
    assert said in [caption.value for caption in at.caption]


def test_the_authority_reads_a_remark_marked_with_the_language_it_was_written_in(
    engine: Engine, world: World
) -> None:
    """The remark read in full on the synthesis page is the Cité's text as written, its HTML
    element marked lang="pt" inside the authority's English page (a screen reader reads it in
    Portuguese)."""
    _porto_in_portuguese(engine, world)
    remark = "Atendimento sem marcação <todos> os dias"
    with Session(engine) as session:
        save_answer(
            session,
            world.other_director,
            response_id=world.other_response.id,
            item_id="accueil.sans_rdv",
            value="en_cours",
            remark=remark,
        )
    at = open_app(user_id=world.authority.id, lang="en", **{CITE_KEY: world.other.id})
    at = goto(at, "synthesis")
    no_exception(at)
    marked = [e.proto.body for e in at.get("html") if 'lang="pt"' in e.proto.body]
    assert marked == ['<div class="cdmq-written" lang="pt">' + html.escape(remark) + "</div>"]


def test_the_cites_people_get_its_working_language(engine: Engine, world: World) -> None:
    _porto_in_portuguese(engine, world)
    at = goto(open_app(user_id=world.other_director.id, lang="en"), "synthesis")
    no_exception(at)
    assert not [r for r in at.radio if r.key == f"document.lang.{world.other.id}"]


def test_the_cites_page_sets_the_working_language(engine: Engine, world: World) -> None:
    at = goto(open_app(user_id=world.admin.id, lang="en"), "cites")
    no_exception(at)
    table = at.dataframe[0].value
    assert list(table["Working language"]) == ["Français", "Français"]
