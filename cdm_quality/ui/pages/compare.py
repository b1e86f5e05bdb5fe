"""Comparison across Cités and campaigns: heatmap, answer distribution, one Cité against the
network, evolution (label authority and admins)."""

import streamlit as st

from cdm_quality.services import compare, database
from cdm_quality.ui import common, compare_view, filters, selection
from cdm_quality.ui.i18n import current_lang, t

actor = common.setup()
lang = current_lang()
st.title(t("compare.title"))
st.caption(t("compare.intro"))
with database.session() as session:
    first, second = st.columns(2)
    campaign = selection.campaign(  # opens on the latest campaign with submissions
        session,
        actor,
        first,
        key="compare.campaign_id",
        default_id=compare.campaign_to_compare(session, actor),
    )
    qid = filters.scored_questionnaire(session, actor, campaign, second) if campaign else None
    if campaign and qid:
        third, fourth = st.columns(2)
        chosen = filters.phase_and_country(session, actor, third, fourth)
        drafts = st.checkbox(t("compare.include_drafts"), key="compare.drafts")
        view = st.radio(
            t("compare.view"),
            tuple(compare_view.VIEWS),
            format_func={v: t(f"compare.view.{v}") for v in compare_view.VIEWS}.get,
            horizontal=True,
            key="compare.view",
        )
        scope = {
            "questionnaire_id": qid,
            "phase": chosen.phase,
            "country": chosen.country,
            "include_drafts": drafts,
        }
        # the benchmark sets a chosen Cité against the network; the evolution one too, or
        # the whole network when the toggle says so
        whole_network = view == "evolution" and st.toggle(
            t("compare.network_only"), key="compare.network_only"
        )
        chooses_cite = view in ("benchmark", "evolution") and not whole_network
        cite = selection.cite(session, actor) if chooses_cite else None
        if view != "benchmark" or cite is not None:
            where = compare_view.ViewScope(
                lang, campaign.id, scope, cite_id=cite.id if cite else None
            )
            compare_view.VIEWS[view](session, actor, where)
