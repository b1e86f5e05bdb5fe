"""AppTest helpers: run the real `app.py` on a fresh in-memory database, signed in or not."""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from cdm_quality.services import database
from cdm_quality.services.people import sessions
from cdm_quality.services.people.access import Actor
from cdm_quality.storage import tables  # noqa: F401  (registers the tables)
from cdm_quality.storage.tables import User, WebSession, utcnow
from cdm_quality.ui import auth, oidc_routes, web
from cdm_quality.ui.navigation import PAGES
from tests.databases import empty_sqlite, seeded
from tests.factories import World, build_world

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 30
ROLES = ("director", "contributor", "authority", "admin")

# Every new AppTest scans the metadata of every installed package for Streamlit components
# (~0.1 s of CPU each, a quarter of a page test); the installed packages do not change during
# a run, so the scan is done once per process.
manifest_scanner.scan_component_manifests = functools.cache(
    manifest_scanner.scan_component_manifests
)


def page_script(key: str) -> str:
    """The script of the page registered under `key`, relative to app.py."""
    return next(spec.script for spec in PAGES if spec.key == key)


def signed_in_token(user_id: int) -> str:
    """A session opened for the account, as the server's sign-in route opens one."""
    with database.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        return sessions.open_session(session, Actor.of(user))


def open_app(*, user_id: int | None = None, **state: object) -> AppTest:
    """`app.py` run once, signed in as `user_id` (if given), with `state` in the session.

    AppTest cannot send cookies: the session's token goes where a tab keeps the one it opened.
    """
    return _new_tab(user_id, state).run()


def open_page(key: str, *, user_id: int | None = None, **state: object) -> AppTest:
    """Like `open_app`, but the tab's first run is the page `key` (a bookmark, a reload): one
    run instead of the start page's then the page's."""
    return _new_tab(user_id, state).switch_page(page_script(key)).run()


def _new_tab(user_id: int | None, state: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if user_id is not None:
        at.session_state[auth.TOKEN_KEY] = signed_in_token(user_id)
    for name, value in state.items():
        at.session_state[name] = value
    return at


def age_session(at: AppTest, engine: Engine, minutes: float) -> None:
    """Make the tab's session `minutes` older: in this tab and in the database."""
    at.session_state[auth.SEEN_KEY] = time.monotonic() - minutes * 60
    hashed = sessions.token_hash(at.session_state[auth.TOKEN_KEY])
    with Session(engine) as session:
        row = session.exec(select(WebSession).where(WebSession.token_hash == hashed)).one()
        row.last_seen_at = utcnow() - dt.timedelta(minutes=minutes)
        session.add(row)
        session.commit()


async def _streamlit_page(request: Request) -> PlainTextResponse:
    return PlainTextResponse("page")


def web_app() -> Starlette:
    """The server's routes and gate (`ui/web.py`, `ui/oidc_routes.py`) in a bare Starlette
    app with the signed session Streamlit adds, Streamlit's own routes replaced by one
    answering "page" (for Starlette's TestClient)."""
    routes = [*web.routes(), *oidc_routes.routes(), Route("/{path:path}", _streamlit_page)]
    middleware = [Middleware(web.SignInGate), Middleware(SessionMiddleware, secret_key="tests")]
    return Starlette(routes=routes, middleware=middleware)


def goto(at: AppTest, key: str) -> AppTest:
    """Switch to the page `key` and run it."""
    return at.switch_page(page_script(key)).run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@contextmanager
def app_database() -> Iterator[Engine]:
    """A fresh in-memory database (tables created) that the app's sessions use meanwhile."""
    created = empty_sqlite()
    database.use_engine(created)
    yield created
    database.use_engine(None)
    created.dispose()


@pytest.fixture
def engine() -> Iterator[Engine]:
    """A fresh in-memory database that the app's sessions use for this test."""
    with app_database() as created:
        yield created


@pytest.fixture
def world(engine: Engine) -> World:
    """Two Cités, one account per role, an open campaign of the minimal questionnaire."""
    with Session(engine, expire_on_commit=False) as session:
        return seeded(session, build_world)
