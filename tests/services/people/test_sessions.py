"""Browser sign-ins (issue 13, item 4): a token stored hashed, idle and absolute expiry, and
every account change that must end them (disabled, role, Cité, password)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlmodel import Session, select

from cdm_quality.services import responses
from cdm_quality.services.errors import SessionEnded
from cdm_quality.services.people import sessions, users
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.settings import Settings
from cdm_quality.storage.tables import Answer, Role, WebSession, utcnow
from tests.factories import FACTORY_PASSWORD, World

pytestmark = pytest.mark.also_postgres("session expiry compares times in SQL")

SETTINGS = Settings(idle_minutes=30, session_hours=12)
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def sign_in(session: Session, actor: Actor, at: dt.datetime = T0) -> str:
    return sessions.open_session(session, actor, settings=SETTINGS, now=at)


def resumed(session: Session, token: str, minutes: float = 0, touch: bool = True):
    at = T0 + dt.timedelta(minutes=minutes)
    return sessions.resume(session, token, touch=touch, settings=SETTINGS, now=at)


def test_a_session_gives_its_account_and_stores_only_the_tokens_hash(
    session: Session, world: World
) -> None:
    token = sign_in(session, world.director)
    found = resumed(session, token, minutes=5)
    assert found.actor is not None
    assert found.actor.model_copy(update={"session_id": None}) == world.director
    assert found.actor.session_id is not None
    stored = session.exec(select(WebSession)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    assert len(token) >= 40  # 32 random bytes


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 10_000, "\udcff"])
def test_an_unknown_token_gives_nobody(session: Session, world: World, token: str) -> None:
    sign_in(session, world.director)
    assert resumed(session, token).actor is None


def test_idle_time_ends_a_session_and_activity_keeps_it(session: Session, world: World) -> None:
    kept, idle = sign_in(session, world.director), sign_in(session, world.contributor)
    for minutes in (20, 40, 60):  # each run within the idle time counts as activity
        assert resumed(session, kept, minutes).actor is not None
    assert resumed(session, idle, 31) == sessions.Resumed(expired=True)
    assert resumed(session, idle, 32) == sessions.Resumed()  # deleted, not only refused


def test_a_run_that_is_not_activity_does_not_keep_it(session: Session, world: World) -> None:
    token = sign_in(session, world.director)
    assert resumed(session, token, 20, touch=False).actor is not None
    assert resumed(session, token, 31).expired


def test_a_session_ends_after_its_lifetime_however_active(session: Session, world: World) -> None:
    token = sign_in(session, world.director)
    for minutes in range(0, 12 * 60, 25):
        assert resumed(session, token, minutes).actor is not None
    assert resumed(session, token, 12 * 60).expired


def test_signing_out_ends_only_that_session(session: Session, world: World) -> None:
    first, second = sign_in(session, world.director), sign_in(session, world.director)
    sessions.end_session(session, first)
    assert resumed(session, first).actor is None
    assert resumed(session, second).actor is not None


def _now_session(session: Session, actor: Actor) -> tuple[str, Actor]:
    token = sessions.open_session(session, actor)
    found = sessions.resume(session, token)
    assert found.actor is not None
    return token, found.actor


def test_disabling_an_account_ends_its_sessions(session: Session, world: World) -> None:
    token, _ = _now_session(session, world.director)
    users.set_active(session, SYSTEM, login=world.director.login, active=False)
    users.set_active(session, SYSTEM, login=world.director.login, active=True)
    assert sessions.resume(session, token) == sessions.Resumed()


@pytest.mark.parametrize(
    ("role", "new_cite"), [(Role.contributor, "own"), (Role.director, "other")]
)
def test_a_new_role_or_cite_ends_the_accounts_sessions(
    session: Session, world: World, role: Role, new_cite: str
) -> None:
    token, _ = _now_session(session, world.director)
    other_account, _ = _now_session(session, world.contributor)
    cite = world.own.id if new_cite == "own" else world.other.id
    changed = users.change_role(
        session, world.admin, login=world.director.login, role=role, cite_id=cite
    )
    assert (changed.role, changed.cite_id) == (role, cite)
    assert sessions.resume(session, token).actor is None
    assert sessions.resume(session, other_account).actor is not None


def test_setting_the_same_role_and_cite_keeps_the_sessions(session: Session, world: World) -> None:
    token, _ = _now_session(session, world.director)
    users.change_role(
        session, world.admin, login="directrice", role=Role.director, cite_id=world.own.id
    )
    assert sessions.resume(session, token).actor is not None


def test_an_admin_setting_a_password_ends_every_session(session: Session, world: World) -> None:
    token, _ = _now_session(session, world.director)
    users.change_password(session, world.admin, login="directrice", new_password="new-secret-1")
    assert sessions.resume(session, token).actor is None


def test_changing_ones_own_password_ends_the_other_sessions(session: Session, world: World) -> None:
    mine, me = _now_session(session, world.director)
    elsewhere, _ = _now_session(session, world.director)
    users.change_password(
        session,
        me,
        login="directrice",
        current_password=FACTORY_PASSWORD,
        new_password="new-secret-1",
    )
    assert sessions.resume(session, mine).actor is not None
    assert sessions.resume(session, elsewhere).actor is None


def test_a_writing_service_refuses_an_ended_session_and_writes_nothing(
    session: Session, world: World
) -> None:
    token, me = _now_session(session, world.director)
    save = {"response_id": world.response.id, "item_id": "accueil.mode", "value": "libre"}
    sessions.end_session(session, token)  # signed out in another tab
    with pytest.raises(SessionEnded):
        responses.save_answer(session, me, **save)
    assert session.exec(select(Answer)).all() == []


def test_a_writing_service_refuses_an_idle_session(session: Session, world: World) -> None:
    _, me = _now_session(session, world.director)
    row = session.exec(select(WebSession)).one()
    row.last_seen_at = utcnow() - dt.timedelta(minutes=31)
    session.add(row)
    session.commit()
    with pytest.raises(SessionEnded):
        responses.save_answer(
            session, me, response_id=world.response.id, item_id="accueil.mode", value="libre"
        )


def test_ended_sessions_are_deleted_when_a_new_one_opens(session: Session, world: World) -> None:
    sign_in(session, world.director)
    sign_in(session, world.contributor, at=T0 + dt.timedelta(hours=12, minutes=1))
    assert len(session.exec(select(WebSession)).all()) == 1


def test_a_sign_in_prunes_by_each_sessions_stored_expiry_not_its_own_idle_time(
    session: Session, world: World
) -> None:
    # several instances: one started with CDM_QUALITY_IDLE_MINUTES=1 signs someone in
    others = sign_in(session, world.director)
    hasty = Settings(idle_minutes=1, session_hours=12)
    later = T0 + dt.timedelta(minutes=10)
    sessions.open_session(session, world.contributor, settings=hasty, now=later)
    assert resumed(session, others, 11).actor is not None  # still signed in here


def test_an_expired_session_can_be_kept_for_the_next_page_load_to_tell(
    session: Session, world: World
) -> None:
    token = sign_in(session, world.director)
    at = T0 + dt.timedelta(minutes=31)
    kept = sessions.resume(session, token, forget=False, settings=SETTINGS, now=at)
    assert kept == sessions.Resumed(expired=True)
    assert resumed(session, token, 31) == sessions.Resumed(expired=True)  # told again, then
    assert resumed(session, token, 32) == sessions.Resumed()  # deleted
