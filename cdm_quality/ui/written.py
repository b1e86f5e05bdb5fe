"""A Cité's own words marked with the language they were written in.

Streamlit has no way to put a `lang` attribute on a text, so this module writes one small HTML
element: `<div class="cdmq-written" lang="xx">…</div>`, the text HTML-escaped (line breaks as
`<br>`) and the language only ever a code of `domain.languages`. It is, with `ui/scroll.py` and
`ui/style.py`, the only HTML a page may hold (`tests/reliability/test_security.py` checks the
element's shape on every page).
"""

from __future__ import annotations

import html

import streamlit as st

from cdm_quality.domain import languages


def written_html(text: str, language: str | None) -> str:
    """The element: `text` escaped, marked `lang` when `language` is one of the product's."""
    code = languages.known(language)
    marked = f' lang="{code}"' if code else ""
    body = html.escape(text).replace("\n", "<br>")
    return f'<div class="cdmq-written"{marked}>{body}</div>'


def show_written(text: str, language: str | None) -> None:
    """A Cité's own words as it wrote them (plain text, line breaks kept), marked with the
    language they were written in, so that a screen reader or a translator reads them in it
    whatever the page's language; None (or an unknown code): no mark, the page's."""
    st.html(written_html(text, language))
