"""The sign-in page inside the app: why the user is here and the way to the server's sign-in
form (`/signin`, which sets the session cookie and offers the OpenID Connect providers)."""

from __future__ import annotations

import streamlit as st

from cdm_quality.settings import get_settings
from cdm_quality.ui import auth
from cdm_quality.ui.i18n import t, tn


def sign_in_form() -> None:
    """Title, the reason the user is here (an ended session) and the way to the form."""
    st.title(t("login.title"))
    if st.session_state.get(auth.EXPIRED_KEY):
        minutes = get_settings().idle_minutes
        st.info(tn("login.expired", minutes, minutes=minutes), icon=":material/timer:")
    st.button(
        t("signin.local"),
        key="sign_in.local",
        type="primary",
        icon=":material/login:",
        on_click=auth.go_to_sign_in,
    )
