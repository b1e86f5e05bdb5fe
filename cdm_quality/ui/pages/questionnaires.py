"""Questionnaires: the network's grids read-only (sections, items, help, scales)."""

import streamlit as st

from cdm_quality.domain.labels import PHASE
from cdm_quality.domain.questionnaire import PHASES
from cdm_quality.settings import get_settings
from cdm_quality.ui import common, describe, selection
from cdm_quality.ui.catalogue import catalogue
from cdm_quality.ui.i18n import current_lang, t, word

common.setup_public()
lang = current_lang()
st.title(t("questionnaires.title"))
st.caption(t("questionnaires.intro"))

found = catalogue()
describe.show_problems(found.problems)
if not found.questionnaires:
    st.info(t("catalogue.empty", path=get_settings().questionnaires_path().name))
    st.stop()

left, right = st.columns(2)
titles = {qid: q.title(lang) for qid, q in found.questionnaires.items()}
chosen = selection.sticky_select(
    t("questionnaires.choose"),
    list(titles),
    key="questionnaires.chosen",
    default=next(iter(titles)),
    format_func=titles.__getitem__,
    container=left,
)
phase_names = {None: t("questionnaires.all_phases")} | {p: word(PHASE, p.value) for p in PHASES}
phase = selection.sticky_select(
    t("questionnaires.phase_filter"),
    list(phase_names),
    key="questionnaires.phase",
    default=None,
    format_func=phase_names.__getitem__,
    container=right,
)
describe.show_questionnaire(found.questionnaires[chosen], lang, phase)
