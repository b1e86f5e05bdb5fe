"""Sign-in that survives a reload (issue 13, item 4), in Chromium against the real server:
a reload keeps the user signed in on the same page; after signing out a reload stays signed
out; an account disabled meanwhile is signed out at its next action; the health route."""

from __future__ import annotations

import urllib.request
from typing import Any

from sqlmodel import Session

from cdm_quality.services.people import users
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.storage.engine import make_engine
from tests.browser.support import Server, playwright_or_skip
from tests.browser.support import settle as _settle
from tests.browser.test_director_flow import TIMEOUT_MS, _sign_in

playwright_or_skip()

FILL = "/fill?q=charte"


def _page(browser: Any) -> Any:
    page = browser.new_page(viewport={"width": 1300, "height": 900}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    return page


def _on_fill_page(page: Any) -> None:
    page.get_by_text("Sections").first.wait_for()
    _settle(page)
    assert FILL in page.url


def _on_sign_in_page(page: Any) -> None:
    page.get_by_role("button", name="Se connecter").wait_for()
    assert "/signin" in page.url


def test_a_reload_keeps_the_user_signed_in_on_the_same_page(server: Server, browser: Any) -> None:
    page = _page(browser)
    page.goto(server.url + FILL)
    _on_sign_in_page(page)  # the page asked for needs a sign-in
    _sign_in(page)
    _on_fill_page(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == "cdmq_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.reload()
    _on_fill_page(page)
    # signed in still: the sidebar's sign-out button is drawn (waited for: the page's text can
    # be painted before the sidebar, and is_visible() reads the page once without waiting)
    page.get_by_role("button", name="Se déconnecter").wait_for(state="visible")
    page.close()


def test_after_signing_out_a_reload_stays_signed_out(server: Server, browser: Any) -> None:
    page = _page(browser)
    page.goto(server.url + FILL)
    _sign_in(page)
    _on_fill_page(page)
    page.get_by_role("button", name="Se déconnecter").click()
    _on_sign_in_page(page)
    page.reload()
    _on_sign_in_page(page)
    page.goto(server.url + FILL)
    _on_sign_in_page(page)
    page.close()


def test_a_disabled_account_is_signed_out_at_its_next_action(server: Server, browser: Any) -> None:
    page = _page(browser)
    page.goto(server.url + FILL)
    _sign_in(page, "contributeur", "demo-contributeur")
    _on_fill_page(page)
    engine = make_engine(server.database_url())
    with Session(engine) as session:
        users.set_active(session, SYSTEM, login="contributeur", active=False)
    engine.dispose()
    page.get_by_text("Gratuité", exact=False).first.click()  # the next action: another section
    _on_sign_in_page(page)
    page.reload()
    _on_sign_in_page(page)
    page.close()


def test_the_health_route_checks_the_database(server: Server) -> None:
    with urllib.request.urlopen(f"{server.url}/healthz", timeout=10) as answer:  # noqa: S310
        assert (answer.status, answer.read()) == (200, b"ok")
