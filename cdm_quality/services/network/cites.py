"""Cités des métiers: listing (filtered by access), creation and their label-phase history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import update
from sqlmodel import Session, col, select

from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import audit
from cdm_quality.services.errors import InvalidState, InvalidValue, NotFound
from cdm_quality.services.people.access import Actor, Permission, acting, readable_cite_ids, require
from cdm_quality.storage.engine import added
from cdm_quality.storage.tables import (
    Campaign,
    CampaignState,
    Cite,
    DecisionBasis,
    NoteKind,
    PhaseEvent,
    PhaseEventPublic,
    Response,
    ResponseState,
    ReviewNote,
    id_of,
)
from cdm_quality.storage.tables import CiteCreate as CiteCreate  # re-exported for ui/
from cdm_quality.storage.tables import CitePublic as CitePublic  # re-exported for ui/
from cdm_quality.storage.tables import PhaseDecision as PhaseDecision  # re-exported for ui/


def is_open_on(opened_on: dt.date | None, day: dt.date) -> bool:
    """Whether a Cité with this opening date receives the public on `day`."""
    return opened_on is not None and opened_on <= day


def cite_public(session: Session, cite: Cite | None) -> CitePublic:
    """A Cité with its phase history (oldest decision first)."""
    if cite is None:
        raise NotFound("cite.not_found")
    events = session.exec(
        select(PhaseEvent)
        .where(PhaseEvent.cite_id == cite.id)
        .order_by(col(PhaseEvent.decided_on), col(PhaseEvent.id))
    ).all()
    history = [PhaseEventPublic.model_validate(e) for e in events]
    return CitePublic.model_validate(cite, update={"history": history})


def get_cite(session: Session, actor: Actor, *, cite_id: int) -> CitePublic:
    """One Cité the actor may read."""
    require(actor, Permission.read, cite_id)
    return cite_public(session, session.get(Cite, cite_id))


def list_cites(session: Session, actor: Actor) -> list[CitePublic]:
    """The Cités the actor may read, by name."""
    query = select(Cite).order_by(col(Cite.name))
    allowed_ids = readable_cite_ids(actor)
    if allowed_ids is not None:
        query = query.where(col(Cite.id).in_(allowed_ids))
    return [cite_public(session, c) for c in session.exec(query).all()]


@acting
def create_cite(
    session: Session,
    actor: Actor,
    *,
    data: CiteCreate,
    since: dt.date | None = None,
    note: str = "",
) -> CitePublic:
    """Add a Cité (admin); its first phase is recorded as entered on `since` (default today)."""
    require(actor, Permission.manage_cites)
    data = CiteCreate.model_validate(data)
    cite = Cite.model_validate(data)
    if not added(session=session, row=cite):
        raise InvalidState("cite.name_taken", name=data.name)
    session.add(
        PhaseEvent(
            cite_id=id_of(cite),
            phase=cite.phase,
            decision=PhaseDecision.entered,
            decided_on=since or dt.date.today(),
            note=note[:2000],
        )
    )
    audit.record(
        session,
        actor,
        action="create",
        entity="cite",
        entity_id=cite.id,
        after=data.model_dump(mode="json"),
    )
    session.commit()
    return cite_public(session, cite)


@acting
def update_cite(session: Session, actor: Actor, *, cite_id: int, data: CiteCreate) -> CitePublic:
    """Change a Cité's name, city, country, opening date or working language (admin); the
    phase changes via record_phase. A new opening date also applies to the Cité's
    self-assessments still being filled in an open campaign (questions for Cités open to the
    public appear or go)."""
    require(actor, Permission.manage_cites)
    cite = session.get(Cite, cite_id)
    if cite is None:
        raise NotFound("cite.not_found")
    data = CiteCreate.model_validate(data)
    before = CiteCreate.model_validate(cite).model_dump(mode="json")
    cite.name, cite.city, cite.country = data.name, data.city, data.country
    cite.language = data.language
    if cite.opened_on != data.opened_on:
        cite.opened_on = data.opened_on
        _apply_opening(session, cite)
    session.add(cite)
    audit.record(
        session,
        actor,
        action="update",
        entity="cite",
        entity_id=cite.id,
        before=before,
        after=data.model_dump(mode="json"),
    )
    session.commit()
    return cite_public(session, cite)


@acting
def record_phase(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    phase: Phase,
    decision: PhaseDecision,
    decided_on: dt.date,
    note: str = "",
    basis: Sequence[int] = (),
) -> CitePublic:
    """Record a labelling decision (label authority or admin) and set the Cité's phase.
    `basis`: the ids of the Cité's recommendations and reservations the decision rests on."""
    require(actor, Permission.record_phase, cite_id)
    cite = session.get(Cite, cite_id)
    if cite is None:
        raise NotFound("cite.not_found")
    note_ids = _basis(session, cite_id, basis)
    before = cite.phase.value
    cite.phase = Phase(phase)
    session.add(cite)
    event = PhaseEvent(
        cite_id=cite_id,
        phase=cite.phase,
        decision=PhaseDecision(decision),
        decided_on=decided_on,
        note=note[:2000],
    )
    session.add(event)
    session.flush()
    for note_id in note_ids:
        session.add(DecisionBasis(phase_event_id=id_of(event), note_id=note_id))
    audit.record(
        session,
        actor,
        action="phase",
        entity="cite",
        entity_id=cite_id,
        before={"phase": before},
        after={
            "phase": cite.phase.value,
            "decision": decision,
            "note": note,
            "basis": note_ids,
        },
    )
    session.commit()
    return cite_public(session, cite)


def _basis(session: Session, cite_id: int, basis: Sequence[int]) -> list[int]:
    """The notes a decision on `cite_id` rests on: each one of that Cité's recommendations or
    reservations (InvalidValue otherwise)."""
    wanted = sorted(set(basis))
    if not wanted:
        return []
    rows = session.exec(select(ReviewNote).where(col(ReviewNote.id).in_(wanted))).all()
    asking = {NoteKind.recommendation, NoteKind.reservation}
    if {r.id for r in rows if r.cite_id == cite_id and r.kind in asking} != set(wanted):
        raise InvalidValue("review.basis_foreign")
    return wanted


def _apply_opening(session: Session, cite: Cite) -> None:
    """Set `opened` on the Cité's unsubmitted responses of open campaigns from its date."""
    open_campaigns = select(Campaign.id).where(Campaign.state == CampaignState.open)
    session.execute(
        update(Response)
        .where(
            col(Response.cite_id) == cite.id,
            col(Response.state) != ResponseState.submitted,
            col(Response.campaign_id).in_(open_campaigns),
        )
        .values(opened=is_open_on(cite.opened_on, dt.date.today()))
    )
