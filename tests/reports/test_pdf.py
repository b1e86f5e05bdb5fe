"""The plan PDF: read back with pypdf (every title and remark, accents intact), hostile text,
both languages, page furniture; rendered with pdftoppm when it is installed."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pypdf
import pytest

from cdm_quality.domain.plan import ActionDraft, review_previous
from cdm_quality.domain.synthesis import build_synthesis
from cdm_quality.reports.pdf import GridMethod, PlanReport, ValidationFacts, build_plan_pdf, plain
from tests.golden import assert_golden
from tests.plan_factories import (
    FIXED_REMARKS,
    FIXED_VALUES,
    large_answers,
    large_questionnaire,
    minimal,
    sample_actions,
)

DAY = dt.date(2026, 3, 2)
FRENCH = "œ’«»€éèàçÉŒ"


def report(syntheses, actions, **extra) -> PlanReport:
    fields = {
        "cite": "Cité des métiers de Namur",
        "campaign": "Campagne 2026",
        "phase": "fonctionnement",
        "generated_on": DAY,
        "syntheses": syntheses,
        "actions": actions,
    }
    return PlanReport(**(fields | extra))


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Whitespace collapsed: wrapping puts line breaks inside remarks and titles."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def large():
    q = large_questionnaire(150)
    values, remarks = large_answers(q)
    previous = {f"s{i}": 40.0 + 5 * i for i in range(10)}
    synthesis = build_synthesis(q, values, remarks, "fonctionnement", "fr", previous=previous)
    rep = report([synthesis], sample_actions(60))
    return rep, build_plan_pdf(rep, "fr")


def test_every_action_title_and_remark_is_in_the_text(large):
    rep, pdf = large
    text = flat(" ".join(pages_text(pdf)))
    for action in rep.actions:
        assert flat(action.title) in text
        assert flat(action.description) in text
    rows = rep.syntheses[0].rows
    assert len(rows) == 150
    for row in rows:
        assert flat(row.remark) in text


def test_french_characters_come_back_intact(large):
    _, pdf = large
    text = " ".join(pages_text(pdf))
    for ch in "œ’«»€éèàç":
        assert ch in text, ch
    assert "l’équipe a renforcé l’accueil « sans rendez-vous » ; cœur" in flat(text).lower()
    assert "2 500 € consacré" in flat(text)


def test_table_headings_repeat_and_pages_are_numbered(large):
    _, pdf = large
    pages = pages_text(pdf)
    total = len(pages)
    assert total > 10
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {total}" in text
    for text in pages:
        areas = "Suite donnée dans le plan" in text  # 8.1.2's areas, repeated on their pages
        if ("Atteint" in text or "Non engagé" in text) and not areas:
            assert "Réf." in text and "Remarque" in text  # findings or annex heading
        schedule = "Aujourd’hui" in text  # the schedule's header, repeated on its pages
        if "A0" in text and "Abandonnée" in text and not schedule:
            assert "Indicateur : départ → cible → résultat" in flat(text)


def test_cover_and_running_header(large):
    _, pdf = large
    cover, second, *_ = pages_text(pdf)
    for expected in ("Cité des métiers de Namur", "Campagne 2026", "Fonctionnement", "02/03/2026"):
        assert expected in cover
    assert "Plan d’amélioration de la qualité" in cover
    assert "8.1 Plan d’amélioration — Cité des métiers de Namur" in second
    assert "8.1.1 Synthèse des remarques" in second


def test_charts_are_vector_graphics_with_whole_labels(large):
    rep, pdf = large
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert sum(len(page.images) for page in reader.pages) == 0  # no picture: drawn by fpdf2
    text = flat(" ".join(pages_text(pdf)))
    assert "Score (0–100)" in text and "Médiane du réseau" in text  # axis and legend
    for number, action in enumerate(rep.actions, start=1):
        assert flat(f"{number}. {action.title}") in text  # schedule rows: whole titles


def test_document_metadata(large):
    _, pdf = large
    info = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert (
        info.title
        == "Plan d’amélioration de la qualité — Cité des métiers de Namur — Campagne 2026"
    )


HOSTILE = {
    "long": " ".join(f"mot{n}é" for n in range(700)),  # > 5,000 characters
    "emoji": "Très bien 😀👍🏽 ❤️ 🧑‍💻 fin",
    "arabic": "ملاحظة: مرحبا بالعالم — fin",
    "hebrew": "הערה: שלום עולם — fin",
    "override": "\u202eesrever\u202c et \u2066isolé\u2069",
    "html": "<script>alert(1)</script><b>gras</b>",
    "markdown": "**gras** __souligné__ # Titre [lien](http://x) `code`",
    "alias": "{nb} pages, {nb-0000}",
    "controls": "a\x00b\x07c\td\r\ne",
    "cjk": "中文 texte",
    "long_word": "ŷ" * 3000,
}


@pytest.fixture(scope="module")
def hostile():
    q = minimal()
    # every text but the last (the long word, an action's only) is a remark of an item
    remarks = dict(zip([i.id for i in q.items()], list(HOSTILE.values())[:-1], strict=False))
    synthesis = build_synthesis(q, FIXED_VALUES, remarks, "fonctionnement", "fr")
    actions = [
        ActionDraft(title=text[:300], description=text[:10_000], owner=text[:200])
        for text in HOSTILE.values()
    ]
    return build_plan_pdf(report([synthesis], actions), "fr")


def test_hostile_text_still_gives_a_valid_pdf(hostile):
    reader = pypdf.PdfReader(io.BytesIO(hostile))
    assert len(reader.pages) > 3
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "<script>alert(1)</script><b>gras</b>" in text
    assert "**gras** __souligné__ # Titre [lien](http://x) `code`" in text
    assert "{nb} pages" in text  # never replaced by the page count


def test_a_5000_character_remark_is_wrapped_and_kept_whole(hostile):
    text = " ".join(pages_text(hostile))
    assert "mot0é" in text and "mot699é" in text
    words = set(re.findall(r"mot\d+é", text))
    assert {f"mot{n}é" for n in range(700)} <= words


def test_a_word_longer_than_its_column_is_broken_not_lost(hostile):
    # the word is an action's title (300 characters), description (3,000) and owner (200)
    assert " ".join(pages_text(hostile)).count("ŷ") == 300 + 3000 + 200


def test_right_to_left_text_is_kept(hostile):
    text = " ".join(pages_text(hostile))
    assert "שלום" in text or "םולש" in text
    assert "fin" in text


def test_plain_text_cleaning():
    assert plain("a\x00b\x07c\td\r\ne") == "abc    d\ne"
    assert plain("\u202eesrever\u202c") == "esrever"
    assert plain("中") == "\ufffd"
    assert plain("👍🏽 ❤️") == "\ufffd ❤️"  # skin tone modifier dropped, missing glyph marked
    assert plain("œ’«»€") == "œ’«»€"
    assert plain(None) == ""


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_pdftoppm_renders_every_page(hostile, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(hostile)
    run = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "p")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Error" not in run.stderr
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(pypdf.PdfReader(path).pages)


def test_english_labels():
    synthesis = build_synthesis(minimal(), FIXED_VALUES, FIXED_REMARKS, "fonctionnement", "en")
    pdf = build_plan_pdf(report([synthesis], sample_actions(3)), "en")
    text = flat(" ".join(pages_text(pdf)))
    for expected in (
        "Quality improvement plan",
        "8.1.1 Synthesis of remarks",
        "Area for improvement",
    ):
        assert expected in text
    assert "In operation" in text and "Page 1 /" in text and "02/03/2026" in text
    assert "Synthèse" not in text


def test_the_language_must_match_the_syntheses():
    synthesis = build_synthesis(minimal(), FIXED_VALUES, {}, "fonctionnement", "en")
    with pytest.raises(ValueError, match="not in 'fr'"):
        build_plan_pdf(report([synthesis], []), "fr")


def test_an_empty_plan_says_so():
    synthesis = build_synthesis(minimal(), {}, {}, "projet", "fr")
    pdf = build_plan_pdf(report([synthesis], []), "fr")
    text = " ".join(pages_text(pdf))
    assert "Aucune réponse ni remarque pour cette grille." in text
    assert "Aucune action n’est encore inscrite au plan." in text


def test_golden_text_of_a_small_plan():
    synthesis = build_synthesis(minimal(), FIXED_VALUES, FIXED_REMARKS, "fonctionnement", "fr")
    actions = sample_actions(4) + [ActionDraft(title="Suite", continues=7, status="in_progress")]
    pdf = build_plan_pdf(report([synthesis], actions), "fr")
    assert_golden("plan_pdf_minimal_fr", [text.splitlines() for text in pages_text(pdf)])


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("it", ("Piano di miglioramento della qualità", "Griglia minima", "Pagina 1 /")),
        ("pt", ("Plano de melhoria da qualidade", "Grelha mínima", "Página 1 /")),
    ],
)
def test_golden_text_of_a_small_plan_in_italian_and_portuguese(
    lang: str, words: tuple[str, ...]
) -> None:
    """The same plan as the French golden file, made in Italian or Portuguese and read back:
    the product's words and the grid's in that language, its numbers (66,7) and dates
    (02/03/2026) as that language writes them, the Cité's remarks and actions as typed."""
    synthesis = build_synthesis(minimal(), FIXED_VALUES, FIXED_REMARKS, "fonctionnement", lang)
    actions = sample_actions(4) + [ActionDraft(title="Suite", continues=7, status="in_progress")]
    pdf = build_plan_pdf(report([synthesis], actions), lang)
    pages = pages_text(pdf)
    assert_golden(f"plan_pdf_minimal_{lang}", [text.splitlines() for text in pages])
    text = flat(" ".join(pages))
    assert all(word in text for word in words), words
    assert "66,7 / 100" in text and "02/03/2026" in text
    assert "Référente nommée en 2024" in text  # a remark stays as the Cité wrote it
    assert "Grille minimale" not in text and "Synthèse" not in text
    assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == lang


def test_a_copy_in_another_language_than_the_cites_says_its_words_are_as_written() -> None:
    """The authority's English copy of a Cité working in Portuguese: the product's words in
    English, the Cité's as it wrote them, and the method says in which language they are."""
    synthesis = build_synthesis(minimal(), FIXED_VALUES, FIXED_REMARKS, "fonctionnement", "en")
    pdf = build_plan_pdf(report([synthesis], sample_actions(2), written_in="pt"), "en")
    text = flat(" ".join(pages_text(pdf)))
    said = "Remarks, evidence and actions are printed as the Cité wrote them, in Portuguese."
    assert said in text
    own = build_plan_pdf(report([synthesis], sample_actions(2), written_in="en"), "en")
    assert "as the Cité wrote them" not in flat(" ".join(pages_text(own)))


def test_the_pdfs_language_is_the_one_the_cites_words_are_in() -> None:
    """fpdf2 marks no passage's language: the document's /Lang is the Cité's working language,
    that of its remarks and actions, whatever the language of the headings; the words of the
    pages stay the reader's."""
    synthesis = build_synthesis(minimal(), FIXED_VALUES, FIXED_REMARKS, "fonctionnement", "en")
    pdf = build_plan_pdf(report([synthesis], sample_actions(2), written_in="pt"), "en")
    assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "pt"
    assert "Improvement plan" in flat(" ".join(pages_text(pdf)))
    unsaid = build_plan_pdf(report([synthesis], sample_actions(2)), "en")
    assert pypdf.PdfReader(io.BytesIO(unsaid)).trailer["/Root"]["/Lang"] == "en"


def test_no_internal_item_id_in_the_text_and_criteria_named() -> None:
    q = minimal()
    synthesis = build_synthesis(q, FIXED_VALUES, FIXED_REMARKS, "fonctionnement", "fr")
    action = ActionDraft(title="Ouvrir sans rendez-vous l’été", item_ids=["accueil.sans_rdv"])
    criteria = {"accueil.sans_rdv": "Accueil sans rendez-vous (7.4)"}
    pdf = build_plan_pdf(report([synthesis], [action], criteria=criteria), "fr")
    text = flat(" ".join(pages_text(pdf)))
    assert "Accueil sans rendez-vous (7.4)" in text
    shown = [i.id for i in q.items() if i.id in text]
    assert not shown


def _tracked_report() -> PlanReport:
    """A synthesis of the minimal grid with a plan that has a history: last year's actions
    (done, carried, abandoned), a validation, participants."""
    q = minimal()
    synthesis = build_synthesis(
        q, FIXED_VALUES, FIXED_REMARKS, "fonctionnement", "fr", previous_score=40.0
    )
    last_year = [
        ActionDraft(
            id=1,
            title="Enquête de satisfaction",
            status="done",
            target="≥ 20 % de réponses",
            result="27 %",
            completed_on=dt.date(2025, 11, 28),
        ),
        ActionDraft(id=2, title="Ouvrir le samedi", status="in_progress"),
        ActionDraft(id=3, title="Borne d’accueil", status="abandoned", abandon_reason="Budget"),
    ]
    current = [
        ActionDraft(
            title="Ouvrir le samedi",
            continues=2,
            status="in_progress",
            start=dt.date(2025, 4, 1),
            due=dt.date(2025, 6, 30),
        )
    ]
    return report(
        [synthesis],
        current,
        criteria={"accueil.sans_rdv": "Accueil sans rendez-vous (7.4)"},
        methods=[
            GridMethod(
                title="Grille minimale",
                started_on=dt.date(2026, 1, 12),
                submitted_on=dt.date(2026, 2, 20),
                submitted_by="Hélène Marchand",
                participants="Hélène Marchand, directrice\nKarim Benali, conseiller",
            )
        ],
        validation=ValidationFacts(body="Comité de pilotage", validated_on=dt.date(2026, 2, 27)),
        review=review_previous(last_year, current, "Autoévaluation 2025"),
        uncovered=synthesis.improvements(),
    )


def test_the_synthesis_and_plan_read_back_in_their_parts() -> None:
    pages = pages_text(build_plan_pdf(_tracked_report(), "fr"))
    text = flat(" ".join(pages))
    for part in (
        "Synthèse d’ensemble",
        "Principaux points forts",
        "Principaux axes d’amélioration",
        "Méthode et validation",
        "Participants : Hélène Marchand, directrice ; Karim Benali, conseiller",
        "Synthèse et plan validés par le comité de pilotage le 27/02/2026.",
        "Section par section",
        "Bilan du plan précédent (Autoévaluation 2025)",
        "1 réalisée · 1 reprise cette année · 1 abandonnée",  # real plurals, no zero counts
        "≥ 20 % de réponses → 27 %",
        "Budget",
        "Axes d’amélioration et suite donnée dans le plan",
        "Accueil sans rendez-vous (7.4)",
        "⚠ échéance dépassée",  # carried over with last year's dates, still unfinished
        "Annexe — toutes les réponses",
    ):
        assert part in text, part
    digest = flat(next(p for p in pages if "Section par section" in p))
    assert "Point fort" in digest and "Axe d’amélioration" in digest
    assert not [i.id for i in minimal().items() if i.id in text]


def test_the_annex_can_be_left_out() -> None:
    text = flat(" ".join(pages_text(build_plan_pdf(_tracked_report(), "fr", annex=False))))
    assert "Annexe" not in text and "Synthèse d’ensemble" in text
