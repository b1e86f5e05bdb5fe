"""An open page acts for the account as stored now: an administrator's change (disabling the
account, another Cité) takes effect at the user's next action, before anything is saved."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from cdm_quality.storage.tables import User
from tests.factories import World
from tests.ui.conftest import no_exception
from tests.ui.test_fill import fill_page, key, stored


def _change(engine: Engine, user_id: int, **fields: object) -> None:
    with Session(engine) as session:
        user = session.get(User, user_id)
        assert user is not None
        for name, value in fields.items():
            setattr(user, name, value)
        session.add(user)
        session.commit()


def test_a_disabled_account_saves_nothing_more_and_is_signed_out(
    world: World, engine: Engine
) -> None:
    rid = world.response.id
    at = fill_page(world.director)
    at.pills(key=key(rid, "accueil.mode")).set_value("libre").run()
    _change(engine, world.director.id, active=False)
    at.pills(key=key(rid, "accueil.sans_rdv")).set_value("atteint").run()
    no_exception(at)
    assert stored(engine, world.authority, rid) == {"accueil.mode": "libre"}
    assert at.title[0].value == "Sign in"


def test_a_director_moved_to_another_cite_saves_nothing_into_the_old_one(
    world: World, engine: Engine
) -> None:
    rid = world.response.id
    at = fill_page(world.director)
    _change(engine, world.director.id, cite_id=world.other.id)
    at.pills(key=key(rid, "accueil.mode")).set_value("libre").run()
    no_exception(at)
    assert stored(engine, world.authority, rid) == {}
    assert stored(engine, world.authority, world.other_response.id) == {}
    assert world.other.name in at.sidebar.caption[0].value  # the page follows the new Cité
