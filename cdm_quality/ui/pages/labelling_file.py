"""The labelling file of a Cité for its phase: how ready each item asked is, and what is
still missing before it can be handed in (the Cité's own people; the label authority and
admins choose any Cité)."""

import streamlit as st

from cdm_quality.services import database
from cdm_quality.services.errors import NotFound
from cdm_quality.services.labelling import dossier_export, readiness
from cdm_quality.ui import common, labelling_file_view, selection
from cdm_quality.ui.document_lang import document_lang
from cdm_quality.ui.i18n import current_lang, t

actor = common.setup()
lang = current_lang()
st.title(t("nav.labelling_file"))
st.caption(t("file.intro"))
found, empty = None, []
with database.session() as session:
    campaign, cite = selection.campaign_and_cite(session, actor)
    if campaign and cite:
        try:
            found = readiness.readiness(session, actor, cite_id=cite.id, campaign_id=campaign.id)
        except NotFound:
            st.info(t("file.no_plan"))
        else:
            empty = dossier_export.empty_items(session, actor, found)
if found is not None:
    labelling_file_view.pdf_button(found, empty, lang, document_lang(actor, found.cite))
    labelling_file_view.show(found, lang)
