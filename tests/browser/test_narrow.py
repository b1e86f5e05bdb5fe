"""At 1024 px (issue 24 item 15): the menu leaves the page most of the width, and the
questionnaire's buttons show their whole label."""

from __future__ import annotations

import pytest

from tests.browser.support import Server, playwright_or_skip
from tests.browser.test_plan_pages import _open, _settle

pytestmark = pytest.mark.browser
playwright_or_skip()  # the server and browser fixtures: conftest.py


def test_at_1024_px_the_menu_is_narrow_and_no_button_is_cut(server: Server, browser) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1024, "height": 900}, locale="fr-FR")
    page.set_default_timeout(60_000)
    page.goto(server.url)
    _settle(page)
    page.get_by_label("Identifiant").fill("directrice")
    page.get_by_label("Mot de passe").fill("demo-directrice")
    page.get_by_role("button", name="Se connecter").click()
    _settle(page)
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
