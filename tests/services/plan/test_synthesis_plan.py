"""Synthesis (8.1.1) and plan (8.1.2) services on the hand-computed network of
`tests/network.py`: scores beside the previous campaign and the other Cités' median,
access, saving with versions and conflicts, the table, proposals, carrying over, the PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from cdm_quality.domain import scoring
from cdm_quality.domain.error_texts import describe
from cdm_quality.domain.plan import ActionDraft, ActionStatus
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.domain.scoring import Classification
from cdm_quality.services import compare, plan
from cdm_quality.services.assessment import synthesis
from cdm_quality.services.errors import (
    AccessDenied,
    ConflictError,
    InvalidState,
    InvalidValue,
    NotFound,
)
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.services.plan import ActionConflict, DeletedRow, EditedRow
from cdm_quality.services.responses import reopen_response, save_answer
from cdm_quality.storage.tables import AuditEvent, ImprovementAction, Role
from tests.databases import seeded
from tests.factories import make_user
from tests.network import (
    ANSWERS_2025,
    ANSWERS_2026,
    CITES,
    Network,
    build_network,
    tiny,
)
from tests.plan_edits import add_action, change_action

APPROX = pytest.approx
REMARK = "Rendez-vous encore exigés l’été ; « pôle création » à rouvrir — 1 200 €."


@pytest.fixture
def net(session: Session) -> Network:
    return seeded(session, build_network)


def namur(net: Network, year: int = 2026) -> dict[str, int]:
    campaign = net.new if year == 2026 else net.old
    return {"cite_id": net.id("Namur"), "campaign_id": campaign.id}


def sections(found: synthesis.CiteSynthesis) -> dict[str, tuple]:
    grid = found.grids[0].synthesis
    return {s.section_id: (s.score, s.previous, s.network_median) for s in grid.sections}


def add(session: Session, net: Network, title: str = "Ouvrir le samedi", **fields) -> int:
    draft = ActionDraft(title=title, **fields)
    made = add_action(session, net.directors["Namur"], **namur(net), action=draft)
    return made.id


# --- synthesis ----------------------------------------------------------------------------


@pytest.mark.also_postgres("the other Cités' median is computed in SQL")
def test_synthesis_beside_previous_campaign_and_other_cites_median(
    session: Session, net: Network
) -> None:
    found = synthesis.cite_synthesis(session, net.directors["Namur"], **namur(net), lang="fr")
    # Namur 2026: a 62.5, b 75; 2025: a 50, b 0; the 2026 campaign is open, so no network
    # figure is published yet (services.network.publication; medians of 5 and more:
    # tests/services/compare/test_disclosure.py).
    assert sections(found) == {"a": APPROX((62.5, 50, None)), "b": APPROX((75, 0, None))}
    grid = found.grids[0]
    assert (grid.previous_campaign, grid.network_count) == ("Campagne 2025", None)
    assert not grid.network_published
    assert found.phase == "fonctionnement" and found.missing == []


@pytest.mark.also_postgres("the other Cités' median is computed in SQL")
def test_network_median_is_withheld_below_five_other_cites(session: Session, net: Network) -> None:
    found = synthesis.cite_synthesis(session, net.directors["Namur"], **namur(net, 2025), lang="fr")
    # 2025 is closed: its published set holds Porto and Lyon, too few; their count is not said
    assert found.grids[0].network_published and found.grids[0].network_count is None
    assert [s.network_median for s in found.grids[0].synthesis.sections] == [None, None]


def synthesis_figures(found: synthesis.CiteSynthesis) -> dict[str, float | None]:
    grid = found.grids[0].synthesis
    return {s.section_id: s.score for s in grid.sections} | {"": grid.score}


def domain_figures(values: dict, phase: Phase) -> dict[str, float | None]:
    """Section id → score and "" → the whole grid's, by `domain.scoring`."""
    expected = scoring.score_questionnaire(tiny(), values, phase)
    return scoring.section_scores(expected) | {"": expected.score}


@pytest.mark.also_postgres("the synthesis reads its scores from the SQL aggregate")
@pytest.mark.parametrize("name", sorted(ANSWERS_2026))
def test_synthesis_scores_are_the_comparisons_and_the_domains(
    session: Session, net: Network, name: str
) -> None:
    """One scoring path: the synthesis shows a Cité the figures the comparison shows it, and
    both are the domain's scoring of its answers (a draft's too)."""
    ids = {"cite_id": net.id(name), "campaign_id": net.new.id}
    found = synthesis.cite_synthesis(session, net.authority, **ids, lang="en", comparisons=False)
    shown = synthesis_figures(found)
    assert shown == APPROX(domain_figures(ANSWERS_2026[name], CITES[name][1]))
    benchmark = compare.cite_benchmark(
        session, net.authority, questionnaire_id="tiny", include_drafts=True, **ids
    )
    own = {s.section_id: s.own for s in benchmark.sections} | {"": benchmark.overall.own}
    assert own == APPROX(shown)


@pytest.mark.also_postgres("like for like sums some items only, in SQL")
def test_like_for_like_figures_are_the_domains_on_the_items_scored_both_years(
    session: Session, net: Network
) -> None:
    reopen_response(
        session, net.authority, response_id=net.responses[(2026, "Namur")], reason="À revoir"
    )
    found = synthesis.cite_synthesis(session, net.directors["Namur"], **namur(net), lang="fr")
    grid = found.grids[0].synthesis
    both = {"a.un", "a.deux", "b.oui", "b.plus"}  # b.si hidden in 2025 (b.oui no)
    assert (grid.like_for_like, grid.compared_items) == (True, len(both))
    now = {k: v for k, v in ANSWERS_2026["Namur"].items() if k in both}
    before = {k: v for k, v in ANSWERS_2025["Namur"].items() if k in both}
    compared = {s.section_id: s.compared for s in grid.sections} | {"": grid.compared_score}
    previous = {s.section_id: s.previous for s in grid.sections} | {"": grid.previous_score}
    assert compared == APPROX(domain_figures(now, Phase.fonctionnement))  # b (2 + 0) / 3
    assert previous == APPROX(domain_figures(before, Phase.fonctionnement))


def test_director_synthesis_names_no_other_cite(session: Session, net: Network) -> None:
    found = synthesis.cite_synthesis(session, net.directors["Namur"], **namur(net), lang="en")
    dumped = found.model_dump_json()
    for other in ("Porto", "Lyon", "Geneve", "Turin", "Charleroi"):
        assert other not in dumped


def test_synthesis_rows_hold_remarks_and_classifications(session: Session, net: Network) -> None:
    reopen_response(
        session, net.authority, response_id=net.responses[(2026, "Namur")], reason="À revoir"
    )
    save_answer(
        session,
        net.directors["Namur"],
        response_id=net.responses[(2026, "Namur")],
        item_id="b.plus",
        remark=REMARK,
    )
    found = synthesis.cite_synthesis(session, net.directors["Namur"], **namur(net), lang="fr")
    rows = {r.item_id: r for r in found.grids[0].synthesis.rows}
    assert rows["b.plus"].remark == REMARK
    assert rows["b.plus"].classification is Classification.improvement
    assert rows["a.un"].classification is Classification.strength


@pytest.mark.parametrize("role", ["authority", "admin"])
def test_overseers_read_any_cite_synthesis(session: Session, net: Network, role: str) -> None:
    reader = getattr(net, role)
    found = synthesis.cite_synthesis(session, reader, **namur(net), lang="fr")
    assert sections(found)["a"] == APPROX((62.5, 50, None))  # the Cité's document: anonymous


def test_a_director_cannot_read_another_cites_synthesis_or_plan(
    session: Session, net: Network
) -> None:
    porto = net.directors["Porto"]
    with pytest.raises(AccessDenied):
        synthesis.cite_synthesis(session, porto, **namur(net), lang="fr")
    with pytest.raises(AccessDenied):
        plan.plan_view(session, porto, **namur(net), lang="fr")
    with pytest.raises(AccessDenied):
        plan.plan_pdf(session, porto, **namur(net), lang="fr")


def test_questionnaire_not_started_is_listed_as_missing(session: Session, net: Network) -> None:
    found = synthesis.cite_synthesis(
        session,
        net.directors["Charleroi"],
        cite_id=net.id("Charleroi"),
        campaign_id=net.new.id,
        lang="fr",
    )
    assert (found.grids, found.missing) == ([], ["tiny"])


# --- one action at a time -----------------------------------------------------------------


def test_create_update_delete_with_versions_and_audit(session: Session, net: Network) -> None:
    director = net.directors["Namur"]
    action_id = add(session, net, item_ids=["b.plus"], effectiveness=3, feasibility=2)
    changed = change_action(
        session,
        director,
        **namur(net),
        action_id=action_id,
        action=ActionDraft(title="Ouvrir le samedi matin", effectiveness=4, feasibility=2),
        expected_version=1,
    )
    assert (changed.version, changed.action.priority) == (2, 8)
    stored = session.get(ImprovementAction, action_id)
    assert (stored.priority, stored.title) == (8, "Ouvrir le samedi matin")
    plan.save_table(session, director, **namur(net), deleted=[DeletedRow(id=action_id, version=2)])
    assert plan.list_actions(session, director, **namur(net)) == []
    events = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "action").order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[1].before["title"] == "Ouvrir le samedi"


def test_saving_unchanged_content_keeps_the_version(session: Session, net: Network) -> None:
    action_id = add(session, net)
    same = change_action(
        session,
        net.directors["Namur"],
        **namur(net),
        action_id=action_id,
        action=ActionDraft(title="Ouvrir le samedi"),
        expected_version=1,
    )
    assert same.version == 1


def test_stale_version_raises_a_conflict_naming_who_and_when(
    session: Session, net: Network
) -> None:
    colleague = make_user(
        session, "collegue", Role.contributor, cite_id=net.id("Namur"), name="Léa Colin"
    )
    action_id = add(session, net)
    change_action(
        session,
        colleague,
        **namur(net),
        action_id=action_id,
        action=ActionDraft(title="Samedi"),
        expected_version=1,
    )
    with pytest.raises(ConflictError) as raised:
        change_action(
            session,
            net.directors["Namur"],
            **namur(net),
            action_id=action_id,
            action=ActionDraft(title="Dimanche"),
            expected_version=1,
        )
    assert isinstance(raised.value, ActionConflict)
    assert raised.value.code == "plan.conflict"
    assert raised.value.params["title"] == "Samedi" and raised.value.params["who"] == "Léa Colin"
    assert raised.value.changed_by == "Léa Colin" and raised.value.version == 2
    assert session.get(ImprovementAction, action_id).title == "Samedi"


def test_a_deleted_action_says_who_deleted_it(session: Session, net: Network) -> None:
    action_id = add(session, net)
    director = net.directors["Namur"]
    plan.save_table(session, director, **namur(net), deleted=[DeletedRow(id=action_id)])
    with pytest.raises(NotFound, match="plan.deleted.*Dir"):
        plan.save_table(session, director, **namur(net), edited=[row(1, action_id, title="x")])


@pytest.mark.parametrize("who", ["authority", "admin", "porto"])
def test_only_the_cites_team_changes_its_plan(session: Session, net: Network, who: str) -> None:
    actor = net.directors["Porto"] if who == "porto" else getattr(net, who)
    action_id = add(session, net)
    with pytest.raises(AccessDenied):
        plan.save_table(session, actor, **namur(net), edited=[row(1, title="x")])
    with pytest.raises(AccessDenied):
        plan.save_table(session, actor, **namur(net), edited=[row(1, action_id, title="x")])
    with pytest.raises(AccessDenied):
        plan.save_table(session, actor, **namur(net), deleted=[DeletedRow(id=action_id)])


def test_a_contributor_changes_the_plan_and_the_authority_reads_it(
    session: Session, net: Network
) -> None:
    contributor = make_user(session, "contrib", Role.contributor, cite_id=net.id("Namur"))
    add_action(session, contributor, **namur(net), action=ActionDraft(title="Club"))
    seen = plan.plan_view(session, net.authority, **namur(net), lang="en")
    assert [a.action.title for a in seen.actions] == ["Club"]
    assert not seen.can_edit and seen.read_only_reason


def test_a_closed_campaigns_plan_is_read_only(session: Session, net: Network) -> None:
    with pytest.raises(InvalidState, match="closed"):
        plan.save_table(
            session, net.directors["Namur"], **namur(net, 2025), edited=[row(1, title="x")]
        )
    view = plan.plan_view(session, net.directors["Namur"], **namur(net, 2025), lang="fr")
    assert not view.can_edit and "closed" in view.read_only_reason


# --- the table ----------------------------------------------------------------------------


def row(number: int, action_id: int | None = None, version: int | None = None, **cells):
    return EditedRow(row=number, id=action_id, version=version, cells=cells)


def test_table_problems_name_row_and_field_and_save_nothing(session: Session, net: Network) -> None:
    saved = plan.save_table(
        session,
        net.directors["Namur"],
        **namur(net),
        edited=[
            row(1, title="Valide"),
            row(2, title="", description="sans titre"),
            row(4, title="Dates", start="2026-05-01", due="2026-04-01"),
            row(5, title="Item", item_ids=["zz.nope"]),
        ],
    )
    assert not saved.saved
    assert saved.messages("en") == [
        "Row 2, “Title”: the title is empty; give the action a short title.",
        "Row 4, “Due”: the due date (01/04/2026) is before the start (01/05/2026); "
        "correct one of the two dates.",
        "Row 5, “Criteria addressed”: “zz.nope” is not a criterion of the grid; choose one from "
        "the list.",
    ]
    assert plan.list_actions(session, net.directors["Namur"], **namur(net)) == []


def test_table_creates_updates_and_deletes_in_one_save(session: Session, net: Network) -> None:
    keep, drop = add(session, net, title="Garder"), add(session, net, title="Supprimer")
    saved = plan.save_table(
        session,
        net.directors["Namur"],
        **namur(net),
        edited=[
            row(1, keep, 1, title="Garder", status="En cours", effectiveness=4.0, feasibility=3),
            row(3, title="Nouvelle", start=dt.date(2026, 3, 1), due=None, item_ids=["a.un"]),
            row(4),  # a blank new row: skipped
        ],
        deleted=[DeletedRow(id=drop, version=1)],
    )
    assert (saved.saved, saved.created, saved.updated, saved.deleted) == (True, 1, 1, 1)
    actions = plan.list_actions(session, net.directors["Namur"], **namur(net))
    assert [(a.action.title, a.action.status, a.action.priority) for a in actions] == [
        ("Garder", ActionStatus.in_progress, 12),
        ("Nouvelle", ActionStatus.planned, None),
    ]


def test_an_emptied_stored_row_is_refused(session: Session, net: Network) -> None:
    keep = add(session, net)
    saved = plan.save_table(
        session, net.directors["Namur"], **namur(net), edited=[row(1, keep, 1, title=" ")]
    )
    assert [p.code for p in saved.problems] == ["title_empty"]


def test_a_conflict_in_the_table_saves_none_of_it(session: Session, net: Network) -> None:
    first, second = add(session, net, title="Un"), add(session, net, title="Deux")
    change_action(
        session,
        net.directors["Namur"],
        **namur(net),
        action_id=second,
        action=ActionDraft(title="Deux bis"),
    )
    with pytest.raises(ActionConflict):
        plan.save_table(
            session,
            net.directors["Namur"],
            **namur(net),
            edited=[row(1, first, 1, title="Un modifié"), row(2, second, 1, title="Deux ter")],
        )
    titles = [a.action.title for a in plan.list_actions(session, SYSTEM, **namur(net))]
    assert titles == ["Un", "Deux bis"]


# --- proposals and carrying over ----------------------------------------------------------


def test_propose_adds_one_action_per_uncovered_area_for_improvement(
    session: Session, net: Network
) -> None:
    director = net.directors["Namur"]
    # Namur 2026: b.plus is "bas" (score 0): the only area for improvement.
    added = plan.propose(session, director, **namur(net), lang="fr")
    assert [(a.action.title, a.action.item_ids) for a in added] == [
        ("Améliorer : plus", ["b.plus"])
    ]
    assert plan.propose(session, director, **namur(net), lang="fr") == []
    change_action(
        session,
        director,
        **namur(net),
        action_id=added[0].id,
        action=added[0].action.model_copy(
            update={"status": ActionStatus.abandoned, "abandon_reason": "Pris par le réseau"}
        ),
    )
    assert len(plan.propose(session, director, **namur(net), lang="en")) == 1


def _previous_plan(session: Session, net: Network) -> dict[ActionStatus, int]:
    """Namur's 2025 plan, one action per status (written directly: 2025 is closed)."""
    ids = {}
    for status in ActionStatus:
        row = ImprovementAction(
            cite_id=net.id("Namur"),
            campaign_id=net.old.id,
            title=f"Action {status.value} — œuvre",
            item_ids=["a.deux"],
            status=status,
            start_on=dt.date(2025, 3, 1),
            due_on=dt.date(2025, 12, 1),
        )
        session.add(row)
        session.flush()
        ids[status] = row.id
    session.commit()
    return ids


def test_carry_over_copies_unfinished_actions_with_their_link(
    session: Session, net: Network
) -> None:
    old = _previous_plan(session, net)
    director = net.directors["Namur"]
    view = plan.plan_view(session, director, **namur(net), lang="fr")
    assert (view.previous_campaign, view.carry_over) == ("Campagne 2025", 2)
    carried = plan.carry_over_previous(session, director, **namur(net))
    assert {(a.action.continues, a.action.status) for a in carried} == {
        (old[ActionStatus.planned], ActionStatus.planned),
        (old[ActionStatus.in_progress], ActionStatus.in_progress),
    }
    assert {a.continues_campaign for a in carried} == {"Campagne 2025"}
    assert plan.carry_over_previous(session, director, **namur(net)) == []
    assert plan.plan_view(session, director, **namur(net), lang="fr").carry_over == 0


def test_an_action_carried_on_later_cannot_be_deleted(session: Session, net: Network) -> None:
    first = add(session, net, title="Origine")
    session.add(
        ImprovementAction(
            cite_id=net.id("Namur"),
            campaign_id=net.new.id,
            title="Suite",
            continues_action_id=first,
        )
    )
    session.commit()
    with pytest.raises(InvalidState, match="plan.carried_on"):
        plan.save_table(
            session, net.directors["Namur"], **namur(net), deleted=[DeletedRow(id=first)]
        )


# --- the PDF ------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_plan_pdf_holds_remarks_and_actions(session: Session, net: Network) -> None:
    reopen_response(
        session, net.authority, response_id=net.responses[(2026, "Namur")], reason="À revoir"
    )
    save_answer(
        session,
        net.directors["Namur"],
        response_id=net.responses[(2026, "Namur")],
        item_id="b.plus",
        remark=REMARK,
    )
    add(
        session,
        net,
        title="Œuvrer à l’accueil « sans rendez-vous »",
        start=dt.date(2026, 4, 1),
        due=dt.date(2026, 9, 30),
    )
    args = {**namur(net), "lang": "fr", "today": dt.date(2026, 5, 2)}
    first = plan.plan_pdf(session, net.directors["Namur"], **args)
    second = plan.plan_pdf(session, net.authority, **args)
    text = " ".join(pdf_text(first).split())
    assert " ".join(REMARK.split()) in text
    assert "Œuvrer à l’accueil « sans rendez-vous »" in text
    assert "Cité des métiers Namur" in text
    assert pdf_text(second) == pdf_text(first)


# --- carrying on an action: only one of the Cité's earlier ones ---------------------------


def _porto_2025_action(session: Session, net: Network) -> int:
    row = ImprovementAction(cite_id=net.id("Porto"), campaign_id=net.old.id, title="Porto")
    session.add(row)
    session.commit()
    return row.id


@pytest.mark.parametrize("target", ["another Cité's", "unknown", "this plan's"])
def test_only_an_earlier_action_of_the_cite_can_be_carried_on(
    session: Session, net: Network, target: str
) -> None:
    """A Val-de-Loire director linked to Namur's action, which Namur then could not delete;
    an unknown id raised a raw IntegrityError. Both refused alike: nothing tells whether
    another Cité's action exists."""
    continues = {
        "another Cité's": _porto_2025_action(session, net),
        "unknown": 999_999,
        "this plan's": add(session, net, title="Cette année"),
    }[target]
    before = len(session.exec(select(ImprovementAction)).all())
    director = net.directors["Namur"]
    with pytest.raises(NotFound) as refused:
        edited = [row(1, title="Suite", continues=continues)]
        plan.save_table(session, director, **namur(net), edited=edited)
    assert refused.value.code == "plan.unknown_continued"
    assert describe(refused.value, "fr") == f"L'action à poursuivre ({continues}) est introuvable."
    assert describe(refused.value, "en") == f"The action to continue ({continues}) cannot be found."
    assert len(session.exec(select(ImprovementAction)).all()) == before


def test_an_earlier_action_of_the_cite_can_be_carried_on(session: Session, net: Network) -> None:
    old = _previous_plan(session, net)[ActionStatus.planned]
    draft = ActionDraft(title="Suite", continues=old)
    made = add_action(session, net.directors["Namur"], **namur(net), action=draft)
    assert made.action.continues == old and made.continues_campaign == "Campagne 2025"


def test_carried_over_actions_move_past_dates_into_the_new_year(
    session: Session, net: Network
) -> None:
    _previous_plan(session, net)
    carried = plan.carry_over_previous(session, net.directors["Namur"], **namur(net))
    # 2025-03-01 → 2025-12-01 lies before the 2026 campaign: a year on, same season
    assert {(a.action.start, a.action.due) for a in carried} == {
        (dt.date(2026, 3, 1), dt.date(2026, 12, 1))
    }


def test_plan_view_reviews_last_years_plan_and_lists_uncovered_areas(
    session: Session, net: Network
) -> None:
    old = _previous_plan(session, net)
    director = net.directors["Namur"]
    plan.carry_over_previous(session, director, **namur(net))
    view = plan.plan_view(session, director, **namur(net), lang="fr")
    outcomes = {line.action.id: line.outcome for line in view.review.lines}
    assert outcomes == {
        old[ActionStatus.done]: "done",
        old[ActionStatus.planned]: "carried",
        old[ActionStatus.in_progress]: "carried",
        old[ActionStatus.abandoned]: "abandoned",
    }
    assert view.review.campaign == "Campagne 2025"
    # Namur 2026's area for improvement is b.plus; the carried actions cover a.deux only
    assert [r.item_id for r in view.uncovered] == ["b.plus"]
    add(session, net, "Relancer « plus »", item_ids=["b.plus"])
    view = plan.plan_view(session, director, **namur(net), lang="fr")
    assert view.uncovered == []


def test_target_result_completion_and_reason_are_saved_from_the_table(
    session: Session, net: Network
) -> None:
    director = net.directors["Namur"]
    cells = {
        "title": "Enquête",
        "status": "done",
        "target": "≥ 20 %",
        "result": "27 %",
        "completed_on": "2026-05-28",
    }
    refused = {"title": "Borne", "status": "abandoned"}
    saved = plan.save_table(
        session,
        director,
        **namur(net),
        edited=[EditedRow(row=1, cells=cells), EditedRow(row=2, cells=refused)],
    )
    assert [p.code for p in saved.problems] == ["reason_missing"]
    refused["abandon_reason"] = "Budget non reconduit"
    plan.save_table(
        session,
        director,
        **namur(net),
        edited=[EditedRow(row=1, cells=cells), EditedRow(row=2, cells=refused)],
    )
    done, dropped = (v.action for v in plan.list_actions(session, director, **namur(net)))
    assert (done.target, done.result, done.completed_on) == ("≥ 20 %", "27 %", dt.date(2026, 5, 28))
    assert dropped.abandon_reason == "Budget non reconduit"


# --- the method and the validation --------------------------------------------------------


def test_participants_and_validation_are_recorded_and_read_back(
    session: Session, net: Network
) -> None:
    director = net.directors["Namur"]
    response_id = net.responses[(2026, "Namur")]
    synthesis.set_participants(
        session, director, response_id=response_id, participants="Olivier Lejeune, directeur\n"
    )
    synthesis.record_validation(
        session,
        director,
        **namur(net),
        body="Comité de pilotage",
        validated_on=dt.date(2026, 6, 12),
        note="Plan adopté à l’unanimité.",
        today=dt.date(2026, 6, 15),
    )
    found = synthesis.cite_synthesis(session, net.authority, **namur(net), lang="fr")
    assert found.grids[0].participants == "Olivier Lejeune, directeur"
    assert found.validation is not None
    assert (found.validation.body, found.validation.validated_on) == (
        "Comité de pilotage",
        dt.date(2026, 6, 12),
    )
    text = " ".join(pdf_text(plan.plan_pdf(session, director, **namur(net), lang="fr")).split())
    assert "Synthèse et plan validés par le comité de pilotage le 12/06/2026." in text
    assert "Participants : Olivier Lejeune, directeur" in text


def test_validation_is_the_directors_and_never_in_the_future(
    session: Session, net: Network
) -> None:
    args = {**namur(net), "body": "Comité de pilotage", "today": dt.date(2026, 6, 15)}
    with pytest.raises(InvalidValue, match="validation.future"):
        synthesis.record_validation(
            session, net.directors["Namur"], **args, validated_on=dt.date(2026, 6, 16)
        )
    with pytest.raises(AccessDenied):
        synthesis.record_validation(
            session, net.authority, **args, validated_on=dt.date(2026, 6, 1)
        )
    with pytest.raises(InvalidValue, match="validation.no_body"):
        synthesis.record_validation(
            session,
            net.directors["Namur"],
            **{**args, "body": "  "},
            validated_on=dt.date(2026, 6, 1),
        )
    assert (
        synthesis.cite_synthesis(session, net.authority, **namur(net), lang="fr").validation is None
    )
