"""The follow-up table on the page: labels in the reader's language, a progress column."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cdm_quality.domain.labels import PHASE
from cdm_quality.services.follow_up import FollowUp, FollowUpRow, FollowUpState
from cdm_quality.ui.i18n import current_lang, t, word
from cdm_quality.ui.text import local_time


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
    keys = ("cite", "country", "phase", "questionnaire", "state", "progress", "answered")
    keys += ("readiness",)
    return [t(f"followup.col.{k}") for k in (*keys, "submitted", "saved")]


def progress_column_config() -> dict:
    return {
        t("followup.col.progress"): st.column_config.ProgressColumn(
            t("followup.col.progress"), min_value=0, max_value=100, format="%d %%"
        ),
        t("followup.col.readiness"): st.column_config.ProgressColumn(
            t("followup.col.readiness"),
            min_value=0,
            max_value=100,
            format="%d %%",
            help=t("followup.col.readiness_help"),
        ),
    }


def submitted_rows(found: FollowUp) -> dict[int, str]:
    """Response id → "Cité — questionnaire" for every submitted response (to reopen)."""
    return {
        row.response_id: f"{row.cite} — {_grid(row)}"
        for row in found.rows
        if row.state is FollowUpState.submitted and row.response_id is not None
    }
