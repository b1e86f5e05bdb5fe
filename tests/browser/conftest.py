"""Fixtures of the browser tests: the demo served by the app's server (as `make run` serves
it), one per test module over its own copy of the demo (made once per process), and Debian's
Chromium, one per process (helpers in `tests/browser/support.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import support
from tests.browser.support import Server, app_server, chromium, demo_data


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A copy of the demo (`cdm-quality db upgrade`, `cdm-quality demo`), the app's server."""
    data_dir = demo_data(tmp_path_factory.mktemp("data"))
    with app_server(data_dir) as url:
        yield Server(url, data_dir)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the run (~1 s to launch); each test opens its own pages or contexts."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module", autouse=True)
def _close_pages() -> Iterator[None]:
    """At the end of a module, close the pages it left open in the run's Chromium (their
    server is gone: they would keep trying to reconnect)."""
    yield
    for browser in support._OPEN:
        for context in browser.contexts:
            context.close()
