"""What the user is looking at: campaign, Cité and questionnaire, kept across pages.

The choice lives under plain session keys (not widget keys), so it survives page switches.
The questionnaire page also puts its Cité (for those who choose one), questionnaire and section
in the address (`?c=…&q=…&s=…`, `write_address`), one browser history entry per change: a
reload comes back to the same place, Back and Forward go through the places seen, and a value
the browser brings back (`from_address`) wins over the session's.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import streamlit as st

from cdm_quality.domain.labels import PHASE
from cdm_quality.services.database import DbSession
from cdm_quality.services.network import campaigns, cites
from cdm_quality.services.network.campaigns import CampaignPublic
from cdm_quality.services.network.cites import CitePublic
from cdm_quality.services.people.access import Actor
from cdm_quality.ui.i18n import current_lang, t, word
from cdm_quality.ui.layout import Container
from cdm_quality.ui.memo import remembered

CAMPAIGN_KEY = "sel.campaign_id"
CITE_KEY = "sel.cite_id"
QUESTIONNAIRE_KEY = "sel.questionnaire_id"
QUERY_QUESTIONNAIRE = "q"
QUERY_CITE = "c"
ADDRESS_KEY = "sel.address"  # what this session last put in the address: {param: value}
_NOTHING = object()
_LABELS = "_labels."  # + a widget's key: the labels of its options as last sent


def sticky_select(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    default: Any,
    format_func: Callable[[Any], str],
    container: Container = st,
    widget: str = "selectbox",
    **options_of_widget: Any,
) -> Any:
    """A selectbox (or `widget`: "radio") whose choice is kept in `st.session_state[key]`
    across pages and reruns. `format_func` must not read the session (AppTest calls it
    between runs): give it labels computed beforehand, e.g. a dict's `.get`."""
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = default
    widget_key = widget_key_of(key)
    labels = [format_func(option) for option in options]
    if (
        st.session_state.get(widget_key, _NOTHING) != st.session_state[key]
        or st.session_state.get(_LABELS + widget_key) != labels
    ):
        # Written only when the choice or a label changed (the browser keeps a choice by its
        # label): each write is sent to the browser, which then puts the choice back under a
        # click or a key press still on its way.
        st.session_state[widget_key] = st.session_state[key]
        st.session_state[_LABELS + widget_key] = labels
    if widget == "selectbox":  # Streamlit's own placeholder is English
        options_of_widget.setdefault("placeholder", t("widget.choose"))
    getattr(container, widget)(
        label,
        options,
        format_func=format_func,
        key=widget_key,
        on_change=_copy,
        args=(widget_key, key),
        **options_of_widget,
    )
    return st.session_state[key]


def widget_key_of(key: str, lang: str | None = None) -> str:
    """The widget's own key: per language, since the browser keeps a choice by its label and
    would go on showing the old language's label after a switch."""
    return f"_{key}.{lang or current_lang()}"


def _copy(source: str, target: str) -> None:
    st.session_state[target] = st.session_state[source]


def campaign(
    session: DbSession,
    actor: Actor,
    container: Container = st,
    *,
    key: str = CAMPAIGN_KEY,
    default_id: int | None = None,
) -> CampaignPublic | None:
    """The chosen campaign (`default_id`, else the open one, by default), or None when there
    is none. A page with its own default keeps its choice under its own `key`. Read on every
    run (two light statements): a campaign opened or closed meanwhile shows so at once."""
    found = {c.id: c for c in campaigns.list_campaigns(session, actor)}
    current = campaigns.open_among(found.values())
    if not found:
        st.info(t("overview.no_campaign"))
        return None
    labels = {cid: f"{c.name} · {t(f'campaign.{c.state.value}')}" for cid, c in found.items()}
    chosen = sticky_select(
        t("overview.campaign"),
        list(found),
        key=key,
        default=default_id
        if default_id in found
        else (current.id if current else next(iter(found))),
        format_func=labels.__getitem__,
        container=container,
    )
    return found[chosen]


def cite(session: DbSession, actor: Actor, container: Container = st) -> CitePublic | None:
    """The user's own Cité, or for the label authority and admins the chosen one."""
    if actor.cite_id is not None:
        own = actor.cite_id
        return remembered(f"cite.{own}", lambda: cites.get_cite(session, actor, cite_id=own))
    found = remembered(
        f"cites.{actor.id}", lambda: {c.id: c for c in cites.list_cites(session, actor)}
    )
    if not found:
        st.info(t("overview.no_cite"))
        return None
    _cite_from_address(list(found))
    labels = {cid: f"{c.name} · {word(PHASE, c.phase.value)}" for cid, c in found.items()}
    chosen = sticky_select(
        t("overview.cite"),
        list(found),
        key=CITE_KEY,
        default=next(iter(found)),
        format_func=labels.__getitem__,
        container=container,
    )
    return found[chosen]


def campaign_and_cite(
    session: DbSession, actor: Actor
) -> tuple[CampaignPublic | None, CitePublic | None]:
    """The campaign and, once there is one, the Cité, chosen side by side (None: none yet)."""
    left, right = st.columns(2)
    chosen = campaign(session, actor, left)
    return chosen, cite(session, actor, right) if chosen else None


def _cite_from_address(readable: list[int]) -> None:
    """The Cité the address names, if the actor may read it (else said, and not taken)."""
    brought = from_address(QUERY_CITE, [str(cid) for cid in readable])
    if brought is not None:
        st.session_state[CITE_KEY] = int(brought)
    elif from_address(QUERY_CITE, None) is not None:
        st.warning(t("selection.cite_unknown"), icon=":material/warning:")


def questionnaire_id(
    chosen_campaign: CampaignPublic, titles: dict[str, str], container: Container = st
) -> str:
    """The chosen questionnaire of the campaign, from the address first, then the session."""
    ids = [f.questionnaire_id for f in chosen_campaign.questionnaires]
    brought = from_address(QUERY_QUESTIONNAIRE, ids)
    if brought is not None:  # a reload, Back or Forward: back to that one
        st.session_state[QUESTIONNAIRE_KEY] = brought
    chosen = sticky_select(
        t("fill.questionnaire"),
        ids,
        key=QUESTIONNAIRE_KEY,
        default=ids[0],
        format_func={qid: titles.get(qid, qid) for qid in ids}.__getitem__,
        container=container,
    )
    return chosen


def from_address(param: str, options: Collection[str] | None) -> str | None:
    """The address's `param` when the browser brought it (a reload, Back or Forward, a link)
    rather than this session having written it; None when absent, not among `options` (None:
    any value) or the one last written."""
    wanted = st.query_params.get(param)
    written = st.session_state.get(ADDRESS_KEY, {}).get(param)
    if wanted is None or wanted == written or (options is not None and wanted not in options):
        return None
    return wanted


def write_address(**params: str | None) -> None:
    """Put `params` in the address in one change (one browser history entry); None removes a
    parameter. Nothing is sent when the address already says so."""
    st.session_state[ADDRESS_KEY] = {**st.session_state.get(ADDRESS_KEY, {}), **params}
    current = st.query_params.to_dict()
    wanted = {k: v for k, v in {**current, **params}.items() if v is not None}
    if wanted != current:
        st.query_params.from_dict(wanted)


def open_questionnaire(qid: str) -> None:
    """Remember `qid` as the questionnaire to fill (the page switch is the caller's)."""
    st.session_state[QUESTIONNAIRE_KEY] = qid
