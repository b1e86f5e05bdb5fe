"""Accessibility (RGAA, i.e. WCAG 2.1 AA): axe-core on every page for every role.

Each role signs in on the demo, opens every page of its navigation and runs axe-core (bundled
by axe-playwright-python). No critical or serious violation may come from our pages. The one
known defect of Streamlit itself (README, "Accessibility") is its grouped sidebar navigation: a
section is a <div> inside the <ul> of links; it is checked apart so that a change shows.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.support import (
    Server,
    app_drawn,
    playwright_or_skip,
    settle,
    sign_in,
    stand_still,
)

playwright_or_skip()
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

TIMEOUT_MS = 30_000
NAV = "[data-testid='stSidebarNav']"
NAV_ITEMS = "[data-testid='stSidebarNavItems']"
SERIOUS = ("critical", "serious")
# Streamlit's own markup (README, Accessibility): rule id -> why it is not ours.
STREAMLIT_NAV_RULES = {"list", "listitem"}

ACCOUNTS = {
    "signed out": None,
    "director": ("directrice", "demo-directrice"),
    "contributor": ("contributeur", "demo-contributeur"),
    "authority": ("autorite", "demo-autorite"),
    "admin": ("admin", "demo-admin"),
}


def _settle(page: Any) -> None:
    """Wait until the app has finished the rerun and the page stands still (axe reads no
    half-faded text, no chart undrawn)."""
    settle(page, TIMEOUT_MS)
    stand_still(page, TIMEOUT_MS)


def _serious(results: Any) -> list[dict[str, Any]]:
    return [v for v in results.response["violations"] if v["impact"] in SERIOUS]


def _describe(violations: list[dict[str, Any]]) -> list[str]:
    """One line per element: the rule, what axe says of it and the element's start."""
    return [
        f"{v['id']} ({v['impact']}): {_message(node)} — {node['html'][:160]}"
        for v in violations
        for node in v["nodes"][:3]
    ]


def _message(node: dict[str, Any]) -> str:
    checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
    return "; ".join(check["message"] for check in checks if check.get("message"))


def _audit_every_page(page: Any, role: str) -> dict[str, list[str]]:
    axe = axe_module.Axe()
    found: dict[str, list[str]] = {}
    links = page.locator(f"{NAV} a")
    names = [links.nth(i).inner_text().split("\n")[-1] for i in range(links.count())]
    assert names, f"{role}: no navigation"
    for index, name in enumerate(names):
        links.nth(index).click()
        _settle(page)
        ours = _serious(axe.run(page, context={"exclude": [[NAV_ITEMS]]}))
        streamlit = _serious(axe.run(page, context={"include": [[NAV_ITEMS]]}))
        unexpected = [v for v in streamlit if v["id"] not in STREAMLIT_NAV_RULES]
        if ours or unexpected:
            found[name] = _describe(ours + unexpected)
    return found


@pytest.mark.browser
@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_no_serious_violation_on_any_page(server: Server, browser: Any, role: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(server.url)
        page.get_by_role("button", name="Se connecter").wait_for()
        if ACCOUNTS[role]:
            sign_in(page, *ACCOUNTS[role])
        else:  # the server's sign-in form, then the pages open to everyone
            form = _serious(axe_module.Axe().run(page))
            assert form == [], "\n".join(_describe(form))
            page.goto(f"{server.url}/questionnaires")
        app_drawn(page, TIMEOUT_MS)
        stand_still(page, TIMEOUT_MS)
        found = _audit_every_page(page, role)
        assert found == {}, "\n".join(f"{k}: {line}" for k, v in found.items() for line in v)
    finally:
        page.close()
