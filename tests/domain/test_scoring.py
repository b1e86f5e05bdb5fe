"""Scores: golden file on fixed answers to the minimal fixture, hand-computed cases inline."""

from __future__ import annotations

import random
import statistics

import pytest

from cdm_quality.domain.loader import load_text
from cdm_quality.domain.questionnaire import Phase, Thresholds
from cdm_quality.domain.scoring import (
    Classification,
    ItemStatus,
    classify,
    item_score,
    quartile_low_rank,
    quartiles,
    quartiles_of_ranked,
    score_questionnaire,
    section_scores,
)
from tests.golden import assert_golden
from tests.plan_factories import FIXED_VALUES, minimal

GRID = """
id: mini
version: "1"
title: {fr: Mini, en: Mini}
scales:
  - id: m
    label: {fr: M, en: M}
    levels:
      - {id: l0, label: {fr: Zéro, en: Zero}, value: 0}
      - {id: l1, label: {fr: Un, en: One}, value: 1}
      - {id: l2, label: {fr: Deux, en: Two}, value: 2}
      - {id: l4, label: {fr: Quatre, en: Four}, value: 4}
    not_applicable: {id: na, label: {fr: Sans objet, en: N/A}}
  - id: strict
    label: {fr: Strict, en: Strict}
    levels:
      - {id: non, label: {fr: Non, en: No}, value: 0}
      - {id: partiel, label: {fr: Partiel, en: Partly}, value: 1}
      - {id: oui, label: {fr: Oui, en: Yes}, value: 2}
    thresholds: {strength_min: 1.0, improvement_max: 0.5}
thresholds: {strength_min: 0.75, improvement_max: 0.25}
sections:
  - id: a
    title: {fr: A, en: A}
    items:
      - {id: a.heavy, kind: rating, scale: m, weight: 3, text: {fr: Lourd, en: Heavy},
         source: {document: charte, passage: {fr: P, en: P}}}
      - {id: a.light, kind: rating, scale: m, text: {fr: Léger, en: Light},
         source: {document: charte, passage: {fr: P, en: P}}}
      - {id: a.yes, kind: yes_no, text: {fr: Oui ?, en: Yes?},
         source: {document: charte, passage: {fr: P, en: P}}}
      - {id: a.free, kind: rating, scale: m, weight: 0, text: {fr: x, en: x},
         source: {document: charte, passage: {fr: P, en: P}}}
  - id: b
    title: {fr: B, en: B}
    phases: [fonctionnement]
    items:
      - {id: b.strict, kind: rating, scale: strict, text: {fr: S, en: S},
         source: {document: charte, passage: {fr: P, en: P}}}
      - id: b.follow
        kind: rating
        source: {document: charte, passage: {fr: P, en: P}}
        scale: m
        visible_if: {item: b.strict, in: [non, partiel]}
        text: {fr: Suite, en: Follow-up}
  - id: c
    title: {fr: Textes, en: Texts}
    items:
      - {id: c.text, kind: long_text, text: {fr: T, en: T},
         source: {document: charte, passage: {fr: P, en: P}}}
"""


@pytest.fixture(scope="module")
def grid():
    return load_text(GRID, "mini.yaml")


def test_golden_scores_on_fixed_answers():
    scores = score_questionnaire(minimal(), FIXED_VALUES, Phase.fonctionnement)
    assert_golden("scores_minimal_fonctionnement", scores)


def test_fixed_answers_by_hand():
    scores = score_questionnaire(minimal(), FIXED_VALUES, "fonctionnement")
    # en_cours is level 1 of 0..3 → 1/3 (≤ 0.34: improvement); yes → 1 (≥ 0.66: strength)
    assert scores.item("accueil.sans_rdv").score == pytest.approx(1 / 3)
    assert scores.item("accueil.sans_rdv").classification == Classification.improvement
    assert scores.item("accueil.referent").classification == Classification.strength
    assert scores.score == pytest.approx(100 * (1 / 3 + 1) / 2)
    # status_text and weight-0 number are not scored: section chiffres has no score at all
    assert [s.section_id for s in scores.sections] == ["accueil"]
    assert (scores.compliance.compliant, scores.compliance.applicable) == (1, 2)
    assert scores.compliance.rate == 50


@pytest.mark.parametrize(
    ("level", "expected"), [("l0", 0.0), ("l1", 0.25), ("l2", 0.5), ("l4", 1.0), ("na", None)]
)
def test_item_score_is_the_normalised_level_value(grid, level, expected):
    assert item_score(grid, grid.item("a.light"), level) == expected


@pytest.mark.parametrize(("value", "expected"), [(True, 1.0), (False, 0.0), (None, None)])
def test_yes_no_scores_one_or_zero(grid, value, expected):
    assert item_score(grid, grid.item("a.yes"), value) == expected


@pytest.mark.parametrize("value", [None, "", "unknown_level", 3])
def test_unanswered_or_unknown_values_have_no_score(grid, value):
    assert item_score(grid, grid.item("a.light"), value) is None


def test_weights_count_in_the_mean(grid):
    # heavy (w 3) at 1/4, light (w 1) at 1 → (3 × 0.25 + 1) / 4 = 0.4375
    scores = score_questionnaire(grid, {"a.heavy": "l1", "a.light": "l4"}, "projet")
    assert scores.section("a").score == pytest.approx(43.75)


def test_not_applicable_and_unanswered_are_left_out(grid):
    scores = score_questionnaire(grid, {"a.heavy": "na", "a.light": "l2"}, "projet")
    section = scores.section("a")
    assert section.score == 50
    assert (section.scored, section.not_applicable, section.unanswered) == (1, 1, 1)
    assert scores.item("a.heavy").status == ItemStatus.not_applicable
    assert scores.item("a.yes").status == ItemStatus.unanswered


def test_weight_zero_and_text_items_are_never_scored(grid):
    scores = score_questionnaire(grid, {"a.free": "l4", "c.text": "x"}, "projet")
    assert scores.item("a.free") is None and scores.item("c.text") is None
    assert scores.score is None and scores.section("c") is None


def test_nothing_answered_gives_no_score(grid):
    scores = score_questionnaire(grid, {}, None)
    assert scores.score is None
    assert scores.compliance.rate is None
    assert all(s.score is None for s in scores.sections)


def test_phase_hides_sections(grid):
    values = {"a.yes": True, "b.strict": "non", "b.follow": "l0"}
    projet = score_questionnaire(grid, values, "projet")
    assert projet.section("b") is None and projet.score == 100
    running = score_questionnaire(grid, values, "fonctionnement")
    assert running.section("b").score == 0
    assert running.score == pytest.approx(100 / 3)


def test_visible_if_hides_items(grid):
    values = {"b.strict": "oui", "b.follow": "l0"}  # follow-up only shown when not compliant
    scores = score_questionnaire(grid, values, "fonctionnement")
    assert scores.item("b.follow") is None
    assert scores.section("b").score == 100


def test_questionnaire_score_pools_items_not_sections(grid):
    values = {"a.heavy": "l4", "a.light": "l4", "a.yes": True, "b.strict": "non"}
    scores = score_questionnaire(grid, values, "fonctionnement")
    assert [s.score for s in scores.sections] == [100, 0]
    assert scores.score == pytest.approx(100 * 5 / 6)  # weights 3 + 1 + 1 at 1, 1 at 0


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (1.0, Classification.strength),
        (0.75, Classification.strength),
        (0.7499, Classification.neutral),
        (0.2501, Classification.neutral),
        (0.25, Classification.improvement),
        (0.0, Classification.improvement),
        (None, None),
    ],
)
def test_classify_at_the_thresholds(score, expected):
    assert classify(score, Thresholds(strength_min=0.75, improvement_max=0.25)) == expected


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("oui", Classification.strength),
        ("partiel", Classification.improvement),
        ("non", Classification.improvement),
    ],
)
def test_scale_thresholds_override_the_questionnaire(grid, level, expected):
    scores = score_questionnaire(grid, {"b.strict": level}, "fonctionnement")
    assert scores.item("b.strict").classification == expected


def test_compliance_counts_items_reaching_their_strength_threshold(grid):
    values = {"a.heavy": "l2", "a.light": "l4", "a.yes": True, "b.strict": "partiel"}
    values["b.follow"] = "na"
    compliance = score_questionnaire(grid, values, "fonctionnement").compliance
    # l2 = 0.5 < 0.75, l4 strength, yes strength, partiel below 1.0; N/A not applicable
    assert (compliance.compliant, compliance.applicable) == (2, 4)
    assert compliance.rate == 50


def test_section_scores_is_the_comparison_shape(grid):
    scores = score_questionnaire(grid, {"a.yes": False}, "projet")
    assert section_scores(scores) == {"a": 0.0}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([10, 20, 30], 20),
        ([40, None, 10, 30, 20], 25),
        ([50, 60], None),  # two Cités would reveal too much
        ([None, None, None], None),
        ([], None),
    ],
)
def test_network_median_needs_enough_values(values, expected):
    found = quartiles(values)
    assert (found.median if found else None) == expected


def test_network_median_threshold_is_configurable():
    assert quartiles([50, 60], min_count=1).median == 55


def test_quartiles():
    q = quartiles([0, 25, 50, 75, 100])
    assert (q.q1, q.median, q.q3, q.count) == (25, 50, 75, 5)
    assert quartiles([1, 2]) is None


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 57, 1000])
def test_quartiles_are_the_inclusive_quantiles_to_the_last_bit(count):
    """The ranks-and-interpolation definition that SQL shares (`quartiles_of_ranked`) gives
    what `statistics.quantiles` gives, bit for bit, on awkward fractions."""
    rng = random.Random(count)
    values = [100 * rng.randrange(0, 97) / 97 for _ in range(count)]
    found = quartiles(values, min_count=2)
    assert (found.q1, found.median, found.q3) == tuple(
        statistics.quantiles(values, n=4, method="inclusive")
    )


def test_quartiles_of_ranked_read_only_the_ranks_around_each_quartile():
    values = sorted(float(v) for v in range(11))
    needed = {
        r for i in (1, 2, 3) for r in (quartile_low_rank(i, 11), quartile_low_rank(i, 11) + 1)
    }
    read: list[int] = []

    def value_at(rank: int) -> float:
        read.append(rank)
        return values[rank]

    assert quartiles_of_ranked(11, value_at) == quartiles(values)
    assert set(read) == needed == {2, 3, 5, 6, 7, 8}
