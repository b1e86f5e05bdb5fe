"""The demo network: ten Cités in three phases and six countries, campaigns 2024 and 2025
closed, 2026 open and partly filled, improvement actions, one account per role.

Deterministic (fixed seed and fixed dates): the same questionnaire files give the same data.
Answers are generated per item kind, validated by `domain.answers.validate_value`, and
written straight to the tables (one version each), which keeps `make run`'s first start
quick. The demo logins are listed in README.md ("Demo accounts"). What the demo says —
remarks and evidence that fit each item and level, texts, the SWOT, the plans, participants,
the validation — comes from `data.yaml` (read by `demo.content`); nothing it records is
dated after `TODAY`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, insert
from sqlmodel import Session, col, select

import cdm_quality.demo.content as demo_content
from cdm_quality.demo.attachments import add_demo_extras
from cdm_quality.demo.review import add_demo_review
from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain import languages
from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.plan import ActionStatus
from cdm_quality.domain.questionnaire import Item, ItemKind, Phase, Questionnaire, is_open
from cdm_quality.services.assessment import ratings
from cdm_quality.services.errors import InvalidState
from cdm_quality.services.network import campaigns, cites, publication
from cdm_quality.services.people import users
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.services.scores.aggregates import cache_every_campaign
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import one_transaction
from cdm_quality.storage.tables import (
    Answer,
    AnswerHistory,
    Campaign,
    CampaignState,
    Cite,
    CiteCreate,
    ImprovementAction,
    ItemConsensus,
    ItemRating,
    NetworkMember,
    PhaseDecision,
    PlanDismissal,
    PlanValidation,
    Response,
    ResponseState,
    Role,
    User,
    id_of,
)

SEED = 20260101
TODAY = dt.date(2026, 12, 1)  # the demo's today: nothing it records is later
SHOWCASE = "Cité des métiers du Val-de-Loire"
NO_PASSWORD = "!"  # not an argon2 hash: no password ever matches it
UTC = dt.UTC

# login, password, role, display name, Cité name (None: no Cité). Documented in README.md.
DEMO_ACCOUNTS: tuple[tuple[str, str, Role, str, str | None], ...] = (
    (
        "directrice",
        "demo-directrice",
        Role.director,
        "Hélène Marchand",
        "Cité des métiers du Val-de-Loire",
    ),
    (
        "contributeur",
        "demo-contributeur",
        Role.contributor,
        "Karim Benali",
        "Cité des métiers du Val-de-Loire",
    ),
    (
        "directeur-namur",
        "demo-namur",
        Role.director,
        "Olivier Lejeune",
        "Cité des métiers de Namur",
    ),
    (
        "evaluatrice",
        "demo-evaluatrice",
        Role.assessor,
        "Sophie Arnaud (Mission locale)",
        "Cité des métiers du Val-de-Loire",
    ),
    ("autorite", "demo-autorite", Role.authority, "Claire Fontaine (Universcience)", None),
    ("admin", "demo-admin", Role.admin, "Administrateur technique", None),
)


@dataclass(frozen=True)
class DemoCite:
    name: str
    city: str
    country: str
    history: tuple[tuple[Phase, PhaseDecision, dt.date, str], ...]
    maturity: float  # 0..1: how advanced its practice is (drives the ratings)
    director: str
    opened_on: dt.date | None = None  # opening to the public (fonctionnement: open anyway)

    def setting(self, phase: Phase, day: dt.date) -> demo_content.Setting:
        """Its country, whether it received the public on `day` in `phase`, its city and the
        language it writes in."""
        opened = self.opened_on is not None and self.opened_on <= day
        language = demo_content.working_language(self.name)
        return demo_content.Setting(
            self.country, is_open(phase, opened), self.city, day.year, language
        )


P, D = Phase, PhaseDecision
CITES: tuple[DemoCite, ...] = (
    DemoCite(
        "Cité des métiers du Val-de-Loire",
        "Tours",
        "France",
        (
            (
                P.projet,
                D.entered,
                dt.date(2016, 3, 10),
                "Projet porté par la Région et Pôle emploi.",
            ),
            (P.prefiguration, D.entered, dt.date(2018, 6, 21), ""),
            (
                P.fonctionnement,
                D.entered,
                dt.date(2020, 11, 5),
                "Label confirmé par le jury international.",
            ),
            (
                P.fonctionnement,
                D.confirmed,
                dt.date(2025, 6, 12),
                "Tableau de bord d’activité validé.",
            ),
        ),
        0.62,
        "Hélène Marchand",
    ),
    DemoCite(
        "Cité des métiers de Namur",
        "Namur",
        "Belgique",
        (
            (
                P.projet,
                D.entered,
                dt.date(2014, 7, 22),
                "Note d’orientation présentée au jury international.",
            ),
            (
                P.projet,
                D.confirmed,
                dt.date(2015, 5, 20),
                "Second passage devant le jury : avancement du projet.",
            ),
            (P.prefiguration, D.entered, dt.date(2015, 12, 10), "Équipe et pôles à constituer."),
            (
                P.prefiguration,
                D.prolonged,
                dt.date(2018, 6, 14),
                "Ouverte au public depuis 2016 dans des locaux provisoires.",
            ),
            (
                P.prefiguration,
                D.prolonged,
                dt.date(2024, 5, 16),
                "Préfiguration prolongée : locaux définitifs en travaux.",
            ),
            (
                P.prefiguration,
                D.prolonged,
                dt.date(2025, 5, 22),
                "Nouvelle prolongation d’un an, déménagement prévu.",
            ),
        ),
        0.45,
        "Olivier Lejeune",
        dt.date(2016, 6, 1),
    ),
    DemoCite(
        "Cité des métiers de Charleroi",
        "Charleroi",
        "Belgique",
        (
            (P.prefiguration, D.entered, dt.date(2012, 4, 2), ""),
            (P.fonctionnement, D.entered, dt.date(2014, 10, 9), ""),
        ),
        0.7,
        "Sophie Delvaux",
    ),
    DemoCite(
        "Cité des métiers de Porto",
        "Porto",
        "Portugal",
        (
            (P.prefiguration, D.entered, dt.date(2008, 1, 15), ""),
            (
                P.fonctionnement,
                D.entered,
                dt.date(2010, 3, 3),
                "Centro de recursos aberto ao público.",
            ),
        ),
        0.78,
        "Ana Sousa",
    ),
    DemoCite(
        "Cité des métiers du Grand Genève",
        "Genève",
        "Suisse",
        (
            (P.prefiguration, D.entered, dt.date(2011, 5, 5), ""),
            (P.fonctionnement, D.entered, dt.date(2013, 9, 19), "Partenariat transfrontalier."),
        ),
        0.82,
        "Marc Rochat",
    ),
    DemoCite(
        "Cité des métiers de la Suisse italienne",
        "Bellinzona",
        "Suisse",
        (
            (P.projet, D.entered, dt.date(2022, 1, 20), ""),
            (
                P.prefiguration,
                D.entered,
                dt.date(2024, 9, 26),
                "Premiers ateliers avec les partenaires.",
            ),
        ),
        0.4,
        "Giulia Bernasconi",
    ),
    DemoCite(
        "Cité des métiers de Turin",
        "Turin",
        "Italie",
        (
            (P.projet, D.entered, dt.date(2024, 2, 8), "Étude de faisabilité avec la Ville."),
            (P.projet, D.prolonged, dt.date(2025, 11, 13), "Partenaires encore à réunir."),
        ),
        0.25,
        "Paolo Ferrero",
    ),
    DemoCite(
        "Cité des métiers de Guadeloupe",
        "Pointe-à-Pitre",
        "Guadeloupe (France)",
        (
            (P.prefiguration, D.entered, dt.date(2015, 6, 1), ""),
            (P.fonctionnement, D.entered, dt.date(2017, 12, 7), ""),
        ),
        0.55,
        "Josiane Lubin",
    ),
    DemoCite(
        "Cité des métiers de La Réunion",
        "Saint-Denis",
        "La Réunion (France)",
        (
            (P.prefiguration, D.entered, dt.date(2009, 2, 12), ""),
            (P.fonctionnement, D.entered, dt.date(2011, 4, 28), ""),
        ),
        0.66,
        "Thierry Payet",
    ),
    DemoCite(
        "Cité des métiers de Limoges",
        "Limoges",
        "France",
        ((P.projet, D.entered, dt.date(2025, 3, 27), "Lettre d’intention des partenaires reçue."),),
        0.2,
        "Nathalie Fougères",
    ),
)

# Campaign year → (opening, closing) and the day answers are dated from.
YEARS = {
    2024: (dt.date(2024, 3, 1), dt.date(2024, 6, 30)),
    2025: (dt.date(2025, 3, 3), dt.date(2025, 6, 30)),
    2026: (dt.date(2026, 3, 2), dt.date(2026, 12, 18)),
}

SHORT_TEXTS = (
    "Mme Leroy, chargée de mission qualité",
    "En cours de signature (septembre)",
    "Ateliers CV en binôme",
    "Jeunes décrocheurs et familles",
    "Forum de l’alternance",
)
LONG_TEXTS = (
    "L’équipe pluridisciplinaire se réunit chaque semaine ; les conseillers des institutions "
    "partenaires échangent sur les situations complexes et sur l’évolution de l’offre.",
    "Les ateliers sont coanimés par deux partenaires ; chaque séance se termine par un "
    "questionnaire court dont les résultats sont discutés en réunion d’équipe.",
    "Le comité stratégique réunit les directions des partenaires deux fois par an ; un comité "
    "opérationnel mensuel prépare les décisions et suit les indicateurs.",
    "Un espace numérique accompagné accueille les usagers ; une médiatrice aide aux démarches "
    "en ligne et oriente vers les ateliers d’inclusion numérique.",
)
LIST_TEXTS = (
    "Équipe motivée et stable",
    "Forte notoriété locale",
    "Locaux trop exigus",
    "Partenariat emploi très actif",
    "Financements pluriannuels incertains",
    "Nouveaux publics : personnes réfugiées",
    "Chambre de métiers",
    "Nouvelle politique régionale d’orientation",
    "Concurrence des plateformes en ligne",
)
NUMBER_RANGES = (
    ("visites", 4000, 42000),
    ("entretiens", 800, 9000),
    ("taux", 70, 98),
    ("part", 50, 100),
    ("heures", 24, 45),
    ("jours", 2, 9),
    ("participants", 300, 4200),
    ("evenements", 20, 160),
    ("reunions", 2, 8),
    ("effectif", 3, 12),
    ("ateliers", 30, 220),
    ("partenaires", 6, 38),
)


def is_empty(session: Session) -> bool:
    """True when the database holds no Cité, account or campaign."""
    return not any(
        session.exec(select(func.count()).select_from(model)).one()
        for model in (Cite, User, Campaign)
    )


@dataclass(frozen=True)
class DemoSummary:
    cites: int
    users: int
    campaigns: int
    responses: int
    answers: int
    actions: int


def load_demo_once(
    engine: Engine, *, directory: str | Path | None = None, if_empty: bool = False
) -> DemoSummary | None:
    """Fill an empty database with the demo network in one transaction: all of it or nothing,
    so that a failure or a killed process leaves the database empty and a later `--if-empty`
    load runs again. None when `if_empty` and the database holds data (InvalidState without
    `if_empty`)."""
    with one_transaction(engine) as session:
        if if_empty and not is_empty(session):
            return None
        return load_demo(session, directory=directory)


def load_demo(session: Session, *, directory: str | Path | None = None) -> DemoSummary:
    """Fill an empty database with the demo network (InvalidState if it holds data). Each
    service it calls commits: use `load_demo_once` for all or nothing."""
    if not is_empty(session):
        raise InvalidState("demo.not_empty")
    questionnaires = load_directory(directory or get_settings().questionnaires_path())
    rng = random.Random(SEED)
    cite_ids = _make_cites(session)
    _make_accounts(session, cite_ids)
    authority = _actor(session, "autorite")
    campaign_ids = _make_campaigns(session, authority, list(questionnaires.values()))
    answers = 0
    responses = 0
    given: dict[tuple[int, str, str], dict[str, Any]] = {}
    for year, campaign_id in campaign_ids.items():
        for spec in CITES:
            for qid in sorted(questionnaires):
                frozen = frozen_questionnaire(
                    session, campaign_id=campaign_id, questionnaire_id=qid
                )
                written = _fill_response(session, rng, year, campaign_id, spec, cite_ids, frozen)
                responses += written is not None
                answers += len(written or {})
                given[(year, spec.name, qid)] = written or {}
    _publish_past(session, campaign_ids.values())
    actions = _make_actions(session, rng, campaign_ids, cite_ids, questionnaires, given)
    _make_team(session, rng, campaign_ids[max(YEARS)], cite_ids[SHOWCASE])
    # the 2025 ratings, drawn apart so that the rest of the demo stays as it was
    _rate_closed_year(session, random.Random(2025), campaign_ids[2025], cite_ids[SHOWCASE])
    _make_validations(session, campaign_ids, cite_ids)
    add_demo_review(
        session, cite_id=cite_ids[SHOWCASE], campaign_ids=dict(campaign_ids), today=TODAY
    )
    session.commit()
    cache_every_campaign(session)  # the answers were written here, not submitted in the app
    add_demo_extras(session)  # Namur's opening date and a few attachments
    return DemoSummary(
        len(CITES), len(DEMO_ACCOUNTS) + len(CITES), len(campaign_ids), responses, answers, actions
    )


def _actor(session: Session, login: str) -> Actor:
    return Actor.of(session.exec(select(User).where(User.login == login)).one())


def _make_cites(session: Session) -> dict[str, int]:
    ids = {}
    for spec in CITES:
        first_phase, _, first_date, first_note = spec.history[0]
        data = CiteCreate(
            name=spec.name,
            city=spec.city,
            country=spec.country,
            phase=first_phase,
            opened_on=spec.opened_on,
            language=demo_content.working_language(spec.name),
        )
        cite = cites.create_cite(session, SYSTEM, data=data, since=first_date, note=first_note)
        for phase, decision, day, note in spec.history[1:]:
            cites.record_phase(
                session,
                SYSTEM,
                cite_id=cite.id,
                phase=phase,
                decision=decision,
                decided_on=day,
                note=note,
            )
        ids[spec.name] = cite.id
    return ids


def _make_accounts(session: Session, cite_ids: Mapping[str, int]) -> None:
    for login, password, role, name, cite in DEMO_ACCOUNTS:
        if role is Role.assessor:  # invited for a campaign, once it exists (`_make_team`)
            continue
        users.add_user(
            session,
            SYSTEM,
            login=login,
            name=name,
            password=password,
            role=role,
            cite_id=cite_ids[cite] if cite else None,
        )
    for number, spec in enumerate(CITES, start=1):
        if any(a[4] == spec.name and a[2] is Role.director for a in DEMO_ACCOUNTS):
            continue
        # Authors of the other Cités' answers: accounts that cannot sign in.
        session.add(
            User(
                login=f"direction-{number:02d}",
                name=spec.director,
                role=Role.director,
                cite_id=cite_ids[spec.name],
                password_hash=NO_PASSWORD,
                active=False,
                language=demo_content.working_language(spec.name),
                created_at=dt.datetime.combine(spec.history[0][2], dt.time(9), UTC),
            )
        )
    session.commit()


def _make_campaigns(
    session: Session, authority: Actor, questionnaires: list[Questionnaire]
) -> dict[int, int]:
    ids = {}
    for year, (opens, closes) in YEARS.items():
        made = campaigns.create_campaign(
            session,
            authority,
            year=year,
            questionnaires=questionnaires,
            name=f"Autoévaluation {year}",
            opens_on=opens,
            closes_on=closes,
        )
        campaigns.open_campaign(session, authority, campaign_id=made.id)
        if year < max(YEARS):
            campaigns.close_campaign(session, authority, campaign_id=made.id)
        ids[year] = made.id
    return ids


def _publish_past(session: Session, campaign_ids: Iterable[int]) -> None:
    """The past campaigns were closed before the demo wrote their answers: their network
    figures are published now, from those answers, as their close would have published them."""
    for campaign_id in campaign_ids:
        campaign = session.get_one(Campaign, campaign_id)
        if campaign.state is CampaignState.closed:
            session.execute(
                delete(NetworkMember).where(col(NetworkMember.campaign_id) == campaign_id)
            )
            campaign.published_at = None
            publication.publish(session, campaign)
            session.commit()


def _phase_in(spec: DemoCite, day: dt.date) -> Phase | None:
    """The Cité's phase on `day` (None before its first decision)."""
    phases = [phase for phase, _, decided, _ in spec.history if decided <= day]
    return phases[-1] if phases else None


def _users_of(session: Session, cite_id: int) -> list[int]:
    return list(
        id_of(user)
        for user in session.exec(
            select(User).where(User.cite_id == cite_id).order_by(col(User.id))
        ).all()
    )


def _fill_response(
    session: Session,
    rng: random.Random,
    year: int,
    campaign_id: int,
    spec: DemoCite,
    cite_ids: Mapping[str, int],
    questionnaire: Questionnaire,
) -> dict[str, Any] | None:
    """Write one generated response; returns its answers (None: not started)."""
    opens, closes = YEARS[year]
    phase = _phase_in(spec, opens)
    share = _share_answered(rng, year, spec)
    if phase is None or share == 0:
        return None
    setting = spec.setting(phase, opens)
    opened = spec.opened_on is not None and spec.opened_on <= opens
    authors = _users_of(session, cite_ids[spec.name])
    start = dt.datetime.combine(opens, dt.time(9), UTC) + dt.timedelta(days=rng.randint(0, 20))
    response = Response(
        cite_id=cite_ids[spec.name],
        campaign_id=campaign_id,
        phase=phase,
        questionnaire_id=questionnaire.id,
        created_at=start,
        created_by_id=authors[0],
        participants=demo_content.participants(spec.director, spec.name),
        opened=opened,
    )
    session.add(response)
    session.flush()
    maturity = spec.maturity + 0.06 * (year - 2024)
    if questionnaire.id == "charte":  # a labelled Cité keeps to its charter more than not
        maturity += 0.2
    values = _values(rng, questionnaire, phase, maturity, share, setting)
    if spec.name == SHOWCASE:
        values = _showcase_levels(questionnaire, values, year, phase)
    chance = 0.9 if spec.name == SHOWCASE else 0.4
    rows = [
        _answer_row(
            rng, id_of(response), questionnaire, item_id, value, at, authors, chance, setting
        )
        for offset, (item_id, value) in enumerate(values.items())
        for at in [start + dt.timedelta(hours=3 * offset + rng.randint(0, 2))]
    ]
    # every table of the labelling file is filled, drawn apart so the other answers stay
    extra = random.Random(f"{spec.name}.{year}.{questionnaire.id}")
    tables = _unfilled_tables(extra, questionnaire, phase, maturity, values, setting)
    rows += [
        _answer_row(
            extra, id_of(response), questionnaire, item_id, value, start, authors, 0, setting
        )
        for item_id, value in tables.items()
    ]
    if rows:
        session.execute(insert(Answer), rows)
        session.execute(insert(AnswerHistory), rows)
    if not (spec.name == SHOWCASE and year == max(YEARS)):  # the showcase's year is in progress
        _maybe_submit(
            rng, response, year, share, values, questionnaire, (phase, opened), closes, authors[0]
        )
    session.add(response)
    session.flush()
    return values


def _unfilled_tables(
    rng: random.Random,
    q: Questionnaire,
    phase: Phase,
    maturity: float,
    values: dict[str, Any],
    setting: demo_content.Setting,
) -> dict[str, Any]:
    """A value for each table item asked that the draw left empty."""
    return {
        item.id: domain_answers.validate_value(q, item, _value(rng, q, item, maturity, setting))
        for item in q.items()
        if item.kind is ItemKind.table
        and item.id not in values
        and domain_answers.is_visible(q, item, values, phase)
    }


def _showcase_levels(
    questionnaire: Questionnaire, values: dict[str, Any], year: int, phase: Phase
) -> dict[str, Any]:
    """The showcase Cité's answers with the levels its plan needs (`showcase_levels`)."""
    wanted = demo_content.content().showcase_levels.get(year, {})
    fixed = dict(values)
    for item_id, level in wanted.items():
        item = questionnaire.item(item_id)
        if item is not None and domain_answers.is_visible(questionnaire, item, values, phase):
            fixed[item_id] = domain_answers.validate_value(questionnaire, item, level)
    return fixed


def _share_answered(rng: random.Random, year: int, spec: DemoCite) -> float:
    if year < max(YEARS):
        return 1.0
    if spec.name == CITES[0].name:
        return 0.6
    return rng.choice((0, 0, 0.3, 0.8, 1.0))


def _values(
    rng: random.Random,
    q: Questionnaire,
    phase: Phase,
    maturity: float,
    share: float,
    setting: demo_content.Setting,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in q.items():
        if not domain_answers.is_visible(q, item, values, phase, setting.opened):
            continue
        if rng.random() > share or (not item.required and rng.random() < 0.1):
            continue
        value = domain_answers.validate_value(q, item, _value(rng, q, item, maturity, setting))
        if value is not None:
            values[item.id] = value
    return values


def _value(
    rng: random.Random,
    q: Questionnaire,
    item: Item,
    maturity: float,
    setting: demo_content.Setting = demo_content.OPEN_IN_FRANCE,
) -> Any:
    kind = item.kind
    if kind is ItemKind.rating:
        return _level(rng, q, item, maturity)
    if kind is ItemKind.status_text:
        level = _level(rng, q, item, maturity)
        return {"status": level, "text": demo_content.dossier_text(item, setting)}
    if kind is ItemKind.table:
        rows = demo_content.rows_for(item, setting)
        return {"status": _level(rng, q, item, maturity), "text": "", "rows": rows}
    given = demo_content.text_for(item, setting)
    if given is not None and kind in (ItemKind.short_text, ItemKind.long_text):
        return given
    if kind is ItemKind.yes_no:
        return rng.random() < 0.35 + 0.6 * maturity
    options = [o.id for o in item.options or []]
    if kind is ItemKind.single_choice:
        return rng.choice(options[:-1] or options)
    if kind is ItemKind.multiple_choice:
        pool = options[:-1] or options
        return rng.sample(pool, k=min(len(pool), rng.randint(1, 4)))
    if kind is ItemKind.number:
        return _number(rng, item)
    if kind is ItemKind.date:
        return dt.date(2025, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if kind is ItemKind.entries:
        return demo_content.entries_for(rng, item, setting) or rng.sample(LIST_TEXTS, k=2)
    return rng.choice(LONG_TEXTS if kind is ItemKind.long_text else SHORT_TEXTS)


def _level(rng: random.Random, q: Questionnaire, item: Item, maturity: float) -> str:
    scale = q.scale(item.scale)
    assert scale is not None
    if scale.not_applicable and rng.random() < 0.04:
        return scale.not_applicable.id
    # "unchanged since the last file" is given by carrying a text forward, never at random
    levels = [lvl for lvl in scale.levels if lvl.id != domain_answers.UNCHANGED_STATUS]
    ordered = sorted(levels, key=lambda lvl: lvl.value)
    position = min(0.999, max(0.0, rng.gauss(maturity, 0.22)))
    return ordered[int(position * len(ordered))].id


def _number(rng: random.Random, item: Item) -> float | int:
    low, high = 1.0, 50.0
    for keyword, lo, hi in NUMBER_RANGES:
        if keyword in item.id:
            low, high = lo, hi
            break
    low = max(low, item.min) if item.min is not None else low
    high = min(high, item.max) if item.max is not None else high
    value = rng.randint(int(low), int(max(low, high)))
    return value if item.integer else float(value)


def _answer_row(
    rng: random.Random,
    response_id: int,
    questionnaire: Questionnaire,
    item_id: str,
    value: Any,
    at: dt.datetime,
    authors: list[int],
    chance: float,
    setting: demo_content.Setting,
) -> dict[str, Any]:
    item = questionnaire.item(item_id)
    assert item is not None
    remark, evidence = demo_content.remark_for(rng, questionnaire, item, value, chance, setting)
    return {
        "response_id": response_id,
        "item_id": item.id,
        "value": value,
        "remark": remark,
        "evidence": evidence,
        "version": 1,
        "saved_at": at,
        "saved_by_id": rng.choice(authors),
        "language": languages.chosen(setting.language),
    }


def _maybe_submit(
    rng: random.Random,
    response: Response,
    year: int,
    share: float,
    values: Mapping[str, Any],
    questionnaire: Questionnaire,
    audience: tuple[Phase, bool],
    closes: dt.date,
    director_id: int,
) -> None:
    complete = not domain_answers.missing_required(questionnaire, values, *audience)
    if not complete or (year == max(YEARS) and rng.random() < 0.5):
        return
    response.state = ResponseState.submitted
    last = min(closes, TODAY)  # never after the demo's "today"
    response.submitted_at = dt.datetime.combine(last, dt.time(17), UTC) - dt.timedelta(
        days=rng.randint(1, 25)
    )
    response.submitted_by_id = director_id


# --- the showcase's team rates the open campaign --------------------------------------------

DIVERGENT_ITEMS = 3  # items per grid where the team's views are two levels apart or more


def _make_team(session: Session, rng: random.Random, campaign_id: int, cite_id: int) -> None:
    """The showcase's director invites the assessor; she, the director and the contributor
    rate the scored items already answered in the open campaign (all done), with a few
    items two levels apart, whose consensus the director explained."""
    director = _actor(session, "directrice")
    for login, password, role, name, _cite in DEMO_ACCOUNTS:
        if role is Role.assessor:
            ratings.invite_assessor(
                session,
                director,
                campaign_id=campaign_id,
                login=login,
                name=name,
                password=password,
            )
    logins = ("directrice", "contributeur", "evaluatrice")
    team = [id_of(session.exec(select(User).where(User.login == x)).one()) for x in logins]
    found = session.exec(
        select(Response).where(Response.cite_id == cite_id, Response.campaign_id == campaign_id)
    ).all()
    for response in sorted(found, key=lambda r: r.questionnaire_id):
        questionnaire = frozen_questionnaire(
            session, campaign_id=campaign_id, questionnaire_id=response.questionnaire_id
        )
        at = dt.datetime.combine(TODAY, dt.time(10), UTC) - dt.timedelta(days=20)
        _rate_as_team(session, rng, response, questionnaire, team, at)
    session.commit()


def _rate_closed_year(session: Session, rng: random.Random, campaign_id: int, cite_id: int) -> None:
    """The same team rated the 2025 grids on their own two weeks before the submission, and
    agreed two days later (the 8.1.1 method dates both steps)."""
    logins = ("directrice", "contributeur", "evaluatrice")
    team = [id_of(session.exec(select(User).where(User.login == x)).one()) for x in logins]
    found = session.exec(
        select(Response).where(Response.cite_id == cite_id, Response.campaign_id == campaign_id)
    ).all()
    for response in sorted(found, key=lambda r: r.questionnaire_id):
        if response.submitted_at is None:
            continue
        questionnaire = frozen_questionnaire(
            session, campaign_id=campaign_id, questionnaire_id=response.questionnaire_id
        )
        at = response.submitted_at.replace(hour=10) - dt.timedelta(days=14)
        _rate_as_team(session, rng, response, questionnaire, team, at)
    session.commit()


def _rate_as_team(
    session: Session,
    rng: random.Random,
    response: Response,
    questionnaire: Questionnaire,
    team: list[int],
    at: dt.datetime,
) -> None:
    answers = dict(
        session.exec(
            select(Answer.item_id, Answer.value).where(Answer.response_id == id_of(response))
        ).all()
    )
    rated = [
        item
        for item in ratings.rated_items(questionnaire)
        if item.kind == ItemKind.rating and item.id in answers
    ]
    apart = {item.id for item in rng.sample(rated, min(DIVERGENT_ITEMS, len(rated)))}
    for item in rated:
        scale = questionnaire.scale(item.scale)
        agreed = ratings.level_of(questionnaire, item, answers[item.id])
        if scale is None or agreed is None:
            continue
        top = len(scale.levels) - 1
        for member, user_id in enumerate(team):
            if item.id in apart and member == 2:  # the assessor sees it quite otherwise
                level = agreed + 2 if agreed + 2 <= top else max(agreed - 2, 0)
            else:
                level = min(max(agreed + rng.choice((-1, 0, 0, 0, 1)), 0), top)
            session.add(
                ItemRating(
                    response_id=id_of(response),
                    item_id=item.id,
                    user_id=user_id,
                    value=scale.levels[level].id,
                    remark=demo_content.team_remark(rng, member, level - agreed),
                    done=True,
                    created_at=at,
                    updated_at=at,
                )
            )
        if item.id in apart:
            session.add(
                ItemConsensus(
                    response_id=id_of(response),
                    item_id=item.id,
                    rationale=demo_content.consensus_rationale(rng),
                    set_at=at + dt.timedelta(days=2),
                    set_by_id=team[0],
                )
            )


# --- improvement actions ------------------------------------------------------------------


def _make_actions(
    session: Session,
    rng: random.Random,
    campaign_ids: Mapping[int, int],
    cite_ids: Mapping[str, int],
    questionnaires: Mapping[str, Questionnaire],
    given: Mapping[tuple[int, str, str], dict[str, Any]],
) -> int:
    """The showcase Cité's 2025 plan and its 2026 follow-up (from the data file), and for
    four other Cités a 2025 plan answering their weakest items (the file's catalogue)."""
    plans = demo_content.content().showcase_plans
    showcase = cite_ids[SHOWCASE]
    made = _write_plan(session, showcase, campaign_ids[2025], 2025, plans[2025], {})
    keys = {a.key: row for a, row in zip(plans[2025], made, strict=True) if a.key}
    count = len(made)
    count += len(_write_plan(session, showcase, campaign_ids[2026], 2026, plans[2026], keys))
    _write_dropped(session, showcase, campaign_ids[2026], zip(plans[2025], made, strict=True))
    for year, reasons in demo_content.content().not_retained.items():
        _write_not_retained(session, showcase, year, campaign_ids[year], reasons)
    for spec in CITES[1:5]:
        weak = _weak_items(questionnaires, given, spec.name)
        language = demo_content.working_language(spec.name)
        setting = demo_content.Setting(spec.country, city=spec.city, language=language)
        actions = _catalogue_plan(rng, weak, setting)
        count += len(
            _write_plan(session, cite_ids[spec.name], campaign_ids[2025], 2025, actions, {})
        )
    return count


def _weak_items(
    questionnaires: Mapping[str, Questionnaire],
    given: Mapping[tuple[int, str, str], dict[str, Any]],
    cite: str,
) -> list[str]:
    """The Cité's areas for improvement in 2025 that the catalogue has an action for."""
    catalogue = demo_content.content().catalogue
    weak = []
    for qid, questionnaire in questionnaires.items():
        for item_id, value in given.get((2025, cite, qid), {}).items():
            item = questionnaire.item(item_id)
            low = item is not None and demo_content.band(questionnaire, item, value) == "low"
            if low and item_id in catalogue:
                weak.append(item_id)
    return weak


def _catalogue_plan(
    rng: random.Random, weak: list[str], setting: demo_content.Setting
) -> list[demo_content.PlannedAction]:
    chosen = rng.sample(weak, k=min(len(weak), rng.randint(2, 4)))
    actions = []
    for item_id in chosen:
        start = dt.date(2025, rng.randint(3, 6), 1)
        status = rng.choice(("done", "in_progress", "planned", "done"))
        actions.append(
            demo_content.PlannedAction(
                **demo_content.planned_action(item_id, setting),
                items=[item_id],
                start=start,
                due=start + dt.timedelta(days=rng.choice((90, 150, 180))),
                status=status,
                completed_on=start + dt.timedelta(days=80) if status == "done" else None,
                result=demo_content.phrase("reached", setting) if status == "done" else "",
                effectiveness=rng.randint(2, 4),
                feasibility=rng.randint(2, 4),
            )
        )
    return actions


def _write_plan(
    session: Session,
    cite_id: int,
    campaign_id: int,
    year: int,
    actions: list[demo_content.PlannedAction],
    earlier: Mapping[str, ImprovementAction],
) -> list[ImprovementAction]:
    author = _users_of(session, cite_id)[0]
    at = dt.datetime.combine(YEARS[year][0], dt.time(10), UTC) + dt.timedelta(days=30)
    language = languages.chosen(session.get_one(Cite, cite_id).language)
    made = []
    for action in actions:
        priority = (
            action.effectiveness * action.feasibility
            if action.effectiveness and action.feasibility
            else None
        )
        source = earlier.get(action.continues) if action.continues else None
        row = ImprovementAction(
            cite_id=cite_id,
            campaign_id=campaign_id,
            item_ids=list(action.items),
            title=action.title,
            description=action.description,
            owner=action.owner,
            partners=action.partners,
            start_on=action.start,
            due_on=action.due,
            status=ActionStatus(action.status),
            completed_on=action.completed_on,
            abandon_reason=action.abandon_reason,
            indicator=action.indicator,
            baseline=action.baseline,
            target=action.target,
            result=action.result,
            people_days=action.people_days,
            budget=action.budget,
            milestones=action.milestones,
            effectiveness=action.effectiveness,
            feasibility=action.feasibility,
            priority=priority,
            continues_action_id=source.id if source else None,
            language=language,
            created_at=at,
            created_by_id=author,
            updated_at=at,
            updated_by_id=author,
        )
        session.add(row)
        made.append(row)
    session.flush()
    return made


def _write_dropped(
    session: Session,
    cite_id: int,
    campaign_id: int,
    earlier: Iterable[tuple[demo_content.PlannedAction, ImprovementAction]],
) -> None:
    """The earlier plan's unfinished actions the new plan does not carry over, with why."""
    author = _users_of(session, cite_id)[0]
    at = dt.datetime.combine(YEARS[2026][0], dt.time(10), UTC) + dt.timedelta(days=30)
    for planned, row in earlier:
        if planned.dropped:
            session.add(
                PlanDismissal(
                    cite_id=cite_id,
                    campaign_id=campaign_id,
                    action_id=row.id,
                    reason=planned.dropped,
                    recorded_at=at,
                    recorded_by_id=author,
                )
            )
    session.flush()


def _write_not_retained(
    session: Session, cite_id: int, year: int, campaign_id: int, reasons: Mapping[str, str]
) -> None:
    """The areas for improvement a plan leaves without an action, each with its reason,
    recorded while the plan was written (before its validation)."""
    author = _users_of(session, cite_id)[0]
    at = dt.datetime.combine(YEARS[year][0], dt.time(11), UTC) + dt.timedelta(days=30)
    for item_id, reason in reasons.items():
        session.add(
            PlanDismissal(
                cite_id=cite_id,
                campaign_id=campaign_id,
                item_id=item_id,
                reason=reason,
                recorded_at=at,
                recorded_by_id=author,
            )
        )
    session.flush()


def _make_validations(
    session: Session, campaign_ids: Mapping[int, int], cite_ids: Mapping[str, int]
) -> None:
    """The steering committees that validated the 2025 synthesis and plan: the showcase Cité
    and the other Cités in fonctionnement, a few days after the campaign closed."""
    for number, spec in enumerate(CITES):
        if _phase_in(spec, YEARS[2025][0]) is not Phase.fonctionnement:
            continue
        cite_id = cite_ids[spec.name]
        language = demo_content.working_language(spec.name)
        data = demo_content.validation(demo_content.Setting(spec.country, language=language))
        session.add(
            PlanValidation(
                cite_id=cite_id,
                campaign_id=campaign_ids[2025],
                body=data["body"],
                validated_on=dt.date(2025, 7, 3) + dt.timedelta(days=7 * number),
                note=data["note"] if spec.name == SHOWCASE else "",
                recorded_at=dt.datetime(2025, 7, 20, 10, tzinfo=UTC),
                recorded_by_id=_users_of(session, cite_id)[0],
            )
        )
    session.flush()
