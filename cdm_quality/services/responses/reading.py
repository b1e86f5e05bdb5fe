"""Starting a self-assessment and reading it: the response, its answers (as far as the actor
may read them before their own ratings are done), last campaign's answers."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from cdm_quality.domain.questionnaire import Questionnaire
from cdm_quality.services.errors import (
    InvalidState,
    NotFound,
)
from cdm_quality.services.network.campaigns import (
    campaign_public,
    get_campaign,
    visible_campaign,
)
from cdm_quality.services.network.cites import cite_public, is_open_on
from cdm_quality.services.people.access import (
    Actor,
    Permission,
    acting,
    allowed,
    readable_cite_ids,
    require,
)
from cdm_quality.services.responses.common import (
    PreviousAnswers,
    ResponseView,
    _answer_views,
    _current_answers,
    _is_locked,
    _public,
    _questionnaire,
    _readable,
)
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.storage.engine import added, keep_for_the_transaction, writes
from cdm_quality.storage.tables import (
    Campaign,
    CampaignState,
    Cite,
    ItemRating,
    Response,
    ResponsePublic,
    ResponseState,
    id_of,
)

# --- starting and reading -----------------------------------------------------------------


def find_response(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, questionnaire_id: str
) -> ResponsePublic | None:
    """The Cité's response to that questionnaire of that campaign, or None if not started."""
    require(actor, Permission.read, cite_id)
    visible_campaign(session, actor, campaign_id=campaign_id)
    response = _find(session, cite_id, campaign_id, questionnaire_id)
    return None if response is None else _public(session, response)


def _find(
    session: Session, cite_id: int, campaign_id: int, questionnaire_id: str
) -> Response | None:
    found = session.exec(
        select(Response).where(
            Response.cite_id == cite_id,
            Response.campaign_id == campaign_id,
            Response.questionnaire_id == questionnaire_id,
        )
    ).first()
    if found is None:
        return None
    # what the page asks next of this response (its progress, its answers) reads it by id
    return keep_for_the_transaction(session, (Response, id_of(found)), found)


def get_or_create_response(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int, questionnaire_id: str
) -> ResponsePublic:
    """The Cité's response, started (state draft, the Cité's current phase) if needed.

    Starting needs the fill permission, or the rate permission in the actor's campaign (an
    invited assessor rates a grid the Cité has not opened yet), and an open campaign; reading
    an existing one needs only read access.
    """
    require(actor, Permission.read, cite_id)
    visible_campaign(session, actor, campaign_id=campaign_id)
    existing = _find(session, cite_id, campaign_id, questionnaire_id)
    if existing is not None:
        return _public(session, existing)
    if not may_start(actor, cite_id=cite_id, campaign_id=campaign_id):
        require(actor, Permission.fill, cite_id)
    return _create_response(session, actor, cite_id, campaign_id, questionnaire_id)


def may_start(actor: Actor, *, cite_id: int, campaign_id: int) -> bool:
    """Whether the actor may start the Cité's response in the campaign: a filler of the Cité,
    or an assessor invited to rate in that campaign."""
    if allowed(actor, Permission.fill, cite_id):
        return True
    in_campaign = actor.campaign_id is None or actor.campaign_id == campaign_id
    return allowed(actor, Permission.rate, cite_id) and in_campaign


@writes
@acting
def _create_response(
    session: Session, actor: Actor, cite_id: int, campaign_id: int, questionnaire_id: str
) -> ResponsePublic:
    cite = session.get(Cite, cite_id)
    campaign = visible_campaign(session, actor, campaign_id=campaign_id)
    if cite is None:
        raise NotFound("response.no_cite_or_campaign")
    if campaign.state is not CampaignState.open:
        raise InvalidState("campaign.not_open_to_start", name=campaign.name)
    frozen_questionnaire(session, campaign_id=campaign_id, questionnaire_id=questionnaire_id)
    response = Response(
        cite_id=cite_id,
        campaign_id=campaign_id,
        phase=cite.phase,
        opened=is_open_on(cite.opened_on, dt.date.today()),
        questionnaire_id=questionnaire_id,
        created_by_id=actor.id,
    )
    if not added(session=session, row=response):  # started at the same moment by someone else
        found = _find(session, cite_id, campaign_id, questionnaire_id)
        if found is None:
            raise NotFound("response.not_started")
        response = found
    session.commit()
    return _public(session, response)


def response_view(session: Session, actor: Actor, *, response_id: int) -> ResponseView:
    """The response with its frozen questionnaire, current answers and what the actor may do."""
    response = _readable(session, actor, response_id)
    locked = _is_locked(session, response)
    cite = response.cite_id
    questionnaire = _questionnaire(session, response)
    withheld = _withheld(session, actor, response, questionnaire)
    answers = _answer_views(session, _current_answers(session, id_of(response)))
    return ResponseView(
        response=_public(session, response),
        cite=cite_public(session, session.get(Cite, cite)),
        campaign=get_campaign(session, actor, campaign_id=response.campaign_id),
        questionnaire=questionnaire,
        answers={i: a for i, a in answers.items() if i not in withheld},
        withheld=withheld,
        locked=locked,
        can_fill=allowed(actor, Permission.fill, cite),
        can_submit=allowed(actor, Permission.submit, cite) and not locked,
        can_reopen=allowed(actor, Permission.reopen, cite)
        and response.state is ResponseState.submitted,
    )


def previous_answers(session: Session, actor: Actor, *, response_id: int) -> PreviousAnswers | None:
    """The same Cité's answers to the same questionnaire id in the latest earlier campaign,
    shown beside `response_id`'s items: an assessor, who may read only its own campaign, gets
    them here as that campaign's context once its ratings are done (`_withheld`)."""
    response = _readable(session, actor, response_id)
    this_year = session.get_one(Campaign, response.campaign_id).year
    earlier = session.exec(
        select(Response)
        .join(Campaign, col(Campaign.id) == col(Response.campaign_id))
        .where(
            Response.cite_id == response.cite_id,
            Response.questionnaire_id == response.questionnaire_id,
            col(Campaign.year) < this_year,
        )
        .order_by(col(Campaign.year).desc())
    ).first()
    if earlier is None:
        return None
    questionnaire = _questionnaire(session, earlier)
    withheld = _withheld(session, actor, response, questionnaire)
    answers = _answer_views(session, _current_answers(session, id_of(earlier)))
    return PreviousAnswers(
        campaign=campaign_public(session, session.get_one(Campaign, earlier.campaign_id)),
        response=_public(session, earlier),
        questionnaire=questionnaire,
        answers={i: a for i, a in answers.items() if i not in withheld},
    )


def _withheld(
    session: Session, actor: Actor, response: Response, questionnaire: Questionnaire | None = None
) -> frozenset[str]:
    """The scored items of `questionnaire` whose answers the actor may not read yet: an
    assessor (who rates but does not fill) reads neither the Cité's current answer nor last
    year's before marking their own ratings of `response` done, so as not to be anchored."""
    cite = response.cite_id
    if allowed(actor, Permission.fill, cite) or not allowed(actor, Permission.rate, cite):
        return frozenset()
    done = session.exec(
        select(ItemRating.done).where(
            ItemRating.response_id == id_of(response), ItemRating.user_id == actor.id
        )
    ).all()
    if done and all(done):
        return frozenset()
    questionnaire = questionnaire or _questionnaire(session, response)
    return frozenset(i.id for section in questionnaire.sections for i in section.items if i.scored)


def readable_response_ids(session: Session, actor: Actor, *, campaign_id: int) -> list[int]:
    """Ids of the campaign's responses the actor may read (for exports and comparisons)."""
    visible_campaign(session, actor, campaign_id=campaign_id)
    query = select(Response).where(Response.campaign_id == campaign_id)
    cite_ids = readable_cite_ids(actor)
    if cite_ids is not None:
        query = query.where(col(Response.cite_id).in_(cite_ids))
    return [id_of(row) for row in session.exec(query.order_by(col(Response.id))).all()]
