"""Paired statistics checked against scipy on hand-made data, and `workbench compare` on real
scored replays: a clearly worse candidate fails the CI gate, a run compared with itself passes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

from scoring_seed import replay_run, seed_scoring
from workbench.cli import app
from workbench.compare import (
    compare_metrics,
    holm,
    is_worse,
    paired_bootstrap_ci,
    paired_comparison,
    parse_gate,
    spearman_with_ci,
    summarise_pipeline,
    wilcoxon_p,
)
from workbench.errors import WorkbenchError
from workbench.scoring import score_run
from workbench.store import Store


def _cli(db: Path, *args: str):
    return CliRunner().invoke(app, ["--db", str(db), *args])


# -- pure statistics ---------------------------------------------------------------------------------


def test_bootstrap_ci_contains_the_true_mean_difference() -> None:
    rng = np.random.default_rng(1)
    true_delta = 0.05
    baseline = rng.uniform(0.3, 0.7, 400)
    candidate = baseline + true_delta + rng.normal(0, 0.1, 400)
    low, high = paired_bootstrap_ci(candidate - baseline)
    assert low < true_delta < high
    # The percentile CI is close to the normal approximation mean ± 1.96 SE.
    d = candidate - baseline
    se = d.std(ddof=1) / np.sqrt(len(d))
    assert low == pytest.approx(d.mean() - 1.96 * se, abs=0.01) and high == pytest.approx(d.mean() + 1.96 * se, abs=0.01)
    # Seeded: the same data gives the same interval.
    assert paired_bootstrap_ci(d) == (low, high)


def test_wilcoxon_p_equals_scipy_and_is_one_without_differences() -> None:
    baseline = np.array([0.61, 0.52, 0.70, 0.44, 0.58, 0.66, 0.49, 0.71, 0.55, 0.63, 0.47, 0.59])
    candidate = np.array([0.55, 0.50, 0.61, 0.47, 0.49, 0.60, 0.41, 0.69, 0.50, 0.52, 0.46, 0.57])
    d = candidate - baseline
    assert wilcoxon_p(d) == pytest.approx(stats.wilcoxon(d).pvalue)
    with_ties = np.array([0.0, 0.1, -0.2, 0.3, 0.0, 0.4, 0.5, -0.1, 0.2, 0.3])
    assert wilcoxon_p(with_ties) == pytest.approx(stats.wilcoxon(with_ties).pvalue)
    assert wilcoxon_p(np.zeros(20)) == 1.0
    comparison = paired_comparison(baseline, candidate)
    assert comparison.delta == pytest.approx(d.mean()) and comparison.n == 12
    assert comparison.baseline == pytest.approx(baseline.mean()) and comparison.candidate == pytest.approx(candidate.mean())
    assert comparison.ci_high < 0 and is_worse(comparison) and not is_worse(comparison, margin=0.1)


def test_lower_is_better_metrics_are_oriented_so_negative_means_worse() -> None:
    baseline = np.zeros(30)
    candidate = np.r_[np.ones(15), np.zeros(15)]  # the candidate leaks personal data in half its answers
    comparison = paired_comparison(baseline, candidate, higher_is_better=False)
    assert comparison.delta == pytest.approx(-0.5)
    assert comparison.ci_high < 0 and is_worse(comparison)


def test_holm_correction() -> None:
    assert holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert holm([0.3, 0.01]) == pytest.approx([0.3, 0.02])
    adjusted = holm([0.02, float("nan"), 0.04])
    assert adjusted[0] == pytest.approx(0.04) and np.isnan(adjusted[1]) and adjusted[2] == pytest.approx(0.04)
    rng = np.random.default_rng(4)
    pairs = {f"m{i}": (rng.uniform(size=25), rng.uniform(size=25)) for i in range(3)}
    compared = compare_metrics(pairs, {})
    raw = [compared[m].p_value for m in pairs]
    assert [compared[m].p_holm for m in pairs] == pytest.approx(holm(raw))


def test_spearman_with_ci_agrees_with_scipy() -> None:
    rng = np.random.default_rng(5)
    metric = rng.uniform(size=80)
    stars = np.clip(np.round(metric * 5 + rng.normal(0, 1, 80)), 0, 5)
    result = spearman_with_ci(metric, stars)
    expected = stats.spearmanr(metric, stars)
    assert result.rho == pytest.approx(expected.statistic) and result.p_value == pytest.approx(expected.pvalue)
    assert result.ci_low < result.rho < result.ci_high and result.n == 80
    boot = spearman_with_ci(metric, stars, method="bootstrap", resamples=400)
    assert boot.ci_low < boot.rho < boot.ci_high
    assert abs(boot.ci_low - result.ci_low) < 0.1 and abs(boot.ci_high - result.ci_high) < 0.1
    assert np.isnan(spearman_with_ci([1, 2], [3, 4]).rho)


def test_grid_summary_of_repeats() -> None:
    repeats = {"r1": {"Q1": 0.5, "Q2": 0.7}, "r2": {"Q1": 0.7, "Q2": 0.7}}
    summary = summarise_pipeline(repeats, resamples=500)
    assert summary.mean == pytest.approx(0.65) and summary.n_questions == 2 and summary.n_runs == 2
    assert summary.ci_low <= summary.mean <= summary.ci_high
    assert summary.run_sd == pytest.approx(np.std([0.6, 0.7], ddof=1))


def test_gate_specification() -> None:
    assert parse_gate("rouge_l") == ("rouge_l", 0.0)
    assert parse_gate("rouge_l:0.02") == ("rouge_l", 0.02)
    with pytest.raises(WorkbenchError):
        parse_gate("rouge_l:beaucoup")


# -- runs ------------------------------------------------------------------------------------------------


@pytest.fixture
def scored_runs(store: Store) -> tuple[str, str]:
    """An extractive baseline that answers from the fiches, a recorded candidate that does not."""
    seed_scoring(store, 24)
    baseline = replay_run(store, "extractif", "extractive", k=1)
    candidate = replay_run(store, "enregistre", "recorded", k=1)
    for run_id in (baseline, candidate):
        score_run(store, run_id, ["default", "courtesy"])
    return baseline, candidate


def test_compare_flags_a_clearly_worse_candidate_and_gates_ci(store: Store, scored_runs: tuple[str, str]) -> None:
    baseline, candidate = scored_runs
    done = _cli(store.path, "compare", baseline, candidate, "--json")
    assert done.exit_code == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["n"] == 24
    rouge = result["metrics"]["rouge_l"]
    assert set(rouge) >= {"baseline", "candidate", "delta", "ci_low", "ci_high", "p_value", "p_holm", "n"}
    assert rouge["delta"] == pytest.approx(rouge["candidate"] - rouge["baseline"])
    assert rouge["ci_high"] < 0 and rouge["p_value"] < 0.001 and rouge["n"] == 24
    assert result["metrics"]["context_recall"]["delta"] == 0  # same retrieval
    assert result["metrics"]["context_recall"]["p_value"] == 1.0

    gated = _cli(store.path, "compare", baseline, candidate, "--fail-if-worse", "rouge_l", "--fail-if-worse", "context_recall", "--json")
    assert gated.exit_code == 1
    assert json.loads(gated.stdout)["gates"] == {"rouge_l": {"margin": 0.0, "failed": True}, "context_recall": {"margin": 0.0, "failed": False}}
    assert "rouge_l" in gated.stderr
    assert _cli(store.path, "compare", baseline, candidate, "--fail-if-worse", "rouge_l:0.99").exit_code == 0
    assert _cli(store.path, "compare", candidate, baseline, "--fail-if-worse", "rouge_l").exit_code == 0  # better

    itself = _cli(store.path, "compare", baseline, baseline, "--fail-if-worse", "rouge_l", "--fail-if-worse", "chrf", "--json")
    assert itself.exit_code == 0
    same = json.loads(itself.stdout)["metrics"]["rouge_l"]
    assert same["delta"] == 0 and same["ci_low"] == 0 and same["ci_high"] == 0 and same["p_value"] == 1.0

    unknown = _cli(store.path, "compare", baseline, candidate, "--fail-if-worse", "faithfulness")
    assert unknown.exit_code == 1 and "faithfulness" in unknown.stderr and "rouge_l" in unknown.stderr


def test_compare_grid_summarises_each_pipeline(store: Store, scored_runs: tuple[str, str]) -> None:
    baseline, candidate = scored_runs
    repeat = replay_run(store, "extractif", "extractive", k=1)  # a repeat (answers from the cache)
    score_run(store, repeat, ["default"])
    done = _cli(store.path, "compare", "--grid", baseline, repeat, candidate, "--metrics", "rouge_l,chrf", "--json")
    assert done.exit_code == 0, done.stderr
    pipelines = json.loads(done.stdout)["pipelines"]
    assert set(pipelines) == {"extractif", "enregistre"}
    assert pipelines["extractif"]["runs"] == sorted([baseline, repeat])
    extractive, recorded = pipelines["extractif"]["metrics"]["rouge_l"], pipelines["enregistre"]["metrics"]["rouge_l"]
    assert extractive["n_runs"] == 2 and extractive["n_questions"] == 24 and extractive["run_sd"] == 0
    assert extractive["ci_low"] <= extractive["mean"] <= extractive["ci_high"]
    assert recorded["ci_high"] < extractive["ci_low"]
    assert set(pipelines["extractif"]["metrics"]) == {"rouge_l", "chrf"}
    assert _cli(store.path, "compare", baseline).exit_code == 1  # two runs, or --grid
