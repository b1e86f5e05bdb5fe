"""The network figures a director or contributor sees are published once per campaign.

Counts and medians computed from live data change each time one Cité submits, is reopened or
sends late: two readings taken before and after such an event differ by that Cité alone, and
their difference gives its answers back, whatever each reading's own threshold. So the
anonymous figures of a campaign come from one fixed set of self-assessments, taken when the
campaign first closes (`publish`) and never changed after: a response reopened or sent late, a
campaign reopened and closed again, change nothing a director can read. Until its first close
a campaign has no network figures for them (the label authority sees live figures by name).

What is kept of each submitted self-assessment (`NetworkMember`): its questionnaire, Cité,
phase and country, its section sums and its answers to closed items — enough for the
medians, quartiles and answer distributions of `services.compare`, under the disclosure rule
of `domain.disclosure`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from cdm_quality.domain import disclosure
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.scores.aggregates import (
    ResponseScores,
    Scope,
    response_levels,
    response_scores,
)
from cdm_quality.services.scores.keys import require_campaign_keys
from cdm_quality.storage.tables import (
    Campaign,
    CampaignState,
    Cite,
    NetworkMember,
    Response,
    ResponseState,
    utcnow,
)


@dataclass(frozen=True)
class Member:
    """One published self-assessment, as the anonymous figures read it."""

    id: int
    cite_id: int
    phase: Phase
    country: str
    scores: ResponseScores
    levels: tuple[tuple[str, str], ...]

    def disclosed(self) -> disclosure.Member:
        return disclosure.Member(self.id, self.phase, self.country, self.scores.keyed())

    def within(self, selection: disclosure.Selection) -> bool:
        return self.disclosed().within(selection)


def publish(session: Session, campaign: Campaign) -> None:
    """Add the campaign's published set to the session (its caller commits it with the
    closing): every submitted self-assessment of every questionnaire, as it stands now. A
    campaign published before keeps its first set."""
    if campaign.published_at is not None or campaign.id is None:
        return
    require_campaign_keys(session, campaign_ids=[campaign.id])
    scope = Scope(campaign_ids=(campaign.id,))
    sums = response_scores(session, scope)
    levels = response_levels(session, scope)
    rows = session.exec(
        select(Response, Cite.country)
        .join(Cite, col(Cite.id) == col(Response.cite_id))
        .where(Response.campaign_id == campaign.id, Response.state == ResponseState.submitted)
    ).all()
    for response, country in rows:
        found = sums.get(int(response.id or 0))
        session.add(
            NetworkMember(
                campaign_id=campaign.id,
                questionnaire_id=response.questionnaire_id,
                cite_id=response.cite_id,
                phase=response.phase,
                country=country,
                sums=found.sums if found else {},
                levels=[list(pair) for pair in levels.get(int(response.id or 0), [])],
            )
        )
    campaign.published_at = utcnow()
    session.add(campaign)


def publish_closed(session: Session) -> list[str]:
    """Publish every closed campaign that has no published set (closed before the sets were
    kept: `cdm-quality db upgrade` calls it), from its self-assessments as they stand; the
    names of those published. Committed here."""
    pending = session.exec(
        select(Campaign).where(
            Campaign.state == CampaignState.closed, col(Campaign.published_at).is_(None)
        )
    ).all()
    for campaign in pending:
        publish(session, campaign)
        session.commit()
    return [campaign.name for campaign in pending]


def published_campaigns(session: Session, campaign_ids: Sequence[int]) -> set[int]:
    """Which of these campaigns have published network figures."""
    query = select(Campaign.id).where(
        col(Campaign.id).in_(list(campaign_ids)), col(Campaign.published_at).is_not(None)
    )
    return {int(found) for found in session.exec(query).all() if found is not None}


def members(
    session: Session,
    *,
    campaign_ids: Sequence[int],
    questionnaire_id: str | None,
    excluded_cite_id: int | None,
) -> dict[int, list[Member]]:
    """Campaign id → the published self-assessments of the questionnaire, but the Cité's own."""
    query = select(NetworkMember).where(col(NetworkMember.campaign_id).in_(list(campaign_ids)))
    if questionnaire_id is not None:
        query = query.where(NetworkMember.questionnaire_id == questionnaire_id)
    if excluded_cite_id is not None:
        query = query.where(NetworkMember.cite_id != excluded_cite_id)
    found: dict[int, list[Member]] = defaultdict(list)
    for row in session.exec(query.order_by(col(NetworkMember.id))).all():
        found[row.campaign_id].append(_member(row))
    return found


def _member(row: NetworkMember) -> Member:
    member_id = int(row.id or 0)
    scores = ResponseScores(member_id, row.campaign_id, row.cite_id)
    scores.sums = {section: [float(a), float(b)] for section, (a, b) in (row.sums or {}).items()}
    levels = tuple((str(item), str(value)) for item, value in (row.levels or []))
    return Member(member_id, row.cite_id, Phase(row.phase), row.country, scores, levels)
