"""The one call every page starts with, and the session state it manages."""

from __future__ import annotations

import streamlit as st

from cdm_quality.ui.i18n import DEFAULT_LANG, LANG_KEY, t

_LANG_WIDGET = "_lang_switch"
LANG_NAMES = {"fr": "Français", "en": "English"}


def setup() -> None:
    """Page configuration and the language switch in the sidebar."""
    st.set_page_config(page_title=t("app.title"), page_icon=":material/fact_check:", layout="wide")
    language_switch()


def language_switch() -> None:
    """FR/EN radio in the sidebar; the choice lives in `st.session_state[LANG_KEY]`."""
    st.session_state.setdefault(LANG_KEY, DEFAULT_LANG)
    st.session_state[_LANG_WIDGET] = st.session_state[LANG_KEY]
    st.sidebar.radio(
        "Langue / Language",
        options=list(LANG_NAMES),
        format_func=LANG_NAMES.__getitem__,
        key=_LANG_WIDGET,
        horizontal=True,
        on_change=_language_changed,
    )


def _language_changed() -> None:
    st.session_state[LANG_KEY] = st.session_state[_LANG_WIDGET]
