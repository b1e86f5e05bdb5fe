"""Five browser sessions at once against one real server: every answer typed is stored.

The app's server (`uvicorn cdm_quality.ui.server:app`) on a free port over a temporary demo
database; five accounts (three
colleagues of one Cité sharing its response, two of other Cités) sign in from five Chromium
pages and type remarks in turn without waiting, so the server runs their saves side by side.
Then every remark is read back from the database. Debian's Chromium through Playwright, as
the browser tests (`tests/browser/`), whose server helpers (`support.py`) and director's page
helpers (`test_director_flow.py`) this reuses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session

from cdm_quality.domain.answers import is_visible
from cdm_quality.domain.questionnaire import Item, Section
from cdm_quality.services import responses
from cdm_quality.services.network import campaigns, cites
from cdm_quality.services.people import users
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.services.people.auth import current_actor
from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import ResponseState, Role
from tests.browser.support import app_server, chromium, demo_data, playwright_or_skip, sqlite_url
from tests.browser.support import settle as _settle
from tests.browser.test_director_flow import TIMEOUT_MS, _sign_in, _widget

pytestmark = [pytest.mark.browser, pytest.mark.slow]
QUESTIONNAIRE = "qualite"
PASSWORD = "five-sessions-1"
ITEMS_EACH = 3  # three sessions on one section need 9 visible items (prof, usagers)

playwright_or_skip()


@dataclass(frozen=True)
class Session5:
    """One of the five users: account, response, section and the items they will remark on."""

    login: str
    response_id: int
    section_title: str
    items: tuple[Item, ...]


def _accounts(url: str) -> list[Session5]:
    """Five contributors: three on the first Cité with an open response, one on each next."""
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        campaign = campaigns.current_campaign(session, SYSTEM)
        open_cites = [c for c in cites.list_cites(session, SYSTEM) if _fillable(session, c.id)]
        chosen = [open_cites[0]] * 3 + open_cites[1:3]
        made = [
            _account(session, campaign.id, cite.id, f"five{n}", offset=ITEMS_EACH * (n % 3))
            for n, cite in enumerate(chosen)
        ]
    engine.dispose()
    return made


def _fillable(session: Session, cite_id: int) -> bool:
    campaign = campaigns.current_campaign(session, SYSTEM)
    found = responses.find_response(
        session, SYSTEM, cite_id=cite_id, campaign_id=campaign.id, questionnaire_id=QUESTIONNAIRE
    )
    return found is None or found.state is not ResponseState.submitted


def _account(session: Session, campaign_id: int, cite_id: int, login: str, *, offset: int) -> Any:
    user = users.add_user(
        session, SYSTEM, login=login, name=login.title(), password=PASSWORD,
        role=Role.contributor, cite_id=cite_id,
    )  # fmt: skip
    actor = current_actor(session, user_id=user.id)
    response = responses.get_or_create_response(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, questionnaire_id=QUESTIONNAIRE
    )
    view = responses.response_view(session, actor, response_id=response.id)
    section, items = _remarkable(view, offset)
    return Session5(login, response.id, section.title.fr, items)


def _remarkable(view: Any, offset: int) -> tuple[Section, tuple[Item, ...]]:
    """The first section with enough visible items taking a remark; the slice at `offset`."""
    q, phase = view.questionnaire, view.response.phase
    for section in q.sections:
        shown = [i for i in section.items if i.remark and is_visible(q, i, view.values(), phase)]
        if len(shown) >= offset + ITEMS_EACH:
            return section, tuple(shown[offset : offset + ITEMS_EACH])
    raise AssertionError("no section with enough items for this test")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, list]]:
    data_dir = demo_data(tmp_path_factory.mktemp("five"))
    database_url = sqlite_url(data_dir)
    accounts = _accounts(database_url)
    with app_server(data_dir) as url:
        yield url, database_url, accounts


def _open(browser: Any, url: str, account: Session5) -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{url}/fill?q={QUESTIONNAIRE}")
    _sign_in(page, account.login, PASSWORD)
    page.get_by_text("Sections").first.wait_for()
    _settle(page)
    page.locator('[data-testid="stRadio"] label').filter(
        has_text=account.section_title
    ).first.click()
    _settle(page)
    return page


def _remark(account: Session5, number: int) -> str:
    return f"Remarque {number} de {account.login} : « accueil » <b>sans</b> rendez-vous"


def test_five_sessions_at_once_store_every_answer(server: tuple[str, str, list]) -> None:
    url, database_url, accounts = server
    with chromium() as browser:
        pages = [_open(browser, url, account) for account in accounts]
        for number in range(ITEMS_EACH):  # one remark per session, all five sent together
            for page, account in zip(pages, accounts, strict=True):
                field = _widget(page, account.response_id, account.items[number], "remark")
                area = field.locator("textarea").first
                area.fill(_remark(account, number))
                area.press("Control+Enter")
            for page in pages:
                _settle(page)
        errors = [page.locator('[data-testid="stAlertContentError"]').count() for page in pages]
    assert errors == [0] * len(pages)
    assert _stored_remarks(database_url, accounts) == {
        (account.response_id, item.id): _remark(account, number)
        for account in accounts
        for number, item in enumerate(account.items)
    }


def _stored_remarks(database_url: str, accounts: list[Session5]) -> dict[tuple[int, str], str]:
    engine = make_engine(database_url)
    stored = {}
    with Session(engine) as session:
        for account in accounts:
            view = responses.response_view(session, SYSTEM, response_id=account.response_id)
            for item in account.items:
                answer = view.answers.get(item.id)
                stored[(account.response_id, item.id)] = answer.remark if answer else None
    engine.dispose()
    return stored
