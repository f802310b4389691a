import pandas as pd
import streamlit as st

from workbench import results
from workbench.ui import data_table, empty_state, get_jobs, get_store, kpi_tiles, md, status_label, t, visible_pages

st.title(t("Accueil"))
st.caption("Banc d'évaluation des réponses d'IA générative des services publics.")

HOME_METRICS = ("context_recall", "rouge_l", "faithfulness", "sources_cited")  # the latest scores shown here
store = get_store()
overview = store.overview()
cols = st.columns(5)
cols[0].metric(t("Jeux de questions"), overview["datasets"], help=f"{overview['questions']} questions")
cols[1].metric(t("Fiches"), overview["documents"], help=f"{overview['corpora']} corpus")
cols[2].metric(
    t("Expériences SP+"), overview["experiences"],
    help=f"Expériences publiées sur Services Publics+ ; {overview['replies']} réponses des structures",
)
cols[3].metric(t("Retours d'agents"), overview["agent_feedback"])
cols[4].metric(t("Exécutions"), overview["runs"], help=f"{overview['answers']} réponses générées, {overview['scores']} scores")

if not any(overview.values()):
    empty_state(
        "La base est vide. Lancez `workbench demo` pour charger les données de démonstration,"
        " ou importez vos fichiers dans « Jeux de données »."
    )

if overview["experiences"]:
    tiles = kpi_tiles(store)
    if tiles:
        st.subheader(t("Indicateurs"))
        for col, (label, value, target) in zip(st.columns(len(tiles)), tiles):
            col.metric(label, value, help=f"objectif : {target}" if target else None)

active = get_jobs().active()
if active:
    st.subheader(t("Rejeux en cours"))
    for job in active:
        st.progress(job.fraction, text=f"{md(job.pipeline)} × {md(job.dataset)} : {job.done}/{job.total}")

product_owner = st.session_state.get("active_role", "product_owner") == "product_owner"
runs = store.runs_summary() if product_owner else []
if runs:
    st.subheader(t("Dernières exécutions"))
    recent = runs[:8]
    means: dict[str, list[dict]] = {}
    for m in store.metric_summaries([r["run_id"] for r in recent]):
        means.setdefault(m["run_id"], []).append(m)
    table, scored = [], False
    for r in recent:
        row = {
            "exécution": r["run_id"],
            "pipeline": r["pipeline"],
            "jeu": r["dataset"],
            "statut": status_label(r["status"]),
            "répondues": f"{r['answered']}/{r['n_questions']}",
        }
        for m in means.get(r["run_id"], []):
            if m["metric"] in HOME_METRICS and pd.notna(m["mean"]):
                row[results.metric_label(m["metric"]) + (f" ({m['judge']})" if m["judge"] else "")] = round(float(m["mean"]), 3)
                scored = True
        table.append(row)
    data_table(table, key="home_runs")
    if not scored:
        st.caption("Aucun score encore : notez une exécution depuis « Résultats ».")

links = [
    ("views/jeux_de_donnees.py", "Parcourir et importer des données", ":material/dataset:"),
    ("views/pipelines.py", "Configurer un pipeline", ":material/tune:"),
    ("views/rejouer.py", "Rejouer un jeu de questions", ":material/play_circle:"),
    ("views/resultats.py", "Voir les résultats d'une exécution", ":material/table_view:"),
    ("views/comparer.py", "Comparer des exécutions", ":material/compare_arrows:"),
    ("views/evaluer.py", "Évaluer des réponses", ":material/rate_review:"),
    ("views/indicateurs.py", "Consulter les indicateurs", ":material/monitoring:"),
]
visible = {p.file for p in visible_pages()}
shown = [(file, label, icon) for file, label, icon in links if file in visible]
st.subheader(t("Agir"))
for file, label, icon in shown:
    st.page_link(file, label=t(label), icon=icon)
if not shown:
    empty_state(
        "Les pages de ce rôle (Évaluer pour les agents, Indicateurs pour le ministère) ne sont pas"
        " encore installées dans cette version du banc."
    )
