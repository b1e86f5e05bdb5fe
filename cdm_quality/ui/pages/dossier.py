"""Labelling-file plan: the depth asked for each dossier item in each label phase."""

import streamlit as st

from cdm_quality.services.labelling.dossier import dossier_matrix
from cdm_quality.ui import common, describe
from cdm_quality.ui.catalogue import catalogue
from cdm_quality.ui.i18n import current_lang, t
from cdm_quality.ui.tables import records_csv

common.setup_public()
lang = current_lang()
st.title(t("dossier.title"))
st.caption(t("dossier.intro"))

found = catalogue()
plan = found.questionnaires.get("dossier")
if plan is None:
    describe.show_problems({f: p for f, p in found.problems.items() if "dossier" in f})
    st.warning(t("dossier.missing"))
    st.stop()

rows = dossier_matrix(plan, lang=lang)
table = describe.dossier_table(rows)
st.dataframe(table, hide_index=True, height=38 + 35 * len(table))
st.download_button(
    t("dossier.download"),
    data=records_csv(table),
    file_name="dossier-matrix.csv",
    mime="text/csv",
    icon=":material/download:",
)
