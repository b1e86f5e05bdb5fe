"""The director's path with the keyboard alone (RGAA / WCAG 2.1.1): sign in, open a
questionnaire, answer its open required questions, submit and confirm.

Only `keyboard.press` and `keyboard.type` act on the page (Tab, Shift+Tab, Enter, Space,
arrows, typing); the test reads the page (where the focus is, what is shown) to know when to
stop tabbing, as a sighted keyboard user would look. What was typed is then read back from the
database and from the page after a reload.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session

from cdm_quality.domain.questionnaire import Item, ItemKind
from cdm_quality.services import responses
from cdm_quality.services.people import auth
from cdm_quality.storage.engine import make_engine
from tests.browser.support import Server, playwright_or_skip, settle
from tests.browser.test_director_flow import LOGIN, PASSWORD, Target, _target

pytestmark = pytest.mark.browser
playwright_api = playwright_or_skip()  # the server and browser fixtures: conftest.py
expect = playwright_api.expect

QUESTIONNAIRE = "cdm21"
TIMEOUT_MS = 30_000
MAX_TABS = 150  # more than the focusable elements of any page of the demo
FOCUS_IN = "selector => !!document.activeElement?.closest(selector)"

TYPED = {
    ItemKind.short_text: "Saisi au clavier",
    ItemKind.long_text: "Saisi au clavier, sans souris.",
    ItemKind.entries: "Première ligne au clavier\nSeconde ligne au clavier",
    ItemKind.number: "12",
}
SAVED = {ItemKind.entries: TYPED[ItemKind.entries].split("\n"), ItemKind.number: 12}


def _tab_to(page: Any, selector: str, *, back: bool = False) -> None:
    """Press Tab (Shift+Tab) until the focus is inside `selector`."""
    page.locator(selector).first.wait_for()  # Streamlit draws a new section in steps
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(FOCUS_IN, selector):
            return
    pytest.fail(f"{selector} cannot be reached with {'Shift+' if back else ''}Tab")


def _sign_in(page: Any) -> None:
    """The server's form: the login field has the focus, Tab to the password, Enter."""
    page.wait_for_function("document.activeElement?.id === 'login'")  # autofocus
    page.keyboard.type(LOGIN)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Vue d'ensemble").wait_for()
    settle(page)


def _open_section(page: Any, rid: int, title: str) -> None:
    """Down arrow in the section list (a radio group) until `title` is chosen."""
    group = f".st-key-_fill-section-{rid}-fr"
    _tab_to(page, group, back=True)
    chosen = page.locator(f"{group} label").filter(has=page.locator("input:checked"))
    for _ in range(MAX_TABS):
        if title in chosen.inner_text():
            return
        page.keyboard.press("ArrowDown")
        settle(page)
    pytest.fail(f"section {title} not reached with the arrows")


def _widget(rid: int, item: Item) -> str:
    return f".st-key-fill-{rid}-{item.id.replace('.', '-')}-value"


def _answer(page: Any, rid: int, item: Item) -> None:
    """Reach the item's field with Tab and answer it with the keyboard; wait for the save."""
    widget = _widget(rid, item)
    page.locator(widget).wait_for()
    if page.locator(f"{widget} [data-testid='stButtonGroup']").count():  # pills
        _tab_to(page, f"{widget} button")
        page.keyboard.press("Space")
    else:
        _tab_to(page, f"{widget} input, {widget} textarea")
        _type_answer(page, item)
    block = page.locator(f".st-key-item-{item.id.replace('.', '-')}")
    block.get_by_text("Enregistré le").wait_for()
    settle(page)


def _type_answer(page: Any, item: Item) -> None:
    """Type the answer in the focused field and apply it (Ctrl+Enter in a text area)."""
    if item.kind in (ItemKind.long_text, ItemKind.entries):
        _type_in_focus(page, TYPED[item.kind])
        page.keyboard.press("Control+Enter")
    elif item.kind in TYPED:
        _type_in_focus(page, TYPED[item.kind])
        page.keyboard.press("Enter")
    elif item.kind is ItemKind.multiple_choice:  # a list to filter (long option labels)
        page.keyboard.type(item.options[0].label.fr[:12])
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
    else:
        pytest.fail(f"no keyboard answer written for kind {item.kind}")


def _type_in_focus(page: Any, text: str) -> None:
    """Type `text` in the focused field: every key stays, whatever rerun runs meanwhile."""
    focused = page.locator(":focus")
    page.keyboard.type(text)
    expect(focused).to_have_value(text)


def _expected(item: Item) -> Any:
    if item.kind is ItemKind.multiple_choice:
        return [item.options[0].id]
    return SAVED.get(item.kind, TYPED.get(item.kind))


def _stored(server: Server, response_id: int) -> tuple[str, dict[str, Any]]:
    engine = make_engine(server.database_url())
    with Session(engine) as session:
        actor = auth.authenticate(session, LOGIN, PASSWORD)
        view = responses.response_view(session, actor, response_id=response_id)
    engine.dispose()
    return view.response.state, view.values()


def _submit(page: Any, rid: int) -> None:
    """Submit, then confirm in the question shown beside the button."""
    _tab_to(page, f".st-key-submit-{rid} button")
    page.keyboard.press("Enter")
    _tab_to(page, f".st-key-submit-{rid}-yes button")
    page.keyboard.press("Enter")
    page.get_by_text("Autoévaluation envoyée le").first.wait_for()


def test_sign_in_fill_and_submit_with_the_keyboard_alone(server: Server, browser: Any) -> None:
    target: Target = _target(server, QUESTIONNAIRE)
    assert {ItemKind.entries, ItemKind.number, ItemKind.multiple_choice} <= {
        item.kind for item in target.items
    }, "the demo should leave a list, a number and a multiple choice open"
    rid = target.response_id
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server.url)
    _sign_in(page)
    _tab_to(page, f".st-key-open-{QUESTIONNAIRE} button")
    page.keyboard.press("Enter")
    page.get_by_text("Sections").first.wait_for()
    settle(page)
    for item in target.items:
        _open_section(page, rid, target.section_titles[item.id])
        _answer(page, rid, item)
    page.get_by_text("Toutes les questions obligatoires ont une réponse.").wait_for()
    _submit(page, rid)

    state, values = _stored(server, rid)
    assert state == "submitted"
    assert {item.id: values.get(item.id) for item in target.items} == {
        item.id: _expected(item) for item in target.items
    }
    page.reload()
    page.get_by_text("Autoévaluation envoyée le").first.wait_for()
    item = next(i for i in target.items if i.kind is ItemKind.long_text)
    _open_section(page, rid, target.section_titles[item.id])
    expect(page.locator(f"{_widget(rid, item)} textarea")).to_have_value(TYPED[item.kind])
    page.close()
