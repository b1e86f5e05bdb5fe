"""Text a person reads: user text shown as plain text (widget labels and st.markdown interpret
Markdown, user text must not), and dates, times and numbers in the reader's language through
Babel (one format per language: `dd/mm/yyyy` in French and in English, never ISO)."""

from __future__ import annotations

import datetime as dt
import string
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from babel.dates import format_datetime, get_day_names, get_month_names
from babel.numbers import NumberFormatError, parse_decimal

from cdm_quality.domain import formats
from cdm_quality.domain.formats import DATE_PATTERN, LOCALES
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.ui.i18n import current_lang

_PUNCTUATION = frozenset(string.punctuation)
DATE_INPUT_FORMAT = "DD/MM/YYYY"
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def escape_markdown(text: str) -> str:
    """`text` with every ASCII punctuation backslash-escaped, so Markdown, Streamlit's colour and
    icon directives (`:red[…]`, `:material/x:`), LaTeX (`$`) and HTML all show literally."""
    escaped = "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text)
    return escaped.replace("\n", "  \n")


def local_time(moment: dt.datetime | None, lang: Lang | None = None) -> str:
    """A stored UTC time in the browser's time zone (UTC when unknown), as `dd/mm/yyyy hh:mm`."""
    if moment is None:
        return "—"
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    local = aware.astimezone(_browser_zone())
    return format_datetime(local, f"{DATE_PATTERN} HH:mm", locale=_locale(lang))


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
    return LOCALES[lang or current_lang()]


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
