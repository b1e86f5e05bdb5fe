"""At 1024 px (issue 24 item 15): the menu leaves the page most of the width, and the
questionnaire's buttons show their whole label. On a phone the menu's page names are whole, and
an English browser reads them in English from its first page (item 5)."""

from __future__ import annotations

import pytest

from tests.browser.support import Server, app_drawn, playwright_or_skip, sign_in
from tests.browser.test_plan_pages import _open

pytestmark = pytest.mark.browser
playwright_or_skip()  # the server and browser fixtures: conftest.py


def test_at_1024_px_the_menu_is_narrow_and_no_button_is_cut(server: Server, browser) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1024, "height": 900}, locale="fr-FR")
    page.set_default_timeout(60_000)
    page.goto(server.url)
    page.get_by_label("Identifiant").fill("directrice")
    page.get_by_label("Mot de passe").fill("demo-directrice")
    page.get_by_role("button", name="Se connecter").click()
    app_drawn(page, 60_000)
    _open(page, "Remplir")
    page.get_by_text("Reprendre cette réponse").first.wait_for()
    menu = page.locator('section[data-testid="stSidebar"]').bounding_box()
    assert menu is not None and menu["width"] <= 0.25 * 1024
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] button')]
            .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
            .map(b => b.innerText)"""
    )
    assert cut == []


CUT_NAMES = """() => [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')]
    .filter(a => [...a.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
    .map(a => a.innerText)"""


SIDEBAR_STILL = """() => {
  const menu = document.querySelector('section[data-testid="stSidebar"]');
  return menu.getBoundingClientRect().left >= 0 && menu.getAnimations({subtree: true}).length === 0;
}"""


def _menu_names(page) -> list[str]:  # noqa: ANN001
    """The page names of the menu (each link's last line: its icon's name comes first)."""
    links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    return [link.strip().splitlines()[-1] for link in links]


def test_on_a_phone_the_menu_shows_every_page_name_whole(server: Server, browser) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 390, "height": 900}, locale="fr-FR")
    page.set_default_timeout(60_000)
    page.goto(server.url)
    sign_in(page, "autorite", "demo-autorite")
    app_drawn(page, 60_000)
    page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Synthèse des remarques").wait_for()
    page.wait_for_function(SIDEBAR_STILL)  # its slide is over: the names have their width
    assert page.evaluate(CUT_NAMES) == []  # was "Synthèse des remarq…"


def test_an_english_browser_reads_the_menu_in_english(server: Server, browser) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1024, "height": 900}, locale="en-US")
    page.set_default_timeout(60_000)
    page.goto(server.url)
    page.locator('input[name="login"]').fill("directrice")
    page.locator('input[name="password"]').fill("demo-directrice")
    page.locator('form button[type="submit"]').click()
    app_drawn(page, 60_000)
    english = ["Overview", "Fill in", "Synthesis of remarks", "Improvement plan"]
    assert _menu_names(page)[:4] == english
    page.reload()
    app_drawn(page, 60_000)
    assert _menu_names(page)[:4] == english
    assert page.evaluate(CUT_NAMES) == []
