"""Questions for Cités open to the public follow the Cité's opening date, not its phase.

Seed 004: Namur has received the public since June 2016 while still in préfiguration.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.errors import InvalidValue
from cdm_quality.services.network import cites
from cdm_quality.services.network.follow_up import follow_up
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.services.responses import get_or_create_response, progress, save_answer
from cdm_quality.storage.tables import CiteCreate, Role
from tests.factories import AUTHORITY, make_campaign, make_cite, make_user

GRIDS = load_directory(Path(__file__).parents[3] / "questionnaires")
OPEN_ONLY_ITEM = "offre.accueil_modes"  # CDM21, section "Service offer"
NAMUR_OPENED = dt.date(2016, 6, 1)


def _namur(session: Session, *, opened_on: dt.date | None):
    cite = make_cite(session, "Cité des métiers de Namur", phase=Phase.prefiguration)
    if opened_on is not None:
        data = CiteCreate.model_validate(cite.model_dump() | {"opened_on": opened_on})
        cite = cites.update_cite(session, SYSTEM, cite_id=cite.id, data=data)
    director = make_user(session, "namur", Role.director, cite_id=cite.id)
    return cite, director


def _response(session: Session, cite_id: int, director, campaign_id: int):
    return get_or_create_response(
        session, director, cite_id=cite_id, campaign_id=campaign_id, questionnaire_id="cdm21"
    )


def test_an_open_cite_in_prefiguration_answers_the_open_to_the_public_questions(
    session: Session,
) -> None:
    campaign = make_campaign(session, 2026, questionnaires=[GRIDS["cdm21"]])
    cite, director = _namur(session, opened_on=NAMUR_OPENED)
    response = _response(session, cite.id, director, campaign.id)
    assert cite.opened_on == NAMUR_OPENED and response.opened
    saved = save_answer(
        session, director, response_id=response.id, item_id=OPEN_ONLY_ITEM, value=["tutorat"]
    )
    assert saved.version == 1
    shown = progress(session, director, response_id=response.id)
    assert "offre" in [s.section_id for s in shown.sections]


def test_a_cite_not_yet_open_is_not_asked_them(session: Session) -> None:
    campaign = make_campaign(session, 2026, questionnaires=[GRIDS["cdm21"]])
    cite, director = _namur(session, opened_on=None)
    response = _response(session, cite.id, director, campaign.id)
    assert not response.opened
    with pytest.raises(InvalidValue):
        save_answer(
            session, director, response_id=response.id, item_id=OPEN_ONLY_ITEM, value=["tutorat"]
        )
    shown = progress(session, director, response_id=response.id)
    assert "offre" not in [s.section_id for s in shown.sections]


def test_setting_the_opening_date_opens_the_questions_of_a_draft(session: Session) -> None:
    campaign = make_campaign(session, 2026, questionnaires=[GRIDS["cdm21"]])
    cite, director = _namur(session, opened_on=None)
    response = _response(session, cite.id, director, campaign.id)
    before = progress(session, director, response_id=response.id).visible
    data = CiteCreate.model_validate(cite.model_dump() | {"opened_on": NAMUR_OPENED})
    cites.update_cite(session, SYSTEM, cite_id=cite.id, data=data)
    after = progress(session, director, response_id=response.id).visible
    assert after > before


def test_a_cite_in_fonctionnement_is_open_without_a_date(session: Session) -> None:
    campaign = make_campaign(session, 2026, questionnaires=[GRIDS["cdm21"]])
    cite = make_cite(session, "Cité des métiers de Porto")
    director = make_user(session, "porto", Role.director, cite_id=cite.id)
    response = _response(session, cite.id, director, campaign.id)
    assert not response.opened
    save_answer(session, director, response_id=response.id, item_id=OPEN_ONLY_ITEM, value=[])


def test_follow_up_counts_the_open_to_the_public_questions_like_the_service(
    session: Session,
) -> None:
    campaign = make_campaign(session, 2026, questionnaires=[GRIDS["cdm21"]])
    opened, director = _namur(session, opened_on=NAMUR_OPENED)
    closed = make_cite(session, "Cité des métiers de Turin", phase=Phase.prefiguration)
    turin = make_user(session, "turin", Role.director, cite_id=closed.id)
    for cite, who in ((opened, director), (closed, turin)):
        response = _response(session, cite.id, who, campaign.id)
        if response.opened:
            save_answer(
                session, who, response_id=response.id, item_id=OPEN_ONLY_ITEM, value=["tutorat"]
            )
    rows = follow_up(session, AUTHORITY, campaign_id=campaign.id).rows
    by_cite = {row.cite_id: row for row in rows}
    for cite in (opened, closed):
        row = by_cite[cite.id]
        expected = progress(session, AUTHORITY, response_id=row.response_id)
        assert (row.answered, row.visible) == (expected.answered, expected.visible)
    assert by_cite[opened.id].visible > by_cite[closed.id].visible
