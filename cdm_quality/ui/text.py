"""Text a person reads: user text shown as plain text (widget labels and st.markdown interpret
Markdown, user text must not), and dates, times and numbers in the reader's language through
Babel (one format per language: `dd/mm/yyyy` in French and in English, never ISO)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from babel.dates import format_datetime, get_day_names, get_month_names
from babel.numbers import NumberFormatError, parse_decimal

from cdm_quality.domain import formats, narrative
from cdm_quality.domain.formats import DATE_PATTERN
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.services.audit import COMMAND_LINE
from cdm_quality.ui.i18n import current_lang, t

DATE_INPUT_FORMAT = "DD/MM/YYYY"
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def person(name: str | None) -> str:
    """Who made a change, ready for Markdown: the name escaped, the command line in the
    reader's language (the services name it in English), "?" when unknown."""
    if not name:
        return "?"
    if name == COMMAND_LINE:
        return t("who.command_line")
    return escape_markdown(name)


def escape_markdown(text: str) -> str:
    """`text` shown literally where Streamlit reads Markdown (st.markdown, captions, alerts
    and every widget label), with a backslash before what Markdown and Streamlit's directives
    would read, and nothing else: a screen reader and a plain-text field (an aria-label, a
    tooltip) then show "Cité ?" and "rapport_final.pdf", not "Cité \\?".

    Escaped: emphasis, code and strikethrough marks (`*`, `_` unless inside a word, `` ` ``,
    `~`), link and image brackets (`[`, `]`: no `![t](url)` fetches an image), HTML and
    autolinks (`<`, `>`), LaTeX (`$`), tables (`|`), the backslash itself, a colon before a
    letter or a slash (`:red[…]`, `:material/x:`, `https://…` turned into a link), `&` of a
    character reference, the dot of `www.`, and what starts a block at the start of a line
    (`#`, `>`, `-`, `+`, `=`, `1.`, `1)`). A line break stays a line break."""
    lines = [_escape_line(line) for line in text.split("\n")]
    return "  \n".join(lines)


def _escape_line(line: str) -> str:
    line = _INLINE.sub(lambda m: "\\" + m.group(0), line)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)


_BLOCK_START = re.compile(r"^(\s*(?:\d{1,9})?)([#+=\-]|(?<=\d)[.)])")  # `>` is inline
_INLINE = re.compile(
    r"[\\`*~\[\]<>$|]"  # always read
    r"|(?<![^\W_])_|_(?![^\W_])"  # an underscore not inside a word
    r"|:(?=[A-Za-z/])"  # a directive, an emoji code or a URL scheme
    r"|&(?=#?[A-Za-z0-9]+;)"  # a character reference (&lt; &#60;)
    r"|(?<=\bwww)\."  # GFM's autolink of www.
)


def local_time(moment: dt.datetime | None, lang: Lang | None = None) -> str:
    """A stored UTC time in the browser's time zone (UTC when unknown), as `dd/mm/yyyy hh:mm`."""
    if moment is None:
        return "—"
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    local = aware.astimezone(_browser_zone())
    return format_datetime(local, f"{DATE_PATTERN} HH:mm", locale=_locale(lang))


def narrative_markdown(text: str) -> str:
    """A narrative text as Streamlit Markdown that shows only the subset it may use
    (`domain.narrative`: paragraphs, lists, bold, italics, links); the rest escaped."""
    out: list[str] = []
    for block in narrative.blocks(text):
        lines = [_spans_markdown(item) for item in block.items]
        if block.kind == "bullets":
            lines = [f"- {line}" for line in lines]
        elif block.kind == "numbers":
            lines = [f"{n}. {line}" for n, line in enumerate(lines, start=block.start)]
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _spans_markdown(spans: list[narrative.Span]) -> str:
    parts = []
    for span in spans:
        shown = escape_markdown(span.text)
        if span.url:
            shown = f"[{shown}]({span.url})"
        if span.bold:
            shown = f"**{shown}**"
        if span.italic:
            shown = f"*{shown}*"
        parts.append(shown)
    return "".join(parts)


def local_date(moment: dt.datetime) -> dt.date:
    """The day a stored UTC time falls on in the browser's time zone (UTC when unknown)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(_browser_zone()).date()


def date_text(day: dt.date | None, lang: Lang | None = None) -> str:
    """A date as `dd/mm/yyyy` (empty for None)."""
    return formats.date(day, lang or current_lang())


def number_text(value: float | int, lang: Lang | None = None) -> str:
    """A number in the reader's notation (`2,5` and `1 234` in French, `2.5` and `1,234` in
    English), with at most three decimals."""
    return formats.number(value, lang or current_lang())


def parse_number(text: str, lang: Lang | None = None) -> float:
    """The number typed in the reader's notation; ValueError when it is not one.

    French: `2,5` (a point is accepted too, `2.5`), spaces group thousands. English: `2.5`,
    commas group thousands (`1,234`). `2,5` in English and `1.234,5` anywhere are refused
    rather than read as another number."""
    cleaned = text.strip().translate(_SPACES)
    try:
        number = parse_decimal(cleaned, locale=_locale(lang), strict=True)
    except NumberFormatError:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return float(number)


def _locale(lang: Lang | None) -> str:
    return formats.locale(lang or current_lang())


def _browser_zone() -> dt.tzinfo:
    try:
        name = st.context.timezone
        return ZoneInfo(name) if name else dt.UTC
    except (ZoneInfoNotFoundError, ValueError, AttributeError):
        return dt.UTC


def chart_dates(lang: Lang | None = None) -> dict[str, object]:
    """The browser chart library's (d3) time locale in the reader's language, from Babel's
    CLDR data: day and month names, `dd/mm/yyyy` dates."""
    locale = _locale(lang)
    days = get_day_names("wide", locale=locale)
    short_days = get_day_names("abbreviated", locale=locale)
    order = [6, 0, 1, 2, 3, 4, 5]  # d3 starts on Sunday, Babel on Monday
    return {
        "dateTime": "%A %e %B %Y %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": [days[i] for i in order],
        "shortDays": [short_days[i] for i in order],
        "months": [get_month_names("wide", locale=locale)[m] for m in range(1, 13)],
        "shortMonths": [get_month_names("abbreviated", locale=locale)[m] for m in range(1, 13)],
    }
