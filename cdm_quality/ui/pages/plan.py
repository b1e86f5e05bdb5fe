"""8.1.2 Improvement plan: the Cité's actions in an editable table saved on each edit,
proposals from the synthesis, last year's unfinished actions carried over, the schedule and
the PDF (the Cité's own people edit; the label authority and admins read any Cité)."""

import streamlit as st

from cdm_quality.services import database, plan
from cdm_quality.services.errors import ServiceError
from cdm_quality.ui import common, plan_view, review_view, selection
from cdm_quality.ui.document_lang import document_lang
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import current_lang, t, tn
from cdm_quality.ui.text import escape_markdown

FLASH = "plan.flash"

actor = common.setup()
lang = current_lang()
st.title(t("plan.title"))
st.caption(t("plan.intro"))
view = outcome = None
with database.session() as session:
    campaign, cite = selection.campaign_and_cite(session, actor)
    if campaign and cite:
        ids = {"cite_id": cite.id, "campaign_id": campaign.id}
        outcome = plan_view.save_pending(session, actor, **ids, lang=lang)
        view = plan.plan_view(session, actor, **ids, lang=lang)
        sources = review_view.plan_sources(session, actor, **ids)


def run_action(shown: plan.PlanView, done: str, nothing: str, work) -> None:
    """Run a plan service (propose, carry over), then redraw the `shown` plan's table from the
    database; `done` is the key of the message counting what was added."""
    try:
        with database.session() as own:
            added = work(own)
    except ServiceError as error:
        st.session_state[FLASH] = ("error", t("plan.refused", reason=error_text(error)))
    else:
        message = tn(done, len(added)) if added else nothing
        st.session_state[FLASH] = ("success" if added else "info", message)
        plan_view.redraw(shown.cite.id, shown.campaign.id)
    st.rerun()


if view is not None:
    st.markdown(f"**{escape_markdown(view.cite.name)}** · {escape_markdown(view.campaign.name)}")
    if view.read_only_reason:
        closed = view.campaign.state.value != "open"
        name = escape_markdown(view.campaign.name)
        st.info(t("plan.closed", campaign=name) if closed else t("plan.read_only"))
    busy = bool(outcome and (outcome.problems or outcome.refusal))
    first, second, third = st.columns(3)
    if view.can_edit:
        if first.button(
            t("plan.propose"),
            help=t("plan.propose_help"),
            disabled=busy,
            icon=":material/lightbulb:",
            key="plan.propose",
        ):
            run_action(
                view,
                "plan.proposed",
                t("plan.nothing_to_propose"),
                lambda own: plan.propose(own, actor, **ids, lang=lang),
            )
        if view.carry_over and second.button(
            t("plan.carry"),
            help=tn(
                "plan.carry_help",
                view.carry_over,
                campaign=escape_markdown(view.previous_campaign or ""),
            ),
            disabled=busy,
            icon=":material/redo:",
            key="plan.carry",
        ):
            run_action(
                view, "plan.carried", "", lambda own: plan.carry_over_previous(own, actor, **ids)
            )
    annex = third.checkbox(t("plan.annex"), value=True, key="plan.annex")
    document = document_lang(actor, view.cite, third)
    plan_view.pdf_button(actor, view.cite, view.campaign, document, third, annex=annex)
    flash = st.session_state.pop(FLASH, None)
    if flash:
        getattr(st, flash[0])(escape_markdown(flash[1]))
    plan_view.review(view, lang)
    plan_view.overdue(view)
    plan_view.actions_table(view, lang)
    review_view.show_plan_sources(sources, {a.id: a.action.title for a in view.actions})
    plan_view.dropped_notes(view)
    plan_view.save_state(view, outcome)
    plan_view.uncovered(view)
    plan_view.decide_form(view)
    plan_view.timeline(view, lang)
