"""Readiness of a Cité's labelling file for its phase: every item the phase asks, with its
depth, its state (missing, draft, ready, unchanged) and what is still missing to hand it in.

Readers of the Cité (its own people, the label authority, admins) may see it. The phase and the
opening to the public are those the labelling-file response was started with (the Cité's own
when it has not been started yet).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from cdm_quality.domain import labelling_file
from cdm_quality.domain.labelling_file import DONE, ItemState
from cdm_quality.domain.loader import DOSSIER_ID
from cdm_quality.domain.questionnaire import DossierLevel, Item, Phase, Questionnaire, Text
from cdm_quality.services import responses
from cdm_quality.services.errors import NotFound
from cdm_quality.services.labelling import attachments
from cdm_quality.services.network.campaigns import get_campaign
from cdm_quality.services.network.cites import get_cite, is_open_on
from cdm_quality.services.people.access import Actor, Permission, require
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.storage.tables import CampaignPublic, CitePublic, ResponsePublic


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReadinessItem(_Frozen):
    """One item the phase asks, as the Cité has it now."""

    item_id: str
    number: str
    title: Text
    depth: DossierLevel
    state: ItemState
    text: str = ""
    since: str | None = None  # unchanged: the date of the text carried forward
    rows: list[dict[str, Any]] = []  # a table item's rows
    saved_at: dt.datetime | None = None
    saved_by: str | None = None
    attachments: list[str] = []  # names of its files and links


class Readiness(_Frozen):
    cite: CitePublic
    campaign: CampaignPublic
    phase: Phase
    response: ResponsePublic | None
    plan: Questionnaire
    items: list[ReadinessItem]

    @property
    def percent(self) -> float:
        """Items ready or unchanged, over the items asked, 0–100."""
        return labelling_file.readiness_percent([i.state for i in self.items])

    @property
    def done(self) -> int:
        return sum(item.state in DONE for item in self.items)

    @property
    def missing(self) -> list[ReadinessItem]:
        """What is still to write (missing or draft) before the file can be handed in."""
        return [item for item in self.items if item.state not in DONE]


def readiness(session: Session, actor: Actor, *, cite_id: int, campaign_id: int) -> Readiness:
    """The labelling file of a Cité for a campaign, item by item (NotFound when the campaign
    holds no labelling-file plan)."""
    require(actor, Permission.read, cite_id)
    cite = get_cite(session, actor, cite_id=cite_id)
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    if all(f.questionnaire_id != DOSSIER_ID for f in campaign.questionnaires):
        raise NotFound("labelling_file.no_plan", campaign=campaign.name)
    plan = frozen_questionnaire(session, campaign_id=campaign_id, questionnaire_id=DOSSIER_ID)
    found = responses.find_response(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, questionnaire_id=DOSSIER_ID
    )
    answers: dict[str, responses.AnswerView] = {}
    if found is not None:
        answers = responses.response_view(session, actor, response_id=found.id).answers
    phase = found.phase if found else cite.phase
    opened = found.opened if found else is_open_on(cite.opened_on, dt.date.today())
    values = {item_id: answer.value for item_id, answer in answers.items()}
    names = _attachment_names(session, actor, found.id) if found else {}
    items = [
        _item(item, phase, answers.get(item.id)).model_copy(
            update={"attachments": names.get(item.id, [])}
        )
        for item in labelling_file.asked_items(plan, phase, values, opened)
    ]
    return Readiness(
        cite=cite, campaign=campaign, phase=phase, response=found, plan=plan, items=items
    )


def _attachment_names(session: Session, actor: Actor, response_id: int) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for row in attachments.list_attachments(session, actor, response_id=response_id):
        names.setdefault(row.item_id, []).append(row.name)
    return names


def _item(item: Item, phase: Phase, answer: responses.AnswerView | None) -> ReadinessItem:
    value = answer.value if answer is not None else None
    shown = value if isinstance(value, dict) else {}
    level = labelling_file.depth(item, phase)
    assert level is not None  # asked_items keeps only items with a depth
    return ReadinessItem(
        item_id=item.id,
        number=item.dossier or "",
        title=item.text,
        depth=level,
        state=labelling_file.item_state(value),
        text=str(shown.get("text") or ""),
        since=shown.get("since"),
        rows=list(shown.get("rows") or []),
        saved_at=answer.saved_at if answer else None,
        saved_by=answer.saved_by if answer else None,
    )
