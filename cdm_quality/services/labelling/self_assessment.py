"""What the tool already knows for a Cité's labelling file, from its grids and its history.

- 7.1–7.4: the Cité's self-assessment on the criteria of its charter and quality grids that
  feed each (`domain.self_assessment`), scored from its answers in the campaign with the
  campaign's frozen grids, and its CDM21 review's answers on its service offer (7.3);
- 8.2: the partners' feedback the quality grid collected;
- 8.3: the evolutions since the previous file (`domain.evolutions`), offered as rows.

Readers of the Cité (`Permission.read`), like the file itself.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from cdm_quality.domain import evolutions, self_assessment
from cdm_quality.domain.loader import DOSSIER_ID
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.self_assessment import AxisResult, GridAnswer, GridResponse
from cdm_quality.services import responses
from cdm_quality.services.assessment.synthesis import campaign_questionnaires
from cdm_quality.services.labelling import attachments
from cdm_quality.services.network.campaigns import get_campaign
from cdm_quality.services.network.cites import get_cite
from cdm_quality.services.people.access import Actor, Permission, require
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.storage.tables import ResponseState


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class FromGrids(_Frozen):
    """Per labelling-file number, what the tool fills in: 7.x results, 8.2 answers, 8.3
    rows offered."""

    axes: dict[str, list[AxisResult]] = {}
    reviews: dict[str, list[GridAnswer]] = {}  # 7.x: the unscored grids' answers (CDM21)
    feedback: list[GridAnswer] = []
    evolutions: list[dict[str, Any]] = []

    def axis(self, number: str) -> list[AxisResult]:
        return self.axes.get(number, [])

    def review(self, number: str) -> list[GridAnswer]:
        return self.reviews.get(number, [])


def from_grids(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, lang: Lang
) -> FromGrids:
    """The Cité's self-assessment (7.1–7.4), its partners' feedback (8.2) and its evolutions
    since the previous file (8.3) for the campaign, in `lang`."""
    require(actor, Permission.read, cite_id)
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    grids = []
    for questionnaire in campaign_questionnaires(session, campaign):
        if questionnaire.id == DOSSIER_ID:
            continue
        found = responses.find_response(
            session,
            actor,
            cite_id=cite_id,
            campaign_id=campaign_id,
            questionnaire_id=questionnaire.id,
        )
        if found is not None:
            grids.append(_grid(session, actor, found.id))
    return FromGrids(
        axes=self_assessment.results_by_axis(grids, lang),
        reviews=self_assessment.reviews_by_axis(grids, lang),
        feedback=self_assessment.feedback(grids, lang),
        evolutions=offered_evolutions(
            session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang
        ),
    )


def _grid(session: Session, actor: Actor, response_id: int) -> GridResponse:
    view = responses.response_view(session, actor, response_id=response_id)
    files: dict[str, list[str]] = {}
    for row in attachments.list_attachments(session, actor, response_id=response_id):
        files.setdefault(row.item_id, []).append(row.name)
    return GridResponse(
        questionnaire=view.questionnaire,
        values=view.values(),
        remarks={i: a.remark for i, a in view.answers.items()},
        evidence={i: a.evidence for i, a in view.answers.items()},
        files=files,
        phase=view.response.phase,
        opened=view.response.opened,
        submitted=view.response.state is ResponseState.submitted,
    )


def offered_evolutions(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, lang: Lang
) -> list[dict[str, Any]]:
    """8.3's rows offered: what changed since the Cité's previous file (label decisions,
    opening hours, partners joined or left), in `lang`."""
    require(actor, Permission.read, cite_id)
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    if all(f.questionnaire_id != DOSSIER_ID for f in campaign.questionnaires):
        return []
    found = responses.find_response(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, questionnaire_id=DOSSIER_ID
    )
    now: dict[str, Any] = {}
    earlier = None
    if found is not None:
        now = responses.response_view(session, actor, response_id=found.id).values()
        earlier = responses.previous_answers(session, actor, response_id=found.id)
    return evolutions.evolution_rows(
        frozen_questionnaire(session, campaign_id=campaign_id, questionnaire_id=DOSSIER_ID),
        year=campaign.year,
        since=earlier.campaign.year if earlier else None,
        decisions=get_cite(session, actor, cite_id=cite_id).history,
        now=now,
        before={i: a.value for i, a in earlier.answers.items()} if earlier else None,
        lang=lang,
    )
