import streamlit as st

from workbench.ui import empty_state, get_store

st.title("Accueil")
st.caption("Banc d'évaluation des réponses d'IA générative des services publics.")

overview = get_store().overview()
cols = st.columns(5)
cols[0].metric("Jeux de questions", overview["datasets"], help=f"{overview['questions']} questions")
cols[1].metric("Fiches", overview["documents"], help=f"{overview['corpora']} corpus")
cols[2].metric("Expériences Services Publics+", overview["experiences"], help=f"{overview['replies']} réponses")
cols[3].metric("Retours d'agents", overview["agent_feedback"])
cols[4].metric("Exécutions", overview["runs"], help=f"{overview['answers']} réponses générées")

if not any(overview.values()):
    empty_state(
        "La base est vide. Lancez `workbench demo` pour charger les données de démonstration,"
        " ou importez vos fichiers dans « Jeux de données »."
    )
st.page_link("pages/jeux_de_donnees.py", label="Parcourir et importer des données", icon="🗂️")
