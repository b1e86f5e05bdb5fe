"""What filling in shares: the result models, reading a response as the actor may, the
answers as stored, the locks (see the package)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, select

from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain.questionnaire import Item, Questionnaire, Text
from cdm_quality.services import audit
from cdm_quality.services.errors import (
    InvalidValue,
    NotFound,
    ResponseLocked,
)
from cdm_quality.services.network.campaigns import (
    visible_campaign,
)
from cdm_quality.services.people.access import (
    Actor,
    Permission,
    require,
)
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.storage.engine import kept_for_the_transaction
from cdm_quality.storage.tables import (
    Answer,
    Campaign,
    CampaignPublic,
    CampaignState,
    CitePublic,
    Response,
    ResponsePublic,
    ResponseState,
)

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
    language: str | None = None  # the language its words were written in

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
    language: str | None = None  # the language its words were written in (None: the Cité's)


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
    """The response as stored now; read once per transaction unless locked (a page's services
    each ask for it: the answers, the evidence, the team's ratings, the lock state)."""
    if lock:
        response = _read_response(session, response_id, lock)
    else:
        response = kept_for_the_transaction(
            session, (Response, response_id), lambda: _read_response(session, response_id, None)
        )
    if response is None:
        raise NotFound("response.not_found")
    return response


def _read_response(session: Session, response_id: int, lock: str | None) -> Response | None:
    query = select(Response).where(Response.id == response_id)
    if lock:
        query = query.with_for_update(read=lock == "share")
    return session.exec(query.execution_options(populate_existing=True)).first()


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
        language=row.language,
    )


def _answer_views(session: Session, rows: list[Answer]) -> dict[str, AnswerView]:
    names = audit.display_names(session, {a.saved_by_id for a in rows})
    return {a.item_id: _view(a, names) for a in rows}


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


def _clean_note(item: Item, text: str | None, what: str, max_length: int) -> str:
    cleaned = domain_answers.clean_text(
        text or "", item_id=item.id, max_length=max_length, what=what
    )
    if cleaned.strip() and not getattr(item, what):
        if what == "remark":
            raise domain_answers.AnswerError(item.id, "answer.no_remark")
        raise domain_answers.AnswerError(item.id, "answer.no_evidence")
    return cleaned


def _locked(response: Response) -> ResponseLocked:
    if response.state is ResponseState.submitted:
        return ResponseLocked("response.submitted")
    return ResponseLocked("response.campaign_closed")
