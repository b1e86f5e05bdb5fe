"""Each account keeps the language its person chose; each Cité the working language of the
documents it hands in (issue 27 item 2)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlmodel import Session

from cdm_quality.services.network import cites
from cdm_quality.services.people import sessions, users
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.storage.tables import CiteCreate, User
from tests.factories import World

pytestmark = pytest.mark.also_postgres("two new columns of the accounts and Cités tables")


def test_the_signed_in_actor_carries_the_language_of_their_account(
    session: Session, world: World
) -> None:
    """The pages follow the account's language (`ui.i18n.adopt_account_lang`): the actor a
    sign-in resumes carries the one the person last chose."""
    director = world.director
    assert director.language is None  # never chosen: the browser's is used
    users.remember_language(session, director, lang="it")
    stored = session.get(User, director.id)
    assert stored is not None and stored.language == "it"
    token = sessions.open_session(session, Actor.of(stored))
    resumed = sessions.resume(session, token)
    assert resumed.actor is not None and resumed.actor.language == "it"


def test_a_cite_has_a_working_language(session: Session, world: World) -> None:
    porto = world.other
    assert cites.get_cite(session, SYSTEM, cite_id=porto.id).language is None  # French
    data = CiteCreate.model_validate(porto.model_dump() | {"language": "pt"})
    assert cites.update_cite(session, SYSTEM, cite_id=porto.id, data=data).language == "pt"
    assert cites.get_cite(session, SYSTEM, cite_id=porto.id).language == "pt"
    made = cites.create_cite(
        session,
        SYSTEM,
        data=CiteCreate(
            name="Cité des métiers de Turin",
            city="Torino",
            country="Italia",
            phase="projet",
            language="it",
        ),
    )
    assert made.language == "it"
    with pytest.raises(ValidationError, match="no language has the code de"):
        CiteCreate.model_validate(porto.model_dump() | {"language": "de"})
