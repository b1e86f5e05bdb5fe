"""What is due, per person: the in-app inbox (and what `notices.remind` emails).

- For a Cité's people (director, contributors): every questionnaire of an open campaign not
  yet submitted, started or not (with the campaign's due date), the authority's recommendations and
  reservations not yet answered, and its plan actions past their due date and unfinished.
  An action of a closed campaign's plan (which never changes) is due only until the open
  plan decides on it — carries it over or drops it with a reason — and leads to that plan;
  with no campaign open there is nothing to do about it.
- For the label authority and admins, over every Cité: the self-assessments past their
  campaign's due date and not submitted, the recommendations past due and not answered, and
  the plan actions overdue.

Every questionnaire of a campaign is asked of every Cité (as in `services.network.follow_up`):
one not started yet is as due as a draft.

Access: the entries are read through `readable_cite_ids`, so a director never sees another
Cité's.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from cdm_quality.domain.plan import UNFINISHED
from cdm_quality.services.people.access import Actor, Permission, allowed, readable_cite_ids
from cdm_quality.storage.tables import (
    Campaign,
    CampaignQuestionnaire,
    CampaignState,
    Cite,
    ImprovementAction,
    NoteKind,
    PlanDismissal,
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
    ref_id: int  # the response (0: not started yet), note or action
    cite_id: int
    cite_name: str
    campaign_id: int
    campaign_name: str
    title: str  # the questionnaire id, the note's text or the action's title
    due_on: dt.date | None
    overdue: bool
    questionnaire_id: str = ""  # the questionnaire to submit (Due.submit)
    # an action of a closed plan: the open campaign whose plan carries it over or drops it
    plan_campaign_id: int | None = None

    @property
    def event(self) -> str:
        """The reminder's key: one email per entry and due date, never twice."""
        ref = self.ref_id or f"{self.cite_id}.{self.campaign_id}.{self.questionnaire_id}"
        return f"remind:{self.due.value}:{ref}:{self.due_on or '-'}"


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
        due: Due,
        ref_id: int,
        cite_id: int,
        campaign_id: int,
        title: str,
        due_on: dt.date | None,
        questionnaire_id: str = "",
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
            questionnaire_id=questionnaire_id,
        )

    for cite_id, campaign_id, qid, response_id in _unsent(session, campaigns, cites):
        item = entry(
            Due.submit, response_id, cite_id, campaign_id, qid, campaigns[campaign_id].due_on, qid
        )
        if allowed(actor, Permission.fill, cite_id) or (everyone and item.overdue):
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

    open_ids = [i for i, c in campaigns.items() if c.state is CampaignState.open]
    open_plan = max(open_ids, key=lambda i: campaigns[i].year, default=None)
    for action in _late_actions(session, list(cites), today):
        if not (everyone or allowed(actor, Permission.fill, action.cite_id)):
            continue  # an assessor rates; the plan is not theirs to carry out
        closed = campaigns[action.campaign_id].state is not CampaignState.open
        if closed and open_plan is None:
            continue  # nothing can be done about it until a campaign opens
        item = entry(
            Due.action,
            id_of(action),
            action.cite_id,
            action.campaign_id,
            action.title,
            action.due_on,
        )
        entries.append(item.model_copy(update={"plan_campaign_id": open_plan if closed else None}))
    return sorted(
        entries,
        key=lambda e: (
            not e.overdue,
            e.due_on or dt.date.max,
            e.cite_name,
            e.due,
            e.ref_id,
            e.title,
        ),
    )


def _unsent(
    session: Session, campaigns: dict[int, Campaign], cites: dict[int, str]
) -> list[tuple[int, int, str, int]]:
    """(Cité, campaign, questionnaire, response id or 0) of every questionnaire of an open
    campaign that a readable Cité has not submitted, started or not."""
    open_ids = [i for i, c in campaigns.items() if c.state is CampaignState.open]
    asked = session.exec(
        select(CampaignQuestionnaire.campaign_id, CampaignQuestionnaire.questionnaire_id)
        .where(col(CampaignQuestionnaire.campaign_id).in_(open_ids))
        .order_by(col(CampaignQuestionnaire.id))
    ).all()
    started = {
        (r.cite_id, r.campaign_id, r.questionnaire_id): r
        for r in session.exec(
            select(Response).where(
                col(Response.campaign_id).in_(open_ids), col(Response.cite_id).in_(cites)
            )
        ).all()
    }
    unsent = []
    for cite_id in cites:
        for campaign_id, qid in asked:
            response = started.get((cite_id, campaign_id, qid))
            if response is None:
                unsent.append((cite_id, campaign_id, qid, 0))
            elif response.state is not ResponseState.submitted:
                unsent.append((cite_id, campaign_id, qid, id_of(response)))
    return unsent


def _late_actions(session: Session, cite_ids: list[int], today: dt.date) -> list[ImprovementAction]:
    """Unfinished actions past their due date that no later plan has decided on: neither
    carried over (a later action continues it) nor dropped with a reason."""
    follower = aliased(ImprovementAction)
    continued = select(follower.id).where(follower.continues_action_id == ImprovementAction.id)
    dropped = select(PlanDismissal.id).where(PlanDismissal.action_id == ImprovementAction.id)
    return list(
        session.exec(
            select(ImprovementAction).where(
                col(ImprovementAction.cite_id).in_(cite_ids),
                col(ImprovementAction.status).in_(UNFINISHED),
                col(ImprovementAction.due_on) < today,
                ~continued.exists(),
                ~dropped.exists(),
            )
        ).all()
    )
