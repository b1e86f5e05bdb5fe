"""The demo network: ten Cités in three phases and six countries, campaigns 2024 and 2025
closed, 2026 open and partly filled, improvement actions, one account per role.

Deterministic (fixed seed and fixed dates): the same questionnaire files give the same data.
Answers are generated per item kind, validated by `domain.answers.validate_value`, and
written straight to the tables (one version each), which keeps `make run`'s first start
quick. The demo logins are listed in README.md ("Demo accounts").
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert
from sqlmodel import Session, col, select

from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.plan import ActionStatus
from cdm_quality.domain.questionnaire import Item, ItemKind, Phase, Questionnaire
from cdm_quality.services import campaigns, cites, users
from cdm_quality.services.access import SYSTEM, Actor
from cdm_quality.services.demo_attachments import add_demo_extras
from cdm_quality.services.errors import InvalidState
from cdm_quality.storage.engine import one_transaction
from cdm_quality.storage.tables import (
    Answer,
    AnswerHistory,
    Campaign,
    Cite,
    CiteCreate,
    ImprovementAction,
    PhaseDecision,
    Response,
    ResponseState,
    Role,
    User,
    id_of,
)

SEED = 20260101
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
            (P.projet, D.entered, dt.date(2019, 2, 4), ""),
            (P.prefiguration, D.entered, dt.date(2021, 9, 30), "Ouverture partielle des pôles."),
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

REMARKS = (
    "Pratique bien installée, à formaliser dans une procédure écrite.",
    "Progrès net depuis l’an dernier grâce au nouveau référent qualité.",
    "Les partenaires ne participent pas tous au comité de pilotage ; à relancer.",
    "Manque de temps des conseillers pour les échanges de pratiques.",
    "Enquête de satisfaction menée en novembre : 412 réponses, très bon accueil.",
    "L’accueil sans rendez-vous est garanti, sauf pendant les travaux d’été.",
    "À améliorer : l’affichage des pôles n’est pas assez lisible à l’entrée.",
    "Point fort reconnu par le jury : l’animation des ateliers « sens du travail ».",
    "Les données de fréquentation sont saisies à la main ; outil de comptage prévu.",
    "Difficile à mesurer pour l’instant ; indicateur à construire avec les partenaires.",
    "Des publics éloignés du numérique restent peu touchés ; médiation à renforcer.",
    "Formation initiale de trois jours suivie par les deux conseillers arrivés en mars.",
    "Réunion d’équipe mensuelle, mais compte rendu pas toujours diffusé.",
    "Conformité vérifiée lors de la visite du réseau en octobre.",
)
EVIDENCE = (
    "Compte rendu du comité de pilotage du 14 mars",
    "Rapport d’activité annuel, p. 12",
    "Résultats de l’enquête de satisfaction (tableur partagé)",
    "Plan de formation des conseillers",
    "Convention de partenariat signée (annexe 2)",
)
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
    "Un espace numérique accompagné accueille les visiteurs ; une médiatrice aide aux démarches "
    "en ligne et oriente vers les ateliers d’inclusion numérique.",
)
LIST_TEXTS = (
    "Équipe motivée et stable",
    "Forte notoriété locale",
    "Locaux trop exigus",
    "Partenariat emploi très actif",
    "Financements pluriannuels incertains",
    "Nouveaux publics : personnes réfugiées",
    "Mission locale",
    "Pôle emploi / France Travail",
    "Chambre de métiers",
    "CCI",
    "Centre d’information et d’orientation",
    "Réforme de la formation professionnelle",
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
    engine: Engine, *, directory: str | Path = "questionnaires", if_empty: bool = False
) -> DemoSummary | None:
    """Fill an empty database with the demo network in one transaction: all of it or nothing,
    so that a failure or a killed process leaves the database empty and a later `--if-empty`
    load runs again. None when `if_empty` and the database holds data (InvalidState without
    `if_empty`)."""
    with one_transaction(engine) as session:
        if if_empty and not is_empty(session):
            return None
        return load_demo(session, directory=directory)


def load_demo(session: Session, *, directory: str | Path = "questionnaires") -> DemoSummary:
    """Fill an empty database with the demo network (InvalidState if it holds data). Each
    service it calls commits: use `load_demo_once` for all or nothing."""
    if not is_empty(session):
        raise InvalidState("demo.not_empty")
    questionnaires = load_directory(directory)
    rng = random.Random(SEED)
    cite_ids = _make_cites(session)
    _make_accounts(session, cite_ids)
    authority = _actor(session, "autorite")
    campaign_ids = _make_campaigns(session, authority, list(questionnaires.values()))
    answers = 0
    responses = 0
    for year, campaign_id in campaign_ids.items():
        for spec in CITES:
            for qid in sorted(questionnaires):
                frozen = campaigns.frozen_questionnaire(
                    session, campaign_id=campaign_id, questionnaire_id=qid
                )
                written = _fill_response(session, rng, year, campaign_id, spec, cite_ids, frozen)
                responses += written is not None
                answers += written or 0
    actions = _make_actions(session, rng, campaign_ids, cite_ids, questionnaires)
    session.commit()
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
        data = CiteCreate(name=spec.name, city=spec.city, country=spec.country, phase=first_phase)
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
) -> int | None:
    """Write one generated response; returns its number of answers (None: not started)."""
    opens, closes = YEARS[year]
    phase = _phase_in(spec, opens)
    share = _share_answered(rng, year, spec)
    if phase is None or share == 0:
        return None
    authors = _users_of(session, cite_ids[spec.name])
    start = dt.datetime.combine(opens, dt.time(9), UTC) + dt.timedelta(days=rng.randint(0, 20))
    response = Response(
        cite_id=cite_ids[spec.name],
        campaign_id=campaign_id,
        phase=phase,
        questionnaire_id=questionnaire.id,
        created_at=start,
        created_by_id=authors[0],
    )
    session.add(response)
    session.flush()
    values = _values(rng, questionnaire, phase, spec.maturity + 0.06 * (year - 2024), share)
    rows = [
        _answer_row(rng, id_of(response), questionnaire.item(item), value, at, authors)
        for offset, (item, value) in enumerate(values.items())
        for at in [start + dt.timedelta(hours=3 * offset + rng.randint(0, 2))]
    ]
    if rows:
        session.execute(insert(Answer), rows)
        session.execute(insert(AnswerHistory), rows)
    _maybe_submit(rng, response, year, share, values, questionnaire, phase, closes, authors[0])
    session.add(response)
    session.flush()
    return len(values)


def _share_answered(rng: random.Random, year: int, spec: DemoCite) -> float:
    if year < max(YEARS):
        return 1.0
    if spec.name == CITES[0].name:
        return 0.6
    return rng.choice((0, 0, 0.3, 0.8, 1.0))


def _values(
    rng: random.Random, q: Questionnaire, phase: Phase, maturity: float, share: float
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in q.items():
        if not domain_answers.is_visible(q, item, values, phase):
            continue
        if rng.random() > share or (not item.required and rng.random() < 0.1):
            continue
        value = domain_answers.validate_value(q, item, _value(rng, q, item, maturity))
        if value is not None:
            values[item.id] = value
    return values


def _value(rng: random.Random, q: Questionnaire, item: Item, maturity: float) -> Any:
    kind = item.kind
    if kind in (ItemKind.rating, ItemKind.status_text):
        level = _level(rng, q, item, maturity)
        return level if kind is ItemKind.rating else {"status": level, "text": rng.choice(REMARKS)}
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
        return rng.sample(LIST_TEXTS, k=rng.randint(2, 4))
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
    item: Item | None,
    value: Any,
    at: dt.datetime,
    authors: list[int],
) -> dict[str, Any]:
    assert item is not None
    remark = rng.choice(REMARKS) if item.remark and rng.random() < 0.35 else ""
    evidence = rng.choice(EVIDENCE) if item.evidence and rng.random() < 0.4 else ""
    return {
        "response_id": response_id,
        "item_id": item.id,
        "value": value,
        "remark": remark,
        "evidence": evidence,
        "version": 1,
        "saved_at": at,
        "saved_by_id": rng.choice(authors),
    }


def _maybe_submit(
    rng: random.Random,
    response: Response,
    year: int,
    share: float,
    values: Mapping[str, Any],
    questionnaire: Questionnaire,
    phase: Phase,
    closes: dt.date,
    director_id: int,
) -> None:
    complete = not domain_answers.missing_required(questionnaire, values, phase)
    if not complete or (year == max(YEARS) and rng.random() < 0.5):
        return
    response.state = ResponseState.submitted
    response.submitted_at = dt.datetime.combine(closes, dt.time(17), UTC) - dt.timedelta(
        days=rng.randint(1, 25)
    )
    response.submitted_by_id = director_id


# --- improvement actions ------------------------------------------------------------------

ACTIONS = (
    (
        "Formaliser la procédure d’accueil sans rendez-vous",
        "Rédiger et afficher la procédure ; la présenter aux nouveaux agents d’accueil.",
        "Responsable de l’accueil",
        "Mission locale",
    ),
    (
        "Mettre en place une enquête de satisfaction annuelle",
        "Questionnaire court sur tablette pendant deux semaines, analyse partagée en comité.",
        "Référent qualité",
        "Tous les partenaires",
    ),
    (
        "Organiser des échanges de pratiques trimestriels",
        "Une demi-journée par trimestre entre conseillers des différents pôles.",
        "Coordinatrice",
        "France Travail, CIO",
    ),
    (
        "Renforcer la médiation numérique",
        "Créneaux d’accompagnement aux démarches en ligne, formation de deux agents.",
        "Médiatrice numérique",
        "Médiathèque, association Emmaüs Connect",
    ),
    (
        "Rendre les pôles de conseil plus lisibles",
        "Nouvelle signalétique et plan d’orientation à l’entrée de la Cité.",
        "Chargé de communication",
        "Service communication de la Ville",
    ),
    (
        "Suivre la fréquentation avec un outil de comptage",
        "Installer un compteur et produire un tableau mensuel.",
        "Directrice",
        "Prestataire informatique",
    ),
)
INDICATORS = (
    "Procédure publiée et connue de 100 % des agents",
    "Taux de réponse ≥ 20 %",
    "4 séances par an, 80 % des conseillers présents",
    "150 personnes accompagnées",
    "Satisfaction sur l’orientation ≥ 85 %",
    "Tableau mensuel disponible",
)


def _make_actions(
    session: Session,
    rng: random.Random,
    campaign_ids: Mapping[int, int],
    cite_ids: Mapping[str, int],
    questionnaires: Mapping[str, Questionnaire],
) -> int:
    grid = questionnaires.get("qualite") or next(iter(questionnaires.values()))
    rated = [i.id for i in grid.items() if i.kind is ItemKind.rating]
    count = 0
    for spec in CITES[:5]:
        cite_id = cite_ids[spec.name]
        previous = _actions_for(session, rng, cite_id, campaign_ids[2025], rated, 2025, None)
        count += len(previous)
        if spec.name == CITES[0].name:
            unfinished = [
                a for a in previous if a.status in (ActionStatus.planned, ActionStatus.in_progress)
            ]
            count += len(
                _actions_for(session, rng, cite_id, campaign_ids[2026], rated, 2026, unfinished)
            )
    return count


def _actions_for(
    session: Session,
    rng: random.Random,
    cite_id: int,
    campaign_id: int,
    rated: list[str],
    year: int,
    continuing: list[ImprovementAction] | None,
) -> list[ImprovementAction]:
    made = []
    sources = continuing if continuing is not None else [None] * rng.randint(3, 5)
    templates = rng.sample(range(len(ACTIONS)), k=len(sources))
    authors = _users_of(session, cite_id)
    for source, template in zip(sources, templates, strict=True):
        title, description, owner, partners = ACTIONS[template]
        effectiveness, feasibility = rng.randint(1, 4), rng.randint(1, 4)
        start = dt.date(year, rng.randint(3, 6), 1)
        at = dt.datetime.combine(YEARS[year][0], dt.time(10), UTC) + dt.timedelta(days=30)
        action = ImprovementAction(
            cite_id=cite_id,
            campaign_id=campaign_id,
            item_ids=source.item_ids if source else rng.sample(rated, k=min(2, len(rated))),
            title=source.title if source else title,
            description=description,
            owner=owner,
            partners=partners,
            start_on=start,
            due_on=start + dt.timedelta(days=rng.choice((90, 180, 270))),
            status=ActionStatus.in_progress if source else rng.choice(list(ActionStatus)),
            indicator=rng.choice(INDICATORS),
            effectiveness=effectiveness,
            feasibility=feasibility,
            priority=effectiveness * feasibility,
            continues_action_id=source.id if source else None,
            created_at=at,
            created_by_id=authors[0],
            updated_at=at,
            updated_by_id=authors[0],
        )
        session.add(action)
        made.append(action)
    session.flush()
    return made
