"""Sections 7 and 8 of the labelling file from what the tool knows: 7.1–7.4 print the Cité's
self-assessment computed from its grids (the criteria feeding each item only, weighted as the
grid says), 8.2 the partners' feedback the quality grid collected, and 8.3 is offered the
evolutions since the previous file (label decisions, opening hours, partners)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.labelling import dossier_export, self_assessment
from cdm_quality.services.network import campaigns
from cdm_quality.services.people.access import Actor
from cdm_quality.services.responses import get_or_create_response, save_answer
from cdm_quality.storage.tables import PhaseDecision, Role
from tests.factories import AUTHORITY, decide_phase, make_campaign, make_cite, make_user
from tests.services.labelling.test_dossier_export import text_of

GRIDS = load_directory(Path(__file__).parents[3] / "questionnaires")


def _answer(
    session: Session, actor: Actor, rid: int, item_id: str, value: object, **notes: str
) -> None:
    save_answer(session, actor, response_id=rid, item_id=item_id, value=value, **notes)


def _response(session: Session, actor: Actor, cite_id: int, campaign_id: int, qid: str) -> int:
    return get_or_create_response(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, questionnaire_id=qid
    ).id


@pytest.fixture
def tours(session: Session) -> tuple[int, int, Actor]:
    """A fonctionnement Cité whose 2026 quality grid rates 7.1's two criteria and 2.2's."""
    campaign = make_campaign(session, 2026, questionnaires=list(GRIDS.values()))
    cite = make_cite(session, "Cité des métiers de Tours")
    director = make_user(session, "tours", Role.director, cite_id=cite.id)
    rid = _response(session, director, cite.id, campaign.id, "qualite")
    _answer(session, director, rid, "partenariat.engagement", "exemplaire", evidence="Conventions")
    _answer(session, director, rid, "partenariat.communication", "en_cours", remark="Trop rare")
    _answer(session, director, rid, "partenariat.concertation", "non_engage")  # feeds 2.2
    _answer(session, director, rid, "partenariat.bilan_partenaires", True)
    _answer(session, director, rid, "partenariat.bilan_synthese", "Un accueil salué par la Région.")
    return cite.id, campaign.id, director


def test_an_axis_is_scored_on_the_criteria_feeding_it_weighted_as_the_grid_says(
    session: Session, tours: tuple[int, int, Actor]
) -> None:
    cite_id, campaign_id, director = tours
    found = self_assessment.from_grids(
        session, director, cite_id=cite_id, campaign_id=campaign_id, lang="fr"
    )
    (quality,) = found.axis("7.1")
    # engagement (weight 2) exemplary = 1, communication (weight 1) in progress = 1/3
    assert quality.score == pytest.approx(100 * (2 * 1 + 1 / 3) / 3)
    assert (quality.scored, quality.asked) == (2, 2)
    assert quality.strengths == ["Engagement des partenaires"]
    assert quality.improvements == ["Information des partenaires — Trop rare"]
    assert quality.evidence == ["Engagement des partenaires : Conventions"]
    assert not quality.submitted


def test_the_file_prints_the_self_assessment_before_the_text_and_the_feedback_in_8_2(
    session: Session, tours: tuple[int, int, Actor]
) -> None:
    cite_id, campaign_id, director = tours
    rid = _response(session, director, cite_id, campaign_id, "dossier")
    text = {"status": "pret", "text": "Nos critères de la relation partenariale."}
    _answer(session, director, rid, "evaluation.partenariat", text)
    printed = text_of(
        dossier_export.dossier_pdf(
            session,
            director,
            cite_id=cite_id,
            campaign_id=campaign_id,
            lang="fr",
            edition="hand_in",
        )
    )
    axis = printed[printed.rindex("7.1 Dynamique partenariale") :]
    assert axis.index("Auto-évaluation de la Cité") < axis.index("Nos critères")
    assert "78/100 (2 critères notés sur 2)" in axis
    feedback = printed[printed.rindex("8.2 Retour des principaux partenaires") :]
    assert "Un accueil salué par la Région." in feedback[: feedback.index("8.3 ")]


def _partners(*names: str) -> list[dict[str, object]]:
    return [{"nom": name, "role": "service"} for name in names]


def _hours(week: int) -> list[dict[str, object]]:
    return [{"periode": "semaine", "heures": week}]


def test_8_3_is_offered_the_decisions_hours_and_partners_since_the_previous_file(
    session: Session,
) -> None:
    cite = make_cite(session, "Cité des métiers de Tours")
    director = make_user(session, "tours", Role.director, cite_id=cite.id)
    plan = [GRIDS["dossier"]]
    for year, partners, week in ((2025, ("Région", "CCI"), 35), (2026, ("Région", "BGE"), 40)):
        campaign = make_campaign(session, year, questionnaires=plan)
        rid = _response(session, director, cite.id, campaign.id, "dossier")
        for item_id, rows in (
            ("organisation.partenaires", _partners(*partners)),
            ("offre.horaires", _hours(week)),
        ):
            _answer(session, director, rid, item_id, {"status": "pret", "text": "", "rows": rows})
        if year == 2025:
            campaigns.close_campaign(session, AUTHORITY, campaign_id=campaign.id)
    decide_phase(
        session, cite.id, Phase.fonctionnement, PhaseDecision.confirmed, dt.date(2026, 6, 12)
    )
    found = self_assessment.from_grids(
        session, director, cite_id=cite.id, campaign_id=campaign.id, lang="fr"
    )
    offered = [row["changement"] for row in found.evolutions]
    assert "Décision du label du 12/06/2026 : Fonctionnement, phase confirmée" in offered
    assert "Heures d’ouverture (Par semaine) : 35 h → 40 h" in offered
    assert "Nouveau partenaire : BGE" in offered
    assert "Partenaire qui a quitté la Cité : CCI" in offered
    assert {row["annee"] for row in found.evolutions} == {2026}
    printed = text_of(
        dossier_export.dossier_pdf(
            session, director, cite_id=cite.id, campaign_id=campaign.id, lang="fr"
        )
    )
    evolutions = printed[printed.rindex("8.3 Les évolutions") :]
    assert "Nouveau partenaire : BGE" in evolutions[: evolutions.index("8.4 ")]
    assert "pas encore reprises par la Cité" in evolutions  # the working copy says so


def test_8_3_is_named_empty_before_the_hand_in_only_when_its_copy_prints_nothing(
    session: Session,
) -> None:
    """Issue 21: the warning before the hand-in copy named 8.3 empty while the copy printed
    the evolutions the tool offers under it."""
    cite = make_cite(session, "Cité des métiers de Tours")
    director = make_user(session, "tours", Role.director, cite_id=cite.id)
    campaign = make_campaign(session, 2025, questionnaires=[GRIDS["dossier"]])
    ids = {"cite_id": cite.id, "campaign_id": campaign.id}

    def empty() -> list[str]:
        return [item.number for item in dossier_export.still_empty(session, director, **ids)]

    assert "8.3" in empty()  # a first file, no decision by 2025: nothing offered or printed
    decide_phase(
        session, cite.id, Phase.fonctionnement, PhaseDecision.confirmed, dt.date(2025, 6, 12)
    )
    assert "8.3" not in empty() and "8.4" in empty()
    printed = text_of(
        dossier_export.dossier_pdf(session, director, **ids, lang="fr", edition="hand_in")
    )
    evolutions = printed[printed.rindex("8.3 Les évolutions") :]
    assert "Décision du label du 12/06/2025" in evolutions[: evolutions.index("8.4 ")]


def test_7_3_prints_the_cdm21_reviews_answers_on_the_service_offer(
    session: Session, tours: tuple[int, int, Actor]
) -> None:
    cite_id, campaign_id, director = tours
    rid = _response(session, director, cite_id, campaign_id, "cdm21")
    told = "Deux jours d’intégration, puis un tutorat de trois mois."
    _answer(session, director, rid, "offre.accueil_description", told)
    found = self_assessment.from_grids(
        session, director, cite_id=cite_id, campaign_id=campaign_id, lang="fr"
    )
    assert [a.answer for a in found.review("7.3")] == [told]
    assert not found.review("7.1")
    printed = text_of(
        dossier_export.dossier_pdf(
            session, director, cite_id=cite_id, campaign_id=campaign_id, lang="fr"
        )
    )
    offer = printed[printed.rindex("7.3 Compréhension du besoin") :]
    assert "Deux jours d’intégration" in offer[: offer.index("7.4 Respect de la Charte")]
