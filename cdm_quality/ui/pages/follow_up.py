"""Campaign follow-up: every Cité × questionnaire with its state and progress, filters,
CSV / XLSX exports (the table, and every answer in long form), reopening a submitted
self-assessment (label authority and admins)."""

import streamlit as st

from cdm_quality.services import database, exports
from cdm_quality.services.network.follow_up import FollowUp, FollowUpState, follow_up
from cdm_quality.ui import administration, auth, common, filters, navigation, selection
from cdm_quality.ui.follow_up import (
    follow_up_frame,
    progress_column_config,
    reopen_form,
    submitted_rows,
)
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.tables import export_buttons

actor = common.setup()
st.title(t("followup.title"))
administration.show_flash()
with database.session() as session:
    first, second, third = st.columns(3)
    campaign = selection.campaign(session, actor, first)
    found: FollowUp | None = None
    if campaign:
        chosen = filters.phase_and_country(session, actor, second, third)
        found = follow_up(
            session, actor, campaign_id=campaign.id, phase=chosen.phase, country=chosen.country
        )

if campaign and found is not None:
    campaign_id = campaign.id  # the exports below run later, when their button is pressed
    counts = st.columns(len(FollowUpState))
    for column, state in zip(counts, FollowUpState, strict=True):
        column.metric(t(f"followup.state.{state.value}"), found.count(state))
    st.dataframe(
        follow_up_frame(found),
        hide_index=True,
        width="stretch",
        column_config=progress_column_config(),
    )

    lang = current_lang()

    def follow_up_table() -> exports.Table:
        with auth.signed_in_session(actor) as own:
            return exports.follow_up_table(
                follow_up(
                    own, actor, campaign_id=campaign_id, phase=chosen.phase, country=chosen.country
                ),
                lang,
            )

    def answers_table() -> exports.Table:
        with auth.signed_in_session(actor) as own:
            table = exports.answers_table(
                own,
                actor,
                campaign_id=campaign_id,
                phase=chosen.phase,
                country=chosen.country,
                lang=lang,
            )
            return exports.Table(table.columns, list(table.rows))

    st.subheader(t("followup.exports"), anchor=False)
    st.caption(t("followup.export_table"))
    export_buttons(
        follow_up_table,
        name=f"follow-up-{campaign.year}",
        sheet=t("export.sheet.follow_up"),
        key="fu.table",
    )
    st.caption(t("followup.export_answers"))
    export_buttons(
        answers_table,
        name=f"answers-{campaign.year}",
        sheet=t("export.sheet.answers"),
        key="fu.ans",
    )

    st.subheader(t("followup.read"), anchor=False)
    readable = {row.cite_id: row.cite for row in found.rows}
    left, middle, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    cite_id = left.selectbox(
        t("followup.col.cite"),
        list(readable),
        format_func=readable.__getitem__,
        key="fu.read_cite",
        placeholder=t("widget.choose"),
    )
    for column, target in ((middle, "synthesis"), (right, "plan")):
        if column.button(t(f"nav.{target}"), key=f"fu.read.{target}", icon=":material/article:"):
            st.session_state[selection.CAMPAIGN_KEY] = campaign.id  # the page opens on them
            st.session_state[selection.CITE_KEY] = cite_id
            st.switch_page(navigation.page_of(target))

    st.subheader(t("followup.reopen"), anchor=False)
    reopen_form(actor, submitted_rows(found))
