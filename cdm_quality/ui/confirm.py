"""Ask before an action that cannot be undone, and tell its outcome beside its button.

`ask(key, question, **data)` records the action with the ids it applies to (never a widget
position); `box(key, …)` then shows the question with Confirm / Cancel where the button was,
and runs the action on the recorded data only when confirmed. `tell` and `told` keep the
outcome beside the button instead of at the top of the page; `act` runs a service as the
signed-in account and tells its outcome so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st

from cdm_quality.services import database
from cdm_quality.services.errors import ServiceError
from cdm_quality.services.people.access import Actor
from cdm_quality.ui import auth
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import t

Kind = Literal["success", "error"]


@dataclass(frozen=True)
class Pending:
    question: str
    data: dict[str, Any] = field(default_factory=dict)


def _pending_key(key: str) -> str:
    return f"confirm.pending.{key}"


def _told_key(key: str) -> str:
    return f"confirm.told.{key}"


def ask(key: str, question: str, **data: Any) -> None:
    """Record an action waiting for confirmation (its question and the ids it applies to)."""
    st.session_state.pop(_told_key(key), None)
    st.session_state[_pending_key(key)] = Pending(question, data)


def pending(key: str) -> Pending | None:
    return st.session_state.get(_pending_key(key))


def box(key: str, *, confirm: str, run: Callable[[dict[str, Any]], object]) -> None:
    """The pending question with Confirm / Cancel; Confirm runs `run(data)` once (as a button
    callback, before the page is drawn again, so `run` may reset widgets)."""
    waiting = pending(key)
    if waiting is None:
        return
    with st.container(border=True):
        st.warning(waiting.question, icon=":material/help:")
        yes, no = st.columns(2)
        yes.button(
            confirm,
            type="primary",
            key=f"{key}.yes",
            icon=":material/check:",
            on_click=_confirmed,
            args=(key, run),
        )
        no.button(
            t("confirm.cancel"),
            key=f"{key}.no",
            icon=":material/close:",
            on_click=_cancelled,
            args=(key,),
        )


def _confirmed(key: str, run: Callable[[dict[str, Any]], None]) -> None:
    waiting = st.session_state.pop(_pending_key(key), None)
    if waiting is not None:
        run(waiting.data)


def _cancelled(key: str) -> None:
    st.session_state.pop(_pending_key(key), None)


def tell(key: str, kind: Kind, message: str) -> None:
    """Keep the outcome of the action `key` to show beside its button (`told`)."""
    st.session_state[_told_key(key)] = (kind, message)


def told(key: str) -> None:
    """The outcome of the last action `key`, shown where it is called."""
    outcome = st.session_state.get(_told_key(key))
    if outcome is None:
        return
    kind, message = outcome
    if kind == "success":
        st.success(message, icon=":material/check_circle:")
    else:
        st.error(message, icon=":material/error:")


def act(key: str, call: Callable[[database.DbSession, Actor], object], done: str) -> bool:
    """Run a service as the signed-in account (as stored now); its outcome shows beside the
    button of `key`. True when the service accepted."""
    current = auth.actor()
    if current is None:
        tell(key, "error", t("fill.signed_out"))
        return False
    try:
        with database.session() as session:
            call(session, current)
    except ServiceError as exc:
        tell(key, "error", error_text(exc))
        return False
    tell(key, "success", done)
    return True
