"""User accounts (admins): the list, adding an account, enabling or disabling it, changing its
role or Cité, setting a new password (the last three end the account's open sessions)."""

import streamlit as st

from cdm_quality.services import database
from cdm_quality.services.errors import AccessDenied
from cdm_quality.services.network import cites
from cdm_quality.services.people import users
from cdm_quality.services.people.access import Role
from cdm_quality.ui import administration, common, confirm
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import t
from cdm_quality.ui.text import escape_markdown

NEEDS_CITE = (Role.director, Role.contributor, Role.assessor)
# An assessor is invited by their Cité's director for one campaign (overview), not made here.
NEW_ROLES: list[Role] = [r for r in Role if r is not Role.assessor]
NO_CITE = 0  # Cité ids start at 1
TOGGLE = "users.toggle_confirm"  # disabling an account, waiting for confirmation
NEW_ACCOUNT_KEYS = tuple(f"users.new.{k}" for k in ("login", "name", "email", "cite", "password"))

actor = common.setup()
st.title(t("users.title"))
administration.show_flash()
with database.session() as session:
    try:
        accounts = users.list_users(session, actor)
    except AccessDenied as error:
        st.error(escape_markdown(error_text(error)))
        st.stop()
    cite_names = {c.id: c.name for c in cites.list_cites(session, actor)}
st.dataframe(administration.users_frame(accounts, cite_names), hide_index=True, width="stretch")

add, manage = st.tabs([t("users.add"), t("users.manage")])
with add, st.form("users.add_form"):  # a refused account keeps what was typed
    left, right = st.columns(2)
    login = left.text_input(t("users.col.login"), max_chars=64, key="users.new.login")
    name = right.text_input(t("users.col.name"), max_chars=120, key="users.new.name")
    email = left.text_input(t("users.col.email"), max_chars=254, key="users.new.email")
    role = right.selectbox(
        t("users.col.role"),
        NEW_ROLES,
        format_func={r: t(f"role.{r.value}") for r in Role}.__getitem__,
        help=t("users.role_help"),
        placeholder=t("widget.choose"),
    )
    cite_id = left.selectbox(
        t("users.col.cite"),
        [NO_CITE, *cite_names],
        format_func=({NO_CITE: t("users.no_cite")} | cite_names).__getitem__,
        help=t("users.cite_help"),
        key="users.new.cite",
        placeholder=t("widget.choose"),
    )
    password = right.text_input(
        t("users.password"), type="password", max_chars=256, key="users.new.password"
    )
    if st.form_submit_button(t("users.add_button"), icon=":material/person_add:"):
        administration.run(
            lambda s: users.add_user(
                s,
                actor,
                login=login,
                name=name.strip(),
                password=password,
                role=role,
                cite_id=cite_id if role in NEEDS_CITE and cite_id != NO_CITE else None,
                email=email.strip() or None,
            ),
            done=t("users.added", login=login),
            clear=NEW_ACCOUNT_KEYS,
        )
with manage:
    logins = [u.login for u in accounts]
    if logins:
        target = st.selectbox(
            t("users.col.login"), logins, key="users.target", placeholder=t("widget.choose")
        )
        current = next(u for u in accounts if u.login == target)
        st.caption(t("users.active") if current.active else t("users.inactive"))
        toggle = t("users.disable") if current.active else t("users.enable")
        if st.button(toggle, key="users.toggle"):
            if current.active:  # signs the account out everywhere: asked first
                question = t("users.disable_confirm", login=escape_markdown(current.login))
                confirm.ask(TOGGLE, question, login=target)
            else:
                administration.run(
                    lambda s: users.set_active(s, actor, login=target, active=True),
                    done=t("users.changed"),
                )
        confirm.box(
            TOGGLE,
            confirm=t("users.disable"),
            run=lambda d: administration.run(
                lambda s: users.set_active(s, actor, login=d["login"], active=False),
                done=t("users.changed"),
            ),
        )
        with st.form("users.role_form"):
            left, right = st.columns(2)
            roles = NEW_ROLES if current.role in NEW_ROLES else [*NEW_ROLES, current.role]
            new_role = left.selectbox(
                t("users.col.role"),
                roles,
                index=roles.index(current.role),
                format_func={r: t(f"role.{r.value}") for r in Role}.__getitem__,
                key=f"users.role.{target}",
                placeholder=t("widget.choose"),
            )
            new_cite = right.selectbox(
                t("users.col.cite"),
                [NO_CITE, *cite_names],
                index=[NO_CITE, *cite_names].index(current.cite_id or NO_CITE),
                format_func=({NO_CITE: t("users.no_cite")} | cite_names).__getitem__,
                help=t("users.cite_help"),
                key=f"users.cite.{target}",
                placeholder=t("widget.choose"),
            )
            if st.form_submit_button(t("users.change_role"), icon=":material/badge:"):
                administration.run(
                    lambda s: users.change_role(
                        s,
                        actor,
                        login=target,
                        role=new_role,
                        cite_id=new_cite if new_role in NEEDS_CITE and new_cite else None,
                        campaign_id=current.campaign_id if new_role is Role.assessor else None,
                    ),
                    done=t("users.role_changed"),
                )
        with st.form("users.password_form"):
            new_password = st.text_input(
                t("users.new_password"), type="password", max_chars=256, key="users.set_password"
            )
            if st.form_submit_button(t("users.set_password"), icon=":material/key:"):
                administration.run(
                    lambda s: users.change_password(
                        s, actor, login=target, new_password=new_password
                    ),
                    done=t("users.password_set"),
                    clear=("users.set_password",),
                )
