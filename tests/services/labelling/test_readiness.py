"""Readiness of the labelling file: the items a phase asks, their state, the figure, what is
missing; the same figure in the campaign follow-up; only readers of the Cité see it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from cdm_quality import demo
from cdm_quality.domain.labelling_file import ItemState
from cdm_quality.domain.loader import load_questionnaire
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.errors import AccessDenied
from cdm_quality.services.labelling import attachments, readiness
from cdm_quality.services.network import campaigns
from cdm_quality.services.network.follow_up import follow_up
from cdm_quality.services.people.access import Actor
from cdm_quality.services.responses import get_or_create_response, save_answer
from cdm_quality.storage.tables import Campaign, Cite, Role
from tests.databases import seeded
from tests.factories import AUTHORITY, make_campaign, make_cite, make_user

pytestmark = pytest.mark.also_postgres("readiness counts answers in SQL")

QUESTIONNAIRES = Path(__file__).parents[3] / "questionnaires"
PLAN = load_questionnaire(QUESTIONNAIRES / "dossier.yaml")


def _cite(session: Session, name: str, phase: Phase) -> tuple[int, Actor]:
    cite = make_cite(session, name, phase=phase)
    return cite.id, make_user(session, name.split()[-1].lower(), Role.director, cite_id=cite.id)


def numbers(found: readiness.Readiness) -> list[str]:
    return [item.number for item in found.items]


@pytest.mark.parametrize(
    ("phase", "asked", "first_absent"),
    [
        (Phase.projet, 27, "5.2"),  # 5.2, 7.x and 8.x are not asked in projet
        (Phase.prefiguration, 32, "8.1.1"),
        (Phase.fonctionnement, 37, None),
    ],
)
def test_the_items_asked_follow_the_phase(
    session: Session, phase: Phase, asked: int, first_absent: str | None
) -> None:
    campaign = make_campaign(session, 2026, questionnaires=[PLAN])
    cite_id, director = _cite(session, "Cité des métiers de Namur", phase)
    found = readiness.readiness(session, director, cite_id=cite_id, campaign_id=campaign.id)
    assert len(found.items) == asked and found.phase is phase
    assert first_absent is None or first_absent not in numbers(found)
    assert found.percent == 0 and len(found.missing) == asked  # not started: all missing


def test_states_figure_and_what_is_missing(session: Session) -> None:
    last = make_campaign(session, 2025, questionnaires=[PLAN])
    cite_id, director = _cite(session, "Cité des métiers de Namur", Phase.prefiguration)
    before = get_or_create_response(
        session, director, cite_id=cite_id, campaign_id=last.id, questionnaire_id="dossier"
    )
    earlier = {"status": "pret", "text": "Texte."}  # what 1.2.1 carries forward unchanged
    save_answer(
        session, director, response_id=before.id, item_id="contexte.economie", value=earlier
    )
    campaigns.close_campaign(session, AUTHORITY, campaign_id=last.id)
    campaign = make_campaign(session, 2026, questionnaires=[PLAN])
    response = get_or_create_response(
        session, director, cite_id=cite_id, campaign_id=campaign.id, questionnaire_id="dossier"
    )
    for item_id, status in (
        ("contexte.porteur", "pret"),
        ("contexte.economie", "inchange"),
        ("contexte.social", "brouillon"),
        ("contexte.public", "a_faire"),
    ):
        value = {"status": status, "text": "Texte."}
        save_answer(session, director, response_id=response.id, item_id=item_id, value=value)
    attachments.add_link(
        session,
        director,
        response_id=response.id,
        item_id="contexte.social",
        url="https://cdm.example/diagnostic",
        name="Diagnostic social",
    )
    found = readiness.readiness(session, director, cite_id=cite_id, campaign_id=campaign.id)
    assert found.items[2].attachments == ["Diagnostic social"]
    states = {item.number: item.state for item in found.items}
    assert [states[n] for n in ("1.1", "1.2.1", "1.2.2", "1.2.3", "1.2.4")] == [
        ItemState.ready,
        ItemState.unchanged,
        ItemState.draft,
        ItemState.missing,
        ItemState.missing,
    ]
    assert found.done == 2 and found.percent == pytest.approx(100 * 2 / 32)
    assert [item.number for item in found.missing][:3] == ["1.2.2", "1.2.3", "1.2.4"]
    row = next(r for r in follow_up(session, AUTHORITY, campaign_id=campaign.id).rows)
    assert row.readiness == pytest.approx(found.percent)


def test_a_director_never_reads_another_cites_file(session: Session) -> None:
    campaign = make_campaign(session, 2026, questionnaires=[PLAN])
    namur, _ = _cite(session, "Cité des métiers de Namur", Phase.prefiguration)
    _, porto = _cite(session, "Cité des métiers de Porto", Phase.fonctionnement)
    with pytest.raises(AccessDenied):
        readiness.readiness(session, porto, cite_id=namur, campaign_id=campaign.id)
    assert readiness.readiness(session, AUTHORITY, cite_id=namur, campaign_id=campaign.id)


def test_readiness_on_the_demo_agrees_with_the_follow_up(session: Session) -> None:
    seeded(session, demo.load_demo, directory=QUESTIONNAIRES)
    campaign = session.exec(select(Campaign).order_by(Campaign.year.desc())).first()
    rows = follow_up(session, AUTHORITY, campaign_id=campaign.id, questionnaire_id="dossier").rows
    seen_phases = set()
    for row in rows:
        found = readiness.readiness(
            session, AUTHORITY, cite_id=row.cite_id, campaign_id=campaign.id
        )
        assert row.readiness == pytest.approx(found.percent), row.cite
        assert row.visible == len(found.items) or row.response_id is None
        seen_phases.add(found.phase)
    assert seen_phases == set(Phase)
    first = session.exec(select(Cite).where(Cite.name == demo.CITES[0].name)).one()
    found = readiness.readiness(session, AUTHORITY, cite_id=first.id, campaign_id=campaign.id)
    assert 0 < found.percent < 100 and found.missing  # the demo's own Cité is half-way
