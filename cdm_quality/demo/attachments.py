"""A few plausible evidence attachments for the demo (the labelling file's, and the minutes
proving a quality-grid strength), and Namur's opening date (seed 004:
open to the public since June 2016 while in préfiguration).

Kept apart from `demo.build`: `load_demo` calls `add_demo_extras` once the network is
loaded. The files are made here (a PDF, a PNG plan of the premises, a PNG map of the area
covered, whose sites are 5.3's table, a CSV of attendance) and
go through `services.labelling.attachments`, so they pass the same checks as an upload.
"""

from __future__ import annotations

import datetime as dt
import io

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from sqlmodel import Session, select

from cdm_quality.domain.loader import DOSSIER_ID
from cdm_quality.reports.pdf_text import FONTS_DIR
from cdm_quality.services.labelling import attachments
from cdm_quality.services.network import cites
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.services.responses import find_response
from cdm_quality.storage.tables import Campaign, CampaignState, Cite, CiteCreate, User, id_of

OWN_CITE = "Cité des métiers du Val-de-Loire"
NAMUR = "Cité des métiers de Namur"
NAMUR_OPENED = dt.date(2016, 6, 1)
QUALITY_ID = "qualite"


def add_demo_extras(session: Session) -> int:
    """Namur's opening date, then the Val-de-Loire's attachments in the open campaign (its
    labelling file's, and the minutes behind a quality-grid strength); returns how many
    attachments were added."""
    _open_namur(session)
    campaign = session.exec(select(Campaign).where(Campaign.state == CampaignState.open)).first()
    cite = session.exec(select(Cite).where(Cite.name == OWN_CITE)).first()
    director = session.exec(select(User).where(User.login == "directrice")).first()
    if campaign is None or cite is None or director is None:
        return 0
    actor = Actor.of(director)
    where = {"cite_id": id_of(cite), "campaign_id": id_of(campaign)}
    dossier = find_response(session, actor, **where, questionnaire_id=DOSSIER_ID)
    quality = find_response(session, actor, **where, questionnaire_id=QUALITY_ID)
    files = []
    if dossier is not None:
        files += [
            (dossier.id, "organisation.postes_public", "Organigramme de l’équipe 2026.pdf", _pdf()),
            (dossier.id, "implantation.amenagement", "Plan des locaux.png", _png()),
            (dossier.id, "implantation.equite", "Carte du territoire couvert.png", _map()),
            (dossier.id, "offre.collective", "Fréquentation des ateliers 2025.csv", _csv()),
        ]
    if quality is not None:  # proof of a strength, printed beside it in 8.1.1
        name = "Compte rendu du comité de pilotage du 12 mars 2026.pdf"
        files.append((quality.id, "partenariat.concertation", name, _minutes()))
    for response_id, item_id, name, content in files:
        attachments.add_file(
            session, actor, response_id=response_id, item_id=item_id, name=name, content=content
        )
    if dossier is None:
        return len(files)
    attachments.add_link(
        session,
        actor,
        response_id=dossier.id,
        item_id="organisation.communication",
        url="https://cdm-val-de-loire.example/agenda",
        name="Agenda en ligne des événements",
    )
    return len(files) + 1


def _open_namur(session: Session) -> None:
    namur = session.exec(select(Cite).where(Cite.name == NAMUR)).first()
    if namur is None or namur.id is None:
        return
    data = CiteCreate.model_validate(namur.model_dump() | {"opened_on": NAMUR_OPENED})
    cites.update_cite(session, SYSTEM, cite_id=namur.id, data=data)


def _pdf() -> bytes:
    return _text_pdf(
        "Cité des métiers du Val-de-Loire — organigramme 2026",
        "Direction : 1 ETP (développement des partenariats, pilotage)",
        "Accueil général : 3 agents (ville, France Travail, mission locale)",
        "Pôles de conseil : 9 conseillers de 6 partenaires, en permanences",
        "Espace numérique : 1 médiateur numérique",
        "Documentation : 1 documentaliste (CIO)",
    )


def _minutes() -> bytes:
    return _text_pdf(
        "Comité de pilotage du 12 mars 2026 — compte rendu",
        "Présents : les directions des onze partenaires signataires de la convention",
        "1. Bilan 2025 de la Cité et résultats de l’enquête de satisfaction",
        "2. Feuille de route 2026 : ouverture le jeudi soir, pôle « Créer son activité »",
        "3. Calendrier : comité technique chaque mois, prochain comité de pilotage en octobre",
    )


def _text_pdf(title: str, *lines: str) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    pdf.add_font("DejaVu", "", FONTS_DIR / "DejaVuSans.ttf")
    pdf.add_page()
    pdf.set_font("DejaVu", size=16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _png() -> bytes:
    image = Image.new("RGB", (480, 320), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONTS_DIR / "DejaVuSans.ttf"), 16)
    draw.rectangle((10, 10, 470, 310), outline="black", width=3)
    for box, label in (
        ((20, 20, 180, 120), "Accueil"),
        ((190, 20, 460, 120), "Pôles de conseil"),
        ((20, 130, 220, 300), "Documentation"),
        ((230, 130, 460, 300), "Ateliers et numérique"),
    ):
        draw.rectangle(box, outline="gray", width=2)
        draw.text((box[0] + 8, box[1] + 8), label, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


SITES = (  # the map's sites (x, y, name, colour): the rows of 5.3's table in the demo data
    ((300, 205), "Cité des métiers de Tours (site principal)", (31, 78, 121)),
    ((300, 275), "Centre associé de l’agglomération", (232, 149, 58)),
    ((290, 95), "Point relais des quartiers nord", (92, 156, 92)),
    ((150, 320), "Point relais rural", (92, 156, 92)),
)


def _map() -> bytes:
    """A schematic map of the area the Cité covers: the département, the Loire, its sites."""
    image = Image.new("RGB", (640, 420), (248, 250, 252))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONTS_DIR / "DejaVuSans.ttf"), 15)
    area = [(60, 40), (330, 20), (560, 70), (600, 230), (470, 390), (190, 400), (40, 260)]
    draw.polygon(area, fill=(226, 236, 246), outline=(31, 78, 121), width=3)
    draw.line([(30, 230), (200, 190), (330, 200), (470, 150), (620, 110)], (90, 150, 210), 6)
    draw.text((480, 160), "Loire", fill=(60, 110, 180), font=font)
    for (x, y), label, colour in SITES:
        radius = 11 if "principal" in label else 7
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
        draw.text((x + 14, y - 9), label, fill=(33, 37, 41), font=font)
    draw.text((20, 395), "Territoire couvert : Indre-et-Loire", fill=(90, 90, 90), font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _csv() -> bytes:
    rows = ["mois;ateliers;participants"] + [
        f"{month:02d}/2025;{6 + month % 4};{48 + 7 * (month % 5)}" for month in range(1, 13)
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")
