"""The demo's review by the label authority: the campaign's due date, and on the showcase
Cité's latest submitted self-assessment a recommendation on an item (already turned into an
action of the open campaign's plan, linked) and a reservation on a section (awaiting the
Cité's answer)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from cdm_quality.domain import languages
from cdm_quality.domain.plan import ActionStatus
from cdm_quality.services.scores import frozen
from cdm_quality.storage.tables import (
    Campaign,
    Cite,
    ImprovementAction,
    NoteKind,
    Response,
    ResponseState,
    ReviewNote,
    Role,
    User,
    id_of,
)

RECOMMENDATION = (
    "Proposer un accueil sans rendez-vous le samedi matin au moins une fois par mois : les "
    "actifs en poste ne peuvent pas venir en semaine."
)
RESERVATION = (
    "Les chiffres de fréquentation de cette section ne distinguent pas les premières visites "
    "des suivantes ; précisez comment ils sont comptés avant la prochaine décision."
)


def add_demo_review(
    session: Session, *, cite_id: int, campaign_ids: dict[int, int], today: dt.date
) -> None:
    """Write the review (rows, as the demo's other data; nothing is emailed)."""
    latest = max(campaign_ids)
    campaign = session.get(Campaign, campaign_ids[latest])
    if campaign is not None:
        campaign.due_on = dt.date(latest, 12, 11)  # a week before it closes, after the demo's today
        session.add(campaign)
    found = session.exec(
        select(Response)
        .where(Response.cite_id == cite_id, Response.state == ResponseState.submitted)
        .order_by(col(Response.campaign_id).desc(), col(Response.questionnaire_id))
    ).all()
    authority = session.exec(select(User).where(User.role == Role.authority)).first()
    if not found or authority is None:
        return
    latest_id = found[0].campaign_id
    # an item the Cité's plan already names as weak (the demo's plans answer weak items)
    planned = session.exec(
        select(ImprovementAction.item_ids).where(
            ImprovementAction.cite_id == cite_id,
            ImprovementAction.campaign_id == latest_id,
        )
    ).all()
    item = next((ids[0] for ids in planned if ids), "")
    response, section = _holding(session, [r for r in found if r.campaign_id == latest_id], item)
    written = dt.datetime.combine(today - dt.timedelta(days=20), dt.time(11), dt.UTC)
    # The note came after its campaign closed: the open campaign's plan answers it (a closed
    # plan never changes), the note keeping its own campaign.
    action = ImprovementAction(
        cite_id=cite_id,
        campaign_id=campaign_ids[latest],
        item_ids=[item] if item else [],
        title="Accueil sans rendez-vous le samedi matin",
        description=RECOMMENDATION,
        owner="Responsable de l'accueil",
        due_on=today + dt.timedelta(days=90),
        status=ActionStatus.planned,
        language=languages.chosen(session.get_one(Cite, cite_id).language),
        created_at=written + dt.timedelta(days=2),
        updated_at=written + dt.timedelta(days=2),
    )
    session.add(action)
    session.flush()
    for kind, text, due, on_item, on_section in (
        (NoteKind.recommendation, RECOMMENDATION, 90, item if section else "", ""),
        (NoteKind.reservation, RESERVATION, 30, "", section),
    ):
        note = ReviewNote(
            cite_id=cite_id,
            campaign_id=response.campaign_id,
            response_id=id_of(response),
            kind=kind,
            text=text,
            due_on=today + dt.timedelta(days=due),
            created_at=written,
            created_by_id=authority.id,
            item_id=on_item,
            section_id=on_section,
        )
        if kind is NoteKind.recommendation:
            note.reply = "Retenu : un samedi par mois dès le prochain trimestre."
            note.replied_at = written + dt.timedelta(days=2)
            note.replied_by_id = _director_id(session, cite_id)
            note.action_id = action.id
        session.add(note)
    session.flush()


def _holding(session: Session, candidates: list[Response], item: str) -> tuple[Response, str]:
    """The response whose questionnaire holds `item`, and the item's section (the first
    response and no section when none does)."""
    for response in candidates:
        q = frozen.frozen_questionnaire(
            session, campaign_id=response.campaign_id, questionnaire_id=response.questionnaire_id
        )
        section = q.section_of(item) if item else None
        if section is not None:
            return response, section.id
    return candidates[0], ""


def _director_id(session: Session, cite_id: int) -> int | None:
    """The Cité's director, who answered the recommendation (None: the command line)."""
    return session.exec(
        select(User.id).where(User.cite_id == cite_id, User.role == Role.director)
    ).first()
