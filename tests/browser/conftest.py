"""Fixtures of the browser tests: the demo served by the app's server (as `make run` serves
it), one per test module over its own copy of the demo (made once per process), and Debian's
Chromium, one per process (helpers in `tests/browser/support.py`). A failed test leaves a
picture of each page it had open (`CDM_QUALITY_FAILURE_SHOTS`, else the temporary folder's
`cdm-quality-failures/`), named in its report: what the page showed when it failed."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """After a failed browser test, before its pages are closed: a full-page picture of each."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when != "call" or not report.failed or "browser" not in item.keywords:
        return
    folder = Path(os.environ.get("CDM_QUALITY_FAILURE_SHOTS") or tempfile.gettempdir())
    folder = folder / "cdm-quality-failures"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", item.name)
    lines = []
    pages = [page for b in support._OPEN for context in b.contexts for page in context.pages]
    for number, page in enumerate(pages):
        path = folder / f"{name}-{number}.png"
        try:
            page.screenshot(path=str(path), full_page=True, timeout=10_000)
            lines.append(f"{path} ({page.url})")
        except Exception as exc:  # noqa: BLE001 - a closed or hung page: the test's failure stands
            lines.append(f"{path}: no picture ({type(exc).__name__})")
    if lines:
        report.sections.append(("pages when the test failed", "\n".join(lines)))
