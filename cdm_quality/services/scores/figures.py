"""The network's figures per campaign — how many responses have a score, and the quartiles of
each section's and the whole grid's scores — for the comparisons that read them by name.

When every response in scope has cached sums (`aggregates.cached_sums_query`; submitted ones
do once their submission or their campaign's closing filled the cache), the database ranks
the scores and returns, per campaign and section, only the values at the ranks the quartiles
read (`scoring.quartile_low_rank`): a few hundred rows where an evolution over ten campaigns
of a thousand Cités fetched 80,000 section sums into Python. `scoring.quartiles_of_ranked`
interpolates them, the definition `scoring.quartiles` uses, so both give the same numbers.
Otherwise (drafts counted, a cache fill that failed) the scores are summed as
`aggregates.response_scores` sums them and `scoring.quartiles` is taken in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from cdm_quality.domain import scoring
from cdm_quality.domain.disclosure import OVERALL
from cdm_quality.services.scores.aggregates import (
    ResponseScores,
    Scope,
    bytewise,
    cached_sums_query,
    response_scores,
    uncached,
)


@dataclass(frozen=True)
class NetworkFigures:
    """Per campaign: the responses with a score, and (campaign, key) → quartiles of that key's
    scores (section id, or `OVERALL` for the whole grid); a key with too few scores is absent."""

    counts: dict[int, int] = field(default_factory=dict)
    quartiles: dict[tuple[int, str], scoring.Quartiles] = field(default_factory=dict)

    def of(self, campaign_id: int, key: str) -> scoring.Quartiles | None:
        return self.quartiles.get((campaign_id, key))


def network_figures(session: Session, scope: Scope, *, min_count: int) -> NetworkFigures:
    """The figures of every response in `scope` (a read: nothing is written)."""
    if scope.item_ids is None and not uncached(session, scope):
        return _ranked_figures(session, scope, min_count)
    by_campaign: dict[int, list[ResponseScores]] = defaultdict(list)
    for scores in response_scores(session, scope).values():
        by_campaign[scores.campaign_id].append(scores)
    return figures_of(by_campaign, min_count=min_count)


def figures_of(scores: Mapping[int, Iterable[ResponseScores]], *, min_count: int) -> NetworkFigures:
    """The figures of these responses' scores (campaign id → its responses), in Python."""
    figures = NetworkFigures()
    for campaign_id, found in scores.items():
        keyed = [s.keyed() for s in found]
        figures.counts[campaign_id] = len(keyed)
        for key in {k for one in keyed for k in one}:
            values = [one.get(key) for one in keyed]
            if (quartiles := scoring.quartiles(values, min_count=min_count)) is not None:
                figures.quartiles[(campaign_id, key)] = quartiles
    return figures


def _ranked_figures(session: Session, scope: Scope, min_count: int) -> NetworkFigures:
    figures = NetworkFigures()
    ranked: dict[tuple[int, str], dict[int, float]] = defaultdict(dict)
    sizes: dict[tuple[int, str], int] = {}
    for campaign_id, key, count, rank, score in session.execute(_ranked_query(scope)).all():
        if rank < 0:  # the line counting the campaign's responses
            figures.counts[campaign_id] = int(count)
            continue
        ranked[(campaign_id, key)][int(rank)] = float(score)
        sizes[(campaign_id, key)] = int(count)
    for pair, values in ranked.items():
        found = scoring.quartiles_of_ranked(sizes[pair], values.__getitem__, min_count=min_count)
        if found is not None:
            figures.quartiles[pair] = found
    return figures


def _ranked_query(scope: Scope) -> sa.CompoundSelect[Any]:
    """Per campaign and key, the count of scores and those at the ranks the quartiles read;
    then per campaign the count of responses with a score (rank −1). Scores are computed as
    `ResponseScores.keyed` computes them: 100 × Σ(score·weight) / Σweight, per section and
    over the whole grid, none where the weight is 0."""
    cached = cached_sums_query(scope).cte("cached")
    totals = (
        sa.select(
            cached.c.campaign_id,
            sa.func.sum(cached.c.weighted).label("weighted"),
            sa.func.sum(cached.c.weight).label("weight"),
        )
        .group_by(cached.c.id, cached.c.campaign_id)
        .cte("totals")
    )
    scores = sa.union_all(
        sa.select(
            cached.c.campaign_id,
            cached.c.section_id.label("key"),
            (100 * cached.c.weighted / cached.c.weight).label("score"),
        ).where(cached.c.weight != 0),
        sa.select(
            totals.c.campaign_id,
            sa.literal(OVERALL, sa.String).label("key"),
            (100 * totals.c.weighted / totals.c.weight).label("score"),
        ).where(totals.c.weight != 0),
    ).subquery("scores")
    ranked = _ranks(scores)
    return sa.union_all(
        sa.select(
            ranked.c.campaign_id, ranked.c.key, ranked.c.n, ranked.c.rank, ranked.c.score
        ).where(sa.or_(*(ranked.c.rank.between(low, low + 1) for low in _low_ranks(ranked.c.n)))),
        sa.select(
            totals.c.campaign_id,
            sa.literal(OVERALL, sa.String),
            sa.func.count(),
            sa.literal(-1),
            sa.cast(sa.null(), sa.Float),
        ).group_by(totals.c.campaign_id),
    )


def _ranks(scores: sa.Subquery) -> sa.Subquery:
    """Each score with its rank (0 the lowest) and the count of scores of its campaign and key.
    One window for both (the whole partition as the frame): one sort, one pass."""
    window: dict[str, Any] = {
        "partition_by": (scores.c.campaign_id, bytewise(scores.c.key)),
        "order_by": scores.c.score,
        "rows": (None, None),
    }
    return sa.select(
        scores.c.campaign_id,
        scores.c.key,
        scores.c.score,
        (sa.func.row_number().over(**window) - 1).label("rank"),
        sa.func.count().over(**window).label("n"),
    ).subquery("ranked")


def _low_ranks(count: sa.ColumnElement[Any]) -> list[sa.ColumnElement[Any]]:
    """`scoring.quartile_low_rank(i, count)` for quartiles 1 to 3, in SQL (integer division)."""
    return [(i * (count - 1)) // 4 for i in (1, 2, 3)]
