"""Filters shared by the authority's pages: campaign, questionnaire, phase, country."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from cdm_quality.domain.labels import PHASE
from cdm_quality.domain.questionnaire import PHASES, Phase
from cdm_quality.services.database import DbSession
from cdm_quality.services.network import campaigns
from cdm_quality.services.network.campaigns import CampaignPublic
from cdm_quality.services.network.follow_up import countries
from cdm_quality.services.people.access import Actor
from cdm_quality.ui.i18n import current_lang, t, word
from cdm_quality.ui.layout import Container
from cdm_quality.ui.selection import sticky_select

ALL = ""
PHASE_KEY = "filter.phase"
COUNTRY_KEY = "filter.country"
SCORED_KEY = "filter.scored_questionnaire"


@dataclass(frozen=True)
class Filters:
    phase: Phase | None
    country: str | None


def phase_and_country(
    session: DbSession, actor: Actor, left: Container = st, right: Container = st
) -> Filters:
    """Phase and country selectboxes ("all" first), kept across pages."""
    phase_labels = {ALL: t("filter.all_phases")} | {p.value: word(PHASE, p.value) for p in PHASES}
    phase = sticky_select(
        t("filter.phase"),
        list(phase_labels),
        key=PHASE_KEY,
        default=ALL,
        format_func=phase_labels.__getitem__,
        container=left,
    )
    country_labels = {ALL: t("filter.all_countries")} | {c: c for c in countries(session, actor)}
    country = sticky_select(
        t("filter.country"),
        list(country_labels),
        key=COUNTRY_KEY,
        default=ALL,
        format_func=country_labels.__getitem__,
        container=left if right is None else right,
    )
    return Filters(phase=Phase(phase) if phase else None, country=country or None)


def scored_questionnaire(
    session: DbSession, actor: Actor, campaign: CampaignPublic, container: Container = st
) -> str | None:
    """A questionnaire of the campaign that has scored items (the comparable ones)."""
    titles = {}
    for frozen in campaign.questionnaires:
        questionnaire = campaigns.campaign_questionnaire(
            session, actor, campaign_id=campaign.id, questionnaire_id=frozen.questionnaire_id
        )
        if any(item.scored for item in questionnaire.items()):
            titles[questionnaire.id] = questionnaire.title(current_lang())
    if not titles:
        st.info(t("filter.no_scored"))
        return None
    preferred = "qualite" if "qualite" in titles else next(iter(titles))
    return sticky_select(
        t("filter.questionnaire"),
        list(titles),
        key=SCORED_KEY,
        default=preferred,
        format_func=titles.__getitem__,
        container=container,
    )
