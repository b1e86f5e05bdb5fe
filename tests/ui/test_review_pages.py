"""The authority's review and the deadlines on the pages (issue 16): the authority writes a
note while reading a submitted self-assessment; the Cité's director sees it on the overview
and beside the item, answers it and turns it into a plan action; an invited assessor and
another Cité see none of it; the campaign's due date is set on the campaigns page; the
overview's inbox shows what is due, overdue marked; a labelling decision names the notes it
rests on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from cdm_quality.domain.loader import load_questionnaire
from cdm_quality.services import responses
from cdm_quality.services.assessment import ratings, review
from cdm_quality.services.network import campaigns
from cdm_quality.services.people.access import Actor
from cdm_quality.services.people.users import UserPublic
from cdm_quality.storage.tables import (
    Campaign,
    DecisionBasis,
    ImprovementAction,
    NoteKind,
    ReviewNote,
    Role,
)
from cdm_quality.ui.selection import CITE_KEY, QUESTIONNAIRE_KEY
from tests.factories import (
    FACTORY_PASSWORD,
    World,
    make_campaign,
    make_cite,
    make_user,
    minimal,
)
from tests.ui.conftest import goto, no_exception, open_app
from tests.ui.rendered import page_texts

LABELLING_FILE = load_questionnaire(Path(__file__).parents[2] / "questionnaires" / "dossier.yaml")
ADVICE = "Ouvrir l'accueil le samedi matin"
DUE = dt.date.today() + dt.timedelta(days=30)


def submitted(engine: Engine, world: World) -> int:
    rid = world.response.id
    with Session(engine) as session:
        for item_id, value in (("accueil.sans_rdv", "atteint"), ("accueil.referent", True)):
            responses.save_answer(
                session, world.director, response_id=rid, item_id=item_id, value=value
            )
        responses.submit_response(session, world.director, response_id=rid)
    return rid


def recommend(engine: Engine, world: World, *, due: dt.date = DUE) -> review.NoteView:
    with Session(engine) as session:
        return review.add_note(
            session,
            world.authority,
            response_id=world.response.id,
            kind=NoteKind.recommendation,
            text=ADVICE,
            due_on=due,
            item_id="accueil.sans_rdv",
        )


def invited(session: Session, world: World) -> UserPublic:
    """An assessor the director invited to rate the campaign."""
    return ratings.invite_assessor(
        session,
        world.director,
        campaign_id=world.campaign.id,
        login="evaluatrice",
        name="Eva Luatrice",
        password=FACTORY_PASSWORD,
    )


def page(actor: Actor | UserPublic, key: str, **state: object) -> AppTest:
    at = goto(open_app(user_id=actor.id, lang="en", **state), key)
    no_exception(at)
    return at


def text_of(at: AppTest) -> str:
    return "\n".join(page_texts(at)).replace("\\", "")


def button(at: AppTest, label: str, key_part: str = "") -> object:
    return next(b for b in at.button if b.label == label and key_part in (b.key or ""))


def stored_notes(engine: Engine) -> list[ReviewNote]:
    with Session(engine) as session:
        return list(session.exec(select(ReviewNote)).all())


# --- the authority writes -----------------------------------------------------------------


def test_authority_writes_a_recommendation_on_an_item(world: World, engine: Engine) -> None:
    rid = submitted(engine, world)
    at = page(world.authority, "fill", **{CITE_KEY: world.own.id})
    form = f"review.write.{rid}"
    about = at.selectbox(key=f"{form}.about")
    assert "Walk-in reception" not in about.options  # items by their text, never their id
    assert "7.4 · Visitors are received without appointment." in about.options
    about.set_value("i:accueil.sans_rdv")
    at.radio(key=f"{form}.kind").set_value("recommendation")
    at.text_area(key=f"{form}.text").input(ADVICE)
    button(at, "Save the note").click().run()
    no_exception(at)
    # refused: a recommendation needs a due date, and what was typed stays
    assert "needs a due date" in at.error[0].value
    assert at.text_area(key=f"{form}.text").value == ADVICE
    assert not stored_notes(engine)
    at.date_input(key=f"{form}.due").set_value(DUE)
    button(at, "Save the note").click().run()
    no_exception(at)
    (note,) = stored_notes(engine)
    assert (note.kind, note.item_id, note.text, note.due_on) == (
        NoteKind.recommendation,
        "accueil.sans_rdv",
        ADVICE,
        DUE,
    )
    assert at.text_area(key=f"{form}.text").value == ""  # emptied once saved
    item = at.get_by_key("item-accueil-sans_rdv")  # the note shows in the item's block
    assert ADVICE in _texts(item.get_by_key(f"note-{note.id}"))


def _texts(block: object) -> list[str]:
    found = []
    for child in getattr(block, "children", {}).values():
        value = getattr(child, "value", None)
        if isinstance(value, str):
            found.append(value.replace("\\", ""))
        found += _texts(child)
    return found


def test_authority_writes_on_the_whole_or_a_section_comment_without_date(
    world: World, engine: Engine
) -> None:
    rid = submitted(engine, world)
    at = page(world.authority, "fill", **{CITE_KEY: world.own.id})
    form = f"review.write.{rid}"
    at.selectbox(key=f"{form}.about").set_value("s:accueil")
    at.text_area(key=f"{form}.text").input("Section claire.")
    button(at, "Save the note").click().run()
    no_exception(at)
    (note,) = stored_notes(engine)
    assert (note.kind, note.section_id, note.item_id, note.due_on) == (
        NoteKind.comment,
        "accueil",
        "",
        None,
    )
    assert "Section claire." in text_of(at)


def test_no_note_form_before_submission(world: World) -> None:
    at = page(world.authority, "fill", **{CITE_KEY: world.own.id})
    assert not [f for f in at.get("form") if "review.write" in (f.proto.form_id or "")]
    assert "once the self-assessment is submitted" in text_of(at)


# --- the Cité answers -----------------------------------------------------------------------


def test_director_sees_answers_and_turns_a_recommendation_into_an_action(
    world: World, engine: Engine
) -> None:
    submitted(engine, world)
    note = recommend(engine, world)
    overview = page(world.director, "overview")
    shown = text_of(overview)
    assert "Recommendation · Minimal grid — 7.4 · Visitors are received without appointment." in (
        shown
    )
    assert "Awaiting an answer" in shown and ADVICE in shown

    at = page(world.director, "fill")
    answer = next(t for t in at.text_area if t.label == "Your answer")
    answer.input("Dès septembre, un samedi sur deux.")
    button(at, "Send the answer").click().run()
    no_exception(at)
    assert "Answer saved." in text_of(at)
    button(at, "Turn into an action", f"review.to_action.{note.id}").click().run()
    no_exception(at)
    assert "Action added to the improvement plan." in text_of(at)
    with Session(engine) as session:
        row = session.get(ReviewNote, note.id)
        assert row is not None and row.reply == "Dès septembre, un samedi sur deux."
        action = session.get(ImprovementAction, row.action_id)
        assert action is not None and action.title == ADVICE and action.due_on == DUE
    shown = text_of(at)
    assert f"Plan action: {ADVICE}" in shown
    assert not [b for b in at.button if b.label == "Turn into an action"]  # once only

    plan = page(world.director, "plan")
    assert list(plan.data_editor[0].value["title"]) == [ADVICE]
    assert f"“{ADVICE}” answers the label authority's recommendation of" in text_of(plan)


def test_a_recommendation_on_a_labelling_file_item_becomes_an_action(engine: Engine) -> None:
    """Issue 24 item 2: on item 1.3 of the labelling file it answered "La question
    « contexte.besoins » n'est pas dans les grilles de la campagne."."""
    with Session(engine, expire_on_commit=False) as session:
        cite = make_cite(session, "Cité des métiers de Charleroi", country="Belgique")
        director = make_user(session, "charleroi", Role.director, cite_id=cite.id)
        authority = make_user(session, "autorite", Role.authority)
        campaign = make_campaign(session, 2026, questionnaires=[minimal(), LABELLING_FILE])
        rid = responses.get_or_create_response(
            session, director, campaign_id=campaign.id, cite_id=cite.id, questionnaire_id="dossier"
        ).id
        responses.submit_response(session, director, response_id=rid)
        note = review.add_note(
            session,
            authority,
            response_id=rid,
            kind=NoteKind.recommendation,
            text="Chiffrer les besoins du territoire",
            due_on=DUE,
            item_id="contexte.besoins",
        )
    at = page(director, "fill", **{QUESTIONNAIRE_KEY: "dossier"})
    button(at, "Turn into an action", f"review.to_action.{note.id}").click().run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert "Action added to the improvement plan." in text_of(at)
    with Session(engine) as session:
        (action,) = session.exec(select(ImprovementAction)).all()
    assert action.item_ids == ["contexte.besoins"]
    plan = page(director, "plan")
    (linked,) = plan.data_editor[0].value["item_ids"]
    assert linked == ["Needs identified in the area (1.3)"]  # named, never by its id


def test_a_reply_refused_keeps_the_typed_text(world: World, engine: Engine) -> None:
    submitted(engine, world)
    recommend(engine, world)
    at = page(world.director, "fill")
    next(t for t in at.text_area if t.label == "Your answer").input("   ")
    button(at, "Send the answer").click().run()
    no_exception(at)
    assert at.error  # an empty answer is refused, beside the note


@pytest.mark.parametrize("who", ["assessor", "other_director"])
def test_an_assessor_or_another_cite_sees_none_of_it(
    world: World, engine: Engine, who: str
) -> None:
    submitted(engine, world)
    recommend(engine, world)
    with Session(engine) as session:
        assessor = invited(session, world)
    actor = assessor if who == "assessor" else world.other_director
    for key in ("overview", "fill"):
        at = page(actor, key)
        shown = text_of(at)
        assert ADVICE not in shown and "Recommendation" not in shown, key
        assert not [b for b in at.button if b.label == "Turn into an action"]


# --- deadlines ------------------------------------------------------------------------------


def test_authority_sets_and_removes_a_campaign_due_date(world: World, engine: Engine) -> None:
    at = page(world.authority, "campaigns")
    day = dt.date(2026, 10, 15)
    at.date_input(key=f"cp.due.{world.campaign.id}").set_value(day)
    button(at, "Save the due date").click().run()
    no_exception(at)
    assert at.success[0].value == "Due date saved."
    with Session(engine) as session:
        assert session.get(Campaign, world.campaign.id).due_on == day  # type: ignore[union-attr]
    assert "15/10/2026" in set(at.dataframe[0].value["Due"])
    button(at, "Remove the due date").click().run()
    with Session(engine) as session:
        assert session.get(Campaign, world.campaign.id).due_on is None  # type: ignore[union-attr]


def test_inbox_shows_what_is_due_overdue_marked(world: World, engine: Engine) -> None:
    with Session(engine) as session:
        review.set_due_date(
            session,
            world.authority,
            campaign_id=world.campaign.id,
            due_on=dt.date.today() - dt.timedelta(days=3),
        )
    at = page(world.director, "overview")
    lines = "\n".join(_texts(at.get_by_key("inbox")))
    assert "Submit “Minimal grid”" in lines and "Overdue" in lines
    assert "Cité des métiers de Namur · Campagne 2026" in lines
    # the authority sees the late self-assessments of every Cité
    authority = page(world.authority, "overview", **{CITE_KEY: world.own.id})
    lines = "\n".join(_texts(authority.get_by_key("inbox")))
    assert "Namur" in lines and "Porto" in lines and "Overdue" in lines


def test_inbox_lists_a_recommendation_to_answer_and_leads_to_it(
    world: World, engine: Engine
) -> None:
    submitted(engine, world)
    note = recommend(engine, world)
    at = page(world.director, "overview")
    lines = _texts(at.get_by_key("inbox"))
    assert any(f"Answer: Recommendation — {ADVICE}" in line for line in lines)
    button(at, "Go there", f"inbox.answer.{note.id}").click().run()
    no_exception(at)
    assert at.title[0].value == "Minimal grid"
    assert ADVICE in _texts(at.get_by_key(f"note-{note.id}"))


def test_nothing_due_for_an_assessor(world: World, engine: Engine) -> None:
    with Session(engine) as session:
        assessor = invited(session, world)
    at = page(assessor, "overview")
    shown = text_of(at)
    assert "Nothing is due." in shown and "The label authority's review" not in shown


# --- labelling decisions --------------------------------------------------------------------


def test_a_labelling_decision_rests_on_chosen_recommendations(world: World, engine: Engine) -> None:
    submitted(engine, world)
    note = recommend(engine, world)
    at = page(world.authority, "cites")
    at.selectbox(key="cites.chosen").set_value(world.own.id).run()
    basis = at.multiselect(key=f"cites.basis.{world.own.id}")
    (name,) = basis.options
    assert name.startswith("Campagne 2026 · Recommendation — Minimal grid — 7.4")
    assert ADVICE in name
    basis.set_value([note.id])
    button(at, "Record the decision").click().run()
    no_exception(at)
    at.button(key="cites.decision.yes").click().run()
    no_exception(at)
    # emptied for the next decision (set, not forgotten: the browser kept a forgotten choice)
    assert at.session_state[f"cites.basis.{world.own.id}"] == []
    with Session(engine) as session:
        (rests,) = session.exec(select(DecisionBasis)).all()
    assert rests.note_id == note.id
    assert any(ADVICE in v for v in at.dataframe[1].value["Rests on"])


def test_no_action_from_a_note_of_a_closed_campaign(world: World, engine: Engine) -> None:
    submitted(engine, world)
    recommend(engine, world)
    with Session(engine) as session:
        campaigns.close_campaign(session, world.authority, campaign_id=world.campaign.id)
    at = page(world.director, "fill")
    assert not [b for b in at.button if b.label == "Turn into an action"]
    assert "Campaign Campagne 2026 is closed" in text_of(at)
    assert [t for t in at.text_area if t.label == "Your answer"]  # it can still be answered


def test_a_new_director_sees_what_is_expected_and_goes_there(world: World, engine: Engine) -> None:
    with Session(engine) as session:
        new = make_cite(session, "Cité des métiers de Charleroi", country="Belgique")
        director = make_user(session, "charleroi", Role.director, cite_id=new.id)
    at = page(director, "overview")
    lines = "\n".join(_texts(at.get_by_key("inbox")))
    assert "Submit “Minimal grid”" in lines and "Cité des métiers de Charleroi" in lines
    button(at, "Go there", "inbox.submit.").click().run()
    no_exception(at)
    assert at.title[0].value == "Minimal grid"
    assert "The Cité has not started this questionnaire." not in text_of(at)
    assert at.get_by_key("item-accueil-sans_rdv")  # its questions, to answer


def test_an_invited_assessor_rates_a_grid_the_cite_has_not_started(
    world: World, engine: Engine
) -> None:
    with Session(engine) as session:
        new = make_cite(session, "Cité des métiers de Charleroi", country="Belgique")
        director = make_user(session, "charleroi", Role.director, cite_id=new.id)
        assessor = ratings.invite_assessor(
            session,
            director,
            campaign_id=world.campaign.id,
            login="eval-charleroi",
            name="Eva",
            password=FACTORY_PASSWORD,
        )
    at = page(assessor, "fill")
    assert "The Cité has not started this questionnaire." not in text_of(at)
    assert any(b.label == "Save my rating" for b in at.button)
