"""Show text as plain text: widget labels and st.markdown interpret Markdown, user text must not."""

from __future__ import annotations

import string

_PUNCTUATION = frozenset(string.punctuation)


def escape_markdown(text: str) -> str:
    """`text` with every ASCII punctuation backslash-escaped, so Markdown, Streamlit's colour and
    icon directives (`:red[…]`, `:material/x:`), LaTeX (`$`) and HTML all show literally."""
    escaped = "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text)
    return escaped.replace("\n", "  \n")
