"""Campaigns: yearly rounds of self-assessment, each with frozen copies of its questionnaires.

A campaign keeps the questionnaires as they were when it was created (canonical JSON and its
sha256), so editing a file later never changes an old campaign (`frozen` reads them back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.orm import defer
from sqlmodel import Session, col, func, select

from cdm_quality.domain.loader import (
    canonical_json,
    load_directory,
    questionnaire_hash,
)
from cdm_quality.domain.questionnaire import Questionnaire
from cdm_quality.services import audit
from cdm_quality.services.errors import InvalidState, InvalidValue, NotFound
from cdm_quality.services.network import publication
from cdm_quality.services.people.access import Actor, Permission, acting, allowed, require
from cdm_quality.services.scores import keys
from cdm_quality.services.scores.aggregates import cache_submitted
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import added, kept_for_the_transaction
from cdm_quality.storage.tables import (
    Campaign,
    CampaignQuestionnaire,
    FrozenQuestionnairePublic,
    ImprovementAction,
    PlanValidation,
    Response,
    ReviewNote,
    User,
    id_of,
)
from cdm_quality.storage.tables import CampaignPublic as CampaignPublic  # re-exported for ui/
from cdm_quality.storage.tables import CampaignState as CampaignState  # re-exported for ui/


def campaign_questionnaire(
    session: Session, actor: Actor, *, campaign_id: int, questionnaire_id: str
) -> Questionnaire:
    """The questionnaire of a campaign as it was frozen; any signed-in user may read it (a
    draft campaign's only those who run campaigns: `visible_campaign`)."""
    visible_campaign(session, actor, campaign_id=campaign_id)
    return frozen_questionnaire(session, campaign_id=campaign_id, questionnaire_id=questionnaire_id)


def campaign_public(session: Session, campaign: Campaign) -> CampaignPublic:
    """A campaign row as services give it (with its frozen questionnaires); the caller has
    checked that the actor may see it, or shows it as context of a campaign it may see."""
    return _public(campaign, _frozen_lists(session, [id_of(campaign)])[id_of(campaign)])


def _public(campaign: Campaign, frozen: list[FrozenQuestionnairePublic]) -> CampaignPublic:
    return CampaignPublic.model_validate(campaign, update={"questionnaires": frozen})


def _frozen_lists(
    session: Session, campaign_ids: list[int]
) -> dict[int, list[FrozenQuestionnairePublic]]:
    """The frozen questionnaires of each campaign, by questionnaire id, in one statement that
    leaves their content (the frozen JSON, some 340 kB a campaign) in the database. Kept for
    the transaction: a frozen list never changes (written when its campaign is created)."""
    kept: dict[int, list[FrozenQuestionnairePublic]] = kept_for_the_transaction(
        session, (CampaignQuestionnaire, "lists"), dict
    )
    missing = [cid for cid in campaign_ids if cid not in kept]
    if missing:
        rows = session.exec(
            select(CampaignQuestionnaire)
            .options(defer(CampaignQuestionnaire.content))  # type: ignore[arg-type]  # typed str
            .where(col(CampaignQuestionnaire.campaign_id).in_(missing))
            .order_by(col(CampaignQuestionnaire.questionnaire_id))
        ).all()
        kept.update({cid: [] for cid in missing})
        for row in rows:
            kept[row.campaign_id].append(FrozenQuestionnairePublic.model_validate(row))
    return {cid: kept[cid] for cid in campaign_ids}


def _campaign(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("campaign.not_found")
    return campaign


def visible_campaign(session: Session, actor: Actor, *, campaign_id: int) -> Campaign:
    """The campaign, for every service given a campaign id. The one visibility rule: a draft
    campaign exists only for those who run campaigns, and an invited assessor's account knows
    only the campaign it was invited to; to everyone else it is NotFound with the same code as
    a missing id, and nothing of it (not its name) is told."""
    campaign = kept_for_the_transaction(
        session, (Campaign, campaign_id), lambda: _fresh(session, campaign_id)
    )
    if campaign is None or not campaign_visible(actor, campaign):
        raise NotFound("campaign.not_found")
    return campaign


def _fresh(session: Session, campaign_id: int) -> Campaign | None:
    """The campaign as stored now (a row this session still holds from an earlier transaction
    is read again), unless this session is changing it."""
    changing = (c for c in session.dirty if isinstance(c, Campaign) and c.id == campaign_id)
    return next(changing, None) or session.get(Campaign, campaign_id, populate_existing=True)


def get_campaign(session: Session, actor: Actor, *, campaign_id: int) -> CampaignPublic:
    """One campaign with the list of its frozen questionnaires (`visible_campaign`)."""
    return campaign_public(session, visible_campaign(session, actor, campaign_id=campaign_id))


def list_campaigns(session: Session, actor: Actor) -> list[CampaignPublic]:
    """Every campaign the actor may see (`campaign_visible`), newest year first."""
    query = select(Campaign).order_by(col(Campaign.year).desc())
    shown = [c for c in session.exec(query).all() if campaign_visible(actor, c)]
    frozen = _frozen_lists(session, [id_of(c) for c in shown])
    return [_public(c, frozen[id_of(c)]) for c in shown]


def current_campaign(session: Session, actor: Actor) -> CampaignPublic | None:
    """The open campaign, or None when no campaign is open (or the actor may not see it)."""
    campaign = session.exec(select(Campaign).where(Campaign.state == CampaignState.open)).first()
    visible = campaign is not None and campaign_visible(actor, campaign)
    return campaign_public(session, campaign) if campaign is not None and visible else None


def open_among(found: Iterable[CampaignPublic]) -> CampaignPublic | None:
    """The open campaign among these (at most one is open at a time), None when none is:
    what `current_campaign` asks the database for, taken from a list already read."""
    return next((c for c in found if c.state is CampaignState.open), None)


def _may_run(actor: Actor) -> bool:
    return allowed(actor, Permission.run_campaigns)


def campaign_visible(actor: Actor, campaign: Campaign) -> bool:
    """Whether the campaign exists for the actor: not a draft (unless they run campaigns), and
    an assessor's own campaign (`Actor.campaign_id`) for an assessor."""
    if actor.campaign_id is not None and actor.campaign_id != campaign.id:
        return False
    return campaign.state is not CampaignState.draft or _may_run(actor)


@acting
def create_campaign(
    session: Session,
    actor: Actor,
    *,
    year: int,
    questionnaires: Iterable[Questionnaire],
    name: str | None = None,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> CampaignPublic:
    """A draft campaign for `year` holding frozen copies of `questionnaires`; its opening and
    closing dates, when given, fall in that year."""
    require(actor, Permission.run_campaigns)
    chosen = list(questionnaires)
    if not chosen:
        raise InvalidValue("campaign.no_questionnaires")
    if opens_on and closes_on and closes_on < opens_on:
        raise InvalidValue("campaign.dates_reversed")
    outside = [d for d in (opens_on, closes_on) if d is not None and d.year != year]
    if outside:
        raise InvalidValue("campaign.dates_outside_year", year=year)
    campaign = Campaign(
        year=year, name=name or default_name(year), opens_on=opens_on, closes_on=closes_on
    )
    if not added(session=session, row=campaign):
        raise InvalidState("campaign.year_taken", year=year)
    frozen = [_freeze(id_of(campaign), questionnaire) for questionnaire in chosen]
    session.add_all(frozen)
    session.flush()
    keys.build_keys(session, sha256s=[row.sha256 for row in frozen])  # reads never build them
    audit.record(
        session,
        actor,
        action="create",
        entity="campaign",
        entity_id=campaign.id,
        after={"year": year, "questionnaires": [q.id for q in chosen]},
    )
    session.commit()
    return campaign_public(session, campaign)


def _freeze(campaign_id: int, questionnaire: Questionnaire) -> CampaignQuestionnaire:
    content = canonical_json(questionnaire)
    return CampaignQuestionnaire(
        campaign_id=campaign_id,
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        title=questionnaire.title.fr[:400],
        content=content,
        sha256=questionnaire_hash(questionnaire),
    )


@acting
def open_campaign(session: Session, actor: Actor, *, campaign_id: int) -> CampaignPublic:
    """Open a draft campaign; only one campaign is open at a time."""
    require(actor, Permission.run_campaigns)
    campaign = _campaign(session, campaign_id)
    if campaign.state is not CampaignState.draft:
        raise InvalidState("campaign.not_draft", name=campaign.name)
    if current_campaign(session, actor) is not None:
        raise InvalidState("campaign.other_open")
    return _set_state(session, actor, campaign, CampaignState.open)


@acting
def delete_draft(session: Session, actor: Actor, *, campaign_id: int) -> None:
    """Delete a draft campaign (made by mistake: a wrong year, wrong dates) with its frozen
    questionnaires; audited. Opened once, a campaign is never deleted: it is closed."""
    require(actor, Permission.run_campaigns)
    campaign = _campaign(session, campaign_id)
    if campaign.state is not CampaignState.draft:
        raise InvalidState("campaign.not_draft_delete", name=campaign.name)
    if _used(session, campaign_id):
        raise InvalidState("campaign.in_use", name=campaign.name)
    frozen = session.exec(
        select(CampaignQuestionnaire).where(CampaignQuestionnaire.campaign_id == campaign_id)
    ).all()
    for row in frozen:
        session.delete(row)
    session.flush()
    session.delete(campaign)
    audit.record(
        session,
        actor,
        action="delete",
        entity="campaign",
        entity_id=campaign_id,
        before={"year": campaign.year, "name": campaign.name, "state": campaign.state.value},
    )
    session.commit()


def _used(session: Session, campaign_id: int) -> bool:
    """Whether anything but its frozen questionnaires refers to the campaign."""
    queries = (
        select(Response.id).where(Response.campaign_id == campaign_id),
        select(ImprovementAction.id).where(ImprovementAction.campaign_id == campaign_id),
        select(ReviewNote.id).where(ReviewNote.campaign_id == campaign_id),
        select(PlanValidation.id).where(PlanValidation.campaign_id == campaign_id),
        select(User.id).where(User.campaign_id == campaign_id),
    )
    return any(session.exec(query).first() is not None for query in queries)


def default_name(year: int) -> str:
    """The name a campaign gets when none is given, as the network names them."""
    return f"Autoévaluation {year}"


def next_year(session: Session, actor: Actor) -> int:
    """The year a new campaign is proposed for: the year after the latest campaign (this year
    when there is none, or when the latest is older)."""
    require(actor, Permission.run_campaigns)
    latest = session.exec(select(func.max(Campaign.year))).one()
    this_year = dt.date.today().year
    return this_year if latest is None else max(latest + 1, this_year)


@acting
def reopen_campaign(session: Session, actor: Actor, *, campaign_id: int) -> CampaignPublic:
    """Open a closed campaign again (its responses can change again until it closes);
    refused while another campaign is open. Audited like every change of state."""
    require(actor, Permission.run_campaigns)
    campaign = _campaign(session, campaign_id)
    if campaign.state is not CampaignState.closed:
        raise InvalidState("campaign.not_closed", name=campaign.name)
    if current_campaign(session, actor) is not None:
        raise InvalidState("campaign.other_open")
    return _set_state(session, actor, campaign, CampaignState.open)


@acting
def close_campaign(session: Session, actor: Actor, *, campaign_id: int) -> CampaignPublic:
    """Close an open campaign: its responses can no longer change unless reopened. Its first
    close publishes the network figures directors and contributors read (`publication`), in
    the same transaction; the score cache of its submitted responses is filled."""
    require(actor, Permission.run_campaigns)
    campaign = _campaign(session, campaign_id)
    if campaign.state is not CampaignState.open:
        raise InvalidState("campaign.not_open", name=campaign.name)
    publication.publish(session, campaign)
    closed = _set_state(session, actor, campaign, CampaignState.closed)
    cache_submitted(session, campaign_id=campaign_id)
    return closed


def _set_state(
    session: Session, actor: Actor, campaign: Campaign, state: CampaignState
) -> CampaignPublic:
    before, campaign.state = campaign.state, state
    session.add(campaign)
    audit.record_state(
        session, actor, entity="campaign", entity_id=campaign.id, before=before, after=state
    )
    session.commit()
    return campaign_public(session, campaign)


@acting
def start_campaign(
    session: Session,
    actor: Actor,
    *,
    year: int,
    directory: str | Path | None = None,
    only: Iterable[str] | None = None,
    name: str | None = None,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> CampaignPublic:
    """Create and open a campaign from the questionnaire files of `directory`.

    `only` restricts it to some questionnaire ids. Invalid files raise QuestionnaireError.
    """
    require(actor, Permission.run_campaigns)
    directory = directory or get_settings().questionnaires_path()
    loaded = load_directory(directory)
    wanted = set(only) if only is not None else set(loaded)
    unknown = wanted - set(loaded)
    if unknown:
        raise InvalidValue("campaign.no_file", ids=sorted(unknown), directory=str(directory))
    chosen = [loaded[qid] for qid in sorted(wanted)]
    campaign = create_campaign(
        session,
        actor,
        year=year,
        questionnaires=chosen,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    return open_campaign(session, actor, campaign_id=campaign.id)
