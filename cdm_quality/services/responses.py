"""Filling in a questionnaire: start, save answers, submit, reopen, progress and views.

Saving never overwrites silently: every answer row carries a version (1, 2, …). A save with
`expected_version` (0 = "I saw no answer") that no longer matches raises ConflictError
naming who changed the answer and when. Each save is its own committed transaction: it
locks the answer row, and the update is still conditional (`WHERE version = old`); a lost
race (two first saves inserting at once) is retried, so two concurrent writers never both
win. Every saved version is also appended to AnswerHistory.

Services commit their own work: pass a session without pending changes.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import update
from sqlmodel import Session, col, select

from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain.questionnaire import Item, Questionnaire, Text
from cdm_quality.services import audit
from cdm_quality.services.access import (
    Actor,
    Permission,
    acting,
    allowed,
    readable_cite_ids,
    require,
)
from cdm_quality.services.aggregates import cache_submitted
from cdm_quality.services.campaigns import (
    campaign_public,
    get_campaign,
    visible_campaign,
)
from cdm_quality.services.cites import cite_public, is_open_on
from cdm_quality.services.errors import (
    ConflictError,
    InvalidState,
    InvalidValue,
    MissingRequired,
    NotFound,
    ResponseLocked,
    ServiceError,
    storage_guard,
)
from cdm_quality.services.frozen import frozen_by_hash, frozen_questionnaire
from cdm_quality.storage.engine import added, begin_write, inserted_unless_there, writes
from cdm_quality.storage.tables import (
    Answer,
    AnswerHistory,
    Campaign,
    CampaignPublic,
    CampaignQuestionnaire,
    CampaignState,
    Cite,
    CitePublic,
    ItemRating,
    Response,
    ResponseState,
    id_of,
    utcnow,
)
from cdm_quality.storage.tables import ResponsePublic as ResponsePublic  # re-exported for ui/

MAX_REASON = 2000  # characters of a reopening reason

MAX_ATTEMPTS = 20


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()
"""Default of save_answer's value/remark/evidence: leave that part as it is."""


# --- public result models -----------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class SavedAnswer(_Frozen):
    """What a save acknowledges: the answer now stored (normalised), its version, when and by
    whom; `view()` is that answer as `response_view` would read it back."""

    item_id: str
    version: int
    saved_at: dt.datetime
    saved_by: str  # display name
    value: Any = None
    remark: str = ""
    evidence: str = ""
    saved_by_id: int | None = None

    def view(self) -> AnswerView:
        return AnswerView(**self.model_dump())


class AnswerView(_Frozen):
    """The current answer to one item."""

    item_id: str
    value: Any
    remark: str
    evidence: str
    version: int
    saved_at: dt.datetime
    saved_by: str  # display name
    saved_by_id: int | None


class SectionProgress(_Frozen):
    """Answers in one section, counting only items visible to the Cité."""

    section_id: str
    title: Text
    required_answered: int
    required_total: int
    answered: int
    visible: int

    @property
    def complete(self) -> bool:
        return self.required_answered == self.required_total

    @property
    def ratio(self) -> float:
        """Answered over asked (`domain.answers.share_answered`)."""
        return domain_answers.share_answered(self.answered, self.visible)


class Progress(_Frozen):
    """Per-section and overall counts; `ratio` is answered over asked."""

    sections: list[SectionProgress]
    required_answered: int
    required_total: int
    answered: int
    visible: int

    @property
    def ratio(self) -> float:
        return domain_answers.share_answered(self.answered, self.visible)


class ResponseView(_Frozen):
    """Everything a page needs to show or fill one response."""

    response: ResponsePublic
    cite: CitePublic
    campaign: CampaignPublic
    questionnaire: Questionnaire
    answers: dict[str, AnswerView]
    locked: bool  # saving would raise ResponseLocked
    can_fill: bool  # the actor may save answers (when not locked)
    can_submit: bool
    can_reopen: bool
    # Scored items whose answer an invited assessor does not read before marking their own
    # ratings done (blind rating): left out of `answers`.
    withheld: frozenset[str] = frozenset()

    def values(self) -> dict[str, Any]:
        """Item id → stored value, the mapping the domain functions take."""
        return {item_id: a.value for item_id, a in self.answers.items()}

    def version(self, item_id: str) -> int:
        """The version to pass as expected_version (0 when not answered yet)."""
        answer = self.answers.get(item_id)
        return 0 if answer is None else answer.version


class PreviousAnswers(_Frozen):
    """The same Cité's answers to the same questionnaire in an earlier campaign."""

    campaign: CampaignPublic
    response: ResponsePublic
    questionnaire: Questionnaire  # as frozen for that campaign (items may differ)
    answers: dict[str, AnswerView]


# --- loading helpers ----------------------------------------------------------------------


def _response(session: Session, response_id: int, *, lock: str | None = None) -> Response:
    query = select(Response).where(Response.id == response_id)
    if lock:
        query = query.with_for_update(read=lock == "share")
    response = session.exec(query.execution_options(populate_existing=True)).first()
    if response is None:
        raise NotFound("response.not_found")
    return response


def _public(session: Session, response: Response) -> ResponsePublic:
    names = audit.display_names(session, {response.submitted_by_id, response.reopened_by_id})
    return ResponsePublic.model_validate(
        response,
        update={
            "submitted_by": names.get(response.submitted_by_id or -1),
            "reopened_by": names.get(response.reopened_by_id or -1),
        },
    )


def _questionnaire(session: Session, response: Response) -> Questionnaire:
    return frozen_questionnaire(
        session, campaign_id=response.campaign_id, questionnaire_id=response.questionnaire_id
    )


def _is_locked(session: Session, response: Response) -> bool:
    if response.state is ResponseState.submitted:
        return True
    if response.state is ResponseState.reopened:
        return False
    campaign = session.get(Campaign, response.campaign_id)
    return campaign is None or campaign.state is not CampaignState.open


def is_locked(session: Session, response_id: int) -> bool:
    """Whether saving to this response would raise ResponseLocked (submitted, or closed)."""
    return _is_locked(session, _response(session, response_id))


def writable_item(
    session: Session, actor: Actor, *, response_id: int, item_id: str
) -> tuple[Response, Item]:
    """The response (row locked) and its item, for a service that changes what the Cité gives
    for that item: the actor fills this Cité, the response is not locked, the item is asked."""
    response, _, item = open_item(
        session, actor, response_id=response_id, item_id=item_id, permission=Permission.fill
    )
    return response, item


def open_item(
    session: Session, actor: Actor, *, response_id: int, item_id: str, permission: Permission
) -> tuple[Response, Questionnaire, Item]:
    """The response (row locked), its questionnaire and the item, when the actor holds
    `permission` on the Cité, the response is not locked and the item is asked of it."""
    response = _response(session, response_id, lock="update")
    require(actor, permission, response.cite_id)
    if _is_locked(session, response):
        raise _locked(response)
    questionnaire = _questionnaire(session, response)
    item = questionnaire.item(item_id)
    if item is None:
        raise NotFound("response.no_item")
    _clean_changes(questionnaire, item, response, UNCHANGED, UNCHANGED, UNCHANGED)
    return response, questionnaire, item


def frozen_of(session: Session, response: ResponsePublic | Response) -> Questionnaire:
    """The questionnaire of a response, as frozen for its campaign."""
    return frozen_questionnaire(
        session, campaign_id=response.campaign_id, questionnaire_id=response.questionnaire_id
    )


def readable_response(session: Session, actor: Actor, *, response_id: int) -> ResponsePublic:
    """A response the actor may read (AccessDenied otherwise)."""
    return _public(session, _readable(session, actor, response_id))


def _readable(session: Session, actor: Actor, response_id: int) -> Response:
    """A response of a Cité the actor may read, in a campaign that exists for the actor
    (`visible_campaign`: not a draft, an assessor's own campaign); AccessDenied or NotFound."""
    response = _response(session, response_id)
    require(actor, Permission.read, response.cite_id)
    visible_campaign(session, actor, campaign_id=response.campaign_id)
    return response


def _current_answers(session: Session, response_id: int) -> list[Answer]:
    query = select(Answer).where(Answer.response_id == response_id)
    return list(session.exec(query.execution_options(populate_existing=True)).all())


def _values(session: Session, response_id: int) -> dict[str, Any]:
    rows = session.exec(
        select(Answer.item_id, Answer.value).where(Answer.response_id == response_id)
    ).all()
    return dict(rows)


def _view(row: Answer, names: dict[int, str]) -> AnswerView:
    return AnswerView(
        item_id=row.item_id,
        value=row.value,
        remark=row.remark,
        evidence=row.evidence,
        version=row.version,
        saved_at=row.saved_at,
        saved_by=names.get(row.saved_by_id or -1, audit.COMMAND_LINE),
        saved_by_id=row.saved_by_id,
    )


def _answer_views(session: Session, rows: list[Answer]) -> dict[str, AnswerView]:
    names = audit.display_names(session, {a.saved_by_id for a in rows})
    return {a.item_id: _view(a, names) for a in rows}


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
    return session.exec(
        select(Response).where(
            Response.cite_id == cite_id,
            Response.campaign_id == campaign_id,
            Response.questionnaire_id == questionnaire_id,
        )
    ).first()


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


# --- progress -----------------------------------------------------------------------------


def compute_progress(
    questionnaire: Questionnaire, values: dict[str, Any], phase: str, opened: bool = False
) -> Progress:
    """Counts per section of visible items: required answered / total, answered / visible."""
    sections = []
    for section in questionnaire.sections:
        visible = [
            i
            for i in section.items
            if domain_answers.is_visible(questionnaire, i, values, phase, opened)
        ]
        if not visible:
            continue
        answered = [i for i in visible if domain_answers.is_answered(values.get(i.id))]
        sections.append(
            SectionProgress(
                section_id=section.id,
                title=section.title,
                required_answered=sum(1 for i in answered if i.required),
                required_total=sum(1 for i in visible if i.required),
                answered=len(answered),
                visible=len(visible),
            )
        )
    return Progress(
        sections=sections,
        required_answered=sum(s.required_answered for s in sections),
        required_total=sum(s.required_total for s in sections),
        answered=sum(s.answered for s in sections),
        visible=sum(s.visible for s in sections),
    )


def progress(session: Session, actor: Actor, *, response_id: int) -> Progress:
    """Progress of one response, per section and overall."""
    response = _readable(session, actor, response_id)
    return compute_progress(
        _questionnaire(session, response),
        _values(session, id_of(response)),
        response.phase,
        response.opened,
    )


# --- saving -------------------------------------------------------------------------------


class _LostRace(Exception):
    """Another transaction changed the row between our read and our write: try again."""


@storage_guard
@writes
@acting
def save_answer(
    session: Session,
    actor: Actor,
    *,
    response_id: int,
    item_id: str,
    value: Any = UNCHANGED,
    remark: str | None = UNCHANGED,
    evidence: str | None = UNCHANGED,
    expected_version: int | None = None,
) -> SavedAnswer:
    """Validate and store one answer; return the version now stored.

    value: the answer (shapes in `cdm_quality.domain.answers`); None clears it.
    remark / evidence: text, None or "" clears; UNCHANGED (default) keeps what is stored.
    expected_version: the version the user started from (0 = no answer yet); if someone
    saved since, ConflictError (nothing is written). None = last writer wins.
    Raises AccessDenied, NotFound, InvalidValue, ResponseLocked, ConflictError.
    Committed when it returns.
    """
    target = _save_target(session, response_id)
    require(actor, Permission.fill, target.response.cite_id)
    questionnaire = frozen_by_hash(session, sha256=target.sha256)
    item = questionnaire.item(item_id)
    if item is None:
        raise NotFound("response.no_item")
    changes = _clean_changes(questionnaire, item, target.response, value, remark, evidence)
    if domain_answers.is_unchanged(changes.get("value")):
        changes["value"] = _carried(session, target.response, item, changes["value"])
    for attempt in range(MAX_ATTEMPTS):
        try:
            saved = _save_once(session, actor, target, item_id, changes, expected_version)
            session.commit()
            return saved
        except _LostRace:
            session.rollback()
            time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 (jitter only)
            begin_write(session)
            target = _save_target(session, response_id)
    raise ServiceError("storage.busy")


@dataclass(frozen=True)
class _SaveTarget:
    response: Response
    campaign_open: bool
    sha256: str  # of the campaign's frozen questionnaire

    def locked(self) -> bool:
        """As `_is_locked`, from what the one query read."""
        if self.response.state is ResponseState.submitted:
            return True
        return self.response.state is not ResponseState.reopened and not self.campaign_open


def _save_target(session: Session, response_id: int) -> _SaveTarget:
    """The response, its campaign's state and its questionnaire's hash in one query. The
    response row is share-locked (PostgreSQL): saves run side by side, submit waits for them."""
    found = session.exec(
        select(Response, Campaign.state, CampaignQuestionnaire.sha256)
        .join(Campaign, col(Campaign.id) == Response.campaign_id)
        .join(
            CampaignQuestionnaire,
            (col(CampaignQuestionnaire.campaign_id) == Response.campaign_id)
            & (col(CampaignQuestionnaire.questionnaire_id) == Response.questionnaire_id),
        )
        .where(Response.id == response_id)
        .with_for_update(read=True, of=Response)
        .execution_options(populate_existing=True)
    ).first()
    if found is None:
        raise NotFound("response.not_found")
    response, state, sha256 = found
    return _SaveTarget(response, state is CampaignState.open, sha256)


def _clean_changes(
    questionnaire: Questionnaire,
    item: Item,
    response: Response,
    value: Any,
    remark: Any,
    evidence: Any,
) -> dict[str, Any]:
    section = questionnaire.section_of(item.id)
    phase, opened = response.phase, response.opened
    if not item.applies_to(phase, opened) or (
        section is not None and not section.applies_to(phase, opened)
    ):
        raise InvalidValue("answer.not_in_phase", item_id=item.id, phase=phase)
    try:
        changes: dict[str, Any] = {}
        if value is not UNCHANGED:
            changes["value"] = domain_answers.validate_value(questionnaire, item, value)
            domain_answers.check_unchanged(item, changes["value"], phase)
        if remark is not UNCHANGED:
            changes["remark"] = _clean_note(item, remark, "remark", domain_answers.MAX_REMARK)
        if evidence is not UNCHANGED:
            changes["evidence"] = _clean_note(
                item, evidence, "evidence", domain_answers.MAX_EVIDENCE
            )
    except domain_answers.AnswerError as exc:
        raise InvalidValue(exc.code, item_id=item.id, **exc.params) from None
    return changes


def _carried(session: Session, response: Response, item: Item, value: dict[str, Any]) -> Any:
    """ "Unchanged since the last file" holds the earlier file's text (and rows), dated when it
    was written: refused when there is no earlier text or when the text was changed; the
    date sent (the writer's local date) is kept when it is within a day of the stored time."""
    before = _earlier_answer(session, response, item.id)
    carried = (
        domain_answers.carried_forward(before.value, before.saved_at.date()) if before else None
    )
    if carried is None:
        raise InvalidValue("answer.unchanged_no_previous", item_id=item.id)
    if not domain_answers.same_content(value, carried):
        raise InvalidValue("answer.unchanged_edited", item_id=item.id)
    sent = value.get("since")
    if sent and before is not None and not before.value.get("since"):
        day = dt.date.fromisoformat(sent)
        if abs((day - before.saved_at.date()).days) <= 1:
            carried["since"] = sent
    return carried


def _earlier_answer(session: Session, response: Response, item_id: str) -> Answer | None:
    """The same Cité's answer to the item in its latest earlier campaign's response."""
    this_year = session.get_one(Campaign, response.campaign_id).year
    return session.exec(
        select(Answer)
        .join(Response, col(Response.id) == col(Answer.response_id))
        .join(Campaign, col(Campaign.id) == col(Response.campaign_id))
        .where(
            Response.cite_id == response.cite_id,
            Response.questionnaire_id == response.questionnaire_id,
            col(Campaign.year) < this_year,
            Answer.item_id == item_id,
        )
        .order_by(col(Campaign.year).desc())
    ).first()


def _clean_note(item: Item, text: str | None, what: str, max_length: int) -> str:
    cleaned = domain_answers.clean_text(
        text or "", item_id=item.id, max_length=max_length, what=what
    )
    if cleaned.strip() and not getattr(item, what):
        if what == "remark":
            raise domain_answers.AnswerError(item.id, "answer.no_remark")
        raise domain_answers.AnswerError(item.id, "answer.no_evidence")
    return cleaned


def _save_once(
    session: Session,
    actor: Actor,
    target: _SaveTarget,
    item_id: str,
    changes: dict[str, Any],
    expected_version: int | None,
) -> SavedAnswer:
    response_id = id_of(target.response)
    if target.locked():
        raise _locked(target.response)
    # Writers of one answer queue on its row lock (PostgreSQL; SQLite's BEGIN IMMEDIATE
    # already serialises), so a busy answer does not send every writer round the retry loop.
    current = session.exec(
        select(Answer)
        .where(Answer.response_id == response_id, Answer.item_id == item_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if current is not None and _unchanged(current, changes):
        return _saved(session, current)
    _check_expected(session, current, expected_version)
    if current is None:
        return _insert(session, actor, response_id, item_id, changes)
    return _update(session, actor, current, changes)


def _locked(response: Response) -> ResponseLocked:
    if response.state is ResponseState.submitted:
        return ResponseLocked("response.submitted")
    return ResponseLocked("response.campaign_closed")


def _unchanged(current: Answer, changes: dict[str, Any]) -> bool:
    return all(getattr(current, key) == value for key, value in changes.items())


def _check_expected(session: Session, current: Answer | None, expected: int | None) -> None:
    if expected is None:
        return
    found = 0 if current is None else current.version
    if found == expected:
        return
    if current is None:
        raise InvalidValue("answer.no_version", version=expected)
    raise ConflictError(
        item_id=current.item_id,
        value=current.value,
        remark=current.remark,
        evidence=current.evidence,
        version=current.version,
        changed_by=audit.display_name(session, current.saved_by_id),
        changed_at=current.saved_at,
    )


def _insert(
    session: Session, actor: Actor, response_id: int, item_id: str, changes: dict[str, Any]
) -> SavedAnswer:
    answer = Answer(
        response_id=response_id,
        item_id=item_id,
        version=1,
        saved_by_id=actor.id,
        saved_at=utcnow(),
        **changes,
    )
    if not inserted_unless_there(session, answer, unique=("response_id", "item_id")):
        raise _LostRace()  # another writer inserted the first version just now
    return _record_history(session, actor, answer)


def _update(
    session: Session, actor: Actor, current: Answer, changes: dict[str, Any]
) -> SavedAnswer:
    new = {"version": current.version + 1, "saved_at": utcnow(), "saved_by_id": actor.id}
    new |= changes
    result = session.execute(
        update(Answer)
        .where(col(Answer.id) == current.id, col(Answer.version) == current.version)
        .values(**new)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        raise _LostRace()
    for key, value in new.items():
        setattr(current, key, value)
    return _record_history(session, actor, current)


_HISTORY_FIELDS = (
    "response_id",
    "item_id",
    "version",
    "value",
    "remark",
    "evidence",
    "saved_at",
    "saved_by_id",
)


def _record_history(session: Session, actor: Actor, answer: Answer) -> SavedAnswer:
    session.add(AnswerHistory(**{name: getattr(answer, name) for name in _HISTORY_FIELDS}))
    session.flush()
    return _acknowledged(answer, actor.name)


def _saved(session: Session, answer: Answer) -> SavedAnswer:
    return _acknowledged(answer, audit.display_name(session, answer.saved_by_id))


def _acknowledged(answer: Answer, saved_by: str) -> SavedAnswer:
    return SavedAnswer(
        item_id=answer.item_id,
        version=answer.version,
        saved_at=answer.saved_at,
        saved_by=saved_by,
        value=answer.value,
        remark=answer.remark,
        evidence=answer.evidence,
        saved_by_id=answer.saved_by_id,
    )


# --- submit and reopen --------------------------------------------------------------------


@storage_guard
@writes
@acting
def submit_response(session: Session, actor: Actor, *, response_id: int) -> ResponsePublic:
    """Submit: refused with MissingRequired while required visible items lack an answer;
    otherwise the response is locked (state submitted, who and when kept) and its section
    scores are stored in the score cache, so that no comparison pays for them."""
    response = _response(session, response_id, lock="update")
    require(actor, Permission.submit, response.cite_id)
    if _is_locked(session, response):
        raise _locked(response)
    questionnaire = _questionnaire(session, response)
    missing = domain_answers.missing_required(
        questionnaire, _values(session, id_of(response)), response.phase, response.opened
    )
    if missing:
        raise MissingRequired([item.id for item in missing])
    submitted = _change_state(session, actor, response, ResponseState.submitted, note="")
    cache_submitted(session, campaign_id=submitted.campaign_id, response_id=submitted.id)
    return submitted


@storage_guard
@writes
@acting
def reopen_response(
    session: Session, actor: Actor, *, response_id: int, reason: str
) -> ResponsePublic:
    """Reopen a submitted response (label authority): it can be changed and submitted again.

    The reason is required: the Cité reads it on its overview and questionnaire, and the
    history keeps it (audit)."""
    response = _response(session, response_id, lock="update")
    require(actor, Permission.reopen, response.cite_id)
    if response.state is not ResponseState.submitted:
        raise InvalidState("response.not_submitted")
    note = " ".join(reason.split())[:MAX_REASON]
    if not note:
        raise InvalidValue("response.reason_required")
    response.reopen_reason = note
    return _change_state(session, actor, response, ResponseState.reopened, note=note)


def _change_state(
    session: Session, actor: Actor, response: Response, state: ResponseState, *, note: str
) -> ResponsePublic:
    before = response.state.value
    now = utcnow()
    response.state = state
    if state is ResponseState.submitted:
        response.submitted_at, response.submitted_by_id = now, actor.id
    else:
        response.reopened_at, response.reopened_by_id = now, actor.id
    session.add(response)
    audit.record(
        session,
        actor,
        action=state.value,
        entity="response",
        entity_id=response.id,
        before={"state": before},
        after={"state": state.value, "note": note},
    )
    session.commit()
    return _public(session, response)


def readable_response_ids(session: Session, actor: Actor, *, campaign_id: int) -> list[int]:
    """Ids of the campaign's responses the actor may read (for exports and comparisons)."""
    visible_campaign(session, actor, campaign_id=campaign_id)
    query = select(Response).where(Response.campaign_id == campaign_id)
    cite_ids = readable_cite_ids(actor)
    if cite_ids is not None:
        query = query.where(col(Response.cite_id).in_(cite_ids))
    return [id_of(row) for row in session.exec(query.order_by(col(Response.id))).all()]
