"""What a Cité's own grids say for one labelling-file item, computed from its answers.

Sections 7.1–7.4 of the file print the Cité's self-assessment on the criteria that feed them
(the criterion's `dossier` number, else its section's): their score under the campaign's
frozen grid (`domain.scoring`, the rules in force, never typed by hand), the criteria that are
strengths and areas for improvement, and the evidence given, then the answers of the
unscored grids feeding them (the CDM21 review's service offer, 7.3). Item 8.2 prints the
grids' answers that feed it (the partners' feedback). Pure: the service hands in the answers.
"""

from __future__ import annotations

from typing import Any

from cdm_quality.domain import formats, texts
from cdm_quality.domain.answers import answer_text, is_answered, is_visible
from cdm_quality.domain.questionnaire import Item, Lang, Phase, Questionnaire
from cdm_quality.domain.scoring import (
    Classification,
    QuestionnaireScore,
    Result,
    score_questionnaire,
)

AXES = ("7.1", "7.2", "7.3", "7.4")  # the evaluation items fed by the grids' scores
FEEDBACK = "8.2"  # the partners' feedback, answered in the quality grid


class GridResponse(Result):
    """One grid as the Cité answered it in the campaign."""

    questionnaire: Questionnaire
    values: dict[str, Any]
    remarks: dict[str, str]
    evidence: dict[str, str]  # item id → the evidence typed
    files: dict[str, list[str]]  # item id → names of the files and links attached
    phase: Phase | None
    opened: bool = False
    submitted: bool = False


class AxisResult(Result):
    """A grid's criteria feeding one labelling-file item: score 0..100 (None when none is
    scored yet), how many are scored of those asked, and what they say."""

    questionnaire_id: str
    grid: str
    score: float | None
    scored: int
    asked: int
    strengths: list[str]
    improvements: list[str]
    evidence: list[str]
    submitted: bool


class GridAnswer(Result):
    """A grid's answer that feeds a labelling-file item (8.2), as a reader reads it."""

    grid: str
    question: str
    answer: str
    remark: str = ""


def feeds(questionnaire: Questionnaire, item: Item) -> str | None:
    """The labelling-file number a criterion feeds: its own, else its section's."""
    section = questionnaire.section_of(item.id)
    return item.dossier or (section.dossier if section else None)


def axis_result(
    grid: GridResponse, number: str, lang: Lang, scores: QuestionnaireScore | None = None
) -> AxisResult | None:
    """The grid's self-assessment on the criteria feeding `number` (None: none does);
    `scores`: the grid already scored."""
    q = grid.questionnaire
    scores = scores or score_questionnaire(q, grid.values, grid.phase, grid.opened)
    numbers = {item.id: feeds(q, item) for item in q.items()}
    chosen = [s for s in scores.items if numbers.get(s.item_id) == number]
    if not chosen:
        return None
    by_class: dict[Classification | None, list[str]] = {}
    for scored in chosen:
        by_class.setdefault(scored.classification, []).append(_named(grid, scored.item_id, lang))
    pairs = [(s.score, s.weight) for s in chosen if s.score is not None]
    weight = sum(w for _, w in pairs)
    return AxisResult(
        questionnaire_id=q.id,
        grid=q.title(lang),
        score=100 * sum(s * w for s, w in pairs) / weight if pairs and weight else None,
        scored=len(pairs),
        asked=len(chosen),
        strengths=by_class.get(Classification.strength, []),
        improvements=by_class.get(Classification.improvement, []),
        evidence=_evidence(grid, [s.item_id for s in chosen], lang),
        submitted=grid.submitted,
    )


def _named(grid: GridResponse, item_id: str, lang: Lang) -> str:
    item = grid.questionnaire.item(item_id)
    assert item is not None
    remark = (grid.remarks.get(item_id) or "").strip()
    return f"{item.short(lang)} — {remark}" if remark else item.short(lang)


def _evidence(grid: GridResponse, item_ids: list[str], lang: Lang) -> list[str]:
    found = []
    for item_id in item_ids:
        item = grid.questionnaire.item(item_id)
        assert item is not None
        given = [(grid.evidence.get(item_id) or "").strip(), *grid.files.get(item_id, [])]
        given = [g for g in given if g]
        if given:
            found.append(f"{item.short(lang)} : {'; '.join(given)}")
    return found


def grid_answers(grid: GridResponse, number: str, lang: Lang) -> list[GridAnswer]:
    """The grid's visible, answered items that feed `number`, in grid order."""
    q = grid.questionnaire
    return [
        GridAnswer(
            grid=q.title(lang),
            question=item.text(lang),
            answer=answer_text(q, item, grid.values.get(item.id), lang),
            remark=(grid.remarks.get(item.id) or "").strip(),
        )
        for item in q.items()
        if feeds(q, item) == number
        and is_answered(grid.values.get(item.id))
        and is_visible(q, item, grid.values, grid.phase, grid.opened)
    ]


def results_by_axis(grids: list[GridResponse], lang: Lang) -> dict[str, list[AxisResult]]:
    """7.1 … 7.4 → one result per grid that has criteria feeding it."""
    scored = [(g, score_questionnaire(g.questionnaire, g.values, g.phase, g.opened)) for g in grids]
    return {
        number: [r for g, s in scored if (r := axis_result(g, number, lang, s)) is not None]
        for number in AXES
    }


def reviews_by_axis(grids: list[GridResponse], lang: Lang) -> dict[str, list[GridAnswer]]:
    """7.1 … 7.4 → the answers of the unscored grids (the CDM21 review's service offer, 7.3)
    that feed it."""
    unscored = [g for g in grids if not any(i.scored for i in g.questionnaire.items())]
    return {n: [a for g in unscored for a in grid_answers(g, n, lang)] for n in AXES}


def feedback(grids: list[GridResponse], lang: Lang) -> list[GridAnswer]:
    """The answers feeding 8.2, every grid's."""
    return [answer for g in grids for answer in grid_answers(g, FEEDBACK, lang)]


def grid_text(result: AxisResult, lang: Lang) -> str:
    """The grid's title, said to be still filled in until it is submitted."""
    if result.submitted:
        return result.grid
    return texts.text("self_assessment.in_progress", lang, grid=result.grid)


def score_text(result: AxisResult, lang: Lang) -> str:
    """ "78/100 (2 critères notés sur 2)", or not scored yet."""
    if result.score is None:
        return texts.text("self_assessment.not_scored", lang, asked=result.asked)
    return texts.text(
        "self_assessment.score_value",
        lang,
        score=formats.number(round(result.score), lang),
        scored=result.scored,
        asked=result.asked,
    )


def listed(result: AxisResult) -> list[tuple[str, list[str]]]:
    """(message key, lines) of what the criteria say, those with lines only."""
    found = [
        ("self_assessment.strengths", result.strengths),
        ("self_assessment.improvements", result.improvements),
        ("self_assessment.evidence", result.evidence),
    ]
    return [(key, lines) for key, lines in found if lines]
