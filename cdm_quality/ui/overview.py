"""The overview of one Cité in one campaign: each questionnaire's state and progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import streamlit as st

from cdm_quality.domain.labels import PHASE
from cdm_quality.domain.questionnaire import Lang, Questionnaire
from cdm_quality.services import database, responses
from cdm_quality.services.network import campaigns
from cdm_quality.services.network.campaigns import CampaignPublic
from cdm_quality.services.network.cites import CitePublic, is_open_on
from cdm_quality.services.people.access import Actor, Permission, allowed
from cdm_quality.services.responses import Progress, ResponsePublic, compute_progress
from cdm_quality.ui import navigation, selection
from cdm_quality.ui.i18n import t, word
from cdm_quality.ui.text import date_text, escape_markdown, local_time, person

BadgeColour = Literal["gray", "blue", "green", "orange"]
STATE_COLOURS: dict[str, BadgeColour] = {
    "none": "gray",
    "draft": "blue",
    "submitted": "green",
    "reopened": "orange",
}


@dataclass(frozen=True)
class Card:
    """One questionnaire of the campaign for the Cité: started or not, and its progress."""

    questionnaire: Questionnaire
    response: ResponsePublic | None
    progress: Progress
    editable: bool  # the user may still answer it (own Cité, open campaign, not submitted)

    @property
    def state(self) -> str:
        return self.response.state.value if self.response else "none"


def cards(
    session: database.DbSession, actor: Actor, campaign: CampaignPublic, cite: CitePublic
) -> list[Card]:
    """The campaign's questionnaires for `cite`, with progress (zero when not started)."""
    found = []
    for frozen in campaign.questionnaires:
        qid = frozen.questionnaire_id
        q = campaigns.campaign_questionnaire(
            session, actor, campaign_id=campaign.id, questionnaire_id=qid
        )
        response = responses.find_response(
            session, actor, cite_id=cite.id, campaign_id=campaign.id, questionnaire_id=qid
        )
        if response is None:
            progress = compute_progress(q, {}, cite.phase, is_open_on(cite.opened_on, date.today()))
        else:
            progress = responses.progress(session, actor, response_id=response.id)
        editable = (
            allowed(actor, Permission.fill, cite.id)
            and campaign.state == "open"
            and (response is None or response.state != "submitted")
        )
        found.append(Card(q, response, progress, editable))
    return found


def overall(progress: Progress) -> tuple[float, str]:
    """Ratio and text of a progress bar: questions answered out of those asked (the figure of
    the follow-up and its exports), then the required ones when there are any."""
    text = t("overview.answered", answered=progress.answered, total=progress.visible)
    if progress.required_total:
        text += " · " + t(
            "overview.required", answered=progress.required_answered, total=progress.required_total
        )
    return progress.ratio, text


def header(campaign: CampaignPublic, cite: CitePublic) -> None:
    """The Cité, its phase and the campaign's dates."""
    phase = word(PHASE, cite.phase.value)
    st.markdown(f"**{escape_markdown(cite.name)}** · {t('overview.phase', phase=phase)}")
    dates = [
        t(f"overview.{what}", date=date_text(day))
        for what, day in (
            ("opens", campaign.opens_on),
            ("closes", campaign.closes_on),
            ("due", campaign.due_on),
        )
        if day is not None
    ]
    status = t("overview.campaign_state", state=t(f"campaign.{campaign.state.value}"))
    st.caption(" · ".join([status, *dates]))


def show_cards(found: list[Card], lang: Lang) -> None:
    """Two cards per row."""
    for start in range(0, len(found), 2):
        columns = st.columns(2)
        for column, card in zip(columns, found[start : start + 2], strict=False):
            with column:
                show_card(card, lang)


def show_card(card: Card, lang: Lang) -> None:
    q, progress = card.questionnaire, card.progress
    with st.container(border=True, key=f"card-{q.id}"):
        st.subheader(escape_markdown(q.title(lang)), anchor=False)
        st.badge(t(f"state.{card.state}"), color=STATE_COLOURS.get(card.state, "gray"))
        if card.response and card.response.submitted_at and card.state == "submitted":
            st.caption(
                t(
                    "overview.submitted",
                    when=local_time(card.response.submitted_at),
                    who=person(card.response.submitted_by),
                )
            )
        if card.response and card.state == "reopened" and card.response.reopen_reason:
            st.warning(
                t("overview.reopen_reason", reason=escape_markdown(card.response.reopen_reason)),
                icon=":material/lock_open:",
            )
        st.progress(*overall(progress))
        with st.expander(t("overview.by_section")):
            for section in progress.sections:
                st.progress(
                    section.ratio,
                    text=escape_markdown(
                        f"{section.title(lang)} — {section.required_answered}/"
                        f"{section.required_total} · {section.answered}/{section.visible}"
                    ),
                )
        label = t("overview.open") if card.editable else t("overview.view")
        if st.button(label, key=f"open.{q.id}", icon=":material/edit_note:", type="primary"):
            selection.open_questionnaire(q.id)
            st.switch_page(navigation.page_of("fill"), query_params={"q": q.id})
