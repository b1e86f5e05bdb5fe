"""The synthesis of remarks (labelling-file item 8.1.1) of one Cité in one campaign.

One synthesis per *scored* questionnaire of the campaign the Cité has started (in practice the
charter grid `charte` and the quality grid `qualite`), built by `domain.synthesis` from the
stored answers, remarks and the phase the response was filled in. Every section score — the
Cité's, its previous campaign's and the network's — comes from one scoring path: the SQL
aggregate the comparisons read (`services.scores.aggregates`, sums of the domain's item
scores, cached for submitted responses), so the synthesis and the comparison pages never
show a Cité two figures. Beside each section score:

- the previous campaign: the same Cité's latest earlier response to that questionnaire,
  scored with that campaign's frozen questionnaire (`responses.previous_answers`);
- the network median: the median over the *other* Cités' submitted responses, from the
  comparison service (`compare.cite_benchmark`, computed in SQL), always under the anonymous
  disclosure rule (`domain.disclosure`: withheld (None) when fewer than 5 other Cités have a
  score), whoever asks: the synthesis and its PDF are the Cité's document. No other Cité is
  ever named.

Read access: the Cité's director and contributors, the label authority and admins
(`Permission.read_files`: not an invited assessor, who only rates).

What 8.1.1 also tells, recorded here:
- `set_participants`: who took part in a self-assessment (its team: `Permission.fill`, while
  the campaign is open);
- `record_validation`: the steering committee (body, date, note) that validated the Cité's
  synthesis and plan of a campaign (its director: `Permission.submit`; one per campaign,
  recorded again to correct it; the date cannot be after today).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, select

from cdm_quality.domain import languages, scoring
from cdm_quality.domain.questionnaire import Lang, Phase, Questionnaire
from cdm_quality.domain.synthesis import (
    Proof,
    SectionScores,
    Synthesis,
    SynthesisRow,
    build_synthesis,
)
from cdm_quality.services import audit, compare, responses
from cdm_quality.services.assessment import ratings
from cdm_quality.services.errors import InvalidState, InvalidValue, NotFound, storage_guard
from cdm_quality.services.labelling import attachments
from cdm_quality.services.network.campaigns import get_campaign
from cdm_quality.services.network.cites import get_cite
from cdm_quality.services.people.access import Actor, Permission, allowed, require
from cdm_quality.services.scores import aggregates
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import (
    Campaign,
    CampaignPublic,
    CampaignState,
    Cite,
    CitePublic,
    PlanValidation,
    Response,
    ResponsePublic,
    ResponseState,
    utcnow,
)

BODY_MAX = 200
NOTE_MAX = 2000
PARTICIPANTS_MAX = 2000


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class GridSynthesis(_Frozen):
    """The synthesis of one questionnaire, with where its comparisons come from."""

    synthesis: Synthesis
    response_id: int
    state: ResponseState
    previous_campaign: str | None  # name of the campaign the "previous" scores come from
    # Other Cités with a score behind the network medians (`domain.disclosure`); None when
    # the medians are withheld, so that no count of them is given either.
    network_count: int | None
    network_published: bool = True  # False: the campaign has not closed, no network figures
    started_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    submitted_by: str | None = None
    participants: str = ""
    raters: list[
        str
    ] = []  # who rated on their own before the consensus (`services.assessment.ratings`)
    divergent: list[str] = []  # the items where their ratings were two levels apart or more
    rated_on: tuple[dt.date, dt.date] | None = None  # first and last day of those ratings
    agreed_on: dt.date | None = None  # the day the consensus was last set on an item


class Validation(_Frozen):
    """The steering committee's validation of a Cité's 8.1 for a campaign."""

    body: str
    validated_on: dt.date
    note: str = ""
    recorded_at: dt.datetime
    recorded_by: str


class CiteSynthesis(_Frozen):
    """Every synthesised grid of a Cité in a campaign; `missing` lists the scored
    questionnaires (ids) the Cité has not started."""

    cite: CitePublic
    campaign: CampaignPublic
    phase: Phase | None
    grids: list[GridSynthesis]
    missing: list[str]
    missing_titles: list[str] = []  # the same questionnaires by their titles
    validation: Validation | None = None
    can_record_participants: bool = False  # the Cité's team, while the campaign is open
    can_validate: bool = False  # the Cité's director


def campaign_questionnaires(session: Session, campaign: CampaignPublic) -> list[Questionnaire]:
    """Every questionnaire of the campaign as frozen for it (grids, CDM21, labelling file)."""
    return [
        frozen_questionnaire(session, campaign_id=campaign.id, questionnaire_id=f.questionnaire_id)
        for f in campaign.questionnaires
    ]


def synthesis_questionnaires(session: Session, campaign: CampaignPublic) -> list[Questionnaire]:
    """The campaign's questionnaires that have scored items, in id order (charte, qualite)."""
    found = campaign_questionnaires(session, campaign)
    return [q for q in found if any(item.scored for item in q.items())]


def cite_synthesis(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    lang: Lang,
    comparisons: bool = True,
) -> CiteSynthesis:
    """The 8.1.1 synthesis of every scored questionnaire the Cité has started in the campaign;
    `comparisons=False` leaves out the previous campaign and the network (quicker)."""
    require(actor, Permission.read_files, cite_id)
    cite = get_cite(session, actor, cite_id=cite_id)
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    grids: list[GridSynthesis] = []
    missing: list[str] = []
    titles: list[str] = []
    for questionnaire in synthesis_questionnaires(session, campaign):
        found = responses.find_response(
            session,
            actor,
            cite_id=cite_id,
            campaign_id=campaign_id,
            questionnaire_id=questionnaire.id,
        )
        if found is None:
            missing.append(questionnaire.id)
            titles.append(questionnaire.title(lang))
        else:
            grids.append(_grid(session, actor, found, lang, comparisons=comparisons))
    phase = grids[0].synthesis.phase if grids else cite.phase
    return CiteSynthesis(
        cite=cite,
        campaign=campaign,
        phase=phase,
        grids=grids,
        missing=missing,
        missing_titles=titles,
        validation=_validation(session, cite_id, campaign_id),
        can_record_participants=allowed(actor, Permission.fill, cite_id)
        and campaign.state is CampaignState.open,
        can_validate=allowed(actor, Permission.submit, cite_id),
    )


def _with_languages(
    session: Session,
    rows: list[SynthesisRow],
    response: ResponsePublic,
    view: responses.ResponseView,
) -> list[SynthesisRow]:
    """Each row with the language its remark was written in, as stored with the answer (an
    answer saved before revision 0017: the Cité's working language)."""
    cite_language = session.exec(select(Cite.language).where(Cite.id == response.cite_id)).first()
    written = {i: a.language or languages.chosen(cite_language) for i, a in view.answers.items()}
    return [row.model_copy(update={"language": written.get(row.item_id)}) for row in rows]


def _grid(
    session: Session,
    actor: Actor,
    response: ResponsePublic,
    lang: Lang,
    *,
    comparisons: bool,
) -> GridSynthesis:
    view = responses.response_view(session, actor, response_id=response.id)
    remarks = {item_id: answer.remark for item_id, answer in view.answers.items()}
    proof = _proof(session, actor, response.id, view.answers)
    in_progress = response.state is not ResponseState.submitted
    scores, compared = _scores(
        session, actor, view, comparisons=comparisons, like_for_like=in_progress
    )
    benchmark, network = None, None
    if comparisons:
        benchmark = _benchmark(session, actor, response)
        network = _medians(benchmark)
    previous = compared.previous
    synthesis = build_synthesis(
        view.questionnaire,
        view.values(),
        remarks,
        response.phase,
        lang,
        scores=scores,
        previous=previous,
        network=network,
        opened=response.opened,
        previous_score=(previous or {}).get(""),
        network_score=(network or {}).get(""),
        compared=compared.now,
        proof=proof,
    )
    synthesis = synthesis.model_copy(
        update={
            "like_for_like": compared.now is not None,
            "compared_score": (compared.now or {}).get(""),
            "compared_items": compared.items,
            "rows": _with_languages(session, synthesis.rows, response, view),
        }
    )
    return GridSynthesis(
        synthesis=synthesis,
        response_id=response.id,
        state=response.state,
        previous_campaign=compared.campaign,
        network_count=benchmark.network_count if benchmark else None,
        network_published=benchmark.published if benchmark else True,
        started_at=response.created_at,
        submitted_at=response.submitted_at,
        submitted_by=response.submitted_by,
        participants=response.participants,
        **_team(session, actor, response.id, view.questionnaire, lang),
    )


def _proof(
    session: Session, actor: Actor, response_id: int, answers: Mapping[str, responses.AnswerView]
) -> Proof:
    """Each item's recorded proof: its written reference and its attachments' names."""
    names: dict[str, list[str]] = {}
    for found in attachments.list_attachments(session, actor, response_id=response_id):
        names.setdefault(found.item_id, []).append(found.name)
    references = {i: a.evidence for i, a in answers.items() if a.evidence.strip()}
    return Proof(references=references, attachments=names)


def _team(
    session: Session, actor: Actor, response_id: int, questionnaire: Questionnaire, lang: Lang
) -> dict[str, Any]:
    """Who rated the grid on their own and when, the items where their views diverged and
    the day of the consensus (what the actor may read of it: nothing of the others' ratings
    before theirs are done)."""
    board = ratings.team_board(session, actor, response_id=response_id)
    divergent = []
    for item_id in board.divergent:
        item = questionnaire.item(item_id)
        if item is not None:
            ref = f" ({item.dossier})" if item.dossier else ""
            divergent.append(f"{item.short(lang)}{ref}")
    return {
        "raters": board.participants,
        "divergent": divergent,
        "rated_on": board.rated_on,
        "agreed_on": board.agreed_on,
    }


class _Comparison(_Frozen):
    """The previous campaign as 8.1.1 compares with it: its name and section scores ("" the
    whole grid); like for like, also this year's scores on the same items (`now`) and how
    many items that is."""

    campaign: str | None = None
    previous: SectionScores | None = None
    now: SectionScores | None = None
    items: int = 0


def _scores(
    session: Session,
    actor: Actor,
    view: responses.ResponseView,
    *,
    comparisons: bool,
    like_for_like: bool,
) -> tuple[SectionScores, _Comparison]:
    """The response's section scores and, with `comparisons`, the Cité's latest earlier
    response against it: whole, or (a grid still being filled in) like for like, both years
    on the items scored in both only — an item answered this year but unanswered or not
    applicable last year counts in neither. Every figure comes from the aggregate the
    comparisons read (`aggregates.scores_of_responses`), both years in one call."""
    now = view.response
    earlier = (
        responses.previous_answers(session, actor, response_id=now.id) if comparisons else None
    )
    campaign_of = {now.id: now.campaign_id}
    if earlier is not None:
        campaign_of[earlier.response.id] = earlier.response.campaign_id
    whole = aggregates.scores_of_responses(session, campaign_of)
    if earlier is None:
        return whole[now.id], _Comparison()
    if not like_for_like:
        previous = whole[earlier.response.id]
        return whole[now.id], _Comparison(campaign=earlier.campaign.name, previous=previous)
    before = {item_id: answer.value for item_id, answer in earlier.answers.items()}
    both = _scored_items(view.questionnaire, view.values(), now) & _scored_items(
        earlier.questionnaire, before, earlier.response
    )
    same = aggregates.scores_of_responses(session, campaign_of, item_ids=both)
    return whole[now.id], _Comparison(
        campaign=earlier.campaign.name,
        previous=same[earlier.response.id],
        now=same[now.id],
        items=len(both),
    )


def _scored_items(
    questionnaire: Questionnaire, values: dict[str, Any], response: ResponsePublic
) -> set[str]:
    """The items of the response that have a score (answered, not "not applicable")."""
    found = scoring.score_items(questionnaire, values, response.phase, response.opened)
    return {i.item_id for i in found if i.score is not None}


def _benchmark(session: Session, actor: Actor, response: ResponsePublic) -> compare.Benchmark:
    """The Cité against the network's published figures, as a director would see them."""
    return compare.cite_benchmark(
        session,
        actor,
        campaign_id=response.campaign_id,
        questionnaire_id=response.questionnaire_id,
        cite_id=response.cite_id,
        anonymous=True,  # the synthesis is the Cité's document, whoever makes it
    )


def _medians(benchmark: compare.Benchmark) -> SectionScores:
    """Each section's network median (None where the disclosure rule withholds it)."""
    return {
        s.section_id: s.network.median if s.network is not None else None
        for s in [*benchmark.sections, benchmark.overall]
    }


# --- the method and the validation ---------------------------------------------------------


def _validation(session: Session, cite_id: int, campaign_id: int) -> Validation | None:
    row = _validation_row(session, cite_id, campaign_id)
    if row is None:
        return None
    return Validation(
        body=row.body,
        validated_on=row.validated_on,
        note=row.note,
        recorded_at=row.recorded_at,
        recorded_by=audit.display_name(session, row.recorded_by_id),
    )


def _validation_row(session: Session, cite_id: int, campaign_id: int) -> PlanValidation | None:
    return session.exec(
        select(PlanValidation).where(
            PlanValidation.cite_id == cite_id, PlanValidation.campaign_id == campaign_id
        )
    ).first()


def _clean(text: str, limit: int, what: str) -> str:
    cleaned = "".join(ch for ch in text if ch in "\n" or ch >= " ").strip()
    if len(cleaned) > limit:
        raise InvalidValue("text.too_long", what=what, length=len(cleaned), max=limit)
    return cleaned


def _open_campaign(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("campaign.not_found")
    if campaign.state is not CampaignState.open:
        raise InvalidState("synthesis.closed", name=campaign.name)
    return campaign


@storage_guard
@writes
def record_validation(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    body: str,
    validated_on: dt.date,
    note: str = "",
    today: dt.date | None = None,
) -> Validation:
    """Record (or correct) the steering committee's validation of the Cité's 8.1."""
    require(actor, Permission.submit, cite_id)
    get_campaign(session, actor, campaign_id=campaign_id)
    body = _clean(body, BODY_MAX, "body")
    if not body:
        raise InvalidValue("validation.no_body")
    if validated_on > (today or dt.date.today()):
        raise InvalidValue("validation.future", date=validated_on)
    row = _validation_row(session, cite_id, campaign_id) or PlanValidation(
        cite_id=cite_id, campaign_id=campaign_id, body=body, validated_on=validated_on
    )
    before = row.model_dump(mode="json") if row.id else None
    row.body, row.validated_on, row.note = body, validated_on, _clean(note, NOTE_MAX, "note")
    row.recorded_at, row.recorded_by_id = utcnow(), actor.id
    session.add(row)
    session.flush()
    after = row.model_dump(mode="json")
    audit.record(
        session,
        actor,
        action="validate",
        entity="plan",
        entity_id=row.id,
        before=before,
        after=after,
    )
    session.commit()
    found = _validation(session, cite_id, campaign_id)
    assert found is not None
    return found


@storage_guard
@writes
def set_participants(session: Session, actor: Actor, *, response_id: int, participants: str) -> str:
    """Record who took part in a self-assessment (names and roles, one a line)."""
    response = session.get(Response, response_id)
    if response is None:
        raise NotFound("response.not_found")
    require(actor, Permission.fill, response.cite_id)
    _open_campaign(session, response.campaign_id)
    before = response.participants
    response.participants = _clean(participants, PARTICIPANTS_MAX, "participants")
    session.add(response)
    audit.record(
        session,
        actor,
        action="participants",
        entity="response",
        entity_id=response_id,
        before=before,
        after=response.participants,
    )
    session.commit()
    return str(response.participants)
