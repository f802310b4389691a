"""Streamlit entrypoint: page config, navigation, shared sidebar."""

import streamlit as st

st.set_page_config(page_title="workbench — services publics", page_icon="🇫🇷", layout="wide")

pages = [
    st.Page("pages/accueil.py", title="Accueil", icon="🏠", default=True),
    st.Page("pages/jeux_de_donnees.py", title="Jeux de données", icon="🗂️"),
]

with st.sidebar:
    st.markdown("**workbench**  \nÉvaluer les réponses d'IA des services publics")

st.navigation(pages).run()
