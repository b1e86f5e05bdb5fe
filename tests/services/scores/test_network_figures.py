"""The network's quartiles ranked in SQL (`services.scores.figures`) are those `scoring.quartiles`
takes of the scores `response_scores` gives, to the last bit, on each dialect."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

import pytest
from sqlmodel import Session, select

from cdm_quality.domain.disclosure import OVERALL
from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import ItemKind, Phase
from cdm_quality.services import compare
from cdm_quality.services.network import campaigns
from cdm_quality.services.responses import get_or_create_response, save_answer
from cdm_quality.services.scores import aggregates, figures, keys
from cdm_quality.storage.tables import Response, ResponseState, Role
from tests.factories import AUTHORITY, make_campaign, make_cite, make_user

pytestmark = pytest.mark.also_postgres("the database ranks the scores (window functions)")

QID = "qualite"


@dataclass(frozen=True)
class World:
    campaign_ids: tuple[int, ...]
    cite_ids: list[int]


def _value(rng: random.Random, questionnaire, item) -> object:  # noqa: ANN001
    if item.kind == ItemKind.yes_no:
        return rng.random() < 0.5
    if item.kind == ItemKind.rating:
        return rng.choice(questionnaire.scale(item.scale).level_ids())
    return None


def _world(session: Session, cites: int = 13) -> World:
    """`cites` Cités (every phase) answering the quality grid at random in two campaigns, each
    self-assessment submitted as it is and its sums cached (conditional items included)."""
    rng = random.Random(26)
    questionnaire = load_directory("questionnaires")[QID]
    made = [make_cite(session, f"Cité {n}", phase=list(Phase)[n % 3]) for n in range(cites)]
    directors = [
        make_user(session, f"d{n}", Role.director, cite_id=c.id) for n, c in enumerate(made)
    ]
    campaign_ids = []
    for year in (2030, 2031):
        campaign = make_campaign(session, year, questionnaires=[questionnaire])
        for cite, director in zip(made, directors, strict=True):
            response = get_or_create_response(
                session, director, cite_id=cite.id, campaign_id=campaign.id, questionnaire_id=QID
            )
            for item in questionnaire.items():
                value = _value(rng, questionnaire, item)
                asked = keys.asked_in(questionnaire, item, cite.phase)
                if value is not None and asked and rng.random() < 0.8:
                    save_answer(
                        session, director, response_id=response.id, item_id=item.id, value=value
                    )
        _submit_all(session, campaign.id)
        if year == 2030:  # one open campaign at a time
            campaigns.close_campaign(session, AUTHORITY, campaign_id=campaign.id)
        campaign_ids.append(campaign.id)
    return World(tuple(campaign_ids), [c.id for c in made])


def _submit_all(session: Session, campaign_id: int) -> None:
    for response in session.exec(select(Response).where(Response.campaign_id == campaign_id)):
        response.state = ResponseState.submitted
        response.submitted_at = dt.datetime(2030, 5, 1, tzinfo=dt.UTC)
    session.commit()
    aggregates.cache_submitted(session, campaign_id=campaign_id)


def in_python(session: Session, scope: aggregates.Scope) -> figures.NetworkFigures:
    by_campaign: dict[int, list[aggregates.ResponseScores]] = {}
    for found in aggregates.response_scores(session, scope).values():
        by_campaign.setdefault(found.campaign_id, []).append(found)
    return figures.figures_of(by_campaign, min_count=3)


def test_ranked_in_sql_equals_the_quartiles_taken_in_python(session: Session) -> None:
    world = _world(session)
    whole = aggregates.Scope(campaign_ids=world.campaign_ids, questionnaire_id=QID)
    assert aggregates.uncached(session, whole) == {}
    for scope in (
        whole,
        replace(whole, excluded_cite_id=world.cite_ids[4]),
        replace(whole, phase=Phase.fonctionnement),  # 4 or 5 Cités: few ranks
        replace(whole, cite_ids=frozenset(world.cite_ids[:2])),  # too few: no quartiles
    ):
        expected = in_python(session, scope)
        found = figures.network_figures(session, scope, min_count=3)
        assert found.counts == expected.counts
        assert found.quartiles.keys() == expected.quartiles.keys()
        for (campaign_id, key), quartiles in expected.quartiles.items():
            if key == OVERALL:  # the sections' sums added in the order each side reads them
                assert found.of(campaign_id, key).model_dump() == pytest.approx(
                    quartiles.model_dump(), rel=1e-12
                )
            else:
                assert found.of(campaign_id, key) == quartiles, key


def test_with_every_response_cached_no_score_is_fetched_into_python(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = _world(session, cites=4)
    authority = make_user(session, "autorite", Role.authority)

    def refused(*_args: object) -> None:
        raise AssertionError("the network's scores were summed in Python")

    monkeypatch.setattr(figures, "response_scores", refused)
    found = compare.evolution(session, authority, questionnaire_id=QID, cite_id=world.cite_ids[0])
    assert [p.network_count for p in found.points] == [3, 3]
    assert all(p.overall.network is not None for p in found.points)
