"""Tables behind the Résultats and Comparer pages: a run's answers joined with their scores,
filters, exports, and the bridge to the scoring module. No streamlit here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from workbench.store import Store


def shorten(text: Any, width: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_ms(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "—"
    value = float(value)
    return f"{value:.0f} ms" if value < 1000 else f"{value / 1000:.1f} s"


def format_count(value: Any) -> str:
    if value is None or pd.isna(value):
        return "—"
    return str(int(value))


def metric_columns(scores: pd.DataFrame) -> pd.Series:
    """Each score row's column name: its metric, with its judge in brackets when it has one."""
    judge = scores["judge"].fillna("").astype(str)
    metric = scores["metric"].astype(str)
    return metric.where(judge == "", metric + " (" + judge + ")")


def score_matrix(scores: pd.DataFrame) -> pd.DataFrame:
    """Scores as one row per (run, question) and one column per metric (and judge)."""
    if scores.empty:
        return pd.DataFrame(columns=["run_id", "question_id"])
    # Missing values are left out first (as pivot_table does): no all-empty row or column.
    frame = scores.dropna(subset=["value"])
    frame = frame.assign(column=metric_columns(frame))
    wide = frame.groupby(["run_id", "question_id", "column"], sort=True)["value"].mean().unstack("column")
    wide.columns.name = None
    return wide.reset_index()


def _n_sources(contexts: Any) -> int:
    if isinstance(contexts, str):
        try:
            return len(json.loads(contexts) or [])
        except json.JSONDecodeError:
            return 0
    return len(contexts or []) if isinstance(contexts, list) else 0


def question_table(answers: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """One row per question of a run: id, theme, question, answer, status, sources, time, scores."""
    columns = ["id", "thème", "question", "réponse", "statut", "sources", "temps (ms)"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(
        {
            "id": answers["question_id"],
            "thème": answers["theme"],
            "question": answers["question"],
            "réponse": answers["answer"],
            "statut": ["réponse" if not isinstance(e, str) else f"échec : {e}" for e in answers["error"]],
            "sources": [_n_sources(c) for c in answers["contexts"]],
            "temps (ms)": answers["total_ms"].round(0),
        }
    )
    wide = score_matrix(scores)
    if len(wide.columns) > 2:
        table = table.merge(
            wide.drop(columns="run_id").rename(columns={"question_id": "id"}), on="id", how="left"
        )
    return table


def filter_table(
    table: pd.DataFrame,
    *,
    themes: Sequence[str] = (),
    search: str = "",
    only_errors: bool = False,
) -> pd.DataFrame:
    shown = table
    if themes:
        shown = shown[shown["thème"].isin(list(themes))]
    if search.strip():
        needle = search.strip().casefold()
        haystack = (shown["question"].fillna("") + "\n" + shown["réponse"].fillna("")).str.casefold()
        shown = shown[haystack.str.contains(needle, regex=False)]
    if only_errors:
        shown = shown[shown["statut"] != "réponse"]
    return shown


def full_export(answers: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Everything about a run's answers, one row per question, scores and reasons included."""
    out = answers.copy()
    if scores.empty:
        return out
    wide = score_matrix(scores).drop(columns="run_id")
    reasons = scores.assign(column=metric_columns(scores) + " — justification")
    reasons = reasons.pivot_table(index="question_id", columns="column", values="reason", aggfunc="first")
    reasons.columns.name = None
    return out.merge(wide, on="question_id", how="left").merge(reasons.reset_index(), on="question_id", how="left")


# -- comparison tables ----------------------------------------------------------------------------

def paired_scores(store: Store, run_ids: Sequence[str]) -> pd.DataFrame:
    """The runs' scores over the questions every run answered, with each question's theme:
    run_id, question_id, metric, judge, value, reason, theme."""
    return store.paired_scores_frame(list(run_ids))


def answers_side_by_side(store: Store, run_ids: Sequence[str]) -> pd.DataFrame:
    """Per question answered (or failed) in every run: its text and theme, then each run's
    answer, error and retrieved passages (``answer:<run>``, ``error:<run>``, ``contexts:<run>``)."""
    merged = None
    for run_id in run_ids:
        frame = store.answers_frame(run_id)
        part = frame[["question_id", "answer", "error", "contexts"]].rename(
            columns={"answer": f"answer:{run_id}", "error": f"error:{run_id}", "contexts": f"contexts:{run_id}"}
        )
        if merged is None:
            merged = frame[["question_id", "question", "theme"]].merge(part, on="question_id")
        else:
            merged = merged.merge(part, on="question_id", how="inner")
    return merged if merged is not None else pd.DataFrame()


def metric_deltas(scores: pd.DataFrame, baseline: str, candidates: Sequence[str]) -> pd.DataFrame:
    """Per candidate run and metric, over the questions both runs scored: both means, the
    delta (oriented: negative means the candidate is worse), its 95 % CI, p-values and n; the
    metric's French ``label`` (and judge) and the width of its ``scale`` (1 for a 0–1 score).

    ``scores`` is a long table (run_id, question_id, metric, judge, value), possibly filtered by
    theme. The statistics are ``workbench.compare``'s (paired bootstrap, Wilcoxon, Holm).
    """
    from workbench import compare
    from workbench.metrics import all_metrics

    columns = ["candidate", "metric", "label", "scale", "n", "baseline", "mean", "delta", "ci_low", "ci_high", "p_value", "p_holm",
               "significant"]
    known = all_metrics()
    wide = score_matrix(scores)
    kinds = scores[["metric", "judge"]].drop_duplicates()
    metric_of = dict(zip(metric_columns(kinds), kinds["metric"]))
    infos = {column: known[m].info if m in known else None for column, m in metric_of.items()}
    base = wide[wide["run_id"] == baseline].set_index("question_id")
    rows = []
    for candidate in candidates:
        cand = wide[wide["run_id"] == candidate].set_index("question_id")
        pairs, directions = {}, {}
        for column in metric_of:
            if column not in base or column not in cand:
                continue
            pair = pd.concat([base[column].rename("b"), cand[column].rename("c")], axis=1, join="inner").dropna()
            if pair.empty:
                continue
            pairs[column] = (pair["b"].to_numpy(float), pair["c"].to_numpy(float))
            directions[column] = infos[column].higher_is_better if infos[column] else True
        for column, result in compare.compare_metrics(pairs, directions).items():
            low, high = infos[column].range if infos[column] else (0.0, 1.0)
            rows.append(
                {
                    "candidate": candidate, "metric": column,
                    "label": column_label(column),
                    "scale": (high - low) if 0 < high - low < float("inf") else 1.0, "n": result.n, "baseline": result.baseline,
                    "mean": result.candidate, "delta": result.delta, "ci_low": result.ci_low,
                    "ci_high": result.ci_high, "p_value": result.p_value, "p_holm": result.p_holm,
                }
            )
    frame = pd.DataFrame(rows, columns=columns)
    frame["significant"] = (frame["ci_low"] > 0) | (frame["ci_high"] < 0)
    return frame


def question_diff(
    scores: pd.DataFrame, side: pd.DataFrame, run_ids: Sequence[str], metric: str | None
) -> pd.DataFrame:
    """Per question: its id, theme and text, each run's score on ``metric`` (``score:<run>``),
    the largest gap between runs, and whether all runs answered the same text."""
    table = pd.DataFrame(
        {
            "id": side["question_id"],
            "thème": side["theme"],
            "question": [shorten(q, 120) for q in side["question"]],
        }
    )
    if metric and not scores.empty:
        chosen = scores[scores["metric"] == metric]
        for run_id in run_ids:
            values = chosen[chosen["run_id"] == run_id].groupby("question_id")["value"].mean()
            table[f"score:{run_id}"] = table["id"].map(values)
        score_columns = [f"score:{r}" for r in run_ids]
        table[f"écart max ({metric})"] = table[score_columns].max(axis=1) - table[score_columns].min(axis=1)
    answers = side[[f"answer:{r}" for r in run_ids]].fillna("")
    table["mêmes réponses"] = ["oui" if len(set(row)) == 1 else "non" for row in answers.itertuples(index=False)]
    return table


# -- bridge to the scoring module ----------------------------------------------------------------

def scorable_metrics(store: Store, run_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """The metrics without a model that this run can be scored with (id → label), and those
    it cannot (id → what is missing), as the scoring module checks them."""
    from workbench.metrics import all_metrics, check_requirements
    from workbench.scoring import samples_of_run

    candidates = [
        m for m in all_metrics().values() if not m.info.needs_judge and not m.info.needs_embeddings
    ]
    samples = samples_of_run(store, run_id)
    requirements = check_requirements(candidates, samples, judge=False, embeddings=False)
    usable = {m.info.id: m.info.label for m in candidates if requirements[m.info.id].ok}
    missing = {m.info.id: requirements[m.info.id].message() for m in candidates if not requirements[m.info.id].ok}
    return usable, missing


def metric_label(metric_id: str) -> str:
    """A metric's French label (its id when unknown)."""
    from workbench.metrics import all_metrics

    metric = all_metrics().get(metric_id)
    return metric.info.label if metric else metric_id


def column_label(column: str) -> str:
    """A score column's French label (``faithfulness (albert)`` → ``Fidélité (albert)``)."""
    metric, bracket, judge = column.partition(" (")
    return metric_label(metric) + bracket + judge


def scores_for_display(scores: pd.DataFrame) -> pd.DataFrame:
    """A question's scores with French metric labels; the judge column only when one is set."""
    out = pd.DataFrame(
        {
            "métrique": [metric_label(m) for m in scores["metric"]],
            "juge": scores["judge"],
            "score": scores["value"],
            "justification": scores["reason"].fillna(""),
        }
    )
    return out if out["juge"].fillna("").astype(bool).any() else out.drop(columns="juge")


def default_metrics() -> list[str]:
    from workbench.metrics import default_metric_ids

    return default_metric_ids()


def score_run(store: Store, run_id: str, metrics: Sequence[str]) -> Any:
    """Score a run with the metrics named; the scoring module's report (``skipped`` included)."""
    from workbench import scoring

    return scoring.score_run(store, run_id, list(metrics))


def score_means(store: Store, run_id: str) -> pd.DataFrame:
    """Mean of each metric (and judge) scored for a run: metric, judge, mean, n."""
    return pd.DataFrame(store.run_metric_summary(run_id), columns=["metric", "judge", "mean", "n", "rows", "version"])
