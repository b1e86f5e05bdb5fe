"""The files Streamlit serves at `/media/…` (downloads: PDF, CSV, XLSX, evidence files) belong
to the sign-in that made them.

Streamlit names a file by a hash of its content, computable offline (an attachment's URL from
its bytes), and serves it to anyone for minutes after the tab has closed. Here (`install`, at
the server's start) the name is a keyed hash (HMAC-SHA256 with a key drawn at start, over the
owner and the content), and the owner of each name is remembered: the browser sign-in of the
run that made it (`services.people.sessions` id), `ANYONE` for a page shown signed out, `SIGNED_IN`
for a file made outside a run (a deferred download, which checks its own sign-in). The server's
gate (`ui.web.MediaGate`) serves a name only to its owner's cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict
from typing import Final

import streamlit as st
from streamlit.runtime import memory_media_file_storage
from streamlit.runtime.scriptrunner import get_script_run_ctx

from cdm_quality.services.people.access import Actor
from cdm_quality.ui import auth

ANYONE: Final = -1  # made by a page shown signed out: served to everyone
SIGNED_IN: Final = 0  # made outside a page's run: served to any valid sign-in
ROUTE = "/media/"
_KEY = secrets.token_bytes(32)
_KEPT = 50_000  # names remembered (Streamlit deletes files far sooner)
_owners: OrderedDict[str, int] = OrderedDict()
streamlit_file_id = memory_media_file_storage._calculate_file_id  # its content hash
_lock = threading.Lock()


def keyed_file_id(data: bytes, mimetype: str, filename: str | None = None) -> str:
    """The name of a file Streamlit stores (replaces its content hash), noted with its owner."""
    owner = _owner()
    mac = hmac.new(_KEY, f"{owner}:{len(data)}:".encode(), hashlib.sha256)
    mac.update(data)
    mac.update(f":{mimetype}:{filename or ''}".encode())
    file_id = mac.hexdigest()
    with _lock:
        _owners[file_id] = owner
        _owners.move_to_end(file_id)
        while len(_owners) > _KEPT:
            _owners.popitem(last=False)
    return file_id


def _owner() -> int:
    if get_script_run_ctx() is None:
        return SIGNED_IN
    actor = st.session_state.get(auth.ACTOR_KEY)
    if not isinstance(actor, Actor):
        return ANYONE
    return actor.session_id if actor.session_id is not None else SIGNED_IN


def owner_of(path: str) -> int | None:
    """The owner of the file at `path` (`/media/<name>.<ext>`), None for a name not made here."""
    name = path.removeprefix(ROUTE).split(".", 1)[0]
    with _lock:
        return _owners.get(name)


def remember(file_id: str, owner: int) -> None:
    """Note a name's owner (tests)."""
    with _lock:
        _owners[file_id] = owner


def install() -> None:
    """Make Streamlit name its media files with `keyed_file_id`."""
    memory_media_file_storage._calculate_file_id = keyed_file_id  # noqa: SLF001
