"""The questionnaire page: every kind saved on change, visibility, refusals, conflicts,
last year's answers, submit and the read-only state after it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import responses
from cdm_quality.services.assessment import ratings
from cdm_quality.services.network import campaigns
from cdm_quality.services.people import auth
from cdm_quality.services.people.access import Actor
from cdm_quality.storage.tables import Campaign, Role
from cdm_quality.ui import auth as auth_ui
from cdm_quality.ui import fill_state, selection
from cdm_quality.ui.selection import widget_key_of
from cdm_quality.ui.text import parse_number
from tests.factories import AUTHORITY, FACTORY_PASSWORD, World, make_campaign, make_cite, make_user
from tests.ui.conftest import (
    APP,
    TIMEOUT,
    goto,
    no_exception,
    open_app,
    page_script,
    signed_in_token,
)


def fill_page(actor: Actor, lang: str = "en") -> AppTest:
    at = goto(open_app(user_id=actor.id, lang=lang), "fill")
    no_exception(at)
    return at


def key(rid: int, item_id: str, part: str = "value") -> str:
    return fill_state.widget_key(rid, item_id, part)


def stored(engine: Engine, actor: Actor, rid: int) -> dict[str, Any]:
    with Session(engine) as session:
        return responses.response_view(session, actor, response_id=rid).values()


def save(engine: Engine, actor: Actor, rid: int, item_id: str, **changes: Any) -> None:
    with Session(engine) as session:
        responses.save_answer(session, actor, response_id=rid, item_id=item_id, **changes)


def section(at: AppTest, rid: int, section_id: str, lang: str = "en") -> AppTest:
    radio = at.radio(key=widget_key_of(fill_state.section_key(rid), lang))
    return radio.set_value(section_id).run()


def plain(text: str) -> str:
    return text.replace("\\", "")


def answer_first_section(at: AppTest, rid: int) -> AppTest:
    at.pills(key=key(rid, "accueil.sans_rdv")).set_value("atteint").run()
    at.pills(key=key(rid, "accueil.referent")).set_value(True).run()
    at.text_input(key=key(rid, "accueil.referent_nom")).input("Jeanne").run()
    at.pills(key=key(rid, "accueil.poles")).set_value(["emploi", "orientation"]).run()
    return at.pills(key=key(rid, "accueil.mode")).set_value("libre").run()


def test_every_kind_is_saved_when_given(world: World, engine: Engine) -> None:
    rid = world.response.id
    at = answer_first_section(fill_page(world.director), rid)
    at = section(at, rid, "chiffres")
    at.text_input(key=key(rid, "chiffres.visites")).input("1 200").run()
    at.text_area(key=key(rid, "chiffres.bilan")).input("Une année **riche**").run()
    at.text_input(key=key(rid, "chiffres.bilan", "evidence")).input("rapport-2026.pdf").run()
    at.date_input(key=key(rid, "chiffres.date")).set_value(dt.date(2025, 5, 3)).run()
    at.text_area(key=key(rid, "chiffres.forces")).input("Accueil\n\n Réseau ").run()
    at.pills(key=key(rid, "chiffres.dossier", "status")).set_value("brouillon").run()
    at.text_area(key=key(rid, "chiffres.dossier", "text")).input("Plan en cours").run()
    at.text_area(key=key(rid, "chiffres.visites", "remark")).input("Hors événements").run()
    no_exception(at)
    assert not at.error
    assert stored(engine, world.director, rid) == {
        "accueil.sans_rdv": "atteint",
        "accueil.referent": True,
        "accueil.referent_nom": "Jeanne",
        "accueil.poles": ["orientation", "emploi"],
        "accueil.mode": "libre",
        "chiffres.visites": 1200,
        "chiffres.bilan": "Une année **riche**",
        "chiffres.date": "2025-05-03",
        "chiffres.forces": ["Accueil", "Réseau"],
        "chiffres.dossier": {"status": "brouillon", "text": "Plan en cours"},
    }
    saved_notes = [c.value for c in at.caption if "Saved" in c.value]
    assert len(saved_notes) == 5  # every item of the section shows its saved state


def test_answers_are_shown_again_on_a_new_session(world: World) -> None:
    rid = world.response.id
    answer_first_section(fill_page(world.director), rid)
    again = fill_page(world.director)  # as after a reload: a new session
    assert again.pills(key=key(rid, "accueil.sans_rdv")).value == "atteint"
    assert again.text_input(key=key(rid, "accueil.referent_nom")).value == "Jeanne"


def test_clearing_an_answer(world: World, engine: Engine) -> None:
    rid = world.response.id
    at = fill_page(world.director)
    at.pills(key=key(rid, "accueil.mode")).set_value("libre").run()
    at.pills(key=key(rid, "accueil.mode")).set_value(None).run()
    assert stored(engine, world.director, rid)["accueil.mode"] is None


def test_visibility_follows_answers_live(world: World) -> None:
    rid = world.response.id
    at = fill_page(world.director)
    name = key(rid, "accueil.referent_nom")
    assert not [w for w in at.text_input if w.key == name]
    at.pills(key=key(rid, "accueil.referent")).set_value(True).run()
    assert at.text_input(key=name)
    at.pills(key=key(rid, "accueil.referent")).set_value(False).run()
    assert not [w for w in at.text_input if w.key == name]


@dataclass(frozen=True)
class Early:
    director: Actor
    rid: int


@pytest.fixture
def early(engine: Engine, world: World) -> Early:
    """A Cité in phase `prefiguration` with its response to the open campaign."""
    with Session(engine, expire_on_commit=False) as session:
        cite = make_cite(session, "Cité des métiers de Limoges", phase=Phase.prefiguration)
        director = make_user(session, "limoges", Role.director, cite_id=cite.id)
        response = responses.get_or_create_response(
            session,
            director,
            cite_id=cite.id,
            campaign_id=world.campaign.id,
            questionnaire_id="minimal",
        )
    return Early(director, response.id)


def test_items_of_other_phases_are_hidden(early: Early) -> None:
    at = section(fill_page(early.director), early.rid, "chiffres")
    shown = {w.key for w in at.main if getattr(w, "key", None)}
    assert key(early.rid, "chiffres.visites") in shown
    assert key(early.rid, "chiffres.date") not in shown  # fonctionnement only
    assert key(early.rid, "chiffres.dossier", "status") not in shown


def test_refused_save_shows_why_and_keeps_the_typed_value(world: World, engine: Engine) -> None:
    rid = world.response.id
    at = section(fill_page(world.contributor), rid, "chiffres")
    save(engine, world.director, rid, "accueil.sans_rdv", value="atteint")
    save(engine, world.director, rid, "accueil.referent", value=False)
    with Session(engine) as session:  # the director submits meanwhile, in another session
        responses.submit_response(session, world.director, response_id=rid)
    at.text_input(key=key(rid, "chiffres.visites")).input("40").run()
    no_exception(at)
    assert "Not saved: This self-assessment is submitted" in plain(at.error[0].value)
    assert at.text_input(key=key(rid, "chiffres.visites")).value == "40"
    assert "chiffres.visites" not in stored(engine, world.director, rid)
    at = section(section(at, rid, "accueil"), rid, "chiffres")  # away and back
    assert at.text_input(key=key(rid, "chiffres.visites")).value == "40"
    assert "Not saved" in plain(at.error[0].value)


def test_text_before_status_waits_for_the_status(world: World, engine: Engine) -> None:
    rid = world.response.id
    at = section(fill_page(world.director), rid, "chiffres")
    at.text_area(key=key(rid, "chiffres.dossier", "text")).input("Premier jet").run()
    assert "Choose a progress status first" in plain(at.error[0].value)
    at.pills(key=key(rid, "chiffres.dossier", "status")).set_value("brouillon").run()
    assert not at.error
    assert stored(engine, world.director, rid)["chiffres.dossier"] == {
        "status": "brouillon",
        "text": "Premier jet",
    }


def test_submit_with_missing_items_lists_them_with_a_way_to_each(world: World) -> None:
    rid = world.response.id
    at = section(fill_page(world.director), rid, "chiffres")
    assert "2 required questions still unanswered" in at.warning[0].value
    at.button(key=f"submit.{rid}").click().run()
    at.button(key=f"submit.{rid}.yes").click().run()
    no_exception(at)
    assert "Not submitted: 2 required" in plain(at.error[0].value)
    at.button(key=f"goto.{rid}.accueil.sans_rdv").click().run()
    assert at.radio(key=widget_key_of(fill_state.section_key(rid), "en")).value == "accueil"
    assert any("to answer" in m.value for m in at.markdown)  # the missing items are marked


def test_after_submit_the_response_is_read_only_under_a_banner(world: World) -> None:
    rid = world.response.id
    at = fill_page(world.director)
    at.pills(key=key(rid, "accueil.sans_rdv")).set_value("atteint").run()
    at.pills(key=key(rid, "accueil.referent")).set_value(True).run()
    at.button(key=f"submit.{rid}").click().run()
    assert "Submit the questionnaire" in plain(at.warning[-1].value)  # asked first
    assert "Anne" not in plain(at.warning[-1].value) and "Cité" in plain(at.warning[-1].value)
    assert not at.pills(key=key(rid, "accueil.sans_rdv")).disabled  # nothing sent yet
    at.button(key=f"submit.{rid}.yes").click().run()
    no_exception(at)
    assert "Self-assessment submitted" in plain(at.info[0].value)
    assert at.pills(key=key(rid, "accueil.sans_rdv")).disabled
    assert at.pills(key=key(rid, "accueil.sans_rdv")).value == "atteint"  # still shown
    assert at.text_area(key=key(rid, "accueil.sans_rdv", "remark")).disabled
    assert not [b for b in at.button if b.key == f"submit.{rid}"]


def test_the_authority_reopens_a_submitted_response(world: World, engine: Engine) -> None:
    rid = world.response.id
    save(engine, world.director, rid, "accueil.sans_rdv", value="atteint")
    save(engine, world.director, rid, "accueil.referent", value=False)
    with Session(engine) as session:
        responses.submit_response(session, world.director, response_id=rid)
    at = fill_page(world.authority)
    assert "Self-assessment submitted" in plain(at.info[0].value)
    at.button(key=f"reopen.{rid}").click().run()
    assert "Give the reason for reopening" in plain(at.error[0].value)  # a reason first
    at.text_input(key=f"reopen.reason.{rid}").input("Chiffres à corriger").run()
    at.button(key=f"reopen.{rid}").click().run()
    assert "Chiffres à corriger" in plain(at.warning[-1].value)  # the confirmation
    at.button(key=f"reopen.{rid}.yes").click().run()
    no_exception(at)
    assert "Reopened on" in plain(at.warning[0].value)
    again = fill_page(world.director)
    assert not again.pills(key=key(rid, "accueil.sans_rdv")).disabled
    assert "Reason: “Chiffres à corriger”" in plain(again.warning[0].value)  # the Cité reads it
    overview = goto(open_app(user_id=world.director.id, lang="en"), "overview")
    assert any("Chiffres à corriger" in plain(w.value) for w in overview.warning)


def test_a_colleague_change_is_never_overwritten_silently(world: World, engine: Engine) -> None:
    rid = world.response.id
    at = fill_page(world.director)  # the director's screen shows no answer yet
    save(engine, world.contributor, rid, "accueil.mode", value="mixte", expected_version=0)
    at.pills(key=key(rid, "accueil.mode")).set_value("libre").run()
    no_exception(at)
    assert "Luc Martin changed this answer" in plain(at.warning[0].value)
    texts = [t.value for t in at.text]
    assert "Walk-in" in texts and "Mixed" in texts  # both values shown
    assert stored(engine, world.director, rid)["accueil.mode"] == "mixte"
    at.button(key=f"keep.{rid}.accueil.mode").click().run()
    assert stored(engine, world.director, rid)["accueil.mode"] == "libre"
    assert not [w for w in at.warning if "changed this answer" in w.value]


def test_taking_the_colleague_version(world: World, engine: Engine) -> None:
    rid = world.response.id
    at = fill_page(world.director)
    save(engine, world.contributor, rid, "accueil.mode", value="mixte", expected_version=0)
    at.pills(key=key(rid, "accueil.mode")).set_value("libre").run()
    at.button(key=f"theirs.{rid}.accueil.mode").click().run()
    assert at.pills(key=key(rid, "accueil.mode")).value == "mixte"
    assert stored(engine, world.director, rid)["accueil.mode"] == "mixte"


def test_an_untouched_item_shows_a_colleague_change_on_next_run(
    world: World, engine: Engine
) -> None:
    rid = world.response.id
    at = fill_page(world.director)
    save(engine, world.contributor, rid, "accueil.mode", value="mixte")
    at.run()
    assert at.pills(key=key(rid, "accueil.mode")).value == "mixte"


@dataclass(frozen=True)
class TwoYears:
    director: Actor
    rid: int


@pytest.fixture
def two_years(engine: Engine) -> TwoYears:
    """A Cité that answered in 2025 (closed campaign) and has started 2026."""
    with Session(engine, expire_on_commit=False) as session:
        cite = make_cite(session, "Cité des métiers de Namur")
        director = make_user(session, "anne", Role.director, cite_id=cite.id, name="Anne")
        last = make_campaign(session, 2025)
        target = {"cite_id": cite.id, "questionnaire_id": "minimal"}
        old = responses.get_or_create_response(session, director, campaign_id=last.id, **target)
        for item_id, value, remark in (
            ("accueil.sans_rdv", "atteint", "Ouvert **sans** rendez-vous :red[toujours]"),
            ("accueil.mode", "mixte", ""),
        ):
            responses.save_answer(
                session, director, response_id=old.id, item_id=item_id, value=value, remark=remark
            )
        campaigns.close_campaign(session, AUTHORITY, campaign_id=last.id)
        current = make_campaign(session, 2026)
        new = responses.get_or_create_response(session, director, campaign_id=current.id, **target)
    return TwoYears(director, new.id)


def test_a_campaign_closed_meanwhile_shows_closed_at_the_next_click(
    world: World, engine: Engine
) -> None:
    at = fill_page(world.director)
    choice = at.selectbox(key=widget_key_of(selection.CAMPAIGN_KEY, "en"))
    assert choice.options == [f"{world.campaign.name} · open"]
    with Session(engine) as session:
        campaigns.close_campaign(session, world.authority, campaign_id=world.campaign.id)
    at.run()
    no_exception(at)
    choice = at.selectbox(key=widget_key_of(selection.CAMPAIGN_KEY, "en"))
    assert choice.options == [f"{world.campaign.name} · closed"]
    assert at.pills(key=key(world.response.id, "accueil.sans_rdv")).disabled


def test_last_year_is_shown_beside_and_taken_over(two_years: TwoYears, engine: Engine) -> None:
    rid = two_years.rid
    at = fill_page(two_years.director)
    texts = [t.value for t in at.text]
    assert "Achieved" in texts
    assert "Ouvert **sans** rendez-vous :red[toujours]" in texts  # as plain text, unchanged
    at.button(key=f"takeover.{rid}.accueil.sans_rdv").click().run()
    no_exception(at)
    assert at.pills(key=key(rid, "accueil.sans_rdv")).value == "atteint"
    remark = at.text_area(key=key(rid, "accueil.sans_rdv", "remark")).value
    assert remark == "Ouvert **sans** rendez-vous :red[toujours]"
    assert stored(engine, two_years.director, rid)["accueil.sans_rdv"] == "atteint"
    assert at.button(key=f"takeover.{rid}.accueil.sans_rdv").disabled  # nothing left to take


def test_user_text_never_becomes_markup(world: World, engine: Engine) -> None:
    rid = world.response.id
    hostile = "<img src=x onerror=alert(1)> **gras** :red[rouge] $x$"
    save(engine, world.contributor, rid, "accueil.mode", value="mixte", remark=hostile)
    at = fill_page(world.director)
    assert at.text_area(key=key(rid, "accueil.mode", "remark")).value == hostile
    assert not [m for m in at.markdown if "onerror" in m.value and "\\<img" not in m.value]


def test_overview_shows_progress_and_opens_the_questionnaire(world: World, engine: Engine) -> None:
    save(engine, world.director, world.response.id, "accueil.sans_rdv", value="atteint")
    at = open_app(user_id=world.director.id, lang="en")
    bar = at.get("progress")[0].proto
    assert (bar.text, bar.value) == ("Answered: 1 of 10 questions asked · required: 1 / 2", 10)
    at.button(key="open.minimal").click().run()
    no_exception(at)
    assert at.title[0].value == "Minimal grid"
    assert at.pills(key=key(world.response.id, "accueil.sans_rdv")).value == "atteint"


def test_taking_last_year_over_a_different_answer_asks_first(
    two_years: TwoYears, engine: Engine
) -> None:
    rid = two_years.rid
    save(engine, two_years.director, rid, "accueil.sans_rdv", value="exemplaire")
    at = fill_page(two_years.director)
    at.button(key=f"takeover.{rid}.accueil.sans_rdv").click().run()
    no_exception(at)
    question = " ".join(plain(w.value) for w in at.warning)
    assert (
        "Replace your answer “Exemplary”" in question and "“Achieved”" in question
    )  # what will change
    assert stored(engine, two_years.director, rid)["accueil.sans_rdv"] == "exemplaire"
    at.button(key=f"takeover.{rid}.accueil.sans_rdv.yes").click().run()
    no_exception(at)
    assert stored(engine, two_years.director, rid)["accueil.sans_rdv"] == "atteint"


def test_a_number_is_read_in_the_readers_notation_or_refused(world: World, engine: Engine) -> None:
    rid = world.response.id
    at = section(fill_page(world.director, lang="fr"), rid, "chiffres", "fr")
    visits = key(rid, "chiffres.visites")
    at.text_input(key=visits).input("1 234").run()
    no_exception(at)
    assert stored(engine, world.director, rid)["chiffres.visites"] == 1234
    at.text_input(key=visits).input("2,5").run()  # a decimal comma, on a whole-number item
    assert "2,5 n'est pas un nombre entier" in plain(at.error[0].value)
    assert stored(engine, world.director, rid)["chiffres.visites"] == 1234  # never 25
    assert at.text_input(key=visits).value == "2,5"  # what was typed stays
    at = section(fill_page(world.director, lang="en"), rid, "chiffres")
    at.text_input(key=visits).input("12,5").run()
    assert "“12,5” is not a number" in plain(at.error[0].value)
    assert stored(engine, world.director, rid)["chiffres.visites"] == 1234


@pytest.mark.parametrize(
    ("typed", "lang", "read"),
    [("2,5", "fr", 2.5), ("2.5", "fr", 2.5), ("1 234,5", "fr", 1234.5), ("2.5", "en", 2.5)],
)
def test_parse_number_reads_the_languages_notation(typed: str, lang: str, read: float) -> None:
    assert parse_number(typed, lang) == read  # type: ignore[arg-type]


@pytest.mark.parametrize(("typed", "lang"), [("2,5", "en"), ("1.234,5", "fr"), ("nan", "fr")])
def test_parse_number_refuses_rather_than_guess(typed: str, lang: str) -> None:
    with pytest.raises(ValueError):
        parse_number(typed, lang)  # type: ignore[arg-type]


def test_an_assessor_rates_blind_then_reads_the_answers(
    two_years: TwoYears, engine: Engine
) -> None:
    save(engine, two_years.director, two_years.rid, "accueil.sans_rdv", value="exemplaire")
    with Session(engine, expire_on_commit=False) as session:
        campaign = session.exec(select(Campaign).where(Campaign.year == 2026)).one()
        invited = ratings.invite_assessor(
            session,
            two_years.director,
            campaign_id=campaign.id,
            login="eva",
            name="Eva",
            password=FACTORY_PASSWORD,
        )
        assessor = auth.current_actor(session, user_id=invited.id)
    assert assessor is not None
    rid, item = two_years.rid, "accueil.sans_rdv"
    at = fill_page(assessor)
    block = "\n".join(str(e.value) for e in at.get_by_key("item-accueil-sans_rdv").caption)
    assert "once you have marked your ratings done" in block
    texts = [t.value for t in at.text]
    assert "Achieved" not in texts  # last year's answer: hidden too
    assert not [p for p in at.pills if p.key == key(rid, item)]  # this year's: not shown
    with Session(engine) as session:
        ratings.rate(session, assessor, response_id=rid, item_id=item, value="en_cours")
        ratings.finish_ratings(session, assessor, response_id=rid)
    at = fill_page(assessor)
    assert at.pills(key=key(rid, item)).value == "exemplaire"
    assert "Achieved" in [t.value for t in at.text]


def _authority_fill(world: World, **address: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[auth_ui.TOKEN_KEY] = signed_in_token(world.authority.id)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(page_script("fill"))
    for name, value in address.items():
        at.query_params[name] = value
    at.run()
    no_exception(at)
    return at


def _param(at: AppTest, name: str) -> str:
    """One parameter of the address (AppTest keeps what the page wrote as a list)."""
    value = at.query_params[name]
    return str(value[0] if isinstance(value, list) else value)


def _caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "Campagne 2026" in c.value)


def test_the_cite_is_in_the_authoritys_address_and_a_reload_keeps_it(world: World) -> None:
    at = _authority_fill(world, c=str(world.other.id))
    assert _caption(at).startswith("Cité des métiers de Porto")
    assert _param(at, "c") == str(world.other.id)
    cite_box = next(s for s in at.selectbox if s.label == "Cité")
    cite_box.set_value(world.own.id).run()
    assert _param(at, "c") == str(world.own.id)
    address = {name: _param(at, name) for name in ("c", "q", "s")}
    reloaded = _authority_fill(world, **address)  # a reload: a new session, the same address
    assert _caption(reloaded).startswith("Cité des métiers de Namur")
    refused = _authority_fill(world, c="999")  # not a Cité the actor may read: said, not taken
    assert "not among those you may read" in refused.warning[0].value


def test_back_returns_to_the_previous_section(world: World) -> None:
    at = fill_page(world.director)
    sections = at.radio(key=widget_key_of(fill_state.section_key(world.response.id), "en"))
    assert _param(at, "s") == "accueil"
    sections.set_value("chiffres").run()
    assert _param(at, "s") == "chiffres"
    at.query_params["s"] = "accueil"  # the browser's Back: the previous address, same session
    at.run()
    shown = at.radio(key=widget_key_of(fill_state.section_key(world.response.id), "en"))
    assert shown.value == "accueil" and _param(at, "s") == "accueil"


def test_an_assessor_cannot_open_another_campaign_of_its_cite(
    two_years: TwoYears, engine: Engine
) -> None:
    with Session(engine, expire_on_commit=False) as session:
        years = {c.year: c.id for c in session.exec(select(Campaign)).all()}
        invited = ratings.invite_assessor(
            session, two_years.director, campaign_id=years[2026], login="eva", name="Eva",
            password=FACTORY_PASSWORD,
        )  # fmt: skip
    forged = {"lang": "en", selection.CAMPAIGN_KEY: years[2025]}  # 2025 chosen on another page
    at = goto(open_app(user_id=invited.id, **forged), "fill")
    no_exception(at)  # no traceback
    boxes = [box for box in at.selectbox if box.label == "Campaign"]
    assert [list(box.options) for box in boxes] == [["Campagne 2026 · open"]]
    page = "\n".join(str(e.value) for kind in ("markdown", "caption", "text") for e in at.get(kind))
    assert "rendez-vous" not in page  # none of 2025's answers


def test_a_save_sends_back_no_field_but_those_it_changed(world: World) -> None:
    """Every value the page writes into a field is sent to the browser, which puts it over
    what is being typed there: after another level of an answered question, no field (the
    remark being typed next, the section list, the other questions) is written again."""
    rid = world.response.id
    at = fill_page(world.director)
    at.pills(key=key(rid, "accueil.mode")).set_value("libre").run()
    at.pills(key=key(rid, "accueil.sans_rdv")).set_value("atteint").run()
    at.text_area(key=key(rid, "accueil.sans_rdv", "remark")).input("Le matin").run()
    at.pills(key=key(rid, "accueil.sans_rdv")).set_value("en_cours").run()
    no_exception(at)
    written = [
        w.key for w in [*at.text_area, *at.text_input, *at.pills, *at.radio] if w.proto.set_value
    ]
    assert written == []
    assert at.text_area(key=key(rid, "accueil.sans_rdv", "remark")).value == "Le matin"


def test_a_section_is_ticked_only_once_every_question_shown_has_an_answer(world: World) -> None:
    rid = world.response.id
    at = fill_page(world.director)
    at.pills(key=key(rid, "accueil.sans_rdv")).set_value("atteint").run()
    at.pills(key=key(rid, "accueil.referent")).set_value(True).run()
    sections = at.radio(key=widget_key_of(fill_state.section_key(rid), "en"))
    assert sections.options[0] == "Reception · 2/5"  # the required ones only: not done
    at = answer_first_section(at, rid)
    sections = at.radio(key=widget_key_of(fill_state.section_key(rid), "en"))
    assert sections.options[0] == "Reception · 5/5 ✓"
