"""Saving one answer: versions, conflicts, history, retries of a lost race."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain import languages
from cdm_quality.domain.questionnaire import Item
from cdm_quality.services import audit
from cdm_quality.services.errors import (
    ConflictError,
    InvalidValue,
    NotFound,
    ServiceError,
    storage_guard,
)
from cdm_quality.services.people.access import (
    Actor,
    Permission,
    acting,
    require,
)
from cdm_quality.services.responses.common import (
    MAX_ATTEMPTS,
    UNCHANGED,
    SavedAnswer,
    _clean_changes,
    _locked,
)
from cdm_quality.services.scores.frozen import frozen_by_hash
from cdm_quality.storage.engine import begin_write, inserted_unless_there, writes
from cdm_quality.storage.tables import (
    Answer,
    AnswerHistory,
    Campaign,
    CampaignQuestionnaire,
    CampaignState,
    Cite,
    Response,
    ResponseState,
    id_of,
    table_of,
    utcnow,
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
    language: str  # the Cité's working language: what it writes now is in it

    def locked(self) -> bool:
        """As `_is_locked`, from what the one query read."""
        if self.response.state is ResponseState.submitted:
            return True
        return self.response.state is not ResponseState.reopened and not self.campaign_open


# A save's statements are built once: SQLAlchemy keeps the cache key of a statement object it
# sees again, where building them per save spent most of the save's CPU (~1 ms of 2.9) in
# construction and cache-key generation, inside SQLite's one writer turn.
_TARGET = (
    select(Response, Campaign.state, CampaignQuestionnaire.sha256, Cite.language)
    .join(Campaign, col(Campaign.id) == Response.campaign_id)
    .join(Cite, col(Cite.id) == Response.cite_id)
    .join(
        CampaignQuestionnaire,
        (col(CampaignQuestionnaire.campaign_id) == Response.campaign_id)
        & (col(CampaignQuestionnaire.questionnaire_id) == Response.questionnaire_id),
    )
    .where(col(Response.id) == bindparam("response_id"))
    .with_for_update(read=True, of=Response)
    .execution_options(populate_existing=True)
)


def _save_target(session: Session, response_id: int) -> _SaveTarget:
    """The response, its campaign's state and its questionnaire's hash in one query. The
    response row is share-locked (PostgreSQL): saves run side by side, submit waits for them."""
    found = session.exec(_TARGET, params={"response_id": response_id}).first()
    if found is None:
        raise NotFound("response.not_found")
    response, state, sha256, language = found
    return _SaveTarget(response, state is CampaignState.open, sha256, languages.chosen(language))


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


_CURRENT_ANSWER = (
    select(Answer)
    .where(
        col(Answer.response_id) == bindparam("response_id"),
        col(Answer.item_id) == bindparam("item_id"),
    )
    .with_for_update()
    .execution_options(populate_existing=True)
)


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
        _CURRENT_ANSWER, params={"response_id": response_id, "item_id": item_id}
    ).first()
    if current is not None and _unchanged(current, changes):
        return _saved(session, current)
    _check_expected(session, current, expected_version)
    written = changes | {"language": target.language}
    if current is None:
        return _insert(session, actor, response_id, item_id, written)
    return _update(session, actor, current, written)


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


# Core statements on the tables: no ORM bulk-update evaluation, no unit of work for the history
# row. The SET columns are the parameters' column names; the WHERE names are no column's.
_ANSWER_TABLE = table_of(Answer)
_UPDATE = update(_ANSWER_TABLE).where(
    _ANSWER_TABLE.c.id == bindparam("answer_id"),
    _ANSWER_TABLE.c.version == bindparam("read_version"),
)
_HISTORY_INSERT = insert(table_of(AnswerHistory))


def _update(
    session: Session, actor: Actor, current: Answer, changes: dict[str, Any]
) -> SavedAnswer:
    new = {"version": current.version + 1, "saved_at": utcnow(), "saved_by_id": actor.id}
    new |= changes
    result = session.execute(
        _UPDATE, new | {"answer_id": current.id, "read_version": current.version}
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        raise _LostRace()
    for key, value in new.items():  # what the row now holds, as if read back
        set_committed_value(current, key, value)
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
    "language",
)


def _record_history(session: Session, actor: Actor, answer: Answer) -> SavedAnswer:
    session.execute(_HISTORY_INSERT, {name: getattr(answer, name) for name in _HISTORY_FIELDS})
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
        language=answer.language,
    )
