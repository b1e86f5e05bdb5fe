"""Fixed inputs for the scoring, synthesis, plan and PDF tests (and `bench/pdf.py`).

- `minimal()` + `FIXED_VALUES` / `FIXED_REMARKS`: one answer of every kind to
  `tests/fixtures/minimal.yaml`, the source of the golden files.
- `large_questionnaire(n)` + `large_answers(q)`: a generated grid of `n` rated items in ten
  sections with French remarks full of œ ’ « » € and accents, for the 150-item synthesis.
- `sample_actions(n)`: a plan of `n` actions with every status and varied dates.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from cdm_quality.domain.loader import load_questionnaire
from cdm_quality.domain.plan import ActionDraft, ActionStatus
from cdm_quality.domain.questionnaire import Questionnaire

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def minimal() -> Questionnaire:
    return load_questionnaire(FIXTURES / "minimal.yaml")


FIXED_VALUES: dict[str, Any] = {
    "accueil.sans_rdv": "en_cours",
    "accueil.referent": True,
    "accueil.referent_nom": "Jeanne Dupré",
    "accueil.poles": ["orientation", "emploi"],
    "accueil.mode": "libre",
    "chiffres.visites": 12500,
    "chiffres.bilan": "Une année « pleine » : 3 forums, l’œuvre de toute l’équipe.",
    "chiffres.date": "2025-03-14",
    "chiffres.forces": ["Équipe soudée", "Partenariat « emploi » actif"],
    "chiffres.dossier": {"status": "brouillon", "text": "Plan en cours d’écriture"},
}

FIXED_REMARKS: dict[str, str] = {
    "accueil.sans_rdv": "Rendez-vous encore exigés l’été pour les entretiens « création ».",
    "accueil.referent": "Référente nommée en 2024 ; fiche de poste à écrire.",
    "accueil.mode": "  ",
    "chiffres.forces": "Cœur de l’activité : 1 200 € de budget atelier.",
}

THEMES = [
    "Accueil et orientation",
    "Conseil et entretiens",
    "Centre de ressources",
    "Événements collectifs",
    "Partenariat et gouvernance",
    "Professionnalisation",
    "Publics et territoire",
    "Inclusion numérique",
    "Communication",
    "Évaluation et amélioration",
]
REMARKS = [
    "L’équipe a renforcé l’accueil « sans rendez-vous » ; cœur de la démarche.",
    "Budget de 2 500 € consacré à la formation des conseillers ; à poursuivre en 2026.",
    "Œuvre collective : les partenaires ont co-animé 12 ateliers (façon « club »).",
    "Écart constaté à la rentrée : délais d’attente trop longs, à traiter en priorité.",
    "Très bonne dynamique ; reste à mesurer la satisfaction des usagers à l’été.",
]


def large_questionnaire(n_items: int = 150) -> Questionnaire:
    """`n_items` rated items spread over ten sections, on a four-level maturity scale."""
    per_section = -(-n_items // len(THEMES))
    sections = []
    for s, theme in enumerate(THEMES):
        numbers = range(s * per_section, min(n_items, (s + 1) * per_section))
        items = [
            {
                "id": f"s{s}.i{n}",
                "kind": "rating",
                "scale": "maturite",
                "dossier": f"7.{1 + n % 4}",
                "text": {
                    "fr": f"Critère {n + 1} : la Cité applique la pratique « {theme.lower()} » "
                    "de façon régulière, documentée et partagée avec ses partenaires.",
                    "en": f"Criterion {n + 1}: the Cité applies the {theme.lower()} practice.",
                },
            }
            for n in numbers
        ]
        sections.append(
            {"id": f"s{s}", "title": {"fr": theme, "en": f"Theme {s + 1}"}, "items": items}
        )
    return Questionnaire.model_validate(
        {
            "id": "grande",
            "version": "1",
            "title": {"fr": "Grille qualité de démonstration", "en": "Demo quality grid"},
            "scales": minimal().model_dump(by_alias=True)["scales"][:1],
            "thresholds": {"strength_min": 0.66, "improvement_max": 0.34},
            "sections": sections,
        }
    )


def large_answers(questionnaire: Questionnaire) -> tuple[dict[str, Any], dict[str, str]]:
    """Values cycling over every level (N/A included) and a remark on every item."""
    levels = ["non_engage", "en_cours", "atteint", "exemplaire", "atteint", "na"]
    values, remarks = {}, {}
    for n, item in enumerate(questionnaire.items()):
        values[item.id] = levels[n % len(levels)]
        remarks[item.id] = f"[{item.id}] {REMARKS[n % len(REMARKS)]}"
    return values, remarks


ACTION_TITLES = [
    "Ouvrir l’accueil sans rendez-vous le samedi",
    "Former les conseillers à l’entretien « création d’activité »",
    "Mesurer la satisfaction des usagers chaque trimestre",
    "Co-construire le programme d’ateliers avec les partenaires",
    "Mettre à jour le centre de ressources numériques",
    "Créer un club « reconversion » pour les 45 ans et plus",
]
OWNERS = ["Référente qualité", "Directrice", "Chargé de partenariats", "Équipe d’accueil"]


def sample_actions(n: int = 60, *, start: dt.date = dt.date(2026, 1, 5)) -> list[ActionDraft]:
    """`n` actions, each title unique, covering every status, with and without dates."""
    statuses = list(ActionStatus)
    actions = []
    for k in range(n):
        begin = start + dt.timedelta(days=14 * (k % 20))
        actions.append(
            ActionDraft(
                id=k + 1,
                title=f"A{k + 1:02d} — {ACTION_TITLES[k % len(ACTION_TITLES)]} (œuvre n° {k + 1})",
                item_ids=[f"s{k % 10}.i{k}"],
                description=f"Action {k + 1} : {REMARKS[k % len(REMARKS)]}",
                owner=OWNERS[k % len(OWNERS)],
                partners="Pôle emploi, Mission locale" if k % 2 else "",
                start=None if k % 17 == 16 else begin,
                due=begin + dt.timedelta(days=30 + 15 * (k % 9)),
                status=statuses[k % len(statuses)],
                indicator="Taux de satisfaction ≥ 85 % ; 1 500 € engagés au plus",
                effectiveness=1 + k % 4,
                feasibility=1 + (k // 4) % 4,
            )
        )
    return actions
