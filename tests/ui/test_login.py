"""Signed in or out on the pages: the session (opened by the server's sign-in route, see
`test_web.py`), signing out, idle expiry, revocation, OpenID Connect identities."""

from __future__ import annotations

import time

from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from cdm_quality.services.people import sessions, users
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.settings import get_settings
from cdm_quality.storage.tables import User
from cdm_quality.ui import auth
from tests.factories import World
from tests.ui.conftest import age_session, no_exception, open_app, web_app

ORIGIN = "http://testserver"


def ended(engine: Engine, token: str) -> bool:
    with Session(engine) as session:
        return sessions.resume(session, token).actor is None


def test_a_signed_out_visitor_is_shown_the_way_to_the_sign_in_form(world: World) -> None:
    at = open_app(lang="en")
    no_exception(at)
    assert at.title[0].value == "Sign in"
    assert at.button(key="sign_in.local").label == "Sign in with your login"
    assert not at.text_input  # the password is typed on the server's form, never here


def test_a_session_opens_the_overview(world: World) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    no_exception(at)
    assert at.title[0].value == "Overview"
    assert "Anne Dupré" in [m.value for m in at.sidebar.markdown][-1]


def test_sign_out_ends_the_session_and_keeps_the_language(world: World, engine: Engine) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    token = at.session_state[auth.TOKEN_KEY]
    at.button(key="sign_out").click().run()
    no_exception(at)
    assert at.title[0].value == "Sign in"
    assert auth.TOKEN_KEY not in at.session_state
    assert at.session_state["lang"] == "en"
    assert ended(engine, token)  # a reload, with the cookie still there, is signed out


def test_idle_session_is_signed_out(world: World, engine: Engine) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    token = at.session_state[auth.TOKEN_KEY]
    age_session(at, engine, get_settings().idle_minutes + 1)
    at.run()
    no_exception(at)
    assert at.title[0].value == "Sign in"
    assert "idle minutes" in at.info[0].value
    assert ended(engine, token)


def test_an_idle_sign_out_in_an_open_tab_is_told_on_the_sign_in_form(
    world: World, engine: Engine
) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    token = at.session_state[auth.TOKEN_KEY]
    age_session(at, engine, get_settings().idle_minutes + 1)
    at.run()  # the tab's idle watch: it leaves through a new page load of the root
    no_exception(at)
    with TestClient(web_app(), base_url=ORIGIN, follow_redirects=False) as client:
        client.cookies.set(sessions.COOKIE, token)
        answer = client.get("/", headers={"referer": f"{ORIGIN}/fill", "accept-language": "fr"})
        assert answer.headers["location"] == "/signin?next=%2Ffill&expired=1"
        assert "Votre session a expiré" in client.get(answer.headers["location"]).text


def test_an_idle_tab_stays_signed_in_while_another_tab_is_active(
    world: World, engine: Engine
) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    at.session_state[auth.SEEN_KEY] = time.monotonic() - get_settings().idle_minutes * 60 - 1
    at.run()  # the database says the session was active a moment ago (in another tab)
    no_exception(at)
    assert at.title[0].value == "Overview"


def test_a_session_revoked_elsewhere_ends_at_the_next_run(world: World, engine: Engine) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    with Session(engine) as session:
        users.change_password(session, SYSTEM, login="directrice", new_password="new-secret-1")
    at.run()
    assert at.title[0].value == "Sign in"


def test_disabled_account_is_signed_out_on_next_run(world: World, engine: Engine) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    with Session(engine) as session:
        user = session.get(User, world.director.id)
        user.active = False
        session.add(user)
        session.commit()
    at.run()
    assert at.title[0].value == "Sign in"
