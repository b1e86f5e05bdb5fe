"""A download made when its button is clicked (Streamlit runs it later, outside the page's
run) delivers nothing once the sign-in that showed the button has ended: signed out in another
tab, or the account disabled. Every deferred download of the app: the evidence file, the
labelling file and the plan as PDF, the follow-up tables."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.runtime.media_file_manager import MediaFileManager

from cdm_quality.services.errors import AccountChanged, SessionEnded
from cdm_quality.services.labelling import attachments
from cdm_quality.services.people import sessions, users
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.storage.tables import Role
from cdm_quality.ui import auth
from tests.factories import make_user
from tests.ui.conftest import goto, no_exception, open_app
from tests.ui.test_fill_dossier import HOLDER, PDF, Namur, build_namur

Deferred = dict[str, Callable[[], object]]


@pytest.fixture
def namur(engine: Engine) -> Namur:
    return build_namur(engine)


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Deferred:
    """The deferred downloads the pages register, by file name."""
    made: Deferred = {}
    register = MediaFileManager.add_deferred

    def recording(self: MediaFileManager, data: Callable[[], object], *args, **kwargs):  # type: ignore[no-untyped-def]
        made[str(kwargs.get("file_name", args[2] if len(args) > 2 else ""))] = data
        return register(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return made


def _director_downloads(namur: Namur, engine: Engine, deferred: Deferred) -> str:
    """The director's pages with a deferred download opened; returns the tab's token."""
    with Session(engine) as session:
        attachments.add_file(
            session, namur.director, response_id=namur.rid, item_id=HOLDER, name="deliberation.pdf",
            content=PDF,
        )  # fmt: skip
    at = open_app(user_id=namur.director.id, lang="en")
    for page in ("fill", "labelling_file", "plan"):
        at = goto(at, page)
        no_exception(at)
    assert {"deliberation.pdf"} < set(deferred)
    assert all(build() for build in deferred.values())  # while signed in, each file is made
    return str(at.session_state[auth.TOKEN_KEY])


def _refused(deferred: Deferred, error: type[Exception]) -> list[str]:
    refused = []
    for name, build in deferred.items():
        with pytest.raises(error):
            build()
        refused.append(name)
    return refused


def test_signing_out_in_another_tab_stops_every_download(
    namur: Namur, engine: Engine, deferred: Deferred
) -> None:
    token = _director_downloads(namur, engine, deferred)
    with Session(engine) as session:
        sessions.end_session(session, token)  # the other tab's "Sign out"
    assert len(_refused(deferred, SessionEnded)) == len(deferred) >= 3


def test_a_disabled_account_downloads_nothing_more(
    namur: Namur, engine: Engine, deferred: Deferred
) -> None:
    _director_downloads(namur, engine, deferred)
    with Session(engine) as session:
        users.set_active(session, SYSTEM, login="namur", active=False)
    assert len(_refused(deferred, (AccountChanged, SessionEnded))) == len(deferred)


def test_the_authoritys_follow_up_tables_stop_at_sign_out(
    namur: Namur, engine: Engine, deferred: Deferred
) -> None:
    with Session(engine) as session:
        authority = make_user(session, "autorite", Role.authority)
    at = goto(open_app(user_id=authority.id, lang="en"), "follow_up")
    no_exception(at)
    assert len(deferred) == 4 and all(build() for build in deferred.values())
    with Session(engine) as session:
        sessions.end_session(session, str(at.session_state[auth.TOKEN_KEY]))
    assert len(_refused(deferred, SessionEnded)) == 4  # CSV and XLSX of both tables
