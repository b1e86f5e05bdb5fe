"""Every interface string exists in both languages, with the same placeholders, and every key
the pages ask for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from cdm_quality.domain.questionnaire import ItemKind
from cdm_quality.services.inbox import Due
from cdm_quality.storage.tables import CampaignState, NoteKind, ResponseState, Role
from cdm_quality.ui.i18n import STRINGS, translate
from cdm_quality.ui.navigation import PAGES

UI_DIR = Path(__file__).resolve().parents[2] / "cdm_quality" / "ui"
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_key_has_both_languages_with_same_placeholders(key: str) -> None:
    entry = STRINGS[key]
    assert set(entry) == {"fr", "en"}, f"{key} must have exactly fr and en"
    assert entry["fr"].strip() and entry["en"].strip(), f"{key} has an empty text"
    assert _placeholders(entry["fr"]) == _placeholders(entry["en"]), key


def _used_keys() -> set[str]:
    return {
        key
        for path in UI_DIR.rglob("*.py")
        for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
    }


def test_every_literal_key_used_by_the_ui_exists() -> None:
    missing = sorted(_used_keys() - set(STRINGS))
    assert not missing, f"keys used but not in i18n.STRINGS: {missing}"


def test_computed_keys_exist() -> None:
    computed = {f"kind.{kind.value}" for kind in ItemKind}
    computed |= {f"nav.{spec.key}" for spec in PAGES} | {spec.group for spec in PAGES}
    computed |= {f"role.{role.value}" for role in Role}
    computed |= {f"campaign.{state.value}" for state in CampaignState}
    computed |= {f"state.{state.value}" for state in ResponseState} | {"state.none"}
    computed |= {"overview.opens", "overview.closes", "overview.due"}
    computed |= {"fill.remark", "fill.evidence"}
    computed |= {f"review.kind.{kind.value}" for kind in NoteKind}
    computed |= {f"inbox.due.{due.value}" for due in Due}
    assert not sorted(computed - set(STRINGS))


def test_unknown_key_shows_itself() -> None:
    assert translate("no.such.key", "en") == "no.such.key"


def test_translate_formats_parameters() -> None:
    assert translate("catalogue.empty", "en", path="q") == "No valid questionnaire in q."
