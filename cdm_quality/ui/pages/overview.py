"""Overview: the campaign's questionnaires for the Cité, with state and progress; for its
director, the team and the invitation of an assessor for the campaign."""

import streamlit as st

from cdm_quality.services import database
from cdm_quality.ui import common, overview, selection, team_view
from cdm_quality.ui.i18n import current_lang, t

actor = common.setup(signed_in=True)
st.title(t("overview.title"))
with database.session() as session:
    left, right = st.columns(2)
    campaign = selection.campaign(session, actor, left)
    cite = selection.cite(session, actor, right) if campaign else None
    found = overview.cards(session, actor, campaign, cite) if campaign and cite else []
    team = team_view.team(session, actor, cite) if campaign and cite else None
if campaign and cite:
    overview.header(campaign, cite)
    overview.show_cards(found, current_lang())
    if team is not None:  # the director's: who rates, and inviting an assessor
        team_view.team_panel(actor, campaign, cite, team)
