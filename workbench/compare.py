"""Paired statistics to compare runs: pure functions over numbers (pages and notebooks reuse
them), and the functions that read two runs' scores from the store and apply them.

* ``paired_bootstrap_ci``: percentile CI of the mean of paired differences, resampling the
  questions (seeded, vectorised: 2,000 resamples by default).
* ``wilcoxon_p``: two-sided Wilcoxon signed-rank p-value (scipy); 1.0 when every difference is 0.
* ``holm``: Holm–Bonferroni adjusted p-values across metrics.
* ``compare_runs``: per metric, over the questions both runs answered and scored: both means,
  the delta oriented so that negative means worse (candidate − baseline, negated for metrics
  where lower is better), its CI, p-value, Holm-adjusted p-value and n.
* ``grid_summary``: several runs (pipelines × repeats over one dataset) summarised per pipeline.
* ``spearman_with_ci``: agreement between a metric and human ratings (stars).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from workbench.errors import WorkbenchError

DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 20260
CONFIDENCE = 0.95
_MAX_CELLS = 4_000_000  # resamples × n drawn at once (bounded memory)


# -- pure statistics ------------------------------------------------------------------------------


def bootstrap_means(
    values: Sequence[float] | np.ndarray, *, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED
) -> np.ndarray:
    """Means of ``resamples`` resamples (with replacement) of ``values``."""
    data = np.asarray(values, dtype=np.float64)
    n = len(data)
    if n == 0:
        return np.full(resamples, np.nan)
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    step = max(1, _MAX_CELLS // n)
    for start in range(0, resamples, step):
        stop = min(resamples, start + step)
        index = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = data[index].mean(axis=1)
    return means


def paired_bootstrap_ci(
    differences: Sequence[float] | np.ndarray,
    *,
    confidence: float = CONFIDENCE,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> tuple[float, float]:
    """Percentile bootstrap CI of the mean of paired differences (questions resampled)."""
    data = np.asarray(differences, dtype=np.float64)
    if len(data) == 0:
        return (math.nan, math.nan)
    if np.all(data == data[0]):
        return (float(data[0]), float(data[0]))
    means = bootstrap_means(data, resamples=resamples, seed=seed)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return (float(low), float(high))


def wilcoxon_p(differences: Sequence[float] | np.ndarray) -> float:
    """Two-sided Wilcoxon signed-rank p-value of paired differences (scipy's defaults);
    1.0 when there is no non-zero difference (no evidence of any change)."""
    from scipy.stats import wilcoxon

    data = np.asarray(differences, dtype=np.float64)
    data = data[~np.isnan(data)]
    if len(data) == 0 or not np.any(data != 0):
        return 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = wilcoxon(data)
    p = float(result.pvalue)
    return 1.0 if math.isnan(p) else p


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm–Bonferroni step-down adjusted p-values (NaN stays NaN and is not counted)."""
    values = np.asarray(p_values, dtype=np.float64)
    adjusted = np.full(len(values), np.nan)
    valid = np.flatnonzero(~np.isnan(values))
    m = len(valid)
    if m == 0:
        return adjusted.tolist()
    order = valid[np.argsort(values[valid], kind="stable")]
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * values[index]))
        adjusted[index] = running
    return adjusted.tolist()


@dataclass(frozen=True)
class PairedComparison:
    baseline: float
    candidate: float
    delta: float  # oriented: negative means the candidate is worse
    ci_low: float
    ci_high: float
    p_value: float
    p_holm: float
    n: int

    def as_json(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


def paired_comparison(
    baseline: Sequence[float] | np.ndarray,
    candidate: Sequence[float] | np.ndarray,
    *,
    higher_is_better: bool = True,
    confidence: float = CONFIDENCE,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> PairedComparison:
    """Compare paired values (same questions, same order); p_holm is filled by ``compare_metrics``."""
    a = np.asarray(baseline, dtype=np.float64)
    b = np.asarray(candidate, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError("paired values must have the same length")
    sign = 1.0 if higher_is_better else -1.0
    differences = sign * (b - a)
    n = len(differences)
    if n == 0:
        nan = math.nan
        return PairedComparison(nan, nan, nan, nan, nan, nan, nan, 0)
    low, high = paired_bootstrap_ci(differences, confidence=confidence, resamples=resamples, seed=seed)
    p = wilcoxon_p(differences)
    return PairedComparison(
        baseline=float(a.mean()),
        candidate=float(b.mean()),
        delta=float(differences.mean()),
        ci_low=low,
        ci_high=high,
        p_value=p,
        p_holm=p,
        n=n,
    )


def compare_metrics(
    pairs: dict[str, tuple[np.ndarray, np.ndarray]],
    higher_is_better: dict[str, bool],
    **options: Any,
) -> dict[str, PairedComparison]:
    """``paired_comparison`` for each metric, with Holm's correction across the metrics."""
    results = {
        name: paired_comparison(a, b, higher_is_better=higher_is_better.get(name, True), **options)
        for name, (a, b) in pairs.items()
    }
    names = list(results)
    adjusted = holm([results[name].p_value for name in names])
    return {
        name: PairedComparison(**{**asdict(results[name]), "p_holm": adjusted[i]}) for i, name in enumerate(names)
    }


def is_worse(comparison: PairedComparison, margin: float = 0.0) -> bool:
    """The CI gate: the whole CI lies below −margin (the candidate is significantly worse)."""
    return comparison.n > 0 and not math.isnan(comparison.ci_high) and comparison.ci_high < -margin


@dataclass(frozen=True)
class SpearmanResult:
    rho: float
    ci_low: float
    ci_high: float
    p_value: float
    n: int

    def as_json(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


def spearman_with_ci(
    metric_values: Sequence[float],
    stars: Sequence[float],
    *,
    confidence: float = CONFIDENCE,
    method: str = "fisher",
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> SpearmanResult:
    """Spearman's rho between a metric and human ratings, its p-value (scipy) and a CI:
    Fisher's z with the Fieller–Hartley–Pearson variance 1.06 / (n − 3) (``method="fisher"``),
    or a percentile bootstrap over the rated answers (``method="bootstrap"``)."""
    from scipy.stats import norm, rankdata, spearmanr

    x = np.asarray(metric_values, dtype=np.float64)
    y = np.asarray(stars, dtype=np.float64)
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    n = len(x)
    nan = math.nan
    if n < 3 or np.all(x == x[0]) or np.all(y == y[0]):
        return SpearmanResult(nan, nan, nan, nan, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spearmanr(x, y)
    rho, p = float(result.statistic), float(result.pvalue)
    if method == "bootstrap":
        rx, ry = rankdata(x), rankdata(y)
        rng = np.random.default_rng(seed)
        rhos = []
        for _ in range(resamples):
            index = rng.integers(0, n, n)
            a, b = rankdata(rx[index]), rankdata(ry[index])
            if np.all(a == a[0]) or np.all(b == b[0]):
                continue
            rhos.append(np.corrcoef(a, b)[0, 1])
        alpha = (1 - confidence) / 2
        low, high = (np.quantile(rhos, [alpha, 1 - alpha]) if rhos else (nan, nan))
        return SpearmanResult(rho, float(low), float(high), p, n)
    if method != "fisher":
        raise ValueError("method must be 'fisher' or 'bootstrap'")
    if n <= 3 or abs(rho) >= 1:
        return SpearmanResult(rho, rho, rho, p, n) if abs(rho) >= 1 else SpearmanResult(rho, nan, nan, p, n)
    z = math.atanh(rho)
    se = math.sqrt(1.06 / (n - 3))
    q = float(norm.ppf(1 - (1 - confidence) / 2))
    return SpearmanResult(rho, math.tanh(z - q * se), math.tanh(z + q * se), p, n)


# -- runs from the store -----------------------------------------------------------------------------


def _direction(metric: str) -> bool:
    from workbench.metrics import all_metrics

    metric_def = all_metrics().get(metric)
    return metric_def.info.higher_is_better if metric_def else True


def _metric_order(frame: Any) -> list[tuple[str, str]]:
    """(metric, judge) pairs of a scores frame, in the registry's order."""
    from workbench.metrics import all_metrics

    known = list(all_metrics())
    pairs = sorted({(m, j) for m, j in zip(frame["metric"], frame["judge"])})
    return sorted(pairs, key=lambda mj: (known.index(mj[0]) if mj[0] in known else len(known), mj))


def _label(metric: str, judge: str, judges_of_metric: int) -> str:
    return metric if judges_of_metric <= 1 or not judge else f"{metric}[{judge}]"


@dataclass
class RunComparison:
    baseline: str
    candidate: str
    n: int  # questions answered by both runs
    metrics: dict[str, PairedComparison]

    def as_json(self) -> dict[str, Any]:
        return {
            "baseline_run": self.baseline,
            "candidate_run": self.candidate,
            "n": self.n,
            "metrics": {name: c.as_json() for name, c in self.metrics.items()},
        }


def compare_runs(
    store: Any,
    baseline: str,
    candidate: str,
    *,
    metrics: Sequence[str] | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = CONFIDENCE,
) -> RunComparison:
    """Compare two scored runs over the questions both answered (paired by question)."""
    datasets = []
    for run_id in (baseline, candidate):
        run = store.run(run_id)
        if run is None:
            raise WorkbenchError(f"exécution « {run_id} » introuvable (voir `workbench runs`)")
        dataset = store.dataset(run["dataset_id"])
        datasets.append(dataset["name"] if dataset else run["dataset_id"])
    if datasets[0] != datasets[1]:
        raise WorkbenchError(
            f"les deux exécutions portent sur des jeux de questions différents ({datasets[0]}, {datasets[1]})"
        )
    frame = store.run_scores_long([baseline, candidate])
    common_questions = store.answered_question_ids(baseline) & store.answered_question_ids(candidate)
    if frame.empty:
        raise WorkbenchError("aucun score pour ces exécutions : lancez d'abord `workbench score RUN_ID`")
    if metrics:
        unknown = sorted(set(metrics) - set(frame["metric"]))
        if unknown:
            raise WorkbenchError(
                f"métrique sans score pour ces exécutions : {', '.join(unknown)}"
                f" (notées : {', '.join(sorted(set(frame['metric'])))})"
            )
        frame = frame[frame["metric"].isin(list(metrics))]
    pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    directions: dict[str, bool] = {}
    judges_per_metric = frame.groupby("metric")["judge"].nunique().to_dict()
    groups = dict(iter(frame.groupby(["metric", "judge"], sort=False)))
    for metric, judge in _metric_order(frame):
        group = groups[(metric, judge)]
        wide = group.pivot_table(index="question_id", columns="run_id", values="value", aggfunc="first")
        if baseline not in wide or candidate not in wide:
            continue
        wide = wide.loc[wide.index.isin(common_questions)].dropna(subset=[baseline, candidate])
        name = _label(metric, judge, judges_per_metric.get(metric, 1))
        pairs[name] = (wide[baseline].to_numpy(), wide[candidate].to_numpy())
        directions[name] = _direction(metric)
    compared = compare_metrics(pairs, directions, resamples=resamples, seed=seed, confidence=confidence)
    return RunComparison(baseline, candidate, len(common_questions), compared)


def parse_gate(spec: str) -> tuple[str, float]:
    """``metric`` or ``metric:margin`` (margin >= 0, in the metric's units)."""
    metric, _, margin = spec.partition(":")
    metric = metric.strip()
    if not metric:
        raise WorkbenchError(f"--fail-if-worse attend MÉTRIQUE[:MARGE], reçu « {spec} »")
    try:
        value = float(margin) if margin.strip() else 0.0
    except ValueError:
        raise WorkbenchError(f"--fail-if-worse : marge invalide « {margin} » (un nombre, ex. rouge_l:0.02)") from None
    if value < 0:
        raise WorkbenchError("--fail-if-worse : la marge doit être positive ou nulle")
    return metric, value


def failed_gates(comparison: RunComparison, gates: Sequence[tuple[str, float]]) -> list[str]:
    """The gated metrics on which the candidate is significantly worse; unknown ones are errors."""
    failed = []
    for metric, margin in gates:
        if metric not in comparison.metrics:
            raise WorkbenchError(
                f"--fail-if-worse : la métrique « {metric} » n'est pas comparée"
                f" (comparées : {', '.join(comparison.metrics) or 'aucune'})"
            )
        if is_worse(comparison.metrics[metric], margin):
            failed.append(metric)
    return failed


@dataclass(frozen=True)
class PipelineSummary:
    mean: float  # mean over questions of the per-question mean across repeats
    ci_low: float
    ci_high: float
    n_questions: int
    n_runs: int
    run_sd: float  # standard deviation of the runs' means (repeat-to-repeat variability)

    def as_json(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


def summarise_pipeline(values_by_run: dict[str, dict[str, float]], **options: Any) -> PipelineSummary:
    """One pipeline's repeats: {run: {question: value}} -> mean and bootstrap CI over questions
    of the per-question mean across repeats."""
    questions = sorted(set().union(*(v.keys() for v in values_by_run.values()))) if values_by_run else []
    per_question = np.array(
        [np.mean([run[q] for run in values_by_run.values() if q in run]) for q in questions], dtype=np.float64
    )
    run_means = [np.mean(list(v.values())) for v in values_by_run.values() if v]
    if len(per_question) == 0:
        nan = math.nan
        return PipelineSummary(nan, nan, nan, 0, len(values_by_run), nan)
    low, high = paired_bootstrap_ci(per_question, **options)
    sd = float(np.std(run_means, ddof=1)) if len(run_means) > 1 else 0.0
    return PipelineSummary(float(per_question.mean()), low, high, len(per_question), len(values_by_run), sd)


def grid_summary(store: Any, run_ids: Sequence[str], *, metrics: Sequence[str] | None = None, **options: Any) -> dict[str, Any]:
    """Several runs (pipelines × repeats, one dataset) summarised per pipeline and metric."""
    for run_id in run_ids:
        if store.run(run_id) is None:
            raise WorkbenchError(f"exécution « {run_id} » introuvable (voir `workbench runs`)")
    frame = store.run_scores_long(list(run_ids))
    if frame.empty:
        raise WorkbenchError("aucun score pour ces exécutions : lancez d'abord `workbench score RUN_ID`")
    if frame["dataset_id"].nunique() > 1:
        raise WorkbenchError("la grille compare des exécutions d'un même jeu de données")
    if metrics:
        frame = frame[frame["metric"].isin(list(metrics))]
    judges_per_metric = frame.groupby("metric")["judge"].nunique().to_dict()
    pipelines: dict[str, dict[str, Any]] = {}
    groups = dict(iter(frame.groupby(["pipeline", "metric", "judge"], sort=False)))
    order = _metric_order(frame)
    for pipeline, metric, judge in sorted(groups, key=lambda k: (k[0], order.index((k[1], k[2])))):
        group = groups[(pipeline, metric, judge)]
        values_by_run = {
            run: dict(zip(g["question_id"], g["value"].astype(float))) for run, g in group.groupby("run_id")
        }
        entry = pipelines.setdefault(pipeline, {"runs": sorted(frame.loc[frame["pipeline"] == pipeline, "run_id"].unique()), "metrics": {}})
        entry["metrics"][_label(metric, judge, judges_per_metric.get(metric, 1))] = summarise_pipeline(values_by_run, **options).as_json()
    return {"pipelines": pipelines}
