"""Per-session memory of slow-changing reads (own Cité, the Cités, last year's answers).

A rerun after each answer should not read again what cannot have changed in the meantime;
what the user is editing (the current answers) is always read fresh. Signing out forgets all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

T = TypeVar("T")
MEMO_KEY = "_memo"
SHORT = 30.0  # seconds: Cités change rarely, and never mid-answer


def remembered(key: str, compute: Callable[[], T], *, seconds: float | None = SHORT) -> T:
    """`compute()`, kept in this session for `seconds` (None: until sign-out)."""
    store: dict[str, tuple[float, object]] = st.session_state.setdefault(MEMO_KEY, {})
    now = time.monotonic()
    hit = store.get(key)
    if hit is not None and (seconds is None or now - hit[0] < seconds):
        return hit[1]  # type: ignore[return-value]
    value = compute()
    store[key] = (now, value)
    return value
