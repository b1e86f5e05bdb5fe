"""Charts of the comparison across Cités and campaigns (altair), from plain records.

The pages turn the comparison services' results into records (one dict per mark) and pass
the axis titles in the reader's language; nothing here reads the database or knows the UI.
Every chart has a table beside it on the page: the same records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import altair as alt

Record = Mapping[str, Any]

SCORE_DOMAIN = [0, 100]
HEATMAP_SCHEME: Final = "redyellowgreen"
CITE_COLOUR = "#1f4e79"
NETWORK_COLOUR = "#9aa5b1"
MEDIAN_COLOUR = "#3e4c59"
ROW_HEIGHT = 18
# Answer levels from worst to best: red, orange, yellow, light green, dark green (the best is
# the darkest); "not applicable" grey, the options of a single choice (no order) in blues.
LEVEL_STOPS = ("#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")
# Yes and no have colours of their own (teal, brown), so that a chart where yes/no questions
# sit beside rated ones never gives "Non" the colour of "Non engagé" nor "Oui" that of
# "Exemplaire": one colour per level of one scale.
YES_COLOUR, NO_COLOUR = "#01665e", "#8c510a"
NOT_APPLICABLE_COLOUR = "#b0b0b0"
UNORDERED_COLOURS = ("#4e79a7", "#7fa7cf", "#2c4f73", "#a0c4e8", "#5f6f94", "#c6dbef")
LONG_LABEL = 40  # characters: a legend of longer labels lists them one a line
MAX_HEATMAP_ROWS = 150  # beyond, the chart is unreadable: the page shows the table only


def heatmap_chart(
    records: Sequence[Record], *, sections: Sequence[str], titles: Mapping[str, str]
) -> alt.Chart:
    """Cités (rows) × sections (columns), coloured by score; records: cite, section, score.

    `sections` gives the column order; `titles` the names of "cite", "section", "score".
    """
    cites = sorted({r["cite"] for r in records}, key=str.casefold)
    base = alt.Chart(alt.Data(values=list(records))).encode(
        x=alt.X(
            "section:N",
            sort=list(sections),
            title=None,
            axis=alt.Axis(orient="top", labelAngle=-30, labelLimit=200, labelOverlap=False),
        ),
        y=alt.Y(
            "cite:N", sort=cites, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)
        ),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "score:Q",
            title=titles["score"],
            scale=alt.Scale(domain=SCORE_DOMAIN, scheme=HEATMAP_SCHEME),
            # below the grid, across, at a fixed length: whole (0 to 100) with one Cité as
            # with many (a legend beside the rows took their height and lost its ends)
            legend=alt.Legend(
                orient="bottom",
                direction="horizontal",
                gradientLength=300,
                values=[0, 25, 50, 75, 100],
                labelOverlap=False,
            ),
        ),
        tooltip=[
            alt.Tooltip("cite:N", title=titles["cite"]),
            alt.Tooltip("section:N", title=titles["section"]),
            alt.Tooltip("score:Q", title=titles["score"], format=".1f"),
        ],
    )
    labels = base.mark_text(fontSize=10).encode(
        text=alt.Text("score:Q", format=".0f"), color=alt.value("#1b1b1b")
    )
    return (cells + labels).properties(height=alt.Step(ROW_HEIGHT))


def level_colour(
    position: float | None,
    not_applicable: bool,
    unordered_index: int = 0,
    *,
    yes_no: bool = False,
) -> str:
    """The colour of an answer level: along LEVEL_STOPS by its position (worst 0, best 1);
    yes and no (`yes_no`) their own pair."""
    if not_applicable:
        return NOT_APPLICABLE_COLOUR
    if yes_no and position is not None:
        return YES_COLOUR if position >= 1 else NO_COLOUR
    if position is None:
        return UNORDERED_COLOURS[unordered_index % len(UNORDERED_COLOURS)]
    scaled = min(max(position, 0.0), 1.0) * (len(LEVEL_STOPS) - 1)
    low = min(int(scaled), len(LEVEL_STOPS) - 2)
    share = scaled - low
    start, end = (_rgb(LEVEL_STOPS[low]), _rgb(LEVEL_STOPS[low + 1]))
    mixed = (round(a + (b - a) * share) for a, b in zip(start, end, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def distribution_chart(
    records: Sequence[Record],
    *,
    levels: Sequence[str],
    colours: Sequence[str],
    titles: Mapping[str, str],
) -> alt.Chart:
    """Stacked bars, one per item: how many Cités chose each level.

    records: item, level, count (+ order of the item); `levels` orders the legend (worst
    first) and `colours` gives each its colour (`level_colour`); `titles`: "item", "level",
    "count". The legend sits above the bars; the count axis shows whole Cités only.
    """
    items = list(dict.fromkeys(r["item"] for r in records))
    return (
        alt.Chart(alt.Data(values=list(records)))
        .mark_bar()
        .encode(
            y=alt.Y(
                "item:N",
                sort=items,
                title=None,
                axis=alt.Axis(labelLimit=360, labelOverlap=False),
            ),
            x=alt.X(
                "count:Q",
                title=titles["count"],
                stack="zero",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "level:N",
                title=titles["level"],
                sort=list(levels),
                scale=alt.Scale(domain=list(levels), range=list(colours)),
                # every label whole (a single choice's options are sentences): one column
                # when one is long, else four
                legend=alt.Legend(
                    orient="top",
                    columns=1 if max(map(len, levels), default=0) > LONG_LABEL else 4,
                    labelLimit=0,
                ),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("item:N", title=titles["item"]),
                alt.Tooltip("level:N", title=titles["level"]),
                alt.Tooltip("count:Q", title=titles["count"]),
            ],
        )
        .properties(height=alt.Step(ROW_HEIGHT))
    )


def benchmark_chart(records: Sequence[Record], *, titles: Mapping[str, str]) -> alt.Chart:
    """Per section: the network's quartile box (q1–q3) with its median, and the Cité's score.

    records: section, q1, median, q3 (None without enough Cités), own (None: no score);
    `titles`: "score", "cite", "network".
    """
    sections = list(dict.fromkeys(r["section"] for r in records))
    data = alt.Data(values=list(records))
    y = alt.Y(
        "section:N", sort=sections, title=None, axis=alt.Axis(labelLimit=300, labelOverlap=False)
    )
    x_scale = alt.Scale(domain=SCORE_DOMAIN)
    box = (
        alt.Chart(data)
        .mark_bar(size=12, color=NETWORK_COLOUR, opacity=0.6)
        .encode(
            y=y,
            x=alt.X("q1:Q", title=titles["score"], scale=x_scale),
            x2="q3:Q",
            tooltip=_tooltips(titles),
        )
    )
    median = (
        alt.Chart(data)
        .mark_tick(color=MEDIAN_COLOUR, thickness=3, size=16)
        .encode(y=y, x=alt.X("median:Q", scale=x_scale), tooltip=_tooltips(titles))
    )
    own = (
        alt.Chart(data)
        .mark_point(filled=True, size=110, color=CITE_COLOUR, shape="diamond")
        .encode(y=y, x=alt.X("own:Q", scale=x_scale), tooltip=_tooltips(titles))
    )
    return (box + median + own).properties(height=alt.Step(28))


def _tooltips(titles: Mapping[str, str]) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("section:N", title=titles.get("section", "")),
        alt.Tooltip("own:Q", title=titles["cite"], format=".1f"),
        alt.Tooltip("q1:Q", title="Q1", format=".1f"),
        alt.Tooltip("median:Q", title=titles["network"], format=".1f"),
        alt.Tooltip("q3:Q", title="Q3", format=".1f"),
    ]


def evolution_chart(records: Sequence[Record], *, titles: Mapping[str, str]) -> alt.Chart:
    """Over campaigns: the network's q1–q3 band and median line, and the Cité's line.

    records: campaign (label), order, q1, median, q3, own; `titles`: "campaign", "score",
    "cite", "network".
    """
    campaigns = [r["campaign"] for r in sorted(records, key=lambda r: r["order"])]
    data = alt.Data(values=list(records))
    x = alt.X("campaign:N", sort=campaigns, title=titles["campaign"], axis=alt.Axis(labelAngle=0))
    y_scale = alt.Scale(domain=SCORE_DOMAIN)
    band = (
        alt.Chart(data)
        .mark_area(color=NETWORK_COLOUR, opacity=0.35)
        .encode(x=x, y=alt.Y("q1:Q", title=titles["score"], scale=y_scale), y2="q3:Q")
    )
    median = (
        alt.Chart(data)
        .mark_line(
            color=MEDIAN_COLOUR, strokeDash=[5, 3], point=alt.OverlayMarkDef(color=MEDIAN_COLOUR)
        )
        .encode(x=x, y=alt.Y("median:Q", scale=y_scale), tooltip=_evolution_tips(titles))
    )
    own = (
        alt.Chart(data)
        .mark_line(color=CITE_COLOUR, strokeWidth=3, point=alt.OverlayMarkDef(size=70))
        .encode(x=x, y=alt.Y("own:Q", scale=y_scale), tooltip=_evolution_tips(titles))
    )
    return (band + median + own).properties(height=320)


def _evolution_tips(titles: Mapping[str, str]) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("campaign:N", title=titles["campaign"]),
        alt.Tooltip("own:Q", title=titles["cite"], format=".1f"),
        alt.Tooltip("q1:Q", title="Q1", format=".1f"),
        alt.Tooltip("median:Q", title=titles["network"], format=".1f"),
        alt.Tooltip("q3:Q", title="Q3", format=".1f"),
    ]
