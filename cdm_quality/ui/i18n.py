"""`t(key)` and `tn(key, count)`: an interface text in the language of the session.

The texts live in the gettext catalogues `cdm_quality/locale/{fr,en}/LC_MESSAGES/cdm_quality.po`
(read by `cdm_quality.domain.texts`, which the reports and the command line read too).
Questionnaire texts carry their own two languages (`Text`); the product's shared vocabulary
(phases, labelling-file levels, yes/no…) lives in `cdm_quality.domain.labels` so that pages and
PDF agree (`word(PHASE, "projet")`). `tests/test_texts.py` fails when a key is missing in a
language or unused, and `tests/ui/test_i18n.py` when a page asks for a key the catalogue lacks.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import streamlit as st

from cdm_quality.domain import texts
from cdm_quality.domain.labels import label
from cdm_quality.domain.questionnaire import Lang, Text

LANG_KEY = "lang"
LANG_COOKIE = "cdmq_lang"  # set by the sign-in page (`ui/web.py`): the language of new sessions
DEFAULT_LANG: Lang = "fr"


def current_lang() -> Lang:
    """The interface language chosen in this session (French unless switched)."""
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return "en" if value == "en" else "fr"


def t(key: str, /, **params: Any) -> str:
    """The interface string `key` in the session's language, formatted with `params`."""
    return translate(key, current_lang(), **params)


def tn(key: str, count: int, /, **params: Any) -> str:
    """The interface string `key` in the session's language, in the plural form `count`
    takes (`{count}` filled with it)."""
    return texts.plural(key, count, current_lang(), **params)


def translate(key: str, lang: Lang, /, **params: Any) -> str:
    """The interface string `key` in `lang`; an unknown key shows as itself, never crashes."""
    return texts.text(key, lang, **params)


def word(table: Mapping[Hashable, Text], key: Hashable) -> str:
    """A label of the shared vocabulary (`domain.labels`) in the session's language."""
    return label(table, key, current_lang())
