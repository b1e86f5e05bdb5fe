"""Proposed actions for the areas no action covers, and the previous plan carried over."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from cdm_quality.domain import plan as domain_plan
from cdm_quality.domain.plan import ActionDraft
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import Synthesis
from cdm_quality.services.assessment.synthesis import cite_synthesis
from cdm_quality.services.errors import storage_guard
from cdm_quality.services.network.campaigns import get_campaign
from cdm_quality.services.people.access import Actor, Permission, acting, require
from cdm_quality.services.plan.actions import insert_action, require_editable
from cdm_quality.services.plan.common import (
    ActionView,
    action_views,
    dismissal_views,
    drafts_of,
    previous_plan_campaign,
    stored_actions,
)
from cdm_quality.storage.engine import writes


def propose(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, lang: Lang
) -> list[ActionView]:
    """Add a planned action for each area for improvement that no action covers yet (title
    and description in `lang`); returns the actions added."""
    require(actor, Permission.fill, cite_id)
    found = cite_synthesis(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang, comparisons=False
    )
    syntheses = [grid.synthesis for grid in found.grids]
    return _add_proposals(session, actor, cite_id, campaign_id, syntheses)


@storage_guard
@writes
@acting
def _add_proposals(
    session: Session, actor: Actor, cite_id: int, campaign_id: int, syntheses: list[Synthesis]
) -> list[ActionView]:
    require_editable(session, actor, cite_id, campaign_id)
    existing = drafts_of(stored_actions(session, cite_id, campaign_id))
    drafts: list[ActionDraft] = []
    for synthesis in syntheses:
        drafts += domain_plan.propose_actions(synthesis, existing + drafts)
    rows = [insert_action(session, actor, cite_id, campaign_id, draft) for draft in drafts]
    session.commit()
    return action_views(session, rows)


@storage_guard
@writes
@acting
def carry_over_previous(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int
) -> list[ActionView]:
    """Copy the unfinished actions (planned, in progress) of the Cité's previous plan into
    this one, each linked to its original; those already carried over are skipped."""
    require_editable(session, actor, cite_id, campaign_id)
    campaign = get_campaign(session, actor, campaign_id=campaign_id)
    previous_id = previous_plan_campaign(session, cite_id, campaign)
    if previous_id is None:
        return []
    previous = drafts_of(stored_actions(session, cite_id, previous_id))
    current = drafts_of(stored_actions(session, cite_id, campaign_id))
    year_start = campaign.opens_on or dt.date(campaign.year, 1, 1)
    dropped = {d.action_id for d in dismissal_views(session, cite_id, campaign_id)}
    drafts = domain_plan.carry_over(
        previous, current, year_start=year_start, dropped={i for i in dropped if i is not None}
    )
    rows = [insert_action(session, actor, cite_id, campaign_id, draft) for draft in drafts]
    session.commit()
    return action_views(session, rows)
