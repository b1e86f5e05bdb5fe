"""The Markdown subset of narrative texts: what becomes a paragraph, a list, bold, italics or a
link, and what stays literal."""

from __future__ import annotations

import pytest

from cdm_quality.domain.narrative import Span, blocks, has_markup, spans


def test_paragraphs_lists_and_inline_styles() -> None:
    text = (
        "Notre **Cité** reçoit *tous* les publics,\nsans rendez-vous.\n\n"
        "- le pôle _emploi_\n- le pôle formation\n\n"
        "3. premier\n4. second"
    )
    found = blocks(text)
    assert [b.kind for b in found] == ["paragraph", "bullets", "numbers"]
    assert found[0].items[0] == [
        Span("Notre "),
        Span("Cité", bold=True),
        Span(" reçoit "),
        Span("tous", italic=True),
        Span(" les publics, sans rendez-vous."),
    ]
    assert found[1].items[0] == [Span("le pôle "), Span("emploi", italic=True)]
    assert found[2].start == 3 and len(found[2].items) == 2


def test_a_link_needs_a_web_or_mail_address() -> None:
    assert spans("[site](https://cdm.example/a)") == [Span("site", url="https://cdm.example/a")]
    assert spans("[x](javascript:alert(1))") == [Span("[x](javascript:alert(1))")]


@pytest.mark.parametrize(
    "literal",
    [
        "# pas un titre",
        "`code` et <b>html</b>",
        "![image](https://x/y.png) reste",
        "snake_case_name et 2*3*4",
        "| a | b |",
    ],
)
def test_anything_else_stays_as_typed(literal: str) -> None:
    shown = [span for block in blocks(literal) for item in block.items for span in item]
    assert shown == [Span(literal)]
    assert not has_markup(literal)
