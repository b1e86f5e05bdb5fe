"""Show text as plain text: widget labels and st.markdown interpret Markdown, user text must not."""

from __future__ import annotations

import datetime as dt
import string
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

_PUNCTUATION = frozenset(string.punctuation)


def escape_markdown(text: str) -> str:
    """`text` with every ASCII punctuation backslash-escaped, so Markdown, Streamlit's colour and
    icon directives (`:red[…]`, `:material/x:`), LaTeX (`$`) and HTML all show literally."""
    escaped = "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text)
    return escaped.replace("\n", "  \n")


def local_time(moment: dt.datetime | None) -> str:
    """A stored UTC time in the browser's time zone (UTC when unknown), as `dd/mm/yyyy hh:mm`."""
    if moment is None:
        return "—"
    zone = _browser_zone()
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def _browser_zone() -> dt.tzinfo:
    try:
        name = st.context.timezone
        return ZoneInfo(name) if name else dt.UTC
    except (ZoneInfoNotFoundError, ValueError, AttributeError):
        return dt.UTC
