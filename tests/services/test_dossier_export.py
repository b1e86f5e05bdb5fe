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

from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import attachments, dossier_export
from cdm_quality.services.errors import AccessDenied
from cdm_quality.services.responses import get_or_create_response, save_answer
from cdm_quality.storage.tables import Role
from tests.factories import AUTHORITY, make_campaign, make_cite, make_user

GRIDS = load_directory(Path(__file__).parents[2] / "questionnaires")
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
    lines = [line.strip() for line in text_of(pdf).splitlines()]
    for item in (i for i in PLAN.items() if i.columns):
        start = next(n for n, line in enumerate(lines) if line.startswith(f"{item.dossier} "))
        first = item.columns[0].label.fr
        # the headings row follows the item's title and depth line
        assert any(line.startswith(first) for line in lines[start : start + 4]), item.dossier
    text = "\n".join(lines)
    assert "Salaires Région 182\u202f000 EUR" in text
    assert "Total Montant (EUR) : 206\u202f000,5" in text
    assert "Total Montant (CHF) : 9\u202f000" in text
