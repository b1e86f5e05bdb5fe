"""User and file text is shown literally: no Markdown, directive, LaTeX or HTML."""

from __future__ import annotations

import pytest

from cdm_quality.ui.text import escape_markdown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("**bold**", r"\*\*bold\*\*"),
        (":red[alert]", r"\:red\[alert\]"),
        ("<script>x</script>", r"\<script\>x\<\/script\>"),
        ("$x^2$", r"\$x\^2\$"),
        ("[link](http://e.org)", r"\[link\]\(http\:\/\/e\.org\)"),
        ("1. not a list", r"1\. not a list"),
        ("Cité – café", "Cité – café"),
    ],
)
def test_escape_markdown(raw: str, shown: str) -> None:
    assert escape_markdown(raw) == shown


def test_newlines_stay_line_breaks() -> None:
    assert escape_markdown("a\nb") == "a  \nb"
