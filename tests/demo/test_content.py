"""The demo reads true to someone from the field: remarks and evidence fit their item and its
level, the SWOT answers sit in the right quadrant, the showcase Cité's plan answers its weak
items and carries its unfinished actions over with their own follow-up, and nothing the demo
records is dated after its "today"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cdm_quality import demo
from cdm_quality.demo import content as demo_content
from cdm_quality.domain import languages
from cdm_quality.domain.loader import load_directory
from cdm_quality.services.scores import frozen
from cdm_quality.storage.tables import (
    Answer,
    Campaign,
    Cite,
    ImprovementAction,
    PhaseEvent,
    PlanDismissal,
    PlanValidation,
    Response,
    ReviewNote,
    id_of,
)

QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "questionnaires"


def _answers(engine: Engine) -> list[tuple[str, Answer]]:
    with Session(engine) as session:
        rows = session.exec(
            select(Response.questionnaire_id, Answer).join(
                Answer, Answer.response_id == Response.id
            )
        ).all()
    return [(qid, answer) for qid, answer in rows]


def test_every_remark_and_evidence_fits_its_item_and_level(engine: Engine) -> None:
    grids = load_directory(QUESTIONNAIRES)
    data = demo_content.content()
    settings = [demo_content.Setting(c, o) for c in data.countries for o in (False, True)]

    def written(item_id: str, key: str) -> set[str]:
        """What a Cité can write there: the French, or a working language's (`in_language`)."""
        found = set()
        for lang, sections in [(None, vars(data)), *data.in_language.items()]:
            for name in ("remarks", "remarks_before_opening"):
                given = sections.get(name, {}).get(item_id, {}).get(key)
                found |= {demo_content.in_setting(given, s, lang) for s in settings if given}
        return found

    remarked = 0
    for qid, answer in _answers(engine):
        if not (answer.remark or answer.evidence):
            continue
        questionnaire = grids[qid]
        item = questionnaire.item(answer.item_id)
        assert item is not None
        level = demo_content.band(questionnaire, item, answer.value)
        if answer.remark:
            remarked += 1
            assert answer.remark in written(item.id, level or ""), (item.id, answer.value)
        if answer.evidence:
            assert answer.evidence in written(item.id, "evidence")
    assert remarked > 100


def _written_by(engine: Engine, cite: str) -> tuple[str | None, list[str], list[str], list[str]]:
    """A demo Cité's working language, its remarks, its SWOT entries and its labelling-file
    paragraphs, every campaign."""
    with Session(engine) as session:
        found = session.exec(select(Cite).where(Cite.name == cite)).one()
        answers = session.exec(
            select(Answer)
            .join(Response, col(Answer.response_id) == Response.id)
            .where(Response.cite_id == found.id)
        ).all()
    remarks = [a.remark for a in answers if a.remark]
    swot = [e for a in answers if a.item_id.startswith("swot.") for e in a.value or []]
    written = [
        a.value["text"] for a in answers if isinstance(a.value, dict) and a.value.get("text")
    ]
    return found.language, remarks, swot, written


def test_the_cites_working_in_italian_or_portuguese_write_in_it(engine: Engine) -> None:
    """Porto's remarks and labelling file are Portuguese, naming its own bodies in Portuguese
    (o IEFP); Ticino and Turin, not open yet, write their project's remarks, SWOT and labelling
    file in Italian."""
    data = demo_content.content()

    def worded(lang: str, section: str, setting: demo_content.Setting) -> set[str]:
        given = data.in_language[lang][section].values()
        texts = [
            t
            for g in given
            for t in (g.values() if isinstance(g, dict) else g if isinstance(g, list) else [g])
        ]
        return {demo_content.in_setting(text, setting, lang) for text in texts}

    language, remarks, _, written = _written_by(engine, "Cité des métiers de Porto")
    porto = demo_content.Setting("Portugal", True, "Porto", language="pt")
    assert language == "pt" and len(remarks) > 20 and written
    assert set(remarks) <= worded("pt", "remarks", porto)
    assert set(written) <= worded("pt", "dossier_texts", porto)
    for name, country, city in (
        ("Cité des métiers de la Suisse italienne", "Suisse", "Bellinzona"),
        ("Cité des métiers de Turin", "Italie", "Turin"),
    ):
        language, remarks, swot, written = _written_by(engine, name)
        setting = demo_content.Setting(country, False, city, language="it")
        assert language == "it" and remarks and swot and written
        assert set(remarks) <= worded("it", "remarks_before_opening", setting), name
        assert set(swot) <= worded("it", "lists_before_opening", setting), name
        assert set(written) <= worded("it", "dossier_texts", setting), name


# words only French has among the network's languages: a text of a Cité working in Italian or
# Portuguese holding one was left in French
FRENCH_WORDS = re.compile(
    r"\b(?:les|des|du|et|avec|pour|une|dans|sur|aux|chaque|est|sont)\b", re.IGNORECASE
)


def _cite_texts(engine: Engine, cite: str) -> list[str]:
    """Every free text the demo wrote for `cite`: answers (table cells included), remarks,
    evidence, participants, improvement actions, plan validations and dismissals."""
    texts = [w.text for w in _written(engine) if w.cite == cite]
    with Session(engine) as session:
        cite_id = session.exec(select(Cite.id).where(Cite.name == cite)).one()
        for action in session.exec(
            select(ImprovementAction).where(ImprovementAction.cite_id == cite_id)
        ).all():
            texts += [action.title, action.description, action.owner, action.partners]
            texts += [action.indicator, action.target, action.result, action.abandon_reason]
        for validation in session.exec(
            select(PlanValidation).where(PlanValidation.cite_id == cite_id)
        ).all():
            texts += [validation.body, validation.note]
        texts += session.exec(select(PlanDismissal.reason).where(PlanDismissal.cite_id == cite_id))
    return [text for text in texts if text]


@pytest.mark.parametrize(
    "cite",
    [
        "Cité des métiers de Porto",
        "Cité des métiers de la Suisse italienne",
        "Cité des métiers de Turin",
    ],
)
def test_a_cite_working_in_italian_or_portuguese_writes_nothing_in_french(
    engine: Engine, cite: str
) -> None:
    """Remarks, labelling-file paragraphs and tables, SWOT, participants, actions and the
    steering committee: all in the Cité's language (the Cité's registered name aside)."""
    texts = _cite_texts(engine, cite)
    assert len(texts) > 50
    french = [t for t in texts if FRENCH_WORDS.search(t.replace(cite, ""))]
    assert french == [], cite


def test_portos_plan_and_validation_are_written_in_portuguese(engine: Engine) -> None:
    with Session(engine) as session:
        porto = session.exec(select(Cite).where(Cite.name == "Cité des métiers de Porto")).one()
        actions = session.exec(
            select(ImprovementAction).where(ImprovementAction.cite_id == porto.id)
        ).all()
        validation = session.exec(
            select(PlanValidation).where(PlanValidation.cite_id == porto.id)
        ).one()
    catalogue = demo_content.content().in_language["pt"]["catalogue"]
    assert actions and {a.title for a in actions} <= {e["title"] for e in catalogue.values()}
    assert validation.body == "Comité de pilotagem"


def test_what_each_cite_wrote_is_stored_in_its_working_language(engine: Engine) -> None:
    with Session(engine) as session:
        answers = session.exec(
            select(Cite.name, Cite.language, Answer.language)
            .join(Response, col(Response.cite_id) == Cite.id)
            .join(Answer, col(Answer.response_id) == Response.id)
        ).all()
        actions = session.exec(
            select(Cite.name, Cite.language, ImprovementAction.language).join(
                ImprovementAction, col(ImprovementAction.cite_id) == Cite.id
            )
        ).all()
    stored = {(name, languages.chosen(own), written) for name, own, written in answers}
    stored |= {(name, languages.chosen(own), written) for name, own, written in actions}
    assert {name for name, _, _ in stored} >= {"Cité des métiers de Porto"}
    assert all(own == written for _, own, written in stored), stored
    assert ("Cité des métiers de Porto", "pt", "pt") in stored


def test_swot_answers_sit_in_their_quadrant(engine: Engine) -> None:
    data = demo_content.content()
    settings = [demo_content.Setting(c, o) for c in data.countries for o in (False, True)]
    for _, answer in _answers(engine):
        if answer.item_id.startswith("swot."):
            quadrant = data.lists[answer.item_id] + data.lists_before_opening[answer.item_id]
            allowed = {demo_content.in_setting(e, s) for e in quadrant for s in settings}
            for lang, sections in data.in_language.items():  # a working language's SWOT
                own = [
                    *sections.get("lists", {}).get(answer.item_id, []),
                    *sections.get("lists_before_opening", {}).get(answer.item_id, []),
                ]
                allowed |= {demo_content.in_setting(e, s, lang) for e in own for s in settings}
            assert set(answer.value) <= allowed, answer.item_id


# --- one true story per Cité: what a rule can catch ------------------------------------------

FRENCH_BODIES = re.compile(
    r"France Travail|Pôle emploi|mission locale|France services|Cap emploi|Apec|Transitions Pro"
    r"|GRETA|\bCIO\b|BGE|Initiative France",
    re.IGNORECASE,
)
# practice with the public: never in the answers of a Cité that does not receive it yet
PRACTICE = re.compile(
    r"visiteur|usagers? (?:repartent|interrogés|reçus)|attente|jusqu’à 19 h|samedi sur deux"
    r"|enquête de satisfaction menée|comptage automatique|fréquentation comptée",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Written:
    """A text the demo wrote in a Cité's response, with where and when."""

    cite: str
    country: str
    year: int
    phase: str
    opened: bool
    item_id: str
    text: str


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):  # a labelling-file item: its text and its table's cells
        cells = [c for row in value.get("rows") or [] for c in row.values()]
        return [v for v in [*value.values(), *cells] if isinstance(v, str)]
    return []


def _written(engine: Engine) -> list[Written]:
    found = []
    with Session(engine) as session:
        rows = session.exec(
            select(Cite, Campaign, Response, Answer)
            .join(Response, Response.cite_id == Cite.id)
            .join(Campaign, Campaign.id == Response.campaign_id)
            .join(Answer, Answer.response_id == Response.id)
        ).all()
        for cite, campaign, response, answer in rows:
            texts = [*_strings(answer.value), answer.remark, answer.evidence]
            texts += [response.participants or ""]
            found += [
                Written(
                    cite.name,
                    cite.country,
                    campaign.year,
                    response.phase,
                    response.opened,
                    answer.item_id,
                    text,
                )
                for text in texts
                if text
            ]
    return found


def test_no_text_names_a_year_after_its_campaign(engine: Engine) -> None:
    for w in _written(engine):
        later = [y for y in YEAR.findall(w.text) if int(y) > w.year]
        assert not later, (w.cite, w.year, w.item_id, w.text)


def test_a_cite_not_yet_open_writes_no_practice_with_the_public(engine: Engine) -> None:
    closed = [w for w in _written(engine) if w.phase != "fonctionnement" and not w.opened]
    assert {w.cite for w in closed} >= {"Cité des métiers de Turin", "Cité des métiers de Limoges"}
    for w in closed:
        assert not PRACTICE.search(w.text), (w.cite, w.year, w.item_id, w.text)
    for w in _written(engine):
        if "jury" in w.text:  # the label's confirmation comes with fonctionnement
            assert w.phase == "fonctionnement", (w.cite, w.item_id, w.text)


def test_each_country_names_its_own_public_bodies(engine: Engine) -> None:
    written = [(w.cite, w.country, w.text) for w in _written(engine)]
    with Session(engine) as session:
        for action, cite in session.exec(
            select(ImprovementAction, Cite).join(Cite, Cite.id == ImprovementAction.cite_id)
        ).all():
            texts = [action.title, action.description, action.partners, action.indicator]
            written += [(cite.name, cite.country, t) for t in texts if t]
    abroad = [w for w in written if "France" not in w[1]]
    assert {c for c, _, _ in abroad} >= {"Cité des métiers de Namur", "Cité des métiers de Porto"}
    for cite, _, text in abroad:
        assert not FRENCH_BODIES.search(text), (cite, text)


def test_opening_dates_agree_with_the_label_history(engine: Engine) -> None:
    with Session(engine) as session:
        for cite in session.exec(select(Cite)).all():
            events = session.exec(select(PhaseEvent).where(PhaseEvent.cite_id == cite.id)).all()
            history = sorted((e.decided_on, e.phase) for e in events)
            if cite.opened_on is None:
                continue
            assert history[0][0] <= cite.opened_on, cite.name
            phase_then = [p for day, p in history if day <= cite.opened_on][-1]
            assert phase_then != "projet", (cite.name, cite.opened_on)


def test_every_labelling_file_item_is_a_paragraph_of_its_own(engine: Engine) -> None:
    by_response: dict[int, list[str]] = {}
    with Session(engine) as session:
        for response, answer in session.exec(
            select(Response, Answer)
            .join(Answer, Answer.response_id == Response.id)
            .where(Response.questionnaire_id == "dossier")
        ).all():
            if isinstance(answer.value, dict) and answer.value.get("text"):
                by_response.setdefault(id_of(response), []).append(answer.value["text"])
    assert by_response
    for texts in by_response.values():
        assert len(set(texts)) == len(texts)


def test_nothing_recorded_is_after_today(engine: Engine) -> None:
    today = demo.TODAY
    with Session(engine) as session:
        moments = [a.saved_at.date() for a in session.exec(select(Answer)).all()]
        for r in session.exec(select(Response)).all():
            moments += [r.created_at.date()] + ([r.submitted_at.date()] if r.submitted_at else [])
        moments += [e.decided_on for e in session.exec(select(PhaseEvent)).all()]
        for action in session.exec(select(ImprovementAction)).all():
            moments += [action.created_at.date()]
            moments += [action.completed_on] if action.completed_on else []
        moments += [v.validated_on for v in session.exec(select(PlanValidation)).all()]
    assert max(moments) <= today


def test_showcase_plan_answers_its_weak_items_and_carries_over_with_its_own_follow_up(
    engine: Engine,
) -> None:
    grids = load_directory(QUESTIONNAIRES)
    with Session(engine) as session:
        cite = session.exec(select(Cite).where(Cite.name == demo.SHOWCASE)).one()
        years = {c.id: c.year for c in session.exec(select(Campaign)).all()}
        actions = session.exec(
            select(ImprovementAction).where(ImprovementAction.cite_id == cite.id)
        ).all()
        values = {
            (years[r.campaign_id], a.item_id): (r.questionnaire_id, a.value)
            for r, a in session.exec(
                select(Response, Answer)
                .join(Answer, Answer.response_id == Response.id)
                .where(Response.cite_id == cite.id)
            ).all()
        }
    by_id = {a.id: a for a in actions}
    for action in (a for a in actions if years[a.campaign_id] == 2025):
        for item_id in action.item_ids:
            qid, value = values[(2025, item_id)]
            item = grids[qid].item(item_id)
            assert item is not None
            assert demo_content.band(grids[qid], item, value) == "low", (action.title, item_id)
    carried = [a for a in actions if a.continues_action_id is not None]
    assert len(carried) == 2
    for action in carried:
        original = by_id[action.continues_action_id]
        assert action.description != original.description  # its own follow-up
        assert action.start_on and action.start_on.year == 2026
    abandoned = [a for a in actions if a.status == "abandoned"]
    assert abandoned and all(a.abandon_reason for a in abandoned)


def test_the_showcase_plan_was_validated_by_its_steering_committee(engine: Engine) -> None:
    with Session(engine) as session:
        cite = session.exec(select(Cite).where(Cite.name == demo.SHOWCASE)).one()
        found = session.exec(select(PlanValidation).where(PlanValidation.cite_id == cite.id)).one()
    assert found.body == "Comité de pilotage" and found.validated_on < dt.date(2025, 12, 31)


def test_the_authority_reviewed_the_showcase_one_recommendation_already_an_action(
    engine: Engine,
) -> None:
    with Session(engine) as session:
        cite = session.exec(select(Cite).where(Cite.name == demo.SHOWCASE)).one()
        notes = session.exec(select(ReviewNote).where(ReviewNote.cite_id == cite.id)).all()
        linked = [n for n in notes if n.action_id is not None]
        assert len(notes) == 2 and len(linked) == 1
        action = session.get(ImprovementAction, linked[0].action_id)
        assert action is not None and action.cite_id == cite.id
        assert action.item_ids == [linked[0].item_id]
        assert linked[0].reply and linked[0].replied_by_id is not None  # its director answered
        for note in notes:  # each points into its own questionnaire (the pages name it)
            response = session.get(Response, note.response_id)
            assert response is not None
            q = frozen.frozen_questionnaire(
                session, campaign_id=note.campaign_id, questionnaire_id=response.questionnaire_id
            )
            sections = {sec.id for sec in q.sections}
            assert q.item(note.item_id) if note.item_id else note.section_id in sections


def test_the_data_file_names_only_items_of_the_grids() -> None:
    ids = {i.id for q in load_directory(QUESTIONNAIRES).values() for i in q.items()}
    found = demo_content.content()
    named = set(found.remarks) | set(found.lists) | set(found.catalogue)
    named |= {i for actions in found.showcase_plans.values() for a in actions for i in a.items}
    named |= {i for levels in found.showcase_levels.values() for i in levels}
    named |= set(found.texts) | set(found.remarks_before_opening) | set(found.lists_before_opening)
    named |= {i for words in found.countries.values() for i in words["partners"]}
    assert named - ids == set()
    plan = load_directory(QUESTIONNAIRES)["dossier"].items()
    written = {i.id for i in plan if i.kind.value == "status_text"}
    assert written <= set(found.dossier_texts) <= {i.id for i in plan}  # each its paragraph


def test_the_closed_campaigns_publish_their_network_figures_to_directors(engine: Engine) -> None:
    """The demo writes its past after closing it: the figures a director reads of 2025 come
    from every Cité's answers, as that close would have published them."""
    from cdm_quality.services.assessment import synthesis
    from cdm_quality.services.people.access import Actor
    from cdm_quality.storage.tables import Role, User

    with Session(engine) as session:
        cite = session.exec(select(Cite).where(Cite.name == demo.SHOWCASE)).one()
        user = session.exec(
            select(User).where(User.cite_id == cite.id, User.role == Role.director)
        ).first()
        assert user is not None and cite.id is not None
        director = Actor(
            id=user.id, login=user.login, name=user.name, role=user.role, cite_id=cite.id
        )
        year = session.exec(select(Campaign).where(Campaign.year == 2025)).one()
        found = synthesis.cite_synthesis(
            session, director, cite_id=cite.id, campaign_id=year.id or 0, lang="fr"
        )
    charter = next(g for g in found.grids if g.synthesis.questionnaire_id == "charte")
    assert charter.network_published and charter.network_count == 8  # the other eight Cités
    assert any(s.network_median is not None for s in charter.synthesis.sections)


def _rows(engine: Engine, cite: str, item_id: str) -> list[dict[str, object]]:
    """The rows of a Cité's latest labelling-file table `item_id`."""
    with Session(engine) as session:
        found = session.exec(
            select(Answer)
            .join(Response, Response.id == Answer.response_id)
            .join(Cite, Cite.id == Response.cite_id)
            .join(Campaign, Campaign.id == Response.campaign_id)
            .where(Cite.name == cite, Answer.item_id == item_id)
            .order_by(col(Campaign.year).desc())
        ).first()
    assert found is not None, (cite, item_id)
    return list(found.value["rows"])


def test_each_countrys_tables_name_its_own_bodies_city_and_currency(engine: Engine) -> None:
    partners = {
        cite: [row["nom"] for row in _rows(engine, cite, "organisation.partenaires")]
        for cite in (
            "Cité des métiers du Val-de-Loire",
            "Cité des métiers de Namur",
            "Cité des métiers de Porto",
            "Cité des métiers du Grand Genève",
        )
    }
    assert len({tuple(names) for names in partners.values()}) == len(partners)
    assert "Forem" in partners["Cité des métiers de Namur"]
    assert "Área Metropolitana" in partners["Cité des métiers de Porto"]  # in Portuguese
    budget = _rows(engine, "Cité des métiers du Grand Genève", "budget.fonctionnement")
    assert {row["devise"] for row in budget} == {"chf"}
    sites = _rows(engine, "Cité des métiers de Turin", "implantation.equite")
    assert sites[0]["site"] == "Città dei mestieri di Torino"  # in Italian, the city too


def test_no_table_row_is_dated_after_its_campaign(engine: Engine) -> None:
    with Session(engine) as session:
        rows = session.exec(
            select(Campaign.year, Answer)
            .join(Response, Response.campaign_id == Campaign.id)
            .join(Answer, Answer.response_id == Response.id)
            .where(col(Answer.item_id).in_(["complements.evolutions", "complements.rapport"]))
        ).all()
    assert rows
    for year, answer in rows:
        assert all(row["annee"] <= year for row in answer.value["rows"]), (year, answer.item_id)
