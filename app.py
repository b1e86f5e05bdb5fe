"""Router: the pages of the signed-in role (see `cdm_quality/ui/navigation.py`)."""

import streamlit as st

from cdm_quality.ui import common, navigation, warmup

warmup.warm_up_in_background()  # once per process: the pages' imports done before needed
st.set_page_config(page_icon=common.FAVICON, layout="wide")  # before the menu: its page icons
with common.service_errors_told():  # are then no tab icon fetched from fonts.gstatic.com
    st.navigation(navigation.pages_for_session()).run()
