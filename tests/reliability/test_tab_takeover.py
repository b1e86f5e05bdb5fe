"""A closed tab cannot be taken over without the sign-in cookie, nor its downloads fetched.

A contributor signs in with Chromium, opens the questionnaire and closes the tab. Another
client, with no cookie, reconnects to Streamlit's WebSocket with that tab's session id (the
third entry of `Sec-WebSocket-Protocol`, as Streamlit's own frontend does after a network cut)
and replays the tab's last rerun with one remark changed. It must get a signed-out page,
nothing of the contributor's, and the remark must not be saved under his name.

The real server (`uvicorn cdm_quality.ui.server:app`) over a demo database; the other client
is the `websockets` library speaking Streamlit's protocol (its protobuf messages).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import Answer
from tests.browser.support import (
    app_server,
    chromium,
    demo_data,
    playwright_or_skip,
    settle,
    sign_in,
    sqlite_url,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LOGIN, PASSWORD, NAME = "contributeur", "demo-contributeur", "Karim Benali"
STOLEN = "Remarque ecrite par un intrus"
WAIT_S = 30

playwright_or_skip()


@dataclass
class Tab:
    """What the contributor's tab exchanged with the server, as seen on its WebSocket."""

    session_id: str = ""
    remark_ids: list[str] = field(default_factory=list)
    last_rerun: bytes = b""

    def received(self, payload: bytes | str) -> None:
        message = _forward(payload)
        if message.WhichOneof("type") == "new_session":
            self.session_id = message.new_session.initialize.session_id
        element = message.delta.new_element
        if element.WhichOneof("type") == "text_area" and element.text_area.id.endswith(".remark"):
            self.remark_ids.append(element.text_area.id)

    def sent(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes) and BackMsg.FromString(payload).HasField("rerun_script"):
            self.last_rerun = payload


def _forward(payload: bytes | str) -> ForwardMsg:
    return ForwardMsg.FromString(payload) if isinstance(payload, bytes) else ForwardMsg()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    data_dir = demo_data(tmp_path_factory.mktemp("takeover"))
    with app_server(data_dir) as url:
        yield url, sqlite_url(data_dir)


def _contributor_tab(url: str) -> Tab:
    """Sign in as the contributor, open the questionnaire, close the tab."""
    tab = Tab()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
        page.on(
            "websocket",
            lambda ws: (ws.on("framereceived", tab.received), ws.on("framesent", tab.sent)),
        )
        page.goto(f"{url}/fill?q=qualite")
        sign_in(page, LOGIN, PASSWORD)
        page.get_by_text("Sections").first.wait_for()
        settle(page)
        page.close()
    assert tab.session_id and tab.remark_ids and tab.last_rerun
    return tab


def _replayed_rerun(tab: Tab) -> bytes:
    """The tab's last rerun with its first remark changed (what a reconnecting tab sends)."""
    message = BackMsg.FromString(tab.last_rerun)
    widgets = message.rerun_script.widget_states.widgets
    kept = [w for w in widgets if w.id != tab.remark_ids[0]]
    del widgets[:]
    widgets.extend(kept)
    widgets.add(id=tab.remark_ids[0], string_value=STOLEN)
    return message.SerializeToString()


def _take_over(url: str, tab: Tab) -> str:
    """Reconnect without any cookie to the tab's session; the page it is sent, as text."""
    address = url.replace("http://", "ws://") + "/_stcore/stream"
    shown: list[str] = []
    with connect(address, subprotocols=["streamlit", "no-xsrf", tab.session_id]) as socket:  # type: ignore[list-item]
        socket.send(_replayed_rerun(tab))
        while True:
            message = _forward(socket.recv(timeout=WAIT_S))
            shown.append(str(message))
            finished = message.WhichOneof("type") == "script_finished"
            if finished and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return "\n".join(shown)


def _remarks(database_url: str) -> list[str]:
    engine = make_engine(database_url)
    with Session(engine) as session:
        found = session.exec(select(Answer.remark).where(col(Answer.remark) == STOLEN)).all()
    engine.dispose()
    return list(found)


def test_a_closed_tab_reconnected_without_the_cookie_is_signed_out(
    server: tuple[str, str],
) -> None:
    url, database_url = server
    tab = _contributor_tab(url)
    page = _take_over(url, tab)
    assert "Se connecter" in page  # the signed-out visitor's way to the sign-in form
    assert NAME not in page
    assert "Val-de-Loire" not in page
    assert tab.remark_ids[0] not in page  # no widget of the questionnaire
    assert _remarks(database_url) == []


def _status_without_cookie(address: str) -> int:
    try:
        with urllib.request.urlopen(address, timeout=WAIT_S) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def test_a_downloaded_pdf_is_not_served_without_the_cookie(server: tuple[str, str]) -> None:
    url, _ = server
    fetched: list[str] = []
    with chromium() as browser:
        page = browser.new_page(accept_downloads=True, locale="fr-FR")
        page.on("request", lambda r: fetched.append(r.url) if f"{url}/media/" in r.url else None)
        page.goto(f"{url}/plan")
        sign_in(page, "directrice", "demo-directrice")
        button = page.get_by_test_id("stDownloadButton").first
        button.wait_for()
        settle(page)
        with page.expect_download() as made:
            button.click()
        assert Path(made.value.path()).read_bytes().startswith(b"%PDF")
        assert [_status_without_cookie(address) for address in fetched] == [404]
        assert page.request.get(fetched[0]).status == 200  # with the cookie: still served
