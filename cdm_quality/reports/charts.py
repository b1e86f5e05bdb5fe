"""Altair charts of the synthesis and the plan, shown in the app and drawn into the PDF.

- `section_scores_chart`: each section's score (0–100) beside the previous campaign and the
  network median, as grouped horizontal bars.
- `timeline_chart`: the plan as a Gantt chart, one bar per action from start to due date
  (a point when only one date is known), coloured by status, with an optional "today" rule.

The PDF draws its own charts as vector graphics (`reports.vector`) in the same colours.

Labels follow `lang`; numbers in the data are raw, formatted by the chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import altair as alt

from cdm_quality.domain import labels, table_rows, texts
from cdm_quality.domain.plan import ActionDraft, ActionStatus, shorten
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import SectionSummary
from cdm_quality.reports import vector

FONT = "DejaVu Sans"
WIDTH = 560
SCORES_WIDTH = 240  # the bars; section titles add their own width on the left
SERIES_COLOURS = {k: "#{:02x}{:02x}{:02x}".format(*c) for k, c in vector.SERIES_COLOURS.items()}
STATUS_COLOURS: dict[ActionStatus, str] = {
    k: "#{:02x}{:02x}{:02x}".format(*c) for k, c in vector.STATUS_COLOURS.items()
}


def xml_safe(text: str) -> str:
    """Text a chart can hold: vl-convert builds SVG, and a character XML forbids (a control
    character, U+FFFE, a lone surrogate) makes it panic and abort the whole process."""
    return "".join(ch if _xml_char(ch) else " " for ch in text)


def _xml_char(ch: str) -> bool:
    code = ord(ch)  # tab and line breaks are legal XML but not wanted in a label
    return 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


def _title(key: str, lang: Lang) -> str:
    return texts.text(f"chart.{key}", lang)


def _series_names(lang: Lang, cite: str | None) -> dict[str, str]:
    names = {key: labels.label(labels.SERIES, key, lang) for key in SERIES_COLOURS}
    return names | ({"cite": shorten(xml_safe(cite), 40)} if cite and cite.strip() else {})


def section_scores_data(
    sections: Sequence[SectionSummary], lang: Lang, cite: str | None = None
) -> list[dict[str, Any]]:
    """One record per section and series that has a score."""
    names = _series_names(lang, cite)
    records = []
    for order, section in enumerate(sections):
        values = {"cite": section.score, "previous": section.previous}
        values["network"] = section.network_median
        for key, value in values.items():
            if value is not None:
                records.append(
                    {"section": shorten(xml_safe(section.title), 40), "order": order}
                    | {"series": names[key], "rank": key}
                    | {"score": round(value, 1)}
                )
    return records


def section_scores_chart(
    sections: Sequence[SectionSummary], lang: Lang, *, cite: str | None = None
) -> alt.Chart:
    """Grouped bars: the Cité (or `cite`), its previous campaign and the network median."""
    data = section_scores_data(sections, lang, cite)
    present = [k for k in SERIES_COLOURS if any(r["rank"] == k for r in data)] or ["cite"]
    names = _series_names(lang, cite)
    series_names = [names[k] for k in present]
    colour = alt.Color(
        "series:N",
        title=None,
        sort=series_names,
        scale=alt.Scale(domain=series_names, range=[SERIES_COLOURS[k] for k in present]),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
    )
    y = alt.Y(
        "section:N",
        title=None,
        sort=alt.EncodingSortField(field="order", op="min"),
        axis=alt.Axis(labelLimit=0),  # titles shortened here: vega's truncation is slow
    )
    base = alt.Chart(alt.Data(values=data)).encode(
        y=y,
        yOffset=alt.YOffset("series:N", sort=series_names),
        x=alt.X("score:Q", title=_title("score", lang), scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar(height={"band": 1}).encode(
        color=colour,
        tooltip=[alt.Tooltip("section:N"), alt.Tooltip("series:N"), alt.Tooltip("score:Q")],
    )
    text = base.mark_text(align="left", dx=3, fontSize=11, color="#333333").encode(
        text=alt.Text("score:Q", format=".0f")
    )
    rows = max(1, len(sections))
    height = rows * (8 + 12 * len(present))
    chart = (bars + text).properties(width=SCORES_WIDTH, height=height).configure(font=FONT)
    # Large type: in the PDF the chart is printed about 10 cm wide.
    return chart.configure_axis(labelFontSize=13, titleFontSize=13).configure_legend(
        labelFontSize=13, symbolSize=150
    )


def _action_label(number: int, action: ActionDraft) -> str:
    return f"{number}. {shorten(xml_safe(action.title), 90)}"


def timeline_data(
    actions: Sequence[ActionDraft], lang: Lang, *, first_number: int = 1
) -> list[dict[str, Any]]:
    """One record per action with at least one date; `number` is its row in the plan."""
    records = []
    for number, action in enumerate(actions, start=first_number):
        start, end = action.start or action.due, action.due or action.start
        if start is None or end is None:
            continue
        records.append(
            {
                "action": _action_label(number, action),
                "number": number,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "span": action.start is not None and action.due is not None,
                "status": labels.label(labels.ACTION_STATUS, action.status.value, lang),
            }
        )
    return records


def timeline_span(actions: Sequence[ActionDraft]) -> tuple[dt.date, dt.date] | None:
    """First and last date of the plan, a week of margin each side; None without dates."""
    dates = [d for a in actions for d in (a.start, a.due) if d is not None]
    if not dates:
        return None
    week = dt.timedelta(days=7)
    return min(dates) - week, max(dates) + week


def _utc(day: dt.date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def timeline_chart(
    actions: Sequence[ActionDraft],
    lang: Lang,
    *,
    today: dt.date | None = None,
    first_number: int = 1,
    span: tuple[dt.date, dt.date] | None = None,
) -> alt.LayerChart:
    """Gantt chart of the plan: bars from start to due, points for single dates, a dashed
    rule on `today`. `first_number` and `span` let several charts share one numbering and
    one time axis (`timeline_pages`)."""
    data = timeline_data(actions, lang, first_number=first_number)
    statuses = [labels.label(labels.ACTION_STATUS, s.value, lang) for s in ActionStatus]
    colour = alt.Color(
        "status:N",
        title=None,
        scale=alt.Scale(domain=statuses, range=list(STATUS_COLOURS.values())),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    span = span or timeline_span(actions)
    scale = alt.Scale(type="utc", domain=[_utc(d) for d in span] if span else alt.Undefined)
    axis = alt.Axis(format="%b %Y", grid=True, orient="top", labelAngle=0)
    x = alt.X("start:T", title=None, scale=scale, axis=axis)
    y = alt.Y(
        "action:N",
        title=None,
        sort=alt.EncodingSortField(field="number", op="min"),
        axis=alt.Axis(labelLimit=0, labelFontSize=12),  # whole titles (up to 90 characters)
    )
    base = alt.Chart(alt.Data(values=data)).encode(x=x, y=y, color=colour)
    tooltip = ["action:N", "status:N", "start:T", "end:T"]
    bars = base.transform_filter("datum.span").mark_bar(height=14, cornerRadius=2)
    bars = bars.encode(x2="end:T", tooltip=tooltip)
    points = base.transform_filter("!datum.span").mark_point(shape="diamond", filled=True, size=70)
    layers: list[alt.Chart] = [bars, points.encode(tooltip=tooltip)]
    if today is not None and (span is None or span[0] <= today <= span[1]):
        rule = alt.Chart(alt.Data(values=[{"today": today.isoformat()}])).mark_rule(
            color="#c0392b", strokeDash=[4, 3]
        )
        layers.append(rule.encode(x=alt.X("today:T", scale=scale)))
    height = max(48, 26 * len(data))
    chart = alt.layer(*layers).properties(width=WIDTH, height=height)
    return chart.configure(font=FONT).configure_axis(labelFont=FONT, titleFont=FONT)


def table_item_chart(bars: table_rows.ChartBars, value_title: str) -> alt.Chart:
    """A table item's bars (labelling file: activities, public, partners, budgets, activity
    over the years) as horizontal bars, grouped by series when there are several."""
    records = [
        {"label": xml_safe(label), "series": xml_safe(name), "value": value}
        for label in bars.labels
        for name, value in bars.values[label].items()
    ]
    several = len(bars.series) > 1
    encoding: dict[str, Any] = {
        "y": alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        "x": alt.X("value:Q", title=xml_safe(value_title), axis=alt.Axis(format="~s")),
        "tooltip": ["label:N", "value:Q"],
    }
    if several:
        encoding |= {
            "yOffset": alt.YOffset("series:N"),
            "color": alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
            "tooltip": ["label:N", "series:N", "value:Q"],
        }
    bar_rows = len(bars.labels) * (len(bars.series) if several else 1)
    return (
        alt.Chart(alt.Data(values=records))
        .mark_bar(color=SERIES_COLOURS["cite"])
        .encode(**encoding)
        .properties(height=max(90, 26 * bar_rows))
    )
