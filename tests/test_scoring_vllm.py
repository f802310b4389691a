"""Faithfulness through the real vLLM OpenAI-compatible server on the CPU.

The server is the session's `vllm_server` fixture (tests/conftest.py): when vLLM cannot run, the
test errors, it never skips.
The test model has random weights: its JSON is not a judgement, so the test checks the path —
ragas's prompts reach the server in JSON mode, every sample ends scored or recorded as failed
(never a crash), and calls, tokens and time are recorded per sample.
"""

from __future__ import annotations

import os

import pytest

from scoring_seed import replay_run, seed_scoring
from workbench.metrics.ragas_metrics import JudgeSettings
from workbench.scoring import score_run
from workbench.store import Store

pytestmark = pytest.mark.vllm


def test_faithfulness_through_the_vllm_server(store: Store, vllm_server) -> None:
    base_url, model = vllm_server.base_url, vllm_server.model
    seed_scoring(store, 2, wrong_every=2)
    run_id = replay_run(store, "recorded-bm25", "recorded", k=1)
    judge = JudgeSettings(
        base_url=base_url,
        model=model,
        concurrency=2,
        retries=0,
        http_retries=1,
        timeout_s=300,
        max_tokens=int(os.environ.get("WORKBENCH_TEST_VLLM_MAX_TOKENS", "64")),
    )
    report = score_run(store, run_id, ["faithfulness"], judge=judge)
    assert report.judges["faithfulness"] == model
    assert report.scored + report.failed.get("faithfulness", 0) == 2
    calls = store.read("SELECT * FROM judge_calls WHERE run_id = ? ORDER BY question_id", [run_id])
    assert len(calls) == 2
    assert (calls["calls"] >= 1).all() and (calls["prompt_tokens"] > 0).all() and (calls["duration_ms"] > 0).all()
    scores = store.read("SELECT value FROM scores WHERE run_id = ? AND metric = 'faithfulness'", [run_id])
    assert len(scores) == report.scored
    assert all(v is None or 0.0 <= v <= 1.0 for v in scores["value"].tolist())
