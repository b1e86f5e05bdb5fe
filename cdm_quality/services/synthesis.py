"""The synthesis of remarks (labelling-file item 8.1.1) of one Cité in one campaign.

One synthesis per *scored* questionnaire of the campaign the Cité has started (in practice the
charter grid `charte` and the quality grid `qualite`), built by `domain.synthesis` from the
stored answers, remarks and the phase the response was filled in. Beside each section score:

- the previous campaign: the same Cité's latest earlier response to that questionnaire,
  scored with that campaign's frozen questionnaire (`responses.previous_answers`);
- the network median: the median over the *other* Cités' submitted responses, from the
  comparison service (`compare.cite_benchmark`, computed in SQL), always under the anonymous
  disclosure rule (`domain.disclosure`: withheld (None) when fewer than 5 other Cités have a
  score), whoever asks: the synthesis and its PDF are the Cité's document. No other Cité is
  ever named.

Read access: the Cité's own people, the label authority and admins (`Permission.read`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from cdm_quality.domain import scoring
from cdm_quality.domain.questionnaire import Lang, Phase, Questionnaire
from cdm_quality.domain.synthesis import SectionScores, Synthesis, build_synthesis
from cdm_quality.services import compare, responses
from cdm_quality.services.access import Actor, Permission, require
from cdm_quality.services.campaigns import frozen_questionnaire, get_campaign
from cdm_quality.services.cites import get_cite
from cdm_quality.storage.tables import CampaignPublic, CitePublic, ResponsePublic, ResponseState


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class GridSynthesis(_Frozen):
    """The synthesis of one questionnaire, with where its comparisons come from."""

    synthesis: Synthesis
    response_id: int
    state: ResponseState
    previous_campaign: str | None  # name of the campaign the "previous" scores come from
    network_count: int  # other Cités with a score (anonymous medians: `domain.disclosure`)


class CiteSynthesis(_Frozen):
    """Every synthesised grid of a Cité in a campaign; `missing` lists the scored
    questionnaires (ids) the Cité has not started."""

    cite: CitePublic
    campaign: CampaignPublic
    phase: Phase | None
    grids: list[GridSynthesis]
    missing: list[str]


def synthesis_questionnaires(session: Session, campaign: CampaignPublic) -> list[Questionnaire]:
    """The campaign's questionnaires that have scored items, in id order (charte, qualite)."""
    found = [
        frozen_questionnaire(session, campaign_id=campaign.id, questionnaire_id=f.questionnaire_id)
        for f in campaign.questionnaires
    ]
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
    require(actor, Permission.read, cite_id)
    cite = get_cite(session, actor, cite_id=cite_id)
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    grids: list[GridSynthesis] = []
    missing: list[str] = []
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
        else:
            grids.append(_grid(session, actor, found, lang, comparisons=comparisons))
    phase = grids[0].synthesis.phase if grids else cite.phase
    return CiteSynthesis(cite=cite, campaign=campaign, phase=phase, grids=grids, missing=missing)


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
    previous_name, previous, network_count, network = None, None, 0, None
    if comparisons:
        previous_name, previous = _previous_scores(session, actor, response.id)
        network_count, network = _network_medians(session, actor, response)
    synthesis = build_synthesis(
        view.questionnaire,
        view.values(),
        remarks,
        response.phase,
        lang,
        previous=previous,
        network=network,
    )
    return GridSynthesis(
        synthesis=synthesis,
        response_id=response.id,
        state=response.state,
        previous_campaign=previous_name,
        network_count=network_count,
    )


def _previous_scores(
    session: Session, actor: Actor, response_id: int
) -> tuple[str | None, SectionScores | None]:
    """The campaign name and section scores of the Cité's latest earlier response."""
    earlier = responses.previous_answers(session, actor, response_id=response_id)
    if earlier is None:
        return None, None
    values = {item_id: answer.value for item_id, answer in earlier.answers.items()}
    scores = scoring.score_questionnaire(earlier.questionnaire, values, earlier.response.phase)
    return earlier.campaign.name, scoring.section_scores(scores)


def _network_medians(
    session: Session, actor: Actor, response: ResponsePublic
) -> tuple[int, SectionScores]:
    """How many other Cités have a score, and each section's median over them (None below
    `scoring.MIN_NETWORK_COUNT`: the comparison service withholds it)."""
    benchmark = compare.cite_benchmark(
        session,
        actor,
        campaign_id=response.campaign_id,
        questionnaire_id=response.questionnaire_id,
        cite_id=response.cite_id,
        anonymous=True,  # the synthesis is the Cité's document, whoever makes it
    )
    medians = {
        s.section_id: s.network.median if s.network is not None else None
        for s in benchmark.sections
    }
    return benchmark.network_count, medians
