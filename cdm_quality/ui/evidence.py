"""Evidence attachments on the fill page: under an item, its files and links, an upload, a
link form, and removal after a confirmation. Refusals are worded by `ui.errors`; a file is read
from the database only when its download is clicked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from cdm_quality.domain import formats
from cdm_quality.domain.attachments import MAX_FILE_BYTES
from cdm_quality.domain.questionnaire import Item, ItemKind
from cdm_quality.services import database
from cdm_quality.services.errors import ServiceError
from cdm_quality.services.labelling import attachments
from cdm_quality.services.labelling.attachments import AttachmentPublic
from cdm_quality.ui import auth, style
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.memo import remembered
from cdm_quality.ui.text import escape_markdown, local_time, person

IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
NOTES = "evidence.notes"  # (rid, item id) -> (ok, text) of the last action on the item
ROUNDS = "evidence.rounds"  # (rid, item id) -> uploader round (a new key empties it)


def wanted(item: Item) -> bool:
    """Whether an item takes attachments: it asks for evidence, or it is a labelling-file
    item (a status and a text, or a table)."""
    return item.evidence or item.kind in (ItemKind.status_text, ItemKind.table)


def images(found: list[AttachmentPublic]) -> None:
    """The images attached to a labelling-file item (5.3's map of the territory), drawn in
    the item as in the PDF; read once per sign-in (an attachment never changes)."""
    for row in found:
        if row.url is None and row.media_type in IMAGES:
            content = remembered(f"image.{row.id}", _content_of(row.id), seconds=None)
            if content:
                st.image(content, caption=row.name)


def attached(session: database.DbSession, rid: int) -> dict[str, list[AttachmentPublic]]:
    """The response's attachments by item (for the page run)."""
    actor = auth.actor()
    if actor is None:
        return {}
    found: dict[str, list[AttachmentPublic]] = {}
    for row in attachments.list_attachments(session, actor, response_id=rid):
        found.setdefault(row.item_id, []).append(row)
    return found


def panel(rid: int, item: Item, found: list[AttachmentPublic], *, editable: bool) -> None:
    """The item's attachments in an expander (open when there are some or a note to show)."""
    note = st.session_state.get(NOTES, {}).get((rid, item.id))
    label = t("evidence.title", count=len(found))
    opened = bool(found) or note is not None
    with st.expander(label, expanded=opened, icon=":material/attach_file:"):
        for row in found:
            _row(rid, row, editable=editable)
        if note is not None:
            ok, text = note
            (st.success if ok else st.error)(text)  # Markdown made safe by `_act`
        if editable:
            _upload(rid, item)
            _link_form(rid, item)


def _row(rid: int, row: AttachmentPublic, *, editable: bool) -> None:
    left, right = st.columns([4, 1])
    when = local_time(row.created_at)
    label, who = escape_markdown(row.name), person(row.created_by)
    if row.url:
        left.link_button(label, row.url, icon=":material/link:")
        left.caption(t("evidence.link_meta", who=who, when=when))
    else:
        left.download_button(
            label,
            data=_content_of(row.id),
            file_name=row.name,
            mime=row.media_type,
            key=f"att.dl.{row.id}",
            icon=":material/download:",
            on_click="ignore",
        )
        meta = t("evidence.file_meta", size=_size(row.size), who=who, when=when)
        left.caption(meta)
    if editable:
        with right.popover(t("evidence.remove"), icon=":material/delete:"):
            st.caption(t("evidence.remove_confirm_text", name=label))
            st.button(
                t("evidence.remove_confirm"),
                key=f"att.rm.{row.id}",
                on_click=_remove,
                args=(rid, row.item_id, row.id),
                type="primary",
            )


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return t("evidence.size_mb", size=formats.fixed(size / (1024 * 1024), 1, current_lang()))
    return t("evidence.size_kb", size=max(1, round(size / 1024)))


def _content_of(attachment_id: int) -> Callable[[], bytes]:
    """The file's bytes, read when the download is clicked, for the reader who was shown the
    button (a deferred download runs outside the script run: no session state then)."""
    actor = auth.actor()

    def content() -> bytes:
        if actor is None:
            return b""
        with auth.signed_in_session(actor) as session:
            return attachments.download(session, actor, attachment_id=attachment_id).content

    return content


def _uploader_key(rid: int, item_id: str) -> str:
    rounds = st.session_state.setdefault(ROUNDS, {})
    return f"att.up.{rid}.{item_id}.{rounds.get((rid, item_id), 0)}"


# The browser refuses only files above the server's limit (`server.maxUploadSize`, 200 MB by
# default), in English on the file's chip: below it every file reaches `attachments.add_file`,
# whose refusal (too big, a program…) is the one current message, in the reader's language.
BROWSER_LIMIT_MB = 200


def _upload(rid: int, item: Item) -> None:
    key = _uploader_key(rid, item.id)
    _dropzone_texts()
    st.file_uploader(
        t("evidence.upload"),
        key=key,
        help=t("evidence.upload_help", limit=attachments.quota_bytes() // (1024 * 1024)),
        max_upload_size=BROWSER_LIMIT_MB,
        on_change=_uploaded,
        args=(rid, item.id, key),
    )


def _dropzone_texts() -> None:
    """The drop zone's button and line in the reader's language (`style.dropzone`)."""
    size = MAX_FILE_BYTES // (1024 * 1024)
    style.dropzone(
        t("evidence.dropzone_button"),
        t("evidence.dropzone_line", size=size),
        t("evidence.dropzone_drag"),
    )


def _uploaded(rid: int, item_id: str, key: str) -> None:
    """Store the chosen file (callback); the uploader is emptied either way."""
    chosen = st.session_state.get(key)
    if chosen is None:
        return
    name, content = chosen.name, chosen.getvalue()
    _act(
        rid,
        item_id,
        lambda s, a: attachments.add_file(
            s, a, response_id=rid, item_id=item_id, name=name, content=content
        ),
        t("evidence.added", name=escape_markdown(name)),
    )
    rounds = st.session_state.setdefault(ROUNDS, {})
    rounds[(rid, item_id)] = rounds.get((rid, item_id), 0) + 1


def _link_form(rid: int, item: Item) -> None:
    with st.form(f"att.link.{rid}.{item.id}", border=False):
        left, right = st.columns(2)
        left.text_input(t("evidence.link_url"), key=f"att.url.{rid}.{item.id}")
        right.text_input(t("evidence.link_name"), key=f"att.name.{rid}.{item.id}")
        st.form_submit_button(
            t("evidence.link_add"),
            icon=":material/add_link:",
            on_click=_add_link,
            args=(rid, item.id),
        )


def _add_link(rid: int, item_id: str) -> None:
    """Store the link typed (callback); what was typed stays when it is refused."""
    url = st.session_state.get(f"att.url.{rid}.{item_id}", "")
    name = st.session_state.get(f"att.name.{rid}.{item_id}", "")
    added = _act(
        rid,
        item_id,
        lambda s, a: attachments.add_link(
            s, a, response_id=rid, item_id=item_id, url=url, name=name
        ),
        t("evidence.link_added"),
    )
    if added:
        st.session_state[f"att.url.{rid}.{item_id}"] = ""
        st.session_state[f"att.name.{rid}.{item_id}"] = ""


def _remove(rid: int, item_id: str, attachment_id: int) -> None:
    _act(
        rid,
        item_id,
        lambda s, a: attachments.remove_attachment(s, a, attachment_id=attachment_id),
        t("evidence.removed"),
    )


def _act(rid: int, item_id: str, action: Callable[[Any, Any], Any], done: str) -> bool:
    """Run a change as the signed-in actor and note its outcome on the item (`done` is
    Markdown whose user-given parts are escaped)."""
    notes = st.session_state.setdefault(NOTES, {})
    actor = auth.actor()
    if actor is None:
        notes[(rid, item_id)] = (False, t("fill.signed_out"))
        return False
    try:
        with database.session() as session:
            action(session, actor)
    except ServiceError as refused:
        notes[(rid, item_id)] = (False, escape_markdown(error_text(refused)))
        return False
    notes[(rid, item_id)] = (True, done)
    return True
