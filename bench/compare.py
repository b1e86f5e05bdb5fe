"""Comparison bench: heatmap and evolution at network scale, service call against bare SQL.

    python bench/compare.py [--cites 1000] [--campaigns 10] [--repeat 5]
                            [--postgres URL | --no-postgres] [--strict]

Builds a network of `--cites` Cités answering the four real questionnaires (`questionnaires/`)
in each of `--campaigns` yearly campaigns — bulk inserts, not `save_answer` one by one — in a
temporary SQLite file, and in PostgreSQL (a fresh schema, dropped afterwards) when a URL is
given or `CDM_QUALITY_TEST_POSTGRES_URL` is set. Then times, best of `--repeat` runs:

- heatmap: `services.compare.heatmap` for the newest campaign (Cités × sections of `qualite`)
  against one SQL statement giving the same per-Cité section and overall scores from the
  answers;
- evolution: `services.compare.evolution` of one Cité over every campaign (its scores and the
  network's quartiles, overall and per section) against SQL giving the same numbers
  (quartiles by window functions on SQLite, `percentile_cont` on PostgreSQL).

Both results are checked to be equal before any time is printed. After the bulk load, the
score cache of submitted responses (`storage.keys.ScoreCache`) is filled the way the services
fill it — by each submission of the open campaign, then by closing the older ones — and those
times are printed. The first service call is timed apart, the service time is the best of
the later calls. Targets: each call, the first included, within 1 s and within 1.5 × its bare
SQL. `--strict` exits 1 when a target is missed on SQLite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session

from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import PHASES, Item, ItemKind, Phase, Questionnaire
from cdm_quality.services import compare
from cdm_quality.services.network import campaigns
from cdm_quality.services.people.access import Actor
from cdm_quality.services.scores import aggregates
from cdm_quality.storage import migrations
from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import (
    Answer,
    Cite,
    Response,
    ResponseState,
    Role,
)

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ENV = "CDM_QUALITY_TEST_POSTGRES_URL"
COMPARED = "qualite"
AUTHORITY = Actor(id=None, login="bench", name="Bench authority", role=Role.authority)
TARGET_SECONDS = 1.0
TARGET_RATIO = 1.5
BATCH = 20_000


# --- building the network -----------------------------------------------------------------


def _value(rng: random.Random, questionnaire: Questionnaire, item: Item, bias: float) -> Any:
    """A valid answer to `item`; closed levels lean towards `bias` (0 low … 1 high)."""
    kind = item.kind
    if kind in (ItemKind.rating, ItemKind.status_text):
        scale = questionnaire.scale(item.scale)
        assert scale is not None
        if scale.not_applicable and rng.random() < 0.05:
            level = scale.not_applicable.id
        else:
            position = min(max(rng.gauss(bias, 0.25), 0), 0.999)
            level = scale.levels[int(position * len(scale.levels))].id
        return (
            {"status": level, "text": "État au dossier"} if kind == ItemKind.status_text else level
        )
    if kind == ItemKind.yes_no:
        return rng.random() < bias + 0.2
    options = [o.id for o in item.options or []]
    if kind == ItemKind.single_choice:
        return rng.choice(options)
    if kind == ItemKind.multiple_choice:
        return [o for o in options if rng.random() < 0.5] or options[:1]
    if kind == ItemKind.number:
        low = item.min if item.min is not None else 0
        high = item.max if item.max is not None else low + 5000
        return int(rng.uniform(low, high)) if item.integer else round(rng.uniform(low, high), 1)
    if kind == ItemKind.date:
        return dt.date(2020 + rng.randrange(6), rng.randrange(1, 13), 1).isoformat()
    if kind == ItemKind.entries:
        return ["Point un", "Point deux"]
    return "Texte de la Cité sur ce point, écrit pour le banc d'essai."


def _answers(
    rng: random.Random, questionnaire: Questionnaire, phase: Phase, bias: float
) -> dict[str, Any]:
    """Answers to 90 % of the items a Cité in `phase` sees (conditions respected)."""
    values: dict[str, Any] = {}
    for item in questionnaire.items():
        if rng.random() < 0.9 and domain_answers.is_visible(questionnaire, item, values, phase):
            values[item.id] = _value(rng, questionnaire, item, bias)
    return values


@dataclass
class Built:
    """The network's campaign ids (oldest first), the build time, and the seconds of each fill
    of the score cache done the way the services do it."""

    campaign_ids: list[int]
    seconds: float
    per_submission: list[float] = field(default_factory=list)
    per_closing: list[float] = field(default_factory=list)


def build_network(engine: Engine, *, cites: int, years: int, seed: int = 7) -> Built:
    """Fill an empty, migrated database, one campaign after the other: open it, bulk-load its
    responses, then close it (which fills the score cache of its submitted responses), except
    the newest, which stays open with the cache of each submission filled as
    `submit_response` fills it."""
    started = time.perf_counter()
    rng = random.Random(seed)
    questionnaires = load_directory(ROOT / "questionnaires")
    now = dt.datetime.now(dt.UTC)
    with Session(engine, expire_on_commit=False) as session:
        built = Built(_campaigns(session, questionnaires, years), 0.0)
    with engine.begin() as conn:
        conn.execute(sa.insert(Cite), [_cite_row(n, rng, now) for n in range(cites)])
        cite_ids = [row.id for row in conn.execute(sa.select(Cite.id).order_by(Cite.id))]
    bias = {cite_id: rng.uniform(0.2, 0.8) for cite_id in cite_ids}
    for year_index, campaign_id in enumerate(built.campaign_ids):
        with Session(engine) as session:
            campaigns.open_campaign(session, AUTHORITY, campaign_id=campaign_id)
        _fill_campaign(engine, rng, questionnaires, campaign_id, year_index, cite_ids, bias, now)
        if campaign_id == built.campaign_ids[-1]:
            built.per_submission = _submissions_cached(engine, campaign_id)
        else:
            built.per_closing.append(
                _timed(functools.partial(_close_campaign, engine, campaign_id))
            )
    built.seconds = time.perf_counter() - started
    return built


def _campaigns(session: Session, questionnaires: dict[str, Questionnaire], years: int) -> list[int]:
    first = dt.date.today().year - years + 1
    return [
        campaigns.create_campaign(
            session, AUTHORITY, year=year, questionnaires=questionnaires.values()
        ).id
        for year in range(first, first + years)
    ]


def _close_campaign(engine: Engine, campaign_id: int) -> None:
    with Session(engine) as session:
        campaigns.close_campaign(session, AUTHORITY, campaign_id=campaign_id)


def _submissions_cached(engine: Engine, campaign_id: int) -> list[float]:
    """Fill the cache of each submitted response as its submission does (one session per
    submission, as a page has); the seconds of each."""
    with engine.connect() as conn:
        submitted = (
            conn.execute(
                sa.select(Response.id).where(
                    Response.campaign_id == campaign_id, Response.state == ResponseState.submitted
                )
            )
            .scalars()
            .all()
        )
    return [_timed(functools.partial(_cache_one, engine, campaign_id, r)) for r in submitted]


def _cache_one(engine: Engine, campaign_id: int, response_id: int) -> None:
    with Session(engine) as session:
        aggregates.cache_submitted(session, campaign_id=campaign_id, response_id=response_id)


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _cite_row(n: int, rng: random.Random, now: dt.datetime) -> dict[str, Any]:
    return {
        "name": f"Cité des métiers n° {n + 1:04d}",
        "city": f"Ville {n + 1}",
        "country": rng.choice(["France", "Belgique", "Suisse", "Italie", "Portugal", "Maroc"]),
        "phase": Phase.fonctionnement,
        "created_at": now,
    }


def _phase_in(year_index: int, cite_id: int) -> Phase:
    """Cités move through the phases over the years, at different times."""
    return PHASES[min(2, (year_index + cite_id) // 4)]


def _fill_campaign(
    engine: Engine,
    rng: random.Random,
    questionnaires: dict[str, Questionnaire],
    campaign_id: int,
    year_index: int,
    cite_ids: list[int],
    bias: dict[int, float],
    now: dt.datetime,
) -> None:
    with engine.begin() as conn:
        rows = [
            _response_row(rng, cite_id, campaign_id, qid, _phase_in(year_index, cite_id), now)
            for cite_id in cite_ids
            for qid in questionnaires
        ]
        conn.execute(sa.insert(Response), rows)
        started = conn.execute(
            sa.select(
                Response.id, Response.cite_id, Response.questionnaire_id, Response.phase
            ).where(Response.campaign_id == campaign_id)
        ).all()
        batch: list[dict[str, Any]] = []
        for response_id, cite_id, qid, phase in started:
            drift = bias[cite_id] + 0.02 * year_index
            for item_id, value in _answers(rng, questionnaires[qid], phase, drift).items():
                batch.append(_answer_row(response_id, item_id, value, now))
            if len(batch) >= BATCH:
                conn.execute(sa.insert(Answer), batch)
                batch = []
        if batch:
            conn.execute(sa.insert(Answer), batch)


def _response_row(
    rng: random.Random, cite_id: int, campaign_id: int, qid: str, phase: Phase, now: dt.datetime
) -> dict[str, Any]:
    submitted = rng.random() < 0.9
    return {
        "cite_id": cite_id,
        "campaign_id": campaign_id,
        "questionnaire_id": qid,
        "phase": phase,
        "state": ResponseState.submitted if submitted else ResponseState.draft,
        "submitted_at": now if submitted else None,
        "created_at": now,
    }


def _answer_row(response_id: int, item_id: str, value: Any, now: dt.datetime) -> dict[str, Any]:
    return {
        "response_id": response_id,
        "item_id": item_id,
        "value": value,
        "remark": "",
        "evidence": "",
        "version": 1,
        "saved_at": now,
    }


# --- the bare SQL -------------------------------------------------------------------------

_SCORED = """
    SELECT r.campaign_id AS campaign_id, r.cite_id AS cite_id, sk.section_id AS section_id,
           SUM(sk.score * sk.weight) AS sw, SUM(sk.weight) AS w
    FROM response r
    JOIN campaign_questionnaire cq
      ON cq.campaign_id = r.campaign_id AND cq.questionnaire_id = r.questionnaire_id
    JOIN answer a ON a.response_id = r.id
    JOIN score_key sk
      ON sk.sha256 = cq.sha256 AND sk.phase = r.phase AND sk.item_id = a.item_id
     AND sk.value = CAST(a.value AS TEXT)
    WHERE r.questionnaire_id = :qid AND {campaigns} AND sk.score IS NOT NULL
      AND (r.state = 'submitted' OR r.cite_id = :cite_id)
    GROUP BY r.campaign_id, r.cite_id, sk.section_id
"""

HEATMAP_SQL = """
WITH s AS (SCORED)
SELECT c.name, s.section_id, 100 * s.sw / s.w FROM s JOIN cite c ON c.id = s.cite_id
UNION ALL
SELECT c.name, '', 100 * SUM(s.sw) / SUM(s.w) FROM s JOIN cite c ON c.id = s.cite_id
GROUP BY c.name
""".replace("SCORED", _SCORED.replace("{campaigns}", "r.campaign_id = :campaign_id"))

# Per campaign and section ('' = whole questionnaire): the Cité's score, then the network's
# quartiles (inclusive method: linear interpolation at p × (n − 1)) over the other Cités.
_PER_CITE = """
s AS (SCORED),
per_cite AS (
  SELECT campaign_id, cite_id, section_id, 100 * sw / w AS score FROM s WHERE w > 0
  UNION ALL
  SELECT campaign_id, cite_id, '', 100 * SUM(sw) / SUM(w) FROM s
  GROUP BY campaign_id, cite_id HAVING SUM(w) > 0
)""".replace("SCORED", _SCORED.replace("{campaigns}", "r.campaign_id IN (SELECT id FROM campaign)"))

EVOLUTION_SQL = {
    "sqlite": """
WITH PER_CITE,
ranked AS (
  SELECT campaign_id, section_id, score,
         ROW_NUMBER() OVER (PARTITION BY campaign_id, section_id ORDER BY score) - 1 AS k,
         COUNT(*) OVER (PARTITION BY campaign_id, section_id) AS n
  FROM per_cite WHERE cite_id <> :cite_id
),
quartile AS (
  SELECT 0.25 AS p UNION ALL SELECT 0.5 UNION ALL SELECT 0.75
),
bounds AS (
  SELECT campaign_id, section_id, n, p, p * (n - 1) AS pos,
         CAST(p * (n - 1) AS INTEGER) AS lo
  FROM (SELECT DISTINCT campaign_id, section_id, n FROM ranked), quartile
)
SELECT b.campaign_id, b.section_id, b.p,
       MAX(CASE WHEN r.k = b.lo THEN r.score END)
       + (b.pos - b.lo) * (COALESCE(MAX(CASE WHEN r.k = b.lo + 1 THEN r.score END),
                                    MAX(CASE WHEN r.k = b.lo THEN r.score END))
                           - MAX(CASE WHEN r.k = b.lo THEN r.score END)) AS value
FROM bounds b JOIN ranked r
  ON r.campaign_id = b.campaign_id AND r.section_id = b.section_id AND r.k IN (b.lo, b.lo + 1)
GROUP BY b.campaign_id, b.section_id, b.p, b.pos, b.lo
UNION ALL
SELECT campaign_id, section_id, -1, score FROM per_cite WHERE cite_id = :cite_id
""".replace("PER_CITE", _PER_CITE),
    "postgresql": """
WITH PER_CITE,
q AS (
  SELECT campaign_id, section_id,
         percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY score) AS qs
  FROM per_cite WHERE cite_id <> :cite_id GROUP BY campaign_id, section_id
)
SELECT campaign_id, section_id, 0.25, qs[1] FROM q
UNION ALL SELECT campaign_id, section_id, 0.5, qs[2] FROM q
UNION ALL SELECT campaign_id, section_id, 0.75, qs[3] FROM q
UNION ALL SELECT campaign_id, section_id, -1, score FROM per_cite WHERE cite_id = :cite_id
""".replace("PER_CITE", _PER_CITE),
}


def analyze(engine: Engine) -> None:
    """PostgreSQL: table statistics after a bulk load, as autovacuum would gather them soon
    after (without them the planner guesses tiny tables). SQLite: nothing."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


# --- timing and checking ------------------------------------------------------------------


def best_of(repeat: int, call: Callable[[], Any]) -> tuple[float, Any]:
    """Shortest wall time of `repeat` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - started)
    return best, result


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)


def check_heatmap(result: compare.Heatmap, rows: list[Any]) -> None:
    sql = {(name, section): float(score) for name, section, score in rows}
    service = {}
    for row in result.rows:
        service[(row.cite, "")] = row.overall
        service.update({(row.cite, s): v for s, v in row.sections.items() if v is not None})
    assert sql.keys() == service.keys(), "heatmap: not the same cells"
    assert all(_close(sql[k], service[k]) for k in sql), "heatmap: scores differ"


def check_evolution(result: compare.Evolution, rows: list[Any]) -> None:
    sql = {(c, s, float(p)): float(v) for c, s, p, v in rows}
    for point in result.points:
        for bench in [point.overall, *point.sections]:
            key = (point.campaign.id, bench.section_id)
            if bench.own is not None:
                assert _close(sql[(*key, -1.0)], bench.own), f"evolution: own {key} differs"
            if bench.network is not None:
                quartiles = (bench.network.q1, bench.network.median, bench.network.q3)
                for p, value in zip((0.25, 0.5, 0.75), quartiles, strict=True):
                    assert _close(sql[(*key, p)], value), f"evolution: quartile {key} differs"


def run(engine: Engine, label: str, args: argparse.Namespace) -> list[tuple[str, float, float]]:
    migrations.upgrade(engine)
    built = build_network(engine, cites=args.cites, years=args.campaigns)
    analyze(engine)
    with Session(engine, expire_on_commit=False) as session:
        answers = session.execute(sa.select(sa.func.count()).select_from(Answer)).scalar_one()
        newest = session.execute(sa.select(sa.func.max(Response.campaign_id))).scalar_one()
        cite_id = args.cites // 2
        print(
            f"{label}: {args.cites} Cités × {args.campaigns} campaigns, {answers:,} answers, "
            f"built in {built.seconds:.1f} s"
        )
        print(
            f"  score cache filled by the services: at each submission median "
            f"{1000 * statistics.median(built.per_submission):.1f} ms "
            f"({len(built.per_submission)} submissions), at each closing median "
            f"{statistics.median(built.per_closing):.2f} s ({len(built.per_closing)} campaigns)"
        )
        dialect = engine.dialect.name
        heat_args = {"qid": COMPARED, "campaign_id": newest, "cite_id": 0}
        evo_args = {"qid": COMPARED, "cite_id": cite_id}
        calls = [
            (
                "heatmap",
                lambda: compare.heatmap(
                    session, AUTHORITY, campaign_id=newest, questionnaire_id=COMPARED
                ),
                lambda: session.execute(sa.text(HEATMAP_SQL), heat_args).all(),
                check_heatmap,
            ),
            (
                "evolution",
                lambda: compare.evolution(
                    session, AUTHORITY, questionnaire_id=COMPARED, cite_id=cite_id
                ),
                lambda: session.execute(sa.text(EVOLUTION_SQL[dialect]), evo_args).all(),
                check_evolution,
            ),
        ]
        timings = []
        for name, service_call, sql_call, check in calls:
            first, _ = best_of(1, service_call)  # the cache was filled at submission and closing
            analyze(engine)
            service_time, result = best_of(args.repeat, service_call)
            sql_time, rows = best_of(args.repeat, sql_call)
            check(result, rows)
            timings.append((name, first, service_time, sql_time))
    return timings


def report(label: str, timings: list[tuple[str, float, float, float]], *, targets: bool) -> bool:
    """Print one line per call; returns whether every target is met."""
    met = True
    for name, first, service_time, sql_time in timings:
        ratio = service_time / sql_time
        line = f"  {name:<10} service {service_time:7.3f} s (first call {first:6.3f} s)   "
        line += f"bare SQL {sql_time:7.3f} s   ratio {ratio:4.2f}"
        if targets:
            ok = max(first, service_time) <= TARGET_SECONDS and ratio <= TARGET_RATIO
            met &= ok
            line += "   " + ("within target" if ok else "TARGET MISSED")
            line += f" (first and later ≤ {TARGET_SECONDS:g} s, ratio ≤ {TARGET_RATIO:g})"
        print(line)
    return met


@contextmanager
def postgres_schema(url: str) -> Iterator[Engine]:
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            url = "postgresql+psycopg://" + url.removeprefix(plain)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in url else "?"
    engine = make_engine(f"{url}{sep}options=-csearch_path%3D{schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cites", type=int, default=1000)
    parser.add_argument("--campaigns", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_ENV, ""))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        met = report("SQLite", run(engine, "SQLite", args), targets=True)
        engine.dispose()
    if args.postgres and not args.no_postgres:
        with postgres_schema(args.postgres) as engine:
            report("PostgreSQL", run(engine, "PostgreSQL", args), targets=False)
    return 0 if met or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
