"""Every item kind has every part: its value rules and reading (`domain.answers.KINDS`), its
widgets (`ui.inputs.WIDGETS`), its name in both languages, and a value in the demo."""

from __future__ import annotations

import random

import pytest

from cdm_quality.demo import build as demo
from cdm_quality.domain import answers
from cdm_quality.domain.loader import load_questionnaire
from cdm_quality.domain.questionnaire import SCORED_KINDS, ItemKind
from cdm_quality.ui import inputs
from cdm_quality.ui.i18n import translate
from tests.factories import FIXTURES

KINDS = list(ItemKind)
MINIMAL = load_questionnaire(FIXTURES / "minimal.yaml")


def _example(kind: ItemKind):  # noqa: ANN202
    return next(item for item in MINIMAL.items() if item.kind is kind)


def test_every_kind_has_value_rules_and_widgets() -> None:
    assert set(answers.KINDS) == set(ItemKind)
    assert set(inputs.WIDGETS) == set(ItemKind)


@pytest.mark.parametrize("kind", KINDS, ids=[k.value for k in KINDS])
def test_kind_is_named_in_both_languages(kind: ItemKind) -> None:
    for lang in ("fr", "en"):
        assert translate(f"kind.{kind.value}", lang) != f"kind.{kind.value}"


@pytest.mark.parametrize("kind", KINDS, ids=[k.value for k in KINDS])
def test_demo_value_is_valid_and_reads_back_through_the_widgets(kind: ItemKind) -> None:
    item = _example(kind)
    raw = demo._value(random.Random(7), MINIMAL, item, 0.6)  # noqa: SLF001
    value = answers.validate_value(MINIMAL, item, raw)
    assert value is not None
    assert inputs.from_widgets(item, inputs.to_widgets(item, value)) == value
    shown = answers.answer_text(MINIMAL, item, value, "fr")
    assert shown and shown != "—"


def test_scored_kinds_are_kinds_with_levels() -> None:
    assert SCORED_KINDS <= {k for k, spec in answers.KINDS.items() if spec.keyed}


def test_a_kind_without_an_entry_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(inputs.WIDGETS, ItemKind.date)
    with pytest.raises(AssertionError):
        test_every_kind_has_value_rules_and_widgets()
