"""An invited assessor's account knows only the campaign it was invited to: the Cité's other
campaigns (last year's answers included) do not exist for it, through every reading service
(issue 20, item 11). SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlmodel import Session

from cdm_quality.services import responses
from cdm_quality.services.assessment import ratings
from cdm_quality.services.errors import NotFound
from cdm_quality.services.labelling import attachments
from cdm_quality.services.network import campaigns
from cdm_quality.services.network.follow_up import follow_up
from cdm_quality.services.people import auth
from cdm_quality.services.people.access import Actor
from tests.databases import seeded
from tests.factories import AUTHORITY, FACTORY_PASSWORD, World, build_world, make_campaign

OLD_REMARK = "Réponse de 2025 que l'évaluatrice de 2026 ne doit pas lire"


@dataclass(frozen=True)
class TwoYears:
    world: World  # 2025, closed, answered
    assessor: Actor  # invited for 2026
    this_year: int  # the Cité's 2026 response
    new_campaign: int


@pytest.fixture
def two_years(session: Session) -> TwoYears:
    return seeded(session, build_two_years)


def build_two_years(session: Session) -> TwoYears:
    """The Cité's 2025 campaign answered and closed, its 2026 response, an assessor invited
    for 2026 (a password hashed: built once per process, see `tests.databases.seeded`)."""
    world = build_world(session, year=2025)
    responses.save_answer(
        session, world.director, response_id=world.response.id, item_id="accueil.referent",
        value=True, remark=OLD_REMARK,
    )  # fmt: skip
    campaigns.close_campaign(session, AUTHORITY, campaign_id=world.campaign.id)
    new = make_campaign(session, 2026)
    current = responses.get_or_create_response(
        session, world.director, cite_id=world.own.id, campaign_id=new.id,
        questionnaire_id="minimal",
    )  # fmt: skip
    made = ratings.invite_assessor(
        session, world.director, campaign_id=new.id, login="evaluatrice", name="Eva",
        password=FACTORY_PASSWORD,
    )  # fmt: skip
    assessor = auth.current_actor(session, user_id=made.id)
    assert assessor is not None
    return TwoYears(world, assessor, current.id, new.id)


def test_the_assessor_sees_only_its_campaign(session: Session, two_years: TwoYears) -> None:
    assessor = two_years.assessor
    assert [c.year for c in campaigns.list_campaigns(session, assessor)] == [2026]
    assert responses.response_view(session, assessor, response_id=two_years.this_year)
    # last year's answers beside this year's items are that campaign's context (once rated)
    previous = responses.previous_answers(session, assessor, response_id=two_years.this_year)
    assert previous is not None and previous.campaign.year == 2025


LAST_YEAR: dict[str, Callable[[Session, Actor, TwoYears], object]] = {
    "get_campaign": lambda s, a, t: campaigns.get_campaign(s, a, campaign_id=t.world.campaign.id),
    "find_response": lambda s, a, t: responses.find_response(
        s, a, cite_id=t.world.own.id, campaign_id=t.world.campaign.id, questionnaire_id="minimal"
    ),
    "follow_up": lambda s, a, t: follow_up(s, a, campaign_id=t.world.campaign.id),
    "response_view": lambda s, a, t: responses.response_view(s, a, response_id=t.world.response.id),
    "readable_response": lambda s, a, t: responses.readable_response(
        s, a, response_id=t.world.response.id
    ),
    "progress": lambda s, a, t: responses.progress(s, a, response_id=t.world.response.id),
    "list_attachments": lambda s, a, t: attachments.list_attachments(
        s, a, response_id=t.world.response.id
    ),
}


@pytest.mark.parametrize("service", sorted(LAST_YEAR))
def test_last_years_campaign_does_not_exist_for_the_assessor(
    session: Session, two_years: TwoYears, service: str
) -> None:
    with pytest.raises(NotFound):
        LAST_YEAR[service](session, two_years.assessor, two_years)
    assert LAST_YEAR[service](session, two_years.world.director, two_years) is not None
