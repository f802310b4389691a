import streamlit as st

from workbench import pipeline_files as pf
from workbench.jobs import CANCELLED, FAILED, FINISHED
from workbench.ui import empty_state, get_jobs, get_store, md, run_action, run_label, status_label, t

st.title(t("Rejouer"))
st.caption(
    "Faites passer un jeu de questions dans un ou plusieurs pipelines. Le rejeu continue si vous"
    " quittez la page ; les réponses sont enregistrées au fil de l'eau."
)
store = get_store()
jobs = get_jobs()

pipelines = {f.label: f.config for f in pf.pipeline_files() if f.config is not None}
datasets = store.datasets()

if not datasets:
    empty_state("Aucun jeu de questions : importez-en un dans « Jeux de données » (ou lancez `workbench demo`).")
elif not pipelines:
    empty_state("Aucune configuration de pipeline : créez-en une dans « Pipelines ».")
else:
    with st.form("replay_form", border=True):
        chosen = st.multiselect(
            t("Pipeline(s)"), list(pipelines), key="replay_pipelines",
            help="Une exécution par pipeline, sur le même jeu de questions.",
        )
        labels = {f"{d['name']}@{d['version']} — {d['n_questions']} questions": d["id"] for d in datasets}
        c1, c2, c3 = st.columns([3, 1, 1])
        dataset = c1.selectbox(t("Jeu de questions"), list(labels), key="replay_dataset")
        limit = c2.number_input(
            "Nombre de questions", min_value=1, step=1, value=None, key="replay_limit",
            placeholder="toutes", help="Vide : toutes les questions du jeu.",
        )
        concurrency = c3.number_input("Requêtes simultanées", min_value=1, max_value=256, value=4, step=1, key="replay_concurrency")
        submitted = st.form_submit_button(t("Lancer le rejeu"), type="primary")
    if submitted:
        if not chosen:
            st.warning("Choisissez au moins un pipeline.", icon=":material/warning:")
        for label in chosen:
            pipeline = pipelines[label]
            needs_server = pipeline.generation.kind in ("openai", "vllm")
            job = run_action(
                lambda: jobs.start_replay(
                    store, pipeline, labels[dataset],
                    limit=int(limit) if limit else None, concurrency=int(concurrency),
                ),
                success=lambda j: f"Rejeu lancé : {j.pipeline} × {j.dataset} (exécution {j.run_id})"
                + (" — ce pipeline appelle un serveur de modèle." if needs_server else ""),
            )


def draw_job(job) -> None:
    with st.container(border=True):
        st.markdown(f"**{md(job.pipeline)}** × {md(job.dataset)} — `{job.run_id}`")
        counts = f"{job.done}/{job.total} questions"
        if job.answered is not None:
            counts += f" — {job.answered} répondues, {job.failed} sans réponse"
        st.progress(job.fraction, text=f"{status_label(job.status)} : {counts} ({job.elapsed_s:.0f} s)")
        if job.error:
            st.caption(f"Motif : {md(job.error)}")
        if job.active:
            st.button(t("Annuler"), key=f"cancel_{job.id}", on_click=jobs.cancel, args=(job.id,))
        elif job.status in (FINISHED, FAILED, CANCELLED) and job.done:
            if st.button(t("Voir les résultats"), key=f"results_{job.id}", icon=":material/table_view:"):
                st.session_state["results_run"] = job.run_id
                st.switch_page("views/resultats.py")


jobs_area = st.container()

st.subheader(t("Reprendre une exécution en échec"))
runs = store.runs_summary()
failed = [r for r in runs if r["status"] == "failed" and not (jobs.for_run(r["run_id"]) and jobs.for_run(r["run_id"]).active)]
if not failed:
    st.caption("Aucune exécution en échec. Une exécution annulée, interrompue ou dont des questions ont échoué apparaît ici.")
else:
    by_label = {f"{run_label(r)} — {r['answered']}/{r['n_questions']} répondues": r["run_id"] for r in failed}
    to_resume = st.selectbox(t("Exécution"), list(by_label), key="resume_run")
    if st.button(t("Reprendre"), key="resume_button", help="Ne rejoue que les questions sans réponse."):
        run_action(
            lambda: jobs.start_resume(store, by_label[to_resume]),
            success=lambda j: f"Reprise lancée : {j.pipeline} × {j.dataset} (exécution {j.run_id})",
        )

active = jobs.active()


@st.fragment(run_every=1.0 if active else None)
def live_jobs() -> None:
    current = jobs.jobs()
    if not current:
        return
    st.subheader(t("Rejeux lancés depuis l'application"))
    for job in current:
        draw_job(job)
    if active and not jobs.active():
        st.rerun()  # every job has ended: redraw the page once (run list, resumable runs)


with jobs_area:
    live_jobs()
    if any(not j.active for j in jobs.jobs()):
        st.button("Retirer les rejeux terminés de la liste", key="forget_jobs", on_click=jobs.forget_finished)
