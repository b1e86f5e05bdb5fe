"""The sign-in form: local account, and one button per OpenID Connect provider if configured."""

from __future__ import annotations

import streamlit as st

from cdm_quality.settings import get_settings
from cdm_quality.ui import auth
from cdm_quality.ui.i18n import t
from cdm_quality.ui.text import escape_markdown


def sign_in_form() -> None:
    """Title, the reason the user is here (expired session, unknown identity) and the forms."""
    st.title(t("login.title"))
    if st.session_state.get(auth.EXPIRED_KEY):
        st.info(t("login.expired", minutes=get_settings().idle_minutes), icon=":material/timer:")
    unknown = st.session_state.get(auth.OIDC_UNKNOWN_KEY)
    if unknown:
        st.warning(escape_markdown(t("login.oidc_unknown", email=unknown)))
    _local_form()
    providers = auth.oidc_providers()
    if providers:
        st.divider()
        for provider in providers:
            label = t("login.with", provider=provider.label)
            if st.button(label, key=f"oidc.{provider.name or ''}", icon=":material/key:"):
                st.login(provider.name)


def _local_form() -> None:
    with st.form("sign_in", border=True, width=420):
        login = st.text_input(t("login.login"), key="sign_in.login", autocomplete="username")
        password = st.text_input(
            t("login.password"),
            type="password",
            key="sign_in.password",
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(
            t("login.submit"), type="primary", icon=":material/login:"
        )
    if submitted:
        error = auth.sign_in(login or "", password or "")
        if error:
            st.error(error)
        else:
            st.rerun()
