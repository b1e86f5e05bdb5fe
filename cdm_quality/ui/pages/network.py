"""My Cité against the network: the own Cité's scores beside anonymous network figures
(directors and contributors). No other Cité is named: the services only return aggregates."""

import streamlit as st

from cdm_quality.services import compare, database
from cdm_quality.services.errors import ServiceError
from cdm_quality.ui import common, compare_view, filters, selection
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.text import escape_markdown

actor = common.setup(signed_in=True)
lang = current_lang()
st.title(t("network.title"))
st.caption(t("network.intro"))
with database.session() as session:
    first, second = st.columns(2)
    campaign = selection.campaign(session, actor, first)
    qid = filters.scored_questionnaire(session, actor, campaign, second) if campaign else None
    if campaign and qid:
        third, fourth = st.columns(2)
        chosen = filters.phase_and_country(session, actor, third, fourth)
        scope = {"questionnaire_id": qid, "phase": chosen.phase, "country": chosen.country}
        try:
            st.subheader(t("network.benchmark"), anchor=False)
            benchmark = compare.cite_benchmark(session, actor, campaign_id=campaign.id, **scope)
            compare_view.show_benchmark(benchmark, lang)
            st.subheader(t("network.evolution"), anchor=False)
            evolution = compare.evolution(session, actor, **scope)
            compare_view.show_evolution(
                evolution, lang, compare_view.section_choice(evolution, lang)
            )
            st.subheader(t("network.distribution"), anchor=False)
            distribution = compare.item_distribution(
                session, actor, campaign_id=campaign.id, **scope
            )
            compare_view.show_distribution(distribution, lang)
        except ServiceError as error:
            st.error(escape_markdown(error_text(error)))
