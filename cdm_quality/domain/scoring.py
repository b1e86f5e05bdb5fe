"""Scores of a self-assessment: pure functions over a questionnaire, its answers and a phase.

Rules (also in README, "Scores"):
- Only *scored* items count (`Item.scored`: rating or yes_no with a weight above 0), and only
  when visible to the Cité in its phase (`answers.is_visible`).
- Item score, 0..1: a rating's level normalised over its scale (`Scale.normalised`: lowest
  level 0, highest 1); yes_no gives 1 for yes, 0 for no. "Not applicable" and unanswered items
  have no score and are left out of every mean (a value the scale does not know counts as
  unanswered: answers are validated when saved, so this only guards against stale data).
- Section and questionnaire score, 0..100: mean of the item scores weighted by `Item.weight`,
  times 100. The questionnaire score pools every scored item (it is not a mean of sections).
- Classification with `Questionnaire.thresholds_for(item)`: strength when score ≥
  strength_min, area for improvement when score ≤ improvement_max, neutral between.
- Charter compliance rate, 0..100: share of applicable (answered, not N/A) scored items that
  reach their strength threshold, unweighted. On a compliant / partly / not compliant scale this
  is the share of "compliant" answers; on a maturity scale, "achieved" counts as compliant
  without requiring "exemplary" — hence the threshold rather than the top level.
- Network comparison: `quartiles` (the median among them) returns None below `min_count` values,
  so that a figure never stands for one identifiable Cité.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from cdm_quality.domain.answers import is_answered, is_visible
from cdm_quality.domain.questionnaire import Item, ItemKind, Phase, Questionnaire, Thresholds

MIN_NETWORK_COUNT = 3


class Classification(StrEnum):
    strength = "strength"
    improvement = "improvement"
    neutral = "neutral"


class ItemStatus(StrEnum):
    scored = "scored"
    not_applicable = "not_applicable"
    unanswered = "unanswered"


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemScore(Result):
    """One scored item: `score` is 0..1, None unless `status` is scored."""

    item_id: str
    section_id: str
    weight: float
    status: ItemStatus
    score: float | None
    classification: Classification | None


class SectionScore(Result):
    """A section's weighted score (0..100, None when nothing in it is scored) and counts."""

    section_id: str
    score: float | None
    scored: int
    not_applicable: int
    unanswered: int
    strengths: int
    improvements: int


class Compliance(Result):
    """Charter compliance: `compliant` of `applicable` items; `rate` 0..100 or None."""

    compliant: int
    applicable: int
    rate: float | None


class QuestionnaireScore(Result):
    questionnaire_id: str
    phase: Phase | None
    score: float | None
    compliance: Compliance
    sections: list[SectionScore]
    items: list[ItemScore]

    def item(self, item_id: str) -> ItemScore | None:
        return next((i for i in self.items if i.item_id == item_id), None)

    def section(self, section_id: str) -> SectionScore | None:
        return next((s for s in self.sections if s.section_id == section_id), None)


class Quartiles(Result):
    """Network figures; q1 and q3 are None where only the median may be given."""

    q1: float | None
    median: float
    q3: float | None
    count: int


def item_score(questionnaire: Questionnaire, item: Item, value: Any) -> float | None:
    """Normalised score 0..1 of one answer; None when not applicable, unanswered or unscored."""
    if not item.scored or not is_answered(value):
        return None
    if item.kind == ItemKind.yes_no:
        return (1.0 if value else 0.0) if isinstance(value, bool) else None
    scale = questionnaire.scale(item.scale)
    return scale.normalised(value) if scale and isinstance(value, str) else None


def is_not_applicable(questionnaire: Questionnaire, item: Item, value: Any) -> bool:
    scale = questionnaire.scale(item.scale)
    return bool(scale and scale.not_applicable and value == scale.not_applicable.id)


def classify(score: float | None, thresholds: Thresholds) -> Classification | None:
    """Strength / improvement / neutral for a 0..1 score; None without a score."""
    if score is None:
        return None
    if score >= thresholds.strength_min:
        return Classification.strength
    if score <= thresholds.improvement_max:
        return Classification.improvement
    return Classification.neutral


def score_item(questionnaire: Questionnaire, item: Item, value: Any) -> ItemScore:
    """Score, status and classification of one scored item."""
    score = item_score(questionnaire, item, value)
    if score is not None:
        status = ItemStatus.scored
    elif is_not_applicable(questionnaire, item, value):
        status = ItemStatus.not_applicable
    else:
        status = ItemStatus.unanswered
    section = questionnaire.section_of(item.id)
    return ItemScore(
        item_id=item.id,
        section_id=section.id if section else "",
        weight=item.weight,
        status=status,
        score=score,
        classification=classify(score, questionnaire.thresholds_for(item)),
    )


def score_items(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    phase: Phase | str | None,
    opened: bool = False,
) -> list[ItemScore]:
    """Every scored item visible in `phase`, in questionnaire order."""
    return [
        score_item(questionnaire, item, answers.get(item.id))
        for item in questionnaire.items()
        if item.scored and is_visible(questionnaire, item, answers, phase, opened)
    ]


def weighted_score(items: Iterable[ItemScore]) -> float | None:
    """Weighted mean of the scored items, ×100; None when none is scored."""
    pairs = [(i.score, i.weight) for i in items if i.score is not None]
    total = sum(weight for _, weight in pairs)
    if not pairs or total == 0:
        return None
    return 100 * sum(score * weight for score, weight in pairs) / total


def score_section(section_id: str, items: Sequence[ItemScore]) -> SectionScore:
    """Score and counts of one section from its own item scores."""

    def count(**match: Any) -> int:
        return sum(all(getattr(i, k) == v for k, v in match.items()) for i in items)

    return SectionScore(
        section_id=section_id,
        score=weighted_score(items),
        scored=count(status=ItemStatus.scored),
        not_applicable=count(status=ItemStatus.not_applicable),
        unanswered=count(status=ItemStatus.unanswered),
        strengths=count(classification=Classification.strength),
        improvements=count(classification=Classification.improvement),
    )


def compliance(items: Iterable[ItemScore]) -> Compliance:
    """Share of applicable scored items that reach their strength threshold."""
    applicable = [i for i in items if i.status == ItemStatus.scored]
    compliant = sum(i.classification == Classification.strength for i in applicable)
    rate = 100 * compliant / len(applicable) if applicable else None
    return Compliance(compliant=compliant, applicable=len(applicable), rate=rate)


def score_questionnaire(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    phase: Phase | str | None,
    opened: bool = False,
) -> QuestionnaireScore:
    """Item, section and overall scores of one response (sections without scored items
    visible in `phase` are left out)."""
    items = score_items(questionnaire, answers, phase, opened)
    sections = [
        score_section(section.id, own)
        for section in questionnaire.sections
        if (own := [i for i in items if i.section_id == section.id])
    ]
    return QuestionnaireScore(
        questionnaire_id=questionnaire.id,
        phase=Phase(phase) if phase is not None else None,
        score=weighted_score(items),
        compliance=compliance(items),
        sections=sections,
        items=items,
    )


def section_scores(score: QuestionnaireScore) -> dict[str, float | None]:
    """Section id → score: the plain shape used to compare campaigns and Cités."""
    return {s.section_id: s.score for s in score.sections}


def _present(values: Iterable[float | None]) -> list[float]:
    return [float(v) for v in values if v is not None]


def quartiles(
    values: Iterable[float | None], *, min_count: int = MIN_NETWORK_COUNT
) -> Quartiles | None:
    """First quartile, median and third quartile (inclusive method); None below `min_count`."""
    ordered = sorted(_present(values))
    return quartiles_of_ranked(len(ordered), ordered.__getitem__, min_count=min_count)


def quartiles_of_ranked(
    count: int, value_at: Callable[[int], float], *, min_count: int = MIN_NETWORK_COUNT
) -> Quartiles | None:
    """`quartiles` of `count` values known by their rank (0 the lowest): each quartile reads
    the two values at ranks `quartile_low_rank(i, count)` and the one above, so a database
    that ranks the values need only return those (`services.scores.aggregates`). Inclusive
    method, as `statistics.quantiles(values, n=4, method="inclusive")` computes it."""
    if count < max(min_count, 2):
        return None
    q1, median, q3 = (_interpolated(i, count, value_at) for i in (1, 2, 3))
    return Quartiles(q1=q1, median=median, q3=q3, count=count)


def quartile_low_rank(i: int, count: int) -> int:
    """The lower of the two ranks quartile `i` (1, 2, 3) of `count` values lies between."""
    return i * (count - 1) // 4


def _interpolated(i: int, count: int, value_at: Callable[[int], float]) -> float:
    low = quartile_low_rank(i, count)
    delta = i * (count - 1) - 4 * low
    return (value_at(low) * (4 - delta) + value_at(low + 1) * delta) / 4
