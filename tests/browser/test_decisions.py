"""What only a browser shows (issue 24 item 8): after a labelling decision is confirmed and
saved, its form is empty on the screen, "Fondée sur" included. The page used to forget the
chosen recommendations, and the browser went on showing them: a second decision would have
rested on them unseen."""

from __future__ import annotations

import pytest

from tests.browser.support import Server, playwright_or_skip, settle
from tests.browser.test_plan_pages import TIMEOUT_MS, _open
from tests.browser.test_plan_pages import _signed_in as signed_in

pytestmark = pytest.mark.browser
playwright_or_skip()  # the server and browser fixtures: conftest.py

SHOWCASE = "Val-de-Loire"  # the demo's Cité with the authority's recommendations


def test_a_saved_decision_leaves_its_form_empty(server: Server, browser) -> None:  # noqa: ANN001
    page = signed_in(browser, server.url, "autorite", "demo-autorite", height=1400)
    _open(page, "Cités")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Cité").first.click()
    page.get_by_role("option").filter(has_text=SHOWCASE).first.click()
    settle(page, TIMEOUT_MS)
    basis = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Fondée sur")
    basis.click()
    page.get_by_role("option").filter(has_text="Recommandation").first.click()
    page.keyboard.press("Escape")
    note = page.get_by_label("Note")
    note.fill("Jury du 3 décembre : fonctionnement confirmé")
    assert "Recommandation" in basis.inner_text()
    page.get_by_role("button", name="Enregistrer la décision").first.click()
    settle(page, TIMEOUT_MS)
    assert "Recommandation" in basis.inner_text()  # asked first: nothing saved, nothing emptied
    page.locator('[class*="st-key-cites-decision-yes"] button').click()
    settle(page, TIMEOUT_MS)
    page.get_by_text("Décision enregistrée.").wait_for()
    assert "Recommandation" not in basis.inner_text()  # the browser kept it before
    assert note.input_value() == ""
