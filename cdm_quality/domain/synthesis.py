"""The synthesis of remarks (labelling-file item 8.1.1), built from one response.

`build_synthesis` turns a questionnaire, the answer values and remarks of a Cité and its phase
into rows by section and item (reference, text, answer, remark, classification, score) and a
summary per section beside the previous campaign and the network median. The service gives
the section scores, the previous campaign's and the network median as plain `{section id:
score}` dicts, all read by the one aggregate every comparison uses (`services.scores.aggregates`,
summing the domain's item scores); built without them, the scores come from
`scoring.score_questionnaire` (the same figures: `tests/services/compare/test_compare.py`).
Everything is in one language.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cdm_quality.domain import formats, labels, languages, texts
from cdm_quality.domain.answers import answer_text, is_answered, is_visible
from cdm_quality.domain.questionnaire import (
    Item,
    Lang,
    Phase,
    Questionnaire,
    Section,
)
from cdm_quality.domain.scoring import (
    Classification,
    Compliance,
    ItemScore,
    QuestionnaireScore,
    Result,
    SectionScore,
    score_questionnaire,
    section_scores,
)

SectionScores = Mapping[str, float | None]
CHARTER = "charte"  # the charter grid: an item at its lowest level there is a breach


class SynthesisRow(Result):
    """One item of the 8.1.1 table. `score` is 0..100 (None when not scored)."""

    section_id: str
    section_title: str
    item_id: str
    title: str  # the item's short name
    dossier: str | None
    dossier_level: str | None
    text: str
    answer: str | None
    remark: str
    classification: Classification | None
    score: float | None
    weight: float = 1.0  # the item's weight in its section's score
    # a charter criterion at its lowest level ("Non conforme", or "no"): always among the main
    # areas for improvement, and the plan owes it an action or a recorded reason
    breach: bool = False
    # the recorded proof: the reference the Cité wrote, and the names of its attached files
    # and links (8.1.1 prints both beside the remark)
    evidence: str = ""
    attachments: list[str] = []
    # the language the remark was written in (None: not recorded, the Cité's working language)
    language: str | None = None


class SectionSummary(Result):
    """A section's score (0..100) beside the previous campaign and the network median."""

    section_id: str
    title: str
    score: float | None
    previous: float | None
    network_median: float | None
    scored: int
    not_applicable: int
    unanswered: int
    strengths: int
    improvements: int
    # like for like: this year's score on the items scored both years, the ones `previous`
    # is scored on (None: the change compares the whole score)
    compared: float | None = None

    @property
    def change(self) -> float | None:
        """Points gained since the previous campaign (like for like when `compared`)."""
        now = self.compared if self.compared is not None else self.score
        if now is None or self.previous is None:
            return None
        return now - self.previous


class Synthesis(Result):
    questionnaire_id: str
    questionnaire_title: str
    questionnaire_version: str
    phase: Phase | None
    lang: Lang
    score: float | None
    compliance: Compliance
    sections: list[SectionSummary]
    rows: list[SynthesisRow]
    previous_score: float | None = None  # the whole grid in the previous campaign
    network_score: float | None = None  # the whole grid's median over the other Cités
    # still being filled in: both years are compared on the items scored in both only (like
    # for like: `compared_items` of them, this year's score on them `compared_score`), and
    # the reader is told how many of those asked are answered
    like_for_like: bool = False
    compared_score: float | None = None
    compared_items: int = 0

    @property
    def answered(self) -> tuple[int, int]:
        """(scored items answered, scored items asked), not applicable counted as answered."""
        done = sum(s.scored + s.not_applicable for s in self.sections)
        return done, done + sum(s.unanswered for s in self.sections)

    def improvements(self) -> list[SynthesisRow]:
        return [r for r in self.rows if r.classification == Classification.improvement]

    def strengths(self) -> list[SynthesisRow]:
        return [r for r in self.rows if r.classification == Classification.strength]


class Proof(Result):
    """What a Cité recorded as proof, by item id: the reference it wrote (`references`) and
    the names of the files and links it attached (`attachments`)."""

    references: dict[str, str] = {}
    attachments: dict[str, list[str]] = {}


def build_synthesis(
    questionnaire: Questionnaire,
    values: Mapping[str, Any],
    remarks: Mapping[str, str],
    phase: Phase | str | None,
    lang: Lang = languages.REFERENCE,
    *,
    scores: SectionScores | None = None,
    previous: SectionScores | None = None,
    network: SectionScores | None = None,
    opened: bool = False,
    previous_score: float | None = None,
    network_score: float | None = None,
    compared: SectionScores | None = None,
    proof: Proof | None = None,
) -> Synthesis:
    """The 8.1.1 synthesis: a row for each visible item that has an answer or a remark, in
    questionnaire order, and a summary for each section that has scored items; the whole
    grid's previous score and network median come as `previous_score`, `network_score`;
    `compared` (like for like) this year's scores on the items `previous` was scored on;
    `proof` each item's recorded evidence. `scores` are the section scores ("" the whole
    grid's) as the service reads every response's (`services.scores.aggregates`); without them the
    same figures are computed here from `values`."""
    found = score_questionnaire(questionnaire, values, phase, opened)
    scores = scores if scores is not None else {**section_scores(found), "": found.score}
    proof = proof or Proof()
    rows = [
        _row(questionnaire, section, item, values, remarks, found, phase, lang, proof)
        for section in questionnaire.sections
        for item in section.items
        if is_visible(questionnaire, item, values, phase, opened)
        and (is_answered(values.get(item.id)) or (remarks.get(item.id) or "").strip())
    ]
    titles = {s.id: s.title(lang) for s in questionnaire.sections}
    return Synthesis(
        questionnaire_id=questionnaire.id,
        questionnaire_title=questionnaire.title(lang),
        questionnaire_version=questionnaire.version,
        phase=found.phase,
        lang=lang,
        score=scores.get(""),
        compliance=found.compliance,
        sections=[
            _summary(s, titles[s.section_id], scores, previous, network, compared)
            for s in found.sections
        ],
        rows=rows,
        previous_score=previous_score,
        network_score=network_score,
    )


def _summary(
    score: SectionScore,
    title: str,
    scores: SectionScores,
    previous: SectionScores | None,
    network: SectionScores | None,
    compared: SectionScores | None = None,
) -> SectionSummary:
    counts = score.model_dump(exclude={"section_id", "score"})
    return SectionSummary(
        section_id=score.section_id,
        title=title,
        score=scores.get(score.section_id),
        previous=(previous or {}).get(score.section_id),
        network_median=(network or {}).get(score.section_id),
        compared=(compared or {}).get(score.section_id),
        **counts,
    )


def _row(
    questionnaire: Questionnaire,
    section: Section,
    item: Item,
    values: Mapping[str, Any],
    remarks: Mapping[str, str],
    scores: QuestionnaireScore,
    phase: Phase | str | None,
    lang: Lang,
    proof: Proof,
) -> SynthesisRow:
    scored: ItemScore | None = scores.item(item.id)
    level = (item.phase_levels or {}).get(Phase(phase)) if phase is not None else None
    value = values.get(item.id)
    return SynthesisRow(
        section_id=section.id,
        section_title=section.title(lang),
        item_id=item.id,
        title=item.short(lang),
        dossier=item.dossier or section.dossier,
        dossier_level=labels.label(labels.DOSSIER_LEVEL, level, lang) if level else None,
        text=item.text(lang),
        answer=answer_label(questionnaire, item, value, lang) if is_answered(value) else None,
        remark=(remarks.get(item.id) or "").strip(),
        classification=scored.classification if scored else None,
        score=100 * scored.score if scored and scored.score is not None else None,
        weight=item.weight,
        breach=questionnaire.id == CHARTER
        and scored is not None
        and scored.classification == Classification.improvement
        and scored.score == 0,
        evidence=(proof.references.get(item.id) or "").strip(),
        attachments=list(proof.attachments.get(item.id, ())),
    )


# --- the synthesis as a reader takes it in: summary first, then section by section ---------

HIGHLIGHTS = 3  # strengths and areas for improvement named in the executive summary


class GridFigures(Result):
    """One grid's key figures for the executive summary."""

    questionnaire_id: str
    title: str
    score: float | None
    previous_score: float | None
    network_score: float | None
    compliance: Compliance
    strengths: int
    improvements: int
    compared_score: float | None = None  # like for like: this year on the items of both

    @property
    def change(self) -> float | None:
        now = self.compared_score if self.compared_score is not None else self.score
        if now is None or self.previous_score is None:
            return None
        return now - self.previous_score


class ExecutiveSummary(Result):
    """Key figures of every grid, and the few most important strengths and areas for
    improvement across them (highest weight first, then the clearest score, a remark
    preferred); every charter breach is among the main areas, first."""

    grids: list[GridFigures]
    strengths: list[SynthesisRow]
    improvements: list[SynthesisRow]


class SectionDigest(Result):
    """A section as the synthesis tells it: its score (None when it has no scored item),
    its strengths and areas for improvement, and its other notable remarks."""

    section_id: str
    title: str
    summary: SectionSummary | None
    strengths: list[SynthesisRow]
    improvements: list[SynthesisRow]
    remarks: list[SynthesisRow]


def executive_summary(syntheses: Iterable[Synthesis], *, top: int = HIGHLIGHTS) -> ExecutiveSummary:
    """The summary that opens 8.1.1."""
    syntheses = list(syntheses)
    grids = [
        GridFigures(
            questionnaire_id=s.questionnaire_id,
            title=s.questionnaire_title,
            score=s.score,
            previous_score=s.previous_score,
            network_score=s.network_score,
            compared_score=s.compared_score,
            compliance=s.compliance,
            strengths=len(s.strengths()),
            improvements=len(s.improvements()),
        )
        for s in syntheses
    ]
    strengths = [r for s in syntheses for r in s.strengths()]
    improvements = sorted(
        (r for s in syntheses for r in s.improvements()), key=lambda r: _importance(r, best=False)
    )
    breaches = [r for r in improvements if r.breach]  # every one, however many
    others = [r for r in improvements if not r.breach][: max(0, top - len(breaches))]
    return ExecutiveSummary(
        grids=grids,
        strengths=sorted(strengths, key=lambda r: _importance(r, best=True))[:top],
        improvements=breaches + others,
    )


def _importance(row: SynthesisRow, *, best: bool) -> tuple[float, float, bool]:
    """Sort key: heavier items first, then the highest (strengths) or lowest (areas) score,
    then those with a remark; ties keep questionnaire order (the sort is stable)."""
    score = row.score if row.score is not None else 50.0
    return -row.weight, -score if best else score, not row.remark


def section_digests(synthesis: Synthesis) -> list[SectionDigest]:
    """Per section with rows, in questionnaire order: score, strengths, areas for
    improvement and the remarks on the other items."""
    summaries = {s.section_id: s for s in synthesis.sections}
    by_section: dict[str, list[SynthesisRow]] = {}
    for row in synthesis.rows:
        by_section.setdefault(row.section_id, []).append(row)
    return [
        SectionDigest(
            section_id=section_id,
            title=rows[0].section_title,
            summary=summaries.get(section_id),
            strengths=[r for r in rows if r.classification == Classification.strength],
            improvements=[r for r in rows if r.classification == Classification.improvement],
            remarks=[r for r in rows if r.remark and r.classification in _NOTABLE],
        )
        for section_id, rows in by_section.items()
    ]


_NOTABLE = (None, Classification.neutral)


def criterion_labels(questionnaires: Iterable[Questionnaire], lang: Lang) -> dict[str, str]:
    """Item id → how a person names the criterion: its short title and labelling-file
    reference ("Accessibilité des locaux (7.3)"); the grid's title is added where two items
    of different grids would read the same."""
    found: dict[str, tuple[str, str]] = {}
    for questionnaire in questionnaires:
        for section in questionnaire.sections:
            for item in section.items:
                ref = item.dossier or section.dossier
                label = f"{item.short(lang)} ({ref})" if ref else item.short(lang)
                found[item.id] = (label, questionnaire.title(lang))
    seen = Counter(label for label, _ in found.values())
    return {
        item_id: label if seen[label] == 1 else f"{label} — {grid}"
        for item_id, (label, grid) in found.items()
    }


answer_label = answer_text  # the one formatter of answers (domain/answers.py)


format_number = formats.number  # the one number and date format (domain/formats.py)
format_date = formats.date


def team_sentences(
    raters: Sequence[str],
    rated_on: tuple[dt.date, dt.date] | None,
    divergent: Sequence[str],
    agreed_on: dt.date | None,
    lang: Lang,
) -> list[str]:
    """The method's account of the team's work on a grid: who rated on their own and on
    which day(s), where their views diverged, and the day of the consensus."""
    found = []
    if raters:
        who = ", ".join(raters)
        if rated_on is None:
            found.append(texts.text("pdf.raters", lang, who=who))
        else:
            start, end = (format_date(d, lang) for d in rated_on)
            when = texts.text("pdf.on_day", lang, date=start)
            if start != end:
                when = texts.text("pdf.from_to", lang, start=start, end=end)
            found.append(texts.text("pdf.raters_on", lang, when=when, who=who))
    if divergent:
        found.append(texts.text("pdf.divergent", lang, items=" ; ".join(divergent)))
    if agreed_on is not None:
        found.append(texts.text("pdf.agreed_on", lang, date=format_date(agreed_on, lang)))
    return found
