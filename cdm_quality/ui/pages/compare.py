"""Comparison across Cités and campaigns: heatmap, answer distribution, one Cité against the
network, evolution (label authority and admins)."""

import streamlit as st

from cdm_quality.services import compare, database
from cdm_quality.services.errors import ServiceError
from cdm_quality.ui import common, compare_view, filters, selection
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.text import escape_markdown

VIEWS = ("heatmap", "distribution", "benchmark", "evolution")

actor = common.setup(signed_in=True)
lang = current_lang()
st.title(t("compare.title"))
st.caption(t("compare.intro"))
with database.session() as session:
    first, second = st.columns(2)
    campaign = selection.campaign(session, actor, first)
    qid = filters.scored_questionnaire(session, actor, campaign, second) if campaign else None
    if campaign and qid:
        third, fourth = st.columns(2)
        chosen = filters.phase_and_country(session, actor, third, fourth)
        drafts = st.checkbox(t("compare.include_drafts"), key="compare.drafts")
        view = st.radio(
            t("compare.view"),
            VIEWS,
            format_func={v: t(f"compare.view.{v}") for v in VIEWS}.get,
            horizontal=True,
            key="compare.view",
        )
        scope = {
            "questionnaire_id": qid,
            "phase": chosen.phase,
            "country": chosen.country,
            "include_drafts": drafts,
        }
        try:
            if view == "heatmap":
                found = compare.heatmap(session, actor, campaign_id=campaign.id, **scope)
                compare_view.show_heatmap(found, lang)
            elif view == "distribution":
                found = compare.item_distribution(session, actor, campaign_id=campaign.id, **scope)
                compare_view.show_distribution(found, lang)
            elif view == "benchmark":
                cite = selection.cite(session, actor)
                if cite is not None:
                    found = compare.cite_benchmark(
                        session, actor, campaign_id=campaign.id, cite_id=cite.id, **scope
                    )
                    compare_view.show_benchmark(found, lang)
            else:
                whole_network = st.toggle(t("compare.network_only"), key="compare.network_only")
                cite = None if whole_network else selection.cite(session, actor)
                found = compare.evolution(
                    session, actor, cite_id=cite.id if cite else None, **scope
                )
                compare_view.show_evolution(found, lang, compare_view.section_choice(found, lang))
        except ServiceError as error:
            st.error(escape_markdown(error_text(error)))
