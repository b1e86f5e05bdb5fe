"""A Cité's (or the network's) scores over the campaigns (labelling-file item 8.3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlmodel import Session, col, select

from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.compare.common import (
    MIN_COUNT,
    CampaignInfo,
    Evolution,
    EvolutionPoint,
    SectionInfo,
    _benchmark_rows,
    _cite,
    _compared_cite,
    _count_shown,
    _drafts_allowed,
    _Network,
    _network,
    _published,
    _questionnaire,
    _scope,
    _sections,
    sees_every_cite,
)
from cdm_quality.services.people.access import Actor
from cdm_quality.services.scores.aggregates import ResponseScores
from cdm_quality.services.scores.figures import network_figures
from cdm_quality.services.scores.keys import require_campaign_keys
from cdm_quality.storage.tables import (
    Campaign,
    CampaignQuestionnaire,
    CampaignState,
    Response,
    ResponseState,
)


def evolution(
    session: Session,
    actor: Actor,
    *,
    questionnaire_id: str,
    cite_id: int | None = None,
    campaign_ids: Sequence[int] | None = None,
    phase: Phase | None = None,
    country: str | None = None,
    include_drafts: bool = False,
) -> Evolution:
    """Per campaign (oldest first): the network's quartiles and, with `cite_id`, the Cité's
    own scores — overall and per section. Campaigns still in draft are left out, and so is the
    Cité's own unsent self-assessment unless drafts are counted."""
    anonymous = not sees_every_cite(actor)
    cite_id = _compared_cite(actor, cite_id)
    cite = _cite(session, cite_id) if cite_id is not None else None
    campaigns = _campaigns_with(session, questionnaire_id, campaign_ids)
    ids = [c.id for c in campaigns]
    require_campaign_keys(session, campaign_ids=ids)
    scope = _scope(
        ids,
        questionnaire_id,
        phase=phase,
        country=country,
        include_drafts=_drafts_allowed(anonymous, include_drafts),
        cite_id=cite_id,
    )
    scope = replace(scope, always_any_state=False)
    own: dict[int, ResponseScores] = {}
    if cite_id is None:  # the label authority's view of the network alone
        network = _Network(network_figures(session, scope, min_count=MIN_COUNT))
    else:
        own, network = _network(session, anonymous, scope, cite_id)
    sections = _union_sections(session, ids, questionnaire_id)
    points = []
    for campaign in campaigns:
        overall, rows = _benchmark_rows(own.get(campaign.id), network, campaign.id, sections)
        points.append(
            EvolutionPoint(
                campaign=campaign,
                network_count=_count_shown(network, campaign.id, overall),
                overall=overall,
                sections=rows,
                published=_published(network, campaign.id),
            )
        )
    return Evolution(
        cite_id=cite_id,
        cite=cite.name if cite else None,
        questionnaire_id=questionnaire_id,
        sections=sections,
        points=points,
    )


def _campaigns_with(
    session: Session, questionnaire_id: str, campaign_ids: Sequence[int] | None
) -> list[CampaignInfo]:
    query = (
        select(Campaign)
        .join(CampaignQuestionnaire, col(CampaignQuestionnaire.campaign_id) == col(Campaign.id))
        .where(
            CampaignQuestionnaire.questionnaire_id == questionnaire_id,
            Campaign.state != CampaignState.draft,
        )
        .order_by(col(Campaign.year))
    )
    if campaign_ids is not None:
        query = query.where(col(Campaign.id).in_(list(campaign_ids)))
    return [CampaignInfo(id=c.id, year=c.year, name=c.name) for c in session.exec(query).all()]


def _union_sections(
    session: Session, campaign_ids: Sequence[int], questionnaire_id: str
) -> list[SectionInfo]:
    """Scored sections of the questionnaire over the campaigns, newest titles first."""
    seen: dict[str, SectionInfo] = {}
    for campaign_id in reversed(campaign_ids):
        for section in _sections(_questionnaire(session, campaign_id, questionnaire_id)):
            seen.setdefault(section.section_id, section)
    return list(seen.values())


def campaign_to_compare(session: Session, actor: Actor) -> int | None:
    """The campaign the comparison opens on: the latest (by year) with a submitted
    self-assessment, not the open one while nothing is sent yet; None when nothing is sent.
    Only a campaign id: every signed-in person sees the list of campaigns."""
    query = (
        select(Campaign.id)
        .join(Response, col(Response.campaign_id) == col(Campaign.id))
        .where(Response.state == ResponseState.submitted, Campaign.state != CampaignState.draft)
        .order_by(col(Campaign.year).desc())
        .limit(1)
    )
    return session.exec(query).first()
