"""The plan PDF (8.1.1 + 8.1.2) and what it shows."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from cdm_quality.domain import languages
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.reports.pdf import GridMethod, PlanReport, ValidationFacts, build_plan_pdf
from cdm_quality.services.assessment.synthesis import GridSynthesis, cite_synthesis
from cdm_quality.services.people.access import Actor
from cdm_quality.services.plan.common import PlanView, previous_plan_campaign
from cdm_quality.services.plan.reading import plan_view
from cdm_quality.storage.tables import CampaignPublic


def plan_report(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    lang: Lang,
    today: dt.date | None = None,
) -> PlanReport:
    """What the PDF shows: the syntheses (in `lang`) with how they were made and validated,
    the review of the previous plan, the actions and the areas no action covers."""
    found = cite_synthesis(session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang)
    view = plan_view(session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang)
    validation = found.validation
    return PlanReport(
        criteria=view.items,
        cite=found.cite.name,
        campaign=found.campaign.name,
        written_in=languages.chosen(found.cite.language),
        phase=found.phase,
        generated_on=today or dt.date.today(),
        syntheses=[grid.synthesis for grid in found.grids],
        actions=[a.action for a in view.actions],
        methods=[_method(grid) for grid in found.grids],
        validation=(
            ValidationFacts(
                body=validation.body, validated_on=validation.validated_on, note=validation.note
            )
            if validation
            else None
        ),
        review=view.review,
        uncovered=view.uncovered,
        not_retained={d.item_id: d.reason for d in view.dismissals if d.item_id},
        network_published=all(g.network_published for g in found.grids),
        recommendations=view.recommendations,
        later=view.later,
        levels_before=_levels_before(session, actor, found.campaign, cite_id, view, lang),
    )


def _levels_before(
    session: Session,
    actor: Actor,
    campaign: CampaignPublic,
    cite_id: int,
    view: PlanView,
    lang: Lang,
) -> dict[str, str]:
    """The previous campaign's answers to the criteria its plan's actions aimed at."""
    wanted = {i for line in view.review.lines for i in line.action.item_ids}
    previous_id = previous_plan_campaign(session, cite_id, campaign) if wanted else None
    if previous_id is None:
        return {}
    before = cite_synthesis(
        session, actor, cite_id=cite_id, campaign_id=previous_id, lang=lang, comparisons=False
    )
    rows = (r for g in before.grids for r in g.synthesis.rows)
    return {r.item_id: r.answer for r in rows if r.item_id in wanted and r.answer}


def _method(grid: GridSynthesis) -> GridMethod:
    return GridMethod(
        title=grid.synthesis.questionnaire_title,
        started_on=grid.started_at.date() if grid.started_at else None,
        submitted_on=grid.submitted_at.date() if grid.submitted_at else None,
        submitted_by=grid.submitted_by or "",
        participants=grid.participants,
        raters=grid.raters,
        divergent=grid.divergent,
        rated_on=grid.rated_on,
        agreed_on=grid.agreed_on,
    )


def plan_pdf(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    lang: Lang,
    today: dt.date | None = None,
    annex: bool = True,
) -> bytes:
    """The plan PDF (cover, 8.1.1, 8.1.2) of the Cité in the campaign, in `lang`; `annex`
    adds every answer at the end."""
    report = plan_report(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang, today=today
    )
    return build_plan_pdf(report, lang, annex=annex)
