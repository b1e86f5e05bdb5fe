"""Router: the pages of the signed-in role (see `cdm_quality/ui/navigation.py`)."""

import streamlit as st

from cdm_quality.ui import common, navigation, warmup

warmup.warm_up_in_background()  # once per process: the pages' imports done before needed
common.page_config()  # before the menu: its page icons would be fetched from fonts.gstatic.com
with common.service_errors_told():
    st.navigation(navigation.pages_for_session()).run()
