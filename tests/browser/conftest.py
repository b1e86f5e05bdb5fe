"""Fixtures of the browser tests: the demo served by the app's server (as `make run` serves
it) and Debian's Chromium, one of each per test module (helpers in `tests/browser/support.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.support import Server, app_server, chromium, demo_data


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`cdm-quality db upgrade`, `cdm-quality demo`, then the app's server."""
    data_dir = demo_data(tmp_path_factory.mktemp("data"))
    with app_server(data_dir) as url:
        yield Server(url, data_dir)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched
