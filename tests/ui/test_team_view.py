"""The overview's team panel: the director sees who is on the Cité's team and invites a
partner's counsellor as an assessor of the campaign shown; nobody else sees the panel."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from cdm_quality.services.people import auth
from cdm_quality.storage.tables import Role, User
from cdm_quality.ui.team_view import INVITE_KEYS
from tests.factories import World
from tests.ui.conftest import no_exception, open_app

LOGIN, NAME, EMAIL, PASSWORD = INVITE_KEYS


def _overview(world: World, role: str, lang: str = "en") -> AppTest:
    at = open_app(user_id=world.actor(role).id, lang=lang)
    no_exception(at)
    return at


def _invite(at: AppTest, *, login: str, name: str, password: str, email: str = "") -> AppTest:
    at.text_input(key=LOGIN).input(login)
    at.text_input(key=NAME).input(name)
    at.text_input(key=EMAIL).input(email)
    at.text_input(key=PASSWORD).input(password)
    button = "Inviter" if at.session_state["lang"] == "fr" else "Invite"
    next(b for b in at.button if b.label == button).click().run()
    no_exception(at)
    return at


def _shown(elements: Iterable[Any]) -> list[str]:
    """The messages as read: without the markdown escapes of names and punctuation."""
    return [str(e.value).replace("\\", "") for e in elements]


def _assessor(engine: Engine, login: str) -> User | None:
    with Session(engine) as session:
        return session.exec(select(User).where(User.login == login)).first()


def test_the_director_sees_the_team_and_invites_an_assessor(world: World, engine: Engine) -> None:
    at = _overview(world, "director")
    team = at.table[0].value
    assert list(team["Name"]) == ["Anne Dupré", "Luc Martin"]
    assert list(team["Role"]) == ["Cité director", "Contributor"]

    _invite(
        at, login="Conseil.Nord", name="Sami Haddad", password="partenaire-2026", email="s@x.fr"
    )
    assert _shown(at.success) == [
        'Sami Haddad (conseil.nord) is invited to rate the campaign "Campagne 2026" of '
        "Cité des métiers de Namur."
    ]
    invited = _assessor(engine, "conseil.nord")
    assert invited is not None
    assert (invited.role, invited.cite_id, invited.campaign_id, invited.email) == (
        Role.assessor,
        world.own.id,
        world.campaign.id,
        "s@x.fr",
    )
    row = at.table[0].value.set_index("Login").loc["conseil.nord"]
    assert row["Role"] == "Invited assessor (Campagne 2026)"
    assert at.text_input(key=LOGIN).value == ""  # the form is empty for the next one
    with Session(engine) as session:  # the initial password signs them in
        assert auth.authenticate(session, "conseil.nord", "partenaire-2026").role is Role.assessor


def test_a_refused_invitation_keeps_what_was_typed_and_says_why_in_french(
    world: World, engine: Engine
) -> None:
    at = _overview(world, "director", lang="fr")
    _invite(at, login="conseil.nord", name="Sami Haddad", password="court")
    assert _shown(at.error) == ["Un mot de passe compte entre 8 et 256 caractères."]
    assert not at.success
    assert at.text_input(key=LOGIN).value == "conseil.nord"
    assert at.text_input(key=NAME).value == "Sami Haddad"
    assert at.text_input(key=PASSWORD).value == "court"
    assert _assessor(engine, "conseil.nord") is None

    _invite(at, login="contributeur", name="Sami Haddad", password="partenaire-2026")
    assert _shown(at.error) == ["L'identifiant « contributeur » est déjà pris."]
    assert at.text_input(key=LOGIN).value == "contributeur"


@pytest.mark.parametrize("role", ["contributor", "authority", "admin"])
def test_only_the_director_sees_the_team_panel(world: World, role: str) -> None:
    at = _overview(world, role)
    assert "The Cité's team" not in [s.value for s in at.subheader]
    assert not any(k in at.session_state for k in INVITE_KEYS)
