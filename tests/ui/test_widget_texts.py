"""Streamlit's own widget texts are English; every one the app can set comes from the catalogue.
What Streamlit does not let us set is listed in README ("Interface language")."""

from __future__ import annotations

import ast
from pathlib import Path

import cdm_quality.ui

UI = Path(cdm_quality.ui.__file__).parent


def _calls(attr: str) -> list[tuple[str, int, set[str | None]]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == attr
            ):
                found.append((path.name, node.lineno, {k.arg for k in node.keywords}))
    return found


def test_every_pick_list_has_a_placeholder_in_the_readers_language() -> None:
    """Without one, Streamlit shows 'Choose an option' / 'Choose options' in English."""
    missing = [
        (name, line)
        for attr in ("selectbox", "multiselect")
        for name, line, keywords in _calls(attr)
        if "placeholder" not in keywords and None not in keywords  # **kwargs: sticky_select
    ]
    assert not missing


def test_no_pick_list_offers_streamlits_english_select_all() -> None:
    """Streamlit 1.67 adds 'Select all' to a multiselect, in English whatever the reader's
    language, unless `select_all=False`."""
    missing = [(n, line) for n, line, kw in _calls("multiselect") if "select_all" not in kw]
    assert not missing


def test_every_date_input_has_the_readers_format() -> None:
    missing = [(n, line) for n, line, kw in _calls("date_input") if "format" not in kw]
    assert not missing
