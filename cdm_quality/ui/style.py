"""The app's stylesheets, for what Streamlit's theme cannot set. At 1024 px Streamlit's menu
took about 30 % of the width, cutting "Reprendre cette réponse" and narrowing the questions: up
to 1280 px the menu is 15rem wide, and buttons and the menu's page names wrap their words
instead of cutting them ("Synthèse des remarq…" on a phone).

Streamlit also writes the file drop zone's button and line in English only ("Upload", "200MB
per file") and offers no parameter for them: `dropzone` replaces them by style with catalogue
texts (the originals taken out of the page and of what screen readers read).

Each is a `<style>` block alone, drawn with `st.html` (Streamlit puts it in the page without
running anything); no text from a user or the database reaches them, and the catalogue texts
are written as CSS strings in which no markup can be made. `tests/reliability/test_security.py`
allows this module and `ui/scroll.py`, and no other, to put HTML in the page, and checks that
every HTML element of every page is a `<style>` block without any tag inside.
"""

from __future__ import annotations

import streamlit as st

STYLESHEET = """<style>
@media (max-width: 1280px) {
  section[data-testid="stSidebar"] { width: 15rem !important; min-width: 15rem !important; }
  [data-testid="stMainBlockContainer"] { padding-left: 1.5rem; padding-right: 1.5rem; }
}
[data-testid="stBaseButton-secondary"] p { white-space: normal; }
[data-testid="stSidebarNavLink"] { height: auto; }
[data-testid="stSidebarNavLink"] span[label],
[data-testid="stSidebarNavLink"] [data-testid="stMarkdownContainer"] {
  white-space: normal; overflow: visible; text-overflow: clip;
}
</style>"""


def apply() -> None:
    """Put the stylesheet in the page (each run: Streamlit keeps only what a run draws)."""
    st.html(STYLESHEET)


def dropzone(button: str, line: str, dragging: str) -> None:
    """The file drop zone's button reads `button`, its line `line` and, while a file is dragged
    over it, its overlay `dragging` (catalogue texts in place of Streamlit's English)."""
    zone = '[data-testid="stFileUploaderDropzone"]'
    lines = '[data-testid="stFileUploaderDropzoneInstructions"]'
    overlay = f"{zone} > div:not([data-testid]) > span"  # drawn only while dragging
    st.html(
        f"<style>{zone} button > * {{ display: none; }}"
        f"{zone} button::after {{ content: {_css_text(button)}; }}"
        f"{lines} > * {{ display: none; }}"
        f"{lines}::after {{ content: {_css_text(line)}; font-size: 0.875rem; }}"
        f"{overlay} {{ font-size: 0; }}"
        f"{overlay}::after {{ content: {_css_text(dragging)}; font-size: 0.875rem; }}</style>"
    )


def _css_text(text: str) -> str:
    """`text` as a CSS string (quotes and backslashes escaped, no markup possible)."""
    escaped = "".join(c if c.isalnum() or c in " ,.;:'()-«»" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'
