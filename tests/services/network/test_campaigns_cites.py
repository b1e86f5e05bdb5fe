"""Campaigns (states, frozen questionnaires) and Cités (phase history)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, col, select

from cdm_quality.domain.loader import questionnaire_hash
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.errors import AccessDenied, InvalidState, InvalidValue, NotFound
from cdm_quality.services.network import campaigns, cites
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.services.scores import frozen
from cdm_quality.storage.tables import (
    AuditEvent,
    CampaignState,
    CiteCreate,
    PhaseDecision,
    Role,
)
from tests.factories import (
    AUTHORITY,
    FIXTURES,
    decide_phase,
    make_campaign,
    make_cite,
    make_user,
    minimal,
)


def test_campaign_states_and_one_open_at_a_time(session: Session) -> None:
    first = make_campaign(session, 2025)
    assert campaigns.current_campaign(session, AUTHORITY).id == first.id
    draft = make_campaign(session, 2026, open_it=False)
    with pytest.raises(InvalidState, match="campaign.other_open"):
        campaigns.open_campaign(session, AUTHORITY, campaign_id=draft.id)
    closed = campaigns.close_campaign(session, AUTHORITY, campaign_id=first.id)
    assert closed.state is CampaignState.closed
    assert campaigns.current_campaign(session, AUTHORITY) is None
    with pytest.raises(InvalidState):
        campaigns.close_campaign(session, AUTHORITY, campaign_id=first.id)
    with pytest.raises(InvalidState):
        campaigns.open_campaign(session, AUTHORITY, campaign_id=first.id)
    assert campaigns.open_campaign(session, AUTHORITY, campaign_id=draft.id).state is (
        CampaignState.open
    )


def test_a_closed_campaign_can_be_reopened_audited_while_no_other_is_open(
    session: Session,
) -> None:
    first = make_campaign(session, 2025)
    campaigns.close_campaign(session, AUTHORITY, campaign_id=first.id)
    second = make_campaign(session, 2026)
    with pytest.raises(InvalidState, match="campaign.other_open"):
        campaigns.reopen_campaign(session, AUTHORITY, campaign_id=first.id)
    with pytest.raises(InvalidState, match="campaign.not_closed"):
        campaigns.reopen_campaign(session, AUTHORITY, campaign_id=second.id)
    campaigns.close_campaign(session, AUTHORITY, campaign_id=second.id)
    again = campaigns.reopen_campaign(session, AUTHORITY, campaign_id=first.id)
    assert again.state is CampaignState.open
    events = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "campaign").order_by(col(AuditEvent.id))
    ).all()
    assert [e.action for e in events if e.entity_id == str(first.id)][-2:] == ["closed", "open"]


def test_a_new_campaign_is_proposed_for_the_year_after_the_latest(session: Session) -> None:
    this_year = dt.date.today().year
    assert campaigns.next_year(session, AUTHORITY) == this_year
    make_campaign(session, this_year + 1)
    assert campaigns.next_year(session, AUTHORITY) == this_year + 2
    created = campaigns.create_campaign(
        session, AUTHORITY, year=this_year + 2, questionnaires=[minimal()]
    )
    assert created.name == f"Autoévaluation {this_year + 2}"


def test_one_campaign_per_year(session: Session) -> None:
    make_campaign(session, 2026)
    with pytest.raises(InvalidState, match="2026"):
        make_campaign(session, 2026, open_it=False)


def test_campaign_refusals(session: Session) -> None:
    with pytest.raises(InvalidValue):
        campaigns.create_campaign(session, AUTHORITY, year=2026, questionnaires=[])
    with pytest.raises(InvalidValue):
        campaigns.create_campaign(
            session,
            AUTHORITY,
            year=2026,
            questionnaires=[minimal()],
            opens_on=dt.date(2026, 5, 1),
            closes_on=dt.date(2026, 4, 1),
        )
    with pytest.raises(NotFound):
        campaigns.get_campaign(session, AUTHORITY, campaign_id=42)


def test_drafts_are_listed_for_the_authority_only(session: Session) -> None:
    cite = make_cite(session, "Cité des métiers de Rouen")
    director = make_user(session, "rouen", Role.director, cite_id=cite.id)
    make_campaign(session, 2025)
    make_campaign(session, 2026, open_it=False)
    assert [c.year for c in campaigns.list_campaigns(session, AUTHORITY)] == [2026, 2025]
    assert [c.year for c in campaigns.list_campaigns(session, director)] == [2025]


def test_each_listed_campaign_names_its_own_frozen_questionnaires(session: Session) -> None:
    second = minimal().model_copy(update={"id": "seconde", "version": "2"})
    make_campaign(session, 2025)
    draft = make_campaign(session, 2026, questionnaires=[second, minimal()], open_it=False)
    listed = {c.year: c.questionnaires for c in campaigns.list_campaigns(session, AUTHORITY)}
    assert [(f.questionnaire_id, f.sha256) for f in listed[2026]] == [
        ("minimal", questionnaire_hash(minimal())),
        ("seconde", questionnaire_hash(second)),
    ]
    assert [f.questionnaire_id for f in listed[2025]] == ["minimal"]
    one = campaigns.get_campaign(session, AUTHORITY, campaign_id=draft.id)
    assert one.questionnaires == listed[2026]


def test_a_campaign_is_read_once_per_transaction_and_again_after_it(file_engine: Engine) -> None:
    with Session(file_engine, expire_on_commit=False) as setup:
        made = make_campaign(setup, 2026)
    statements: list[str] = []
    with Session(file_engine, expire_on_commit=False) as reader:
        reading = reader.connection()
        event.listen(reading, "before_cursor_execute", lambda *args: statements.append(args[2]))
        for _ in range(3):  # the several services of one page
            found = campaigns.visible_campaign(reader, AUTHORITY, campaign_id=made.id)
            assert found.state is CampaignState.open
        assert sum("FROM campaign" in sql for sql in statements) == 1
        with Session(file_engine) as other:  # another person, meanwhile
            campaigns.close_campaign(other, AUTHORITY, campaign_id=made.id)
        reader.commit()  # the page's run ends; the next one sees the close at once
        again = campaigns.visible_campaign(reader, AUTHORITY, campaign_id=made.id)
        assert again.state is CampaignState.closed


def test_a_draft_campaign_is_not_found_by_id_for_a_director(session: Session) -> None:
    cite = make_cite(session, "Cité des métiers de Rouen")
    director = make_user(session, "rouen", Role.director, cite_id=cite.id)
    draft = make_campaign(session, 2026, open_it=False)
    assert campaigns.get_campaign(session, AUTHORITY, campaign_id=draft.id).year == 2026
    with pytest.raises(NotFound):
        campaigns.get_campaign(session, director, campaign_id=draft.id)


def test_frozen_copy_ignores_later_file_edits(session: Session, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "minimal.yaml")
    started = campaigns.start_campaign(session, AUTHORITY, year=2026, directory=tmp_path)
    assert started.state is CampaignState.open
    assert started.questionnaires[0].sha256 == questionnaire_hash(minimal())
    edited = (
        (tmp_path / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace("Grille minimale", "Grille modifiée")
    )
    (tmp_path / "minimal.yaml").write_text(edited, encoding="utf-8")
    frozen = campaigns.campaign_questionnaire(
        session, AUTHORITY, campaign_id=started.id, questionnaire_id="minimal"
    )
    assert frozen.title.fr == "Grille minimale"
    assert frozen == minimal()


def test_frozen_questionnaires_are_parsed_once(session: Session) -> None:
    made = make_campaign(session, 2026)
    first = frozen.frozen_questionnaire(session, campaign_id=made.id, questionnaire_id="minimal")
    again = frozen.frozen_questionnaire(session, campaign_id=made.id, questionnaire_id="minimal")
    assert first is again
    with pytest.raises(NotFound):
        frozen.frozen_questionnaire(session, campaign_id=made.id, questionnaire_id="qualite")


def test_start_campaign_with_unknown_questionnaire(session: Session) -> None:
    with pytest.raises(InvalidValue, match="nope"):
        campaigns.start_campaign(session, AUTHORITY, year=2026, directory=FIXTURES, only=["nope"])


def test_phase_history_and_prolongation(session: Session) -> None:
    data = CiteCreate(
        name="Cité des métiers de Namur", city="Namur", country="Belgique", phase=Phase.projet
    )
    cite = cites.create_cite(session, SYSTEM, data=data, since=dt.date(2019, 2, 4))
    decide_phase(session, cite.id, Phase.prefiguration, PhaseDecision.entered, dt.date(2021, 9, 30))
    updated = decide_phase(
        session,
        cite.id,
        Phase.prefiguration,
        PhaseDecision.prolonged,
        dt.date(2024, 5, 16),
        note="Locaux définitifs en travaux",
    )
    assert updated.phase is Phase.prefiguration
    assert [(h.phase, h.decision) for h in updated.history] == [
        (Phase.projet, PhaseDecision.entered),
        (Phase.prefiguration, PhaseDecision.entered),
        (Phase.prefiguration, PhaseDecision.prolonged),
    ]
    assert updated.history[-1].note == "Locaux définitifs en travaux"


def test_cite_names_are_unique(session: Session) -> None:
    make_cite(session, "Cité des métiers de Limoges")
    with pytest.raises(InvalidState):
        make_cite(session, "Cité des métiers de Limoges")


def test_cites_are_listed_by_name(session: Session) -> None:
    for name in ("Cité des métiers de Turin", "Cité des métiers de Charleroi"):
        make_cite(session, name)
    assert [c.name for c in cites.list_cites(session, AUTHORITY)] == [
        "Cité des métiers de Charleroi",
        "Cité des métiers de Turin",
    ]


def test_a_campaigns_dates_fall_in_its_year(session: Session) -> None:
    made = {"questionnaires": [minimal()], "opens_on": dt.date(2027, 1, 15)}
    with pytest.raises(InvalidValue, match="campaign.dates_outside_year"):
        campaigns.create_campaign(session, AUTHORITY, year=2028, **made)
    with pytest.raises(InvalidValue, match="campaign.dates_outside_year"):
        campaigns.create_campaign(
            session, AUTHORITY, year=2027, closes_on=dt.date(2028, 1, 1), **made
        )
    assert campaigns.list_campaigns(session, AUTHORITY) == []  # nothing made
    kept = campaigns.create_campaign(session, AUTHORITY, year=2027, **made)
    assert kept.opens_on == dt.date(2027, 1, 15)


def test_a_draft_campaign_is_deleted_audited_and_an_opened_one_never(session: Session) -> None:
    draft = make_campaign(session, 2028, open_it=False)
    opened = make_campaign(session, 2027)
    with pytest.raises(InvalidState, match="campaign.not_draft_delete"):
        campaigns.delete_draft(session, AUTHORITY, campaign_id=opened.id)
    director = make_user(session, "d", Role.director, cite_id=make_cite(session, "Cité X").id)
    with pytest.raises(AccessDenied):
        campaigns.delete_draft(session, director, campaign_id=draft.id)
    campaigns.delete_draft(session, AUTHORITY, campaign_id=draft.id)
    assert [c.year for c in campaigns.list_campaigns(session, AUTHORITY)] == [2027]
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "delete")).all()
    assert (event.entity, event.entity_id) == ("campaign", str(draft.id))
    again = make_campaign(session, 2028, open_it=False)  # the year is free again
    assert again.year == 2028
