"""The 8.1.2 plan: drafts, row checks with their messages, proposals and carry-over."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace

import pandas as pd
import pytest
from pydantic import ValidationError

from cdm_quality.domain import texts
from cdm_quality.domain.plan import (
    ActionDraft,
    ActionStatus,
    action_row,
    carry_over,
    check_action_rows,
    covered_items,
    lower_first,
    propose_actions,
    review_previous,
    shorten,
    uncovered_areas,
)
from cdm_quality.domain.synthesis import build_synthesis
from tests.golden import assert_golden
from tests.plan_factories import FIXED_REMARKS, FIXED_VALUES, minimal

D = dt.date


def synthesis(lang="fr"):
    return build_synthesis(minimal(), FIXED_VALUES, FIXED_REMARKS, "fonctionnement", lang)


# --- ActionDraft -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("effectiveness", "feasibility", "priority"), [(4, 4, 16), (2, 3, 6), (1, None, None)]
)
def test_priority_is_effectiveness_times_feasibility(effectiveness, feasibility, priority):
    action = ActionDraft(title="t", effectiveness=effectiveness, feasibility=feasibility)
    assert action.priority == priority


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "   "},
        {"title": "t", "start": D(2026, 2, 1), "due": D(2026, 1, 31)},
        {"title": "t", "effectiveness": 5},
        {"title": "t", "feasibility": 0},
        {"title": "t", "status": "paused"},
        {"title": "x" * 301},
    ],
)
def test_the_model_refuses_invalid_actions(fields):
    with pytest.raises(ValidationError):
        ActionDraft(**fields)


def test_a_stored_action_reads_straight_in():
    stored = SimpleNamespace(
        id=12,
        cite_id=3,
        campaign_id=2,
        item_ids=["accueil.mode"],
        title="Former l’équipe",
        description="",
        owner="Directrice",
        partners="",
        start_on=D(2026, 1, 5),
        due_on=D(2026, 6, 30),
        status="in_progress",
        indicator="",
        effectiveness=3,
        feasibility=4,
        priority=12,
        continues_action_id=7,
        version=2,
    )
    action = ActionDraft.model_validate(stored, from_attributes=True)
    assert (action.id, action.start, action.due, action.continues) == (
        12,
        D(2026, 1, 5),
        D(2026, 6, 30),
        7,
    )
    assert action.priority == stored.priority


def test_same_day_start_and_due_is_fine():
    assert ActionDraft(title="t", start=D(2026, 1, 1), due=D(2026, 1, 1)).due == D(2026, 1, 1)


# --- check_action_rows -----------------------------------------------------------------------

GOOD = {
    "title": "  Former l’équipe d’accueil  ",
    "item_ids": "accueil.sans_rdv; accueil.referent",
    "description": "Deux sessions « accueil »",
    "owner": "Directrice",
    "partners": "Mission locale",
    "start": "2026-01-05",
    "due": dt.datetime(2026, 6, 30, 12, 0),
    "status": "En cours",
    "indicator": "100 % formés",
    "effectiveness": 3.0,
    "feasibility": "2",
    "id": 7.0,
    "continues": None,
}


def test_a_good_row_becomes_a_draft():
    check = check_action_rows([GOOD], known_items={i.id for i in minimal().items()})
    assert check.ok
    (action,) = check.actions
    assert action.title == "Former l’équipe d’accueil"
    assert action.item_ids == ["accueil.sans_rdv", "accueil.referent"]
    assert (action.start, action.due) == (D(2026, 1, 5), D(2026, 6, 30))
    assert action.status == ActionStatus.in_progress
    assert (action.priority, action.id, action.continues) == (6, 7, None)


@pytest.mark.parametrize("written", ["15/10/2026", "15/10/2026 ", "15.10.2026", "2026-10-15"])
def test_a_date_reads_as_the_reader_writes_it_or_as_iso(written):
    """The plan table holds dates as dd/mm/yyyy text (what a screen reader says of a cell)."""
    (action,) = check_action_rows([{"title": "t", "due": written}]).actions
    assert action.due == D(2026, 10, 15)


def test_pandas_blanks_are_empty_cells():
    row = {"title": "t", "start": pd.NaT, "due": pd.Timestamp("2026-03-01"), "owner": math.nan}
    row |= {"effectiveness": float("nan"), "item_ids": [], "status": None, "partners": pd.NA}
    (action,) = check_action_rows([row]).actions
    assert (action.start, action.due, action.owner, action.partners) == (
        None,
        D(2026, 3, 1),
        "",
        "",
    )
    assert action.status == ActionStatus.planned and action.effectiveness is None


def test_blank_rows_are_skipped_and_numbering_kept():
    rows = [{"title": None, "start": pd.NaT}, {"title": "ok"}, {"title": ""} | {"owner": "x"}]
    check = check_action_rows(rows)
    assert [a.title for a in check.actions] == ["ok"]
    assert [(p.row, p.field, p.code) for p in check.problems] == [(3, "title", "title_empty")]


@pytest.mark.parametrize(
    ("row", "field", "code"),
    [
        ({"title": "", "owner": "x"}, "title", "title_empty"),
        ({"title": "t", "start": "2026-02-01", "due": "2026-01-01"}, "due", "due_before_start"),
        ({"title": "t", "start": "31/02/2026"}, "start", "bad_date"),
        ({"title": "t", "start": "01/31/2026"}, "start", "bad_date"),
        ({"title": "t", "due": "bientôt"}, "due", "bad_date"),
        ({"title": "t", "effectiveness": 5}, "effectiveness", "bad_score"),
        ({"title": "t", "feasibility": 2.5}, "feasibility", "bad_score"),
        ({"title": "t", "feasibility": "beaucoup"}, "feasibility", "bad_score"),
        ({"title": "t", "effectiveness": True}, "effectiveness", "bad_score"),
        ({"title": "t", "status": "en pause"}, "status", "bad_status"),
        ({"title": "t" * 301}, "title", "too_long"),
        ({"title": "t", "owner": "o" * 201}, "owner", "too_long"),
        ({"title": "t", "indicator": 12}, "indicator", "not_text"),
        ({"title": "t", "item_ids": ["accueil.mode", "nope"]}, "item_ids", "unknown_item"),
    ],
)
def test_each_problem_names_row_field_and_code(row, field, code):
    check = check_action_rows([GOOD, row], known_items={i.id for i in minimal().items()})
    assert [(p.row, p.field, p.code) for p in check.problems] == [(2, field, code)]
    assert len(check.actions) == 1
    for lang in ("fr", "en"):
        assert check.messages(lang)[0].startswith(("Ligne 2, « ", "Row 2, “"))


def test_every_problem_of_a_row_is_collected():
    row = {"title": " ", "start": "2026-05-01", "due": "2026-04-01", "effectiveness": 9}
    check = check_action_rows([row])
    assert [p.field for p in check.problems] == ["title", "effectiveness", "due"]


def test_messages_are_clear_in_both_languages():
    row = {"title": "t", "start": "2026-05-01", "due": "2026-04-01", "status": "x"}
    check = check_action_rows([row])
    assert check.messages("fr") == [
        "Ligne 1, « Statut » : statut « x » inconnu ; choisissez : Prévue, En cours, Réalisée, "
        "Abandonnée.",
        "Ligne 1, « Échéance » : l’échéance (01/04/2026) précède le début (01/05/2026) ; "
        "corrigez l’une des deux dates.",
    ]
    assert check.messages("en")[0] == (
        "Row 1, “Status”: unknown status “x”; choose one of: Planned, In progress, Done, Abandoned."
    )


def test_every_message_has_both_languages_and_formats():
    params = {"due": "d", "start": "s", "value": "v", "length": 1, "max": 2, "allowed": "a"}
    codes = {key.removeprefix("plan_row.") for key in texts.keys() if key.startswith("plan_row.")}
    assert {"title_empty", "bad_status", "unknown_item"} <= codes
    for code in codes:
        for lang in ("fr", "en"):
            worded = texts.text(f"plan_row.{code}", lang, row=1, field="f", **params)
            assert "{" not in worded and worded.startswith(("Ligne 1", "Row 1")), code


def test_action_row_round_trips():
    action = ActionDraft(title="t", item_ids=["a"], effectiveness=2, feasibility=2, id=3)
    row = action_row(action)
    assert row["priority"] == 4
    assert check_action_rows([row]).actions == [action]


# --- propose_actions -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_golden_proposals(lang):
    assert_golden(f"proposals_minimal_{lang}", propose_actions(synthesis(lang), []))


def test_one_proposal_per_uncovered_area_for_improvement():
    (draft,) = propose_actions(synthesis(), [])
    # a short title from the criterion's own title; the criterion is linked, not pasted
    assert draft.title == "Améliorer : accueil sans rendez-vous"
    assert draft.item_ids == ["accueil.sans_rdv"]
    assert draft.description == FIXED_REMARKS["accueil.sans_rdv"]
    assert draft.status == ActionStatus.planned


def test_lower_first_keeps_acronyms():
    assert lower_first("Accueil sans rendez-vous") == "accueil sans rendez-vous"
    assert lower_first("CV en binôme") == "CV en binôme"


def test_covered_areas_get_no_proposal():
    existing = [ActionDraft(title="déjà", item_ids=["accueil.sans_rdv"], status="done")]
    assert propose_actions(synthesis(), existing) == []


def test_an_abandoned_action_covers_nothing():
    existing = [ActionDraft(title="non", item_ids=["accueil.sans_rdv"], status="abandoned")]
    assert covered_items(existing) == set()
    assert len(propose_actions(synthesis(), existing)) == 1


def test_proposing_twice_adds_nothing_new():
    first = propose_actions(synthesis(), [])
    assert propose_actions(synthesis(), first) == []


# --- carry_over ------------------------------------------------------------------------------


def previous_plan():
    return [
        ActionDraft(id=1, title="Prévue", status="planned", effectiveness=2, feasibility=4),
        ActionDraft(id=2, title="En cours", status="in_progress", start=D(2025, 3, 1)),
        ActionDraft(id=3, title="Réalisée", status="done"),
        ActionDraft(id=4, title="Abandonnée", status="abandoned"),
    ]


def test_carry_over_keeps_unfinished_actions_linked_to_the_original():
    drafts = carry_over(previous_plan())
    assert [(d.title, d.continues, d.id) for d in drafts] == [
        ("Prévue", 1, None),
        ("En cours", 2, None),
    ]
    assert drafts[0].priority == 8
    assert drafts[1].status == ActionStatus.in_progress and drafts[1].start == D(2025, 3, 1)


def test_carry_over_skips_actions_already_continued():
    current = [ActionDraft(title="suite", continues=1)]
    assert [d.continues for d in carry_over(previous_plan(), current)] == [2]


def test_carry_over_needs_saved_actions():
    with pytest.raises(ValueError, match="no id"):
        carry_over([ActionDraft(title="jamais enregistrée")])


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("court", 10, "court"),
        ("un deux trois quatre", 12, "un deux…"),
        ("abcdefghijkl", 6, "abcde…"),
        ("a,  b   c", 4, "a…"),
    ],
)
def test_shorten(text, limit, expected):
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_carried_over_actions_get_new_dates_when_theirs_are_past():
    last_year = [
        ActionDraft(id=1, title="Printemps", start=D(2025, 4, 1), due=D(2025, 6, 30)),
        ActionDraft(id=2, title="Pas de dates"),
        ActionDraft(id=3, title="Encore à venir", start=D(2025, 9, 1), due=D(2026, 9, 30)),
        ActionDraft(id=4, title="29 février", start=D(2024, 2, 29), due=D(2024, 2, 29)),
    ]
    drafts = carry_over(last_year, year_start=D(2026, 3, 2))
    assert [(d.title, d.start, d.due) for d in drafts] == [
        ("Printemps", D(2026, 4, 1), D(2026, 6, 30)),  # the season kept, a year on
        ("Pas de dates", None, None),
        ("Encore à venir", D(2025, 9, 1), D(2026, 9, 30)),  # not past: unchanged
        ("29 février", D(2027, 2, 28), D(2027, 2, 28)),
    ]
    assert not any(d.overdue(D(2026, 3, 2)) for d in drafts)
    assert last_year[0].overdue(D(2026, 3, 2)) and not last_year[1].overdue(D(2026, 3, 2))


def test_an_abandoned_row_needs_its_reason():
    row = {"title": "Borne d’accueil", "status": "abandoned"}
    checked = check_action_rows([row, row | {"abandon_reason": "Budget non reconduit"}])
    assert checked.messages("fr") == [
        "Ligne 1, « Raison de l’abandon » : l’action est abandonnée ; dites pourquoi en une phrase."
    ]
    assert checked.actions[0].abandon_reason == "Budget non reconduit"


def test_target_result_and_completion_are_read_from_the_row():
    row = {"title": "Enquête", "target": "≥ 20 % de réponses", "result": "27 %"}
    (action,) = check_action_rows([row | {"completed_on": "2025-11-28"}]).actions
    assert (action.target, action.result, action.completed_on) == (
        "≥ 20 % de réponses",
        "27 %",
        D(2025, 11, 28),
    )


def test_golden_review_of_last_years_plan():
    previous = [*previous_plan()[:3], previous_plan()[3].model_copy(update={"abandon_reason": "x"})]
    current = [ActionDraft(title="Suite de « Prévue »", continues=1)]
    review = review_previous(previous, current, "Autoévaluation 2025")
    assert [(line.action.title, line.outcome) for line in review.lines] == [
        ("Réalisée", "done"),
        ("Prévue", "carried"),
        ("En cours", "unfinished"),
        ("Abandonnée", "abandoned"),
    ]
    assert_golden("review_minimal", review)


def test_uncovered_areas_are_those_no_live_action_covers():
    found = synthesis()
    assert [r.item_id for r in uncovered_areas([found], [])] == ["accueil.sans_rdv"]
    abandoned = ActionDraft(title="non", item_ids=["accueil.sans_rdv"], status="abandoned")
    assert len(uncovered_areas([found], [abandoned])) == 1
    live = abandoned.model_copy(update={"status": ActionStatus.in_progress})
    assert uncovered_areas([found], [live]) == []


def test_people_days_read_with_either_decimal_mark_and_refused_out_of_range() -> None:
    rows = [
        {"title": "A", "people_days": "2,5", "baseline": "aucune", "milestones": "mars\navril"},
        {"title": "B", "people_days": "beaucoup"},
        {"title": "C", "people_days": -1},
    ]
    found = check_action_rows(rows)
    assert found.actions[0].people_days == 2.5 and found.actions[0].milestones == "mars\navril"
    assert [(p.row, p.field, p.code) for p in found.problems] == [
        (2, "people_days", "bad_amount"),
        (3, "people_days", "bad_amount"),
    ]
    assert "« beaucoup » n’est pas un nombre de 0 à 100000" in found.problems[0].message("fr")


def test_an_action_still_planned_past_its_start_is_not_started() -> None:
    start = dt.date(2026, 5, 1)
    action = ActionDraft(title="Relancer le pôle", start=start)
    assert action.not_started(dt.date(2026, 5, 2)) and not action.not_started(start)
    begun = action.model_copy(update={"status": ActionStatus.in_progress})
    assert not begun.not_started(dt.date(2026, 12, 1))
