"""Signing in and out: local accounts, throttling, idle expiry, OpenID Connect identities."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from cdm_quality.settings import get_settings
from cdm_quality.storage.tables import User
from cdm_quality.ui import auth
from tests.factories import FACTORY_PASSWORD, World
from tests.ui.conftest import APP, TIMEOUT, goto, no_exception, open_app


def sign_in(at: AppTest, login: str, password: str) -> AppTest:
    at.text_input(key="sign_in.login").input(login)
    at.text_input(key="sign_in.password").input(password)
    return at.button[0].click().run()


def test_sign_in_with_a_local_account_opens_the_overview(world: World) -> None:
    at = open_app(lang="en")
    sign_in(at, "directrice", FACTORY_PASSWORD)
    no_exception(at)
    assert at.title[0].value == "Overview"
    assert "Anne Dupré" in [m.value for m in at.sidebar.markdown][-1]


def test_wrong_password_is_refused_without_saying_which(world: World) -> None:
    at = open_app(lang="en")
    sign_in(at, "directrice", "nope")
    assert at.error[0].value == "Login or password incorrect."
    assert at.title[0].value == "Sign in"


def test_repeated_failures_are_throttled(world: World) -> None:
    at = open_app(lang="en")
    for _ in range(get_settings().login_max_failures + 1):
        sign_in(at, "directrice", "nope")
    assert "Too many failed attempts" in at.error[0].value


def test_sign_out_returns_to_sign_in_and_keeps_the_language(world: World) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    at.button(key="sign_out").click().run()
    no_exception(at)
    assert at.title[0].value == "Sign in"
    assert auth.USER_KEY not in at.session_state
    assert at.session_state["lang"] == "en"


def test_idle_session_is_signed_out(world: World) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    at.session_state[auth.SEEN_KEY] = time.monotonic() - get_settings().idle_minutes * 60 - 1
    at.run()
    no_exception(at)
    assert at.title[0].value == "Sign in"
    assert "idle minutes" in at.info[0].value


def test_disabled_account_is_signed_out_on_next_run(world: World, engine: Engine) -> None:
    at = open_app(user_id=world.director.id, lang="en")
    with Session(engine) as session:
        user = session.get(User, world.director.id)
        user.active = False
        session.add(user)
        session.commit()
    at.run()
    assert at.title[0].value == "Sign in"


def test_reload_on_a_member_page_signs_in_there(world: World) -> None:
    at = goto(open_app(lang="en"), "fill")
    sign_in(at, "directrice", FACTORY_PASSWORD)
    no_exception(at)
    assert at.title[0].value == "Minimal grid"


OIDC_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-secret",
    "client_id": "cdm",
    "client_secret": "x",
    "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
}


def _with_email(engine: Engine, user_id: int, email: str) -> None:
    with Session(engine) as session:
        user = session.get(User, user_id)
        user.email = email
        session.add(user)
        session.commit()


@pytest.mark.parametrize("email", ["anne@cdm-namur.be", "ANNE@cdm-namur.be "])
def test_oidc_identity_is_mapped_to_the_account_by_email(
    world: World, engine: Engine, email: str
) -> None:
    _with_email(engine, world.director.id, "anne@cdm-namur.be")
    at = _oidc_app({"is_logged_in": True, "email": email})
    no_exception(at)
    assert at.title[0].value == "Overview"


def test_oidc_identity_without_account_is_told_so(world: World) -> None:
    at = _oidc_app({"is_logged_in": True, "email": "stranger@example.org"})
    no_exception(at)
    assert at.title[0].value == "Sign in"
    assert "stranger@example.org" in at.warning[0].value.replace("\\", "")


def test_oidc_button_shows_when_configured(world: World) -> None:
    at = _oidc_app({"is_logged_in": False})
    assert at.button(key="oidc.").label == "Sign in with OpenID Connect"


def _oidc_app(user: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["auth"] = OIDC_SECRETS
    at.user = user
    at.session_state["lang"] = "en"
    return at.run()
