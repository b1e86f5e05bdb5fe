"""`t(key)` and `tn(key, count)`: an interface text in the language of the session.

The texts live in the gettext catalogues `cdm_quality/locale/<lang>/LC_MESSAGES/cdm_quality.po`,
one per language of `cdm_quality.domain.languages` (read by `cdm_quality.domain.texts`, which
the reports and the command line read too). Questionnaire texts carry their own (`Text`);
the product's shared vocabulary (phases, labelling-file levels, yes/no…) lives in
`cdm_quality.domain.labels` so that pages and PDF agree (`word(PHASE, "projet")`).
`tests/test_texts.py` fails when a key is missing in a language or unused, and
`tests/ui/test_i18n.py` when a page asks for a key the catalogue lacks.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import streamlit as st

from cdm_quality.domain import languages, texts
from cdm_quality.domain.labels import label
from cdm_quality.domain.languages import Lang
from cdm_quality.domain.questionnaire import Text
from cdm_quality.services.people.access import Actor

LANG_KEY = "lang"
LANG_COOKIE = "cdmq_lang"  # set by the sign-in page (`ui/web.py`): the language of new sessions


def adopt_browser_lang() -> Lang:
    """The session's language, taken on its first run from the browser: the language chosen
    on the sign-in page (its cookie), else the browser's own (`st.context.locale`), else
    the reference language (French). Called before anything is titled, the page names of the
    menu included."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = _browser_lang()
    return current_lang()


def adopt_account_lang(actor: Actor | None) -> Lang:
    """The session's language once the signed-in person is known: the one they chose for their
    account (kept by the sidebar's switch), else the session's (`adopt_browser_lang`)."""
    chosen = languages.known(actor.language) if actor is not None else None
    if chosen is not None:
        st.session_state[LANG_KEY] = chosen
    return adopt_browser_lang()


def _browser_lang() -> Lang:
    chosen = languages.known(st.context.cookies.get(LANG_COOKIE))
    return chosen or languages.best(st.context.locale)


def current_lang() -> Lang:
    """The interface language chosen in this session (French unless switched)."""
    return languages.chosen(st.session_state.get(LANG_KEY))


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
