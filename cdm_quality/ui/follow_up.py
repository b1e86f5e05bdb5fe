"""The follow-up table on the page: labels in the reader's language, a progress column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from cdm_quality.domain.labels import PHASE
from cdm_quality.services import database, responses
from cdm_quality.services.errors import InvalidValue, ServiceError
from cdm_quality.services.network import notices
from cdm_quality.services.network.follow_up import FollowUp, FollowUpRow, FollowUpState
from cdm_quality.services.people.access import Actor
from cdm_quality.ui import confirm
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import current_lang, t, word
from cdm_quality.ui.text import escape_markdown, local_time


def follow_up_frame(found: FollowUp) -> pd.DataFrame:
    """One row per Cité × questionnaire, with the reader's labels."""
    rows = [
        {
            t("followup.col.cite"): row.cite,
            t("followup.col.country"): row.country,
            t("followup.col.phase"): word(PHASE, row.phase.value),
            t("followup.col.questionnaire"): _grid(row),
            t("followup.col.state"): t(f"followup.state.{row.state.value}"),
            t("followup.col.progress"): round(100 * row.ratio),
            t("followup.col.answered"): f"{row.answered} / {row.visible}",
            t("followup.col.readiness"): None if row.readiness is None else round(row.readiness),
            t("followup.col.submitted"): local_time(row.submitted_at) if row.submitted_at else "",
            t("followup.col.saved"): local_time(row.last_saved_at) if row.last_saved_at else "",
        }
        for row in found.rows
    ]
    return pd.DataFrame(rows, columns=_columns())


def _grid(row: FollowUpRow) -> str:
    """The questionnaire as a person names it: its title in the reader's language."""
    if row.questionnaire_title is None:
        return row.questionnaire_id
    return row.questionnaire_title(current_lang())


def _columns() -> list[str]:
    keys: tuple[str, ...] = ("cite", "country", "phase", "questionnaire", "state", "progress")
    keys += ("answered",)
    keys += ("readiness",)
    return [t(f"followup.col.{k}") for k in (*keys, "submitted", "saved")]


def progress_column_config() -> dict:
    return {
        t("followup.col.progress"): st.column_config.ProgressColumn(
            t("followup.col.progress"),
            min_value=0,
            max_value=100,
            format="%d %%",
            help=t("followup.col.progress_help"),
        ),
        t("followup.col.readiness"): st.column_config.ProgressColumn(
            t("followup.col.readiness"),
            min_value=0,
            max_value=100,
            format="%d %%",
            help=t("followup.col.readiness_help"),
        ),
    }


@dataclass(frozen=True)
class Submitted:
    """A submitted self-assessment the authority may reopen."""

    response_id: int
    cite: str
    questionnaire: str

    @property
    def label(self) -> str:
        return f"{self.cite} — {self.questionnaire}"


def submitted_rows(found: FollowUp) -> dict[int, Submitted]:
    """Response id → its Cité and questionnaire, for every submitted response (to reopen)."""
    return {
        row.response_id: Submitted(row.response_id, row.cite, _grid(row))
        for row in found.rows
        if row.state is FollowUpState.submitted and row.response_id is not None
    }


REOPEN = "fu.reopen"
WHICH_KEY, REASON_KEY = "fu.reopen_which", "fu.reopen_reason"


def reopen_form(actor: Actor, submitted: dict[int, Submitted]) -> None:
    """Choose a submitted self-assessment (by its id) and give a reason; a confirmation names
    the Cité and the questionnaire; the outcome shows here, beside the button."""
    if submitted:
        labels = {rid: s.label for rid, s in submitted.items()}
        with st.form("followup.reopen_form"):
            chosen = st.selectbox(
                t("followup.reopen_which"),
                list(labels),
                index=None,
                format_func=labels.__getitem__,
                placeholder=t("followup.reopen_choose"),
                key=WHICH_KEY,
            )
            reason = st.text_input(t("followup.reopen_reason"), max_chars=2000, key=REASON_KEY)
            if st.form_submit_button(t("followup.reopen_button"), icon=":material/lock_open:"):
                _ask(submitted.get(chosen) if chosen is not None else None, reason)
    else:
        st.caption(t("followup.none_submitted"))
    confirm.box(REOPEN, confirm=t("followup.reopen_button"), run=lambda data: _reopen(actor, data))
    confirm.told(REOPEN)


def _ask(chosen: Submitted | None, reason: str) -> None:
    if chosen is None:
        confirm.tell(REOPEN, "error", t("followup.reopen_choose"))
        return
    if not reason.strip():
        confirm.tell(REOPEN, "error", error_text(InvalidValue("response.reason_required")))
        return
    question = t(
        "followup.reopen_confirm",
        cite=escape_markdown(chosen.cite),
        questionnaire=escape_markdown(chosen.questionnaire),
        reason=escape_markdown(reason.strip()),
    )
    data = {"response_id": chosen.response_id, "label": chosen.label, "reason": reason}
    confirm.ask(REOPEN, question, **data)


def _reopen(actor: Actor, data: dict[str, Any]) -> None:
    try:
        with database.session() as session:
            responses.reopen_response(
                session, actor, response_id=data["response_id"], reason=data["reason"]
            )
    except ServiceError as error:
        confirm.tell(REOPEN, "error", escape_markdown(error_text(error)))
        return
    notices.announce_later("reopened", data["response_id"])
    confirm.tell(REOPEN, "success", t("followup.reopened", what=escape_markdown(data["label"])))
    for key in (WHICH_KEY, REASON_KEY):  # the form starts empty: nothing left to re-send
        st.session_state.pop(key, None)
