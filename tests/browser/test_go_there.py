"""The questionnaire page at 1024 px in Chromium: "Y aller / Go there" beside a missing required
question (the list shown before submitting) brings that question into view with the keyboard
focus on its answer, even when it stands far above the list; section names wrap between
words, never inside one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.support import Server, playwright_or_skip, settle, sign_in
from tests.browser.test_director_flow import LOGIN, PASSWORD, _target

pytestmark = pytest.mark.browser
playwright_api = playwright_or_skip()  # the server and browser fixtures: conftest.py

QUESTIONNAIRE = "qualite"  # many required ratings open, in several sections
TIMEOUT_MS = 30_000
SHOWN_AND_FOCUSED = """([block, answer]) => {
    const shown = document.querySelector(block);
    if (!shown) return false;
    const box = shown.getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight
        && !!document.activeElement?.closest(answer);
}"""
# Every word of the section list drawn on two lines (cut inside the word).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const label of document.querySelectorAll('.st-key-section-nav label p')) {
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
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
  }
  return broken;
}"""


def _open(browser: Any, server: Server, questionnaire: str = QUESTIONNAIRE) -> Any:
    page = browser.new_page(viewport={"width": 1024, "height": 768}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server.url}/fill?q={questionnaire}")
    sign_in(page, LOGIN, PASSWORD)
    page.get_by_text("Sections").first.wait_for()
    settle(page)
    return page


def _go_there(page: Any, rid: int, item_id: str) -> str:
    """Open the list of missing questions, press the item's Go there; the item's block."""
    summary = page.get_by_text("Questions à remplir")
    if page.locator(f".st-key-goto-{rid}-{item_id.replace('.', '-')}").count() == 0:
        summary.click()
    button = page.locator(f".st-key-goto-{rid}-{item_id.replace('.', '-')} button")
    button.scroll_into_view_if_needed()
    button.click()
    settle(page)
    return f".st-key-item-{item_id.replace('.', '-')}"


def test_go_there_shows_and_focuses_the_missing_question(server: Server, browser: Any) -> None:
    target = _target(server, QUESTIONNAIRE)
    first, later = target.items[0], target.items[-1]
    assert target.section_titles[first.id] != target.section_titles[later.id]
    page = _open(browser, server)
    for item in (later, first, first):  # another section, then back, then the same again
        selector = _go_there(page, target.response_id, item.id)
        answer = f".st-key-fill-{target.response_id}-{item.id.replace('.', '-')}-value"
        page.wait_for_function(SHOWN_AND_FOCUSED, arg=[selector, answer], timeout=TIMEOUT_MS)
        box = page.locator(selector).bounding_box()
        assert 0 <= box["y"] < page.viewport_size["height"]
    page.close()


@pytest.mark.parametrize("questionnaire", ["qualite", "charte", "cdm21"])
def test_section_names_wrap_between_words_at_1024_px(
    server: Server, browser: Any, questionnaire: str
) -> None:
    page = _open(browser, server, questionnaire)
    labels = page.locator(".st-key-section-nav label")
    assert labels.count() > 2
    heights = [labels.nth(i).bounding_box()["height"] for i in range(labels.count())]
    assert max(heights) > 30  # some names do wrap at this width
    assert page.evaluate(BROKEN_WORDS) == []
    page.close()
