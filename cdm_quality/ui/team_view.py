"""The team's ratings on the questionnaire page (scored items only): each member's own rating
and remark, "my ratings are done", and for the director every rating, the spread and the
consensus with its rationale; on the overview, the director's team and the invitation of an
assessor for the campaign. The rules (who reads what) are in `services.assessment.ratings`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from cdm_quality.domain.answers import answer_text
from cdm_quality.domain.questionnaire import Item, ItemKind, Lang, Questionnaire
from cdm_quality.services import database
from cdm_quality.services.assessment import ratings
from cdm_quality.services.assessment.ratings import ItemRatings, TeamBoard
from cdm_quality.services.errors import ServiceError
from cdm_quality.services.network import campaigns
from cdm_quality.services.network.campaigns import CampaignPublic
from cdm_quality.services.network.cites import CitePublic
from cdm_quality.services.people.access import Actor, Permission, allowed
from cdm_quality.services.people.users import UserPublic
from cdm_quality.ui import administration, auth, confirm
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import t, tn
from cdm_quality.ui.text import escape_markdown


def board(session: database.DbSession, rid: int) -> TeamBoard | None:
    """The response's ratings as the signed-in user may read them (None: nothing to rate)."""
    actor = auth.actor()
    if actor is None:
        return None
    found = ratings.team_board(session, actor, response_id=rid)
    if not found.items:
        return None
    return found


def choices(q: Questionnaire, item: Item) -> list[Any]:
    """The values a rating may take: the item's levels (and not applicable), or yes / no."""
    if item.kind == ItemKind.yes_no:
        return [True, False]
    scale = q.scale(item.scale)
    return [] if scale is None else scale.level_ids()


def summary(team: TeamBoard, rid: int) -> None:
    """Above the sections: how far the user's own ratings are, and "my ratings are done"."""
    with st.container(border=True, key=f"team-summary-{rid}"):
        st.markdown(f"**{t('team.title')}**")
        if team.sees_all and team.divergent:
            st.caption(tn("team.divergent_count", len(team.divergent)))
        if team.own_done:
            st.caption(t("team.done_note"))
            return
        if not team.can_rate:
            return
        st.caption(t("team.hidden_note"))
        st.button(
            t("team.finish"),
            key=f"team.finish.{rid}",
            icon=":material/task_alt:",
            on_click=confirm.ask,
            args=(f"team.finish.{rid}", t("team.finish_confirm")),
            kwargs={"rid": rid},
        )
        confirm.box(f"team.finish.{rid}", confirm=t("team.finish"), run=_finish)
        confirm.told(f"team.finish.{rid}")


def _finish(data: dict[str, Any]) -> None:
    rid = int(data["rid"])
    current = auth.actor()
    if current is None:
        confirm.tell(f"team.finish.{rid}", "error", t("fill.signed_out"))
        return
    try:
        with database.session() as session:
            ratings.finish_ratings(session, current, response_id=rid)
    except ServiceError as exc:
        confirm.tell(f"team.finish.{rid}", "error", error_text(exc))


def panel(
    team: TeamBoard, rid: int, q: Questionnaire, item: Item, lang: Lang, version: int
) -> None:
    """Under a scored item: the user's own rating, then what they may read of the others'."""
    shown = team.items.get(item.id)
    if shown is None:
        return
    me = auth.actor()
    own = shown.own(me.id if me else None)
    label = t("team.item_label", count=len(shown.ratings)) if team.sees_all else t("team.mine")
    if shown.divergent:
        label += " · " + t("team.divergent")
    with st.expander(label, icon=":material/groups:", expanded=shown.divergent):
        if team.can_rate:
            _rate_form(rid, q, item, lang, own)
        elif own is not None and not team.sees_all:
            st.markdown(_line(q, item, lang, own.rated_by, own.value, own.remark))
        if team.sees_all:
            _everyone(q, item, lang, shown)
        if team.can_set_consensus and shown.ratings:
            _consensus_form(rid, q, item, lang, shown, version)
        key = f"team.item.{rid}.{item.id}"
        confirm.told(key)


def _line(q: Questionnaire, item: Item, lang: Lang, who: str, value: Any, remark: str) -> str:
    shown = answer_text(q, item, value, lang) if value is not None else "—"
    text = f"**{escape_markdown(who)}** : {escape_markdown(shown)}"
    return text + (f" — {escape_markdown(remark)}" if remark else "")


def _everyone(q: Questionnaire, item: Item, lang: Lang, shown: ItemRatings) -> None:
    for rating in shown.ratings:
        st.markdown(_line(q, item, lang, rating.rated_by, rating.value, rating.remark))
    if shown.lowest is not None:
        spread = t(
            "team.spread",
            low=escape_markdown(answer_text(q, item, shown.lowest, lang)),
            high=escape_markdown(answer_text(q, item, shown.highest, lang)),
        )
        if shown.divergent:
            st.warning(spread + " " + t("team.divergent_help"), icon=":material/warning:")
        else:
            st.caption(spread)
    if shown.rationale:
        st.caption(t("team.rationale_shown", text=escape_markdown(shown.rationale)))


def _rate_form(rid: int, q: Questionnaire, item: Item, lang: Lang, own: Any) -> None:
    options = choices(q, item)
    current = own.value if own is not None else None
    with st.form(key=f"team.rate.{rid}.{item.id}", border=False):
        value = st.selectbox(
            t("team.my_rating"),
            options,
            index=options.index(current) if current in options else None,
            format_func=lambda v: answer_text(q, item, v, lang),
            placeholder=t("team.choose"),
        )
        remark = st.text_input(
            t("team.my_remark"), value=own.remark if own is not None else "", max_chars=2000
        )
        if st.form_submit_button(t("team.save_rating"), icon=":material/save:"):
            confirm.act(
                f"team.item.{rid}.{item.id}",
                lambda s, a: ratings.rate(
                    s, a, response_id=rid, item_id=item.id, value=value, remark=remark
                ),
                t("team.rating_saved"),
            )
            st.rerun()


def _consensus_form(
    rid: int, q: Questionnaire, item: Item, lang: Lang, shown: ItemRatings, version: int
) -> None:
    options = choices(q, item)
    with st.form(key=f"team.consensus.{rid}.{item.id}", border=False):
        value = st.selectbox(
            t("team.consensus"),
            options,
            index=None,
            format_func=lambda v: answer_text(q, item, v, lang),
            placeholder=t("team.choose"),
        )
        rationale = st.text_area(t("team.rationale"), value=shown.rationale, max_chars=4000)
        if st.form_submit_button(t("team.set_consensus"), icon=":material/how_to_vote:"):
            if value is None:
                confirm.tell(f"team.item.{rid}.{item.id}", "error", t("team.choose_first"))
                return
            confirm.act(
                f"team.item.{rid}.{item.id}",
                lambda s, a: ratings.set_consensus(
                    s,
                    a,
                    response_id=rid,
                    item_id=item.id,
                    value=value,
                    rationale=rationale,
                    expected_version=version,
                ),
                t("team.consensus_saved"),
            )
            st.rerun()


# --- the team, on the overview ----------------------------------------------------------------

INVITE_FIELDS = ("login", "name", "email", "password")
INVITE_KEYS = tuple(f"team.invite.{field}" for field in INVITE_FIELDS)
INVITE_REFUSED = "team.invite.refused"  # why the last invitation was refused, shown once


@dataclass(frozen=True)
class Team:
    """The director's Cité's accounts, and the names of the campaigns its assessors rate."""

    members: list[UserPublic]
    campaign_names: dict[int, str]


def team(session: database.DbSession, actor: Actor, cite: CitePublic) -> Team | None:
    """The team of `cite` when the user is its director (who invites assessors), else None."""
    if not allowed(actor, Permission.consensus, cite.id):
        return None
    names = {c.id: c.name for c in campaigns.list_campaigns(session, actor)}
    return Team(ratings.team_members(session, actor), names)


def team_panel(campaign: CampaignPublic, cite: CitePublic, found: Team) -> None:
    """The director's team (who rates) and, in an open campaign, the invitation of a
    partner's counsellor as an assessor of that campaign."""
    st.subheader(t("team.members_title"), anchor=False)
    administration.show_flash()
    st.table(members_frame(found), hide_index=True)  # a few rows: a plain HTML table
    if campaign.state != "open":
        st.caption(t("team.invite_closed"))
        return
    with st.expander(t("team.invite_title"), icon=":material/person_add:"):
        _invite_form(campaign, cite)


def members_frame(found: Team) -> pd.DataFrame:
    """One row per account: name, login, role (an assessor's with their campaign), email."""
    columns = ("name", "login", "role", "email", "active")
    rows = [
        (
            u.name,
            u.login,
            _role(u, found.campaign_names),
            u.email or "",
            t("users.active.yes" if u.active else "users.active.no"),
        )
        for u in found.members
    ]
    return pd.DataFrame(rows, columns=[t(f"users.col.{c}") for c in columns])


def _role(user: UserPublic, campaign_names: dict[int, str]) -> str:
    role = t(f"role.{user.role.value}")
    if user.campaign_id is None:
        return role
    return t("team.role_for", role=role, campaign=campaign_names.get(user.campaign_id, ""))


def _invite_form(campaign: CampaignPublic, cite: CitePublic) -> None:
    st.caption(t("team.invite_help", campaign=escape_markdown(campaign.name)))
    with st.form("team.invite_form"):
        left, right = st.columns(2)
        left.text_input(
            t("users.col.login"), max_chars=64, key=INVITE_KEYS[0], help=t("team.login_help")
        )
        right.text_input(t("users.col.name"), max_chars=120, key=INVITE_KEYS[1])
        left.text_input(t("users.col.email"), max_chars=254, key=INVITE_KEYS[2])
        right.text_input(
            t("users.password"),
            type="password",
            max_chars=256,
            key=INVITE_KEYS[3],
            help=t("team.password_help"),
        )
        st.form_submit_button(
            t("team.invite_button"),
            icon=":material/person_add:",
            on_click=_invite,
            args=(campaign.id, campaign.name, cite.name),
        )
        refused = st.session_state.pop(INVITE_REFUSED, None)
        if refused:
            st.error(escape_markdown(refused))


def _invite(campaign_id: int, campaign: str, cite: str) -> None:
    """The submit's callback, run before the page is drawn again: an accepted invitation
    empties the form (widgets may be set only before they are drawn) and is told above the
    team; a refused one keeps what was typed and says why."""
    typed = {
        f: str(st.session_state.get(k) or "")
        for f, k in zip(INVITE_FIELDS, INVITE_KEYS, strict=True)
    }
    current = auth.actor()
    if current is None:
        st.session_state[INVITE_REFUSED] = t("fill.signed_out")
        return
    try:
        with database.session() as session:
            invited = ratings.invite_assessor(
                session,
                current,
                campaign_id=campaign_id,
                login=typed["login"],
                name=typed["name"].strip(),
                password=typed["password"],
                email=typed["email"].strip() or None,
            )
    except ServiceError as error:
        st.session_state[INVITE_REFUSED] = error_text(error)
        return
    for key in INVITE_KEYS:
        st.session_state[key] = ""
    st.session_state[administration.FLASH_KEY] = t(
        "team.invited",
        name=escape_markdown(invited.name),
        login=escape_markdown(invited.login),
        campaign=escape_markdown(campaign),
        cite=escape_markdown(cite),
    )
