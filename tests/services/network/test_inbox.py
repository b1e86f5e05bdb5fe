"""The inbox is built from every questionnaire asked of a Cité (issue 24 item 1): one the
Cité never opened is as due as a draft, and an invited assessor can start the grid to rate."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from cdm_quality.services import responses
from cdm_quality.services.assessment import ratings, review
from cdm_quality.services.errors import AccessDenied
from cdm_quality.services.network import inbox
from cdm_quality.services.people import auth
from cdm_quality.services.people.access import Actor
from cdm_quality.storage.tables import Role
from tests.factories import World, build_world, make_cite, make_user

TODAY = dt.date(2026, 6, 1)
LATER = dt.date(2026, 10, 1)


@pytest.fixture
def world(session: Session) -> World:
    world = build_world(session)
    review.set_due_date(session, world.authority, campaign_id=world.campaign.id, due_on=TODAY)
    return world


def _submits(session: Session, actor: Actor, today: dt.date) -> list[tuple[str, str, int]]:
    return [
        (e.cite_name, e.questionnaire_id, e.ref_id)
        for e in inbox.inbox(session, actor, today=today)
        if e.due is inbox.Due.submit
    ]


def test_a_questionnaire_never_opened_is_due_and_then_late(session: Session, world: World) -> None:
    new = make_cite(session, "Cité des métiers de Charleroi", country="Belgique")
    director = make_user(session, "charleroi", Role.director, cite_id=new.id)
    entries = inbox.inbox(session, director, today=TODAY)
    assert [(e.questionnaire_id, e.ref_id, e.overdue) for e in entries] == [("minimal", 0, False)]
    assert entries[0].event == f"remind:submit:{new.id}.{world.campaign.id}.minimal:{TODAY}"
    late = _submits(session, world.authority, LATER)
    assert ("Cité des métiers de Charleroi", "minimal", 0) in late
    assert len(late) == 3  # the two drafts and the one never opened


def test_an_assessor_starts_the_grid_the_cite_has_not_opened(
    session: Session, world: World
) -> None:
    new = make_cite(session, "Cité des métiers de Charleroi")
    director = make_user(session, "charleroi", Role.director, cite_id=new.id)
    invited = ratings.invite_assessor(
        session,
        director,
        campaign_id=world.campaign.id,
        login="eval",
        name="Eva",
        password="factory-password",
    )
    assessor = auth.current_actor(session, user_id=invited.id)
    assert assessor is not None
    start = {"cite_id": new.id, "campaign_id": world.campaign.id, "questionnaire_id": "minimal"}
    started = responses.get_or_create_response(session, assessor, **start)
    rated = ratings.rate(
        session, assessor, response_id=started.id, item_id="accueil.sans_rdv", value="atteint"
    )
    assert rated.value == "atteint"
    elsewhere = {**start, "cite_id": world.other.id}
    with pytest.raises(AccessDenied):
        responses.get_or_create_response(session, assessor, **elsewhere)
