"""User and file text is shown literally: no Markdown, directive, LaTeX or HTML."""

from __future__ import annotations

import pytest

from cdm_quality.services.audit import COMMAND_LINE
from cdm_quality.ui.text import escape_markdown, person


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("**bold**", r"\*\*bold\*\*"),
        (":red[alert]", r"\:red\[alert\]"),
        (":material/home: maison", r"\:material/home: maison"),
        ("<script>x</script>", r"\<script\>x\</script\>"),
        ("$x^2$", r"\$x^2\$"),
        ("[link](http://e.org)", r"\[link\](http\://e.org)"),
        ("rapport ![t](https:HOST:PORT).txt", r"rapport !\[t\](https\:HOST\:PORT).txt"),
        ("voir www.evil.example", r"voir www\.evil.example"),
        ("_it_ ~~barré~~ `code`", r"\_it\_ \~\~barré\~\~ \`code\`"),
        ("a | b", r"a \| b"),
        ("&lt;b&gt; & co", r"\&lt;b\&gt; & co"),
        ("1. not a list", r"1\. not a list"),
        ("# titre", r"\# titre"),
        ("- puce", r"\- puce"),
        ("a\\b", r"a\\b"),
        # what Markdown does not read stays as typed: a screen reader hears no backslash
        ("Cité des métiers ? Oui, (enfin) !", "Cité des métiers ? Oui, (enfin) !"),
        ("rapport_final-2026.pdf", "rapport_final-2026.pdf"),
        ("Cité : Paris #3 — 50 % + 2", "Cité : Paris #3 — 50 % + 2"),
        ("Cité – café", "Cité – café"),
    ],
)
def test_escape_markdown(raw: str, shown: str) -> None:
    assert escape_markdown(raw) == shown


def test_newlines_stay_line_breaks() -> None:
    assert escape_markdown("a\nb") == "a  \nb"


def test_who_changed_something_reads_in_the_readers_language() -> None:
    assert person(COMMAND_LINE) == "la ligne de commande"  # not "par the command line"
    assert person("Anne *Dupré*") == escape_markdown("Anne *Dupré*")
    assert person(None) == "?"
