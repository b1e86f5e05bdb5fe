"""8.1.1 Synthesis of remarks: a Cité's grids item by item, with section scores beside the
previous campaign and the network median (the Cité's own people; the label authority and
admins choose any Cité)."""

import streamlit as st

from cdm_quality.domain import languages
from cdm_quality.services import database
from cdm_quality.services.assessment import synthesis
from cdm_quality.ui import common, navigation, plan_view, selection, synthesis_view
from cdm_quality.ui.document_lang import document_lang
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.text import escape_markdown

actor = common.setup()
lang = current_lang()
st.title(t("synthesis.title"))
st.caption(t("synthesis.intro"))
found = None
with database.session() as session:
    campaign, cite = selection.campaign_and_cite(session, actor)
    if campaign and cite:
        found = synthesis.cite_synthesis(
            session, actor, cite_id=cite.id, campaign_id=campaign.id, lang=lang
        )
if found is not None:
    st.markdown(f"**{escape_markdown(found.cite.name)}** · {escape_markdown(found.campaign.name)}")
    written_in = languages.chosen(found.cite.language)
    if written_in != lang:  # its words are shown as written, in its language
        named = languages.name_in(written_in, lang)
        st.caption(t("synthesis.written_in", language=named))
    first, second = st.columns(2)
    document = document_lang(actor, found.cite, first)
    plan_view.pdf_button(actor, found.cite, found.campaign, document, first)
    if second.button(t("synthesis.to_plan"), icon=":material/checklist:", key="syn.to_plan"):
        st.switch_page(navigation.page_of("plan"))
    synthesis_view.show(found, lang, actor)
