"""The questionnaire page as seen in Chromium at 1024 px: section names wrap between words,
and "Y aller" brings the missing question into view with the keyboard focus on it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.support import Server, playwright_or_skip

pytestmark = pytest.mark.browser
playwright_api = playwright_or_skip()  # the server and browser fixtures: conftest.py
TIMEOUT_MS = 20_000
IDLE = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""

# Every word of every section name, with the number of lines it is drawn on (2: cut).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const p of document.querySelectorAll('.st-key-section-nav label p')) {
    const text = p.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    let start = 0;
    for (const word of text.textContent.split(/\\s/)) {
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + word.length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(word);
      start += word.length + 1;
    }
  }
  return broken;
}"""


def _open(browser: Any, server: Server, query: str) -> Any:
    page = browser.new_page(viewport={"width": 1024, "height": 800}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server.url}/fill?{query}")
    page.get_by_label("Identifiant").fill("directrice")
    page.get_by_label("Mot de passe").fill("demo-directrice")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Sections").first.wait_for()
    _settle(page)
    return page


def _settle(page: Any) -> None:
    page.wait_for_timeout(250)
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)


def test_section_names_wrap_between_words_at_1024_px(server: Server, browser: Any) -> None:
    page = _open(browser, server, "q=qualite")
    assert page.locator(".st-key-section-nav label").count() > 5
    assert page.evaluate(BROKEN_WORDS) == []
    page.close()


def test_go_there_shows_and_focuses_the_missing_question(server: Server, browser: Any) -> None:
    page = _open(browser, server, "q=qualite")
    page.get_by_text("Questions à remplir").click()
    keyed = page.locator("[class*='st-key-goto-']").first
    keyed.wait_for()
    key = next(c for c in keyed.get_attribute("class").split() if c.startswith("st-key-goto-"))
    block = page.locator(".st-key-item-" + key.split("-", 4)[4])  # st-key-goto-<rid>-<item>
    keyed.locator("button").click()
    _settle(page)
    page.wait_for_function(
        """(selector) => {
            const block = document.querySelector(selector);
            if (!block) return false;
            const box = block.getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight
                && block.contains(document.activeElement);
        }""",
        arg=f".st-key-item-{key.split('-', 4)[4]}",
        timeout=TIMEOUT_MS,
    )
    assert block.is_visible()
    page.close()
