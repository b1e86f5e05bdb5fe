"""The one call every page starts with: page configuration, language, who is signed in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from cdm_quality.domain import languages
from cdm_quality.services import database
from cdm_quality.services.errors import ServiceError, StorageUnavailable
from cdm_quality.services.people import users
from cdm_quality.services.people.access import Actor
from cdm_quality.settings import get_settings
from cdm_quality.ui import auth, signin, style
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import LANG_KEY, adopt_browser_lang, t, tn, translate
from cdm_quality.ui.text import escape_markdown

_LANG_WIDGET = "_lang_switch"
IDLE_CHECK_SECONDS = 60


def setup() -> Actor:
    """Start a page that needs a signed-in user: configuration, language switch, account box;
    returns the signed-in actor. A visitor who is not signed in gets the sign-in form here and
    the page stops; after signing in, the same page shows again."""
    current = setup_public()
    if current is None:
        signin.sign_in_form()
        st.stop()
    return current


# The tab's icon, drawn here and sent inline (Streamlit makes it a data: URL): a Material icon
# name would have every visitor's browser fetch its picture from fonts.gstatic.com.
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<rect x="2" y="2" width="20" height="20" rx="4" fill="#c21f1f"/>'
    '<path d="M7 12.5l3.2 3.2L17.5 8.4" fill="none" stroke="#fff" stroke-width="2.4" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)


def page_config() -> None:
    """The tab's icon and the wide layout, set before the menu is drawn: Streamlit shows a
    page's menu icon as the tab's icon until a page configuration names one, and fetches a
    Material icon's picture from fonts.gstatic.com (`FAVICON` is sent inline). Each page then
    sets its title (`setup_public`)."""
    st.set_page_config(page_icon=FAVICON, layout="wide")


def setup_public() -> Actor | None:
    """Start a page open to every visitor (sign-in, public texts); returns the signed-in actor
    if there is one."""
    st.set_page_config(page_title=t("app.title"))  # icon and layout: `page_config`, by app.py
    style.apply()
    language_switch()
    current = auth.actor()
    if current is not None:
        account_box(current)
        _idle_watch()
    return current


def language_switch() -> None:
    """A radio of the product's languages, each named in itself, in the sidebar, titled in
    every language (whoever cannot read the current one finds it); the choice lives in
    `st.session_state[LANG_KEY]`."""
    adopt_browser_lang()
    if st.session_state.get(_LANG_WIDGET) != st.session_state[LANG_KEY]:  # a write is sent
        st.session_state[_LANG_WIDGET] = st.session_state[LANG_KEY]
    st.sidebar.radio(
        " / ".join(dict.fromkeys(translate("app.language", code) for code in languages.codes())),
        options=list(languages.codes()),
        format_func=lambda code: languages.language(code).name,
        key=_LANG_WIDGET,
        horizontal=True,
        on_change=_language_changed,
    )


def _language_changed() -> None:
    """The switch's new language, for this session and, once signed in, for the account (the
    language of the person's emails)."""
    st.session_state[LANG_KEY] = st.session_state[_LANG_WIDGET]
    current = auth.actor()
    if current is not None:
        with database.session() as session:
            users.remember_language(session, current, lang=st.session_state[LANG_KEY])


def account_box(current: Actor) -> None:
    """Who is signed in (name, role, Cité) and the sign-out button, in the sidebar."""
    box = st.sidebar.container(border=True)
    cite = st.session_state.get(auth.CITE_NAME_KEY, "")
    box.markdown(f"**{escape_markdown(current.name)}**")
    role = t(f"role.{current.role.value}")
    box.caption(escape_markdown(f"{role} · {cite}" if cite else role))
    box.button(
        t("account.sign_out"), icon=":material/logout:", on_click=auth.sign_out, key="sign_out"
    )
    minutes = get_settings().idle_minutes
    box.caption(tn("account.idle", minutes, minutes=minutes))


@st.fragment(run_every=IDLE_CHECK_SECONDS)
def _idle_watch() -> None:
    """Every minute, sign an idle session out without waiting for its next click (the check
    reads the session again; it does not count as activity)."""
    if auth.idle_expired():
        st.session_state[auth.IDLE_CHECK_KEY] = True
        st.rerun(scope="app")


@contextmanager
def service_errors_told() -> Iterator[None]:
    """The one boundary around the whole run (app.py): a service's refusal (no access, not
    found, a database that is down or stays locked…) is told in the reader's language in one
    message, never as a traceback; what the user typed stays in the session. Pages catch a
    `ServiceError` themselves only to show the message beside input they keep on screen."""
    try:
        yield
    except StorageUnavailable as exc:
        st.error(error_text(exc), icon=":material/cloud_off:")
    except ServiceError as exc:
        st.error(escape_markdown(error_text(exc)), icon=":material/error:")
