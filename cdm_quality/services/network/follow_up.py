"""Campaign follow-up: every readable Cité × questionnaire of a campaign, with its state and
progress, in a fixed number of queries whatever the number of Cités.

Progress counts what `services.responses.compute_progress` counts (visible items only,
required answered / required total); the counting is done by GROUP BY in the database
(`services.scores.aggregates.progress_counts`). Filters: the Cité's *current* phase and its country
(the follow-up is about whom to remind now), and one questionnaire.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from cdm_quality.domain.answers import is_visible, share_answered
from cdm_quality.domain.labelling_file import DONE_STATUSES as DONE
from cdm_quality.domain.loader import DOSSIER_ID
from cdm_quality.domain.questionnaire import Phase, Questionnaire, Text
from cdm_quality.services.network.campaigns import get_campaign
from cdm_quality.services.network.cites import is_open_on
from cdm_quality.services.people.access import Actor, readable_cite_ids
from cdm_quality.services.scores.aggregates import (
    Counts,
    ResponseRow,
    Scope,
    progress_counts,
    responses_in_scope,
    status_counts,
)
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.services.scores.keys import require_campaign_keys
from cdm_quality.storage.tables import Cite, FrozenQuestionnairePublic, id_of


class FollowUpState(StrEnum):
    not_started = "not_started"
    draft = "draft"
    submitted = "submitted"
    reopened = "reopened"


class FollowUpRow(BaseModel):
    """One Cité × questionnaire of the campaign."""

    model_config = ConfigDict(frozen=True)

    cite_id: int
    cite: str
    city: str
    country: str
    phase: Phase  # the Cité's current phase
    questionnaire_id: str
    version: str
    questionnaire_title: Text | None = None  # None: as the machine exports leave it
    state: FollowUpState
    response_id: int | None = None
    answered: int = 0
    visible: int = 0
    required_answered: int = 0
    required_total: int = 0
    submitted_at: dt.datetime | None = None
    last_saved_at: dt.datetime | None = None
    ready: int | None = None  # the labelling file: items ready or unchanged (None: other grids)

    @property
    def readiness(self) -> float | None:
        """The labelling file's items ready or unchanged over those asked, 0–100; None for
        the other grids."""
        if self.ready is None:
            return None
        if self.state is FollowUpState.not_started:
            return 0.0
        return 100.0 if self.visible == 0 else 100 * self.ready / self.visible

    @property
    def ratio(self) -> float:
        """Answered over asked, 0–1 (`domain.answers.share_answered`; 0 when not started)."""
        return share_answered(self.answered, self.visible)


class FollowUp(BaseModel):
    model_config = ConfigDict(frozen=True)

    campaign_id: int
    year: int
    name: str
    rows: list[FollowUpRow]

    def count(self, state: FollowUpState) -> int:
        return sum(row.state is state for row in self.rows)


def follow_up(
    session: Session,
    actor: Actor,
    *,
    campaign_id: int,
    phase: Phase | None = None,
    country: str | None = None,
    questionnaire_id: str | None = None,
) -> FollowUp:
    """The campaign's Cités × questionnaires the actor may read, by Cité name."""
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    require_campaign_keys(session, campaign_ids=[campaign_id])
    cites = _cites(session, actor, phase=phase, country=country)
    frozen = [
        q
        for q in campaign.questionnaires
        if questionnaire_id is None or q.questionnaire_id == questionnaire_id
    ]
    scope = Scope(
        campaign_ids=(campaign_id,),
        questionnaire_id=questionnaire_id,
        states=None,
        cite_ids=frozenset(id_of(c) for c in cites),
    )
    started = responses_in_scope(session, scope) if cites else []
    counts = progress_counts(session, scope, started)
    ready = status_counts(session, [r for r in started if r.questionnaire_id == DOSSIER_ID], DONE)
    by_key = {(r.cite_id, r.questionnaire_id): r for r in started}
    grids = {
        q.questionnaire_id: frozen_questionnaire(
            session, campaign_id=campaign_id, questionnaire_id=q.questionnaire_id
        )
        for q in frozen
    }
    asked = _Asked(dt.date.today())
    rows = [
        _row(
            cite,
            q.questionnaire_id,
            q.version,
            by_key.get((id_of(cite), q.questionnaire_id)),
            counts,
            asked,
            grids[q.questionnaire_id],
        ).model_copy(
            update={
                "questionnaire_title": grids[q.questionnaire_id].title,
                "ready": _ready(ready, by_key.get((id_of(cite), q.questionnaire_id)), q),
            }
        )
        for cite in cites
        for q in frozen
    ]
    return FollowUp(campaign_id=campaign.id, year=campaign.year, name=campaign.name, rows=rows)


def _ready(
    ready: dict[int, int], response: ResponseRow | None, frozen: FrozenQuestionnairePublic
) -> int | None:
    if frozen.questionnaire_id != DOSSIER_ID:
        return None
    return ready.get(response.id, 0) if response is not None else 0


class _Asked:
    """What a questionnaire asks a Cité that has not started it: its visible items (the
    conditions on other answers all unmet), once per questionnaire, phase and opening."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.known: dict[tuple[str, Phase, bool], dict[str, int]] = {}

    def counts(self, cite: Cite, grid: Questionnaire) -> dict[str, int]:
        opened = is_open_on(cite.opened_on, self.today)
        key = (grid.id, cite.phase, opened)
        if key not in self.known:
            items = [
                i
                for s in grid.sections
                for i in s.items
                if is_visible(grid, i, {}, cite.phase.value, opened)
            ]
            self.known[key] = {
                "visible": len(items),
                "required_total": sum(1 for i in items if i.required),
            }
        return self.known[key]


def _row(
    cite: Cite,
    questionnaire_id: str,
    version: str,
    response: ResponseRow | None,
    counts: dict[int, Counts],
    asked: _Asked,
    grid: Questionnaire,
) -> FollowUpRow:
    started: dict[str, object] = dict(asked.counts(cite, grid))  # not started: 0 of the asked
    if response is not None:
        started = {
            "state": FollowUpState(response.state),
            "response_id": response.id,
            "submitted_at": response.submitted_at,
            "last_saved_at": response.last_saved_at,
            **vars(counts[response.id]),
        }
    return FollowUpRow(
        cite_id=cite.id,
        cite=cite.name,
        city=cite.city,
        country=cite.country,
        phase=cite.phase,
        questionnaire_id=questionnaire_id,
        version=version,
        **{"state": FollowUpState.not_started, **started},
    )


def _cites(
    session: Session, actor: Actor, *, phase: Phase | None, country: str | None
) -> list[Cite]:
    query = select(Cite).order_by(col(Cite.name))
    readable = readable_cite_ids(actor)
    if readable is not None:
        query = query.where(col(Cite.id).in_(sorted(readable)))
    if phase:
        query = query.where(Cite.phase == Phase(phase))
    if country:
        query = query.where(Cite.country == country)
    return list(session.exec(query).all())


def countries(session: Session, actor: Actor) -> list[str]:
    """The countries of the Cités the actor may read, sorted (for filters)."""
    query = select(Cite.country).distinct().order_by(col(Cite.country))
    readable = readable_cite_ids(actor)
    if readable is not None:
        query = query.where(col(Cite.id).in_(sorted(readable)))
    return list(session.exec(query).all())
