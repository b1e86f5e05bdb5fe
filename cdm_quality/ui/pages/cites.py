"""Cités: the list, creating and editing one (admins), recording a labelling decision on its
phase with date and note (label authority and admins), and its phase history."""

import datetime as dt

import streamlit as st

from cdm_quality.services import database
from cdm_quality.services.network import cites
from cdm_quality.services.people.access import Permission, allowed
from cdm_quality.ui import administration, common, confirm, review_view
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.text import DATE_INPUT_FORMAT

DECISION = "cites.decision"  # the labelling decision waiting for confirmation

actor = common.setup()
st.title(t("cites.title"))
administration.show_flash()
with database.session() as session:
    found = cites.list_cites(session, actor)
st.dataframe(administration.cites_frame(found), hide_index=True, width="stretch")

by_id = {c.id: c for c in found}
labels = {c.id: c.name for c in found}
if by_id:
    st.subheader(t("cites.phase_title"), anchor=False)
    chosen = st.selectbox(
        t("cites.cite"),
        list(by_id),
        format_func=labels.__getitem__,
        key="cites.chosen",
        placeholder=t("widget.choose"),
    )
    cite = by_id[chosen]
    with database.session() as session:
        basis = review_view.basis_choices(session, actor, cite_id=cite.id, lang=current_lang())
        rests_on = review_view.decisions_basis(session, actor, cite, current_lang())
    st.dataframe(administration.history_frame(cite, rests_on), hide_index=True, width="stretch")
    if allowed(actor, Permission.record_phase, cite.id):
        with st.form("cites.phase_form"):
            phase, decision = administration.phase_and_decision(cite)
            decided_on = st.date_input(
                t("cites.decided_on"), value=dt.date.today(), format=DATE_INPUT_FORMAT
            )
            note = st.text_area(t("cites.note"), max_chars=2000, key="cites.phase_note")
            chosen_basis = st.multiselect(
                t("cites.basis"),
                list(basis),
                format_func=basis.__getitem__,
                key=f"cites.basis.{cite.id}",
                help=t("cites.basis_help"),
                placeholder=t("widget.choose_many"),
                select_all=False,  # Streamlit words it in English only
            )
            if st.form_submit_button(t("cites.record"), icon=":material/gavel:"):
                confirm.ask(  # it changes the Cité's phase: asked first, naming all of it
                    DECISION,
                    administration.decision_question(cite, phase, decision, decided_on),
                    cite_id=cite.id,
                    phase=phase,
                    decision=decision,
                    decided_on=decided_on,
                    note=note,
                    basis=chosen_basis,
                )
        confirm.box(
            DECISION,
            confirm=t("cites.record"),
            run=lambda d: administration.run(
                lambda s: cites.record_phase(s, actor, **d),
                done=t("cites.recorded"),
                clear=("cites.phase_note", f"cites.basis.{d['cite_id']}"),
            ),
        )

if allowed(actor, Permission.manage_cites):
    create, edit = st.tabs([t("cites.create"), t("cites.edit")])
    with create, st.form("cites.create_form"):
        data = administration.cite_fields(None, with_phase=True)
        since = st.date_input(t("cites.since"), value=dt.date.today(), format=DATE_INPUT_FORMAT)
        if st.form_submit_button(t("cites.create_button"), icon=":material/add:"):
            administration.run(
                lambda s: cites.create_cite(
                    s, actor, data=administration.cite_data(data), since=since
                ),
                done=t("cites.created"),
                clear=administration.NEW_CITE_KEYS,
            )
    with edit:
        if by_id:
            target = st.selectbox(
                t("cites.cite"),
                list(by_id),
                format_func=labels.__getitem__,
                key="cites.edit_chosen",
                placeholder=t("widget.choose"),
            )
            with st.form("cites.edit_form"):
                data = administration.cite_fields(by_id[target], with_phase=False)
                if st.form_submit_button(t("cites.save"), icon=":material/save:"):
                    administration.run(
                        lambda s: cites.update_cite(
                            s, actor, cite_id=target, data=administration.cite_data(data)
                        ),
                        done=t("cites.saved"),
                    )
