"""The language a Cité's documents are downloaded in (the 8.1 PDF, the labelling file)."""

from __future__ import annotations

import streamlit as st

from cdm_quality.domain import languages
from cdm_quality.domain.languages import Lang
from cdm_quality.services.network.cites import CitePublic
from cdm_quality.services.people.access import Actor
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.layout import Container


def document_lang(actor: Actor, cite: CitePublic, container: Container = st) -> Lang:
    """The Cité's working language, the one of the documents it hands in; someone outside the
    Cité (the label authority, an admin) reading another language chooses between the two."""
    working = languages.chosen(cite.language)
    reader = current_lang()
    if actor.cite_id == cite.id or reader == working:
        return working
    worded = {
        working: t("document.lang.cite", language=languages.language(working).name),
        reader: t("document.lang.reader", language=languages.language(reader).name),
    }
    chosen: Lang = container.radio(
        t("document.lang"),
        list(worded),
        format_func=worded.__getitem__,
        horizontal=True,
        key=f"document.lang.{cite.id}",
    )
    return chosen
