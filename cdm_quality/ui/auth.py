"""Who is signed in: local accounts, optional OpenID Connect (`st.login`), idle expiry.

The session keeps only the user id; the account is read again on every run, so a disabled
account or a changed role takes effect at once. After `IDLE_MINUTES` without a run the
session is signed out, before any callback can act with the old identity.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from cdm_quality.services import auth as auth_service
from cdm_quality.services import cites, database, users
from cdm_quality.services.access import SYSTEM, Actor
from cdm_quality.services.errors import AccessDenied, AuthError, LoginThrottled, NotFound
from cdm_quality.settings import get_settings
from cdm_quality.ui.i18n import LANG_KEY, t

USER_KEY = "auth.user_id"
ACTOR_KEY = "auth.actor"
SEEN_KEY = "auth.last_seen"
EXPIRED_KEY = "auth.expired"
CITE_NAME_KEY = "auth.cite_name"
OIDC_UNKNOWN_KEY = "auth.oidc_unknown"


@dataclass(frozen=True)
class Provider:
    """An OpenID Connect provider of `[auth]` in secrets; `name` None is the default one."""

    name: str | None
    label: str


def actor() -> Actor | None:
    """The signed-in actor, unless the session has been idle too long (then signed out)."""
    current = st.session_state.get(ACTOR_KEY)
    if current is None:
        return None
    if idle_expired():
        sign_out(expired=True)
        return None
    return current


def resolve() -> Actor | None:
    """Once per run (app.py): check idle time, read the account again, note the activity."""
    if st.session_state.get(USER_KEY) is None:
        _adopt_oidc_identity()
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        return None
    if idle_expired():
        sign_out(expired=True)
        return None
    with database.session() as session:
        current = auth_service.current_actor(session, user_id=user_id)
    if current is None:
        sign_out()
        return None
    if current != st.session_state.get(ACTOR_KEY):
        st.session_state[CITE_NAME_KEY] = _cite_name(current)
    st.session_state[ACTOR_KEY] = current
    st.session_state[SEEN_KEY] = time.monotonic()
    return current


def idle_expired() -> bool:
    """True when the last run of this session is older than the configured idle time."""
    seen = st.session_state.get(SEEN_KEY)
    limit = get_settings().idle_minutes * 60
    return seen is not None and time.monotonic() - seen > limit


def sign_in(login: str, password: str) -> str | None:
    """Sign in with a local account; the error to show, or None on success."""
    try:
        with database.session() as session:
            signed = auth_service.authenticate(session, login, password)
    except LoginThrottled as exc:
        return t("login.throttled", minutes=_minutes_until(exc))
    except AuthError:
        return t("login.failed")
    _start(signed)
    return None


def _minutes_until(exc: LoginThrottled) -> int:
    return max(1, round((exc.retry_after - dt.datetime.now(dt.UTC)).total_seconds() / 60))


def _start(signed: Actor) -> None:
    st.session_state[USER_KEY] = signed.id
    st.session_state[ACTOR_KEY] = signed
    st.session_state[SEEN_KEY] = time.monotonic()
    st.session_state[CITE_NAME_KEY] = _cite_name(signed)
    st.session_state.pop(EXPIRED_KEY, None)


def _cite_name(signed: Actor) -> str:
    if signed.cite_id is None:
        return ""
    try:
        with database.session() as session:
            return cites.get_cite(session, signed, cite_id=signed.cite_id).name
    except (AccessDenied, NotFound):
        return ""


def sign_out(*, expired: bool = False) -> None:
    """Forget everything of this session but the language (and end an OIDC identity)."""
    lang = st.session_state.get(LANG_KEY)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if lang is not None:
        st.session_state[LANG_KEY] = lang
    if expired:
        st.session_state[EXPIRED_KEY] = True
    if oidc_signed_in():
        st.logout()


# --- OpenID Connect ---------------------------------------------------------------------------


def oidc_providers() -> list[Provider]:
    """The providers configured under `[auth]` in `.streamlit/secrets.toml` (none: [])."""
    try:
        if "auth" not in st.secrets:
            return []
        section = st.secrets["auth"]
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return []
    named = [key for key in section if hasattr(section[key], "keys")]
    if not named:
        return [Provider(None, "OpenID Connect")]
    return [Provider(name, str(section[name].get("label", name.title()))) for name in named]


def oidc_signed_in() -> bool:
    """True when Streamlit holds an OpenID Connect identity for this browser."""
    try:
        return bool(oidc_providers()) and bool(st.user.get("is_logged_in"))
    except (AttributeError, KeyError):
        return False


def _adopt_oidc_identity() -> None:
    """Map the OpenID Connect identity's email to an active local account."""
    if not oidc_signed_in():
        return
    email = str(st.user.get("email") or "").strip().lower()
    user_id = _user_id_for_email(email) if email else None
    if user_id is None:
        st.session_state[OIDC_UNKNOWN_KEY] = email or "?"
        return
    with database.session() as session:
        found = auth_service.current_actor(session, user_id=user_id)
    if found is not None:
        _start(found)


def _user_id_for_email(email: str) -> int | None:
    # No service looks a user up by email yet: read the account list as the system actor.
    with database.session() as session:
        accounts = users.list_users(session, SYSTEM)
    matches = [u.id for u in accounts if u.active and (u.email or "").strip().lower() == email]
    return matches[0] if len(matches) == 1 else None
