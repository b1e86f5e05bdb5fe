"""The 8.1.1 synthesis: golden files in both languages, rules checked by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cdm_quality.domain import formats
from cdm_quality.domain.loader import load_text
from cdm_quality.domain.plan import ActionDraft, area_answers
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.domain.scoring import Classification
from cdm_quality.domain.synthesis import (
    SynthesisRow,
    answer_label,
    build_synthesis,
    criterion_labels,
    executive_summary,
    format_date,
    format_number,
    section_digests,
)
from tests.golden import assert_golden
from tests.plan_factories import FIXED_REMARKS, FIXED_VALUES, minimal

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

PREVIOUS = {"accueil": 50.0, "gone": 10.0}
NETWORK = {"accueil": 75.0}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_golden_synthesis(lang):
    synthesis = build_synthesis(
        minimal(),
        FIXED_VALUES,
        FIXED_REMARKS,
        Phase.fonctionnement,
        lang,
        previous=PREVIOUS,
        network=NETWORK,
    )
    assert_golden(f"synthesis_minimal_{lang}", synthesis)


def synthesis(phase="fonctionnement", lang="fr", values=FIXED_VALUES, remarks=FIXED_REMARKS):
    return build_synthesis(
        minimal(), values, remarks, phase, lang, previous=PREVIOUS, network=NETWORK
    )


def test_rows_follow_the_questionnaire_order():
    ids = [r.item_id for r in synthesis().rows]
    assert ids == [i.id for i in minimal().items() if i.id in ids]
    assert len(ids) == len(FIXED_VALUES)


def test_a_row_by_hand():
    row = next(r for r in synthesis().rows if r.item_id == "accueil.sans_rdv")
    assert row.section_title == "Accueil"
    assert row.dossier == "7.4"
    assert row.answer == "En cours"
    assert row.remark.startswith("Rendez-vous encore exigés l’été")
    assert row.classification == Classification.improvement
    assert row.score == pytest.approx(100 / 3)


def test_dossier_level_follows_the_phase():
    row = next(r for r in synthesis().rows if r.item_id == "chiffres.dossier")
    assert (row.dossier_level, row.answer) == (
        "à approfondir",
        "Brouillon — Plan en cours d’écriture",
    )
    en = next(r for r in synthesis(lang="en").rows if r.item_id == "chiffres.dossier")
    assert (en.dossier_level, en.answer) == ("to detail", "Draft — Plan en cours d’écriture")


def test_section_summary_beside_previous_and_network():
    (summary,) = synthesis().sections
    assert summary.score == pytest.approx(200 / 3)
    assert (summary.previous, summary.network_median) == (50, 75)
    assert summary.change == pytest.approx(200 / 3 - 50)
    assert (summary.strengths, summary.improvements) == (1, 1)


def test_comparisons_are_optional():
    bare = build_synthesis(minimal(), FIXED_VALUES, {}, "fonctionnement")
    (summary,) = bare.sections
    assert summary.previous is None and summary.network_median is None and summary.change is None


def test_unanswered_items_appear_only_with_a_remark():
    rows = synthesis(values={}, remarks={"accueil.mode": "Pas encore décidé", "accueil.poles": ""})
    assert [(r.item_id, r.answer) for r in rows.rows] == [("accueil.mode", None)]


def test_hidden_items_are_left_out_even_with_a_remark():
    values = {"accueil.referent": False, "accueil.referent_nom": "Ancien nom"}
    remarks = {"accueil.referent_nom": "obsolète", "chiffres.dossier": "hors phase"}
    rows = synthesis(phase="projet", values=values, remarks=remarks).rows
    assert [r.item_id for r in rows] == ["accueil.referent"]


def test_improvements_and_strengths():
    s = synthesis()
    assert [r.item_id for r in s.improvements()] == ["accueil.sans_rdv"]
    assert [r.item_id for r in s.strengths()] == ["accueil.referent"]


def test_hostile_remarks_are_kept_as_plain_text():
    hostile = "<script>alert(1)</script> **gras** # titre \u202eשלום مرحبا 😀"
    rows = synthesis(remarks={"accueil.sans_rdv": hostile}).rows
    assert rows[0].remark == hostile


@pytest.mark.parametrize(
    ("item_id", "value", "lang", "expected"),
    [
        ("accueil.sans_rdv", "na", "fr", "Sans objet"),
        ("accueil.sans_rdv", "exemplaire", "en", "Exemplary"),
        ("accueil.referent", False, "fr", "Non"),
        ("accueil.referent", True, "en", "Yes"),
        ("accueil.poles", ["emploi", "orientation"], "fr", "Trouver un emploi, S'orienter"),
        ("accueil.mode", "mixte", "en", "Mixed"),
        ("chiffres.visites", 1234567, "fr", "1\u202f234\u202f567 visites"),
        ("chiffres.visites", 1234567, "en", "1,234,567 visits"),
        ("chiffres.date", "2025-12-31", "fr", "31/12/2025"),
        ("chiffres.date", "2025-12-31", "en", "31/12/2025"),  # one date format, never ISO
        ("chiffres.forces", ["a", "b"], "fr", "a; b"),
        ("chiffres.dossier", {"status": "pret", "text": ""}, "fr", "Prêt"),
        ("accueil.referent_nom", "  Léa  ", "fr", "Léa"),
    ],
)
def test_answer_label(item_id, value, lang, expected):
    q = minimal()
    assert answer_label(q, q.item(item_id), value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(2.5, "fr", "2,5"), (2.5, "en", "2.5"), (1500.25, "fr", "1\u202f500,25"), (3.0, "fr", "3")],
)
def test_format_number(value, lang, expected):
    assert format_number(value, lang) == expected


def test_format_date():
    assert format_date(dt.date(2026, 1, 5), "fr") == "05/01/2026"
    assert format_date(None, "en") == ""


def test_sections_without_scored_items_have_no_summary():
    q = load_text(
        """
id: t
version: "1"
title: {fr: T, en: T}
sections:
  - id: texte
    title: {fr: Texte, en: Text}
    items:
      - {id: texte.a, kind: short_text, text: {fr: A, en: A},
         source: {document: charte, passage: {fr: P, en: P}}}
""",
        "t.yaml",
    )
    s = build_synthesis(q, {"texte.a": "réponse"}, {}, None, "fr")
    assert s.sections == [] and s.score is None
    assert [r.answer for r in s.rows] == ["réponse"]


def test_criterion_labels_name_items_by_title_and_reference() -> None:
    labels = criterion_labels([minimal()], "fr")
    assert labels["accueil.sans_rdv"] == "Accueil sans rendez-vous (7.4)"
    # an item without a title is named by its text
    assert labels["accueil.referent"] == "Un référent qualité est nommé."


def test_criterion_labels_stay_unique_across_grids() -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("accueil.", "autre.").replace("Minimal grid", "Other grid")
    other = load_text(text.replace("id: minimal", "id: autre"), "autre.yaml")
    labels = criterion_labels([minimal(), other], "en")
    assert labels["autre.sans_rdv"] == "Walk-in reception (7.4) — Other grid"
    assert len(set(labels.values())) == len(labels)


def test_golden_executive_summary_and_section_digests():
    found = build_synthesis(
        minimal(),
        FIXED_VALUES,
        FIXED_REMARKS,
        Phase.fonctionnement,
        "fr",
        previous=PREVIOUS,
        network=NETWORK,
        previous_score=40.0,
        network_score=70.0,
    )
    summary = executive_summary([found])
    assert [r.item_id for r in summary.improvements] == ["accueil.sans_rdv"]
    assert [r.item_id for r in summary.strengths] == ["accueil.referent"]
    assert summary.grids[0].change == pytest.approx(found.score - 40.0)
    digests = section_digests(found)
    assert [d.section_id for d in digests] == ["accueil", "chiffres"]
    assert digests[1].summary is None  # no scored item: no score, remarks still told
    assert [r.item_id for r in digests[1].remarks] == ["chiffres.forces"]
    assert_golden("summary_minimal_fr", {"summary": summary, "digests": digests})


def test_the_summary_names_heavier_items_first():
    rows = [
        SynthesisRow(
            section_id="s",
            section_title="S",
            item_id=f"s.{n}",
            title=f"T{n}",
            dossier=None,
            dossier_level=None,
            text="",
            answer=None,
            remark=remark,
            classification=Classification.improvement,
            score=score,
            weight=weight,
        )
        for n, (weight, score, remark) in enumerate(
            [(1, 0, "r"), (2, 33, ""), (2, 0, ""), (2, 0, "r"), (1, 33, "r")]
        )
    ]
    found = build_synthesis(minimal(), {}, {}, "fonctionnement", "fr")
    summary = executive_summary([found.model_copy(update={"rows": rows})])
    assert [r.item_id for r in summary.improvements] == ["s.3", "s.2", "s.1"]


def test_every_charter_breach_leads_the_main_areas_however_many() -> None:
    """A charter item at its lowest level is a breach: always among the main areas for
    improvement, first, even beyond the three highlights; the plan owes each an answer."""
    grid = synthesis()
    charter = minimal().model_copy(update={"id": "charte"})
    breached = build_synthesis(
        charter,
        {**FIXED_VALUES, "accueil.sans_rdv": "non_engage", "accueil.referent": False},
        {},
        "fonctionnement",
    )
    breaches = [r for r in breached.rows if r.breach]
    assert {r.item_id for r in breaches} == {"accueil.sans_rdv", "accueil.referent"}
    assert not [r for r in grid.rows if r.breach]  # the same answers off the charter: none
    summary = executive_summary([grid, breached], top=1)
    assert summary.improvements[:2] == breaches and len(summary.improvements) == 2
    answers = area_answers(
        [grid, breached],
        [ActionDraft(title="Référent", item_ids=["accueil.referent"])],
        {"accueil.sans_rdv": "Ouvert sans rendez-vous dès janvier"},
    )
    first = [(a.row.item_id, a.actions, a.reason) for a in answers[:2]]
    assert sorted(first) == [
        ("accueil.referent", [1], ""),
        ("accueil.sans_rdv", [], "Ouvert sans rendez-vous dès janvier"),
    ]


@pytest.mark.parametrize(
    ("name", "lang", "body"),
    [
        ("Autoévaluation 2025", "fr", "l’autoévaluation 2025"),
        ("Campagne 2025", "fr", "le campagne 2025"),
        ("Comité de pilotage", "fr", "le comité de pilotage"),
        ("Commission qualité", "fr", "la commission qualité"),
        ("CA de l’association", "fr", "CA de l’association"),
        ("Comité de pilotage", "en", "Comité de pilotage"),
    ],
)
def test_names_in_a_sentence(name: str, lang: str, body: str) -> None:
    """ "validés par le comité de pilotage"; in another language, the name as written."""
    assert formats.body_in_sentence(name, lang) == body
