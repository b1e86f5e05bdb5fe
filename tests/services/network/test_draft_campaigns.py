"""A draft campaign does not exist for directors and contributors: every service given a
campaign id answers them as for a missing id (NotFound, the same code and parameters), and
nothing of the draft — not its name — is told. Before, `get_or_create_response` and
`create_action` (the plan's one-action write, since gone) answered "SECRET-DRAFT-2027 is not
open…" and `campaign_questionnaire` returned the draft's questionnaire."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session

from cdm_quality.domain.error_texts import describe
from cdm_quality.services import compare, plan, responses
from cdm_quality.services.assessment import synthesis
from cdm_quality.services.errors import NotFound
from cdm_quality.services.network import campaigns
from cdm_quality.services.network.follow_up import follow_up
from cdm_quality.services.people.access import Actor
from cdm_quality.services.plan import EditedRow
from cdm_quality.storage.tables import Role
from tests.databases import seeded
from tests.factories import AUTHORITY, make_user
from tests.network import Network, build_network, tiny

SECRET = "SECRET-DRAFT-2027"
MISSING = 999_999

Call = Callable[[Session, Actor, int, int], Any]  # (session, actor, cite id, campaign id)
CALLS: dict[str, Call] = {
    "get_campaign": lambda s, a, c, k: campaigns.get_campaign(s, a, campaign_id=k),
    "campaign_questionnaire": lambda s, a, c, k: campaigns.campaign_questionnaire(
        s, a, campaign_id=k, questionnaire_id="tiny"
    ),
    "get_or_create_response": lambda s, a, c, k: responses.get_or_create_response(
        s, a, cite_id=c, campaign_id=k, questionnaire_id="tiny"
    ),
    "find_response": lambda s, a, c, k: responses.find_response(
        s, a, cite_id=c, campaign_id=k, questionnaire_id="tiny"
    ),
    "follow_up": lambda s, a, c, k: follow_up(s, a, campaign_id=k),
    "readable_response_ids": lambda s, a, c, k: responses.readable_response_ids(
        s, a, campaign_id=k
    ),
    "save_table": lambda s, a, c, k: plan.save_table(
        s, a, cite_id=c, campaign_id=k, edited=[EditedRow(row=1, cells={"title": "Ouvrir"})]
    ),
    "list_actions": lambda s, a, c, k: plan.list_actions(s, a, cite_id=c, campaign_id=k),
    "plan_view": lambda s, a, c, k: plan.plan_view(s, a, cite_id=c, campaign_id=k, lang="fr"),
    "propose": lambda s, a, c, k: plan.propose(s, a, cite_id=c, campaign_id=k, lang="fr"),
    "carry_over_previous": lambda s, a, c, k: plan.carry_over_previous(
        s, a, cite_id=c, campaign_id=k
    ),
    "plan_pdf": lambda s, a, c, k: plan.plan_pdf(s, a, cite_id=c, campaign_id=k, lang="fr"),
    "cite_synthesis": lambda s, a, c, k: synthesis.cite_synthesis(
        s, a, cite_id=c, campaign_id=k, lang="fr"
    ),
    "cite_benchmark": lambda s, a, c, k: compare.cite_benchmark(
        s, a, campaign_id=k, questionnaire_id="tiny"
    ),
    "item_distribution": lambda s, a, c, k: compare.item_distribution(
        s, a, campaign_id=k, questionnaire_id="tiny"
    ),
}


@pytest.fixture
def net(session: Session) -> Network:
    return seeded(session, build_network)


@pytest.fixture
def draft_id(session: Session, net: Network) -> int:
    made = campaigns.create_campaign(
        session, AUTHORITY, year=2027, questionnaires=[tiny()], name=SECRET
    )
    return made.id


def _refusal(call: Call, session: Session, actor: Actor, cite_id: int, campaign_id: int):
    with pytest.raises(NotFound) as refused:
        call(session, actor, cite_id, campaign_id)
    session.rollback()
    return refused.value


@pytest.mark.parametrize("role", [Role.director, Role.contributor])
@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_draft_campaign_is_not_found_like_a_missing_one(
    session: Session, net: Network, draft_id: int, service: str, role: Role
) -> None:
    cite_id = net.id("Namur")
    actor = (
        net.directors["Namur"]
        if role is Role.director
        else make_user(session, "contrib.namur", Role.contributor, cite_id=cite_id)
    )
    draft = _refusal(CALLS[service], session, actor, cite_id, draft_id)
    missing = _refusal(CALLS[service], session, actor, cite_id, MISSING)
    assert (draft.code, draft.params) == (missing.code, missing.params)
    for told in (str(draft), describe(draft, "fr"), describe(draft, "en")):
        assert SECRET not in told and "2027" not in told


def test_the_label_authority_sees_the_draft(session: Session, draft_id: int) -> None:
    assert campaigns.get_campaign(session, AUTHORITY, campaign_id=draft_id).name == SECRET
    found = campaigns.campaign_questionnaire(
        session, AUTHORITY, campaign_id=draft_id, questionnaire_id="tiny"
    )
    assert found.id == "tiny"
