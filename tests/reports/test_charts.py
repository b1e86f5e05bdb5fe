"""Charts of the pages (altair): specs against golden files, data shaping by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from cdm_quality.domain.plan import ActionDraft
from cdm_quality.domain.synthesis import build_synthesis
from cdm_quality.reports.charts import (
    section_scores_chart,
    section_scores_data,
    timeline_chart,
    timeline_data,
    timeline_span,
    xml_safe,
)
from tests.golden import assert_golden
from tests.plan_factories import FIXED_REMARKS, FIXED_VALUES, minimal, sample_actions

D = dt.date


def sections(lang="fr"):
    synthesis = build_synthesis(
        minimal(),
        FIXED_VALUES,
        FIXED_REMARKS,
        "fonctionnement",
        lang,
        previous={"accueil": 50.0},
        network={"accueil": 75.0},
    )
    return synthesis.sections


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_golden_section_scores_spec(lang):
    chart = section_scores_chart(sections(lang), lang, cite="Cité des métiers de Namur")
    assert_golden(f"chart_scores_minimal_{lang}", chart.to_dict())


def test_golden_timeline_spec():
    chart = timeline_chart(sample_actions(6), "fr", today=D(2026, 3, 2))
    assert_golden("chart_timeline_fr", chart.to_dict())


def test_section_scores_data_skips_missing_series():
    records = section_scores_data(sections(), "fr")
    assert [(r["series"], r["score"]) for r in records] == [
        ("Cité", 66.7),
        ("Campagne précédente", 50.0),
        ("Médiane du réseau", 75.0),
    ]
    bare = build_synthesis(minimal(), FIXED_VALUES, {}, "fonctionnement", "en").sections
    assert [r["series"] for r in section_scores_data(bare, "en", "Namur")] == ["Namur"]


def test_timeline_data_numbers_rows_and_handles_missing_dates():
    actions = [
        ActionDraft(title="both", start=D(2026, 1, 1), due=D(2026, 2, 1)),
        ActionDraft(title="none"),
        ActionDraft(title="due only", due=D(2026, 3, 1), status="done"),
    ]
    data = timeline_data(actions, "en")
    assert [(d["number"], d["span"], d["start"], d["end"], d["status"]) for d in data] == [
        (1, True, "2026-01-01", "2026-02-01", "Planned"),
        (3, False, "2026-03-01", "2026-03-01", "Done"),
    ]
    assert data[0]["action"] == "1. both"


def test_timeline_span():
    actions = sample_actions(60)
    first, last = timeline_span(actions)
    assert first == D(2026, 1, 5) - dt.timedelta(days=7)
    assert last == max(a.due for a in actions) + dt.timedelta(days=7)
    assert timeline_span([ActionDraft(title="no dates")]) is None


def test_today_outside_the_plan_draws_no_rule():
    actions = sample_actions(3)
    inside = timeline_chart(actions, "fr", today=D(2026, 2, 1)).to_dict()
    outside = timeline_chart(actions, "fr", today=D(2030, 1, 1)).to_dict()
    assert len(inside["layer"]) == 3 and len(outside["layer"]) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\x05b", "a b"), ("l’été « ok »", "l’été « ok »"), ("\ufffe\n😀", "  😀"), ("\ud800", " ")],
)
def test_xml_safe(text, expected):
    assert xml_safe(text) == expected
