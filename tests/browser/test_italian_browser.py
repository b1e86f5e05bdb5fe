"""A browser asking for Italian (issue 27): the sign-in form, the menu, the grids and the dates
read in Italian from the first page, and still after a reload."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import Server, app_drawn, playwright_or_skip
from tests.browser.test_narrow import _menu_names

pytestmark = pytest.mark.browser
playwright_or_skip()  # the server and browser fixtures: conftest.py

ITALIAN_MENU = ["Panoramica", "Compila", "Sintesi delle osservazioni", "Piano di miglioramento"]


def test_an_italian_browser_signs_in_and_reads_italian(server: Server, browser) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="it-IT")
    page.set_default_timeout(60_000)
    page.goto(server.url)
    assert page.locator("html").get_attribute("lang") == "it"
    page.get_by_label("Nome utente").fill("directrice")
    page.get_by_label("Password").fill("demo-directrice")
    page.get_by_role("button", name="Accedi").click()
    app_drawn(page, 60_000)
    assert _menu_names(page)[:4] == ITALIAN_MENU
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Griglia qualità delle Città dei mestieri").first.wait_for()
    assert re.search(r"\d{2}/\d{2}/\d{4}", main.inner_text())  # dates as it_IT writes them
    assert "Vue d'ensemble" not in page.content()
    page.reload()
    app_drawn(page, 60_000)
    assert _menu_names(page)[:4] == ITALIAN_MENU
    main.get_by_text("Griglia qualità delle Città dei mestieri").first.wait_for()
