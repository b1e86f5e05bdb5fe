"""My Cité against the network: the own Cité's scores beside anonymous network figures
(directors and contributors). No other Cité is named: the services only return aggregates."""

import streamlit as st

from cdm_quality.domain.disclosure import MEDIAN_MIN
from cdm_quality.services import database
from cdm_quality.ui import common, compare_view, filters, selection
from cdm_quality.ui.i18n import current_lang, t

actor = common.setup()
lang = current_lang()
st.title(t("network.title"))
st.caption(t("network.intro", min=MEDIAN_MIN))
with database.session() as session:
    first, second = st.columns(2)
    campaign = selection.campaign(session, actor, first)
    qid = filters.scored_questionnaire(session, actor, campaign, second) if campaign else None
    if campaign and qid:
        third, fourth = st.columns(2)
        chosen = filters.phase_and_country(session, actor, third, fourth)
        scope = {"questionnaire_id": qid, "phase": chosen.phase, "country": chosen.country}
        titled = (
            ("benchmark", t("network.benchmark")),
            ("evolution", t("network.evolution")),
            ("distribution", t("network.distribution")),
        )
        for view, title in titled:
            st.subheader(title, anchor=False)
            compare_view.VIEWS[view](
                session, actor, compare_view.ViewScope(lang, campaign.id, scope)
            )
