"""The SQL behind follow-up and comparison: answers are counted and summed by GROUP BY in the
database, joined to the key tables (`storage.keys`); Python only receives one row per
response and section (or per item and level).

Items with `visible_if` are the exception: whether such an item shows depends on another
answer, so their rows come back one per answer together with the values of the items their
conditions read, and `domain.answers.is_visible` decides — the same rule as everywhere else.
The score cache of submitted responses holds both, so that query only reads the responses
summed live (drafts, mostly).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import Session

from cdm_quality.domain.answers import is_visible
from cdm_quality.domain.disclosure import OVERALL
from cdm_quality.domain.questionnaire import Phase, Questionnaire
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.services.scores.keys import ensure_campaign_keys, require_campaign_keys
from cdm_quality.storage.engine import begin_write
from cdm_quality.storage.keys import ItemKey, ScoreCache, ScoreKey
from cdm_quality.storage.tables import (
    Answer,
    CampaignQuestionnaire,
    Cite,
    Response,
    ResponseState,
    table_of,
)

RESPONSES = table_of(Response)
ANSWERS = table_of(Answer)
CAMPAIGN_QUESTIONNAIRES = table_of(CampaignQuestionnaire)
SCORE_KEYS = table_of(ScoreKey)
ITEM_KEYS = table_of(ItemKey)
SCORE_CACHE = table_of(ScoreCache)
CITES = table_of(Cite)
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    """Which responses an aggregate reads.

    `states` None means every state; `cite_ids` None means every Cité; `excluded_cite_id` is
    left out (the network a Cité is compared with); `always_cite_id` is counted whatever the
    filters say (the Cité being compared, even as a draft or outside the chosen country);
    `response_ids`, when given, limits the scope to those responses; `always_any_state` False
    holds `always_cite_id` to `states` too (the evolution: a draft is not a campaign's score);
    `item_ids`, when given, scores those items only (a like-for-like comparison: summed live).
    """

    campaign_ids: Sequence[int]
    questionnaire_id: str | None = None
    phase: Phase | None = None
    country: str | None = None
    states: frozenset[ResponseState] | None = frozenset({ResponseState.submitted})
    always_cite_id: int | None = None
    cite_ids: frozenset[int] | None = None
    excluded_cite_id: int | None = None
    response_ids: frozenset[int] | None = None
    always_any_state: bool = True
    item_ids: frozenset[str] | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        """WHERE conditions on `response` (R); `always_cite_id` passes every filter."""
        where: list[ColumnElement[bool]] = [RESPONSES.c.campaign_id.in_(list(self.campaign_ids))]
        if self.response_ids is not None:  # these and no other, whatever `always_cite_id` says
            where.append(RESPONSES.c.id.in_(sorted(self.response_ids)))
        if self.questionnaire_id is not None:
            where.append(RESPONSES.c.questionnaire_id == self.questionnaire_id)
        filters = self._filters()
        if self.states is not None and not self.always_any_state:
            where.append(RESPONSES.c.state.in_(sorted(self.states)))
        if self.always_cite_id is not None and filters:
            where.append(sa.or_(sa.and_(*filters), RESPONSES.c.cite_id == self.always_cite_id))
        else:
            where.extend(filters)
        return where

    def _filters(self) -> list[ColumnElement[bool]]:
        filters: list[ColumnElement[bool]] = []
        if self.phase is not None:
            filters.append(RESPONSES.c.phase == Phase(self.phase))
        if self.country is not None:
            filters.append(
                RESPONSES.c.cite_id.in_(
                    sa.select(CITES.c.id).where(CITES.c.country == self.country)
                )
            )
        if self.cite_ids is not None:
            filters.append(RESPONSES.c.cite_id.in_(sorted(self.cite_ids)))
        if self.excluded_cite_id is not None:
            filters.append(RESPONSES.c.cite_id != self.excluded_cite_id)
        if self.states is not None:
            filters.append(RESPONSES.c.state.in_(sorted(self.states)))
        return filters


def _with_questionnaire(joined: sa.FromClause) -> sa.Join:
    """`joined` (holding the responses) with each response's frozen questionnaire."""
    return joined.join(CAMPAIGN_QUESTIONNAIRES, _same_questionnaire())


class _Wrapped(ColumnElement[Any]):
    """A column as one dialect needs it written, unchanged on the others."""

    inherit_cache = True
    # the wrapped column is part of the statement's cache key: without it SQLAlchemy compiled
    # every statement holding one anew ("no key"), ~1 ms each
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type


@compiles(_Wrapped)
def _plain(element: _Wrapped, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


class unindexed(_Wrapped):  # noqa: N801 (reads as a function in a query)
    """`+column` on SQLite: the column may not drive an index lookup there.

    Keeps SQLite's planner on the fast path for the score join — each answer looks up its
    key — instead of probing every answer of a response for every possible key. Other
    databases (hash joins) get the column unchanged.
    """

    inherit_cache = True


@compiles(unindexed, "sqlite")
def _unary_plus(element: unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + _plain(element, compiler, **kw)


class bytewise(_Wrapped):  # noqa: N801 (reads as a function in a query)
    """`text COLLATE "C"` on PostgreSQL: compared byte by byte, all that grouping or a window's
    partition needs (the database's collation — C.UTF-8, fr_FR… — calls strcoll at each
    comparison of a sort over tens of thousands of rows). SQLite compares bytes already."""

    inherit_cache = True


@compiles(bytewise, "postgresql")
def _collate_c(element: bytewise, compiler: Any, **kw: Any) -> str:
    return _plain(element, compiler, **kw) + ' COLLATE "C"'


def _score_join(conditional: bool) -> sa.Join:
    return (
        _with_questionnaire(RESPONSES)
        .join(ANSWERS, ANSWERS.c.response_id == RESPONSES.c.id)
        .join(
            SCORE_KEYS,
            sa.and_(
                SCORE_KEYS.c.sha256 == CAMPAIGN_QUESTIONNAIRES.c.sha256,
                SCORE_KEYS.c.phase == RESPONSES.c.phase,
                SCORE_KEYS.c.item_id == unindexed(ANSWERS.c.item_id),
                SCORE_KEYS.c.value == sa.cast(ANSWERS.c.value, sa.Text),
                SCORE_KEYS.c.conditional.is_(conditional),
            ),
        )
    )


# --- section sums -------------------------------------------------------------------------


@dataclass
class ResponseScores:
    """One response's weighted sums per section: score = 100 × Σ(score·weight) / Σweight."""

    response_id: int
    campaign_id: int
    cite_id: int
    sums: dict[str, list[float]] = field(default_factory=dict)  # section → [Σsw, Σw]

    def add(self, section_id: str, weighted: float, weight: float) -> None:
        pair = self.sums.setdefault(section_id, [0.0, 0.0])
        pair[0] += weighted
        pair[1] += weight

    def section_scores(self) -> dict[str, float | None]:
        return {sid: _ratio(sw, w) for sid, (sw, w) in self.sums.items()}

    def overall(self) -> float | None:
        return _ratio(sum(p[0] for p in self.sums.values()), sum(p[1] for p in self.sums.values()))

    def keyed(self) -> dict[str, float | None]:
        """Section id → score, and `disclosure.OVERALL` → the whole grid's (one pass: an
        evolution asks it of ten thousand responses)."""
        keyed: dict[str, float | None] = {}
        total_weighted = total_weight = 0.0
        for section_id, (weighted, weight) in self.sums.items():
            keyed[section_id] = None if weight == 0 else 100 * weighted / weight
            total_weighted += weighted
            total_weight += weight
        keyed[OVERALL] = _ratio(total_weighted, total_weight)
        return keyed


def _ratio(weighted: float, weight: float) -> float | None:
    return None if weight == 0 else 100 * weighted / weight


def section_sums_query(scope: Scope) -> sa.Select[Any]:
    """Σ(score·weight) and Σweight per response and section (unconditional items)."""
    return (
        sa.select(
            RESPONSES.c.id,
            RESPONSES.c.campaign_id,
            RESPONSES.c.cite_id,
            SCORE_KEYS.c.section_id,
            sa.func.sum(SCORE_KEYS.c.score * SCORE_KEYS.c.weight),
            sa.func.sum(SCORE_KEYS.c.weight),
        )
        .select_from(_score_join(conditional=False))
        .where(*scope.conditions(), *_only_items(scope), SCORE_KEYS.c.score.is_not(None))
        .group_by(
            RESPONSES.c.id, SCORE_KEYS.c.section_id
        )  # campaign and Cité depend on the response id
    )


def _only_items(scope: Scope) -> list[ColumnElement[bool]]:
    """The answers to `scope.item_ids`, when the scope names items."""
    return [] if scope.item_ids is None else [ANSWERS.c.item_id.in_(sorted(scope.item_ids))]


def response_scores(session: Session, scope: Scope) -> dict[int, ResponseScores]:
    """Response id → its section sums, for every response in scope with a scored answer.

    Submitted responses are read from the score cache (filled when they are submitted, when
    their campaign closes, and after a restore or the demo: `cache_submitted`), the others
    (and a submission whose cache fill failed) are summed live, their answers to conditional
    items added by `is_visible` (the cache holds those of the cached ones). A read writes
    nothing.
    """
    live: Iterable[int]
    if scope.item_ids is None:
        live, cached = uncached(session, scope), [cached_sums_query(scope)]
    else:  # the cache holds whole sections: some items only are summed from the answers
        live, cached = _in_scope(session, scope), []
    found: dict[int, ResponseScores] = {}
    connection = session.connection()  # plain rows: tens of thousands of them
    for query in (*cached, *live_sums_queries(scope, live)):
        rows = connection.execute(query).all()  # fetched at once: row by row cost 2× on psycopg
        for response_id, campaign_id, cite_id, section_id, weighted, weight in rows:
            entry = found.get(response_id)
            if entry is None:
                entry = found[response_id] = ResponseScores(response_id, campaign_id, cite_id)
            entry.sums[section_id] = [float(weighted), float(weight)]  # one row per section
    for row in _conditional_rows(session, scope, live):
        if scope.item_ids is not None and row.item_id not in scope.item_ids:
            continue
        entry = found.setdefault(row.response_id, ResponseScores(row.response_id, *row.owner))
        entry.add(row.section_id, row.score * row.weight, row.weight)
    return found


def _conditional_rows(
    session: Session, scope: Scope, response_ids: Iterable[int]
) -> list[ConditionalRow]:
    """The visible scored conditional answers of these responses of the scope only (the
    cached ones hold theirs: asked of the whole scope, PostgreSQL read every answer of a
    ten-campaign evolution, 1.5 million, to find them, 0.6 s per call)."""
    return [
        row
        for chunk in chunked(sorted(response_ids))
        for row in visible_conditional_rows(
            session, replace(scope, response_ids=frozenset(chunk)), scored=True
        )
    ]


def scores_of_responses(
    session: Session,
    campaign_of: Mapping[int, int],
    *,
    item_ids: Iterable[str] | None = None,
) -> dict[int, dict[str, float | None]]:
    """Response id → its figures as every comparison reads them, whatever its state: section
    id → score and `disclosure.OVERALL` → the whole grid's (None: nothing scored).
    `campaign_of` maps each response id to its campaign's; `item_ids` scores those items only."""
    campaign_ids = tuple(sorted(set(campaign_of.values())))
    require_campaign_keys(session, campaign_ids=campaign_ids)
    scope = Scope(
        campaign_ids=campaign_ids,
        states=None,
        response_ids=frozenset(campaign_of),
        item_ids=None if item_ids is None else frozenset(item_ids),
    )
    found = response_scores(session, scope)
    return {i: found[i].keyed() if i in found else {OVERALL: None} for i in campaign_of}


# --- the score cache of submitted responses ------------------------------------------------

MARKER = ""  # the section id of the row saying "this response's sums are cached"


def _valid_cache_of_response(scope: Scope) -> ColumnElement[bool]:
    """Cache rows (SC) of response R of the scope's campaigns that still hold: R is submitted
    at the same time. (The campaigns are named on SC too, so that its index limits the rows
    read; R's campaign is among them by the scope's conditions.)"""
    return sa.and_(
        SCORE_CACHE.c.campaign_id.in_(list(scope.campaign_ids)),
        SCORE_CACHE.c.response_id == RESPONSES.c.id,
        RESPONSES.c.state == ResponseState.submitted,
        SCORE_CACHE.c.submitted_at.is_not_distinct_from(RESPONSES.c.submitted_at),
    )


def _cached(scope: Scope) -> ColumnElement[bool]:
    return sa.exists().where(_valid_cache_of_response(scope), SCORE_CACHE.c.section_id == MARKER)


def cached_sums_query(scope: Scope) -> sa.Select[Any]:
    """The cached section sums of the submitted responses in scope."""
    return (
        sa.select(
            RESPONSES.c.id,
            RESPONSES.c.campaign_id,
            RESPONSES.c.cite_id,
            SCORE_CACHE.c.section_id,
            SCORE_CACHE.c.weighted,
            SCORE_CACHE.c.weight,
        )
        .select_from(RESPONSES.join(SCORE_CACHE, _valid_cache_of_response(scope)))
        .where(*scope.conditions(), SCORE_CACHE.c.section_id != MARKER)
    )


def uncached(session: Session, scope: Scope) -> dict[int, ResponseState]:
    """Id → state of the responses in scope whose sums are not cached (drafts mostly)."""
    query = sa.select(RESPONSES.c.id, RESPONSES.c.state).where(*scope.conditions(), ~_cached(scope))
    return {response_id: ResponseState(state) for response_id, state in session.execute(query)}


def _in_scope(session: Session, scope: Scope) -> list[int]:
    query = sa.select(RESPONSES.c.id).where(*scope.conditions())
    return list(session.execute(query).scalars())


def live_sums_queries(scope: Scope, response_ids: Iterable[int]) -> list[sa.Select[Any]]:
    """The section sums of these responses of the scope, from their answers. (Asked with the
    cache condition in one query, PostgreSQL joined every answer in scope to the keys before
    leaving the cached responses out: as long as summing everything.)"""
    return [
        section_sums_query(replace(scope, response_ids=frozenset(chunk)))
        for chunk in chunked(sorted(response_ids))
    ]


def cache_submitted(session: Session, *, campaign_id: int, response_id: int | None = None) -> None:
    """Fill the score cache of one response just submitted, or of every submitted response of
    a campaign (that closes, or restored), so that no reader pays for it later: the sums are
    stored by INSERT … SELECT … GROUP BY, after dropping rows a reopening made stale.

    Called after the submission or the closing was committed: the cache is derived data, so a
    failure here (a locked database…) is logged, never reported as a failed submission; until
    the next fill, readers sum that response live. Best effort too when another process fills
    the same rows at the same moment: this one leaves it to them.
    """
    response_ids = None if response_id is None else frozenset({response_id})
    scope = Scope(campaign_ids=(campaign_id,), response_ids=response_ids)
    try:
        ensure_campaign_keys(session, campaign_ids=[campaign_id])
        begin_write(session)
        _fill_cache_of(session, scope)
    except SQLAlchemyError:
        session.rollback()
        _log.warning("score cache not filled for campaign %s; read live meanwhile", campaign_id)


def _uncached(scope: Scope) -> list[ColumnElement[bool]]:
    """Submitted responses in scope without cached sums."""
    marked = sa.exists().where(
        SCORE_CACHE.c.response_id == RESPONSES.c.id, SCORE_CACHE.c.section_id == MARKER
    )
    return [*scope.conditions(), RESPONSES.c.state == ResponseState.submitted, ~marked]


def _stale(scope: Scope) -> sa.Select[Any]:
    """Cache rows of responses in scope that were reopened (and maybe submitted again)."""
    return (
        sa.select(SCORE_CACHE.c.response_id)
        .select_from(SCORE_CACHE.join(RESPONSES, RESPONSES.c.id == SCORE_CACHE.c.response_id))
        .where(
            *scope.conditions(),
            sa.or_(
                RESPONSES.c.state != ResponseState.submitted,
                SCORE_CACHE.c.submitted_at.is_distinct_from(RESPONSES.c.submitted_at),
            ),
        )
    )


def cache_every_campaign(session: Session) -> None:
    """Fill the score cache of every submitted response of every campaign, one transaction
    per campaign (SQLite's write lock is never held long): after a restore or the demo, which
    write responses without it."""
    query = sa.select(RESPONSES.c.campaign_id).where(RESPONSES.c.state == ResponseState.submitted)
    for campaign_id in sorted(set(session.execute(query.distinct()).scalars())):
        cache_submitted(session, campaign_id=campaign_id)


def _fill_cache_of(session: Session, scope: Scope) -> None:
    uncached = _uncached(scope)
    stale = _stale(scope)
    columns = ["response_id", "section_id", "campaign_id", "submitted_at", "weighted", "weight"]
    sums = (
        sa.select(
            RESPONSES.c.id,
            SCORE_KEYS.c.section_id,
            sa.func.max(RESPONSES.c.campaign_id),
            sa.func.max(RESPONSES.c.submitted_at),
            sa.func.sum(SCORE_KEYS.c.score * SCORE_KEYS.c.weight),
            sa.func.sum(SCORE_KEYS.c.weight),
        )
        .select_from(_score_join(conditional=False))
        .where(*uncached, SCORE_KEYS.c.score.is_not(None))
        .group_by(RESPONSES.c.id, SCORE_KEYS.c.section_id)
    )
    markers = sa.select(
        RESPONSES.c.id,
        sa.literal(MARKER),
        RESPONSES.c.campaign_id,
        RESPONSES.c.submitted_at,
        sa.literal(0.0),
        sa.literal(0.0),
    ).where(*uncached)
    try:
        session.execute(sa.delete(SCORE_CACHE).where(SCORE_CACHE.c.response_id.in_(stale)))
        filled = list(session.execute(sa.select(RESPONSES.c.id).where(*uncached)).scalars())
        session.execute(sa.insert(SCORE_CACHE).from_select(columns, sums))
        _add_conditional_sums(session, scope, filled)
        session.execute(sa.insert(SCORE_CACHE).from_select(columns, markers))
        session.commit()
    except IntegrityError:
        session.rollback()


def _add_conditional_sums(session: Session, scope: Scope, response_ids: list[int]) -> None:
    """Add the visible scored conditional answers of these responses (being cached) to their
    cached section sums: a submitted response's answers, so what shows, no longer change."""
    extra: dict[tuple[int, str], list[float]] = {}
    for row in _conditional_rows(session, scope, response_ids):
        pair = extra.setdefault((row.response_id, row.section_id), [0.0, 0.0])
        pair[0] += row.score * row.weight
        pair[1] += row.weight
    owners = sorted({response_id for response_id, _ in extra})
    owner_of: dict[int, dict[str, Any]] = {}  # response id → its campaign and submission time
    present: set[tuple[int, str]] = set()
    for chunk in chunked(owners):
        query = sa.select(RESPONSES.c.id, RESPONSES.c.campaign_id, RESPONSES.c.submitted_at)
        for response_id, campaign_id, at in session.execute(query.where(RESPONSES.c.id.in_(chunk))):
            owner_of[response_id] = {"campaign_id": campaign_id, "submitted_at": at}
        cached = sa.select(SCORE_CACHE.c.response_id, SCORE_CACHE.c.section_id)
        for response_id, section_id in session.execute(
            cached.where(SCORE_CACHE.c.response_id.in_(chunk))
        ):
            present.add((response_id, section_id))
    new = [
        {"response_id": r, "section_id": s, **owner_of[r], "weighted": w, "weight": wt}
        for (r, s), (w, wt) in extra.items()
        if (r, s) not in present
    ]
    added = [
        {"owner": r, "section": s, "more_weighted": w, "more_weight": wt}
        for (r, s), (w, wt) in extra.items()
        if (r, s) in present
    ]
    if new:
        session.execute(sa.insert(SCORE_CACHE), new)
    if added:
        session.execute(_ADD_TO_CACHED, added)


_ADD_TO_CACHED = (
    sa.update(SCORE_CACHE)
    .where(
        SCORE_CACHE.c.response_id == sa.bindparam("owner"),
        SCORE_CACHE.c.section_id == sa.bindparam("section"),
    )
    .values(
        weighted=SCORE_CACHE.c.weighted + sa.bindparam("more_weighted"),
        weight=SCORE_CACHE.c.weight + sa.bindparam("more_weight"),
    )
)


# --- level counts -------------------------------------------------------------------------


def level_counts(session: Session, scope: Scope) -> dict[tuple[str, str], int]:
    """(item id, stored value text) → number of answers in scope, per closed item."""
    query = (
        sa.select(SCORE_KEYS.c.item_id, SCORE_KEYS.c.value, sa.func.count())
        .select_from(_score_join(conditional=False))
        .where(*scope.conditions())
        .group_by(SCORE_KEYS.c.item_id, SCORE_KEYS.c.value)
    )
    counts: dict[tuple[str, str], int] = {
        (item_id, value): int(n) for item_id, value, n in session.execute(query)
    }
    for row in visible_conditional_rows(session, scope, scored=False):
        key = (row.item_id, row.value)
        counts[key] = counts.get(key, 0) + 1
    return counts


def response_levels(session: Session, scope: Scope) -> dict[int, list[tuple[str, str]]]:
    """Response id → its answers to closed items as (item id, stored value text), the rows
    `level_counts` counts (visible conditional answers included)."""
    query = (
        sa.select(RESPONSES.c.id, SCORE_KEYS.c.item_id, SCORE_KEYS.c.value)
        .select_from(_score_join(conditional=False))
        .where(*scope.conditions())
    )
    levels: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for response_id, item_id, value in session.execute(query):
        levels[int(response_id)].append((item_id, value))
    for row in visible_conditional_rows(session, scope, scored=False):
        levels[row.response_id].append((row.item_id, row.value))
    return dict(levels)


def responses_counted(session: Session, scope: Scope) -> int:
    """How many responses are in scope (answered or not)."""
    query = sa.select(sa.func.count()).select_from(RESPONSES).where(*scope.conditions())
    return int(session.execute(query).scalar_one())


# --- conditional items --------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionalRow:
    response_id: int
    owner: tuple[int, int]  # campaign id, cite id
    item_id: str
    section_id: str
    value: str
    score: float
    weight: float


def _has_conditional_keys(session: Session, scope: Scope, scored: bool) -> bool:
    hashes = sa.select(CAMPAIGN_QUESTIONNAIRES.c.sha256).where(
        CAMPAIGN_QUESTIONNAIRES.c.campaign_id.in_(list(scope.campaign_ids))
    )
    if scope.questionnaire_id is not None:
        hashes = hashes.where(CAMPAIGN_QUESTIONNAIRES.c.questionnaire_id == scope.questionnaire_id)
    query = sa.select(SCORE_KEYS.c.item_id).where(
        SCORE_KEYS.c.conditional.is_(True), SCORE_KEYS.c.sha256.in_(hashes)
    )
    if scored:
        query = query.where(SCORE_KEYS.c.score.is_not(None))
    return session.execute(query.limit(1)).first() is not None


def visible_conditional_rows(
    session: Session, scope: Scope, *, scored: bool
) -> list[ConditionalRow]:
    """Answers to conditional closed items in scope that are visible by their condition."""
    if not _has_conditional_keys(session, scope, scored):
        return []
    query = (
        sa.select(
            RESPONSES.c.id,
            RESPONSES.c.campaign_id,
            RESPONSES.c.cite_id,
            RESPONSES.c.questionnaire_id,
            RESPONSES.c.phase,
            RESPONSES.c.opened,
            SCORE_KEYS.c.item_id,
            SCORE_KEYS.c.section_id,
            SCORE_KEYS.c.value,
            SCORE_KEYS.c.score,
            SCORE_KEYS.c.weight,
        )
        .select_from(_score_join(conditional=True))
        .where(*scope.conditions())
    )
    if scored:
        query = query.where(SCORE_KEYS.c.score.is_not(None))
    rows = session.execute(query).all()
    return _keep_visible(session, rows)


def _keep_visible(session: Session, rows: Sequence[Any]) -> list[ConditionalRow]:
    visibility = Visibility(session, {(r.campaign_id, r.questionnaire_id) for r in rows})
    needed = {
        r.id: set(visibility.chain((r.campaign_id, r.questionnaire_id), r.item_id)) for r in rows
    }
    values = condition_values(session, needed)
    return [
        ConditionalRow(
            response_id=r.id,
            owner=(r.campaign_id, r.cite_id),
            item_id=r.item_id,
            section_id=r.section_id,
            value=r.value,
            score=float(r.score) if r.score is not None else 0.0,
            weight=float(r.weight),
        )
        for r in rows
        if visibility.visible(
            (r.campaign_id, r.questionnaire_id),
            r.item_id,
            (r.phase, bool(r.opened)),
            values.get(r.id, {}),
        )
    ]


class Visibility:
    """`is_visible` for conditional items, decided once per distinct set of condition values
    (a thousand responses share a handful of them)."""

    def __init__(self, session: Session, pairs: set[tuple[int, str]]) -> None:
        self.questionnaires = {
            (campaign_id, qid): frozen_questionnaire(
                session, campaign_id=campaign_id, questionnaire_id=qid
            )
            for campaign_id, qid in pairs
        }
        self._chains: dict[tuple[tuple[int, str], str], tuple[str, ...]] = {}
        self._decided: dict[tuple[Any, ...], bool] = {}

    def chain(self, key: tuple[int, str], item_id: str) -> tuple[str, ...]:
        """The condition items of `item_id` in the questionnaire `key` (memoised)."""
        if (key, item_id) not in self._chains:
            self._chains[(key, item_id)] = tuple(condition_chain(self.questionnaires[key], item_id))
        return self._chains[(key, item_id)]

    def visible(
        self,
        key: tuple[int, str],
        item_id: str,
        audience: tuple[Phase, bool],
        values: dict[str, Any],
    ) -> bool:
        """`audience`: the response's phase and whether its Cité was open to the public."""
        chain = self.chain(key, item_id)
        seen = tuple(json.dumps(values.get(i), sort_keys=True) for i in chain)
        signature = (key, item_id, audience, seen)
        if signature not in self._decided:
            questionnaire = self.questionnaires[key]
            item = questionnaire.item(item_id)
            self._decided[signature] = item is not None and is_visible(
                questionnaire, item, values, *audience
            )
        return self._decided[signature]


def condition_chain(questionnaire: Questionnaire, item_id: str) -> list[str]:
    """Ids of the items whose answers decide whether `item_id` shows (transitively)."""
    chain: list[str] = []
    item = questionnaire.item(item_id)
    while item is not None and item.visible_if is not None and item.visible_if.item not in chain:
        chain.append(item.visible_if.item)
        item = questionnaire.item(item.visible_if.item)
    return chain


def condition_values(session: Session, needed: dict[int, set[str]]) -> dict[int, dict[str, Any]]:
    """Response id → {item id: value} for the condition items each response needs."""
    item_ids = sorted(set().union(*needed.values())) if needed else []
    values: dict[int, dict[str, Any]] = defaultdict(dict)
    if not item_ids:
        return values
    for chunk in chunked(sorted(needed)):
        query = sa.select(ANSWERS.c.response_id, ANSWERS.c.item_id, ANSWERS.c.value).where(
            ANSWERS.c.response_id.in_(chunk), ANSWERS.c.item_id.in_(item_ids)
        )
        for response_id, item_id, value in session.execute(query):
            values[response_id][item_id] = value
    return values


def chunked(ids: Iterable[int], size: int = 500) -> Iterable[list[int]]:
    """Ids in lists of at most `size` (bounded IN lists)."""
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- progress -----------------------------------------------------------------------------

_WHITESPACE = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())


def answered(session: Session) -> ColumnElement[bool]:
    """SQL for `domain.answers.is_answered(answer.value)`: not null, no blank text, no empty
    list (dialect-specific JSON functions)."""
    value = ANSWERS.c.value
    text: ColumnElement[Any]
    if session.get_bind().dialect.name == "postgresql":
        kind = sa.func.json_typeof(value)
        text = value.op("#>>")(sa.literal_column("'{}'"))
        is_text, is_list = kind == "string", kind == "array"
        blank = sa.func.btrim(text, _WHITESPACE) == ""
    else:
        kind = sa.func.json_type(value)
        text = sa.func.json_extract(value, "$")
        is_text, is_list = kind == "text", kind == "array"
        blank = sa.func.trim(text, _WHITESPACE) == ""
    return sa.and_(
        value.is_not(None),
        kind != "null",
        sa.not_(sa.and_(is_text, blank)),
        sa.not_(sa.and_(is_list, sa.func.json_array_length(value) == 0)),
    )


@dataclass
class Counts:
    """Progress counts of one response (items visible to the Cité only)."""

    answered: int = 0
    visible: int = 0
    required_answered: int = 0
    required_total: int = 0

    def add(
        self, *, answered: int, visible: int, required_answered: int, required_total: int
    ) -> None:
        self.answered += answered
        self.visible += visible
        self.required_answered += required_answered
        self.required_total += required_total


@dataclass(frozen=True)
class ResponseRow:
    """A response in scope with what the follow-up shows of it."""

    id: int
    campaign_id: int
    cite_id: int
    questionnaire_id: str
    phase: Phase
    state: ResponseState
    sha256: str
    submitted_at: Any
    last_saved_at: Any
    opened: bool = False


def responses_in_scope(session: Session, scope: Scope) -> list[ResponseRow]:
    """Every response in scope with its frozen questionnaire hash and its last save."""
    last_save = (
        sa.select(sa.func.max(ANSWERS.c.saved_at))
        .where(ANSWERS.c.response_id == RESPONSES.c.id)
        .correlate(RESPONSES)
        .scalar_subquery()
    )
    query = (
        sa.select(
            RESPONSES.c.id,
            RESPONSES.c.campaign_id,
            RESPONSES.c.cite_id,
            RESPONSES.c.questionnaire_id,
            RESPONSES.c.phase,
            RESPONSES.c.state,
            CAMPAIGN_QUESTIONNAIRES.c.sha256,
            RESPONSES.c.submitted_at,
            last_save,
            RESPONSES.c.opened,
        )
        .select_from(_with_questionnaire(RESPONSES))
        .where(*scope.conditions())
    )
    rows = []
    for row in session.execute(query):
        rid, campaign_id, cite_id, qid, phase, state, sha, submitted_at, saved_at, opened = row
        rows.append(
            ResponseRow(
                rid,
                campaign_id,
                cite_id,
                qid,
                Phase(phase),
                ResponseState(state),
                sha,
                _aware(submitted_at),
                _aware(saved_at),
                bool(opened),
            )
        )
    return rows


def _aware(value: Any) -> Any:
    """Times come back naive (UTC) from a raw column or an aggregate: make them aware."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def progress_counts(
    session: Session, scope: Scope, responses: Sequence[ResponseRow]
) -> dict[int, Counts]:
    """Response id → progress counts, as `services.responses.compute_progress` totals them."""
    counts = {r.id: Counts() for r in responses}
    asked = _asked_counts(session, {r.sha256 for r in responses})
    for r in responses:
        visible, required = asked.get((r.sha256, r.phase), (0, 0))
        counts[r.id].add(answered=0, visible=visible, required_answered=0, required_total=required)
    query = (
        sa.select(
            RESPONSES.c.id,
            sa.func.count(),
            sa.func.sum(sa.case((ITEM_KEYS.c.required, 1), else_=0)),
        )
        .select_from(
            _with_questionnaire(
                RESPONSES.join(ANSWERS, ANSWERS.c.response_id == RESPONSES.c.id)
            ).join(
                ITEM_KEYS,
                sa.and_(
                    ITEM_KEYS.c.sha256 == CAMPAIGN_QUESTIONNAIRES.c.sha256,
                    ITEM_KEYS.c.phase == RESPONSES.c.phase,
                    ITEM_KEYS.c.item_id == ANSWERS.c.item_id,
                    ITEM_KEYS.c.conditional.is_(False),
                ),
            )
        )
        .where(*scope.conditions(), answered(session))
        .group_by(RESPONSES.c.id)
    )
    for response_id, n, required in session.execute(query):
        counts[response_id].add(
            answered=int(n), visible=0, required_answered=int(required or 0), required_total=0
        )
    _add_conditional_progress(session, responses, counts)
    return counts


def _asked_counts(session: Session, hashes: set[str]) -> dict[tuple[str, Phase], tuple[int, int]]:
    query = (
        sa.select(
            ITEM_KEYS.c.sha256,
            ITEM_KEYS.c.phase,
            sa.func.count(),
            sa.func.sum(sa.case((ITEM_KEYS.c.required, 1), else_=0)),
        )
        .where(ITEM_KEYS.c.sha256.in_(sorted(hashes)), ITEM_KEYS.c.conditional.is_(False))
        .group_by(ITEM_KEYS.c.sha256, ITEM_KEYS.c.phase)
    )
    return {
        (sha, Phase(phase)): (int(n), int(req or 0))
        for sha, phase, n, req in session.execute(query)
    }


def _add_conditional_progress(
    session: Session, responses: Sequence[ResponseRow], counts: dict[int, Counts]
) -> None:
    hashes = sorted({r.sha256 for r in responses})
    keys = session.execute(
        sa.select(
            ITEM_KEYS.c.sha256, ITEM_KEYS.c.phase, ITEM_KEYS.c.item_id, ITEM_KEYS.c.required
        ).where(ITEM_KEYS.c.sha256.in_(hashes), ITEM_KEYS.c.conditional.is_(True))
    ).all()
    if not keys:
        return
    by_asked: dict[tuple[str, Phase], list[tuple[str, bool]]] = defaultdict(list)
    for sha, phase, item_id, required in keys:
        by_asked[(sha, Phase(phase))].append((item_id, bool(required)))
    concerned = [r for r in responses if (r.sha256, r.phase) in by_asked]
    visibility = Visibility(session, {(r.campaign_id, r.questionnaire_id) for r in concerned})
    needed = {
        r.id: {
            c
            for item_id, _ in by_asked[(r.sha256, r.phase)]
            for c in visibility.chain((r.campaign_id, r.questionnaire_id), item_id)
        }
        for r in concerned
    }
    values = condition_values(session, needed)
    done = _answered_pairs(session, [r.id for r in concerned], {k[2] for k in keys})
    for r in concerned:
        for item_id, required in by_asked[(r.sha256, r.phase)]:
            key = (r.campaign_id, r.questionnaire_id)
            if not visibility.visible(key, item_id, (r.phase, r.opened), values.get(r.id, {})):
                continue
            is_done = (r.id, item_id) in done
            counts[r.id].add(
                answered=int(is_done),
                visible=1,
                required_answered=int(is_done and required),
                required_total=int(required),
            )


def _answered_pairs(
    session: Session, response_ids: list[int], item_ids: set[str]
) -> set[tuple[int, str]]:
    pairs: set[tuple[int, str]] = set()
    for chunk in chunked(response_ids):
        query = sa.select(ANSWERS.c.response_id, ANSWERS.c.item_id).where(
            ANSWERS.c.response_id.in_(chunk),
            ANSWERS.c.item_id.in_(sorted(item_ids)),
            answered(session),
        )
        pairs.update((rid, iid) for rid, iid in session.execute(query))
    return pairs


def _status(session: Session) -> ColumnElement[Any]:
    """SQL for the "status" of a status_text answer (None for other values)."""
    if session.get_bind().dialect.name == "postgresql":
        return ANSWERS.c.value.op("->>")(sa.literal("status"))
    return sa.func.json_extract(ANSWERS.c.value, "$.status")


def status_counts(
    session: Session, responses: Sequence[ResponseRow], statuses: Sequence[str]
) -> dict[int, int]:
    """Response id → answers to items asked in its phase whose status is one of `statuses`
    (the labelling file's ready and unchanged items)."""
    counts: dict[int, int] = {}
    for chunk in chunked(r.id for r in responses):
        query = (
            sa.select(RESPONSES.c.id, sa.func.count())
            .select_from(
                RESPONSES.join(ANSWERS, ANSWERS.c.response_id == RESPONSES.c.id)
                .join(CAMPAIGN_QUESTIONNAIRES, _same_questionnaire())
                .join(
                    ITEM_KEYS,
                    sa.and_(
                        ITEM_KEYS.c.sha256 == CAMPAIGN_QUESTIONNAIRES.c.sha256,
                        ITEM_KEYS.c.phase == RESPONSES.c.phase,
                        ITEM_KEYS.c.item_id == ANSWERS.c.item_id,
                    ),
                )
            )
            .where(RESPONSES.c.id.in_(chunk), _status(session).in_(list(statuses)))
            .group_by(RESPONSES.c.id)
        )
        counts.update({int(rid): int(n) for rid, n in session.execute(query)})
    return counts


def _same_questionnaire() -> ColumnElement[bool]:
    return sa.and_(
        CAMPAIGN_QUESTIONNAIRES.c.campaign_id == RESPONSES.c.campaign_id,
        CAMPAIGN_QUESTIONNAIRES.c.questionnaire_id == RESPONSES.c.questionnaire_id,
    )
