"""What is due, per person: the in-app inbox (and what `notices.remind` emails).

- For a Cité's people (director, contributors): its self-assessments of open campaigns not
  yet submitted (with the campaign's due date), the authority's recommendations and
  reservations not yet answered, and its plan actions past their due date and unfinished.
- For the label authority and admins, over every Cité: the self-assessments past their
  campaign's due date and not submitted, the recommendations past due and not answered, and
  the plan actions overdue.

Access: the entries are read through `readable_cite_ids`, so a director never sees another
Cité's.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from cdm_quality.domain.plan import UNFINISHED
from cdm_quality.services.access import Actor, Permission, allowed, readable_cite_ids
from cdm_quality.storage.tables import (
    Campaign,
    CampaignState,
    Cite,
    ImprovementAction,
    NoteKind,
    Response,
    ResponseState,
    ReviewNote,
    id_of,
)


class Due(StrEnum):
    submit = "submit"  # a self-assessment to submit
    answer = "answer"  # a recommendation or reservation to answer
    action = "action"  # a plan action past its due date


class InboxEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    due: Due
    ref_id: int  # the response, note or action
    cite_id: int
    cite_name: str
    campaign_id: int
    campaign_name: str
    title: str  # the questionnaire id, the note's text or the action's title
    due_on: dt.date | None
    overdue: bool

    @property
    def event(self) -> str:
        """The reminder's key: one email per entry and due date, never twice."""
        return f"remind:{self.due.value}:{self.ref_id}:{self.due_on or '-'}"


def inbox(session: Session, actor: Actor, *, today: dt.date) -> list[InboxEntry]:
    """What is due for the actor, overdue first, then by due date."""
    readable = readable_cite_ids(actor)
    everyone = readable is None
    cites = {
        id_of(c): c.name
        for c in session.exec(select(Cite)).all()
        if readable is None or c.id in readable
    }
    campaigns = {id_of(c): c for c in session.exec(select(Campaign)).all()}
    entries: list[InboxEntry] = []

    def entry(
        due: Due, ref_id: int, cite_id: int, campaign_id: int, title: str, due_on: dt.date | None
    ) -> InboxEntry:
        return InboxEntry(
            due=due,
            ref_id=ref_id,
            cite_id=cite_id,
            cite_name=cites[cite_id],
            campaign_id=campaign_id,
            campaign_name=campaigns[campaign_id].name,
            title=title,
            due_on=due_on,
            overdue=due_on is not None and due_on < today,
        )

    open_ids = [i for i, c in campaigns.items() if c.state is CampaignState.open]
    pending = session.exec(
        select(Response).where(
            col(Response.campaign_id).in_(open_ids),
            col(Response.cite_id).in_(cites),
            col(Response.state) != ResponseState.submitted,
        )
    ).all()
    for response in pending:
        item = entry(
            Due.submit,
            id_of(response),
            response.cite_id,
            response.campaign_id,
            response.questionnaire_id,
            campaigns[response.campaign_id].due_on,
        )
        if allowed(actor, Permission.fill, response.cite_id) or (everyone and item.overdue):
            entries.append(item)

    notes = session.exec(
        select(ReviewNote).where(
            col(ReviewNote.cite_id).in_(cites),
            col(ReviewNote.kind).in_([NoteKind.recommendation, NoteKind.reservation]),
            ReviewNote.reply == "",
        )
    ).all()
    for note in notes:
        item = entry(
            Due.answer, id_of(note), note.cite_id, note.campaign_id, note.text, note.due_on
        )
        if allowed(actor, Permission.fill, note.cite_id) or (everyone and item.overdue):
            entries.append(item)

    actions = session.exec(
        select(ImprovementAction).where(
            col(ImprovementAction.cite_id).in_(cites),
            col(ImprovementAction.status).in_(UNFINISHED),
            col(ImprovementAction.due_on) < today,
        )
    ).all()
    for action in actions:
        if not (everyone or allowed(actor, Permission.fill, action.cite_id)):
            continue  # an assessor rates; the plan is not theirs to carry out
        entries.append(
            entry(
                Due.action,
                id_of(action),
                action.cite_id,
                action.campaign_id,
                action.title,
                action.due_on,
            )
        )
    return sorted(
        entries,
        key=lambda e: (not e.overdue, e.due_on or dt.date.max, e.cite_name, e.due, e.ref_id),
    )
