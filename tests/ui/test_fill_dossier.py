"""The labelling file where the Cité writes: the depth asked in its phase on each item, and
"unchanged since the last file" carrying the last file's text forward with its date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from cdm_quality.demo import attachments as demo_attachments
from cdm_quality.domain.loader import load_questionnaire
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import responses
from cdm_quality.services.errors import InvalidValue
from cdm_quality.services.labelling import attachments
from cdm_quality.services.network import campaigns
from cdm_quality.services.people.access import Actor
from cdm_quality.storage.tables import Role
from cdm_quality.ui import fill_state, inputs
from cdm_quality.ui.fill_view import item_block_key
from cdm_quality.ui.selection import QUESTIONNAIRE_KEY, widget_key_of
from tests.databases import seeded
from tests.factories import AUTHORITY, make_campaign, make_cite, make_user, stored_history
from tests.ui.conftest import goto, no_exception, open_app

PLAN = load_questionnaire(Path(__file__).parents[2] / "questionnaires" / "dossier.yaml")
HOLDER = "contexte.porteur"  # 1.1, à actualiser in préfiguration
CONSULTATION = "partenariat.concertation"  # 2.2, à approfondir in every phase
LAST_TEXT = "La Ville de Namur porte le projet avec le Forem."


@dataclass(frozen=True)
class Namur:
    director: Actor
    rid: int


@pytest.fixture
def namur(engine: Engine) -> Namur:
    return build_namur(engine)


def build_namur(engine: Engine) -> Namur:
    """A Cité in préfiguration that wrote its 2025 file and has started the 2026 one, in the
    empty database `engine` (built once per process, copied: `tests.databases.seeded`)."""
    with Session(engine, expire_on_commit=False) as session:
        return seeded(session, _namur)


def _namur(session: Session) -> Namur:
    cite = make_cite(session, "Cité des métiers de Namur", phase=Phase.prefiguration)
    director = make_user(session, "namur", Role.director, cite_id=cite.id, name="Anne")
    target = {"cite_id": cite.id, "questionnaire_id": "dossier"}
    last = make_campaign(session, 2025, questionnaires=[PLAN])
    old = responses.get_or_create_response(session, director, campaign_id=last.id, **target)
    responses.save_answer(
        session,
        director,
        response_id=old.id,
        item_id=HOLDER,
        value={"status": "pret", "text": LAST_TEXT},
    )
    campaigns.close_campaign(session, AUTHORITY, campaign_id=last.id)
    current = make_campaign(session, 2026, questionnaires=[PLAN])
    new = responses.get_or_create_response(session, director, campaign_id=current.id, **target)
    return Namur(director, new.id)


def save_as_director(engine: Engine, namur: Namur, item_id: str, value: object) -> None:
    """Namur's director saves one part of the 2026 file."""
    with Session(engine) as session:
        responses.save_answer(
            session, namur.director, response_id=namur.rid, item_id=item_id, value=value
        )


def status_key(rid: int, item_id: str) -> str:
    return fill_state.widget_key(rid, item_id, "status")


def titles(at: AppTest) -> list[str]:
    return [m.value.replace("\\", "") for m in at.markdown if "Depth asked" in m.value]


def test_each_item_shows_the_depth_asked_in_the_cites_phase(namur: Namur) -> None:
    at = goto(open_app(user_id=namur.director.id, lang="en"), "fill")
    no_exception(at)
    assert (
        "**1.1 · The technical and political project holder** :blue-badge[Depth asked: to update]"
        in titles(at)
    )
    assert "Update it if anything has changed" in " ".join(c.value for c in at.caption)
    at = (
        at.radio(key=widget_key_of(fill_state.section_key(namur.rid), "en"))
        .set_value("partenariat")
        .run()
    )
    assert any(m.startswith("**2.2 ") and "Depth asked: to detail" in m for m in titles(at))


def test_unchanged_is_offered_only_where_an_earlier_text_is_to_update(namur: Namur) -> None:
    at = goto(open_app(user_id=namur.director.id, lang="en"), "fill")
    # never a status to pick: the button carries the earlier text forward
    assert (
        "Unchanged since the last file" not in at.pills(key=status_key(namur.rid, HOLDER)).options
    )
    assert at.button(key=f"unchanged.{namur.rid}.{HOLDER}")
    context = "contexte.social"  # 1.2.2, to update, but nothing written in the 2025 file
    assert not [b for b in at.button if b.key == f"unchanged.{namur.rid}.{context}"]
    section = widget_key_of(fill_state.section_key(namur.rid), "en")
    at = at.radio(key=section).set_value("partenariat").run()
    assert not [b for b in at.button if b.key == f"unchanged.{namur.rid}.{CONSULTATION}"]


def test_unchanged_is_refused_without_an_earlier_text(namur: Namur, engine: Engine) -> None:
    with pytest.raises(InvalidValue) as refused:
        save_as_director(engine, namur, "contexte.social", {"status": "inchange", "text": ""})
    assert refused.value.code == "answer.unchanged_no_previous"
    with pytest.raises(InvalidValue) as edited:
        save_as_director(engine, namur, HOLDER, {"status": "inchange", "text": "Un autre texte."})
    assert edited.value.code == "answer.unchanged_edited"


def test_unchanged_carries_the_last_text_forward_with_its_date(
    namur: Namur, engine: Engine
) -> None:
    at = goto(open_app(user_id=namur.director.id, lang="en"), "fill")
    at.button(key=f"unchanged.{namur.rid}.{HOLDER}").click().run()
    no_exception(at)
    with Session(engine) as session:
        view = responses.response_view(session, namur.director, response_id=namur.rid)
    today = dt.date.today()
    assert view.values()[HOLDER] == {
        "status": "inchange",
        "text": LAST_TEXT,
        "since": today.isoformat(),
    }
    assert at.text_area(key=fill_state.widget_key(namur.rid, HOLDER, "text")).value == LAST_TEXT
    captions = " ".join(c.value for c in at.caption)
    assert f"carried forward from the file of {today:%d/%m/%Y}" in captions


def test_unchanged_is_refused_where_the_file_asks_for_detail(namur: Namur, engine: Engine) -> None:
    with pytest.raises(InvalidValue) as refused:
        save_as_director(
            engine, namur, CONSULTATION, {"status": "inchange", "text": "Rien de neuf."}
        )
    assert refused.value.code == "answer.unchanged_not_to_update"


def test_readiness_page_shows_the_figure_and_what_is_missing(namur: Namur, engine: Engine) -> None:
    save_as_director(engine, namur, HOLDER, {"status": "pret", "text": "Porteur : la Ville."})
    at = goto(open_app(user_id=namur.director.id, lang="en"), "labelling_file")
    no_exception(at)
    assert at.metric[0].value == "3%"  # 1 of the 32 parts préfiguration asks, as English writes it
    listed = next(m.value for m in at.markdown if m.value.startswith("- "))
    missing = listed.replace("\\", "").splitlines()
    assert missing[0] == "- **1.2.1** Local context: economic activities · Missing"
    assert not any("8.1" in m for m in missing)  # not asked in préfiguration
    table = at.dataframe[0].value
    assert len(table) == 32 and table.iloc[0]["State"] == "Ready"
    assert table.iloc[0]["Depth asked"] == "to update"


def test_follow_up_has_the_files_readiness(namur: Namur, engine: Engine) -> None:
    with Session(engine) as session:
        authority = make_user(session, "autorite", Role.authority)
    at = goto(open_app(user_id=authority.id, lang="en"), "follow_up")
    no_exception(at)
    assert at.dataframe[0].value["File ready"].tolist() == [0]


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_an_items_attachments_are_listed_and_removed_after_confirmation(
    namur: Namur, engine: Engine
) -> None:
    with Session(engine) as session:
        made = attachments.add_file(
            session,
            namur.director,
            response_id=namur.rid,
            item_id=HOLDER,
            name="Délibération du conseil.pdf",
            content=PDF,
        )
    at = goto(open_app(user_id=namur.director.id, lang="en"), "fill")
    no_exception(at)
    assert "Attachments (1)" in [e.label for e in at.expander]
    assert at.get("download_button")[0].proto.label == "Délibération du conseil.pdf"
    at.button(key=f"att.rm.{made.id}").click().run()
    no_exception(at)
    assert "The attachment is removed." in [s.value for s in at.success]
    with Session(engine) as session:
        assert attachments.list_attachments(session, namur.director, response_id=namur.rid) == []


def test_an_attachments_size_reads_with_the_readers_decimal_sign(
    namur: Namur, engine: Engine
) -> None:
    with Session(engine) as session:
        attachments.add_file(
            session, namur.director, response_id=namur.rid, item_id=HOLDER, name="Budget.pdf",
            content=PDF + b"0" * (3 * 512 * 1024),
        )  # fmt: skip
    at = goto(open_app(user_id=namur.director.id, lang="fr"), "fill")
    no_exception(at)
    assert any(c.value.startswith("1,5 Mo ·") for c in at.caption), [c.value for c in at.caption]


def test_an_attachments_name_is_shown_as_text_not_drawn_as_markdown(
    namur: Namur, engine: Engine
) -> None:
    """A file named `rapport ![t](https:HOST:PORT).txt` was drawn as an image in its button's
    label: the director's and the authority's browsers fetched it from HOST."""
    hostile = "rapport ![t](https:evil.example:8000) **gras** :red[x].txt"
    with Session(engine) as session:
        attachments.add_file(
            session, namur.director, response_id=namur.rid, item_id=HOLDER, name=hostile,
            content=b"notes",
        )  # fmt: skip
        attachments.add_link(
            session, namur.director, response_id=namur.rid, item_id=HOLDER,
            url="https://cdm.example/r", name="![i](https:evil.example:9) <b>",
        )  # fmt: skip
    at = goto(open_app(user_id=namur.director.id, lang="en"), "fill")
    no_exception(at)
    [download] = at.get("download_button")
    assert (
        download.proto.label
        == r"rapport !\[t\](https\:evil.example:8000) \*\*gras\*\* \:red\[x\].txt"
    )
    [link] = at.get("link_button")
    assert link.proto.label == r"!\[i\](https\:evil.example:9) \<b\>"


def test_a_refused_link_says_why_in_the_users_language(namur: Namur, engine: Engine) -> None:
    at = goto(open_app(user_id=namur.director.id, lang="fr"), "fill")
    at.text_input(key=f"att.url.{namur.rid}.{HOLDER}").input("javascript:alert(1)")
    form_button = f"FormSubmitter:att.link.{namur.rid}.{HOLDER}-Ajouter le lien"
    at.button(key=form_button).click().run()
    no_exception(at)
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("Lien refusé" in e and "https://" in e for e in errors), errors
    with Session(engine) as session:
        assert attachments.list_attachments(session, namur.director, response_id=namur.rid) == []


# --- table items ----------------------------------------------------------------------------

BUDGET = "budget.fonctionnement"  # 6.1, a table: line, partner, amount, currency


def budget_page(namur: Namur) -> AppTest:
    """The questionnaire page on section 6, the budget given a status."""
    at = goto(open_app(user_id=namur.director.id, lang="en"), "fill")
    section = widget_key_of(fill_state.section_key(namur.rid), "en")
    at = at.radio(key=section).set_value("budget").run()
    at.pills(key=status_key(namur.rid, BUDGET)).set_value("brouillon").run()
    no_exception(at)
    return at


def edit_table(at: AppTest, rid: int, **edits: object) -> AppTest:
    """Seed the budget editor's edits (what the browser sends) and run the page."""
    rows_key = fill_state.widget_key(rid, BUDGET, "rows")
    key = inputs.table_editor_key(rows_key, at.session_state)
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []} | edits
    at.run()
    no_exception(at)
    return at


def stored_rows(engine: Engine, namur: Namur) -> list[dict[str, object]]:
    with Session(engine) as session:
        view = responses.response_view(session, namur.director, response_id=namur.rid)
    return view.values()[BUDGET]["rows"]


SALARIES = {"ligne": "Salaires", "partenaire": "Région", "montant": 182000, "devise": "eur"}
TRAVEL = {"ligne": "Déplacements", "partenaire": "Ville", "montant": 7500.5, "devise": "eur"}


def editor_of(at: AppTest, rid: int) -> tuple[str, str]:
    """The budget editor's key and the element the browser draws (its id)."""
    key = inputs.table_editor_key(fill_state.widget_key(rid, BUDGET, "rows"), at.session_state)
    [element] = [e.proto.id for e in at.data_editor if e.key == key]
    return key, element


def test_rows_added_to_a_table_are_saved_with_their_total(namur: Namur, engine: Engine) -> None:
    at = edit_table(budget_page(namur), namur.rid, added_rows=[SALARIES, TRAVEL])
    assert stored_rows(engine, namur) == [
        {**SALARIES, "montant": 182000.0},
        TRAVEL,
    ]
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert "Total Amount (EUR): 189,500.5" in captions
    with Session(engine) as session:
        history = stored_history(session, response_id=namur.rid, item_id=BUDGET)
    assert [len(h.value.get("rows", [])) for h in history] == [0, 2]
    # the save state under the editor tells this save (it told the one before, drawn earlier)
    assert any(c.endswith("(version 2)") for c in captions), captions


def test_saves_in_a_row_keep_one_table_editor_and_store_each_once(
    namur: Namur, engine: Engine
) -> None:
    """Issue 19: a new editor after each save lost a click or a key landing while the
    browser drew it. The editor stays the same element across saves, the edits it sends
    again on each run (here a comment typed) are not saved again, and rows replaced from
    elsewhere (a colleague's answer taken) start a new editor showing them."""
    at = budget_page(namur)
    key, element = editor_of(at, namur.rid)
    edit_table(at, namur.rid, added_rows=[SALARIES])
    edit_table(at, namur.rid, added_rows=[SALARIES, TRAVEL])
    at.text_area(key=fill_state.widget_key(namur.rid, BUDGET, "text")).input("Voté en juin.").run()
    no_exception(at)
    assert editor_of(at, namur.rid) == (key, element)
    with Session(engine) as session:
        history = stored_history(session, response_id=namur.rid, item_id=BUDGET)
    assert [(len(h.value["rows"]), h.value["text"]) for h in history] == [
        (0, ""),
        (1, ""),
        (2, ""),
        (2, "Voté en juin."),
    ]
    with Session(engine) as session:
        colleague = make_user(
            session, "colin", Role.contributor, cite_id=namur.director.cite_id, name="Léa Colin"
        )
        value = {"status": "brouillon", "text": "", "rows": [TRAVEL]}
        responses.save_answer(
            session, colleague, response_id=namur.rid, item_id=BUDGET, value=value,
            expected_version=len(history),
        )  # fmt: skip
    at = edit_table(at, namur.rid, added_rows=[SALARIES, TRAVEL, SALARIES])
    at.button(key=f"theirs.{namur.rid}.{BUDGET}").click().run()
    no_exception(at)
    new_key, _element = editor_of(at, namur.rid)
    assert new_key != key and not at.session_state[new_key]["added_rows"]
    assert list(next(e for e in at.data_editor if e.key == new_key).value["ligne"]) == [
        "Déplacements"
    ]


def test_a_row_removed_from_a_table_is_gone(namur: Namur, engine: Engine) -> None:
    at = edit_table(budget_page(namur), namur.rid, added_rows=[SALARIES, TRAVEL])
    edit_table(at, namur.rid, added_rows=[TRAVEL])  # the browser drops an added row removed
    assert stored_rows(engine, namur) == [TRAVEL]


def test_a_refused_cell_names_its_row_and_column_and_keeps_the_input(
    namur: Namur, engine: Engine
) -> None:
    at = edit_table(budget_page(namur), namur.rid, added_rows=[SALARIES])
    bad = {"ligne": "Loyer", "montant": -1200, "devise": "eur"}
    at = edit_table(at, namur.rid, added_rows=[SALARIES, bad])
    assert "Row 2, “Amount”: -1,200 is below the minimum, 0." in [
        e.value.replace("\\", "") for e in at.error
    ]
    assert stored_rows(engine, namur) == [{**SALARIES, "montant": 182000.0}]
    key, _element = editor_of(at, namur.rid)
    shown = at.session_state[key]["added_rows"]  # the same editor: what was typed stays
    assert [row["ligne"] for row in shown] == ["Salaires", "Loyer"]
    assert shown[1]["montant"] == -1200
    at = edit_table(at, namur.rid, added_rows=[SALARIES, {**bad, "montant": 1200}])
    assert [r["ligne"] for r in stored_rows(engine, namur)] == ["Salaires", "Loyer"]


def test_a_colleagues_table_save_is_a_conflict_not_an_overwrite(
    namur: Namur, engine: Engine
) -> None:
    at = budget_page(namur)
    with Session(engine) as session:
        colleague = make_user(
            session, "colin", Role.contributor, cite_id=namur.director.cite_id, name="Léa Colin"
        )
        view = responses.response_view(session, colleague, response_id=namur.rid)
        responses.save_answer(
            session,
            colleague,
            response_id=namur.rid,
            item_id=BUDGET,
            value={"status": "brouillon", "text": "", "rows": [TRAVEL]},
            expected_version=view.version(BUDGET),
        )
    at = edit_table(at, namur.rid, added_rows=[SALARIES])
    assert any("Léa Colin changed this answer" in w.value for w in at.warning)
    assert stored_rows(engine, namur) == [TRAVEL]
    at.button(key=f"keep.{namur.rid}.{BUDGET}").click().run()
    no_exception(at)
    assert stored_rows(engine, namur) == [{**SALARIES, "montant": 182000.0}]


def test_submitting_an_unfinished_file_says_how_ready_it_is(namur: Namur, engine: Engine) -> None:
    save_as_director(engine, namur, HOLDER, {"status": "pret", "text": "Porteur : la Ville."})
    at = goto(open_app(user_id=namur.director.id, lang="en"), "fill")
    sections = at.radio(key=widget_key_of(fill_state.section_key(namur.rid), "en"))
    context = next(o for o in sections.options if o.startswith("Project definition and context"))
    assert "· 1/" in context and "✓" not in context  # one part written of several
    assert "3 % ready: 31 parts still to write" in at.warning[-1].value
    at.button(key=f"submit.{namur.rid}").click().run()
    asked = at.warning[-1].value
    assert "3 % ready: 31 parts still to write" in asked and "Submit the questionnaire" in asked


QUALITY = load_questionnaire(Path(__file__).parents[2] / "questionnaires" / "qualite.yaml")
PARTNERS = "organisation.partenaires"  # 4.1
EVOLUTIONS = "complements.evolutions"  # 8.3
SITES_ITEM = "implantation.equite"  # 5.3


def _partners(*names: str) -> dict[str, object]:
    return {"status": "pret", "text": "", "rows": [{"nom": n, "role": "service"} for n in names]}


@dataclass(frozen=True)
class Tours:
    director: Actor
    rid: int  # its 2026 labelling file


@pytest.fixture
def tours(engine: Engine) -> Tours:
    """A fonctionnement Cité: its 2025 file named two partners; in 2026 one left, one
    joined, and its quality grid rates 7.1's criteria and holds its partners' feedback."""
    with Session(engine, expire_on_commit=False) as session:
        cite = make_cite(session, "Cité des métiers de Tours")
        director = make_user(session, "tours", Role.director, cite_id=cite.id, name="Inès")
        target = {"cite_id": cite.id, "questionnaire_id": "dossier"}
        last = make_campaign(session, 2025, questionnaires=[PLAN])
        old = responses.get_or_create_response(session, director, campaign_id=last.id, **target)
        responses.save_answer(
            session, director, response_id=old.id, item_id=PARTNERS, value=_partners("CCI", "BGE")
        )
        campaigns.close_campaign(session, AUTHORITY, campaign_id=last.id)
        current = make_campaign(session, 2026, questionnaires=[PLAN, QUALITY])
        new = responses.get_or_create_response(session, director, campaign_id=current.id, **target)
        responses.save_answer(
            session,
            director,
            response_id=new.id,
            item_id=PARTNERS,
            value=_partners("BGE", "Onisep"),
        )
        grid = responses.get_or_create_response(
            session, director, cite_id=cite.id, campaign_id=current.id, questionnaire_id="qualite"
        )
        for item_id, value in (
            ("partenariat.engagement", "exemplaire"),
            ("partenariat.communication", "en_cours"),
            ("partenariat.bilan_partenaires", True),
            ("partenariat.bilan_synthese", "La Région salue l’accueil sans rendez-vous."),
        ):
            responses.save_answer(
                session, director, response_id=grid.id, item_id=item_id, value=value
            )
    return Tours(director, new.id)


def file_section(tours: Tours, section: str) -> AppTest:
    at = open_app(user_id=tours.director.id, lang="en", **{QUESTIONNAIRE_KEY: "dossier"})
    at = goto(at, "fill")
    key = widget_key_of(fill_state.section_key(tours.rid), "en")
    at = at.radio(key=key).set_value(section).run()
    no_exception(at)
    return at


def test_7_1_shows_the_self_assessment_computed_from_the_grid(tours: Tours) -> None:
    at = file_section(tours, "evaluation")
    shown = "\n".join(m.value.replace("\\", "") for m in at.markdown)
    assert "78/100 (2 of 2 criteria scored)" in shown  # (2 × 1 + 1 × 1/3) / 3
    assert "Partners’ commitment" in shown and "Keeping partners informed" in shown


def test_8_2_shows_the_feedback_and_8_3_takes_the_evolutions_offered(
    tours: Tours, engine: Engine
) -> None:
    at = file_section(tours, "complements")
    assert "La Région salue l’accueil sans rendez-vous." in [t.value for t in at.text]
    offered = "\n".join(m.value.replace("\\", "") for m in at.markdown)
    assert "New partner: Onisep" in offered and "Partner who left the Cité: CCI" in offered
    at.button(key=f"offer.{tours.rid}.{EVOLUTIONS}").click().run()
    no_exception(at)
    with Session(engine) as session:
        view = responses.response_view(session, tours.director, response_id=tours.rid)
    rows = view.values()[EVOLUTIONS]["rows"]
    assert {"annee": 2026, "changement": "New partner: Onisep"} in rows
    assert {"annee": 2026, "changement": "Partner who left the Cité: CCI"} in rows
    (table,) = [e.value for e in at.data_editor if "changement" in e.value]
    assert "New partner: Onisep" in list(table["changement"])
    assert at.button(key=f"offer.{tours.rid}.{EVOLUTIONS}").disabled  # nothing left to add


def test_a_map_attached_to_5_3_is_drawn_in_the_item_under_its_sites(
    namur: Namur, engine: Engine
) -> None:
    with Session(engine) as session:
        attachments.add_file(
            session,
            namur.director,
            response_id=namur.rid,
            item_id="implantation.equite",
            name="Carte du territoire.png",
            content=demo_attachments._map(),
        )
    at = goto(open_app(user_id=namur.director.id, lang="en"), "fill")
    section = widget_key_of(fill_state.section_key(namur.rid), "en")
    at = at.radio(key=section).set_value("implantation").run()
    no_exception(at)
    (block,) = [b for b in at.get("flex_container") if b.key == item_block_key(SITES_ITEM)]
    assert len(block.get("image")) == 1
    (sites,) = [e.value for e in at.data_editor if "site" in e.value]
    assert list(sites.columns[:4]) == ["site", "type", "adresse", "ouverture"]
