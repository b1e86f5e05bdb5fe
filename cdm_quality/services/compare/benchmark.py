"""One Cité against the network, section by section."""

from __future__ import annotations

from sqlmodel import Session

from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.compare.common import (
    Benchmark,
    _benchmark_rows,
    _cite,
    _compared_cite,
    _count_shown,
    _drafts_allowed,
    _network,
    _one_campaign,
    _published,
    _sections,
    sees_every_cite,
)
from cdm_quality.services.errors import InvalidValue
from cdm_quality.services.people.access import Actor


def cite_benchmark(
    session: Session,
    actor: Actor,
    *,
    campaign_id: int,
    questionnaire_id: str,
    cite_id: int | None = None,
    phase: Phase | None = None,
    country: str | None = None,
    include_drafts: bool = False,
    anonymous: bool = False,
) -> Benchmark:
    """A Cité's section scores beside the quartiles of the other Cités in scope; anonymous
    figures (`domain.disclosure`) for a director or contributor, or when `anonymous`."""
    anonymous = anonymous or not sees_every_cite(actor)
    cite_id = _compared_cite(actor, cite_id)
    if cite_id is None:
        raise InvalidValue("compare.choose_cite")
    cite = _cite(session, cite_id)
    read = _one_campaign(
        session,
        actor,
        campaign_id=campaign_id,
        questionnaire_id=questionnaire_id,
        phase=phase,
        country=country,
        include_drafts=_drafts_allowed(anonymous, include_drafts),
        cite_id=cite_id,
    )
    own, network = _network(session, anonymous, read.scope, cite_id)
    overall, sections = _benchmark_rows(
        own.get(campaign_id), network, campaign_id, _sections(read.questionnaire)
    )
    return Benchmark(
        cite_id=cite_id,
        cite=cite.name,
        campaign=read.campaign,
        questionnaire_id=questionnaire_id,
        network_count=_count_shown(network, campaign_id, overall),
        overall=overall,
        sections=sections,
        anonymous=anonymous,
        published=_published(network, campaign_id),
    )
