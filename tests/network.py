"""A small network for the comparison, follow-up and export tests, with numbers by hand.

Questionnaire `tiny` (inline below): scale bas/moyen/haut → 0, 0.5, 1 (+ `na`);
section a: a.un (weight 1, required), a.deux (weight 3); section b: b.oui (yes/no, weight 2),
b.plus (weight 1, fonctionnement only), b.si (weight 1, shown when b.oui is yes), b.texte
(text, unscored).

Campaign 2026 (S = submitted, D = draft):

| Cité          | phase  | a.un  | a.deux | b.oui | b.plus | b.si        | a    | b  | all    |
|---------------|--------|-------|--------|-------|--------|-------------|------|----|--------|
| Namur S, BE   | fonct. | haut  | moyen  | yes   | bas    | haut        | 62.5 | 75 | 68.75  |
| Porto S, PT   | préf.  | moyen | na     | no    | —      | haut hidden | 50   | 0  | 16.667 |
| Lyon S, FR    | fonct. | bas   | haut   | —     | moyen  | —           | 75   | 50 | 70     |
| Genève S, CH  | fonct. | haut  | haut   | yes   | haut   | bas         | 100  | 75 | 87.5   |
| Turin D, IT   | projet | bas   | bas    | no    | —      | —           | 0    | 0  | 0      |
| Charleroi, BE | projet | no response                                                        |

Namur: a = (1·1 + 0.5·3) / 4; b = (1·2 + 0·1 + 1·1) / 4; overall = 5.5 / 8.
Porto's b.si is stored but hidden (b.oui is no): it counts nowhere.

Campaign 2025 (all submitted): Namur a.un moyen, a.deux moyen, b.oui no, b.plus bas →
a 50, b 0, overall 2/7 = 28.571; Porto a.un bas, a.deux bas, b.oui yes, b.si moyen → a 0,
b (2 + 0.5) / 3 = 83.333, overall 2.5/7 = 35.714; Lyon a.un haut, a.deux moyen → a 62.5,
no b, overall 62.5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from cdm_quality.domain.loader import load_text
from cdm_quality.domain.questionnaire import Phase, Questionnaire
from cdm_quality.services.network import campaigns
from cdm_quality.services.people.access import Actor
from cdm_quality.services.responses import get_or_create_response, save_answer, submit_response
from cdm_quality.storage.tables import CampaignPublic, CitePublic, Role
from tests.factories import AUTHORITY, make_campaign, make_cite, make_user

TINY = """
id: tiny
version: "3"
title: {fr: Mini-grille, en: Tiny grid}
scales:
  - id: niveau
    label: {fr: Niveau, en: Level}
    levels:
      - {id: bas, label: {fr: Bas, en: Low}, value: 0}
      - {id: moyen, label: {fr: Moyen, en: Medium}, value: 1}
      - {id: haut, label: {fr: Haut, en: High}, value: 2}
    not_applicable: {id: na, label: {fr: Sans objet, en: Not applicable}}
sections:
  - id: a
    title: {fr: Section A, en: Section A}
    items:
      - {id: a.un, kind: rating, scale: niveau, required: true, text: {fr: Un, en: One},
         source: {document: charte, passage: {fr: P, en: P}}}
      - {id: a.deux, kind: rating, scale: niveau, weight: 3, text: {fr: Deux, en: Two},
         source: {document: charte, passage: {fr: P, en: P}}}
  - id: b
    title: {fr: Section B, en: Section B}
    items:
      - {id: b.oui, kind: yes_no, weight: 2, text: {fr: Oui ?, en: Yes?},
         source: {document: charte, passage: {fr: P, en: P}}}
      - id: b.plus
        kind: rating
        source: {document: charte, passage: {fr: P, en: P}}
        scale: niveau
        phases: [fonctionnement]
        evidence: true
        text: {fr: Plus, en: More}
      - id: b.si
        kind: rating
        source: {document: charte, passage: {fr: P, en: P}}
        scale: niveau
        visible_if: {item: b.oui, equals: true}
        text: {fr: Si oui, en: If yes}
      - {id: b.texte, kind: short_text, text: {fr: Texte, en: Text},
         source: {document: charte, passage: {fr: P, en: P}}}
"""

ANSWERS_2026: dict[str, dict[str, Any]] = {
    "Namur": {
        "a.un": "haut",
        "a.deux": "moyen",
        "b.oui": True,
        "b.plus": "bas",
        "b.si": "haut",
        "b.texte": "  \n ",
    },
    "Porto": {"a.un": "moyen", "a.deux": "na", "b.si": "haut", "b.oui": False},
    "Lyon": {"a.un": "bas", "a.deux": "haut", "b.plus": "moyen"},
    "Geneve": {
        "a.un": "haut",
        "a.deux": "haut",
        "b.oui": True,
        "b.plus": "haut",
        "b.si": "bas",
        "b.texte": "=1+1 pas une formule",
    },
    "Turin": {"a.un": "bas", "a.deux": "bas", "b.oui": False},
}
ANSWERS_2025: dict[str, dict[str, Any]] = {
    "Namur": {"a.un": "moyen", "a.deux": "moyen", "b.oui": False, "b.plus": "bas"},
    "Porto": {"a.un": "bas", "a.deux": "bas", "b.oui": True, "b.si": "moyen"},
    "Lyon": {"a.un": "haut", "a.deux": "moyen"},
}
CITES = {  # name → (country, phase)
    "Namur": ("Belgique", Phase.fonctionnement),
    "Porto": ("Portugal", Phase.prefiguration),
    "Lyon": ("France", Phase.fonctionnement),
    "Geneve": ("Suisse", Phase.fonctionnement),
    "Turin": ("Italie", Phase.projet),
    "Charleroi": ("Belgique", Phase.projet),
}
DRAFTS = {"Turin"}


def tiny() -> Questionnaire:
    return load_text(TINY, "tiny.yaml")


@dataclass(frozen=True)
class Network:
    cites: dict[str, CitePublic]
    directors: dict[str, Actor]
    authority: Actor
    admin: Actor
    old: CampaignPublic  # 2025, closed
    new: CampaignPublic  # 2026, open
    responses: dict[tuple[int, str], int]  # (year, Cité) → response id

    def id(self, name: str) -> int:
        return self.cites[name].id


def build_network(session: Session) -> Network:
    cites = {
        name: make_cite(session, f"Cité des métiers {name}", phase=phase, country=country)
        for name, (country, phase) in CITES.items()
    }
    directors = {
        name: make_user(session, f"dir.{name.lower()}", Role.director, cite_id=cite.id)
        for name, cite in cites.items()
    }
    responses: dict[tuple[int, str], int] = {}
    old = make_campaign(session, 2025, questionnaires=[tiny()])
    _fill(session, old, ANSWERS_2025, cites, directors, responses, drafts=set())
    campaigns.close_campaign(session, AUTHORITY, campaign_id=old.id)
    new = make_campaign(session, 2026, questionnaires=[tiny()])
    _fill(session, new, ANSWERS_2026, cites, directors, responses, drafts=DRAFTS)
    return Network(
        cites=cites,
        directors=directors,
        authority=make_user(session, "autorite", Role.authority),
        admin=make_user(session, "admin", Role.admin),
        old=old,
        new=new,
        responses=responses,
    )


def _fill(
    session: Session,
    campaign: CampaignPublic,
    answers: dict[str, dict[str, Any]],
    cites: dict[str, CitePublic],
    directors: dict[str, Actor],
    responses: dict[tuple[int, str], int],
    *,
    drafts: set[str],
) -> None:
    for name, values in answers.items():
        director = directors[name]
        response = get_or_create_response(
            session,
            director,
            cite_id=cites[name].id,
            campaign_id=campaign.id,
            questionnaire_id="tiny",
        )
        for item_id, value in values.items():
            save_answer(session, director, response_id=response.id, item_id=item_id, value=value)
        if name not in drafts:
            submit_response(session, director, response_id=response.id)
        responses[(campaign.year, name)] = response.id
