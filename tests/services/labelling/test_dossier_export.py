"""The whole labelling file as one PDF, read back as text: for a projet, a préfiguration and a
fonctionnement Cité the items their phase asks are there and the others are not; 8.1.1 and
8.1.2 in their place for fonctionnement; the annex lists every attachment, files embedded."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from cdm_quality.demo import attachments as demo_attachments
from cdm_quality.demo import content as demo_content
from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.errors import AccessDenied
from cdm_quality.services.labelling import attachments, dossier_export
from cdm_quality.services.network import cites
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.services.responses import get_or_create_response, save_answer
from cdm_quality.storage.tables import CiteCreate, Role
from tests.factories import AUTHORITY, make_campaign, make_cite, make_user

GRIDS = load_directory(Path(__file__).parents[3] / "questionnaires")
PLAN = GRIDS["dossier"]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CSV = b"mois;visites\njanvier;812\n"
NOT_ASKED = {
    Phase.projet: ["5.2", "7.1", "7.4", "8.1.1", "8.4"],
    Phase.prefiguration: ["8.1.1", "8.1.2", "8.2", "8.4"],
    Phase.fonctionnement: [],
}


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def outline_pages(pdf: bytes) -> dict[str, int]:
    """Every bookmark of the PDF (the table of contents' entries) → its page, from 1."""
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, int] = {}

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found[entry.title] = reader.get_destination_page_number(entry) + 1

    walk(reader.outline)
    return found


def headings(text: str) -> set[str]:
    """The item numbers that start a line (an item's heading)."""
    return set(re.findall(r"^(\d\.\d(?:\.\d)?) ", text, flags=re.M))


def _file(session: Session, phase: Phase, *, year: int = 2026):
    campaign = make_campaign(session, year, questionnaires=list(GRIDS.values()))
    cite = make_cite(session, f"Cité des métiers {phase.value}", phase=phase)
    director = make_user(session, f"dir-{phase.value}", Role.director, cite_id=cite.id)
    response = get_or_create_response(
        session, director, cite_id=cite.id, campaign_id=campaign.id, questionnaire_id="dossier"
    )
    save_answer(
        session,
        director,
        response_id=response.id,
        item_id="contexte.porteur",
        value={"status": "pret", "text": f"Le porteur en phase {phase.value}."},
    )
    return campaign, cite, director, response


@pytest.mark.parametrize("phase", list(Phase), ids=str)
def test_the_items_of_the_phase_are_in_the_pdf_and_the_others_not(
    session: Session, phase: Phase
) -> None:
    campaign, cite, director, _ = _file(session, phase)
    pdf = dossier_export.dossier_pdf(
        session, director, cite_id=cite.id, campaign_id=campaign.id, lang="fr"
    )
    text = text_of(pdf)
    asked = {i.dossier for i in PLAN.items() if phase in (i.phase_levels or {})}
    found = headings(text)
    assert asked <= found, sorted(asked - found)
    assert not set(NOT_ASKED[phase]) & found
    assert f"Le porteur en phase {phase.value}." in text
    assert "Dossier de labellisation" in text and cite.name in text


def test_fonctionnement_has_the_synthesis_and_the_plan_in_their_place(session: Session) -> None:
    campaign, cite, director, _ = _file(session, Phase.fonctionnement)
    text = text_of(
        dossier_export.dossier_pdf(
            session, director, cite_id=cite.id, campaign_id=campaign.id, lang="en"
        )
    )
    where = [
        text.index(marker)
        for marker in ("7.4 ", "8.1.1 Synthesis of remarks", "8.1.2 Improvement plan", "8.2 ")
    ]
    assert where == sorted(where)


def test_a_file_in_another_language_is_marked_with_the_cites(session: Session) -> None:
    """The authority's English copy of the file of a Cité working in Portuguese: headings in
    English, the document's language (/Lang) the Cité's, which its paragraphs are in; the file
    stays PDF/A."""
    campaign, cite, director, _ = _file(session, Phase.prefiguration)
    data = CiteCreate.model_validate(cite.model_dump() | {"language": "pt"})
    cites.update_cite(session, SYSTEM, cite_id=cite.id, data=data)
    pdf = dossier_export.dossier_pdf(
        session, AUTHORITY, cite_id=cite.id, campaign_id=campaign.id, lang="en"
    )
    assert "Labelling file" in text_of(pdf)
    archival(pdf, lang="pt", evidence=set())


def test_the_annex_lists_every_attachment_and_embeds_the_files(session: Session) -> None:
    campaign, cite, director, response = _file(session, Phase.prefiguration)
    for item_id, name, content in (
        ("contexte.porteur", "Délibération.pdf", PDF),
        ("offre.frequentation", "Fréquentation.csv", CSV),
    ):
        attachments.add_file(
            session, director, response_id=response.id, item_id=item_id, name=name, content=content
        )
    attachments.add_link(
        session,
        director,
        response_id=response.id,
        item_id="organisation.communication",
        url="https://cdm.example/agenda",
    )
    pdf = dossier_export.dossier_pdf(
        session, AUTHORITY, cite_id=cite.id, campaign_id=campaign.id, lang="fr"
    )
    text = text_of(pdf)
    annex = text[text.index("Annexe — pièces jointes") :]
    for expected in ("Délibération.pdf", "Fréquentation.csv", "https://cdm.example/agenda"):
        assert expected in annex
    assert (
        attachments.list_attachments(session, director, response_id=response.id)[0].sha256 in annex
    )
    embedded = PdfReader(io.BytesIO(pdf)).attachments
    assert embedded == {"Délibération.pdf": [PDF], "Fréquentation.csv": [CSV]}
    archival(pdf, lang="fr", evidence={"Délibération.pdf", "Fréquentation.csv"})


def archival(pdf: bytes, *, lang: str, evidence: set[str]) -> None:
    """What PDF/A-3 asks of the file, read back with pypdf: PDF 1.7, XMP metadata naming
    part 3 level U, an sRGB output intent, the language, every font embedded, and every
    evidence file an associated file of the document with its relationship and type."""
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert pdf.startswith(b"%PDF-1.7")
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>3</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>U</pdfaid:conformance>" in xmp
    [intent] = catalog["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert catalog["/Lang"] == lang
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded
    associated = {}
    for spec in catalog.get("/AF", []):
        spec = spec.get_object()
        stream = spec["/EF"]["/F"].get_object()
        associated[spec["/UF"]] = (spec["/AFRelationship"], "/Subtype" in stream)
    assert associated == {name: ("/Source", True) for name in evidence}


def test_only_readers_of_the_cite_export_its_file(session: Session) -> None:
    campaign, cite, _, _ = _file(session, Phase.projet)
    other = make_cite(session, "Cité des métiers d’ailleurs")
    stranger = make_user(session, "ailleurs", Role.director, cite_id=other.id)
    with pytest.raises(AccessDenied):
        dossier_export.dossier_pdf(
            session, stranger, cite_id=cite.id, campaign_id=campaign.id, lang="fr"
        )


def test_each_table_item_prints_its_column_headings_and_computed_totals(
    session: Session,
) -> None:
    campaign, cite, director, response = _file(session, Phase.fonctionnement)
    rows = [
        {"ligne": "Salaires", "partenaire": "Région", "montant": 182000, "devise": "eur"},
        {"ligne": "Loyer", "partenaire": "Ville", "montant": 24000.5, "devise": "eur"},
        {"ligne": "Permanences", "partenaire": "Canton", "montant": 9000, "devise": "chf"},
    ]
    value = {"status": "pret", "text": "", "rows": rows}
    save_answer(
        session, director, response_id=response.id, item_id="budget.fonctionnement", value=value
    )
    pdf = dossier_export.dossier_pdf(
        session, director, cite_id=cite.id, campaign_id=campaign.id, lang="fr"
    )
    pages = page_texts(pdf)
    where = outline_pages(pdf)
    for item in (i for i in PLAN.items() if i.columns):
        number = where[f"{item.dossier} {item.text.fr}"]
        lines = [line.strip() for line in "\n".join(pages[number - 1 : number + 1]).splitlines()]
        start = next(n for n, line in enumerate(lines) if line.startswith(f"{item.dossier} "))
        first = item.columns[0].label.fr
        # the headings row follows the item's title and depth line (and its chart, if any)
        after = lines[start : start + (30 if item.chart else 4)]
        assert any(line.startswith(first) for line in after), item.dossier
    lines = [line.strip() for line in "\n".join(pages).splitlines()]
    text = "\n".join(lines)
    assert "Salaires Région 182\u202f000 EUR" in text
    assert "Total Montant (EUR) : 206\u202f000,5" in text
    assert "Total Montant (CHF) : 9\u202f000" in text


def test_a_year_column_is_as_wide_as_a_year_and_the_text_beside_it_takes_the_rest(
    session: Session,
) -> None:
    campaign, cite, director, response = _file(session, Phase.fonctionnement)
    change = "Une permanence du soir ouverte avec la mission locale, deux soirs par semaine"
    value = {"status": "pret", "text": "", "rows": [{"annee": 2026, "changement": change}]}
    save_answer(
        session, director, response_id=response.id, item_id="complements.evolutions", value=value
    )
    pdf = dossier_export.dossier_pdf(
        session, director, cite_id=cite.id, campaign_id=campaign.id, lang="fr"
    )
    starts: dict[str, float] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(
            visitor_text=lambda text, _cm, tm, *_: starts.setdefault(text.strip(), tm[4])
        )
    mm = 72 / 25.4
    # the change starts a year's width (plus padding) after the margin, not a third of the page in
    margin = next(x for text, x in starts.items() if text.startswith("8.3 "))
    assert starts[change] - margin < 16 * mm


WORKING_LINES = ("Profondeur attendue", "État :", "(pas encore rédigé)", "Exemplaire de travail")


def _printed(session: Session, edition: str, phase: Phase = Phase.fonctionnement) -> bytes:
    campaign, cite, director, _ = _file(session, phase)
    return dossier_export.dossier_pdf(
        session, director, cite_id=cite.id, campaign_id=campaign.id, lang="fr", edition=edition
    )


def test_the_hand_in_copy_has_no_working_line(session: Session) -> None:
    hand_in = text_of(_printed(session, "hand_in"))
    assert not [line for line in WORKING_LINES if line.lower() in hand_in.lower()]


def test_the_working_copy_keeps_the_depth_and_state_of_each_item(session: Session) -> None:
    working = text_of(_printed(session, "working", Phase.prefiguration))
    assert all(line.lower() in working.lower() for line in WORKING_LINES)


def test_parent_headings_and_a_table_of_contents_whose_pages_match(session: Session) -> None:
    pdf = _printed(session, "hand_in")
    pages = page_texts(pdf)
    body = [line.strip() for page in pages for line in page.splitlines()]
    for parent in ("1.2 Le contexte local", "3.1 Les produits et services projetés"):
        assert parent in body
    assert "4.2 Les moyens humains" in body and "8.1 Plan d’amélioration" in body
    contents = [n for n, page in enumerate(pages) if "Sommaire" in page]
    assert contents == [1]  # the page after the cover
    listed = [
        re.fullmatch(r"(.+?) (\d+)", line.strip())
        for page in pages[1:4]
        for line in page.splitlines()
    ]
    running = ("Dossier de labellisation —", "Cité des métiers fonctionnement ·")  # header, footer
    entries = [(m.group(1), int(m.group(2))) for m in listed if m and not m[1].startswith(running)]
    assert len(entries) >= 45  # parts, parents, items, 8.1.1's grids, the annex
    for title, number in entries:
        shown = title.removesuffix("…")
        assert any(line.startswith(shown) for line in pages[number - 1].splitlines()), title
    assert dict(entries)["1.2 Le contexte local"] == outline_pages(pdf)["1.2 Le contexte local"]


def test_a_projet_file_is_not_mostly_blank_pages(session: Session) -> None:
    pdf = _printed(session, "hand_in", Phase.projet)
    # cover, contents, then the items of six sections one after the other
    assert len(page_texts(pdf)) <= 8


CHARTED = [i for i in PLAN.items() if i.chart is not None]


def test_charted_tables_are_drawn_as_vector_bars_above_their_data(session: Session) -> None:
    campaign, cite, director, response = _file(session, Phase.fonctionnement)
    for item in CHARTED:
        value = {"status": "pret", "text": "", "rows": demo_content.rows_for(item)}
        save_answer(session, director, response_id=response.id, item_id=item.id, value=value)
    pdf = dossier_export.dossier_pdf(
        session, director, cite_id=cite.id, campaign_id=campaign.id, lang="fr", edition="hand_in"
    )
    reader = PdfReader(io.BytesIO(pdf))
    where = outline_pages(pdf)
    assert {i.dossier for i in CHARTED} == {"1.2.1", "1.2.3", "4.1", "6.1", "6.2", "8.4"}
    for item in CHARTED:
        number = where[f"{item.dossier} {item.text.fr}"]
        page = reader.pages[number - 1]
        text = page.extract_text()
        lines = [line.strip() for line in text.splitlines()]
        heading = lines.index(f"{item.dossier} {item.text.fr}")
        assert lines[heading + 1] == item.chart.title.fr, item.dossier  # the chart first
        assert not page.images  # drawn, not pasted
        bars = page.get_contents().get_data().count(b" re")
        assert bars >= len({row[item.chart.by] for row in demo_content.rows_for(item)})
    text = text_of(pdf)
    assert "Activité par année" not in text  # 8.4: one bar per year, named in the legend
    assert "2024" in text and "2025" in text


def test_a_narrative_text_is_printed_with_its_lists_styles_and_links(session: Session) -> None:
    campaign, cite, director, response = _file(session, Phase.projet)
    text = (
        "La Ville porte le **projet** avec le *Forem*.\n\n- accueil sans rendez-vous\n"
        "- [charte](https://cdm.example/charte)\n\n# pas un titre, `code`"
    )
    value = {"status": "pret", "text": text}
    save_answer(session, director, response_id=response.id, item_id="contexte.besoins", value=value)
    pdf = dossier_export.dossier_pdf(
        session, director, cite_id=cite.id, campaign_id=campaign.id, lang="fr", edition="hand_in"
    )
    printed = text_of(pdf)
    assert "La Ville porte le projet avec le Forem." in printed
    assert "• accueil sans rendez-vous" in printed and "• charte" in printed
    assert "# pas un titre, `code`" in printed and "**" not in printed
    links = [
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for a in page.get("/Annots") or []
        if "/URI" in a.get_object().get("/A", {})
    ]
    assert "https://cdm.example/charte" in links


SITES = [
    {"site": "Cité des métiers de Tours", "type": "principal", "adresse": "Place de la gare"},
    {"site": "Point relais de Loches", "type": "point_relais", "ouverture": "Le mercredi"},
]


def test_5_3_lists_the_sites_and_draws_the_attached_map_in_the_item(session: Session) -> None:
    campaign, cite, director, response = _file(session, Phase.fonctionnement)
    value = {"status": "pret", "text": "", "rows": SITES}
    save_answer(
        session, director, response_id=response.id, item_id="implantation.equite", value=value
    )
    attachments.add_file(
        session,
        director,
        response_id=response.id,
        item_id="implantation.equite",
        name="Carte.png",
        content=demo_attachments._map(),
    )
    pdf = dossier_export.dossier_pdf(
        session, director, cite_id=cite.id, campaign_id=campaign.id, lang="fr", edition="hand_in"
    )
    page = outline_pages(pdf)["5.3 Équité territoriale"]
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[page - 1].extract_text()
    assert "Lieu Type de lieu Adresse Ouverture" in text
    assert "Point relais de Loches Point relais" in text
    assert len(reader.pages[page - 1].images) == 1  # the map, under the sites, in 5.3
    assert "Carte.png" in text
