"""The label authority's and administrators' pages (Cités, accounts, campaigns, follow-up,
comparison) and the directors' "my Cité and the network", run in AppTest on the
hand-computed network of `tests/network.py`."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from cdm_quality.services.people import sessions, users
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.storage.tables import (
    Campaign,
    CampaignState,
    Cite,
    PhaseEvent,
    Response,
    Role,
    User,
)
from cdm_quality.ui.compare_view import heatmap_frame
from tests.databases import seeded
from tests.network import Network, build_network
from tests.ui.conftest import goto, no_exception, open_app


@pytest.fixture
def net(engine: Engine) -> Network:
    with Session(engine, expire_on_commit=False) as session:
        return seeded(session, build_network)


def page(net: Network, role: str, key: str, **state: object) -> AppTest:
    actor = net.directors["Namur"] if role == "director" else getattr(net, role)
    at = goto(open_app(user_id=actor.id, lang="en", **state), key)
    no_exception(at)
    return at


def shown_text(at: AppTest) -> str:
    """Everything a page shows as text, tables included."""
    parts = [
        e.value for kind in ("markdown", "caption", "info", "error", "title") for e in at.get(kind)
    ]
    parts += [str(e.label) for e in at.get("selectbox")]
    parts += [str(o) for e in at.get("selectbox") for o in e.options]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


# --- Cités --------------------------------------------------------------------------------


def test_cites_page_lists_the_network(net: Network) -> None:
    at = page(net, "authority", "cites")
    table = at.dataframe[0].value
    assert len(table) == len(net.cites)
    assert "Cité des métiers Porto" in set(table["Name"])
    since = [d for d in table["Last decision on"] if d]
    assert since and all(re.fullmatch(r"\d\d/\d\d/\d{4}", d) for d in since)  # never ISO
    assert not at.get("tabs") or all("New Cité" not in t.label for t in at.tabs)


def test_authority_records_a_phase_decision(net: Network, engine: Engine) -> None:
    at = page(net, "authority", "cites")
    at.selectbox(key="cites.chosen").set_value(net.id("Porto")).run()
    at.text_area[0].input("Jury du 12 mai : préfiguration prolongée")
    submit = next(b for b in at.button if b.label == "Record the decision")
    submit.click().run()
    no_exception(at)
    question = at.warning[0].value  # it changes the Cité's phase: asked first
    assert question.startswith("Record the decision “") and "Porto" in question
    with Session(engine) as session:
        before = session.exec(select(PhaseEvent).where(PhaseEvent.cite_id == net.id("Porto")))
        assert all(e.note != "Jury du 12 mai : préfiguration prolongée" for e in before)
    at.button(key="cites.decision.yes").click().run()
    no_exception(at)
    assert at.success[0].value == "Decision recorded."
    with Session(engine) as session:
        events = session.exec(select(PhaseEvent).where(PhaseEvent.cite_id == net.id("Porto"))).all()
    assert events[-1].note == "Jury du 12 mai : préfiguration prolongée"
    assert events[-1].decided_on == dt.date.today()


def test_admin_creates_and_edits_a_cite(net: Network, engine: Engine) -> None:
    at = page(net, "admin", "cites")
    name_inputs = [t for t in at.text_input if t.label == "Name"]
    name_inputs[0].input("Cité des métiers de Charleroi-Sud")
    [t for t in at.text_input if t.label == "City"][0].input("Charleroi")
    [t for t in at.text_input if t.label == "Country"][0].input("Belgique")
    next(b for b in at.button if b.label == "Create the Cité").click().run()
    no_exception(at)
    assert "Cité created." in [s.value for s in at.success]
    with Session(engine) as session:
        created = session.exec(
            select(Cite).where(Cite.name == "Cité des métiers de Charleroi-Sud")
        ).one()
    assert (created.city, created.country) == ("Charleroi", "Belgique")


def test_admin_sets_the_date_a_cite_opened_to_the_public(net: Network, engine: Engine) -> None:
    at = page(net, "admin", "cites")
    at.selectbox(key="cites.edit_chosen").set_value(net.id("Namur")).run()
    opened = [d for d in at.date_input if d.label == "Open to the public since"]
    opened[-1].set_value(dt.date(2016, 6, 1))
    next(b for b in at.button if b.label == "Save").click().run()
    no_exception(at)
    with Session(engine) as session:
        namur = session.get(Cite, net.id("Namur"))
    assert namur.opened_on == dt.date(2016, 6, 1)
    assert "01/06/2016" in set(at.dataframe[0].value["Open to the public since"])


def test_admin_sees_why_an_empty_cite_is_refused(net: Network) -> None:
    at = page(net, "admin", "cites")
    next(b for b in at.button if b.label == "Create the Cité").click().run()
    no_exception(at)
    assert at.error and "Input refused" in at.error[0].value


# --- accounts -----------------------------------------------------------------------------


def test_admin_adds_and_disables_an_account(net: Network, engine: Engine) -> None:
    at = page(net, "admin", "users")
    assert "autorite" in set(at.dataframe[0].value["Login"])
    [t for t in at.text_input if t.label == "Login"][0].input("nouvelle")
    [t for t in at.text_input if t.label == "Name"][0].input("Nouvelle Directrice")
    role = next(s for s in at.selectbox if s.label == "Role")
    role.set_value(Role.director)
    cite = next(s for s in at.selectbox if s.label == "Cité")
    cite.set_value(net.id("Lyon"))
    [t for t in at.text_input if t.label == "Initial password"][0].input("un-mot-de-passe")
    next(b for b in at.button if b.label == "Create the account").click().run()
    no_exception(at)
    assert "Account nouvelle created." in [s.value for s in at.success]
    at.selectbox(key="users.target").set_value("nouvelle").run()
    at.button(key="users.toggle").click().run()
    no_exception(at)
    assert "Disable the account nouvelle?" in at.warning[0].value  # asked first
    with Session(engine) as session:
        assert session.exec(select(User).where(User.login == "nouvelle")).one().active
    at.button(key="users.toggle_confirm.yes").click().run()
    no_exception(at)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.login == "nouvelle")).one()
    assert (user.cite_id, user.active) == (net.id("Lyon"), False)
    at.button(key="users.toggle").click().run()  # enabling again needs no confirmation
    with Session(engine) as session:
        assert session.exec(select(User).where(User.login == "nouvelle")).one().active


def test_admin_moves_an_account_to_another_cite_which_ends_its_sessions(
    net: Network, engine: Engine
) -> None:
    moved, other = net.directors["Lyon"], net.id("Namur")
    with Session(engine) as session:
        token = sessions.open_session(session, moved)
    at = page(net, "admin", "users")
    at.selectbox(key="users.target").set_value(moved.login).run()
    at.selectbox(key=f"users.cite.{moved.login}").set_value(other)
    next(b for b in at.button if b.label == "Change the role or Cité").click().run()
    no_exception(at)
    assert at.success
    with Session(engine) as session:
        assert session.get(User, moved.id).cite_id == other
        assert sessions.resume(session, token).actor is None


def test_an_assessor_is_invited_not_made_here_but_can_be_moved_with_its_campaign(
    net: Network, engine: Engine
) -> None:
    """The admin page offered 'Assessor' without asking its campaign, so it was always refused,
    and moving an assessor dropped its Cité."""
    with Session(engine) as session:
        invited = users.add_user(
            session,
            SYSTEM,
            login="evaluateur",
            name="Un Évaluateur",
            password="un-mot-de-passe",
            role=Role.assessor,
            cite_id=net.id("Lyon"),
            campaign_id=net.new.id,
        )
    at = page(net, "admin", "users")
    offered = next(s for s in at.selectbox if s.label == "Role").options
    assert "Contributor" in offered and "Invited assessor" not in offered
    at.selectbox(key="users.target").set_value(invited.login).run()
    at.selectbox(key=f"users.cite.{invited.login}").set_value(net.id("Namur"))
    next(b for b in at.button if b.label == "Change the role or Cité").click().run()
    no_exception(at)
    assert at.success
    with Session(engine) as session:
        user = session.get(User, invited.id)
    assert (user.role, user.cite_id, user.campaign_id) == (
        Role.assessor,
        net.id("Namur"),
        net.new.id,
    )


def test_a_refused_account_keeps_what_was_typed_and_says_why_in_french(net: Network) -> None:
    at = page(net, "admin", "users")
    at.session_state["lang"] = "fr"
    at.run()
    at.text_input(key="users.new.login").input("nouvelle")
    at.text_input(key="users.new.name").input("Nouvelle Directrice")
    at.selectbox(key="users.new.cite").set_value(net.id("Lyon"))
    at.text_input(key="users.new.password").input("court")
    next(b for b in at.button if b.label == "Créer le compte").click().run()
    no_exception(at)
    assert "Un mot de passe compte entre 8 et 256 caractères." in [e.value for e in at.error]
    assert at.text_input(key="users.new.login").value == "nouvelle"
    assert at.text_input(key="users.new.name").value == "Nouvelle Directrice"
    assert at.selectbox(key="users.new.cite").value == net.id("Lyon")
    assert at.text_input(key="users.new.password").value == "court"


# --- campaigns ----------------------------------------------------------------------------


def test_authority_creates_opens_and_closes_a_campaign(net: Network, engine: Engine) -> None:
    at = page(net, "authority", "campaigns")
    assert set(at.dataframe[0].value["Year"]) == {2025, 2026}
    at.number_input[0].set_value(2027)
    next(b for b in at.button if b.label == "Create (in preparation)").click().run()
    no_exception(at)
    with Session(engine) as session:
        created = session.exec(select(Campaign).where(Campaign.year == 2027)).one()
    assert created.state is CampaignState.draft
    at.checkbox(key="cp.close_sure").check().run()
    at.button(key="cp.close").click().run()
    no_exception(at)
    at.button(key="cp.open_btn").click().run()
    no_exception(at)
    with Session(engine) as session:
        states = {c.year: c.state for c in session.exec(select(Campaign)).all()}
    assert states == {
        2025: CampaignState.closed,
        2026: CampaignState.closed,
        2027: CampaignState.open,
    }


def test_admin_has_the_campaigns_page_proposing_the_next_year(net: Network) -> None:
    at = page(net, "admin", "campaigns")
    no_exception(at)
    assert at.number_input[0].value == max(2027, dt.date.today().year)  # 2025, 2026 exist
    name = next(i for i in at.text_input if i.label == "Name")
    assert name.placeholder == f"Autoévaluation {at.number_input[0].value}"


def test_a_closed_campaign_is_reopened_after_confirming(net: Network, engine: Engine) -> None:
    at = page(net, "authority", "campaigns")
    at.checkbox(key="cp.close_sure").check().run()
    at.button(key="cp.close").click().run()  # 2026 closed: 2025 and 2026 can reopen
    at.selectbox(key="cp.reopen").set_value(next(iter(_years(engine, 2025))))
    at.button(key="cp.reopen_btn").click().run()
    no_exception(at)
    assert _states(engine)[2025] is CampaignState.closed  # asked first
    at.button(key="cp.reopen_confirm.yes").click().run()
    no_exception(at)
    assert _states(engine) == {2025: CampaignState.open, 2026: CampaignState.closed}


def _years(engine: Engine, year: int) -> list[int]:
    with Session(engine) as session:
        return [c.id for c in session.exec(select(Campaign).where(Campaign.year == year)).all()]


def _states(engine: Engine) -> dict[int, CampaignState]:
    with Session(engine) as session:
        return {c.year: c.state for c in session.exec(select(Campaign)).all()}


def test_opening_a_second_campaign_is_refused_with_a_message(net: Network, engine: Engine) -> None:
    at = page(net, "authority", "campaigns")
    at.number_input[0].set_value(2028)
    next(b for b in at.button if b.label == "Create (in preparation)").click().run()
    at.button(key="cp.open_btn").click().run()
    no_exception(at)
    assert "Another campaign is open" in at.error[0].value


# --- follow-up ----------------------------------------------------------------------------


def test_follow_up_shows_states_and_progress(net: Network) -> None:
    at = page(net, "authority", "follow_up")
    table = at.dataframe[0].value
    assert len(table) == len(net.cites)  # one questionnaire in the campaign
    states = dict(zip(table["Cité"], table["State"], strict=True))
    assert states["Cité des métiers Turin"] == "In progress"
    assert states["Cité des métiers Charleroi"] == "Not started"
    assert [m.value for m in at.metric] == ["1", "1", "4", "0"]
    assert len(at.get("download_button")) == 4  # table and answers, CSV and XLSX


def test_follow_up_progress_is_answered_out_of_asked(net: Network) -> None:
    """Porto answered its one required question but 3 of the 4 asked: 75, not a full bar;
    Charleroi has not started: 0 of the 4 its phase asks, not '0 / 0'."""
    at = page(net, "authority", "follow_up")
    table = at.dataframe[0].value.set_index("Cité")
    porto, charleroi = "Cité des métiers Porto", "Cité des métiers Charleroi"
    assert table.loc[porto, "Progress"] == 75
    assert table.loc[porto, "Answers / questions"] == "3 / 4"
    assert table.loc[charleroi, "Progress"] == 0
    assert table.loc[charleroi, "Answers / questions"] == "0 / 4"


def test_follow_up_filters_by_country(net: Network) -> None:
    at = page(net, "authority", "follow_up")
    country = next(s for s in at.selectbox if s.label == "Country")
    country.set_value("Belgique").run()
    no_exception(at)
    assert set(at.dataframe[0].value["Cité"]) == {
        "Cité des métiers Namur",
        "Cité des métiers Charleroi",
    }


def _state(engine: Engine, response_id: int) -> str:
    with Session(engine) as session:
        response = session.get(Response, response_id)
        assert response is not None
        return response.state.value


def test_authority_reopens_the_chosen_response_with_a_reason_after_confirming(
    net: Network, engine: Engine
) -> None:
    lyon = net.responses[(2026, "Lyon")]
    at = page(net, "authority", "follow_up")
    which = next(s for s in at.selectbox if s.label == "Submitted self-assessment")
    which.set_value(lyon)
    next(b for b in at.button if b.label == "Reopen").click().run()
    no_exception(at)
    assert "Give the reason for reopening" in shown_text(at)  # no reason: refused, kept
    assert _state(engine, lyon) == "submitted"
    at.text_input(key="fu.reopen_reason").input("Pièce manquante")
    next(b for b in at.button if b.label == "Reopen").click().run()
    question = " ".join(w.value for w in at.warning)
    assert "Cité des métiers Lyon" in question and "Tiny grid" in question
    assert "Pièce manquante" in question
    assert _state(engine, lyon) == "submitted"  # not before the confirmation
    at.button(key="fu.reopen.yes").click().run()
    no_exception(at)
    assert _state(engine, lyon) == "reopened"
    assert "Reopened: Cité des métiers Lyon" in " ".join(s.value for s in at.success)
    which = next(s for s in at.selectbox if s.label == "Submitted self-assessment")
    assert which.value is None  # the choice does not move to another Cité
    with Session(engine) as session:
        response = session.get(Response, lyon)
        assert response is not None and response.reopen_reason == "Pièce manquante"


def test_follow_up_opens_a_cites_synthesis_and_plan(net: Network) -> None:
    for target, title in (("synthesis", "8.1.1"), ("plan", "8.1.2")):
        at = page(net, "authority", "follow_up")
        at.selectbox(key="fu.read_cite").set_value(net.id("Porto")).run()
        at.button(key=f"fu.read.{target}").click().run()
        no_exception(at)
        assert title in at.title[0].value
        assert at.session_state["sel.cite_id"] == net.id("Porto")


# --- comparison ---------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["heatmap", "distribution", "benchmark", "evolution"])
@pytest.mark.parametrize("role", ["authority", "admin"])
def test_every_comparison_view_has_a_chart_a_table_and_a_download(
    net: Network, role: str, view: str
) -> None:
    at = page(net, role, "compare")
    at.radio(key="compare.view").set_value(view).run()
    no_exception(at)
    assert not at.error
    assert at.dataframe, "a table view"
    assert len(at.get("download_button")) == 1
    assert [tab.label for tab in at.tabs] == ["Chart", "Table"]
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


@pytest.mark.parametrize(("lang", "decimal"), [("fr", ","), ("en", ".")])
def test_a_charts_numbers_read_in_the_readers_notation(
    net: Network, lang: str, decimal: str
) -> None:
    """Tooltips show scores with one decimal: 68,8 in French (Vega wrote 68.8 in any language)."""
    at = goto(open_app(user_id=net.authority.id, lang=lang), "compare")
    no_exception(at)
    [chart] = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["config"]["locale"]["number"]["decimal"] == decimal
    assert any(tip.get("format") == ".1f" for tip in spec["layer"][0]["encoding"]["tooltip"])


def test_heatmap_table_holds_the_hand_computed_scores(net: Network) -> None:
    at = page(net, "authority", "compare")
    table = at.dataframe[0].value.set_index("Cité")
    assert table.loc["Cité des métiers Namur", "Overall"] == 68.8
    assert table.loc["Cité des métiers Porto", "Section B"] == 0
    assert "Cité des métiers Turin" not in table.index  # a draft
    at.checkbox(key="compare.drafts").check().run()
    assert "Cité des métiers Turin" in at.dataframe[0].value["Cité"].tolist()


def test_heatmap_frame_columns_follow_the_sections(net: Network, engine: Engine) -> None:
    from cdm_quality.services import compare

    with Session(engine) as session:
        found = compare.heatmap(
            session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny"
        )
    frame = heatmap_frame(found, "en")
    assert list(frame.columns)[-2:] == ["Section A", "Section B"]


# --- a director's own Cité against the network --------------------------------------------


def test_director_sees_own_cite_and_no_other(net: Network) -> None:
    at = page(net, "director", "network")
    assert not at.error
    text = shown_text(at)
    assert "Cité des métiers Namur" in text
    for name, cite in net.cites.items():
        if name != "Namur":
            assert cite.name not in text
    benchmark = at.dataframe[0].value
    assert benchmark.iloc[0]["Network median"] is None  # 2026 is open: nothing published yet
    assert "network figures will be published when it closes" in text
    assert "other Cités with a score" not in text  # no count beside withheld figures


def test_director_is_not_offered_the_authority_pages(net: Network) -> None:
    at = page(net, "director", "network")
    with pytest.raises(ValueError):
        at.switch_page("cdm_quality/ui/pages/compare.py")


def test_a_campaign_made_empties_the_form_and_a_draft_can_be_deleted(
    net: Network, engine: Engine
) -> None:
    at = page(net, "authority", "campaigns")
    at.number_input(key="cp.new.year.0").set_value(2027)
    at.date_input(key="cp.new.opens.0").set_value(dt.date(2027, 1, 10))
    at.date_input(key="cp.new.closes.0").set_value(dt.date(2027, 12, 20))
    next(b for b in at.button if b.label == "Create (in preparation)").click().run()
    no_exception(at)
    assert at.success[0].value.startswith("Campaign created in preparation")
    # a new form: next year proposed, no dates kept from the last one
    assert at.number_input(key="cp.new.year.1").value == 2028
    assert at.date_input(key="cp.new.opens.1").value is None
    at.date_input(key="cp.new.opens.1").set_value(dt.date(2027, 1, 10))
    next(b for b in at.button if b.label == "Create (in preparation)").click().run()
    assert "fall in 2028" in at.error[0].value  # refused, what was typed kept
    assert at.date_input(key="cp.new.opens.1").value == dt.date(2027, 1, 10)
    at.button(key="cp.delete").click().run()
    assert "Delete the draft campaign" in at.warning[0].value
    at.button(key="cp.delete_confirm.yes").click().run()
    no_exception(at)
    with Session(engine) as session:
        assert session.exec(select(Campaign).where(Campaign.year == 2027)).first() is None
