"""Comparison across Cités and campaigns: heatmap, answer distribution, a Cité against the
network, evolution over campaigns (labelling-file item 8.3).

Scores are the domain's (`domain.scoring`: weighted mean of normalised item scores × 100,
N/A and unanswered left out), computed by GROUP BY in the database (`services.aggregates`);
medians and quartiles come from `scoring.quartiles` over the per-Cité scores.

Who sees what:
- the label authority and admins (read scope "all") see every Cité by name (network figures
  from fewer than `scoring.MIN_NETWORK_COUNT` Cités are left out, as they mean little);
- a director or contributor sees only their own Cité against *anonymous* network figures,
  under the disclosure rule of `domain.disclosure`, from the set published when the campaign
  first closed (`services.publication`: nothing before, nothing that changed after; their
  own Cité's figures are live): the network excludes their Cité and counts submitted
  self-assessments only (`include_drafts` is ignored for them); a median
  needs 5 other Cités, quartiles 10; a selection (phase, country) that differs from a broader
  one by 1–4 Cités gets no figures; the distribution of answers is given for the whole
  network only. Withheld figures are None (`suppressed` for the distribution), and so is the
  count of Cités behind them; `published` False says the campaign has no figures yet. Nothing
  returned to them names or identifies another Cité.

Which responses count: submitted ones (also drafts with `include_drafts`); the Cité being
compared always counts, whatever the state of its response. `phase` filters on the phase in
which a response was filled, `country` on the Cité's country.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from cdm_quality.domain import disclosure, languages, scoring, texts
from cdm_quality.domain.labels import YES_NO
from cdm_quality.domain.questionnaire import Item, ItemKind, Phase, Questionnaire, Text
from cdm_quality.services import publication
from cdm_quality.services.access import Actor, Permission, readable_cite_ids, require
from cdm_quality.services.aggregates import (
    ResponseScores,
    Scope,
    level_counts,
    response_scores,
    responses_counted,
)
from cdm_quality.services.campaigns import get_campaign
from cdm_quality.services.errors import AccessDenied, InvalidValue, NotFound
from cdm_quality.services.frozen import frozen_questionnaire
from cdm_quality.services.keys import (
    KEYED_KINDS,
    ensure_campaign_keys,
    possible_values,
    stored_text,
)
from cdm_quality.storage.tables import (
    Answer,
    Campaign,
    CampaignQuestionnaire,
    CampaignState,
    Cite,
    Response,
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


class _CiteLine(NamedTuple):
    """What a heatmap row shows of a Cité (plain columns: a thousand Cités, no ORM objects)."""

    id: int
    name: str
    country: str
    phase: Phase


def _cite_names(session: Session, cite_ids: Iterable[int]) -> dict[int, _CiteLine]:
    ids = sorted(set(cite_ids))
    if not ids:
        return {}
    query = select(Cite.id, Cite.name, Cite.country, Cite.phase).where(col(Cite.id).in_(ids))
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
    per_response = [_keyed_scores(n) for n in network.scores[campaign_id]]
    own_scores = _keyed_scores(own) if own else {}
    rows = [
        SectionBenchmark(
            section_id=key,
            title=title,
            own=own_scores.get(key),
            network=_disclosed(
                scoring.quartiles([s.get(key) for s in per_response], min_count=MIN_COUNT),
                key,
                released,
            ),
        )
        for key, title in [(disclosure.OVERALL, texts.worded("compare.overall"))]
        + [(s.section_id, s.title) for s in sections]
    ]
    return rows[0], rows[1:]


def _keyed_scores(scores: ResponseScores) -> dict[str, float | None]:
    return scores.section_scores() | {disclosure.OVERALL: scores.overall()}


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
    """The other Cités' scores per campaign, and for anonymous figures what may be given."""

    scores: dict[int, list[ResponseScores]]
    released: dict[int, disclosure.Release] | None = None  # None: every figure (by name)
    published: frozenset[int] | None = None  # None: live figures


def _network(
    session: Session, anonymous: bool, scope: Scope, cite_id: int
) -> tuple[dict[int, ResponseScores], _Network]:
    """The compared Cité's scores per campaign, and the network it is compared with: live
    for those who see every Cité, the published set (`services.publication`) otherwise."""
    if not anonymous:
        own, others = _split(response_scores(session, scope).values(), cite_id)
        return own, _Network(others)
    own, _ = _split(response_scores(session, _own_scope(scope, cite_id)).values(), cite_id)
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
    return _Network(scores, released, frozenset(done))


def _count_shown(network: _Network, campaign_id: int, overall: SectionBenchmark) -> int | None:
    """How many Cités the figures come from: not said of a withheld anonymous selection."""
    if network.released is not None and overall.network is None:
        return None
    return len(network.scores[campaign_id])


def _published(network: _Network, campaign_id: int) -> bool:
    return network.published is None or campaign_id in network.published


# --- heatmap ------------------------------------------------------------------------------


def heatmap(
    session: Session,
    actor: Actor,
    *,
    campaign_id: int,
    questionnaire_id: str,
    phase: Phase | None = None,
    country: str | None = None,
    include_drafts: bool = False,
) -> Heatmap:
    """Cités × sections of one questionnaire in one campaign (label authority and admins)."""
    _require_network(actor)
    campaign = _campaign_info(session, actor, campaign_id)
    questionnaire = _questionnaire(session, campaign_id, questionnaire_id)
    ensure_campaign_keys(session, campaign_ids=[campaign_id])
    scope = _scope(
        [campaign_id], questionnaire_id, phase=phase, country=country, include_drafts=include_drafts
    )
    found = response_scores(session, scope)
    cites = _cite_names(session, (r.cite_id for r in found.values()))
    sections = _sections(questionnaire)
    rows = [_heatmap_row(cites[r.cite_id], r, sections) for r in found.values()]
    return Heatmap(
        campaign=campaign,
        questionnaire_id=questionnaire_id,
        sections=sections,
        rows=sorted(rows, key=lambda row: row.cite.casefold()),
    )


def _heatmap_row(
    cite: _CiteLine, scores: ResponseScores, sections: Sequence[SectionInfo]
) -> HeatmapRow:
    """A Cité's row: every section present, None where it has no score."""
    by_section = scores.section_scores()
    return HeatmapRow(
        cite_id=cite.id,
        cite=cite.name,
        country=cite.country,
        phase=cite.phase,
        overall=scores.overall(),
        sections={s.section_id: by_section.get(s.section_id) for s in sections},
    )


# --- distribution of answers --------------------------------------------------------------


def item_distribution(
    session: Session,
    actor: Actor,
    *,
    campaign_id: int,
    questionnaire_id: str,
    cite_id: int | None = None,
    phase: Phase | None = None,
    country: str | None = None,
    include_drafts: bool = False,
) -> Distribution:
    """Counts per level of every closed item across the Cités in scope.

    With `cite_id` (always, for a director), that Cité is left out of the counts and its own
    answer is given beside them. A director gets counts for the whole network only, from at
    least `disclosure.MEDIAN_MIN` other Cités (counts of two selections could be subtracted).
    """
    anonymous = not sees_every_cite(actor)
    cite_id = _compared_cite(actor, cite_id)
    campaign = _campaign_info(session, actor, campaign_id)
    questionnaire = _questionnaire(session, campaign_id, questionnaire_id)
    ensure_campaign_keys(session, campaign_ids=[campaign_id])
    scope = _scope(
        [campaign_id],
        questionnaire_id,
        phase=phase,
        country=country,
        include_drafts=_drafts_allowed(anonymous, include_drafts),
    )
    filtered = anonymous and bool(phase or country)
    if anonymous:
        published, responses, counts = _published_counts(session, scope, cite_id)
    else:
        network = _network_scope(scope, cite_id)
        published, responses = True, responses_counted(session, network)
        counts = level_counts(session, network)
    suppressed = anonymous and (filtered or responses < disclosure.MEDIAN_MIN)
    if suppressed:  # nor how many Cités the withheld figures would come from
        responses, counts = 0, {}
    own = _own_values(session, cite_id, campaign_id, questionnaire_id) if cite_id else {}
    items = [
        _item_distribution(questionnaire, section_id, item, counts, own.get(item.id))
        for section_id, item in _closed_items(questionnaire)
    ]
    return Distribution(
        campaign=campaign,
        questionnaire_id=questionnaire_id,
        responses=responses,
        suppressed=suppressed,
        filtered=filtered,
        items=items,
        published=published,
    )


def _published_counts(
    session: Session, scope: Scope, cite_id: int | None
) -> tuple[bool, int, dict[tuple[str, str], int]]:
    """For anonymous counts: whether the campaign is published, how many other Cités the
    whole network's published set holds, and its answers counted per (item, value)."""
    campaign_id = scope.campaign_ids[0]
    if campaign_id not in publication.published_campaigns(session, [campaign_id]):
        return False, 0, {}
    members = publication.members(
        session,
        campaign_ids=[campaign_id],
        questionnaire_id=scope.questionnaire_id,
        excluded_cite_id=cite_id,
    ).get(campaign_id, [])
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for member in members:
        for pair in member.levels:
            counts[pair] += 1
    return True, len(members), dict(counts)


def _network_scope(scope: Scope, cite_id: int | None) -> Scope:
    """The scope without the compared Cité."""
    if cite_id is None:
        return scope
    return replace(scope, always_cite_id=None, excluded_cite_id=cite_id)


def _closed_items(questionnaire: Questionnaire) -> list[tuple[str, Item]]:
    return [
        (section.id, item)
        for section in questionnaire.sections
        for item in section.items
        if item.kind in KEYED_KINDS
    ]


def _item_distribution(
    questionnaire: Questionnaire,
    section_id: str,
    item: Item,
    counts: dict[tuple[str, str], int],
    own: object,
) -> ItemDistribution:
    levels = [
        LevelCount(
            value=stored_text(value),
            label=_value_label(questionnaire, item, value),
            count=counts.get((item.id, stored_text(value)), 0),
            not_applicable=scoring.is_not_applicable(questionnaire, item, value),
            position=_position(questionnaire, item, value),
        )
        for value in possible_values(questionnaire, item)
    ]
    return ItemDistribution(
        item_id=item.id,
        section_id=section_id,
        title=Text.of({lang: item.short(lang) for lang in languages.codes()}),
        text=item.text,
        levels=levels,
        answered=sum(level.count for level in levels),
        own=stored_text(own) if own is not None else None,
    )


def _position(questionnaire: Questionnaire, item: Item, value: object) -> float | None:
    """Where a value sits from worst (0) to best (1): yes is 1, no 0, a level by its value;
    None for "not applicable" and for the options of a single choice (no order)."""
    if item.kind == ItemKind.yes_no:
        return 1.0 if value else 0.0
    scale = questionnaire.scale(item.scale) if item.kind != ItemKind.single_choice else None
    return scale.normalised(str(value)) if scale else None


def _value_label(questionnaire: Questionnaire, item: Item, value: object) -> Text:
    if item.kind == ItemKind.yes_no:
        return YES_NO[bool(value)]
    if item.kind == ItemKind.single_choice:
        return next(o.label for o in item.options or [] if o.id == value)
    scale = questionnaire.scale(item.scale)
    level = scale.level(str(value)) if scale else None
    if level is not None:
        return level.label
    assert scale is not None and scale.not_applicable is not None
    return scale.not_applicable.label


def _own_values(
    session: Session, cite_id: int, campaign_id: int, questionnaire_id: str
) -> dict[str, object]:
    rows = session.exec(
        select(Answer.item_id, Answer.value)
        .join(Response, col(Response.id) == col(Answer.response_id))
        .where(
            Response.cite_id == cite_id,
            Response.campaign_id == campaign_id,
            Response.questionnaire_id == questionnaire_id,
        )
    ).all()
    return dict(rows)


# --- one Cité against the network ---------------------------------------------------------


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
    campaign = _campaign_info(session, actor, campaign_id)
    questionnaire = _questionnaire(session, campaign_id, questionnaire_id)
    ensure_campaign_keys(session, campaign_ids=[campaign_id])
    scope = _scope(
        [campaign_id],
        questionnaire_id,
        phase=phase,
        country=country,
        include_drafts=_drafts_allowed(anonymous, include_drafts),
        cite_id=cite_id,
    )
    own, network = _network(session, anonymous, scope, cite_id)
    overall, sections = _benchmark_rows(
        own.get(campaign_id), network, campaign_id, _sections(questionnaire)
    )
    return Benchmark(
        cite_id=cite_id,
        cite=cite.name,
        campaign=campaign,
        questionnaire_id=questionnaire_id,
        network_count=_count_shown(network, campaign_id, overall),
        overall=overall,
        sections=sections,
        anonymous=anonymous,
        published=_published(network, campaign_id),
    )


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


# --- evolution over campaigns (8.3) -------------------------------------------------------


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
    ensure_campaign_keys(session, campaign_ids=ids)
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
        network = _Network(_split(response_scores(session, scope).values(), None)[1])
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
