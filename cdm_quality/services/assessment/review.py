"""Review by the label authority: after a Cité submits, the authority writes comments,
recommendations and reservations (on an item, a section or the whole self-assessment); the
Cité answers them and may turn a recommendation or reservation into an action of its plan
(8.1.2), linked both ways. A campaign's due date is set here too.

Access: writing a note or a due date needs `Permission.review` (label authority, admins, on
every Cité); reading needs `Permission.read_review` on the note's Cité (its director and
contributors, not an invited assessor, who only rates);
answering and turning into an action need `Permission.fill` on it (its director and
contributors). Every change is audited (entity "review_note").
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from cdm_quality.domain.plan import ActionDraft
from cdm_quality.services import audit, plan
from cdm_quality.services.errors import InvalidState, InvalidValue, NotFound, storage_guard
from cdm_quality.services.people.access import (
    Actor,
    Permission,
    acting,
    readable_cite_ids,
    require,
)
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import (
    Campaign,
    CampaignState,
    DecisionBasis,
    ImprovementAction,
    Response,
    ResponseState,
    ReviewNote,
    id_of,
    utcnow,
)
from cdm_quality.storage.tables import NoteKind as NoteKind  # re-exported for ui/

ENTITY = "review_note"
ASKING = frozenset({NoteKind.recommendation, NoteKind.reservation})  # these await an answer


class NoteView(BaseModel):
    """A note as its readers see it (names, not account ids)."""

    model_config = ConfigDict(frozen=True)

    id: int
    cite_id: int
    campaign_id: int
    response_id: int
    item_id: str
    section_id: str
    kind: NoteKind
    text: str
    due_on: dt.date | None
    created_at: dt.datetime
    created_by: str | None
    reply: str
    replied_at: dt.datetime | None
    replied_by: str | None
    action_id: int | None

    @property
    def asks(self) -> bool:
        """A recommendation or reservation: the Cité is expected to answer it."""
        return self.kind in ASKING

    def overdue(self, today: dt.date) -> bool:
        return self.asks and not self.reply and self.due_on is not None and self.due_on < today


def _view(session: Session, row: ReviewNote) -> NoteView:
    return NoteView(
        id=id_of(row),
        cite_id=row.cite_id,
        campaign_id=row.campaign_id,
        response_id=row.response_id,
        item_id=row.item_id,
        section_id=row.section_id,
        kind=row.kind,
        text=row.text,
        due_on=row.due_on,
        created_at=row.created_at,
        created_by=audit.display_name(session, row.created_by_id),
        reply=row.reply,
        replied_at=row.replied_at,
        replied_by=audit.display_name(session, row.replied_by_id),
        action_id=row.action_id,
    )


def _note(session: Session, note_id: int, *, lock: bool = False) -> ReviewNote:
    query = select(ReviewNote).where(ReviewNote.id == note_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    found = session.exec(query).first()
    if found is None:
        raise NotFound("review.not_found")
    return found


def _snapshot(row: ReviewNote) -> dict[str, object]:
    return {
        "kind": row.kind.value,
        "item_id": row.item_id,
        "section_id": row.section_id,
        "text": row.text,
        "due_on": row.due_on.isoformat() if row.due_on else None,
        "reply": row.reply,
        "action_id": row.action_id,
    }


def _saved(
    session: Session,
    actor: Actor,
    row: ReviewNote,
    *,
    action: str,
    before: dict[str, object] | None = None,
) -> NoteView:
    """Write the note as changed, audited as `action` (from `before`), and commit."""
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        action=action,
        entity=ENTITY,
        entity_id=row.id,
        before=before,
        after=_snapshot(row),
    )
    session.commit()
    return _view(session, row)


# --- the label authority ------------------------------------------------------------------


@storage_guard
@writes
@acting
def add_note(
    session: Session,
    actor: Actor,
    *,
    response_id: int,
    kind: NoteKind,
    text: str,
    due_on: dt.date | None = None,
    item_id: str = "",
    section_id: str = "",
) -> NoteView:
    """Write a comment, recommendation or reservation on a submitted self-assessment. A
    recommendation or reservation needs a due date; a comment has none."""
    require(actor, Permission.review)
    response = session.get(Response, response_id)
    if response is None:
        raise NotFound("response.not_found")
    if response.state is not ResponseState.submitted:
        raise InvalidState("review.not_submitted")
    text = text.strip()
    if not text:
        raise InvalidValue("review.text_empty")
    if len(text) > 5000:
        raise InvalidValue("review.text_long", max=5000)
    kind = NoteKind(kind)
    if kind in ASKING and due_on is None:
        raise InvalidValue("review.due_missing")
    row = ReviewNote(
        cite_id=response.cite_id,
        campaign_id=response.campaign_id,
        response_id=response_id,
        item_id=item_id,
        section_id="" if item_id else section_id,
        kind=kind,
        text=text,
        due_on=due_on if kind in ASKING else None,
        created_by_id=actor.id,
    )
    return _saved(session, actor, row, action="create")


@storage_guard
@writes
@acting
def set_due_date(
    session: Session, actor: Actor, *, campaign_id: int, due_on: dt.date | None
) -> None:
    """Set (or clear) the date by which the Cités hand in a campaign's self-assessments."""
    require(actor, Permission.review)
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("campaign.not_found")
    before = campaign.due_on.isoformat() if campaign.due_on else None
    campaign.due_on = due_on
    session.add(campaign)
    audit.record(
        session,
        actor,
        action="due_date",
        entity="campaign",
        entity_id=campaign_id,
        before={"due_on": before},
        after={"due_on": due_on.isoformat() if due_on else None},
    )
    session.commit()


# --- reading ------------------------------------------------------------------------------


def list_notes(
    session: Session,
    actor: Actor,
    *,
    cite_id: int | None = None,
    campaign_id: int | None = None,
    response_id: int | None = None,
) -> list[NoteView]:
    """The notes the actor may read (their own Cité's, or all for the authority), oldest
    first, narrowed to a Cité, a campaign or a response when given."""
    if cite_id is not None:
        require(actor, Permission.read_review, cite_id)
    query = select(ReviewNote).order_by(col(ReviewNote.created_at), col(ReviewNote.id))
    readable = readable_cite_ids(actor, Permission.read_review)
    if readable is not None:
        query = query.where(col(ReviewNote.cite_id).in_(readable))
    if cite_id is not None:
        query = query.where(ReviewNote.cite_id == cite_id)
    if campaign_id is not None:
        query = query.where(ReviewNote.campaign_id == campaign_id)
    if response_id is not None:
        query = query.where(ReviewNote.response_id == response_id)
    return [_view(session, row) for row in session.exec(query).all()]


def get_note(session: Session, actor: Actor, *, note_id: int) -> NoteView:
    row = _note(session, note_id)
    require(actor, Permission.read_review, row.cite_id)
    return _view(session, row)


def notes_by_action(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int
) -> dict[int, NoteView]:
    """The recommendation each action of a plan came from, by action id (for 8.1.2); the
    note may be about an earlier campaign, closed when it came."""
    actions = set(
        session.exec(
            select(ImprovementAction.id).where(
                ImprovementAction.cite_id == cite_id, ImprovementAction.campaign_id == campaign_id
            )
        ).all()
    )
    return {
        n.action_id: n
        for n in list_notes(session, actor, cite_id=cite_id)
        if n.action_id is not None and n.action_id in actions
    }


# --- the Cité -----------------------------------------------------------------------------


@storage_guard
@writes
@acting
def reply_to_note(session: Session, actor: Actor, *, note_id: int, reply: str) -> NoteView:
    """The Cité's answer to a note (replaces an earlier answer)."""
    row = _note(session, note_id, lock=True)
    require(actor, Permission.fill, row.cite_id)
    reply = reply.strip()
    if not reply:
        raise InvalidValue("review.reply_empty")
    if len(reply) > 5000:
        raise InvalidValue("review.text_long", max=5000)
    before = _snapshot(row)
    row.reply, row.replied_at, row.replied_by_id = reply, utcnow(), actor.id
    return _saved(session, actor, row, action="reply", before=before)


@storage_guard
@writes
@acting
def make_action(session: Session, actor: Actor, *, note_id: int) -> NoteView:
    """Turn a recommendation or reservation into a planned action of the Cité's open plan:
    the note's campaign's own while it is open; once that campaign is closed (its plan never
    changes), the open campaign's, the note keeping its campaign so that the action is linked
    to both. Its text is the action's, its due date the action's, its item the action's
    item. The note keeps the link; done once only."""
    row = _note(session, note_id, lock=True)
    require(actor, Permission.fill, row.cite_id)
    if row.kind not in ASKING:
        raise InvalidState("review.comment_no_action")
    if row.action_id is not None:
        raise InvalidState("review.already_action")
    first_line = row.text.splitlines()[0].strip()
    title = first_line if len(first_line) <= 300 else first_line[:299] + "…"
    draft = ActionDraft(
        title=title,
        description=row.text,
        due=row.due_on,
        item_ids=[row.item_id] if row.item_id else [],
    )
    action = plan.insert_linked_action(
        session, actor, cite_id=row.cite_id, campaign_id=_plan_campaign(session, row), action=draft
    )
    before = _snapshot(row)
    row.action_id = id_of(action)
    return _saved(session, actor, row, action="to_action", before=before)


def _plan_campaign(session: Session, note: ReviewNote) -> int:
    """The campaign whose plan answers the note: its own while open, else the open one."""
    own = session.get(Campaign, note.campaign_id)
    if own is not None and own.state is CampaignState.open:
        return note.campaign_id
    latest = session.exec(
        select(Campaign.id)
        .where(Campaign.state == CampaignState.open, col(Campaign.year) > (own.year if own else 0))
        .order_by(col(Campaign.year).desc())
    ).first()
    if latest is None:
        raise InvalidState("review.no_open_plan")
    return latest


# --- labelling decisions (written by `cites.record_phase(basis=...)`) ---------------------


def decision_basis(session: Session, actor: Actor, *, phase_event_id: int) -> list[NoteView]:
    """The recommendations and reservations a labelling decision rests on."""
    query = (
        select(ReviewNote)
        .join(DecisionBasis, col(DecisionBasis.note_id) == col(ReviewNote.id))
        .where(DecisionBasis.phase_event_id == phase_event_id)
        .order_by(col(ReviewNote.id))
    )
    rows = session.exec(query).all()
    for row in rows:
        require(actor, Permission.read_review, row.cite_id)
    return [_view(session, row) for row in rows]
