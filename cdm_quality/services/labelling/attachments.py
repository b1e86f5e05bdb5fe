"""Evidence attachments of a response's items: files (their bytes in the database, so every
app instance serves them) and links.

- Adding: the Cité's own people while the response can be changed, on an item it is asked.
  A file must pass `domain.attachments` (type sniffed from its content, at most 20 MB, a name
  without path parts) and keep the response within `settings.attachments_mb`; a refused file
  raises `AttachmentRefused` (its `code` names why) and stores nothing.
- Reading and downloading: whoever may read the response. Removing: the Cité's own people,
  while the response can be changed; the removal is audited with what was removed.
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from cdm_quality.domain import attachments as rules
from cdm_quality.services import audit
from cdm_quality.services.errors import InvalidValue, NotFound, storage_guard
from cdm_quality.services.people.access import Actor, acting
from cdm_quality.services.responses import readable_response, writable_item
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import writes
from cdm_quality.storage.tables import Attachment, AttachmentBlob, id_of
from cdm_quality.storage.tables import AttachmentPublic as AttachmentPublic

MB = 1024 * 1024
QUOTA = "quota"  # the one refusal decided here rather than by `domain.attachments`
CODES: tuple[str, ...] = tuple(f"attachment.{r}" for r in (*rules.REASONS, QUOTA))


class AttachmentRefused(InvalidValue):
    """A file or link refused; nothing was stored. Its code is `attachment.<reason>` (the
    reasons of `domain.attachments.Refused`, and `quota`); `reason` is that last part."""

    def __init__(self, reason: str, *, item_id: str | None = None, **params: Any) -> None:
        in_mb = {f"{k}_mb": _mb(v) for k, v in params.items() if k in ("size", "used", "limit")}
        super().__init__(f"attachment.{reason}", item_id=item_id, **params, **in_mb)
        self.reason = reason


def _mb(size: int) -> float:
    """Bytes as megabytes (worded with one decimal in the reader's notation, `error_texts`)."""
    return size / MB


class Download(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    media_type: str
    content: bytes


def quota_bytes() -> int:
    """The total size of the files one response may hold."""
    return get_settings().attachments_mb * MB


def list_attachments(
    session: Session, actor: Actor, *, response_id: int, item_id: str | None = None
) -> list[AttachmentPublic]:
    """The response's attachments (of one item if given), oldest first, without their bytes."""
    readable_response(session, actor, response_id=response_id)
    query = select(Attachment).where(Attachment.response_id == response_id)
    if item_id is not None:
        query = query.where(Attachment.item_id == item_id)
    rows = session.exec(query.order_by(col(Attachment.id))).all()
    names = audit.display_names(session, {r.created_by_id for r in rows})
    return [_public(row, names) for row in rows]


def _public(row: Attachment, names: dict[int, str]) -> AttachmentPublic:
    return AttachmentPublic.model_validate(
        row, update={"created_by": names.get(row.created_by_id or -1)}
    )


def used_bytes(session: Session, response_id: int) -> int:
    """Bytes of the files the response holds now."""
    total = session.exec(
        select(sa.func.coalesce(sa.func.sum(Attachment.size), 0)).where(
            Attachment.response_id == response_id
        )
    ).one()
    return int(total)


def add_file(
    session: Session, actor: Actor, *, response_id: int, item_id: str, name: str, content: bytes
) -> AttachmentPublic:
    """Attach a file to an item (AttachmentRefused, AccessDenied, ResponseLocked, NotFound).

    The file is judged before the write transaction opens: however long sniffing a hostile
    file takes, no other save waits for it."""
    try:
        name = rules.clean_name(name)
        media_type = rules.sniff(content, name)
    except rules.Refused as refused:
        raise AttachmentRefused(refused.code, item_id=item_id, **refused.params) from None
    return _add_sniffed(
        session,
        actor,
        response_id=response_id,
        item_id=item_id,
        name=name,
        media_type=media_type,
        content=content,
    )


@storage_guard
@writes
@acting
def _add_sniffed(
    session: Session,
    actor: Actor,
    *,
    response_id: int,
    item_id: str,
    name: str,
    media_type: str,
    content: bytes,
) -> AttachmentPublic:
    writable_item(session, actor, response_id=response_id, item_id=item_id)
    used, limit = used_bytes(session, response_id), quota_bytes()
    if used + len(content) > limit:
        raise AttachmentRefused(QUOTA, item_id=item_id, used=used, size=len(content), limit=limit)
    row = Attachment(
        response_id=response_id,
        item_id=item_id,
        name=name,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        created_by_id=actor.id,
    )
    return _store(session, actor, row, content)


@storage_guard
@writes
@acting
def add_link(
    session: Session, actor: Actor, *, response_id: int, item_id: str, url: str, name: str = ""
) -> AttachmentPublic:
    """Attach a link (http or https) to an item, named `name` or by its address."""
    writable_item(session, actor, response_id=response_id, item_id=item_id)
    try:
        url = rules.clean_url(url)
        name = rules.clean_name(name or url[:200].replace("/", "∕"))
    except rules.Refused as refused:
        raise AttachmentRefused(refused.code, item_id=item_id, **refused.params) from None
    row = Attachment(
        response_id=response_id,
        item_id=item_id,
        name=name,
        url=url,
        media_type=rules.LINK_TYPE,
        sha256=hashlib.sha256(url.encode("utf-8")).hexdigest(),
        created_by_id=actor.id,
    )
    return _store(session, actor, row, None)


def _store(
    session: Session, actor: Actor, row: Attachment, content: bytes | None
) -> AttachmentPublic:
    session.add(row)
    session.flush()
    if content is not None:
        session.add(AttachmentBlob(attachment_id=id_of(row), content=content))
    audit.record(
        session, actor, action="attach", entity="attachment", entity_id=row.id, after=_facts(row)
    )
    session.commit()
    return _public(row, {actor.id or -1: actor.name})


def _facts(row: Attachment) -> dict[str, Any]:
    """What the audit keeps of an attachment."""
    keys = ("response_id", "item_id", "name", "url", "media_type", "size", "sha256")
    return {key: getattr(row, key) for key in keys}


@storage_guard
@writes
@acting
def remove_attachment(session: Session, actor: Actor, *, attachment_id: int) -> None:
    """Remove an attachment (its bytes too); the audit keeps its name, size and sha256."""
    row = _attachment(session, attachment_id)
    writable_item(session, actor, response_id=row.response_id, item_id=row.item_id)
    audit.record(
        session,
        actor,
        action="remove",
        entity="attachment",
        entity_id=attachment_id,
        before=_facts(row),
    )
    blob = session.get(AttachmentBlob, attachment_id)
    if blob is not None:
        session.delete(blob)
        session.flush()
    session.delete(row)
    session.commit()


def download(session: Session, actor: Actor, *, attachment_id: int) -> Download:
    """The file's name, type and bytes, for whoever may read its response."""
    row = _attachment(session, attachment_id)
    readable_response(session, actor, response_id=row.response_id)
    blob = session.get(AttachmentBlob, attachment_id)
    if blob is None:
        raise NotFound("attachment.is_link")
    return Download(name=row.name, media_type=row.media_type, content=blob.content)


def _attachment(session: Session, attachment_id: int) -> Attachment:
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise NotFound("attachment.not_found")
    return row


def file_contents(
    session: Session, actor: Actor, *, response_id: int, limit_bytes: int
) -> dict[int, bytes]:
    """Attachment id → bytes of the response's files, oldest first, while their total stays
    within `limit_bytes` (a file that would pass it is left out, later smaller ones kept)."""
    readable_response(session, actor, response_id=response_id)
    sizes = session.exec(
        select(Attachment.id, Attachment.size)
        .where(Attachment.response_id == response_id, col(Attachment.url).is_(None))
        .order_by(col(Attachment.id))
    ).all()
    chosen, total = [], 0
    for attachment_id, size in sizes:
        if total + size <= limit_bytes:
            chosen.append(attachment_id)
            total += size
    if not chosen:
        return {}
    rows = session.exec(
        select(AttachmentBlob).where(col(AttachmentBlob.attachment_id).in_(chosen))
    ).all()
    return {row.attachment_id: row.content for row in rows}
