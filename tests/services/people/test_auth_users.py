"""Accounts (argon2), sign-in, and throttling that holds across app instances."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from cdm_quality.services.errors import AuthError, InvalidState, InvalidValue, LoginThrottled
from cdm_quality.services.people import auth, users
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.settings import Settings
from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import LoginFailure, Role, User
from tests.factories import FACTORY_PASSWORD, make_cite, make_user

pytestmark = pytest.mark.also_postgres(
    "sign-in throttling: an advisory lock, times compared in SQL"
)

SETTINGS = Settings(login_max_failures=3, login_lock_minutes=10)
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def director(session: Session):
    cite = make_cite(session, "Cité des métiers de Porto", country="Portugal")
    return make_user(session, "diretora", Role.director, cite_id=cite.id, name="Ana Sousa")


def login(session: Session, name: str, password: str, minutes: float = 0):
    return auth.authenticate(
        session, name, password, settings=SETTINGS, now=T0 + dt.timedelta(minutes=minutes)
    )


def test_add_user_hashes_with_argon2(session: Session) -> None:
    cite = make_cite(session, "Cité des métiers de Turin", country="Italie")
    made = users.add_user(
        session,
        SYSTEM,
        login=" Paolo.F ",
        name="Paolo Ferrero",
        password="mot-de-passe-long",
        role=Role.director,
        cite_id=cite.id,
    )
    assert made.login == "paolo.f"
    stored = session.exec(select(User)).one()
    assert stored.password_hash.startswith("$argon2id$")
    assert "mot-de-passe-long" not in stored.password_hash
    assert login(session, "PAOLO.F", "mot-de-passe-long").name == "Paolo Ferrero"


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"role": Role.director, "cite_id": None}, InvalidValue),  # director needs a Cité
        ({"role": Role.authority, "cite_id": 1}, InvalidValue),  # authority has none
        ({"password": "court"}, InvalidValue),
        ({"login": "x"}, InvalidValue),
        ({"login": "bad login!"}, InvalidValue),
        ({"login": "diretora"}, InvalidState),  # taken
    ],
)
def test_add_user_refusals(session: Session, director, kw: dict, error: type) -> None:
    args = {
        "login": "nouveau",
        "name": "N",
        "password": "assez-long",
        "role": Role.contributor,
        "cite_id": director.cite_id,
    } | kw
    with pytest.raises(error):
        users.add_user(session, SYSTEM, **args)


def test_list_and_disable(session: Session, director) -> None:
    assert [u.login for u in users.list_users(session, SYSTEM)] == ["diretora"]
    users.set_active(session, SYSTEM, login="diretora", active=False)
    with pytest.raises(AuthError):
        login(session, "diretora", FACTORY_PASSWORD)
    assert auth.current_actor(session, user_id=director.id) is None


def test_sign_in_and_wrong_password(session: Session, director) -> None:
    actor = login(session, "diretora", FACTORY_PASSWORD)
    assert (actor.id, actor.role, actor.cite_id) == (director.id, Role.director, director.cite_id)
    assert auth.current_actor(session, user_id=director.id) == actor
    with pytest.raises(AuthError) as wrong:
        login(session, "diretora", "nope")
    with pytest.raises(AuthError) as unknown:
        login(session, "personne", "nope")
    assert str(wrong.value) == str(unknown.value) == "auth.failed"  # never tells which was wrong


def test_throttled_after_repeated_failures_even_with_right_password(
    session: Session, director
) -> None:
    for minute in range(3):
        with pytest.raises(AuthError):
            login(session, "diretora", "wrong", minutes=minute)
    with pytest.raises(LoginThrottled) as caught:
        login(session, "diretora", FACTORY_PASSWORD, minutes=3)
    assert caught.value.retry_after == T0 + dt.timedelta(minutes=10)
    assert login(session, "diretora", FACTORY_PASSWORD, minutes=10.5).login == "diretora"
    assert session.exec(select(LoginFailure)).all() == []  # success clears the count


def test_failures_outside_the_window_do_not_count(session: Session, director) -> None:
    for minute in (0, 1, 12):
        with pytest.raises(AuthError) as caught:
            login(session, "diretora", "wrong", minutes=minute)
        assert not isinstance(caught.value, LoginThrottled)
    assert login(session, "diretora", FACTORY_PASSWORD, minutes=13).login == "diretora"


def test_throttling_holds_across_app_instances(file_engine: Engine, director_file) -> None:
    """Two engines on one database stand for two app instances."""
    other = make_engine(file_engine.url.render_as_string(hide_password=False))
    for minute, engine in enumerate((file_engine, other, file_engine)):
        with Session(engine) as session, pytest.raises(AuthError):
            login(session, "diretora", "wrong", minutes=minute)
    with Session(other) as session, pytest.raises(LoginThrottled):
        login(session, "diretora", FACTORY_PASSWORD, minutes=4)
    other.dispose()


@pytest.fixture
def director_file(file_engine: Engine):
    with Session(file_engine) as session:
        cite = make_cite(session, "Cité des métiers de Porto", country="Portugal")
        return make_user(session, "diretora", Role.director, cite_id=cite.id)


def test_admin_password_reset_clears_throttle(session: Session, director) -> None:
    for minute in range(3):
        with pytest.raises(AuthError):
            login(session, "diretora", "wrong", minutes=minute)
    users.change_password(session, SYSTEM, login="diretora", new_password="nouveau-secret")
    assert login(session, "diretora", "nouveau-secret", minutes=4).login == "diretora"
