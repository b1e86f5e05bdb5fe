"""Every Cité × section score of one questionnaire in a campaign (label authority, admins)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.compare.common import (
    Heatmap,
    HeatmapRow,
    SectionInfo,
    _cite_names,
    _CiteLine,
    _one_campaign,
    _require_network,
    _sections,
)
from cdm_quality.services.people.access import Actor
from cdm_quality.services.scores.aggregates import (
    ResponseScores,
    response_scores,
)


def heatmap(
    session: Session,
    actor: Actor,
    *,
    campaign_id: int,
    questionnaire_id: str,
    phase: Phase | None = None,
    country: str | None = None,
    include_drafts: bool = False,
) -> Heatmap:
    """Cités × sections of one questionnaire in one campaign (label authority and admins)."""
    _require_network(actor)
    campaign, questionnaire, scope = _one_campaign(
        session,
        actor,
        campaign_id=campaign_id,
        questionnaire_id=questionnaire_id,
        phase=phase,
        country=country,
        include_drafts=include_drafts,
    )
    found = response_scores(session, scope)
    cites = _cite_names(session, scope)
    sections = _sections(questionnaire)
    rows = [_heatmap_row(cites[r.cite_id], r, sections) for r in found.values()]
    return Heatmap(
        campaign=campaign,
        questionnaire_id=questionnaire_id,
        sections=sections,
        rows=sorted(rows, key=lambda row: row.cite.casefold()),
    )


def _heatmap_row(
    cite: _CiteLine, scores: ResponseScores, sections: Sequence[SectionInfo]
) -> HeatmapRow:
    """A Cité's row: every section present, None where it has no score."""
    by_section = scores.section_scores()
    return HeatmapRow(
        cite_id=cite.id,
        cite=cite.name,
        country=cite.country,
        phase=cite.phase,
        overall=scores.overall(),
        sections={s.section_id: by_section.get(s.section_id) for s in sections},
    )
