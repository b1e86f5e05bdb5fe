"""Questionnaires: the network's grids read-only (sections, items, help, scales)."""

import streamlit as st

from cdm_quality.domain.labels import PHASE
from cdm_quality.domain.questionnaire import PHASES
from cdm_quality.ui import common, describe
from cdm_quality.ui.catalogue import QUESTIONNAIRES_DIR, catalogue
from cdm_quality.ui.i18n import current_lang, t, word

common.setup()
lang = current_lang()
st.title(t("questionnaires.title"))
st.caption(t("questionnaires.intro"))

found = catalogue()
describe.show_problems(found.problems)
if not found.questionnaires:
    st.info(t("catalogue.empty", path=QUESTIONNAIRES_DIR.name))
    st.stop()

left, right = st.columns(2)
chosen = left.selectbox(
    t("questionnaires.choose"),
    options=list(found.questionnaires),
    format_func=lambda qid: found.questionnaires[qid].title(lang),
    key="questionnaires.chosen",
)
phase_names = {None: t("questionnaires.all_phases")} | {p: word(PHASE, p.value) for p in PHASES}
phase = right.selectbox(
    t("questionnaires.phase_filter"),
    options=list(phase_names),
    format_func=phase_names.get,
    key="questionnaires.phase",
)
describe.show_questionnaire(found.questionnaires[chosen], lang, phase)
