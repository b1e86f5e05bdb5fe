"""Builders of stored data for service tests: Cités, accounts, campaigns, a small world.

Accounts are inserted directly with one precomputed hash (password `FACTORY_PASSWORD`), so a
test does not pay for argon2 on each user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlmodel import Session, col, select

from cdm_quality.domain.loader import load_questionnaire
from cdm_quality.domain.questionnaire import Phase, Questionnaire
from cdm_quality.services.network import campaigns, cites
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.services.people.users import hash_password
from cdm_quality.services.responses import get_or_create_response
from cdm_quality.storage.tables import (
    AnswerHistory,
    CampaignPublic,
    CiteCreate,
    CitePublic,
    PhaseDecision,
    ResponsePublic,
    Role,
    User,
)

FIXTURES = Path(__file__).parent / "fixtures"
FACTORY_PASSWORD = "factory-password"
AUTHORITY = Actor(id=None, login="authority", name="Label authority", role=Role.authority)


def stored_history(session: Session, *, response_id: int, item_id: str) -> list[AnswerHistory]:
    """Every saved version of one answer as stored (`AnswerHistory`), oldest first."""
    query = select(AnswerHistory).where(
        AnswerHistory.response_id == response_id, AnswerHistory.item_id == item_id
    )
    return list(session.exec(query.order_by(col(AnswerHistory.version))).all())


@cache
def minimal() -> Questionnaire:
    return load_questionnaire(FIXTURES / "minimal.yaml")


@cache
def _factory_hash() -> str:
    return hash_password(FACTORY_PASSWORD)


def make_cite(
    session: Session, name: str, *, phase: Phase = Phase.fonctionnement, country: str = "France"
) -> CitePublic:
    data = CiteCreate(name=name, city=name.split()[-1], country=country, phase=phase)
    return cites.create_cite(session, SYSTEM, data=data)


def decide_phase(
    session: Session,
    cite_id: int,
    phase: Phase,
    decision: PhaseDecision,
    on: dt.date,
    note: str = "",
) -> CitePublic:
    """The label authority's decision on a Cité's phase, taken on `on`."""
    return cites.record_phase(
        session,
        AUTHORITY,
        cite_id=cite_id,
        phase=phase,
        decision=decision,
        decided_on=on,
        note=note,
    )


def make_user(
    session: Session,
    login: str,
    role: Role,
    *,
    cite_id: int | None = None,
    name: str = "",
    campaign_id: int | None = None,
) -> Actor:
    user = User(
        login=login,
        name=name or login.title(),
        role=role,
        cite_id=cite_id,
        campaign_id=campaign_id,
        password_hash=_factory_hash(),
    )
    session.add(user)
    session.commit()
    return Actor.of(user)


def make_campaign(
    session: Session,
    year: int,
    *,
    questionnaires: list[Questionnaire] | None = None,
    open_it: bool = True,
) -> CampaignPublic:
    made = campaigns.create_campaign(  # named as the golden files expect
        session,
        AUTHORITY,
        year=year,
        questionnaires=questionnaires or [minimal()],
        name=f"Campagne {year}",
    )
    if open_it:
        made = campaigns.open_campaign(session, AUTHORITY, campaign_id=made.id)
    return made


@dataclass(frozen=True)
class World:
    """Two Cités (own, other), one account per role, an open campaign, one response each."""

    own: CitePublic
    other: CitePublic
    director: Actor
    contributor: Actor
    other_director: Actor
    authority: Actor
    admin: Actor
    campaign: CampaignPublic
    response: ResponsePublic
    other_response: ResponsePublic

    def actor(self, role: str) -> Actor:
        return getattr(self, role)


ASSESSOR_LOGIN = "evaluateur"


def member(session: Session, world: World, role: str) -> Actor:
    """The world's account of `role`; "assessor": the own Cité's assessor for the world's
    campaign, as its director invites one (`ratings.invite_assessor`), made on the first call
    (`World` has none, so that the tests counting a Cité's accounts keep their count)."""
    if role != "assessor":
        return world.actor(role)
    user = session.exec(select(User).where(User.login == ASSESSOR_LOGIN)).first()
    if user is not None:
        return Actor.of(user)
    return make_user(
        session,
        ASSESSOR_LOGIN,
        Role.assessor,
        cite_id=world.own.id,
        campaign_id=world.campaign.id,
        name="Eva Luatrice",
    )


def build_world(session: Session, *, year: int = 2026) -> World:
    own = make_cite(session, "Cité des métiers de Namur", country="Belgique")
    other = make_cite(session, "Cité des métiers de Porto", country="Portugal")
    director = make_user(session, "directrice", Role.director, cite_id=own.id, name="Anne Dupré")
    contributor = make_user(
        session, "contributeur", Role.contributor, cite_id=own.id, name="Luc Martin"
    )
    other_director = make_user(
        session, "diretora", Role.director, cite_id=other.id, name="Ana Sousa"
    )
    authority = make_user(session, "autorite", Role.authority, name="Claire Autorité")
    admin = make_user(session, "admin", Role.admin, name="Admin")
    campaign = make_campaign(session, year)
    start = {"campaign_id": campaign.id, "questionnaire_id": "minimal"}
    response = get_or_create_response(session, director, cite_id=own.id, **start)
    other_response = get_or_create_response(session, other_director, cite_id=other.id, **start)
    return World(
        own=own,
        other=other,
        director=director,
        contributor=contributor,
        other_director=other_director,
        authority=authority,
        admin=admin,
        campaign=campaign,
        response=response,
        other_response=other_response,
    )
