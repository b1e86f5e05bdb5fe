"""Who is signed in: the browser's session cookie, idle expiry.

Signing in happens on the server's `/signin` page (`ui/web.py`) or through an OpenID Connect
provider (`ui/oidc_routes.py`), both of which set the session cookie;
every run reads it here (`st.context.cookies`, fixed for the life of the Streamlit session) and
resumes the session from the database, so a reload keeps the user signed in and a revoked
session (signed out elsewhere, account disabled, role, Cité or password changed) or an idle one
ends at the next run. Signing out ends the session in the database and sends the browser back
through a new page load (`st.logout`, Streamlit's public way to leave the session) to the
sign-in page. The session state keeps the actor of the last run only as a cache: writing
services check it again (`access.require_current`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from cdm_quality.services import database
from cdm_quality.services.errors import AccessDenied, NotFound
from cdm_quality.services.network import cites
from cdm_quality.services.people import sessions
from cdm_quality.services.people.access import Actor, require_current
from cdm_quality.settings import get_settings
from cdm_quality.ui.i18n import LANG_KEY

TOKEN_KEY = "auth.token"  # a session given to this tab itself (tests), else the cookie's
ENDED_KEY = "auth.ended"  # the cookie's token once signed out: no longer offered
ACTOR_KEY = "auth.actor"
SIGN_IN_KEY = "auth.sign_in"  # sha256 of the token the cached actor was read from
SEEN_KEY = "auth.last_seen"
EXPIRED_KEY = "auth.expired"
CITE_NAME_KEY = "auth.cite_name"
IDLE_CHECK_KEY = "auth.idle_check"  # the next run is the idle watch's, not the user's


def actor() -> Actor | None:
    """The signed-in actor: this run's, read again from the database when this tab has been
    idle (another tab may have kept the session alive; if not, it is signed out) or when this
    connection does not bring the sign-in the actor was read from (a callback runs before
    `resolve`)."""
    current = st.session_state.get(ACTOR_KEY)
    if current is None:
        return None
    if idle_expired() or not _same_sign_in():
        return resolve()
    return current


def resolve() -> Actor | None:
    """Once per run (app.py): the session's actor as stored now, or None (signed out). A run
    without a valid sign-in forgets whatever an earlier one left in the session state."""
    token = session_token()
    if token is None:
        _forget_sign_in()
        return None
    touch = not st.session_state.pop(IDLE_CHECK_KEY, False)
    with database.session() as session:  # an expired one is kept for the gate to tell
        found = sessions.resume(session, token, touch=touch, forget=False)
    if found.actor is None:
        sign_out(expired=found.expired)
        return None
    hashed = sessions.token_hash(token)
    if st.session_state.get(SIGN_IN_KEY) not in (None, hashed):
        _forget_sign_in()  # another sign-in took this Streamlit session over
    if found.actor != st.session_state.get(ACTOR_KEY):
        st.session_state[CITE_NAME_KEY] = _cite_name(found.actor)
    st.session_state[ACTOR_KEY] = found.actor
    st.session_state[SIGN_IN_KEY] = hashed
    st.session_state[SEEN_KEY] = _monotonic(found.last_seen)
    return found.actor


def _same_sign_in() -> bool:
    """Whether this connection brings the sign-in the cached actor was read from."""
    token = session_token()
    return token is not None and sessions.token_hash(token) == st.session_state.get(SIGN_IN_KEY)


def _forget_sign_in() -> None:
    """Drop what a signed-in run left in the session state (actor, memos, choices, typed
    values), keeping the language; nothing happens when nobody was signed in."""
    if ACTOR_KEY in st.session_state or SIGN_IN_KEY in st.session_state:
        _clear_state()


def _clear_state() -> None:
    """Forget everything of this tab but the language and the ended cookie."""
    kept = {k: st.session_state[k] for k in (LANG_KEY, ENDED_KEY) if k in st.session_state}
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    for key, value in kept.items():
        st.session_state[key] = value


def session_token() -> str | None:
    """The token of this tab's session: one it opened, else the browser's cookie."""
    opened = st.session_state.get(TOKEN_KEY)
    if opened:
        return str(opened)
    cookie = _cookie(sessions.COOKIE)
    return cookie if cookie and cookie != st.session_state.get(ENDED_KEY) else None


def _cookie(name: str) -> str | None:
    """A cookie the browser sent when this tab connected (None outside a browser)."""
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) else None


@contextmanager
def signed_in_session(actor: Actor) -> Iterator[database.DbSession]:
    """A database session for work Streamlit runs outside the script (a deferred download,
    made when its button is clicked), opened only while `actor`'s sign-in stands: a tab left
    open after signing out elsewhere, an ended or idle session, a disabled account or a new
    role or Cité get `SessionEnded` / `AccountChanged` instead of the file."""
    with database.session() as session:
        require_current(session, actor)
        session.rollback()  # the account row's share lock is not kept during the build
        yield session


def _monotonic(last_seen: dt.datetime | None) -> float:
    """`time.monotonic()` at the session's last activity."""
    if last_seen is None:
        return time.monotonic()
    ago = (dt.datetime.now(dt.UTC) - last_seen).total_seconds()
    return time.monotonic() - max(0.0, ago)


def idle_expired() -> bool:
    """True when the session's last activity seen by this tab is older than the idle time."""
    seen = st.session_state.get(SEEN_KEY)
    limit = get_settings().idle_minutes * 60
    return seen is not None and time.monotonic() - seen > limit


def _cite_name(signed: Actor) -> str:
    if signed.cite_id is None:
        return ""
    try:
        with database.session() as session:
            return cites.get_cite(session, signed, cite_id=signed.cite_id).name
    except (AccessDenied, NotFound):
        return ""


def sign_out(*, expired: bool = False) -> None:
    """End the session (in the database; `/auth/logout` then ends an OpenID Connect one at
    its provider), forget everything of this tab but the
    language, and send the browser to the sign-in page. A session that `expired` is left to
    the server's gate, which deletes it and says so on the sign-in form (`?expired=1`), in
    this tab as in a page opened later."""
    token = session_token()
    if token is not None and not expired:
        with database.session() as session:
            sessions.end_session(session, token)
    _clear_state()
    if expired:
        st.session_state[EXPIRED_KEY] = True
    st.session_state[ENDED_KEY] = _cookie(sessions.COOKIE)
    go_to_sign_in()


def go_to_sign_in() -> None:
    """Send the browser to the sign-in page through a new page load. `st.logout` is
    Streamlit's public way to do so: it ends this Streamlit session and loads `/auth/logout`
    (`ui/oidc_routes.py`), which leads to the root, answered by the server's gate with
    `/signin`."""
    st.logout()
