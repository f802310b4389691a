import streamlit as st

from workbench import results
from workbench.charts import forest_plot, score_boxes
from workbench.ui import RunsCache, contexts_of, data_table, empty_state, get_store, md, run_label, show_sources, t

st.title(t("Comparer"))
st.caption(
    "Deux exécutions ou plus sur le même jeu de questions : écarts de score avec la référence"
    " (intervalle de confiance à 95 %, appariés par question), distributions, réponses côte à côte."
)
store = get_store()
runs = {r["run_id"]: r for r in store.runs_summary() if r["status"] != "running"}
if len(runs) < 2:
    empty_state("Il faut au moins deux exécutions terminées : lancez des rejeux depuis « Rejouer », puis notez-les dans « Résultats ».")
    st.stop()

if "compare_runs" not in st.session_state:
    # Default: the two most recent runs over one question set, scored runs first.
    scored = store.scored_run_ids()
    ordered = sorted(runs.values(), key=lambda r: r["run_id"] not in scored)  # stable: newest first within
    pair = next(
        ([b["run_id"], a["run_id"]] for i, a in enumerate(ordered) for b in ordered[i + 1 :] if a["dataset_id"] == b["dataset_id"]),
        [ordered[1]["run_id"], ordered[0]["run_id"]],
    )
    st.session_state["compare_runs"] = pair
chosen = st.multiselect(
    t("Exécutions"), list(runs), key="compare_runs", format_func=lambda r: run_label(runs[r]),
    help="La première est la référence par défaut (proposée : la plus ancienne des deux plus récentes notées).",
)
if len(chosen) < 2:
    empty_state("Choisissez au moins deux exécutions.")
    st.stop()
if st.session_state.get("compare_baseline") not in chosen:
    st.session_state["compare_baseline"] = chosen[0]
baseline = st.selectbox("Référence", chosen, key="compare_baseline", format_func=lambda r: run_label(runs[r]))
candidates = [r for r in chosen if r != baseline]
if len({runs[r]["dataset_id"] for r in chosen}) > 1:
    st.warning("Ces exécutions portent sur des jeux de questions différents : seules les questions communes sont comparées.", icon=":material/warning:")

# Reads and statistics are kept until these runs' answers or scores change.
cache = RunsCache(store, chosen)
scores = cache.get("paired_scores", lambda: results.paired_scores(store, chosen))
themes = sorted(scores["theme"].dropna().unique()) if not scores.empty else []
chosen_themes = st.multiselect(t("Thèmes"), themes, key="compare_themes", placeholder="tous")
if chosen_themes:
    scores = scores[scores["theme"].isin(chosen_themes)]

short = {r: f"{runs[r]['pipeline']} ({r})" for r in chosen}

st.subheader(t("Écarts avec la référence"))
if scores.empty:
    empty_state("Aucun score pour ces exécutions : notez-les depuis « Résultats » (bouton « Noter ») ou avec `workbench score RUN_ID`.")
else:
    deltas = cache.get("metric_deltas", lambda: results.metric_deltas(scores, baseline, candidates), baseline, tuple(chosen_themes))
    if deltas.empty:
        st.caption("Aucune métrique commune à la référence et aux autres exécutions.")
    else:
        # Metrics not scored from 0 to 1 (readability: 0–100), named under the forest plot.
        wide_scales = {}
        if deltas["scale"].nunique() > 1:
            wide_scales = dict(deltas.loc[deltas["scale"] != 1, ["label", "scale"]].to_numpy())
        plotted = deltas
        if len(candidates) > 1:
            plotted = deltas.assign(label=[f"{m} — {short[c]}" for m, c in zip(deltas["label"], deltas["candidate"])])
        figure = cache.figure("forest_plot", lambda: forest_plot(plotted), baseline, tuple(chosen_themes))
        st.plotly_chart(figure, key="forest_plot", config={"displaylogo": False})
        st.caption(
            "Écart = exécution − référence, orienté pour que négatif veuille dire « moins bien »."
            " ◆ écart significatif (l'intervalle de confiance à 95 % ne contient pas 0) · ○ non significatif."
            + (" Sur le graphique, chaque écart est rapporté à l'étendue de l'échelle de sa métrique ("
               + ", ".join(f"{label} : {scale:g} points" for label, scale in wide_scales.items())
               + ", les autres de 0 à 1) ; le tableau donne les écarts eux-mêmes." if wide_scales else "")
        )
        table = deltas.assign(
            exécution=[short[c] for c in deltas["candidate"]],
            significatif=["oui" if s else "non" for s in deltas["significant"]],
        )[["exécution", "label", "n", "baseline", "mean", "delta", "ci_low", "ci_high", "p_value", "p_holm", "significatif"]]
        data_table(
            table.rename(columns={"label": "métrique", "baseline": "référence", "mean": "moyenne", "delta": "écart", "ci_low": "IC bas", "ci_high": "IC haut", "p_value": "p", "p_holm": "p (Holm)"}),
            key="deltas_table",
            column_config={c: st.column_config.NumberColumn(c, format="%.3f") for c in ("référence", "moyenne", "écart", "IC bas", "IC haut", "p", "p (Holm)")},
        )

    st.subheader(t("Distributions des scores"))
    metric_names = sorted(scores["metric"].unique())
    metric = st.selectbox("Métrique", metric_names, key="compare_metric", format_func=results.metric_label)
    data = scores[scores["metric"] == metric]
    figure = cache.figure(
        "score_boxes",
        lambda: score_boxes({short[r]: data.loc[data["run_id"] == r, "value"] for r in chosen}, results.metric_label(metric)),
        metric, tuple(chosen_themes),
    )
    st.plotly_chart(figure, key="distribution_plot", config={"displaylogo": False})

st.subheader(t("Réponses côte à côte"))
side = cache.get("answers_side_by_side", lambda: results.answers_side_by_side(store, chosen))
if chosen_themes and not side.empty:
    side = side[side["theme"].isin(chosen_themes)]
if side.empty:
    st.caption("Aucune question commune.")
    st.stop()
metric = st.session_state.get("compare_metric")
diff = cache.get("question_diff", lambda: results.question_diff(scores, side, chosen, metric), metric, tuple(chosen_themes))
data_table(diff.rename(columns={f"score:{r}": short[r] for r in chosen}), key="diff_table")


@st.fragment
def answers_of_one_question(side, scores, ids: list[str], chosen: list[str], baseline: str, short: dict[str, str]) -> None:
    """Picking a question reruns this part only (the deltas' bootstrap and the charts stay)."""
    if st.session_state.get("compare_question") not in ids:
        st.session_state["compare_question"] = ids[0]
    texts = dict(zip(side["question_id"], side["question"]))
    qid = st.selectbox(
        t("Question"), ids, key="compare_question", format_func=lambda q: f"{q} — {results.shorten(texts[q], 90)}",
    )
    row = side[side["question_id"] == qid].iloc[0]
    st.text(row["question"] or "")  # inert
    columns = st.columns(len(chosen))
    for column, run_id in zip(columns, chosen):
        with column:
            st.markdown(f"**{md(short[run_id])}**" + (" — référence" if run_id == baseline else ""))
            if isinstance(row.get(f"error:{run_id}"), str):
                st.error(f"Échec : {md(row[f'error:{run_id}'])}", icon=":material/error:")
            else:
                st.text(row.get(f"answer:{run_id}") or "")
            these = scores[(scores["run_id"] == run_id) & (scores["question_id"] == qid)]
            if not these.empty:
                data_table(results.scores_for_display(these), key=f"compare_scores_{run_id}")
            with st.expander(t("Sources consultées")):
                show_sources(contexts_of(row.get(f"contexts:{run_id}")), key=f"compare_sources_{run_id}")


answers_of_one_question(side, scores, list(diff["id"]), chosen, baseline, short)
