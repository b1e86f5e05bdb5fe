"""The plan table: its edited and deleted rows checked, then saved all together or not at all."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from cdm_quality.domain import plan as domain_plan
from cdm_quality.domain.plan import ActionDraft, RowProblem
from cdm_quality.services.errors import InvalidValue, storage_guard
from cdm_quality.services.people.access import Actor, Permission, acting, require
from cdm_quality.services.plan.actions import (
    check_version,
    delete_action,
    insert_action,
    known_items,
    locked_action,
    require_editable,
    update_action,
)
from cdm_quality.services.plan.common import DeletedRow, EditedRow, TableSaved
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import ImprovementAction, utcnow


def check_rows(
    session: Session, actor: Actor, *, campaign_id: int, rows: Sequence[EditedRow]
) -> tuple[list[tuple[int, ActionDraft]], list[RowProblem]]:
    """Each row read by `check_action_rows` against the campaign's items, as (row number,
    draft); problems keep the row numbers the user sees. A new blank row is skipped; a stored
    one emptied is refused."""
    known = known_items(session, actor, campaign_id)
    drafts: list[tuple[int, ActionDraft]] = []
    problems: list[RowProblem] = []
    for row in rows:
        checked = domain_plan.check_action_rows([row.cells], known_items=known)
        problems += [p.model_copy(update={"row": row.row}) for p in checked.problems]
        drafts += [(row.row, d.model_copy(update={"id": row.id})) for d in checked.actions]
        if row.id is not None and checked.ok and not checked.actions:
            problems.append(RowProblem(row=row.row, field="title", code="title_empty"))
    return drafts, problems


def save_table(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    edited: Sequence[EditedRow] = (),
    deleted: Sequence[DeletedRow] = (),
) -> TableSaved:
    """Save the edits of the plan table: all of them, or none when a row has a problem
    (returned) or an action changed since the user loaded it (ActionConflict)."""
    require(actor, Permission.fill, cite_id)
    drafts, problems = check_rows(session, actor, campaign_id=campaign_id, rows=edited)
    if problems:
        return TableSaved(problems=problems)
    versions = {row.id: row.version for row in edited if row.id is not None}
    return _write_table(session, actor, cite_id, campaign_id, drafts, versions, deleted)


@storage_guard
@writes
@acting
def _write_table(
    session: Session,
    actor: Actor,
    cite_id: int,
    campaign_id: int,
    drafts: Sequence[tuple[int, ActionDraft]],
    versions: dict[int, int | None],
    deleted: Sequence[DeletedRow],
) -> TableSaved:
    require_editable(session, actor, cite_id, campaign_id)
    counts = {"created": 0, "updated": 0, "deleted": 0}
    stored: dict[int, tuple[int, int]] = {}
    for number, draft in drafts:
        if draft.id is None:
            row = insert_action(session, actor, cite_id, campaign_id, draft)
            counts["created"] += 1
        else:
            row = _own_row(session, int(draft.id), cite_id, campaign_id)
            check_version(session, row, versions.get(int(draft.id)))
            before = row.version
            counts["updated"] += update_action(session, actor, row, draft).version != before
        stored[number] = (int(row.id or 0), row.version)
    for gone in deleted:
        row = _own_row(session, gone.id, cite_id, campaign_id)
        check_version(session, row, gone.version)
        delete_action(session, actor, row)
        counts["deleted"] += 1
    session.commit()
    return TableSaved(saved_at=utcnow(), stored=stored, **counts)


def _own_row(session: Session, action_id: int, cite_id: int, campaign_id: int) -> ImprovementAction:
    row = locked_action(session, action_id)
    if row.cite_id != cite_id or row.campaign_id != campaign_id:
        raise InvalidValue("plan.not_in_plan")
    return row
