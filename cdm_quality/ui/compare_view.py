"""The comparison on the pages: results of `services.compare` as tables and chart records,
and the four blocks (heatmap, distribution, Cité against the network, evolution), each a
chart with its table view and CSV download (`ui.tables.chart_with_table`).

`VIEWS` is the one registry of these blocks (view id → drawer): the comparison page and "My
Cité against the network" both draw through it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from cdm_quality.domain.disclosure import DIFFERENCE_MIN, MEDIAN_MIN, QUARTILES_MIN
from cdm_quality.domain.labels import PHASE
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.scoring import MIN_NETWORK_COUNT
from cdm_quality.reports import compare_charts as charts
from cdm_quality.services import compare
from cdm_quality.services.compare import (
    Benchmark,
    Distribution,
    Evolution,
    Heatmap,
    LevelCount,
    SectionBenchmark,
)
from cdm_quality.services.database import DbSession
from cdm_quality.services.people.access import Actor
from cdm_quality.ui.i18n import t, tn, word
from cdm_quality.ui.tables import chart_with_table
from cdm_quality.ui.text import escape_markdown


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# --- tables -------------------------------------------------------------------------------


def heatmap_frame(heatmap: Heatmap, lang: Lang) -> pd.DataFrame:
    """One row per Cité: country, phase, the questionnaire score and each section's."""
    rows = []
    for row in heatmap.rows:
        line = {
            t("compare.col.cite"): row.cite,
            t("compare.col.country"): row.country,
            t("compare.col.phase"): word(PHASE, row.phase.value),
            t("compare.col.overall"): _round(row.overall),
        }
        for section in heatmap.sections:
            line[section.title(lang)] = _round(row.sections.get(section.section_id))
        rows.append(line)
    return pd.DataFrame(rows, columns=_heatmap_columns(heatmap, lang))


def _heatmap_columns(heatmap: Heatmap, lang: Lang) -> list[str]:
    fixed = ["cite", "country", "phase", "overall"]
    return [t(f"compare.col.{c}") for c in fixed] + [s.title(lang) for s in heatmap.sections]


def heatmap_records(heatmap: Heatmap, lang: Lang) -> list[dict]:
    """One record per Cité and scored section (overall included), for the chart."""
    overall = t("compare.col.overall")
    records = []
    for row in heatmap.rows:
        cells = [(s.title(lang), row.sections.get(s.section_id)) for s in heatmap.sections]
        for section, score in [*cells, (overall, row.overall)]:
            if score is not None:
                records.append({"cite": row.cite, "section": section, "score": round(score, 1)})
    return records


def distribution_frame(distribution: Distribution, lang: Lang) -> pd.DataFrame:
    """One row per item and level: how many Cités answered it (and the own answer)."""
    own_column = any(item.own is not None for item in distribution.items)
    rows = []
    for item in distribution.items:
        for level in item.levels:
            line = {
                t("compare.col.item"): item.title(lang),
                t("compare.col.question"): item.text(lang),
                t("compare.col.level"): level.label(lang),
                t("compare.col.count"): level.count,
            }
            if own_column:
                line[t("compare.col.own_answer")] = "✓" if item.own == level.value else ""
            rows.append(line)
    return pd.DataFrame(rows)


def distribution_records(distribution: Distribution, lang: Lang) -> list[dict]:
    return [
        {
            "item": item.title(lang),
            "level": level.label(lang),
            "rank": rank,
            "count": level.count,
        }
        for item in distribution.items
        for rank, level in enumerate(item.levels)
        if level.count
    ]


YES_NO_VALUES = ("true", "false")  # `LevelCount.value` of a yes/no answer (JSON text)


def level_legend(distribution: Distribution, lang: Lang) -> tuple[list[str], list[str]]:
    """Level labels for the legend, the scale's worst first (then no and yes, the unordered
    options, N/A last), and each one's colour from its place on its scale
    (`compare_charts.level_colour`)."""
    seen: dict[str, LevelCount] = {}
    for item in distribution.items:
        for level in item.levels:
            seen.setdefault(level.label(lang), level)

    def order(entry: tuple[str, LevelCount]) -> tuple[int, float]:
        """The scale's levels, then no and yes, the unordered options, not applicable."""
        level = entry[1]
        if level.not_applicable:
            return (3, 0.0)
        if level.position is None:
            return (2, 0.0)
        return (1 if level.value in YES_NO_VALUES else 0, level.position)

    ranked = sorted(seen.items(), key=order)
    unordered = [name for name, level in ranked if level.position is None]
    colours = [
        charts.level_colour(
            level.position,
            level.not_applicable,
            unordered.index(name) if name in unordered else 0,
            yes_no=level.value in YES_NO_VALUES,
        )
        for name, level in ranked
    ]
    return [name for name, _ in ranked], colours


def _benchmark_line(row: SectionBenchmark, lang: Lang) -> dict:
    network = row.network
    return {
        "section": row.title(lang),
        "own": _round(row.own),
        "q1": _round(network.q1) if network else None,
        "median": _round(network.median) if network else None,
        "q3": _round(network.q3) if network else None,
        "count": network.count if network else 0,
    }


def benchmark_records(benchmark: Benchmark, lang: Lang) -> list[dict]:
    return [_benchmark_line(row, lang) for row in [benchmark.overall, *benchmark.sections]]


def named(records: list[dict], own_title: str) -> pd.DataFrame:
    """Records with the page's column names (the chart keeps the short ones)."""
    names = {
        "section": t("compare.col.section"),
        "campaign": t("compare.col.campaign"),
        "own": own_title,
        "q1": t("compare.col.q1"),
        "median": t("compare.col.median"),
        "q3": t("compare.col.q3"),
        "count": t("compare.col.network_count"),
    }
    frame = pd.DataFrame(records)
    frame = frame.drop(columns=[c for c in ("order",) if c in frame.columns])
    return frame.rename(columns=names)


def evolution_records(evolution: Evolution, lang: Lang, section_id: str = "") -> list[dict]:
    """One record per campaign: the Cité's score and the network's quartiles (overall, or
    one section)."""
    records = []
    for order, point in enumerate(evolution.points):
        rows = [point.overall, *point.sections]
        row = next((r for r in rows if r.section_id == section_id), point.overall)
        line = _benchmark_line(row, lang)
        line.pop("section")
        line |= {"campaign": str(point.campaign.year), "order": order}
        line["count"] = point.network_count
        records.append(line)
    return records


# --- the blocks ---------------------------------------------------------------------------


def _titles() -> dict[str, str]:
    return {
        "cite": t("compare.col.cite"),
        "section": t("compare.col.section"),
        "score": t("compare.col.score"),
        "item": t("compare.col.item"),
        "level": t("compare.col.level"),
        "count": t("compare.col.count"),
        "network": t("compare.col.median"),
        "campaign": t("compare.col.campaign"),
    }


def show_heatmap(heatmap: Heatmap, lang: Lang) -> None:
    if not heatmap.rows:
        st.info(t("compare.empty"))
        return
    records = heatmap_records(heatmap, lang)
    order = [s.title(lang) for s in heatmap.sections] + [t("compare.col.overall")]
    chart = None
    if len(heatmap.rows) <= charts.MAX_HEATMAP_ROWS:
        chart = charts.heatmap_chart(records, sections=order, titles=_titles())
    chart_with_table(
        chart,
        heatmap_frame(heatmap, lang),
        name=f"heatmap-{heatmap.questionnaire_id}-{heatmap.campaign.year}",
        key="compare.heatmap.csv",
        note=t("compare.too_many", count=len(heatmap.rows), limit=charts.MAX_HEATMAP_ROWS),
    )


def show_distribution(distribution: Distribution, lang: Lang) -> None:
    if not distribution.published:
        st.info(t("compare.unpublished"))
        return
    if distribution.filtered:
        st.info(t("compare.suppressed_filtered"))
    elif distribution.suppressed:
        st.info(t("compare.suppressed", min=MEDIAN_MIN))
    elif not distribution.responses:
        st.info(t("compare.empty"))
        return
    else:
        st.caption(tn("compare.responses", distribution.responses))
    records = distribution_records(distribution, lang)
    chart = None
    if records:
        levels, colours = level_legend(distribution, lang)
        chart = charts.distribution_chart(records, levels=levels, colours=colours, titles=_titles())
    chart_with_table(
        chart,
        distribution_frame(distribution, lang),
        name=f"distribution-{distribution.questionnaire_id}-{distribution.campaign.year}",
        key="compare.distribution.csv",
    )


def show_benchmark(benchmark: Benchmark, lang: Lang) -> None:
    if benchmark.network_count is not None:
        st.caption(tn("compare.network_count", benchmark.network_count))
    records = benchmark_records(benchmark, lang)
    titles = _titles() | {"cite": benchmark.cite}
    if not benchmark.published:
        st.info(t("compare.unpublished"))
    elif all(r["median"] is None for r in records) and not benchmark.anonymous:
        st.info(t("compare.too_few_named", min=MIN_NETWORK_COUNT))
    elif all(r["median"] is None for r in records):
        st.info(t("compare.too_few", min=MEDIAN_MIN, difference=DIFFERENCE_MIN))
    elif any(r["median"] is not None and r["q1"] is None for r in records):
        st.caption(t("compare.quartiles_withheld", min=QUARTILES_MIN))
    st.caption(t("compare.legend_benchmark", cite=escape_markdown(benchmark.cite)))
    chart_with_table(
        charts.benchmark_chart(records, titles=titles),
        named(records, benchmark.cite),
        name=f"benchmark-{benchmark.questionnaire_id}-{benchmark.campaign.year}",
        key="compare.benchmark.csv",
    )


def show_evolution(evolution: Evolution, lang: Lang, section_id: str = "") -> None:
    if not evolution.points:
        st.info(t("compare.empty"))
        return
    records = evolution_records(evolution, lang, section_id)
    own = evolution.cite or t("compare.col.own")
    titles = _titles() | {"cite": own}
    st.caption(t("compare.legend_evolution", cite=escape_markdown(own)))
    chart_with_table(
        charts.evolution_chart(records, titles=titles),
        named(records, own),
        name=f"evolution-{evolution.questionnaire_id}",
        key="compare.evolution.csv",
    )


def section_choice(evolution: Evolution, lang: Lang) -> str:
    """Whole questionnaire or one section, for the evolution chart."""
    options = ["", *[s.section_id for s in evolution.sections]]
    labels = {"": t("compare.whole")} | {s.section_id: s.title(lang) for s in evolution.sections}
    return st.selectbox(
        t("compare.col.section"),
        options,
        format_func=labels.__getitem__,
        key="compare.evolution.section",
        placeholder=t("widget.choose"),
    )


@dataclass(frozen=True)
class ViewScope:
    """What a block is drawn for: the campaign, the filters the services take
    (questionnaire_id, phase, country, include_drafts) and the Cité set against the network
    (None: the reader's own for the benchmark, the whole network for the evolution)."""

    lang: Lang
    campaign_id: int
    filters: Mapping[str, Any] = field(default_factory=dict)
    cite_id: int | None = None


Drawer = Callable[[DbSession, Actor, ViewScope], None]


def draw_heatmap(session: DbSession, actor: Actor, scope: ViewScope) -> None:
    found = compare.heatmap(session, actor, campaign_id=scope.campaign_id, **scope.filters)
    show_heatmap(found, scope.lang)


def draw_distribution(session: DbSession, actor: Actor, scope: ViewScope) -> None:
    found = compare.item_distribution(
        session, actor, campaign_id=scope.campaign_id, **scope.filters
    )
    show_distribution(found, scope.lang)


def draw_benchmark(session: DbSession, actor: Actor, scope: ViewScope) -> None:
    found = compare.cite_benchmark(
        session, actor, campaign_id=scope.campaign_id, cite_id=scope.cite_id, **scope.filters
    )
    show_benchmark(found, scope.lang)


def draw_evolution(session: DbSession, actor: Actor, scope: ViewScope) -> None:
    found = compare.evolution(session, actor, cite_id=scope.cite_id, **scope.filters)
    show_evolution(found, scope.lang, section_choice(found, scope.lang))


VIEWS: dict[str, Drawer] = {
    "heatmap": draw_heatmap,
    "distribution": draw_distribution,
    "benchmark": draw_benchmark,
    "evolution": draw_evolution,
}
