"""How the answers to each closed item of a questionnaire are spread over its levels."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from sqlmodel import Session, col, select

from cdm_quality.domain import disclosure, languages, scoring
from cdm_quality.domain.labels import YES_NO
from cdm_quality.domain.questionnaire import Item, ItemKind, Phase, Questionnaire, Text
from cdm_quality.services.compare.common import (
    Distribution,
    ItemDistribution,
    LevelCount,
    _compared_cite,
    _drafts_allowed,
    _one_campaign,
    sees_every_cite,
)
from cdm_quality.services.network import publication
from cdm_quality.services.people.access import Actor
from cdm_quality.services.scores.aggregates import (
    Scope,
    level_counts,
    responses_counted,
)
from cdm_quality.services.scores.keys import (
    KEYED_KINDS,
    possible_values,
    stored_text,
)
from cdm_quality.storage.tables import (
    Answer,
    Response,
)


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
    campaign, questionnaire, scope = _one_campaign(
        session,
        actor,
        campaign_id=campaign_id,
        questionnaire_id=questionnaire_id,
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
