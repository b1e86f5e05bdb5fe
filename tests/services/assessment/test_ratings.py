"""Individual ratings, then consensus: hidden ratings, the spread, the consensus answer and
who may do what (issue 16, items 1 and 4). Each test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from cdm_quality.services import responses
from cdm_quality.services.assessment import ratings, synthesis
from cdm_quality.services.errors import (
    AccessDenied,
    InvalidState,
    InvalidValue,
    ResponseLocked,
)
from cdm_quality.services.people import auth, users
from cdm_quality.services.people.access import Actor
from cdm_quality.storage.tables import ItemConsensus, ItemRating, Role
from tests.factories import FACTORY_PASSWORD, World, make_campaign

RATING = "accueil.sans_rdv"  # levels: non_engage, en_cours, atteint, exemplaire (+ na)
YES_NO = "accueil.referent"


def _assessor(session: Session, world: World, login: str = "evaluatrice") -> Actor:
    made = ratings.invite_assessor(
        session,
        world.director,
        campaign_id=world.campaign.id,
        login=login,
        name="Eva Luatrice",
        password=FACTORY_PASSWORD,
    )
    found = auth.current_actor(session, user_id=made.id)
    assert found is not None
    return found


def _rate(session: Session, world: World, actor: Actor, item: str, value: object, remark=""):
    return ratings.rate(
        session, actor, response_id=world.response.id, item_id=item, value=value, remark=remark
    )


def test_others_ratings_stay_hidden_until_mine_are_done(session: Session, world: World) -> None:
    _rate(session, world, world.director, RATING, "exemplaire", "Tout le monde est reçu.")
    _rate(session, world, world.contributor, RATING, "en_cours", "Pas le samedi.")
    board = ratings.team_board(session, world.contributor, response_id=world.response.id)
    item = board.items[RATING]
    assert item.hidden and not board.sees_all
    assert [r.value for r in item.ratings] == ["en_cours"]  # only my own
    assert item.lowest is None and not item.divergent and board.participants == []

    assert ratings.finish_ratings(session, world.contributor, response_id=world.response.id) == 1
    board = ratings.team_board(session, world.contributor, response_id=world.response.id)
    assert board.own_done and board.sees_all and not board.can_rate
    assert sorted(r.value for r in board.items[RATING].ratings) == ["en_cours", "exemplaire"]
    assert board.participants == ["Anne Dupré", "Luc Martin"]


def test_done_ratings_are_sealed(session: Session, world: World) -> None:
    with pytest.raises(InvalidState):
        ratings.finish_ratings(session, world.contributor, response_id=world.response.id)
    _rate(session, world, world.contributor, RATING, "atteint")
    ratings.finish_ratings(session, world.contributor, response_id=world.response.id)
    with pytest.raises(InvalidState):
        _rate(session, world, world.contributor, RATING, "en_cours")
    with pytest.raises(InvalidState):
        _rate(session, world, world.contributor, YES_NO, True)


def test_spread_flags_ratings_two_levels_apart(session: Session, world: World) -> None:
    assessor = _assessor(session, world)
    _rate(session, world, world.director, RATING, "exemplaire")
    _rate(session, world, world.contributor, RATING, "en_cours")
    _rate(session, world, assessor, RATING, "na")  # not applicable: outside the spread
    _rate(session, world, world.director, YES_NO, True)
    _rate(session, world, world.contributor, YES_NO, False)
    board = ratings.team_board(session, world.director, response_id=world.response.id)
    spread = board.items[RATING]
    assert (spread.lowest, spread.highest, spread.divergent) == ("en_cours", "exemplaire", True)
    assert len(spread.ratings) == 3
    assert board.items[YES_NO].divergent is False  # one level apart at most
    assert board.divergent == [RATING]

    _rate(session, world, world.contributor, RATING, "atteint")  # one level apart now
    board = ratings.team_board(session, world.director, response_id=world.response.id)
    assert not board.items[RATING].divergent


def test_consensus_is_the_answer_scored_and_submitted(session: Session, world: World) -> None:
    _rate(session, world, world.director, RATING, "exemplaire")
    _rate(session, world, world.contributor, RATING, "non_engage")
    saved = ratings.set_consensus(
        session,
        world.director,
        response_id=world.response.id,
        item_id=RATING,
        value="atteint",
        rationale="Reçu sans rendez-vous, sauf le samedi.",
        expected_version=0,
    )
    assert saved.version == 1
    view = responses.response_view(session, world.director, response_id=world.response.id)
    assert view.answers[RATING].value == "atteint"
    board = ratings.team_board(session, world.authority, response_id=world.response.id)
    item = board.items[RATING]
    assert item.rationale == "Reçu sans rendez-vous, sauf le samedi."
    assert len(item.ratings) == 2  # the authority reads every rating
    responses.save_answer(
        session, world.director, response_id=world.response.id, item_id=YES_NO, value=True
    )
    submitted = responses.submit_response(session, world.director, response_id=world.response.id)
    assert submitted.state == "submitted"
    with pytest.raises(ResponseLocked):
        _rate(session, world, world.contributor, RATING, "atteint")
    assert session.get(ItemConsensus, 1) is not None


def test_a_cite_filling_alone_needs_no_rating(session: Session, world: World) -> None:
    for item, value in ((RATING, "atteint"), (YES_NO, True)):
        responses.save_answer(
            session, world.director, response_id=world.response.id, item_id=item, value=value
        )
    responses.submit_response(session, world.director, response_id=world.response.id)
    board = ratings.team_board(session, world.director, response_id=world.response.id)
    assert all(not item.ratings for item in board.items.values())


def test_only_the_director_sets_the_consensus(session: Session, world: World) -> None:
    assessor = _assessor(session, world)
    for actor in (world.contributor, assessor, world.other_director, world.authority):
        with pytest.raises(AccessDenied):
            ratings.set_consensus(
                session, actor, response_id=world.response.id, item_id=RATING, value="atteint"
            )


def test_assessor_rates_only_in_its_cite_and_campaign(session: Session, world: World) -> None:
    assessor = _assessor(session, world)
    assert assessor.role is Role.assessor and assessor.cite_id == world.own.id
    _rate(session, world, assessor, RATING, "atteint", "Vu lors de ma visite.")
    with pytest.raises(AccessDenied):  # cannot answer, nor submit
        responses.save_answer(
            session, assessor, response_id=world.response.id, item_id=RATING, value="atteint"
        )
    with pytest.raises(AccessDenied):
        responses.submit_response(session, assessor, response_id=world.response.id)
    with pytest.raises(AccessDenied):  # another Cité
        ratings.rate(
            session, assessor, response_id=world.other_response.id, item_id=RATING, value="na"
        )
    with pytest.raises(AccessDenied):
        ratings.team_board(session, assessor, response_id=world.other_response.id)
    later = make_campaign(session, 2027, open_it=False)
    elsewhere = ratings.invite_assessor(
        session,
        world.director,
        campaign_id=later.id,
        login="plus-tard",
        name="Paul Tard",
        password=FACTORY_PASSWORD,
    )
    other_campaign = auth.current_actor(session, user_id=elsewhere.id)
    assert other_campaign is not None
    with pytest.raises(AccessDenied):  # invited for another campaign of its Cité
        _rate(session, world, other_campaign, RATING, "na")
    with pytest.raises(AccessDenied):
        ratings.invite_assessor(
            session,
            assessor,
            campaign_id=world.campaign.id,
            login="x2",
            name="X",
            password=FACTORY_PASSWORD,
        )


def test_director_never_reads_another_cites_ratings(session: Session, world: World) -> None:
    _rate(session, world, world.director, RATING, "atteint")
    for actor in (world.other_director, world.contributor.model_copy(update={"cite_id": None})):
        with pytest.raises(AccessDenied):
            ratings.team_board(session, actor, response_id=world.response.id)
    with pytest.raises(AccessDenied):
        ratings.rate(
            session,
            world.other_director,
            response_id=world.response.id,
            item_id=RATING,
            value="atteint",
        )
    board = ratings.team_board(session, world.admin, response_id=world.response.id)
    assert board.sees_all and not board.can_rate and not board.can_set_consensus


def test_only_scored_items_and_valid_levels_are_rated(session: Session, world: World) -> None:
    with pytest.raises(InvalidValue):
        _rate(session, world, world.director, "accueil.mode", "libre")
    with pytest.raises(InvalidValue):
        _rate(session, world, world.director, RATING, "parfait")


def test_an_assessor_account_needs_a_campaign(session: Session, world: World) -> None:
    with pytest.raises(InvalidValue):
        users.add_user(
            session,
            world.admin,
            login="sans",
            name="Sans campagne",
            password=FACTORY_PASSWORD,
            role=Role.assessor,
            cite_id=world.own.id,
        )


def test_the_method_names_the_raters_and_the_divergent_items(
    session: Session, world: World
) -> None:
    _rate(session, world, world.director, RATING, "exemplaire")
    _rate(session, world, world.contributor, RATING, "en_cours")
    _rate(session, world, world.director, YES_NO, True)
    found = synthesis.cite_synthesis(
        session, world.director, cite_id=world.own.id, campaign_id=world.campaign.id, lang="en"
    )
    grid = found.grids[0]
    assert grid.raters == ["Anne Dupré", "Luc Martin"]
    assert grid.divergent == ["Walk-in reception (7.4)"]  # by the criterion's title
    # the method dates both steps: the day(s) of the own ratings, then the consensus
    stored = session.exec(select(ItemRating)).all()
    assert grid.rated_on == (
        min(r.created_at for r in stored).date(),
        max(r.updated_at for r in stored).date(),
    )
    assert grid.agreed_on is None  # no consensus set yet
    ratings.set_consensus(
        session,
        world.director,
        response_id=world.response.id,
        item_id=RATING,
        value="atteint",
        rationale="Les pièces montrent un accueil tenu, sauf le samedi.",
    )
    found = synthesis.cite_synthesis(
        session, world.director, cite_id=world.own.id, campaign_id=world.campaign.id, lang="en"
    )
    agreed = session.exec(select(ItemConsensus)).one()
    assert found.grids[0].agreed_on == agreed.set_at.date()


def test_consensus_after_a_two_level_divergence_needs_a_rationale(
    session: Session, world: World
) -> None:
    _rate(session, world, world.director, RATING, "exemplaire")
    _rate(session, world, world.contributor, RATING, "en_cours")
    consensus = {"response_id": world.response.id, "item_id": RATING, "value": "atteint"}
    with pytest.raises(InvalidValue) as refused:
        ratings.set_consensus(session, world.director, rationale="  ", **consensus)
    assert refused.value.code == "consensus.rationale_required"
    view = responses.response_view(session, world.director, response_id=world.response.id)
    assert RATING not in view.answers  # nothing saved
    saved = ratings.set_consensus(
        session, world.director, rationale="Le samedi manque.", expected_version=0, **consensus
    )
    assert saved.version == 1
    _rate(session, world, world.contributor, YES_NO, True)  # no divergence: none needed
    yes_no = {**consensus, "item_id": YES_NO, "value": True}
    assert ratings.set_consensus(session, world.director, **yes_no).version == 1


def test_an_assessor_reads_no_answer_to_a_rated_item_before_being_done(
    session: Session, world: World
) -> None:
    for item, value in ((RATING, "atteint"), ("accueil.referent_nom", "Anne")):
        responses.save_answer(
            session, world.director, response_id=world.response.id, item_id=item, value=value
        )
    assessor = _assessor(session, world)
    view = responses.response_view(session, assessor, response_id=world.response.id)
    assert RATING not in view.answers and RATING in view.withheld
    assert YES_NO in view.withheld and view.answers["accueil.referent_nom"].value == "Anne"
    _rate(session, world, assessor, RATING, "en_cours")
    ratings.finish_ratings(session, assessor, response_id=world.response.id)
    view = responses.response_view(session, assessor, response_id=world.response.id)
    assert view.answers[RATING].value == "atteint" and not view.withheld
    mine = responses.response_view(session, world.contributor, response_id=world.response.id)
    assert not mine.withheld  # who fills reads the answers they fill
