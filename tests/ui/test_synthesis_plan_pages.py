"""The 8.1.1 synthesis and 8.1.2 plan pages in AppTest, on the hand-computed network of
`tests/network.py`: a director's own Cité, the label authority on any Cité, edits of
the plan table saved (or refused with row and field named), conflicts, proposals, carrying
over, and hostile user text shown literally."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from cdm_quality.domain.plan import ActionDraft, ActionStatus
from cdm_quality.services.assessment import synthesis
from cdm_quality.services.labelling import attachments
from cdm_quality.services.responses import reopen_response, save_answer
from cdm_quality.storage.tables import ImprovementAction, Role
from tests import plan_edits
from tests.databases import seeded
from tests.factories import make_user
from tests.network import Network, build_network
from tests.ui.conftest import goto, no_exception, open_app

HOSTILE = (
    "<script>alert('x')</script> **gras** _it_ [lien](javascript:alert(1)) :red[rouge] $x^2$ "
    "# titre\n- puce\n| a | b |\n"
    "مرحبا بكم في مدينة المهن — שלום 👩🏽‍🔧🇫🇷 ‮inversé‬ "
)
HOSTILE = (HOSTILE * 40)[:4996] + " fin"  # 5,000 characters, ending in plain text


@pytest.fixture
def net(engine: Engine) -> Network:
    with Session(engine, expire_on_commit=False) as session:
        return seeded(session, build_network)


def page(net: Network, who: str, key: str, **state: object) -> AppTest:
    actor = net.directors.get(who) or getattr(net, who)
    at = goto(open_app(user_id=actor.id, lang="en", **state), key)
    no_exception(at)
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "error", "success", "title")
        for e in at.get(kind)
    ]
    parts += [df.value.to_csv() for df in at.dataframe]
    return unescape("\n".join(str(p) for p in parts))


def unescape(text: str) -> str:
    """Text as the reader sees it: `escape_markdown`'s backslashes removed."""
    return re.sub(r"\\(.)", r"\1", text)


def remark_on_namur(engine: Engine, net: Network, text: str, item_id: str = "b.plus") -> None:
    with Session(engine) as session:
        response_id = net.responses[(2026, "Namur")]
        reopen_response(session, net.authority, response_id=response_id, reason="À compléter")
        save_answer(
            session, net.directors["Namur"], response_id=response_id, item_id=item_id, remark=text
        )


def actions(engine: Engine, net: Network) -> list[ImprovementAction]:
    with Session(engine) as session:
        query = select(ImprovementAction).where(ImprovementAction.cite_id == net.id("Namur"))
        return list(session.exec(query.order_by(ImprovementAction.id)).all())


def add_action(engine: Engine, net: Network, title: str, **fields: object) -> int:
    with Session(engine) as session:
        made = plan_edits.add_action(
            session,
            net.directors["Namur"],
            cite_id=net.id("Namur"),
            campaign_id=net.new.id,
            action=ActionDraft(title=title, **fields),
        )
    return made.id


def editor_key(net: Network, generation: int = 0) -> str:
    return f"plan.editor.{net.id('Namur')}.{net.new.id}.{generation}"


def edit(at: AppTest, key: str, **state: object) -> AppTest:
    """Seed the data editor's edits (what the browser sends) and run the page."""
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []} | state
    at.run()
    no_exception(at)
    return at


# --- synthesis ----------------------------------------------------------------------------


def test_director_sees_own_synthesis_beside_last_year_and_network(
    engine: Engine, net: Network
) -> None:
    at = page(net, "Namur", "synthesis")
    assert at.title[0].value == "8.1.1 Synthesis of remarks"
    sections = at.dataframe[0].value
    assert sections.to_dict("records")[0] == {
        "Section": "Section A",
        "Score": "62.5",
        "Previous campaign": "50",
        "Network median": "—",  # the 2026 campaign is open: no network figure published yet
        "Change": "+12.5",
    }
    assert at.get("vega_lite_chart"), "the section scores chart is missing"
    shown = texts(at)
    assert "Campagne 2025" in shown and "published once, when the campaign closes" in shown
    assert "so far" not in shown  # no count of the Cités behind a withheld median
    for other in ("Porto", "Lyon", "Geneve", "Turin", "Charleroi"):
        assert other not in shown


def test_a_director_cannot_choose_another_cite(engine: Engine, net: Network) -> None:
    at = page(net, "Porto", "synthesis", **{"sel.cite_id": net.id("Namur")})
    assert "Cité des métiers Porto" in texts(at)
    assert "Namur" not in texts(at)


def test_authority_reads_any_cites_synthesis_and_plan(engine: Engine, net: Network) -> None:
    add_action(engine, net, "Ouvrir le samedi")
    at = page(net, "authority", "synthesis", **{"sel.cite_id": net.id("Namur")})
    assert "Cité des métiers Namur" in texts(at)
    assert at.dataframe[0].value.iloc[0]["Score"] == "62.5"
    at = goto(at, "plan")
    no_exception(at)
    assert not at.data_editor, "the authority must not get an editable plan"
    assert list(at.dataframe[0].value["title"]) == ["Ouvrir le samedi"]
    assert "Read-only: only the Cité's team changes its plan." in texts(at)
    assert not [b for b in at.button if b.key == "plan.propose"]


def test_hostile_remark_shows_literally(engine: Engine, net: Network) -> None:
    assert len(HOSTILE) == 5000
    remark_on_namur(engine, net, HOSTILE)
    at = page(net, "Namur", "synthesis")
    visible = HOSTILE.replace("\u202e", "").replace("\u202c", "")  # bidi controls dropped
    items = at.dataframe[2].value  # sections, findings, then every answer
    assert items.loc[items["Criterion"] == "More", "Remark"].item() == visible
    # read in full: the text escaped as HTML, marked with the language it was written in
    reader = [e.proto.body for e in at.get("html") if "cdmq-written" in e.proto.body]
    escaped = html.escape(visible).replace("\n", "<br>")
    assert reader == [f'<div class="cdmq-written" lang="fr">{escaped}</div>'], "not as written"
    for element in at.markdown:
        assert "<script>" not in element.value and "](javascript:" not in element.value
    assert all("<script>" not in body for body in reader)


def test_each_finding_shows_its_recorded_proof(engine: Engine, net: Network) -> None:
    remark_on_namur(engine, net, "Comptes rendus diffusés")
    with Session(engine) as session:
        director, response_id = net.directors["Namur"], net.responses[(2026, "Namur")]
        save_answer(
            session, director, response_id=response_id, item_id="b.plus", evidence="Bilan 2026"
        )
        attachments.add_link(
            session,
            director,
            response_id=response_id,
            item_id="b.plus",
            url="https://cdm.example/bilan",
            name="Bilan en ligne",
        )
    at = page(net, "Namur", "synthesis")
    expected = "Bilan 2026 · Attachments: Bilan en ligne"
    for table in (at.dataframe[1].value, at.dataframe[2].value):  # findings, every answer
        assert table.loc[table["Criterion"] == "More", "Evidence"].item() == expected


def test_filter_keeps_areas_for_improvement(engine: Engine, net: Network) -> None:
    at = page(net, "Namur", "synthesis")
    at.button_group[0].set_value("improvement").run()
    assert list(at.dataframe[2].value["Criterion"]) == ["More"]


# --- plan ---------------------------------------------------------------------------------


def test_propose_then_edit_a_cell_saves_it(engine: Engine, net: Network) -> None:
    at = page(net, "Namur", "plan")
    assert at.data_editor[0].value.empty
    next(b for b in at.button if b.key == "plan.propose").click().run()
    no_exception(at)
    assert "1 action proposed." in texts(at)
    assert list(at.data_editor[0].value["title"]) == ["Improve: more"]
    key = next(
        k
        for k in at.session_state
        if str(k).startswith("plan.editor.") and not str(k).endswith(".tracked")
    )
    edit(
        at,
        key,
        edited_rows={
            0: {
                "title": "Revoir « plus »",
                "effectiveness": 3,
                "feasibility": 4,
                "due": "2026-06-30",
            }
        },
    )
    assert any(s.value.startswith("Saved on") for s in at.success)
    stored = actions(engine, net)
    assert [(a.title, a.priority, a.due_on, a.version) for a in stored] == [
        ("Revoir « plus »", 12, dt.date(2026, 6, 30), 2)
    ]
    at.run()  # a run the editor did not start: the table is drawn afresh, priority computed
    table = at.data_editor[0].value
    assert (table["title"].item(), table["priority"].item()) == ("Revoir « plus »", 12)
    assert at.get("vega_lite_chart"), "the timeline is missing"


def test_invalid_rows_are_named_and_nothing_is_saved(engine: Engine, net: Network) -> None:
    add_action(engine, net, "Existante")
    at = page(net, "Namur", "plan")
    edit(
        at,
        editor_key(net),
        edited_rows={0: {"title": "Existante modifiée"}},
        added_rows=[{"description": "sans titre", "start": "2026-09-01", "due": "2026-03-01"}],
    )
    assert at.error[0].value.startswith("Not saved: 2 problems")
    shown = texts(at)
    assert "Row 2, “Title”: the title is empty" in shown
    assert "Row 2, “Due”: the due date (01/03/2026) is before the start (01/09/2026)" in shown
    assert [a.title for a in actions(engine, net)] == ["Existante"]
    assert at.button(key="plan.propose").disabled


@pytest.mark.parametrize(
    ("lang", "status", "due", "typed"),
    [
        ("fr", "En cours", "30/06/2026", "15/10/2026"),
        ("en", "In progress", "30/06/2026", "15/10/2026"),
    ],
)
def test_cells_read_in_the_readers_language(
    engine: Engine, net: Network, lang: str, status: str, due: str, typed: str
) -> None:
    """Issue 24 item 14: a screen reader heard "in_progress" and ISO dates (a cell is read by
    its value): the cells hold the status's label and the date as the reader writes it."""
    add_action(engine, net, "Samedi", status=ActionStatus.in_progress, due=dt.date(2026, 6, 30))
    actor = net.directors["Namur"]
    at = goto(open_app(user_id=actor.id, lang=lang), "plan")
    row = at.data_editor[0].value.iloc[0]
    assert (row["status"], row["due"]) == (status, due)
    assert "in_progress" not in texts(at) and "2026-06-30" not in texts(at)
    edit(at, editor_key(net), edited_rows={0: {"due": typed}})
    assert [a.due_on for a in actions(engine, net)] == [dt.date(2026, 10, 15)]
    at.run()  # drawn afresh from what is stored
    assert at.data_editor[0].value.iloc[0]["due"] == typed


def test_a_rating_out_of_the_scale_is_refused_and_kept(engine: Engine, net: Network) -> None:
    """Issue 24 item 14: 7 typed for effectiveness (1–4) was brought down to 4 silently."""
    add_action(engine, net, "Samedi", effectiveness=2)
    at = page(net, "Namur", "plan")
    assert "max_value" not in str(at.data_editor[0].proto.columns)  # the editor does not clamp
    edit(at, editor_key(net), edited_rows={0: {"effectiveness": 7}})
    assert at.error[0].value.startswith("Not saved: 1 problem")
    assert "Row 1, “Effectiveness”: “7” is not a rating; choose 1, 2, 3 or 4." in texts(at)
    assert [a.effectiveness for a in actions(engine, net)] == [2]
    assert at.session_state[editor_key(net)]["edited_rows"][0]["effectiveness"] == 7  # kept


def test_deleting_a_row_deletes_the_action(engine: Engine, net: Network) -> None:
    add_action(engine, net, "Garder")
    add_action(engine, net, "Supprimer")
    at = page(net, "Namur", "plan")
    edit(at, editor_key(net), deleted_rows=[1])
    assert [a.title for a in actions(engine, net)] == ["Garder"]
    at.run()
    assert list(at.data_editor[0].value["title"]) == ["Garder"]


def test_a_colleagues_change_is_not_overwritten(engine: Engine, net: Network) -> None:
    action_id = add_action(engine, net, "Samedi")
    at = page(net, "Namur", "plan")
    with Session(engine) as session:
        colleague = make_user(
            session, "collegue", Role.contributor, cite_id=net.id("Namur"), name="Léa Colin"
        )
        plan_edits.change_action(
            session,
            colleague,
            cite_id=net.id("Namur"),
            campaign_id=net.new.id,
            action_id=action_id,
            action=ActionDraft(title="Samedi matin"),
        )
    edit(at, editor_key(net), edited_rows={0: {"title": "Dimanche"}})
    assert "Léa Colin changed the action “Samedi matin”" in at.error[0].value
    assert [a.title for a in actions(engine, net)] == ["Samedi matin"]
    at.button(key="plan.reload").click().run()
    assert list(at.data_editor[0].value["title"]) == ["Samedi matin"]


def test_carry_over_brings_last_years_unfinished_actions(engine: Engine, net: Network) -> None:
    with Session(engine) as session:
        for status in ActionStatus:
            session.add(
                ImprovementAction(
                    cite_id=net.id("Namur"),
                    campaign_id=net.old.id,
                    title=f"2025 {status.value}",
                    status=status,
                )
            )
        session.commit()
    at = page(net, "Namur", "plan")
    carry = at.button(key="plan.carry")
    assert carry.label == "Carry over last year"
    assert carry.help.startswith("2 planned or in-progress actions of the Campagne 2025 plan")
    carry.click().run()
    no_exception(at)
    table = at.data_editor[0].value
    assert list(table["title"]) == ["2025 planned", "2025 in_progress"]
    assert set(table["continues"]) == {"Campagne 2025"}
    assert not [b for b in at.button if b.key == "plan.carry"]  # nothing left to carry
    # the closed 2025 plan now says what the 2026 plan did, and flags none of them overdue
    at = page(net, "Namur", "plan", **{"sel.campaign_id": net.old.id})
    shown = texts(at)
    assert "« 2025 planned » : Carried over to the next plan (Campagne 2026)" in shown
    assert "Past due" not in shown


def test_a_closed_campaigns_plan_is_read_only(engine: Engine, net: Network) -> None:
    at = page(net, "Namur", "plan", **{"sel.campaign_id": net.old.id})
    assert "Read-only: campaign Campagne 2025 is closed." in texts(at)
    assert not at.data_editor


def test_hostile_action_text_shows_literally(engine: Engine, net: Network) -> None:
    title = HOSTILE[:300].strip()
    add_action(engine, net, title, description=HOSTILE, owner="**Moi** <b>")
    at = page(net, "Namur", "plan")
    row = at.data_editor[0].value.iloc[0]
    assert (row["title"], row["description"], row["owner"]) == (title, HOSTILE, "**Moi** <b>")


def test_french_labels_and_messages(engine: Engine, net: Network) -> None:
    actor = net.directors["Namur"]
    at = goto(open_app(user_id=actor.id, lang="fr"), "plan")
    edit(at, editor_key(net), added_rows=[{"title": " ", "owner": "Moi"}])
    assert "Ligne 1, « Titre » : le titre est vide" in texts(at)


def test_a_row_just_added_waits_blank_for_its_title(engine: Engine, net: Network) -> None:
    at = page(net, "Namur", "plan")
    edit(at, editor_key(net), added_rows=[{}])
    assert not at.error and not at.success
    assert len(at.data_editor) == 1 and f"{editor_key(net)}.tracked" in at.session_state
    assert actions(engine, net) == []
    edit(at, editor_key(net), added_rows=[{"title": "Enfin un titre"}])
    assert [a.title for a in actions(engine, net)] == ["Enfin un titre"]


def saved_count(at: AppTest) -> str:
    return next((s.value for s in at.success if s.value.startswith("Saved on")), "")


def test_saves_in_a_row_keep_one_editor_and_store_each_edit_once(
    engine: Engine, net: Network
) -> None:
    """Issue 19: a new editor after each save lost a click or a key landing while the
    browser drew it. The editor stays the same element across saves (same key, same rows
    given: the browser keeps it), and the edits it sends again on each run are saved once."""
    add_action(engine, net, "Samedi")
    at = page(net, "Namur", "plan")
    key, element = editor_key(net), at.data_editor[0].proto.id
    samedi = {0: {"owner": "Léa"}}
    edit(at, key, edited_rows=samedi)
    assert saved_count(at).endswith("(1 change).")
    edit(at, key, edited_rows=samedi, added_rows=[{"title": "Dimanche"}])
    assert saved_count(at).endswith("(1 change).")  # the new row only, Samedi not again
    samedi = {0: {"owner": "Léa", "due": "30/06/2026"}}
    edit(at, key, edited_rows=samedi, added_rows=[{"title": "Dimanche", "owner": "Marc"}])
    assert saved_count(at).endswith("(2 changes).")
    assert at.data_editor[0].proto.id == element  # the same editor all along
    assert [(a.title, a.owner, a.due_on, a.version) for a in actions(engine, net)] == [
        ("Samedi", "Léa", dt.date(2026, 6, 30), 3),
        ("Dimanche", "Marc", None, 2),
    ]
    edit(at, key, edited_rows=samedi, added_rows=[])  # the added row removed: its action goes
    assert saved_count(at).endswith("(1 change).")
    assert [a.title for a in actions(engine, net)] == ["Samedi"]
    assert at.data_editor[0].proto.id == element
    at.run()  # a run the editor did not start: drawn afresh from what is stored
    assert at.data_editor[0].proto.id != element
    assert list(at.data_editor[0].value["title"]) == ["Samedi"]


def test_an_added_row_removed_before_another_keeps_each_action(
    engine: Engine, net: Network
) -> None:
    """Removing an added row moves the ones after it up in the editor's state: the action
    of each row follows its row."""
    at = page(net, "Namur", "plan")
    key = editor_key(net)
    first, second = {"title": "Premier"}, {"title": "Second"}
    edit(at, key, added_rows=[first])
    edit(at, key, added_rows=[first, second])
    ids = {a.title: a.id for a in actions(engine, net)}
    edit(at, key, added_rows=[second])
    edit(at, key, added_rows=[{**second, "owner": "Léa"}])
    assert [(a.id, a.title, a.owner) for a in actions(engine, net)] == [
        (ids["Second"], "Second", "Léa")
    ]


def test_linked_items_are_shown_by_name_and_saved_by_id(engine: Engine, net: Network) -> None:
    add_action(engine, net, "Relancer", item_ids=["b.plus"])
    at = page(net, "Namur", "plan")
    table = at.data_editor[0].value
    assert list(table["item_ids"].item()) == ["More"]  # the criterion's name, never its id
    edit(at, editor_key(net), edited_rows={0: {"item_ids": ["More", "One"]}})
    assert [a.item_ids for a in actions(engine, net)] == [["b.plus", "a.un"]]


# --- summary, method, validation, review ---------------------------------------------------


def test_synthesis_opens_with_the_summary_and_its_main_findings(
    engine: Engine, net: Network
) -> None:
    remark_on_namur(engine, net, "Rendez-vous encore exigés l’été.")
    at = page(net, "Namur", "synthesis")
    shown = texts(at)
    assert "Executive summary" in [s.value for s in at.subheader]
    assert "**Main areas for improvement**" in shown
    assert "- **More** (Section B): Low — Rendez-vous encore exigés l’été." in shown
    assert "Section by section" in [s.value for s in at.subheader]
    findings = at.dataframe[1].value  # strengths first, then areas, in each section
    assert list(findings["Finding"])[-1] == "Area for improvement"
    assert findings.loc[findings["Criterion"] == "More", "Remark"].item().startswith("Rendez")


def test_the_team_records_participants_and_the_director_the_validation(
    engine: Engine, net: Network
) -> None:
    at = page(net, "Namur", "synthesis")
    response_id = net.responses[(2026, "Namur")]
    at.text_area(key=f"syn.participants.{response_id}").input("Olivier Lejeune, directeur")
    next(b for b in at.button if b.label == "Save participants").click().run()
    no_exception(at)
    assert "Saved." in texts(at)
    at.text_input[0].input("Comité de pilotage")
    at.date_input[0].set_value(dt.date(2026, 6, 12))
    next(b for b in at.button if b.label == "Record the validation").click().run()
    no_exception(at)
    assert "validated by **Comité de pilotage** on 12/06/2026" in texts(at)
    with Session(engine) as session:
        found = synthesis.cite_synthesis(
            session, net.authority, cite_id=net.id("Namur"), campaign_id=net.new.id, lang="fr"
        )
    assert found.grids[0].participants == "Olivier Lejeune, directeur"
    assert found.validation is not None and found.validation.body == "Comité de pilotage"


def test_the_authority_reads_the_method_without_forms(engine: Engine, net: Network) -> None:
    at = page(net, "authority", "synthesis", **{"sel.cite_id": net.id("Namur")})
    assert not at.text_area and not at.date_input
    warnings = [w.value for w in at.warning]
    assert "The steering committee's validation is not recorded yet." in warnings


def test_plan_page_reviews_last_year_and_lists_uncovered_areas(
    engine: Engine, net: Network
) -> None:
    with Session(engine) as session:
        session.add(
            ImprovementAction(
                cite_id=net.id("Namur"),
                campaign_id=net.old.id,
                title="Borne d’accueil",
                status="abandoned",
                abandon_reason="Budget non reconduit",
            )
        )
        session.commit()
    at = page(net, "Namur", "plan")
    shown = texts(at)
    assert "Review of the previous plan (Campagne 2025)" in [e.label for e in at.expander]
    assert "Budget non reconduit" in shown and "Abandoned" in shown
    assert "Areas for improvement without an action" in [s.value for s in at.subheader]
    assert "More" in list(at.dataframe[-1].value["Criterion"])


def test_leaving_last_years_action_asks_for_a_reason_and_shows_it(
    engine: Engine, net: Network
) -> None:
    with Session(engine) as session:
        row = ImprovementAction(
            cite_id=net.id("Namur"),
            campaign_id=net.old.id,
            title="Club d’employeurs",
            status="in_progress",
        )
        session.add(row)
        session.commit()
        old_id = row.id
    at = page(net, "Namur", "plan")
    assert "Not acting, with a reason" in [s.value for s in at.subheader]
    what = at.selectbox(key="plan.decide.what")
    assert what.value == f"action:{old_id}"
    assert (
        what.format_func(what.value) == "Unfinished action of the previous plan: Club d’employeurs"
    )
    at.button(key="FormSubmitter:plan.decide-Record the reason").click().run()
    no_exception(at)
    assert "Give the reason: it is printed in the plan." in texts(at)  # nothing recorded
    assert "Unfinished, awaiting a decision" in texts(at)
    at.text_area(key="plan.decide.reason").input("Remplacé par le forum de la Région")
    at.button(key="FormSubmitter:plan.decide-Record the reason").click().run()
    no_exception(at)
    shown = texts(at)
    assert "Reason recorded; the plan shows it." in shown
    assert "Not carried over (reason given)" in shown
    assert "Remplacé par le forum de la Région" in shown
    assert not [b for b in at.button if b.key == "plan.carry"]  # nothing left to carry
    left = at.selectbox(key="plan.decide.what").options
    assert f"action:{old_id}" not in left  # decided: no longer offered
