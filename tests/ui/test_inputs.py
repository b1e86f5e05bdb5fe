"""Answer widgets: stored value ↔ widget state for every kind, and the widget chosen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from cdm_quality.domain.answers import validate_value
from cdm_quality.domain.loader import load_text
from cdm_quality.ui import inputs
from cdm_quality.ui.text import escape_markdown
from tests.factories import minimal

STORED: dict[str, Any] = {
    "accueil.sans_rdv": "atteint",
    "accueil.referent": False,
    "accueil.referent_nom": "Jeanne",
    "accueil.poles": ["orientation", "emploi"],
    "accueil.mode": "mixte",
    "chiffres.visites": 1200,
    "chiffres.bilan": "Ligne 1\nLigne 2",
    "chiffres.date": "2025-05-03",
    "chiffres.forces": ["Accueil", "Réseau"],
    "chiffres.dossier": {"status": "pret", "text": "Fini"},
}


@pytest.mark.parametrize("item_id", sorted(STORED))
def test_stored_value_round_trips_through_the_widgets(item_id: str) -> None:
    item = minimal().item(item_id)
    value = validate_value(minimal(), item, STORED[item_id])
    assert inputs.from_widgets(item, inputs.to_widgets(item, value)) == value


@pytest.mark.parametrize("item_id", sorted(STORED))
def test_no_answer_round_trips_as_none(item_id: str) -> None:
    item = minimal().item(item_id)
    assert inputs.from_widgets(item, inputs.to_widgets(item, None)) is None


@pytest.mark.parametrize(
    ("item_id", "state", "expected"),
    [
        ("accueil.referent_nom", {"value": "   "}, None),
        ("chiffres.forces", {"value": " a \n\n b \n"}, ["a", "b"]),
        ("accueil.poles", {"value": []}, None),
        ("chiffres.date", {"value": dt.date(2026, 1, 31)}, "2026-01-31"),
        ("chiffres.dossier", {"status": None, "text": ""}, None),
    ],
)
def test_empty_or_untidy_input(item_id: str, state: dict[str, Any], expected: Any) -> None:
    assert inputs.from_widgets(minimal().item(item_id), state) == expected


def test_text_without_status_asks_for_the_status() -> None:
    with pytest.raises(inputs.InputError):
        inputs.from_widgets(minimal().item("chiffres.dossier"), {"status": None, "text": "x"})


LONG = "Une option dont l'intitulé est bien trop long pour tenir dans une pastille"
LONG_OPTIONS = f"""
id: long
version: "1"
title: {{fr: Long, en: Long}}
sections:
  - id: s
    title: {{fr: S, en: S}}
    items:
      - id: s.one
        kind: single_choice
        source: {{document: charte, passage: {{fr: P, en: P}}}}
        text: {{fr: Un, en: One}}
        options:
          - {{id: a, label: {{fr: "{LONG}", en: "{LONG}"}}}}
          - {{id: b, label: {{fr: Court, en: Short}}}}
      - id: s.many
        kind: multiple_choice
        source: {{document: charte, passage: {{fr: P, en: P}}}}
        text: {{fr: Plusieurs, en: Several}}
        options:
          - {{id: a, label: {{fr: "{LONG}", en: "{LONG}"}}}}
          - {{id: b, label: {{fr: Court, en: Short}}}}
"""


def _render_long(text: str) -> None:
    from cdm_quality.domain.loader import load_text
    from cdm_quality.ui import inputs

    q = load_text(text, "long.yaml")
    for item in q.items():
        inputs.render(
            q,
            item,
            "fr",
            key=lambda part, item=item: f"{item.id}.{part}",
            disabled=False,
            on_change=lambda *args: None,
            args=(),
        )


def test_long_labels_get_radios_and_a_list_instead_of_pills() -> None:
    load_text(LONG_OPTIONS, "long.yaml")  # the questionnaire itself is valid
    at = AppTest.from_function(_render_long, args=(LONG_OPTIONS,)).run()
    assert not at.exception
    assert at.radio(key="s.one.value").options == [escape_markdown(LONG), "Court"]
    assert at.multiselect(key="s.many.value").options == [LONG, "Court"]
    assert not at.pills


def test_no_help_text_asks_to_tick_boxes_the_page_does_not_show() -> None:
    """Choices are buttons or a pick-list, never check boxes: "Cochez" / "Tick" misleads."""
    from cdm_quality.domain.loader import load_directory

    wrong = [
        f"{q.id}:{item.id}"
        for q in load_directory("questionnaires").values()
        for item in q.items()
        if item.help and any(w in item.help.fr + item.help.en for w in ("Cochez", "Tick "))
    ]
    assert wrong == []
