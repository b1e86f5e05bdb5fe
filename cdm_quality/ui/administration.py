"""Widgets and tables of the administration pages (Cités, accounts, campaigns)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError
from streamlit.errors import StreamlitAPIException

from cdm_quality.domain import languages
from cdm_quality.domain.labels import PHASE
from cdm_quality.domain.questionnaire import PHASES, Phase
from cdm_quality.services import database
from cdm_quality.services.errors import ServiceError
from cdm_quality.services.network.campaigns import CampaignPublic
from cdm_quality.services.network.cites import CiteCreate, CitePublic, PhaseDecision
from cdm_quality.services.people.users import UserPublic
from cdm_quality.ui.errors import error_text, validation_text
from cdm_quality.ui.i18n import t, word
from cdm_quality.ui.text import DATE_INPUT_FORMAT, date_text, escape_markdown

FLASH_KEY = "admin.flash"


def run(
    action: Callable[[database.DbSession], Any],
    *,
    done: str,
    clear: tuple[str, ...] = (),
    renew: str = "",
) -> bool:
    """Run a service call in a session of its own. On success, empty the widgets `clear`
    (a form's keys), draw the form `renew` anew (`generation`) and rerun the page with `done`
    shown at its top (`show_flash`), so every table shows the change; on refusal, show the
    service's message, keep what was typed and return False."""
    try:
        with database.session() as session:
            action(session)
    except ServiceError as error:
        st.error(escape_markdown(error_text(error)))
        return False
    except ValidationError as error:
        st.error(escape_markdown(validation_text(error)))
        return False
    for key in clear:
        _empty(key)
    if renew:
        st.session_state[_generation_key(renew)] = generation(renew) + 1
    st.session_state[FLASH_KEY] = done
    st.rerun()  # stops the run: it returns no value


def _generation_key(form: str) -> str:
    return f"admin.generation.{form}"


def generation(form: str) -> int:
    """The form's generation, part of its widgets' keys: a new one after a success gives
    widgets the browser has never seen, so none of the last entry stays (dates included)."""
    return int(st.session_state.get(_generation_key(form), 0))


def _empty(key: str) -> None:
    """Empty a text or a multiple choice; any other widget goes back to its default. From a
    callback (before the widgets are drawn) the empty value is set, not forgotten: a
    forgotten key left the browser showing the old choices of a multiple choice."""
    value = st.session_state.get(key)
    try:
        if isinstance(value, str | list):
            st.session_state[key] = type(value)()
            return
    except StreamlitAPIException:  # drawn in this run already: forgotten, as it may be
        pass
    st.session_state.pop(key, None)


def show_flash() -> None:
    """The message of the change made on the previous run, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)


# --- Cités --------------------------------------------------------------------------------


def cites_frame(found: list[CitePublic]) -> pd.DataFrame:
    rows = []
    for cite in found:
        last = cite.history[-1] if cite.history else None
        rows.append(
            {
                t("cites.col.name"): cite.name,
                t("cites.col.city"): cite.city,
                t("cites.col.country"): cite.country,
                t("cites.col.phase"): word(PHASE, cite.phase.value),
                t("cites.col.opened"): date_text(cite.opened_on),
                t("cites.col.language"): languages.language(languages.chosen(cite.language)).name,
                t("cites.col.since"): date_text(last.decided_on) if last else "",
                t("cites.col.decision"): t(f"decision.{last.decision.value}") if last else "",
            }
        )
    return pd.DataFrame(rows, columns=[t(f"cites.col.{c}") for c in _CITE_COLUMNS])


_CITE_COLUMNS = ("name", "city", "country", "phase", "opened", "language", "since", "decision")


def history_frame(cite: CitePublic, rests_on: dict[int, list[str]] | None = None) -> pd.DataFrame:
    """The Cité's labelling decisions, latest first; `rests_on`: event id → the
    recommendations and reservations it rests on, by name."""
    rests_on = rests_on or {}
    rows = [
        {
            t("cites.col.date"): date_text(event.decided_on),
            t("cites.col.phase"): word(PHASE, event.phase.value),
            t("cites.col.decision"): t(f"decision.{event.decision.value}"),
            t("cites.col.note"): event.note,
            t("cites.col.basis"): "; ".join(rests_on.get(event.id, [])),
        }
        for event in reversed(cite.history)
    ]
    columns = [t(f"cites.col.{c}") for c in ("date", "phase", "decision", "note", "basis")]
    return pd.DataFrame(rows, columns=columns)


def phase_labels() -> dict[Phase, str]:
    """Phase → its name in the reader's language (computed before the widget: AppTest calls
    `format_func` outside the run)."""
    return {phase: word(PHASE, phase.value) for phase in PHASES}


def language_names() -> dict[str, str]:
    """Each language's code → its name in itself ("Italiano")."""
    return {language.code: language.name for language in languages.languages()}


def decision_question(
    cite: CitePublic, phase: Phase, decision: PhaseDecision, decided_on: date
) -> str:
    """The confirmation asked before a labelling decision is recorded."""
    return t(
        "cites.record_confirm",
        cite=escape_markdown(cite.name),
        decision=t(f"decision.{decision.value}"),
        phase=word(PHASE, phase.value),
        date=date_text(decided_on),
    )


def phase_and_decision(cite: CitePublic) -> tuple[Phase, PhaseDecision]:
    left, right = st.columns(2)
    phase = left.selectbox(
        t("cites.col.phase"),
        PHASES,
        index=PHASES.index(cite.phase),
        format_func=phase_labels().__getitem__,
        placeholder=t("widget.choose"),
    )
    decisions = list(PhaseDecision)
    decision = right.selectbox(
        t("cites.col.decision"),
        decisions,
        format_func={d: t(f"decision.{d.value}") for d in PhaseDecision}.__getitem__,
        placeholder=t("widget.choose"),
    )
    return phase, decision


NEW_CITE_KEYS = ("cites.new.name", "cites.new.city", "cites.new.country")


def cite_fields(cite: CitePublic | None, *, with_phase: bool) -> dict[str, Any]:
    """Name, city, country, opening date, working language (and phase for a new Cité) inputs;
    the values typed. A new Cité's texts have keys (`NEW_CITE_KEYS`): emptied only once it is
    created."""
    keys = dict(zip(("name", "city", "country"), NEW_CITE_KEYS, strict=True)) if not cite else {}
    values: dict[str, Any] = {
        "name": st.text_input(
            t("cites.col.name"),
            value=cite.name if cite else "",
            max_chars=200,
            key=keys.get("name"),
        ),
        "city": st.text_input(
            t("cites.col.city"),
            value=cite.city if cite else "",
            max_chars=120,
            key=keys.get("city"),
        ),
        "country": st.text_input(
            t("cites.col.country"),
            value=cite.country if cite else "",
            max_chars=80,
            key=keys.get("country"),
        ),
        "phase": cite.phase if cite else Phase.projet,
        "opened_on": st.date_input(
            t("cites.col.opened"),
            value=cite.opened_on if cite else None,
            min_value=date(1990, 1, 1),
            format=DATE_INPUT_FORMAT,
            help=t("cites.opened.help"),
        ),
        "language": st.selectbox(
            t("cites.col.language"),
            languages.codes(),
            index=languages.codes().index(languages.chosen(cite.language if cite else None)),
            format_func=language_names().__getitem__,
            help=t("cites.language.help"),
            placeholder=t("widget.choose"),
        ),
    }
    if with_phase:
        values["phase"] = st.selectbox(
            t("cites.col.phase"),
            PHASES,
            format_func=phase_labels().__getitem__,
            placeholder=t("widget.choose"),
        )
    return values


def cite_data(values: dict[str, Any]) -> CiteCreate:
    """The typed values as the service's input (ValidationError when one is refused)."""
    return CiteCreate.model_validate(
        {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    )


# --- campaigns ----------------------------------------------------------------------------


def campaigns_frame(found: list[CampaignPublic]) -> pd.DataFrame:
    rows = [
        {
            t("campaigns.col.year"): c.year,
            t("campaigns.col.name"): c.name,
            t("campaigns.col.state"): t(f"campaign.{c.state.value}"),
            t("campaigns.col.opens"): date_text(c.opens_on),
            t("campaigns.col.closes"): date_text(c.closes_on),
            t("campaigns.col.due"): date_text(c.due_on),
            t("campaigns.col.questionnaires"): ", ".join(
                f"{q.title} (v{q.version})"
                for q in c.questionnaires  # never the internal id
            ),
        }
        for c in found
    ]
    columns = ("year", "name", "state", "opens", "closes", "due", "questionnaires")
    return pd.DataFrame(rows, columns=[t(f"campaigns.col.{c}") for c in columns])


# --- accounts -----------------------------------------------------------------------------


def users_frame(found: list[UserPublic], cite_names: dict[int, str]) -> pd.DataFrame:
    rows = [
        {
            t("users.col.login"): u.login,
            t("users.col.name"): u.name,
            t("users.col.email"): u.email or "",
            t("users.col.role"): t(f"role.{u.role.value}"),
            t("users.col.cite"): cite_names.get(u.cite_id, "") if u.cite_id else "",
            t("users.col.active"): u.active,
        }
        for u in found
    ]
    columns = ("login", "name", "email", "role", "cite", "active")
    return pd.DataFrame(rows, columns=[t(f"users.col.{c}") for c in columns])
