"""Fill in: one questionnaire of the Cité, section by section, saved as it is answered."""

import streamlit as st

from cdm_quality.services import database
from cdm_quality.ui import (
    common,
    evidence,
    fill_view,
    grids_view,
    review_view,
    selection,
    team_view,
)
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.text import escape_markdown

actor = common.setup()
lang = current_lang()
loaded = None
with database.session() as session:
    top = st.columns(3 if actor.cite_id is None else 2)
    campaign = selection.campaign(session, actor, top[0])
    cite = selection.cite(session, actor, top[1]) if campaign else None
    if campaign and cite:
        titles = fill_view.titles(session, actor, campaign, lang)
        qid = selection.questionnaire_id(campaign, titles, top[-1])
        loaded = fill_view.load(
            session, actor, cite_id=cite.id, campaign=campaign, questionnaire_id=qid
        )
        attached = evidence.attached(session, loaded[0].response.id) if loaded else {}
        team = team_view.board(session, loaded[0].response.id) if loaded else None
        notes = (
            review_view.load(
                session, actor, cite_id=cite.id, lang=lang, response_id=loaded[0].response.id
            )
            if loaded
            else None
        )
        grids = grids_view.load(
            session,
            actor,
            cite_id=cite.id,
            campaign_id=campaign.id,
            questionnaire_id=qid,
            lang=lang,
        )
if campaign and cite:
    st.title(escape_markdown(titles[qid]))
    st.caption(escape_markdown(f"{cite.name} · {campaign.name}"))
    section = None
    if loaded is None:
        st.info(t("fill.not_started"))
    else:
        section = fill_view.show(*loaded, lang, attached, team, notes, grids)
    chooses_cite = actor.cite_id is None  # the authority: the Cité is part of the address
    selection.write_address(c=str(cite.id) if chooses_cite else None, q=qid, s=section)
