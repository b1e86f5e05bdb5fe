"""Overview: what is due for the user, then the campaign's questionnaires for the Cité with
state and progress, the label authority's review of them, and for the Cité's director the
team and the invitation of an assessor for the campaign."""

import datetime as dt

import streamlit as st

from cdm_quality.services import database
from cdm_quality.ui import common, inbox_view, overview, review_view, selection, team_view
from cdm_quality.ui.i18n import current_lang, t

actor = common.setup()
lang = current_lang()
today = dt.date.today()
st.title(t("overview.title"))
notes = None
inbox_box = st.container()  # above the choice of campaign: it spans every campaign
with database.session() as session:
    due = inbox_view.lines(session, actor, today=today, lang=lang)
    campaign, cite = selection.campaign_and_cite(session, actor)
    found = overview.cards(session, actor, campaign, cite) if campaign and cite else []
    team = team_view.team(session, actor, cite) if campaign and cite else None
    if campaign and cite:
        notes = review_view.load(
            session, actor, cite_id=cite.id, campaign_id=campaign.id, lang=lang
        )
with inbox_box:
    inbox_view.show(due)
if campaign and cite:
    overview.header(campaign, cite)
    overview.show_cards(found, current_lang())
    if notes is not None:
        review_view.campaign_notes(notes, today=today)
    if team is not None:  # the director's: who rates, and inviting an assessor
        team_view.team_panel(campaign, cite, team)
