"""What the comparisons share: their result models, who sees the network, the scope of
responses a comparison reads and the network figures beside a Cité (see the package)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from cdm_quality.domain import disclosure, scoring, texts
from cdm_quality.domain.questionnaire import Phase, Questionnaire, Text
from cdm_quality.services.errors import AccessDenied, NotFound
from cdm_quality.services.network import publication
from cdm_quality.services.network.campaigns import get_campaign
from cdm_quality.services.people.access import Actor, Permission, readable_cite_ids, require
from cdm_quality.services.scores.aggregates import (
    RESPONSES,
    ResponseScores,
    Scope,
    response_scores,
)
from cdm_quality.services.scores.figures import NetworkFigures, figures_of, network_figures
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.services.scores.keys import require_campaign_keys
from cdm_quality.storage.tables import (
    Cite,
    ResponseState,
)

MIN_COUNT = scoring.MIN_NETWORK_COUNT


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class SectionInfo(_Frozen):
    section_id: str
    title: Text


class CampaignInfo(_Frozen):
    id: int
    year: int
    name: str


class HeatmapRow(_Frozen):
    """One Cité: its questionnaire score and its section scores (0..100, None: no score);
    `phase` is the Cité's current phase."""

    cite_id: int
    cite: str
    country: str
    phase: Phase
    overall: float | None
    sections: dict[str, float | None]


class Heatmap(_Frozen):
    campaign: CampaignInfo
    questionnaire_id: str
    sections: list[SectionInfo]
    rows: list[HeatmapRow]


class LevelCount(_Frozen):
    value: str  # the stored value as JSON text: '"atteint"', 'true'
    label: Text
    count: int
    not_applicable: bool = False
    position: float | None = None  # worst 0 … best 1 on its scale; None: N/A or unordered


class ItemDistribution(_Frozen):
    """How the Cités in scope answered one closed item; `own` is the compared Cité's value."""

    item_id: str
    section_id: str
    title: Text  # the item's short name
    text: Text
    levels: list[LevelCount]
    answered: int
    own: str | None = None


class Distribution(_Frozen):
    campaign: CampaignInfo
    questionnaire_id: str
    responses: int  # responses in the network counted
    suppressed: bool  # too few Cités for anonymous figures: levels hold no counts
    filtered: bool = False  # suppressed because a director chose a phase or a country
    items: list[ItemDistribution]
    published: bool = True  # False: anonymous figures, the campaign has not closed yet


class SectionBenchmark(_Frozen):
    """A Cité's score beside the network's quartiles (None when too few scores)."""

    section_id: str  # "" for the whole questionnaire
    title: Text
    own: float | None
    network: scoring.Quartiles | None


class Benchmark(_Frozen):
    cite_id: int
    cite: str
    campaign: CampaignInfo
    questionnaire_id: str
    network_count: int | None  # Cités in the network with a score; None when withheld
    overall: SectionBenchmark
    sections: list[SectionBenchmark]
    anonymous: bool = False  # figures under the disclosure rule (`domain.disclosure`)
    published: bool = True  # False: anonymous figures, the campaign has not closed yet


class EvolutionPoint(_Frozen):
    campaign: CampaignInfo
    network_count: int | None  # None when withheld (anonymous figures)
    overall: SectionBenchmark
    sections: list[SectionBenchmark]
    published: bool = True  # False: anonymous figures, the campaign has not closed yet


class Evolution(_Frozen):
    cite_id: int | None
    cite: str | None
    questionnaire_id: str
    sections: list[SectionInfo]
    points: list[EvolutionPoint]


# --- access -------------------------------------------------------------------------------


def sees_every_cite(actor: Actor) -> bool:
    """Whether the actor may see other Cités by name (read scope "all")."""
    return readable_cite_ids(actor) is None


def _require_network(actor: Actor) -> None:
    if not sees_every_cite(actor):
        raise AccessDenied("compare.by_name")


def _compared_cite(actor: Actor, cite_id: int | None) -> int | None:
    """The Cité to compare: a restricted actor always compares their own Cité."""
    if cite_id is None and not sees_every_cite(actor):
        cite_id = actor.cite_id
        if cite_id is None:
            raise AccessDenied("account.no_cite")
    if cite_id is not None:
        require(actor, Permission.read, cite_id)
    return cite_id


# --- shared helpers -----------------------------------------------------------------------


def _campaign_info(session: Session, actor: Actor, campaign_id: int) -> CampaignInfo:
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    return CampaignInfo(id=campaign.id, year=campaign.year, name=campaign.name)


def _questionnaire(session: Session, campaign_id: int, questionnaire_id: str) -> Questionnaire:
    return frozen_questionnaire(session, campaign_id=campaign_id, questionnaire_id=questionnaire_id)


def _sections(questionnaire: Questionnaire) -> list[SectionInfo]:
    """Sections holding at least one scored item."""
    return [
        SectionInfo(section_id=s.id, title=s.title)
        for s in questionnaire.sections
        if any(i.scored for i in s.items)
    ]


def _drafts_allowed(anonymous: bool, include_drafts: bool) -> bool:
    """Drafts never count in anonymous figures (disclosure rule)."""
    return include_drafts and not anonymous


def _states(include_drafts: bool) -> frozenset[ResponseState] | None:
    return None if include_drafts else frozenset({ResponseState.submitted})


def _scope(
    campaign_ids: Sequence[int],
    questionnaire_id: str,
    *,
    phase: Phase | None,
    country: str | None,
    include_drafts: bool,
    cite_id: int | None = None,
) -> Scope:
    return Scope(
        campaign_ids=tuple(campaign_ids),
        questionnaire_id=questionnaire_id,
        phase=Phase(phase) if phase else None,
        country=country or None,
        states=_states(include_drafts),
        always_cite_id=cite_id,
    )


class _OneCampaign(NamedTuple):
    """What a comparison within one campaign reads: the campaign, its frozen questionnaire
    (its score keys checked) and the scope of responses."""

    campaign: CampaignInfo
    questionnaire: Questionnaire
    scope: Scope


def _one_campaign(
    session: Session,
    actor: Actor,
    *,
    campaign_id: int,
    questionnaire_id: str,
    phase: Phase | None,
    country: str | None,
    include_drafts: bool,
    cite_id: int | None = None,
) -> _OneCampaign:
    campaign = _campaign_info(session, actor, campaign_id)
    questionnaire = _questionnaire(session, campaign_id, questionnaire_id)
    require_campaign_keys(session, campaign_ids=[campaign_id])
    scope = _scope(
        [campaign_id],
        questionnaire_id,
        phase=phase,
        country=country,
        include_drafts=include_drafts,
        cite_id=cite_id,
    )
    return _OneCampaign(campaign, questionnaire, scope)


class _CiteLine(NamedTuple):
    """What a heatmap row shows of a Cité (plain columns: a thousand Cités, no ORM objects)."""

    id: int
    name: str
    country: str
    phase: Phase


def _cite_names(session: Session, scope: Scope) -> dict[int, _CiteLine]:
    """The Cités of the responses in scope, by id (asked by the scope itself: a list of a
    thousand ids cost PostgreSQL 13 ms to read, as long as the cached scores)."""
    in_scope = select(RESPONSES.c.cite_id).where(*scope.conditions())
    query = select(Cite.id, Cite.name, Cite.country, Cite.phase).where(col(Cite.id).in_(in_scope))
    lines = [_CiteLine(*row) for row in session.exec(query).all()]
    return {line.id: line for line in lines}


def _benchmark_rows(
    own: ResponseScores | None,
    network: _Network,
    campaign_id: int,
    sections: Sequence[SectionInfo],
) -> tuple[SectionBenchmark, list[SectionBenchmark]]:
    """The Cité's scores beside the network's quartiles in one campaign; for anonymous
    figures (a director's view) only those the disclosure rule allows."""
    released = network.released[campaign_id] if network.released is not None else None
    own_scores = own.keyed() if own else {}
    rows = [
        SectionBenchmark(
            section_id=key,
            title=title,
            own=own_scores.get(key),
            network=_disclosed(network.figures.of(campaign_id, key), key, released),
        )
        for key, title in [(disclosure.OVERALL, texts.worded("compare.overall"))]
        + [(s.section_id, s.title) for s in sections]
    ]
    return rows[0], rows[1:]


def _disclosed(
    figures: scoring.Quartiles | None, key: str, released: disclosure.Release | None
) -> scoring.Quartiles | None:
    if figures is None or released is None:
        return figures
    if key not in released.median:
        return None
    if key not in released.quartiles:
        return figures.model_copy(update={"q1": None, "q3": None})
    return figures


class _Network(NamedTuple):
    """The other Cités' figures per campaign, and for anonymous figures what may be given."""

    figures: NetworkFigures
    released: dict[int, disclosure.Release] | None = None  # None: every figure (by name)
    published: frozenset[int] | None = None  # None: live figures


def _network(
    session: Session, anonymous: bool, scope: Scope, cite_id: int
) -> tuple[dict[int, ResponseScores], _Network]:
    """The compared Cité's scores per campaign, and the network it is compared with: live
    for those who see every Cité, the published set (`services.network.publication`) otherwise."""
    own, _ = _split(response_scores(session, _own_scope(scope, cite_id)).values(), cite_id)
    if not anonymous:
        others = replace(scope, always_cite_id=None, excluded_cite_id=cite_id)
        return own, _Network(network_figures(session, others, min_count=MIN_COUNT))
    return own, _published_network(session, scope, cite_id)


def _own_scope(scope: Scope, cite_id: int) -> Scope:
    return replace(scope, cite_ids=frozenset({cite_id}), always_cite_id=cite_id)


def _published_network(session: Session, scope: Scope, cite_id: int | None) -> _Network:
    """Per campaign, the published self-assessments in `scope`'s selection with a score, and
    which of their figures the disclosure rule lets a director see."""
    published = publication.members(
        session,
        campaign_ids=scope.campaign_ids,
        questionnaire_id=scope.questionnaire_id,
        excluded_cite_id=cite_id,
    )
    selection = (scope.phase, scope.country)
    scores: dict[int, list[ResponseScores]] = defaultdict(list)
    released: dict[int, disclosure.Release] = {}
    for campaign_id in scope.campaign_ids:
        scored = [m for m in published.get(campaign_id, []) if m.scores.sums]
        released[campaign_id] = disclosure.release([m.disclosed() for m in scored], selection)
        scores[campaign_id] = [m.scores for m in scored if m.within(selection)]
    done = publication.published_campaigns(session, scope.campaign_ids)
    return _Network(figures_of(scores, min_count=MIN_COUNT), released, frozenset(done))


def _count_shown(network: _Network, campaign_id: int, overall: SectionBenchmark) -> int | None:
    """How many Cités the figures come from: not said of a withheld anonymous selection."""
    if network.released is not None and overall.network is None:
        return None
    return network.figures.counts.get(campaign_id, 0)


def _published(network: _Network, campaign_id: int) -> bool:
    return network.published is None or campaign_id in network.published


def _cite(session: Session, cite_id: int) -> Cite:
    cite = session.get(Cite, cite_id)
    if cite is None:
        raise NotFound("cite.not_found")
    return cite


def _split(
    found: Iterable[ResponseScores], cite_id: int | None
) -> tuple[dict[int, ResponseScores], dict[int, list[ResponseScores]]]:
    """(campaign id → the Cité's scores, campaign id → the other Cités' scores)."""
    own: dict[int, ResponseScores] = {}
    network: dict[int, list[ResponseScores]] = defaultdict(list)
    for scores in found:
        if scores.cite_id == cite_id:
            own[scores.campaign_id] = scores
        else:
            network[scores.campaign_id].append(scores)
    return own, network
