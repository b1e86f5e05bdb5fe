"""The director's year, in a real browser against the real server (README's promise).

Debian's Chromium through Playwright (never a downloaded browser), the server started as
`make run` starts it (`uvicorn cdm_quality.ui.server:app`) on a free port over a temporary
data directory holding the demo. The director signs in, answers the required questions still
open in the CDM21 review (three kinds), reloads the page (still signed in), finds every
answer, submits and sees the read-only banner.

Set `CDM_QUALITY_SCREENSHOTS=docs/screenshots` to also save the screenshots shown in README.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session

from cdm_quality.domain.answers import missing_required
from cdm_quality.domain.questionnaire import Item, ItemKind
from cdm_quality.services import responses
from cdm_quality.services.network import campaigns
from cdm_quality.services.people import auth
from cdm_quality.storage.engine import make_engine
from tests.browser.support import (
    Server,
    app_drawn,
    playwright_or_skip,
    screenshot,
    settle,
    sign_in,
)

pytestmark = pytest.mark.browser

LOGIN, PASSWORD = "directrice", "demo-directrice"
COLLEAGUE = ("contributeur", "demo-contributeur")
QUESTIONNAIRE = "cdm21"
TIMEOUT_MS = 20_000

playwright_api = playwright_or_skip()  # the server and browser fixtures: conftest.py
expect = playwright_api.expect


# --- what to answer (read from the demo database) -----------------------------------------------


@dataclass(frozen=True)
class Target:
    response_id: int
    items: list[Item]
    section_titles: dict[str, str]  # item id -> French title of its section


def _target(server: Server, questionnaire_id: str = QUESTIONNAIRE) -> Target:
    """The required questions the demo director has not answered yet."""
    engine = make_engine(server.database_url())
    with Session(engine) as session:
        actor = auth.authenticate(session, LOGIN, PASSWORD)
        campaign = campaigns.current_campaign(session, actor)
        response = responses.find_response(
            session,
            actor,
            cite_id=actor.cite_id,
            campaign_id=campaign.id,
            questionnaire_id=questionnaire_id,
        )
        view = responses.response_view(session, actor, response_id=response.id)
    engine.dispose()
    q = view.questionnaire
    items = missing_required(q, view.values(), view.response.phase)
    titles = {item.id: q.section_of(item.id).title.fr for item in items}
    return Target(view.response.id, items, titles)


# --- page helpers ------------------------------------------------------------------------------


def _css(name: str) -> str:
    return name.replace(".", "-")


def _item(page, item: Item):  # noqa: ANN001, ANN202
    return page.locator(f".st-key-item-{_css(item.id)}")


def _widget(page, rid: int, item: Item, part: str = "value"):  # noqa: ANN001, ANN202
    return page.locator(f".st-key-fill-{rid}-{_css(item.id)}-{part}")


def _sign_in(page, login: str = LOGIN, password: str = PASSWORD) -> None:  # noqa: ANN001
    sign_in(page, login, password)


def _open_section(page, title: str) -> None:  # noqa: ANN001
    page.locator('[data-testid="stRadio"] label').filter(has_text=title).first.click()
    settle(page)


TEXT = {
    ItemKind.short_text: "Réponse courte du navigateur",
    ItemKind.long_text: "Deux jours d'accueil en binôme,\npuis une journée d'échanges.",
    ItemKind.entries: "Baisse des financements\nConcurrence des plateformes",
}


def _answer(page, rid: int, item: Item) -> None:  # noqa: ANN001
    """Give an answer suited to the kind and wait for the saved state."""
    widget = _widget(page, rid, item)
    if item.kind in TEXT:
        field = widget.locator("textarea, input").first
        field.fill(TEXT[item.kind])
        field.press("Tab" if item.kind is ItemKind.short_text else "Control+Enter")
    elif item.kind is ItemKind.number:
        field = widget.locator("input").first
        field.fill("12")
        field.press("Enter")
    elif item.kind in CHOICES:
        _choose_first(page, widget, item)
    else:
        pytest.fail(f"no browser answer written for kind {item.kind}")
    _item(page, item).get_by_text("Enregistré le").wait_for(timeout=TIMEOUT_MS)
    settle(page)


CHOICES = (ItemKind.rating, ItemKind.yes_no, ItemKind.single_choice, ItemKind.multiple_choice)


CHOICE_WIDGETS = ", ".join(
    f'[data-testid="{name}"]' for name in ("stRadio", "stMultiSelect", "stButtonGroup")
)


def _choose_first(page, widget, item: Item) -> None:  # noqa: ANN001
    """Pick the first option: pills, radios (long labels) or a multiselect (long labels)."""
    widget.locator(CHOICE_WIDGETS).first.wait_for()
    if widget.locator('[data-testid="stRadio"]').count():  # an option, not the hidden label
        widget.locator('[role="radiogroup"] label').first.click()
    elif widget.locator('[data-testid="stMultiSelect"]').count():
        field = widget.get_by_role("combobox")
        field.click()
        label = item.options[0].label.fr
        field.press_sequentially(label[:15], delay=30)  # the list filters as a reader types
        page.get_by_role("option").filter(has_text=label[:15]).first.click()
        tags = widget.locator('[data-testid="stMultiSelectTagsContainer"]').first
        expect(tags).to_contain_text(label)  # chosen: the option shows as a tag
        field.press("Escape")
    else:
        widget.locator("button").first.click()


def _chosen_first(widget, item: Item) -> None:  # noqa: ANN001
    widget.locator(CHOICE_WIDGETS).first.wait_for()
    if widget.locator('[data-testid="stRadio"]').count():
        expect(widget.locator('input[type="radio"]').first).to_be_checked()
    elif widget.locator('[data-testid="stMultiSelect"]').count():
        tags = widget.locator('[data-testid="stMultiSelectTagsContainer"]').first
        expect(tags).to_contain_text(item.options[0].label.fr)
    else:  # pills: single choice as radios, multiple choice as toggle buttons
        pressed = widget.locator('button[aria-checked="true"], button[aria-pressed="true"]')
        expect(pressed.first).to_be_visible()
        expect(widget.locator("button").first).to_have_attribute("data-selected", "true")


def _check(page, rid: int, item: Item) -> None:  # noqa: ANN001
    """The answer given before the reload is on screen again."""
    widget = _widget(page, rid, item)
    widget.wait_for(timeout=TIMEOUT_MS)
    if item.kind in TEXT:
        expect(widget.locator("textarea, input").first).to_have_value(TEXT[item.kind])
    elif item.kind is ItemKind.number:
        expect(widget.locator("input").first).to_have_value("12")
    else:
        _chosen_first(widget, item)


# --- the flow ----------------------------------------------------------------------------------


def test_director_answers_reloads_finds_everything_and_submits(server: Server, browser) -> None:  # noqa: ANN001
    target = _target(server)
    assert len({item.kind for item in target.items}) >= 3, "the demo should leave 3 kinds open"
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server.url)
    page.get_by_role("button", name="Se connecter").wait_for()
    screenshot(page, "1-sign-in")
    _sign_in(page)
    page.get_by_role("heading", name="Vue d'ensemble").wait_for()
    settle(page)
    screenshot(page, "2-overview")
    page.locator(f".st-key-open-{QUESTIONNAIRE} button").click()
    page.get_by_text("Sections").first.wait_for()
    settle(page)

    for item in target.items:
        _open_section(page, target.section_titles[item.id])
        _answer(page, target.response_id, item)
    _item(page, target.items[-1]).evaluate("e => e.scrollIntoView({block: 'end'})")
    screenshot(page, "3-questionnaire")

    page.reload()  # still signed in (the session cookie), on the same questionnaire and section
    page.get_by_text("Sections").first.wait_for()
    settle(page)
    for item in target.items:
        _open_section(page, target.section_titles[item.id])
        _check(page, target.response_id, item)

    page.get_by_text("Toutes les questions obligatoires ont une réponse.").wait_for()
    page.locator(f".st-key-submit-{target.response_id} button").click()
    page.get_by_text("Envoyer le questionnaire").wait_for()  # asked before anything is sent
    page.locator(f".st-key-submit-{target.response_id}-yes button").click()
    banner = page.get_by_text("Autoévaluation envoyée le").first
    banner.wait_for()
    assert (
        _widget(page, target.response_id, target.items[-1])
        .locator("textarea, input, button")
        .first.is_disabled()
    )
    page.get_by_role("heading", level=1).first.scroll_into_view_if_needed()
    screenshot(page, "4-submitted")
    page.close()


def _open_fill(browser, server: Server, account: tuple[str, str], query: str):  # noqa: ANN001, ANN202
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server.url}/fill?{query}")
    _sign_in(page, *account)
    page.get_by_text("Sections").first.wait_for()
    return page


def test_two_colleagues_on_one_answer_see_a_conflict(server: Server, browser) -> None:  # noqa: ANN001
    target = _target(server, "charte")
    item = next(i for i in target.items if i.kind is ItemKind.rating)
    section = target.section_titles[item.id]
    rid = target.response_id
    mine = _open_fill(browser, server, (LOGIN, PASSWORD), "q=charte")
    theirs = _open_fill(browser, server, COLLEAGUE, "q=charte")
    for page in (mine, theirs):
        _open_section(page, section)
        _widget(page, rid, item).wait_for()
    _widget(theirs, rid, item).locator("button").nth(0).click()
    _item(theirs, item).get_by_text("Enregistré le").wait_for()
    _widget(mine, rid, item).locator("button").nth(2).click()
    _item(mine, item).get_by_text("a modifié cette réponse").wait_for()
    _item(mine, item).scroll_into_view_if_needed()
    screenshot(mine, "5-conflict")
    _item(mine, item).get_by_role("button", name="Garder ma saisie").click()
    _item(mine, item).get_by_text("Enregistré le").wait_for()
    expect(_widget(mine, rid, item).locator("button").nth(2)).to_have_attribute(
        "aria-checked", "true"
    )
    mine.locator(f".st-key-submit-{rid} button").click()
    mine.locator(f".st-key-submit-{rid}-yes button").click()
    mine.get_by_text("Envoi refusé").wait_for()
    mine.get_by_role("button", name="Y aller").first.wait_for()  # the list of what is missing
    mine.get_by_text("Questions à remplir").scroll_into_view_if_needed()
    screenshot(mine, "6-missing-before-submit")
    theirs.close()
    mine.close()


def test_reference_pages_in_english(server: Server, browser) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server.url}/questionnaires")
    page.get_by_text("English").click()
    page.get_by_role("heading", name="Questionnaires").wait_for()
    page.get_by_text("Scales", exact=True).wait_for()
    screenshot(page, "7-questionnaires")
    page.goto(f"{server.url}/dossier")
    page.get_by_text("English").click()
    page.get_by_role("heading", name="Labelling-file plan").wait_for()
    page.locator('[data-testid="stDataFrame"]').wait_for()
    screenshot(page, "8-labelling-file-plan")
    page.close()


@pytest.mark.parametrize(
    ("login", "password"),
    [(LOGIN, PASSWORD), ("autorite", "demo-autorite")],
    ids=["director", "authority"],
)
def test_every_page_finds_its_scripts_prefetched_and_nothing_leaves_for_another_site(
    server: Server,
    browser,  # noqa: ANN001
    login: str,
    password: str,
) -> None:
    """The sign-in form prefetches the code of the elements the pages draw (`web.LAZY_ELEMENTS`):
    after signing in, opening every page of the menu fetches no script the form did not name, so
    none waits for a download (an element added to a page and missing from the list fails
    here, named). And no page has the browser ask another site for anything (a Material icon as
    the tab's icon was fetched from fonts.gstatic.com)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server.url)
    prefetched = set(
        page.locator('link[rel="prefetch"]').evaluate_all("links => links.map(l => l.href)")
    )
    signed_in_at = len(requested)
    sign_in(page, login, password)
    app_drawn(page)
    links = page.locator('[data-testid="stSidebarNav"] a')
    for index in range(links.count()):
        links.nth(index).click()
        settle(page)
    scripts = {url for url in requested[signed_in_at:] if "/static/js/" in url}
    assert sorted(url.rsplit("/", 1)[-1] for url in scripts - prefetched) == []
    elsewhere = {url for url in requested if not url.startswith((server.url, "data:", "blob:"))}
    assert sorted(elsewhere) == []
    assert page.evaluate("document.querySelector('link[rel=\"shortcut icon\"]').href").startswith(
        "data:image/svg+xml"
    )
    context.close()
