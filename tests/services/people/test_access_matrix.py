"""Every role × every service × own / other Cité: allowed calls work, others raise AccessDenied.

The expectations are written out here on purpose, independently of `access._ROLE_SCOPES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlmodel import Session

from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import backup, responses
from cdm_quality.services.assessment import ratings, synthesis
from cdm_quality.services.errors import AccessDenied, InvalidValue
from cdm_quality.services.network import campaigns, cites
from cdm_quality.services.network.follow_up import follow_up
from cdm_quality.services.people import users
from cdm_quality.services.people.access import Actor
from cdm_quality.storage.tables import CiteCreate, PhaseDecision, Role
from tests.factories import (
    AUTHORITY,
    FACTORY_PASSWORD,
    FIXTURES,
    World,
    make_campaign,
    member,
    minimal,
)

ROLES = ("director", "contributor", "assessor", "authority", "admin")
BOTH = {"own", "other"}
OWN = {"own"}
NONE: set[str] = set()

# service → role → the targets (own / other Cité) on which the call is allowed
# (the assessor: invited by the own Cité's director to rate in the world's campaign)
READ = {"director": OWN, "contributor": OWN, "assessor": OWN, "authority": BOTH, "admin": BOTH}
RATE = {"director": OWN, "contributor": OWN, "assessor": OWN, "authority": NONE, "admin": NONE}
FILL = {"director": OWN, "contributor": OWN, "assessor": NONE, "authority": NONE, "admin": NONE}
SUBMIT = {"director": OWN, "contributor": NONE, "assessor": NONE, "authority": NONE, "admin": NONE}
CONSENSUS = SUBMIT
FILES = {"director": OWN, "contributor": OWN, "assessor": NONE, "authority": BOTH, "admin": BOTH}
REOPEN = {"director": NONE, "contributor": NONE, "assessor": NONE, "authority": BOTH, "admin": BOTH}
PHASE = REOPEN
CAMPAIGNS = REOPEN
ADMIN = {"director": NONE, "contributor": NONE, "assessor": NONE, "authority": NONE, "admin": BOTH}
EVERYONE = {role: BOTH for role in ROLES}

Call = Callable[[Session, World, Actor, str], object]


def _cite(world: World, target: str) -> int:
    return world.own.id if target == "own" else world.other.id


def _response(world: World, target: str) -> int:
    return world.response.id if target == "own" else world.other_response.id


def _director(world: World, target: str) -> Actor:
    return world.director if target == "own" else world.other_director


def _ready(session: Session, world: World, target: str) -> int:
    """Answer the required items of the target's response (as its director)."""
    rid = _response(world, target)
    for item_id, value in (("accueil.sans_rdv", "atteint"), ("accueil.referent", True)):
        responses.save_answer(
            session, _director(world, target), response_id=rid, item_id=item_id, value=value
        )
    return rid


def _submitted(session: Session, world: World, target: str) -> int:
    rid = _ready(session, world, target)
    responses.submit_response(session, _director(world, target), response_id=rid)
    return rid


def _open_a_draft(session: Session, world: World, actor: Actor) -> object:
    draft = make_campaign(session, 2027, open_it=False)
    campaigns.close_campaign(session, AUTHORITY, campaign_id=world.campaign.id)
    return campaigns.open_campaign(session, actor, campaign_id=draft.id)


def _start_from_files(session: Session, world: World, actor: Actor) -> object:
    campaigns.close_campaign(session, AUTHORITY, campaign_id=world.campaign.id)
    return campaigns.start_campaign(session, actor, year=2027, directory=FIXTURES)


def _restore_checked(session: Session, actor: Actor) -> None:
    """Restore with a damaged text: access is checked before the text is read."""
    try:
        backup.restore(session.get_bind(), actor, "")
    except InvalidValue:
        pass


# fmt: off
SERVICES: dict[str, tuple[dict[str, set[str]], Call]] = {
    "get_cite": (READ, lambda s, w, a, t: cites.get_cite(s, a, cite_id=_cite(w, t))),
    "find_response": (READ, lambda s, w, a, t: responses.find_response(
        s, a, cite_id=_cite(w, t), campaign_id=w.campaign.id, questionnaire_id="minimal")),
    "get_or_create_response": (READ, lambda s, w, a, t: responses.get_or_create_response(
        s, a, cite_id=_cite(w, t), campaign_id=w.campaign.id, questionnaire_id="minimal")),
    "response_view": (READ, lambda s, w, a, t: responses.response_view(
        s, a, response_id=_response(w, t))),
    "progress": (READ, lambda s, w, a, t: responses.progress(s, a, response_id=_response(w, t))),
    "previous_answers": (READ, lambda s, w, a, t: responses.previous_answers(
        s, a, response_id=_response(w, t))),
    "rate": (RATE, lambda s, w, a, t: ratings.rate(
        s, a, response_id=_response(w, t), item_id="accueil.sans_rdv", value="atteint")),
    "team_board": (READ, lambda s, w, a, t: ratings.team_board(
        s, a, response_id=_response(w, t))),
    "set_consensus": (CONSENSUS, lambda s, w, a, t: ratings.set_consensus(
        s, a, response_id=_response(w, t), item_id="accueil.sans_rdv", value="atteint")),
    "cite_synthesis": (FILES, lambda s, w, a, t: synthesis.cite_synthesis(
        s, a, cite_id=_cite(w, t), campaign_id=w.campaign.id, lang="fr", comparisons=False)),
    "save_answer": (FILL, lambda s, w, a, t: responses.save_answer(
        s, a, response_id=_response(w, t), item_id="accueil.mode", value="libre")),
    "submit_response": (SUBMIT, lambda s, w, a, t: responses.submit_response(
        s, a, response_id=_ready(s, w, t))),
    "reopen_response": (REOPEN, lambda s, w, a, t: responses.reopen_response(
        s, a, response_id=_submitted(s, w, t), reason="À revoir")),
    "record_phase": (PHASE, lambda s, w, a, t: cites.record_phase(
        s, a, cite_id=_cite(w, t), phase=Phase.fonctionnement,
        decision=PhaseDecision.confirmed, decided_on=dt.date(2026, 6, 1))),
    "update_cite": (ADMIN, lambda s, w, a, t: cites.update_cite(
        s, a, cite_id=_cite(w, t),
        data=CiteCreate(name=f"Cité {t}", city="Namur", country="Belgique",
                        phase=Phase.fonctionnement))),
    "create_cite": (ADMIN, lambda s, w, a, t: cites.create_cite(
        s, a, data=CiteCreate(name=f"Nouvelle {t}", city="Lyon", country="France",
                              phase=Phase.projet))),
    "create_campaign": (CAMPAIGNS, lambda s, w, a, t: campaigns.create_campaign(
        s, a, year=2030 if t == "own" else 2031, questionnaires=[minimal()])),
    "close_campaign": (CAMPAIGNS, lambda s, w, a, t: campaigns.close_campaign(
        s, a, campaign_id=w.campaign.id)),
    "add_user": (ADMIN, lambda s, w, a, t: users.add_user(
        s, a, login=f"new-{t}", name="Nouvel", password="long-enough", role=Role.contributor,
        cite_id=_cite(w, t))),
    "list_users": (ADMIN, lambda s, w, a, t: users.list_users(s, a)),
    "change_password": (ADMIN, lambda s, w, a, t: users.change_password(
        s, a, login=_director(w, t).login, new_password="another-pass")),
    "backup": (ADMIN, lambda s, w, a, t: backup.dump(s, a)),
    "restore": (ADMIN, lambda s, w, a, t: _restore_checked(s, a)),
    "set_active": (ADMIN, lambda s, w, a, t: users.set_active(
        s, a, login=_director(w, t).login, active=False)),
    "open_campaign": (CAMPAIGNS, lambda s, w, a, t: _open_a_draft(s, w, a)),
    "start_campaign": (CAMPAIGNS, lambda s, w, a, t: _start_from_files(s, w, a)),
    "list_campaigns": (EVERYONE, lambda s, w, a, t: campaigns.list_campaigns(s, a)),
    "current_campaign": (EVERYONE, lambda s, w, a, t: campaigns.current_campaign(s, a)),
    "get_campaign": (EVERYONE, lambda s, w, a, t: campaigns.get_campaign(
        s, a, campaign_id=w.campaign.id)),
    "campaign_questionnaire": (EVERYONE, lambda s, w, a, t: campaigns.campaign_questionnaire(
        s, a, campaign_id=w.campaign.id, questionnaire_id="minimal")),
}
# fmt: on

CASES = [
    pytest.param(service, role, target, id=f"{service}-{role}-{target}")
    for service in SERVICES
    for role in ROLES
    for target in ("own", "other")
]


@pytest.mark.parametrize(("service", "role", "target"), CASES)
def test_access(session: Session, world: World, service: str, role: str, target: str) -> None:
    expected, call = SERVICES[service]
    actor = member(session, world, role)
    if target in expected[role]:
        call(session, world, actor, target)
    else:
        with pytest.raises(AccessDenied):
            call(session, world, actor, target)


@pytest.mark.parametrize("role", ROLES)
def test_lists_are_filtered(session: Session, world: World, role: str) -> None:
    actor = member(session, world, role)
    seen = {c.id for c in cites.list_cites(session, actor)}
    rows = follow_up(session, actor, campaign_id=world.campaign.id).rows
    readable = {world.own.id} if READ[role] == OWN else {world.own.id, world.other.id}
    assert seen == readable
    assert {r.cite_id for r in rows} == readable
    ids = responses.readable_response_ids(session, actor, campaign_id=world.campaign.id)
    expected = (
        {world.response.id} if READ[role] == OWN else {world.response.id, world.other_response.id}
    )
    assert set(ids) == expected


def test_user_changes_own_password_with_current_one(session: Session, world: World) -> None:
    users.change_password(
        session,
        world.contributor,
        login="contributeur",
        current_password=FACTORY_PASSWORD,
        new_password="nouveau-mdp",
    )
    with pytest.raises(AccessDenied):
        users.change_password(
            session,
            world.contributor,
            login="contributeur",
            current_password="wrong-one",
            new_password="x" * 9,
        )
