"""The bare page of `bench/browser.py`: the demo's widgets with no work behind them.

The kinds and numbers of widgets of each view (sign-in, overview, grid) come from the JSON
file named by `CDM_BENCH_WIDGETS`, counted on the demo; the steps the bench times (sign in,
open the grid, choose a level, change section) each rerun this script once, as on the demo.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import streamlit as st

COUNTS: dict[str, dict[str, int]] = json.loads(
    Path(os.environ["CDM_BENCH_WIDGETS"]).read_text(encoding="utf-8")
)
LEVELS = ["1", "2", "3", "4"]
MAKERS: dict[str, Callable[[str], object]] = {
    "stButton": lambda key: st.button("Bouton", key=key),
    "stFormSubmitButton": lambda key: None,  # only in the sign-in form, made there
    "stTextInput": lambda key: st.text_input("Texte", key=key),
    "stTextArea": lambda key: st.text_area("Remarque", key=key),
    "stRadio": lambda key: st.radio("Choix", ["un", "deux", "trois"], key=key),
    "stButtonGroup": lambda key: st.pills("Niveau", LEVELS, key=key),
    "stCheckbox": lambda key: st.checkbox("Case", key=key),
    "stToggle": lambda key: st.toggle("Bascule", key=key),
    "stSelectbox": lambda key: st.selectbox("Liste", ["un", "deux"], key=key),
    "stMultiSelect": lambda key: st.multiselect("Plusieurs", ["un", "deux"], key=key),
    "stNumberInput": lambda key: st.number_input("Nombre", key=key),
    "stDateInput": lambda key: st.date_input("Date", value=None, key=key),
    "stDownloadButton": lambda key: st.download_button("Télécharger", b"x", key=key),
    "stExpander": lambda key: st.expander("Détails", key=key).write("…"),
}


def the_rest(view: str, made: dict[str, int], scope: str = "") -> None:
    """The widgets of `view` not made yet, so that the page holds as many as the demo's."""
    for kind, count in COUNTS[view].items():
        for number in range(count - made.get(kind, 0)):
            MAKERS[kind](f"{view}.{scope}.{kind}.{number}")


def go(view: str) -> None:
    st.session_state.view = view


def saved() -> None:
    st.session_state.version = st.session_state.get("version", 0) + 1


def sign_in() -> None:
    st.title("Connexion")
    with st.form("sign_in"):
        st.text_input("Identifiant")
        st.text_input("Mot de passe", type="password")
        st.form_submit_button("Se connecter", on_click=go, args=("overview",))
    the_rest("login", {"stTextInput": 2})


def overview() -> None:
    st.subheader("Overview")
    st.button("Remplir", on_click=go, args=("grid",))
    the_rest("overview", {"stButton": 1})


def grid() -> None:
    section = st.radio("Sections", ["Section 1", "Section 2", "Section 3"], key="section")
    st.subheader(section)
    with st.container(key="target"):
        st.pills("Niveau", LEVELS, key=f"target.{section}", on_change=saved)
        if st.session_state.get("version"):
            st.caption(f"Enregistré (version {st.session_state.version})")
    the_rest("grid", {"stRadio": 1, "stButtonGroup": 1}, scope=section)


{"login": sign_in, "overview": overview, "grid": grid}[st.session_state.get("view", "login")]()
