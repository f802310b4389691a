"""Replay end to end through the real vLLM (CPU build, tiny random-weight model).

Assert protocol and bookkeeping, never wording: the weights are random.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from seeding import seed
from workbench.config import parse_pipeline
from workbench.replay import replay, resume
from workbench.store import Store

pytestmark = pytest.mark.vllm


def server_pipeline(base_url: str, *, model: str | None = None, stream: bool = False, max_tokens: int = 24, timeout_s: float = 30):
    return parse_pipeline(
        {
            "name": f"vllm-{'stream' if stream else 'plain'}",
            "retrieval": {"kind": "bm25", "corpus": "kb", "k": 1},
            "generation": {
                "kind": "openai", "base_url": base_url, "model": model, "max_tokens": max_tokens,
                "temperature": 0, "seed": 0, "stream": stream, "timeout_s": timeout_s, "max_retries": 1,
                "prompt": "prompts/advisor_answer.j2",
            },
        }
    )


def test_replay_through_vllm_server_with_model_discovery(store: Store, vllm_server) -> None:
    seed(store, 8)
    result = replay(store, server_pipeline(vllm_server.base_url), "demo", concurrency=4)  # model from /v1/models
    assert (result.answered, result.failed, result.endpoint_calls) == (8, 0, 8)
    answers = store.answers_frame(result.run_id)
    assert answers["prompt_tokens"].gt(50).all()  # the prompt carries the passages
    assert answers["completion_tokens"].between(1, 24).all()
    assert answers["total_ms"].gt(0).all()
    assert all(json.loads(c)[0]["url"] for c in answers["contexts"])
    # Replaying the same configuration makes no new call.
    again = replay(store, server_pipeline(vllm_server.base_url), "demo")
    assert (again.cached, again.endpoint_calls) == (8, 0)


def test_streaming_through_vllm_records_time_to_first_token(store: Store, vllm_server) -> None:
    seed(store, 4)
    result = replay(store, server_pipeline(vllm_server.base_url, model=vllm_server.model, stream=True), "demo")
    answers = store.answers_frame(result.run_id)
    assert result.answered == 4
    assert answers["first_token_ms"].notna().all() and (answers["first_token_ms"] <= answers["total_ms"]).all()
    assert answers["completion_tokens"].between(1, 24).all()  # usage from the final stream chunk


def test_server_stopped_mid_run_then_resume_completes(store: Store, vllm_server) -> None:
    seed(store, 12)
    pipeline = server_pipeline(vllm_server.base_url, model=vllm_server.model, max_tokens=8, timeout_s=5)
    vllm_server.kill()  # the server dies: every request of the run fails after its retries
    failed = replay(store, pipeline, "demo", concurrency=4)
    assert (failed.answered, failed.failed, failed.status) == (0, 12, "failed")
    errors = store.answers_frame(failed.run_id)["error"]
    # Refused, or accepted by a dying process's socket and never answered: both are recorded.
    assert errors.str.contains("connexion|délai").all()

    vllm_server.restart()
    done = resume(store, failed.run_id)
    assert (done.answered, done.failed, done.status) == (12, 0, "finished")
    answers = store.answers_frame(failed.run_id)
    assert len(answers) == 12 and answers["question_id"].is_unique and answers["error"].isna().all()


def test_offline_engine_kind_generates_in_batches(store: Store, vllm_model_dir: Path, tmp_path: Path) -> None:
    seed(store, 6)
    scratch = tmp_path / "engine"
    scratch.mkdir()
    pipeline = parse_pipeline(
        {
            "name": "vllm-offline",
            "retrieval": {"kind": "bm25", "corpus": "kb", "k": 1},
            "generation": {
                "kind": "vllm", "model": str(vllm_model_dir), "max_tokens": 12, "temperature": 0, "seed": 0,
                "engine_args": {"load_format": "dummy", "max_model_len": 4096, "enforce_eager": True,
                                "kv_cache_memory_bytes": 64 * 2**20},
                "engine_env": {"VLLM_HOST_IP": "127.0.0.1", "VLLM_ENABLE_V1_MULTIPROCESSING": "0",
                               "OMP_NUM_THREADS": "1", "VLLM_NO_USAGE_STATS": "1", "DO_NOT_TRACK": "1",
                               "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                               "TMPDIR": str(scratch), "VLLM_CACHE_ROOT": str(scratch)},
            },
        }
    )
    started = time.monotonic()
    result = replay(store, pipeline, "demo")
    assert (result.answered, result.failed, result.endpoint_calls) == (6, 0, 6), time.monotonic() - started
    answers = store.answers_frame(result.run_id)
    assert answers["prompt_tokens"].gt(20).all() and answers["completion_tokens"].between(1, 12).all()
