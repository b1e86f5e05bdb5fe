"""No page shows an internal item id (such as `accueil.accessibilite`) to anyone.

The demo network is loaded (the real questionnaires, answers, remarks and actions), then
every page each role can open is run with AppTest, in French and English, and every string
it displays is searched for the item ids of the questionnaire files. The comparison page is
also scanned in each of its views (the distribution chart labels items).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from cdm_quality import demo
from cdm_quality.domain.loader import load_directory
from cdm_quality.storage.tables import User
from cdm_quality.ui.navigation import specs_for
from tests.databases import seeded
from tests.ui.conftest import ROLES, app_database, no_exception, open_page
from tests.ui.rendered import page_texts

QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "questionnaires"
DEMO_LOGINS = {
    "director": "directrice",
    "contributor": "contributeur",
    "authority": "autorite",
    "admin": "admin",
}
COMPARE_VIEWS = ("heatmap", "distribution", "benchmark", "evolution")


def _item_ids() -> set[str]:
    return {i.id for q in load_directory(QUESTIONNAIRES).values() for i in q.items()}


ITEM_ID = re.compile(
    r"(?<![\w.])("
    + "|".join(sorted(map(re.escape, _item_ids()), key=len, reverse=True))
    + r")(?![\w])"
)


@pytest.fixture(scope="module")
def demo_database() -> Iterator[Engine]:
    with app_database() as engine:
        with Session(engine) as session:
            seeded(session, demo.load_demo, directory=QUESTIONNAIRES)
        yield engine


def _user_id(engine: Engine, role: str) -> int:
    with Session(engine) as session:
        return session.exec(select(User.id).where(User.login == DEMO_LOGINS[role])).one()


def _ids_shown(texts: list[str]) -> set[str]:
    return {m.group(1) for text in texts for m in ITEM_ID.finditer(text)}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_an_item_id(demo_database: Engine, role: str, lang: str) -> None:
    user_id = _user_id(demo_database, role)
    shown: dict[str, set[str]] = {}
    for spec in specs_for(role):
        at = open_page(spec.key, user_id=user_id, lang=lang)
        no_exception(at)
        shown[spec.key] = _ids_shown(page_texts(at))
        if spec.key == "compare":
            for view in COMPARE_VIEWS:
                at.radio(key="compare.view").set_value(view).run()
                no_exception(at)
                shown[f"compare/{view}"] = _ids_shown(page_texts(at))
    assert not {page: sorted(ids)[:3] for page, ids in shown.items() if ids}


def test_the_scan_finds_an_id_when_one_is_shown(demo_database: Engine) -> None:
    assert _ids_shown(["Réf. accueil.accessibilite", "7.2"]) == {"accueil.accessibilite"}
    assert not _ids_shown(["www.accueil.accessibilite.fr", "accueil"])
