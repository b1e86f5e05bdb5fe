"""AppTest helpers: run the real `app.py`, switch to a page by its registry key."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cdm_quality.ui.navigation import PAGES

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 30


def page_script(key: str) -> str:
    """The script of the page registered under `key`, relative to app.py."""
    return next(spec.script for spec in PAGES if spec.key == key)


def open_app(**state: object) -> AppTest:
    """`app.py` run once, with `state` put in the session first."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for name, value in state.items():
        at.session_state[name] = value
    return at.run()


def goto(at: AppTest, key: str) -> AppTest:
    """Switch to the page `key` and run it."""
    return at.switch_page(page_script(key)).run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def app() -> AppTest:
    return open_app()
