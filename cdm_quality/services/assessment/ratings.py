"""The team rates on its own, then the director sets the consensus.

For the scored items of a response, each member of the Cité's team (director, contributors,
assessors invited for one campaign) gives their own rating and a remark. A member reads the
others' ratings only once they marked their own as done (`finish_ratings`); from then on
their ratings are sealed, so nobody's view is anchored by another's. The director of the Cité
(and, for reading, the label authority) sees every rating, the spread of each item (lowest
to highest level, `divergent` when two ratings are two levels or more apart) and the remarks,
and sets the consensus: the item's answer, saved through `responses.save_answer` like any
answer (so it is what is scored, synthesised and submitted), with its rationale. A Cité that
fills alone never touches this module.

Services commit their own work: pass a session without pending changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain.questionnaire import Item, ItemKind, Questionnaire
from cdm_quality.services import audit, responses
from cdm_quality.services.errors import (
    AccessDenied,
    InvalidState,
    InvalidValue,
    NotFound,
    storage_guard,
)
from cdm_quality.services.people import users
from cdm_quality.services.people.access import Actor, Permission, acting, allowed, require, scope
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import (
    Campaign,
    Cite,
    ItemConsensus,
    ItemRating,
    Response,
    ResponsePublic,
    Role,
    User,
    UserPublic,
    id_of,
    utcnow,
)

DIVERGENT = 2  # levels apart from which an item's ratings are flagged
MAX_RATIONALE = 4000


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class RatingView(_Frozen):
    """One member's rating of one item."""

    item_id: str
    user_id: int
    rated_by: str  # display name
    value: Any
    remark: str
    done: bool
    updated_at: dt.datetime


class ItemRatings(_Frozen):
    """What the actor may read of one item's ratings."""

    item_id: str
    ratings: list[RatingView]  # only the actor's own while `hidden`
    hidden: bool  # the others' ratings are kept from the actor (theirs are not done)
    lowest: Any = None  # the lowest and highest rated values (None when hidden or unrated)
    highest: Any = None
    divergent: bool = False  # ratings two levels or more apart
    rationale: str = ""  # the consensus's rationale, once set

    def own(self, user_id: int | None) -> RatingView | None:
        return next((r for r in self.ratings if r.user_id == user_id), None)


class TeamBoard(_Frozen):
    """The ratings of one response as the actor may read them."""

    response_id: int
    items: dict[str, ItemRatings]  # scored items only, in questionnaire order
    own_done: bool  # the actor marked their ratings done
    sees_all: bool  # the actor reads every member's ratings
    can_rate: bool  # the actor may still rate (member of the Cité, not done, not locked)
    can_set_consensus: bool
    participants: list[str]  # display names of the members who rated, by name
    # the first and last day the members rated (what the actor reads of it), and the day the
    # consensus was last set on an item (the 8.1.1 method dates the two steps)
    rated_on: tuple[dt.date, dt.date] | None = None
    agreed_on: dt.date | None = None

    @property
    def divergent(self) -> list[str]:
        return [item_id for item_id, item in self.items.items() if item.divergent]


# --- helpers --------------------------------------------------------------------------------


def rated_items(questionnaire: Questionnaire) -> list[Item]:
    """The items a team rates one by one: the scored ones (ratings and weighted yes/no)."""
    return [item for section in questionnaire.sections for item in section.items if item.scored]


def level_of(questionnaire: Questionnaire, item: Item, value: Any) -> int | None:
    """The position of a rated value on its item's scale (0 = lowest); None for not
    applicable or no answer."""
    if item.kind == ItemKind.yes_no:
        return int(value) if isinstance(value, bool) else None
    scale = questionnaire.scale(item.scale)
    if scale is None or not isinstance(value, str):
        return None
    ids = [level.id for level in scale.levels]
    return ids.index(value) if value in ids else None


def _check_campaign(actor: Actor, response: Response | ResponsePublic) -> None:
    """An assessor acts only in the campaign they were invited to."""
    if actor.role is Role.assessor and actor.campaign_id != response.campaign_id:
        raise AccessDenied("denied.campaign")


def _own_rows(session: Session, response_id: int, user_id: int | None) -> list[ItemRating]:
    if user_id is None:
        return []
    query = select(ItemRating).where(
        ItemRating.response_id == response_id, ItemRating.user_id == user_id
    )
    return list(session.exec(query.execution_options(populate_existing=True)).all())


def _is_done(rows: list[ItemRating]) -> bool:
    return bool(rows) and all(row.done for row in rows)


def _sees_all(actor: Actor, cite_id: int) -> bool:
    """The director of the Cité and every reader of all Cités (authority, admin)."""
    return allowed(actor, Permission.consensus, cite_id) or scope(actor, Permission.read) == "all"


# --- rating ---------------------------------------------------------------------------------


@storage_guard
@writes
@acting
def rate(
    session: Session,
    actor: Actor,
    *,
    response_id: int,
    item_id: str,
    value: Any,
    remark: str | None = "",
) -> RatingView:
    """Store the actor's own rating of one scored item (None clears the value), with a
    remark. Refused once the actor marked their ratings done, or the response is locked."""
    if actor.id is None:
        raise AccessDenied("denied.rate")
    response, questionnaire, item = responses.open_item(
        session, actor, response_id=response_id, item_id=item_id, permission=Permission.rate
    )
    _check_campaign(actor, response)
    if not item.scored:
        raise InvalidValue("rating.not_scored", item_id=item_id)
    try:
        cleaned = domain_answers.validate_value(questionnaire, item, value)
        note = domain_answers.clean_text(
            remark or "", item_id=item_id, max_length=domain_answers.MAX_REMARK, what="remark"
        )
    except domain_answers.AnswerError as exc:
        raise InvalidValue(exc.code, item_id=item_id, **exc.params) from None
    own = _own_rows(session, id_of(response), actor.id)
    if _is_done(own):
        raise InvalidState("rating.done")
    row = next((r for r in own if r.item_id == item_id), None)
    now = utcnow()
    if row is None:
        row = ItemRating(response_id=id_of(response), item_id=item_id, user_id=actor.id)
    row.value, row.remark, row.updated_at = cleaned, note, now
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        action="rate",
        entity="item_rating",
        entity_id=row.id,
        after={"item_id": item_id, "value": cleaned},
    )
    session.commit()
    return _view(row, actor.name)


@storage_guard
@writes
@acting
def finish_ratings(session: Session, actor: Actor, *, response_id: int) -> int:
    """Mark the actor's ratings of a response done: they read the others' from now on, and
    theirs can no longer change. Returns how many ratings were marked."""
    response = responses.readable_response(session, actor, response_id=response_id)
    require(actor, Permission.rate, response.cite_id)
    _check_campaign(actor, response)
    own = _own_rows(session, response_id, actor.id)
    if not own:
        raise InvalidState("rating.none_to_finish")
    if _is_done(own):
        return len(own)
    now = utcnow()
    for row in own:
        row.done, row.updated_at = True, now
        session.add(row)
    audit.record(session, actor, action="ratings_done", entity="response", entity_id=response_id)
    session.commit()
    return len(own)


# --- reading --------------------------------------------------------------------------------


def team_board(session: Session, actor: Actor, *, response_id: int) -> TeamBoard:
    """Every scored item's ratings, as far as the actor may read them (see the module)."""
    response = responses.readable_response(session, actor, response_id=response_id)
    _check_campaign(actor, response)
    questionnaire = responses.frozen_of(session, response)
    rows = list(
        session.exec(
            select(ItemRating)
            .where(ItemRating.response_id == response_id)
            .order_by(col(ItemRating.id))
        ).all()
    )
    own = [row for row in rows if row.user_id == actor.id]
    own_done = _is_done(own)
    sees_all = _sees_all(actor, response.cite_id) or own_done
    readable = rows if sees_all else own
    names = audit.display_names(session, {row.user_id for row in readable})
    agreed = session.exec(
        select(ItemConsensus.item_id, ItemConsensus.rationale, ItemConsensus.set_at).where(
            ItemConsensus.response_id == response_id
        )
    ).all()
    rationales = {item_id: rationale for item_id, rationale, _ in agreed}
    items: dict[str, ItemRatings] = {}
    for item in rated_items(questionnaire):
        views = [_view(r, names.get(r.user_id, "")) for r in readable if r.item_id == item.id]
        items[item.id] = _item_ratings(
            questionnaire, item, views, hidden=not sees_all, rationale=rationales.get(item.id, "")
        )
    locked = responses.is_locked(session, response_id)
    return TeamBoard(
        response_id=response_id,
        items=items,
        own_done=own_done,
        sees_all=sees_all,
        can_rate=allowed(actor, Permission.rate, response.cite_id)
        and actor.id is not None
        and not own_done
        and not locked,
        can_set_consensus=allowed(actor, Permission.consensus, response.cite_id) and not locked,
        participants=sorted(set(names.values())) if sees_all else [],
        rated_on=_rating_days(readable) if sees_all else None,
        agreed_on=max((at.date() for _, _, at in agreed), default=None),
    )


def _rating_days(rows: list[ItemRating]) -> tuple[dt.date, dt.date] | None:
    """The first and the last day of the members' own ratings."""
    if not rows:
        return None
    return min(r.created_at for r in rows).date(), max(r.updated_at for r in rows).date()


def _item_ratings(
    questionnaire: Questionnaire,
    item: Item,
    views: list[RatingView],
    *,
    hidden: bool,
    rationale: str,
) -> ItemRatings:
    if hidden:
        return ItemRatings(item_id=item.id, ratings=views, hidden=True, rationale=rationale)
    placed = _placed(questionnaire, item, [view.value for view in views])
    if not placed:
        return ItemRatings(item_id=item.id, ratings=views, hidden=False, rationale=rationale)
    low, high = min(placed, key=lambda p: p[0]), max(placed, key=lambda p: p[0])
    return ItemRatings(
        item_id=item.id,
        ratings=views,
        hidden=False,
        lowest=low[1],
        highest=high[1],
        divergent=high[0] - low[0] >= DIVERGENT,
        rationale=rationale,
    )


def _placed(questionnaire: Questionnaire, item: Item, values: list[Any]) -> list[tuple[int, Any]]:
    """(level, value) of each rated value that sits on the item's scale."""
    return [
        (level, value)
        for value in values
        if (level := level_of(questionnaire, item, value)) is not None
    ]


def _view(row: ItemRating, name: str) -> RatingView:
    return RatingView(
        item_id=row.item_id,
        user_id=row.user_id,
        rated_by=name,
        value=row.value,
        remark=row.remark,
        done=row.done,
        updated_at=row.updated_at,
    )


# --- consensus ------------------------------------------------------------------------------


def set_consensus(
    session: Session,
    actor: Actor,
    *,
    response_id: int,
    item_id: str,
    value: Any,
    rationale: str = "",
    expected_version: int | None = None,
) -> responses.SavedAnswer:
    """The director gives the item its answer after the team's ratings, with the rationale.

    The answer is saved as every answer is (`responses.save_answer`: versions, conflicts,
    history), so it is what is scored, synthesised and submitted; the rationale is kept
    beside it; after ratings two levels apart or more it is required. Raises as `save_answer`,
    and AccessDenied for anyone but the Cité's director."""
    response = responses.readable_response(session, actor, response_id=response_id)
    require(actor, Permission.consensus, response.cite_id)
    text = " ".join((rationale or "").split())
    if len(text) > MAX_RATIONALE:
        raise InvalidValue("consensus.too_long", max=MAX_RATIONALE)
    if not text and _divergent(session, response, item_id):
        raise InvalidValue("consensus.rationale_required", item_id=item_id)
    session.rollback()  # end the read transaction before the save's write
    saved = responses.save_answer(
        session,
        actor,
        response_id=response_id,
        item_id=item_id,
        value=value,
        expected_version=expected_version,
    )
    _store_rationale(session, actor, response_id=response_id, item_id=item_id, text=text)
    return saved


def _divergent(session: Session, response: ResponsePublic, item_id: str) -> bool:
    """Whether the team's ratings of the item lie two levels apart or more."""
    questionnaire = responses.frozen_of(session, response)
    item = questionnaire.item(item_id)
    if item is None:
        return False
    values = session.exec(
        select(ItemRating.value).where(
            ItemRating.response_id == response.id, ItemRating.item_id == item_id
        )
    ).all()
    levels = [p[0] for p in _placed(questionnaire, item, list(values))]
    return bool(levels) and max(levels) - min(levels) >= DIVERGENT


@storage_guard
@writes
@acting
def _store_rationale(
    session: Session, actor: Actor, *, response_id: int, item_id: str, text: str
) -> None:
    row = session.exec(
        select(ItemConsensus).where(
            ItemConsensus.response_id == response_id, ItemConsensus.item_id == item_id
        )
    ).first()
    if row is None:
        row = ItemConsensus(response_id=response_id, item_id=item_id)
    row.rationale, row.set_at, row.set_by_id = text, utcnow(), actor.id
    session.add(row)
    audit.record(
        session,
        actor,
        action="consensus",
        entity="response",
        entity_id=response_id,
        after={"item_id": item_id, "rationale": text},
    )
    session.commit()


# --- the team -------------------------------------------------------------------------------


@acting
def invite_assessor(
    session: Session,
    actor: Actor,
    *,
    campaign_id: int,
    login: str,
    name: str,
    password: str,
    email: str | None = None,
) -> UserPublic:
    """The director creates an assessor account: it rates in this campaign, in the director's
    Cité, and nothing else (see `services.people.access`)."""
    require(actor, Permission.consensus, actor.cite_id)
    if session.get(Campaign, campaign_id) is None or session.get(Cite, actor.cite_id) is None:
        raise NotFound("campaign.not_found")
    return users.create_account(
        session,
        actor,
        login=login,
        name=name,
        password=password,
        role=Role.assessor,
        cite_id=actor.cite_id,
        campaign_id=campaign_id,
        email=email,
    )


def team_members(session: Session, actor: Actor) -> list[UserPublic]:
    """The accounts of the actor's Cité (director, contributors, assessors), by name."""
    require(actor, Permission.consensus, actor.cite_id)
    rows = session.exec(
        select(User).where(User.cite_id == actor.cite_id).order_by(col(User.name))
    ).all()
    return [UserPublic.model_validate(row) for row in rows]
