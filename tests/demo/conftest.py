"""The demo's tests read one database: the demo as `demo.load_demo` loads it, built once per
process and copied for each module (`tests.databases.seeded`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from cdm_quality import demo
from tests.databases import empty_sqlite, seeded

QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "questionnaires"


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    """The demo's database (read only: every test of the module shares it)."""
    made = empty_sqlite()
    with Session(made) as session:
        seeded(session, demo.load_demo, directory=QUESTIONNAIRES)
    yield made
    made.dispose()
