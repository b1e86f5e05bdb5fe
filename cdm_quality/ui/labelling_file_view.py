"""The labelling file's readiness on the page: the figure, what is still missing, every item
asked in the phase with its depth and state."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cdm_quality.domain import formats
from cdm_quality.domain.labels import DOSSIER_LEVEL, PHASE
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.reports.dossier_pdf import Copy
from cdm_quality.services.labelling import dossier_export
from cdm_quality.services.labelling.readiness import Readiness, ReadinessItem
from cdm_quality.ui import auth
from cdm_quality.ui.i18n import t, tn, word
from cdm_quality.ui.layout import Container
from cdm_quality.ui.text import escape_markdown, local_time


def show(found: Readiness, lang: Lang) -> None:
    """Header, readiness figure, what is missing, then the table of every item asked."""
    phase = word(PHASE, found.phase.value)
    st.markdown(
        f"**{escape_markdown(found.cite.name)}** · {escape_markdown(found.campaign.name)} · "
        + t("file.phase", phase=phase)
    )
    asked = len(found.items)
    ready = formats.percent(found.percent, lang)  # 55 % / 55%: as the reader's language writes it
    st.metric(t("file.readiness"), ready, help=t("file.readiness_help"))
    st.progress(found.percent / 100, text=tn("file.done", found.done, done=found.done, asked=asked))
    if found.missing:
        st.subheader(t("file.missing"))
        lines = [
            f"- **{escape_markdown(item.number)}** {_title(item, lang)} · "
            + t(f"file.state.{item.state.value}")
            for item in found.missing
        ]
        st.markdown("\n".join(lines))
    else:
        st.success(t("file.complete"), icon=":material/task_alt:")
    st.subheader(t("file.items"))
    st.dataframe(items_frame(found, lang), hide_index=True, use_container_width=True)


_DOWNLOAD: dict[str, tuple[str, str, str]] = {  # button, file name, help
    "hand_in": ("file.pdf.hand_in", "file.pdf_name.hand_in", "file.pdf_help.hand_in"),
    "working": ("file.pdf.working", "file.pdf_name.working", "file.pdf_help.working"),
}


def pdf_button(found: Readiness, empty: list[ReadinessItem], lang: Lang, document: Lang) -> None:
    """The hand-in copy (for the label authority) and the working copy (each item's depth and
    state) as PDF in `document`'s language (`ui.document_lang`), made when clicked; the items
    still `empty` (`dossier_export.empty_items`) are named, in the reader's `lang`, before the
    hand-in copy is made."""
    if empty:
        names = ", ".join(f"{item.number} {item.title(lang)}" for item in empty)
        st.warning(
            tn("file.still_empty", len(empty), items=escape_markdown(names)),
            icon=":material/edit_note:",
        )
    hand_in, working = st.columns(2)
    _download(found, document, "hand_in", hand_in)
    _download(found, document, "working", working)


def _download(found: Readiness, lang: Lang, edition: Copy, container: Container) -> None:
    cite_id, campaign_id = found.cite.id, found.campaign.id
    actor = auth.actor()  # a deferred download runs outside the script: no session state then
    if actor is None:
        return

    def pdf() -> bytes:
        with auth.signed_in_session(actor) as session:
            return dossier_export.dossier_pdf(
                session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang, edition=edition
            )

    label, name, help_text = (t(key) for key in _DOWNLOAD[edition])
    container.download_button(
        label,
        data=pdf,
        file_name=f"{name} - {found.cite.name} - {found.campaign.name}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        type="primary" if edition == "hand_in" else "secondary",
        help=help_text,
        key=f"file.pdf.{edition}",
        on_click="ignore",
    )


def _title(item: ReadinessItem, lang: Lang) -> str:
    return escape_markdown(item.title(lang))


def items_frame(found: Readiness, lang: Lang) -> pd.DataFrame:
    """One row per item asked: number, title, depth, state, last save, attachments."""
    rows = [
        {
            t("file.col.number"): item.number,
            t("file.col.title"): item.title(lang),
            t("file.col.depth"): word(DOSSIER_LEVEL, item.depth.value),
            t("file.col.state"): t(f"file.state.{item.state.value}"),
            t("file.col.saved"): local_time(item.saved_at) if item.saved_at else "",
            t("file.col.attachments"): ", ".join(item.attachments),
        }
        for item in found.items
    ]
    keys = ("number", "title", "depth", "state", "saved", "attachments")
    columns = [t(f"file.col.{c}") for c in keys]
    return pd.DataFrame(rows, columns=columns)
