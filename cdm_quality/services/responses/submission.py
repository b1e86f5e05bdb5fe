"""Submitting a response and reopening it."""

from __future__ import annotations

from sqlmodel import Session

from cdm_quality.domain import answers as domain_answers
from cdm_quality.services import audit
from cdm_quality.services.errors import (
    InvalidState,
    InvalidValue,
    MissingRequired,
    storage_guard,
)
from cdm_quality.services.people.access import (
    Actor,
    Permission,
    acting,
    require,
)
from cdm_quality.services.responses.common import (
    MAX_REASON,
    _is_locked,
    _locked,
    _public,
    _questionnaire,
    _response,
    _values,
)
from cdm_quality.services.scores.aggregates import cache_submitted
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import (
    Response,
    ResponsePublic,
    ResponseState,
    id_of,
    utcnow,
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
    before, response.state = response.state, state
    now = utcnow()
    if state is ResponseState.submitted:
        response.submitted_at, response.submitted_by_id = now, actor.id
    else:
        response.reopened_at, response.reopened_by_id = now, actor.id
    session.add(response)
    audit.record_state(
        session,
        actor,
        entity="response",
        entity_id=response.id,
        before=before,
        after=state,
        note=note,
    )
    session.commit()
    return _public(session, response)
