import pandas as pd
import streamlit as st

from workbench import exports, results
from workbench.ui import (
    RunsCache, contexts_of, data_table, empty_state, get_jobs, get_store, md, run_action, run_label, show_sources, status_label, t,
)

st.title(t("Résultats"))
store = get_store()
runs = {r["run_id"]: r for r in store.runs_summary()}
if not runs:
    empty_state("Aucune exécution : lancez un rejeu depuis « Rejouer » (ou `workbench demo`).")
    st.stop()

if st.session_state.get("results_run") not in runs:
    st.session_state["results_run"] = next(iter(runs))
run_id = st.selectbox(t("Exécution"), list(runs), key="results_run", format_func=lambda r: run_label(runs[r]))
run = runs[run_id]
job = get_jobs().for_run(run_id)
if job is not None and job.active:
    st.info(f"Rejeu en cours : {job.done}/{job.total} questions. Les réponses s'ajoutent au fil de l'eau.", icon=":material/hourglass_top:")

# Reads and tables are kept until the run's answers or scores change (a replay in progress
# changes them with every write).
cache = RunsCache(store, [run_id])
answers = cache.get("answers", lambda: store.answers_frame(run_id))
scores = cache.get("scores", lambda: store.scores_frame([run_id]))
table = cache.get("question_table", lambda: results.question_table(answers, scores))

c1, c2, c3, c4 = st.columns(4)
c1.metric("Statut", status_label(run["status"]))
c2.metric("Répondues", f"{run['answered']}/{run['n_questions']}", help=f"{run['failed']} sans réponse")
c3.metric("Temps médian par réponse", results.format_ms(answers["total_ms"].median() if len(answers) else None))
c4.metric("Réponses en cache", int(answers["cached"].fillna(False).sum()) if len(answers) else 0)

st.subheader(t("Scores"))
means = cache.get("score_means", lambda: results.score_means(store, run_id))
if means.empty:
    st.caption("Aucun score pour cette exécution : choisissez des métriques et cliquez sur « Noter ».")
else:
    cols = st.columns(min(6, len(means)))
    for i, m in enumerate(means.itertuples()):
        value = "—" if pd.isna(m.mean) else f"{m.mean:.3f}"
        label = md(results.metric_label(m.metric) + (f" ({m.judge})" if m.judge else ""))  # the judge: a server's name
        cols[i % len(cols)].metric(label, value, help=f"{m.metric} : moyenne sur {m.n} réponses (version {m.version})")
with st.expander(t("Noter cette exécution"), expanded=means.empty):
    usable, missing = cache.get("scorable_metrics", lambda: results.scorable_metrics(store, run_id)) if len(answers) else ({}, {})
    chosen_metrics = st.multiselect(
        "Métriques (sans modèle)", list(usable), default=[m for m in results.default_metrics() if m in usable],
        format_func=lambda m: f"{usable[m]} ({m})", key=f"score_metrics_{run_id}",
        help="Les métriques avec juge LLM se calculent en ligne de commande : `workbench score RUN_ID --metrics … --judge-base-url …`.",
    )
    if missing:
        st.caption("Non applicables à cette exécution : " + " ; ".join(f"{m} ({md(why)})" for m, why in missing.items()))
    if st.button(t("Noter"), key="score_button", disabled=not chosen_metrics or run["status"] == "running"):
        with st.spinner("Notation en cours…"):
            report = run_action(
                lambda: results.score_run(store, run_id, chosen_metrics),
                success=lambda r: f"{r.scored} score(s) calculé(s), {r.already_scored} déjà présent(s).",
            )
        if report is not None:
            st.button("Afficher les nouveaux scores", key="score_refresh")

if table.empty:
    empty_state("Cette exécution n'a encore aucune réponse.")
    st.stop()

st.subheader(t("Réponses par question"))
f1, f2, f3 = st.columns([2, 2, 1])
themes = sorted(t_ for t_ in table["thème"].dropna().unique())
chosen_themes = f1.multiselect(t("Thèmes"), themes, key="results_themes", placeholder="tous")
search = f2.text_input("Rechercher dans les questions et réponses", key="results_search")
only_errors = f3.checkbox("Seulement les échecs", key="results_errors")
s1, s2 = st.columns([2, 1])
score_columns = set(results.metric_columns(scores)) if not scores.empty else set()
sort_by = s1.selectbox(
    "Trier par", list(table.columns), index=0, key="results_sort",
    format_func=lambda c: results.column_label(c) if c in score_columns else c,
)
descending = s2.toggle("Ordre décroissant", key="results_desc")
shown = results.filter_table(table, themes=chosen_themes, search=search, only_errors=only_errors)
shown = shown.sort_values(sort_by, ascending=not descending, na_position="last", kind="stable")
st.caption(f"{len(shown)} question(s) sur {len(table)}")
data_table(
    shown,
    key="results_table",
    column_config={
        "question": st.column_config.TextColumn("question", width="large"),
        "réponse": st.column_config.TextColumn("réponse", width="large"),
        **{c: st.column_config.NumberColumn(results.column_label(c), format="%.3f") for c in shown.columns if c in score_columns},
    },
)

st.subheader(t("Détail d'une question"))


@st.fragment
def question_detail(shown, table, answers, scores) -> None:
    """Picking a question reruns this part only (the table above is not built again)."""
    ids = list(shown["id"])
    texts = dict(zip(table["id"], table["question"]))
    if st.session_state.get("results_question") not in ids:
        st.session_state["results_question"] = ids[0]
    qid = st.selectbox(
        t("Question"), ids, key="results_question",
        format_func=lambda q: f"{q} — {results.shorten(texts[q], 90)}",
    )
    row = answers[answers["question_id"] == qid].iloc[0]
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('Question')}**" + (f" — thème : {md(row['theme'])}" if isinstance(row["theme"], str) else ""))
        st.text(row["question"] or "")  # inert: citizen text never renders as Markdown or HTML
        if isinstance(row["reference_answer"], str) and row["reference_answer"]:
            with st.expander("Réponse de référence"):
                st.text(row["reference_answer"])
    with right:
        st.markdown(f"**{t('Réponse')}**")
        if isinstance(row["error"], str):
            st.error(f"Échec après {row['attempts']} tentative(s) : {md(row['error'])}", icon=":material/error:")
        else:
            st.text(row["answer"] or "")
        st.caption(
            f"Recherche {results.format_ms(row['retrieval_ms'])} · premier jeton {results.format_ms(row['first_token_ms'])}"
            f" · total {results.format_ms(row['total_ms'])} · jetons {results.format_count(row['prompt_tokens'])}"
            f" → {results.format_count(row['completion_tokens'])}" + (" · depuis le cache" if row["cached"] else "")
        )
    st.markdown(f"**{t('Sources consultées')}** — transparence des sources")
    show_sources(contexts_of(row["contexts"]), key="results_sources")
    question_scores = scores[scores["question_id"] == qid]
    st.markdown(f"**{t('Scores')}**")
    if question_scores.empty:
        st.caption("Aucun score pour cette réponse.")
    else:
        data_table(
            results.scores_for_display(question_scores),
            key="results_question_scores",
            column_config={
                "score": st.column_config.NumberColumn("score", format="%.3f"),
                "justification": st.column_config.TextColumn("justification", width="large"),
            },
        )


if shown.empty:
    st.caption("Aucune question ne correspond aux filtres.")
else:
    question_detail(shown, table, answers, scores)

st.subheader(t("Exporter"))
e1, e2 = st.columns([1, 2])
fmt = e1.radio("Format", ["csv", "parquet"], key="export_format", horizontal=True, format_func=str.upper)
scope = e2.radio(
    "Contenu", ["shown", "all"], key="export_scope", horizontal=True,
    format_func={"shown": "questions filtrées", "all": "toute l'exécution (avec passages et scores)"}.get,
)


def export_file(shown=shown, answers=answers, scores=scores, scope=scope, fmt=fmt) -> bytes:
    """The file, built when the button is clicked (not on every run of the page), in a thread of
    its own: from this run's values, bound here, whatever a later run of the page assigns."""
    frame = shown if scope == "shown" else results.full_export(answers, scores)
    return exports.export_bytes(frame, fmt)[0]


st.download_button(
    f"{t('Exporter')} ({fmt.upper()}, {len(shown) if scope == 'shown' else len(answers)} lignes)",
    data=export_file,
    file_name=f"{run_id}.{fmt}",
    mime=exports.MIME_TYPES[fmt],
    on_click="ignore",  # no rerun: one could replace the file's generator before its request came
    key="export_button",
    help="En CSV, les cellules qui commencent par = + - @ sont préfixées d'une apostrophe (pas de formule).",
)
