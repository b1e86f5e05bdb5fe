"""The sign-in page inside the app: why the user is here, the way to the server's sign-in
form (`/signin`, which sets the session cookie), and one button per OpenID Connect provider."""

from __future__ import annotations

import streamlit as st

from cdm_quality.settings import get_settings
from cdm_quality.ui import auth
from cdm_quality.ui.i18n import t, tn
from cdm_quality.ui.text import escape_markdown


def sign_in_form() -> None:
    """Title, the reason the user is here (ended session, unknown identity) and the buttons."""
    st.title(t("login.title"))
    if st.session_state.get(auth.EXPIRED_KEY):
        minutes = get_settings().idle_minutes
        st.info(tn("login.expired", minutes, minutes=minutes), icon=":material/timer:")
    unknown = st.session_state.get(auth.OIDC_UNKNOWN_KEY)
    if unknown:
        st.warning(escape_markdown(t("login.oidc_unknown", email=unknown)))
    st.button(
        t("signin.local"),
        key="sign_in.local",
        type="primary",
        icon=":material/login:",
        on_click=auth.go_to_sign_in,
    )
    providers = auth.oidc_providers()
    if providers:
        st.divider()
        for provider in providers:
            label = t("login.with", provider=provider.label)
            if st.button(label, key=f"oidc.{provider.name or ''}", icon=":material/key:"):
                st.login(provider.name)
