"""The demo's 8.1 read back with pypdf, one point of issue 23 at a time: the 2025 plan, closed
and validated, holds no action created after its validation; the recommendation that came
after 2025 closed is an action of the 2026 plan naming its note and campaign; the 2026 review
of the 2025 plan counts in real plural forms and prints why an action was not carried over;
a carried-over action leaves the director's inbox."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, select

from cdm_quality import demo
from cdm_quality.cli.lookup import find_campaign, find_cite
from cdm_quality.demo import content as demo_content
from cdm_quality.domain.plan import AreaAnswer, area_answers
from cdm_quality.domain.synthesis import Synthesis
from cdm_quality.reports.pdf import PlanReport
from cdm_quality.reports.pdf_text import signed
from cdm_quality.services import plan
from cdm_quality.services.network import inbox
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import ImprovementAction, PlanValidation, User
from tests.databases import upgraded_demo

ROOT = Path(__file__).parents[1]
CITE = demo.CITES[0].name  # the showcase Cité: Val-de-Loire


@pytest.fixture(scope="module")
def demo_engine() -> Iterator[Engine]:
    engine = upgraded_demo(make_engine("sqlite://"))
    yield engine
    engine.dispose()


def ids(session: Session, year: int) -> dict[str, int]:
    return {
        "cite_id": find_cite(session, CITE).id,
        "campaign_id": find_campaign(session, str(year)).id,
    }


def report_of(engine: Engine, year: int) -> PlanReport:
    with Session(engine) as session:
        return plan.plan_report(session, SYSTEM, **ids(session, year), lang="fr", today=demo.TODAY)


def syntheses_of(engine: Engine, year: int) -> list[Synthesis]:
    return report_of(engine, year).syntheses


def area_answers_of(engine: Engine, year: int) -> list[AreaAnswer]:
    report = report_of(engine, year)
    return area_answers(report.syntheses, report.actions, report.not_retained)


@pytest.fixture(scope="module")
def reports(demo_engine: Engine) -> dict[int, str]:
    """The 2025 and 2026 plan PDFs (no annex) as flat text."""
    found = {}
    with Session(demo_engine) as session:
        for year in (2025, 2026):
            data = plan.plan_pdf(
                session, SYSTEM, **ids(session, year), lang="fr", today=demo.TODAY, annex=False
            )
            pages = PdfReader(io.BytesIO(data)).pages
            found[year] = " ".join(" ".join(p.extract_text() for p in pages).split())
    return found


def test_the_closed_2025_plan_holds_no_action_created_after_its_validation(
    demo_engine: Engine, reports: dict[int, str]
) -> None:
    with Session(demo_engine) as session:
        where = ids(session, 2025)
        validated = session.exec(
            select(PlanValidation.validated_on).where(
                PlanValidation.cite_id == where["cite_id"],
                PlanValidation.campaign_id == where["campaign_id"],
            )
        ).one()
        created = session.exec(
            select(ImprovementAction.created_at).where(
                ImprovementAction.cite_id == where["cite_id"],
                ImprovementAction.campaign_id == where["campaign_id"],
            )
        ).all()
    assert created and max(c.date() for c in created) <= validated
    assert "samedi matin" not in reports[2025]


def test_the_late_recommendation_is_an_action_of_the_2026_plan(reports: dict[int, str]) -> None:
    text = reports[2026]
    origin = "Recommandation de l’autorité de label du 11/11/2026 (Autoévaluation 2025)."
    assert f"Accueil sans rendez-vous le samedi matin {origin}" in text
    assert "Recommandations et réserves de l’autorité de label" in text
    assert "Action n° 5 du plan" in text
    # the reservation still awaits the Cité: flagged, not silently left out
    assert "Réserve de l’autorité de label du 11/11/2026 (Autoévaluation 2025)." in text
    assert "⚠ aucune décision : ni reprise, ni motif" in text


def test_the_review_counts_in_real_plurals_and_prints_the_reason_not_to_carry_over(
    reports: dict[int, str],
) -> None:
    text = reports[2026]
    assert "Bilan du plan précédent (Autoévaluation 2025)" in text
    counts = "2 réalisées · 2 reprises cette année · 1 non reprise, motif donné · 1 abandonnée"
    assert counts in text
    assert "Non reprise (motif donné)" in text
    assert "Le forum annuel des employeurs de la Région réunit désormais" in text
    for wrong in ("(s)", "(—)", "non terminée(s)"):
        assert wrong not in text and wrong not in reports[2025]
    assert "Bilan du plan précédent Aucun plan" in reports[2025]


def test_an_action_the_2026_plan_took_over_leaves_the_inbox(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        director = Actor.of(session.exec(select(User).where(User.login == "directrice")).one())
        found = inbox.inbox(session, director, today=demo.TODAY + dt.timedelta(days=1))
    titles = [e.title for e in found if e.due is inbox.Due.action]
    assert "Compter la fréquentation de façon anonyme" not in titles
    assert "Réunir un club d’employeurs partenaires chaque trimestre" not in titles


def test_charter_breaches_lead_and_every_area_shows_its_action_or_reason(
    demo_engine: Engine, reports: dict[int, str]
) -> None:
    text = reports[2025]
    main = text[text.index("Principaux axes d’amélioration") : text.index("Méthode et validation")]
    # the showcase's 2025 breach (demo/data.yaml, showcase_levels) leads the main areas
    breach = "Gratuité des services des partenaires"
    assert f"Remarque Axe d’amélioration Manquement à la charte {breach}" in main  # first row
    areas = text[text.index("Axes d’amélioration et suite donnée dans le plan") :]
    assert f"{breach} (7.4) Manquement à la charte" in areas
    assert "Non retenu : Recadré le jour même" in areas
    assert "Action n° 4" in areas
    assert "ni action ni motif" not in text  # the validated plan answers every area
    # 2026 is still being written: what it owes is said, not hidden
    owed = len([a for a in area_answers_of(demo_engine, 2026) if a.owed])
    assert owed > 1
    assert f"⚠ {owed} axes d’amélioration n’ont ni action ni motif." in reports[2026]


def test_french_that_reads_well(reports: dict[int, str]) -> None:
    assert "Synthèse et plan validés par le comité de pilotage le 03/07/2025." in reports[2025]
    for text in reports.values():
        assert "validés par Comité" not in text and "(s)" not in text


def test_the_method_states_the_disclosure_rule_in_force_and_why_a_median_is_missing(
    reports: dict[int, str],
) -> None:
    text = reports[2025]
    assert "cette médiane n’est donnée qu’à partir de 5 autres Cités" in text
    assert "trois Cités" not in text
    for year in (2025, 2026):  # the approach is described, not the software
        assert "dans l’application" not in reports[year] and "l’appli" not in reports[year]
    assert "Synthèse et plan pas encore validés par le comité de pilotage." in reports[2026]
    # 2025 is closed and its network figures published: every grid has its median
    summary = text[text.index("Synthèse d’ensemble") : text.index("Principaux points forts")]
    assert "« — » en médiane du réseau" not in summary
    assert not re.search(r"[+−±]\d+,\d —", summary)  # no "—" in the median column
    # 2026 is open: the "—" says the figures wait for the close, not that Cités are too few
    open_year = reports[2026]
    open_year = open_year[: open_year.index("Principaux points forts")]
    assert "« — » en médiane du réseau : la campagne est encore ouverte" in open_year
    assert "moins de 5 autres Cités" not in open_year


def test_a_year_in_progress_is_compared_like_for_like_and_says_how_much_is_answered(
    demo_engine: Engine, reports: dict[int, str]
) -> None:
    text = reports[2026]
    for synthesis in syntheses_of(demo_engine, 2026):
        done, asked = synthesis.answered
        assert 0 < done < asked  # the demo's 2026 grids are being filled in
        title = synthesis.questionnaire_title
        assert f"{title} en cours : {done} critères notés sur {asked}." in text
    # like for like: an item rated this year but not applicable (or unanswered) in 2025
    # counts in neither year's figure of the change
    scored_2025 = {
        s.questionnaire_id: {r.item_id for r in s.rows if r.score is not None}
        for s in syntheses_of(demo_engine, 2025)
    }
    for synthesis in syntheses_of(demo_engine, 2026):
        now = {r.item_id for r in synthesis.rows if r.score is not None}
        both = now & scored_2025[synthesis.questionnaire_id]
        assert synthesis.compared_items == len(both)
        said = f"L’évolution ne porte que sur les {len(both)} critères notés les deux années"
        assert said in text
        grid = synthesis.questionnaire_title
        if grid.startswith("Grille qualité"):
            assert "documentation.usage" in now - both  # "sans objet" in 2025, rated in 2026
            change = synthesis.compared_score - synthesis.previous_score
            assert change != synthesis.score - synthesis.previous_score
            summary = text[text.index("Synthèse d’ensemble") :]
            row = summary[summary.index(grid) :][:120]
            assert f"{signed(change, 'fr')}" in row, row
    assert (
        "la campagne est encore ouverte ; les chiffres du réseau ne sont donnés qu’à sa clôture"
        in text
    )
    assert "en cours :" not in reports[2025]  # closed: compared whole, nothing to warn
    # views that diverged are named by the criterion's title, not "7.4 …" for each
    divergent = text[text.index("Avis divergents (deux niveaux d’écart ou plus) : ") :]
    assert re.match(
        r"Avis divergents \(deux niveaux d’écart ou plus\) : [^\d;(]+ \(7\.4\)", divergent
    )
    assert "7.4 …" not in text


def test_each_finding_prints_its_recorded_proof(reports: dict[int, str]) -> None:
    # the showcase's 2026 main strength: the reference it wrote and the minutes it attached
    strength = "Instances de concertation Dynamique partenariale 2.2 Exemplaire"
    summary = reports[2026][reports[2026].index(strength) :]
    proof = "Preuve : Comptes rendus des comités de pilotage Pièces jointes : Compte rendu du"
    assert summary.index(proof) < summary.index("Retours des professionnels")
    assert reports[2025].count("Preuve : Conventions de partenariat signées (annexe 2)") == 2
    # no proof beside an area for improvement whose remark says the document is missing
    assert "Preuve : Résultats de l’enquête de satisfaction" not in reports[2025]


def test_the_closed_plan_says_what_the_next_plan_did_and_flags_nothing_it_answered(
    demo_engine: Engine, reports: dict[int, str]
) -> None:
    text = reports[2025]
    actions = text[text.index("Actions Priorité") : text.index("Axes d’amélioration et suite")]
    assert actions.count("Reprise au plan suivant (Autoévaluation 2026)") == 2
    assert "Non reprise au plan suivant (Autoévaluation 2026) : Le forum annuel" in actions
    # carried over or left with a reason: answered by the 2026 plan, not overdue in 2025's
    assert "échéance dépassée" not in text
    with Session(demo_engine) as session:
        view = plan.plan_view(session, SYSTEM, **ids(session, 2025), lang="fr")
    assert view.overdue(demo.TODAY) == []
    assert len(view.later) == 3


def test_the_method_names_people_and_roles_and_dates_each_step(reports: dict[int, str]) -> None:
    text = reports[2025]
    method = text[text.index("Méthode et validation") : text.index("L’équipe de la Cité")]
    assert "Synthèse et plan validés par le comité de pilotage le 03/07/2025." in method
    assert "Karim Benali, référent qualité ; Sophie Arnaud, conseillère de la mission" in method
    assert "Référente qualité ;" not in method  # a role without a name
    dated = re.findall(r"Notes individuelles avant le consensus, le (\d\d/\d\d/2025)", method)
    agreed = re.findall(r"Consensus de l’équipe arrêté le (\d\d/\d\d/2025)", method)
    assert len(dated) == len(agreed) == 2  # both grids, both steps
    day = lambda d: dt.datetime.strptime(d, "%d/%m/%Y").date()  # noqa: E731
    for rated, consensus in zip(dated, agreed, strict=True):
        assert day(rated) < day(consensus) < dt.date(2025, 7, 3)  # before the validation
    assert "Avis divergents (deux niveaux d’écart ou plus) : Gratuité des services" in method


def test_actions_carry_what_the_caf_asks(reports: dict[int, str]) -> None:
    text = reports[2026]
    actions = text[text.index("Actions Priorité") : text.index("Recommandations et réserves")]
    assert "Indicateur : départ → cible → résultat" in actions
    # baseline → target → result, resources, milestones, the ranking the priorities give
    assert "fermeture à 17 h → 30 visiteurs par soirée → 22 visiteurs" in actions
    assert "Moyens : 40 jours-personnes, 3 000 € (heures de gardiennage)" in actions
    assert "Jalons : Roulement des trois partenaires fixé (mars) ; Première soirée" in actions
    assert "Priorité 12 (3×4) · rang 1 sur 4" in actions
    assert "Priorité 8 (4×2) · rang 3 sur 4" in actions
    # still planned seven months after its start date: flagged
    assert "01/05/2026 → 31/03/2027 ⚠ pas encore commencée Prévue" in actions


def test_every_reason_not_to_act_in_the_demo_answers_one_of_its_areas(
    demo_engine: Engine,
) -> None:
    """A reason the data file gives for an item that is no area for improvement that year is
    never printed: an old text left behind when the ratings changed."""
    for year, reasons in demo_content.content().not_retained.items():
        areas = {a.row.item_id for a in area_answers_of(demo_engine, year)}
        assert set(reasons) <= areas, f"{year}: unused reasons {sorted(set(reasons) - areas)}"


def test_the_review_says_whether_each_aimed_criterion_moved(reports: dict[int, str]) -> None:
    text = reports[2026]
    review = text[text.index("Bilan du plan précédent") : text.index("Actions Priorité")]
    assert "Mesure de la satisfaction (7.3) : En cours → Atteint" in review
    moved = "Pôles animés par des partenaires (7.4) : Partiellement conforme → Partiellement"
    assert moved in review
