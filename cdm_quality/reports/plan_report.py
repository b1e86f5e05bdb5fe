"""What the plan PDF (8.1.1 and 8.1.2) prints, as data: built by the service, read by the
document (`reports.document`) and its sections (`reports.synthesis_pages`,
`reports.plan_pages`). No fpdf2 and no database here."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from cdm_quality.domain.plan import (
    ActionDraft,
    ActionRef,
    LaterDecision,
    PlanReview,
    Recommendation,
)
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.domain.synthesis import Synthesis, SynthesisRow


class GridMethod(BaseModel):
    """How one grid was filled in: when, submitted by whom, who took part."""

    model_config = ConfigDict(frozen=True)

    title: str
    started_on: dt.date | None = None
    submitted_on: dt.date | None = None
    submitted_by: str = ""
    participants: str = ""
    raters: list[str] = []  # who rated on their own before the consensus
    divergent: list[str] = []  # items where their ratings were two levels apart or more
    rated_on: tuple[dt.date, dt.date] | None = None  # the first and last day of those ratings
    agreed_on: dt.date | None = None  # the day the team's consensus was last set


class ValidationFacts(BaseModel):
    """The steering committee's validation of the synthesis and the plan."""

    model_config = ConfigDict(frozen=True)

    body: str
    validated_on: dt.date
    note: str = ""


class PlanReport(BaseModel):
    """Everything the PDF shows; built by the service, no database access here."""

    model_config = ConfigDict(frozen=True)

    cite: str
    campaign: str
    phase: Phase | None
    generated_on: dt.date
    syntheses: list[Synthesis]
    actions: list[ActionDraft] = Field(default_factory=list)
    criteria: dict[str, str] = Field(default_factory=dict)  # item id → criterion as named
    methods: list[GridMethod] = Field(default_factory=list)
    validation: ValidationFacts | None = None
    review: PlanReview | None = None  # what became of the previous plan's actions
    uncovered: list[SynthesisRow] = Field(default_factory=list)  # areas no action covers
    not_retained: dict[str, str] = Field(default_factory=dict)  # item id → why no action
    network_published: bool = True  # False: the campaign is open, no network figure yet
    # the authority's recommendations and reservations the plan answers (or drops, or not yet)
    recommendations: list[Recommendation] = Field(default_factory=list)
    # action id → what a later plan decided about it: printed, and never flagged overdue
    later: dict[ActionRef, LaterDecision] = Field(default_factory=dict)
    # item id → its answer in the previous campaign, for the criteria the previous plan's
    # actions aimed at: the review says whether their level moved
    levels_before: dict[str, str] = Field(default_factory=dict)

    def level_now(self, item_id: str) -> str | None:
        """The criterion's answer in this campaign (None: not answered yet)."""
        rows = (r for s in self.syntheses for r in s.rows if r.item_id == item_id)
        return next((r.answer for r in rows), None)

    # the Cité's working language, the one its remarks and actions are written in (None: unsaid)
    written_in: str | None = None

    def unstarted(self, action: ActionDraft) -> bool:
        """Still planned past its start date, and no later plan has answered it."""
        return action.not_started(self.generated_on) and (action.id or -1) not in self.later

    def owed(self, action: ActionDraft) -> bool:
        """Unfinished past its due date, and no later plan has answered it."""
        return action.overdue(self.generated_on) and (action.id or -1) not in self.later


def report_texts(data: PlanReport) -> list[str]:
    """The texts of a report the fonts must render (user text included)."""
    found = [data.cite, data.campaign]
    for synthesis in data.syntheses:
        found += [t for r in synthesis.rows for t in (r.text, r.answer or "", r.remark)]
    for a in data.actions:
        found += [a.title, a.description, a.owner, a.partners, a.indicator]
    return found
