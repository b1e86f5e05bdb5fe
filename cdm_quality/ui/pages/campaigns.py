"""Campaigns (label authority): the list, a new campaign made of frozen copies of the
questionnaire files (its form emptied once it is made), opening, closing, deleting a draft."""

import streamlit as st

from cdm_quality.services import database
from cdm_quality.services.assessment import review
from cdm_quality.services.network import campaigns
from cdm_quality.services.network.campaigns import CampaignState
from cdm_quality.ui import administration, catalogue, common, confirm, describe
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.text import DATE_INPUT_FORMAT, escape_markdown

CREATE = "campaigns.create"  # the new-campaign form (`administration.generation`)
DELETE = "cp.delete_confirm"  # a draft campaign to delete, waiting for confirmation

actor = common.setup()
lang = current_lang()
st.title(t("campaigns.title"))
administration.show_flash()
st.caption(t("campaigns.intro"))
with database.session() as session:
    found = campaigns.list_campaigns(session, actor)
    proposed_year = campaigns.next_year(session, actor)
st.dataframe(administration.campaigns_frame(found), hide_index=True, width="stretch")

drafts = {c.id: c for c in found if c.state is CampaignState.draft}
opened = {c.id: c for c in found if c.state is CampaignState.open}
left, right = st.columns(2)
with left.container(border=True):
    st.markdown(f"**{t('campaigns.open')}**")
    if drafts:
        chosen = st.selectbox(
            t("campaigns.col.name"),
            list(drafts),
            format_func=lambda c: drafts[c].name,
            key="cp.open",
            placeholder=t("widget.choose"),
        )
        start, drop = st.columns(2)
        if start.button(
            t("campaigns.open_button"), icon=":material/play_arrow:", key="cp.open_btn"
        ):
            administration.run(
                lambda s: campaigns.open_campaign(s, actor, campaign_id=chosen),
                done=t("campaigns.opened"),
            )
        if drop.button(t("campaigns.delete_button"), icon=":material/delete:", key="cp.delete"):
            question = t("campaigns.delete_confirm", name=escape_markdown(drafts[chosen].name))
            confirm.ask(DELETE, question, campaign_id=chosen)
        confirm.box(
            DELETE,
            confirm=t("campaigns.delete_button"),
            run=lambda data: administration.run(
                lambda s: campaigns.delete_draft(s, actor, campaign_id=data["campaign_id"]),
                done=t("campaigns.deleted"),
            ),
        )
    else:
        st.caption(t("campaigns.no_draft"))
with right.container(border=True):
    st.markdown(f"**{t('campaigns.close')}**")
    if opened:
        chosen_open = next(iter(opened))
        st.caption(escape_markdown(opened[chosen_open].name))
        sure = st.checkbox(t("campaigns.close_confirm"), key="cp.close_sure")
        if st.button(
            t("campaigns.close_button"), icon=":material/stop:", disabled=not sure, key="cp.close"
        ):
            administration.run(
                lambda s: campaigns.close_campaign(s, actor, campaign_id=chosen_open),
                done=t("campaigns.closed"),
            )
    else:
        st.caption(t("campaigns.none_open"))

settable = {c.id: c for c in found if c.state is not CampaignState.closed}
if settable:
    with st.container(border=True, key="cp-due"):
        st.markdown(f"**{t('campaigns.due_title')}**")
        st.caption(t("campaigns.due_help"))
        ids = list(settable)
        target = st.selectbox(
            t("overview.campaign"),
            ids,
            index=ids.index(next(iter(opened), ids[0])),
            format_func={cid: c.name for cid, c in settable.items()}.__getitem__,
            key="cp.due_campaign",
            placeholder=t("widget.choose"),
        )
        due_on = st.date_input(
            t("campaigns.due_date"),
            value=settable[target].due_on,
            format=DATE_INPUT_FORMAT,
            key=f"cp.due.{target}",
        )
        save_it, clear_it = st.columns(2)
        if save_it.button(
            t("campaigns.due_save"), icon=":material/event_available:", key="cp.due_save"
        ):
            if due_on is None:
                st.error(t("campaigns.due_pick"))
            else:
                administration.run(
                    lambda s: review.set_due_date(s, actor, campaign_id=target, due_on=due_on),
                    done=t("campaigns.due_saved"),
                )
        if settable[target].due_on and clear_it.button(
            t("campaigns.due_clear"), icon=":material/event_busy:", key="cp.due_clear"
        ):
            administration.run(
                lambda s: review.set_due_date(s, actor, campaign_id=target, due_on=None),
                done=t("campaigns.due_cleared"),
                clear=(f"cp.due.{target}",),
            )

closed = {c.id: c for c in found if c.state is CampaignState.closed}
if closed:
    with st.container(border=True):
        st.markdown(f"**{t('campaigns.reopen')}**")
        again = st.selectbox(
            t("campaigns.col.name"),
            list(closed),
            format_func=lambda c: closed[c].name,
            key="cp.reopen",
            placeholder=t("widget.choose"),
        )
        if st.button(t("campaigns.reopen_button"), icon=":material/replay:", key="cp.reopen_btn"):
            confirm.ask(
                "cp.reopen_confirm",
                t("campaigns.reopen_confirm", name=escape_markdown(closed[again].name)),
                campaign_id=again,
            )
        confirm.box(
            "cp.reopen_confirm",
            confirm=t("campaigns.reopen_button"),
            run=lambda data: administration.run(
                lambda s: campaigns.reopen_campaign(s, actor, campaign_id=data["campaign_id"]),
                done=t("campaigns.reopened"),
            ),
        )

st.subheader(t("campaigns.create"), anchor=False)
files = catalogue.catalogue()
describe.show_problems(files.problems)
titles = {qid: f"{q.title(lang)} (v{q.version})" for qid, q in files.questionnaires.items()}
generation = administration.generation(CREATE)  # a new form after each campaign made
with st.form(f"campaigns.create_form.{generation}"):
    first, second = st.columns(2)
    year = first.number_input(
        t("campaigns.col.year"),
        min_value=2000,
        max_value=2100,
        value=proposed_year,
        step=1,
        key=f"cp.new.year.{generation}",
    )
    name = second.text_input(
        t("campaigns.col.name"),
        max_chars=120,
        placeholder=campaigns.default_name(proposed_year),
        help=t("campaigns.name_hint"),
        key=f"cp.new.name.{generation}",
    )
    opens_on = first.date_input(
        t("campaigns.col.opens"),
        value=None,
        format=DATE_INPUT_FORMAT,
        help=t("campaigns.dates_help"),
        key=f"cp.new.opens.{generation}",
    )
    closes_on = second.date_input(
        t("campaigns.col.closes"),
        value=None,
        format=DATE_INPUT_FORMAT,
        help=t("campaigns.dates_help"),
        key=f"cp.new.closes.{generation}",
    )
    chosen_ids = st.multiselect(
        t("campaigns.col.questionnaires"),
        list(titles),
        default=list(titles),
        format_func=titles.__getitem__,
        placeholder=t("widget.choose_many"),
        select_all=False,  # Streamlit words it in English only; every grid is chosen already
        key=f"cp.new.questionnaires.{generation}",
    )
    if st.form_submit_button(t("campaigns.create_button"), icon=":material/add:"):
        administration.run(
            lambda s: campaigns.create_campaign(
                s,
                actor,
                year=int(year),
                questionnaires=[files.questionnaires[q] for q in chosen_ids],
                name=name.strip() or None,
                opens_on=opens_on,
                closes_on=closes_on,
            ),
            done=t("campaigns.created"),
            renew=CREATE,
        )
