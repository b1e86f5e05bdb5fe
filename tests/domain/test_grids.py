"""The shipped grids read against their source documents: each criterion asked once across the
grids of a campaign, practice asked by opening date, follow-ups asked with their parent, every
reference an item of the labelling file, one vocabulary."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import PHASES, Item, Phase, Questionnaire, SourceDocument

GRIDS = load_directory(Path(__file__).parents[2] / "questionnaires")
ASKED_TOGETHER = ("charte", "qualite", "cdm21")  # the grids of one campaign's self-assessment
_SMALL = set(
    "le la les des de du un une et à au aux en est sont pour par sur dans qui que ou se sa son "
    "ses leur leurs chaque cité avec tous toutes tout".split()
)


def _items(*grids: str) -> list[tuple[str, Item]]:
    return [(qid, item) for qid in grids for item in GRIDS[qid].items()]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if w not in _SMALL and len(w) > 2}


def _texts(item: Item) -> list[str]:
    found = [item.text.fr, item.text.en]
    for extra in (item.title, item.help):
        found += [extra.fr, extra.en] if extra else []
    return found


def test_no_two_criteria_asked_together_share_a_wording() -> None:
    pairs = itertools.combinations(_items(*ASKED_TOGETHER), 2)
    for (qa, a), (qb, b) in ((x, y) for x, y in pairs if x[0] != y[0]):
        for lang in ("fr", "en"):
            assert a.text(lang).casefold() != b.text(lang).casefold(), (a.id, b.id)
            assert a.short(lang).casefold() != b.short(lang).casefold(), (a.id, b.id)
        if a.scored and b.scored:
            wa, wb = _words(a.short("fr")), _words(b.short("fr"))
            overlap = len(wa & wb) / len(wa | wb)
            assert overlap < 0.5, f"{qa}:{a.id} and {qb}:{b.id} are titled alike"


@pytest.mark.parametrize(
    "pair",
    [
        ("charte:travail.echange_pratiques", "qualite:gouvernance.echange_pratiques"),
        ("charte:poles.accueil", "qualite:accueil.orientation"),
        ("charte:modes.documentation", "qualite:documentation.libre_service"),
        ("charte:modes.evenements", "qualite:collectif.programmation"),
    ],
)
def test_a_criterion_the_grids_both_asked_is_asked_once(pair: tuple[str, str]) -> None:
    present = [ref for ref in pair if GRIDS[ref.split(":")[0]].item(ref.split(":")[1])]
    assert len(present) == 1, present


def test_waiting_at_reception_is_not_the_walk_in_criterion() -> None:
    waiting = GRIDS["qualite"].item("accueil.attente")
    assert waiting is not None and GRIDS["qualite"].item("accueil.sans_rdv") is None
    assert "attente" in waiting.short("fr") and "rendez-vous" not in waiting.text.fr
    assert GRIDS["charte"].item("liberte.sans_rendez_vous") is not None  # walk-in lives there


def test_every_reference_is_an_item_of_the_labelling_file() -> None:
    plan = {item.dossier for item in GRIDS["dossier"].items()}
    for qid, item in _items(*ASKED_TOGETHER):
        assert item.dossier is None or item.dossier in plan, (qid, item.id, item.dossier)


SITUATIONS = [(phase, opened) for phase in PHASES for opened in (False, True)]


def _asked(q: Questionnaire, item: Item, phase: Phase, opened: bool) -> bool:
    section = q.section_of(item.id)
    assert section is not None
    return section.applies_to(phase, opened) and item.applies_to(phase, opened)


@pytest.mark.parametrize("qid", ASKED_TOGETHER)
def test_a_follow_up_is_asked_wherever_its_parent_is(qid: str) -> None:
    q = GRIDS[qid]
    for item in q.items():
        if item.visible_if is None:
            continue
        parent = q.item(item.visible_if.item)
        assert parent is not None
        for phase, opened in SITUATIONS:
            if _asked(q, parent, phase, opened):
                assert _asked(q, item, phase, opened), (item.id, phase, opened)


PRACTICE = [
    "charte:liberte.sans_rendez_vous",
    "charte:liberte.rendez_vous_complement",
    "charte:poles.conseiller_disponible",
    "charte:poles.accueil",
    "charte:modes.types_evenements",
    "qualite:accueil.attente",
    "qualite:accueil.premier_accueil",
    "qualite:usagers.frequentation",
    "qualite:usagers.visites",
    "qualite:usagers.entretiens",
    "qualite:usagers.satisfaction",
    "qualite:documentation.usage",
]


@pytest.mark.parametrize("ref", PRACTICE)
def test_practice_is_asked_by_opening_date_not_by_phase(ref: str) -> None:
    q = GRIDS[ref.split(":")[0]]
    item = q.item(ref.split(":")[1])
    assert item is not None
    for phase in PHASES:
        assert _asked(q, item, phase, True), phase  # open, whatever the phase
        assert _asked(q, item, phase, False) == (phase is Phase.fonctionnement), phase


def test_a_cite_not_yet_open_reports_no_visits_but_says_how_it_plans_open_access() -> None:
    for phase in (Phase.projet, Phase.prefiguration):
        counted = [
            item.id
            for qid, item in _items(*ASKED_TOGETHER)
            if item.kind.value == "number"
            and item.unit is not None
            and re.search(r"visite|entretien", item.unit.fr)  # events may precede it
            and _asked(GRIDS[qid], item, phase, False)
        ]
        assert counted == [], phase
    design = GRIDS["charte"].item("liberte.conception")
    assert design is not None
    assert [(p, o) for p, o in SITUATIONS if _asked(GRIDS["charte"], design, p, o)] == [
        (Phase.projet, False),
        (Phase.prefiguration, False),
    ]


@pytest.mark.parametrize(
    ("document", "words"),
    [
        (SourceDocument.fonctionnement, "contraintes des partenaires"),
        (SourceDocument.fonctionnement, "accueil personnalisé"),
        (SourceDocument.lettre_reseau, "projets conjoints"),
        (SourceDocument.lettre_reseau, "groupes d’experts"),
        (SourceDocument.lettre_reseau, "perspectives d’évolution"),
    ],
)
def test_each_passage_of_the_seeds_has_its_criterion(document: SourceDocument, words: str) -> None:
    cited = [
        item.id
        for _, item in _items(*ASKED_TOGETHER)
        if item.source and item.source.document is document
        if words in item.source.passage.fr
    ]
    assert cited, f"no criterion draws on « {words} » of document {document.value}"


@pytest.mark.parametrize("qid", sorted(GRIDS))
def test_one_vocabulary_the_charter_and_its_users(qid: str) -> None:
    for item in GRIDS[qid].items():
        for text in _texts(item):
            assert not re.search(r"\bcharte\b|\bcharter\b", text), (item.id, text)
            assert not re.search(r"visiteur|visitor", text, re.IGNORECASE), (item.id, text)
