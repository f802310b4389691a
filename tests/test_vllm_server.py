"""The real vLLM OpenAI-compatible server on the CPU, with a tiny random-weight model.

Random weights: the text is gibberish, so these tests check protocol and bookkeeping (token counts,
determinism, streaming, concurrency, crash and restart), never wording. The server is started once
per session (~20-45 s); when vLLM cannot run, every test here ERRORS (never skips).
Timings are printed (`pytest -s`) as lines starting with "vllm-timing".
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

import openai
import pytest
from openai import AsyncOpenAI, OpenAI

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vllm_support import (  # noqa: E402
    VLLMError,
    VLLMServer,
    build_tiny_model,
    run_inprocess_smoke,
    start_vllm_server,
)

pytestmark = pytest.mark.vllm

QUESTION = "Bonjour, comment renouveler ma carte d'identité à Lyon ?"


def _timing(name: str, value) -> None:
    print(f"\nvllm-timing {name}={value}", flush=True)


def _client(server: VLLMServer, **kw) -> OpenAI:
    return OpenAI(base_url=server.base_url, api_key="EMPTY", **kw)


def _chat(client: OpenAI, server: VLLMServer, content: str = QUESTION, **kw):
    return client.chat.completions.create(
        model=server.model,
        messages=[
            {"role": "system", "content": "Vous êtes un agent de France services."},
            {"role": "user", "content": content},
        ],
        max_tokens=16,
        seed=0,
        temperature=0,
        **kw,
    )


def test_models_lists_the_served_name(vllm_server: VLLMServer):
    models = _client(vllm_server).models.list()
    ids = [m.id for m in models.data]
    assert vllm_server.model in ids
    assert vllm_server.base_url.startswith("http://127.0.0.1:")
    assert vllm_server.base_url.endswith("/v1")
    assert vllm_server.is_running() and vllm_server.pid


def test_chat_completion_reports_usage(vllm_server: VLLMServer):
    client = _client(vllm_server)
    latencies = []
    for _ in range(5):
        t0 = time.perf_counter()
        resp = _chat(client, vllm_server)
        latencies.append(time.perf_counter() - t0)
    assert resp.model == vllm_server.model
    assert resp.object == "chat.completion"
    assert len(resp.choices) == 1
    choice = resp.choices[0]
    assert choice.message.role == "assistant"
    assert isinstance(choice.message.content, str)
    assert choice.finish_reason in ("length", "stop")
    usage = resp.usage
    assert usage is not None
    assert usage.prompt_tokens > 5  # system + user + ChatML markup
    assert 1 <= usage.completion_tokens <= 16
    if choice.finish_reason == "length":
        assert usage.completion_tokens == 16
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    # A longer question costs more prompt tokens.
    longer = _chat(client, vllm_server, QUESTION + " " + QUESTION)
    assert longer.usage.prompt_tokens > usage.prompt_tokens
    _timing("chat16_latency_median_ms", round(1000 * statistics.median(latencies)))
    _timing("chat16_latency_first_ms", round(1000 * latencies[0]))


def test_same_request_twice_is_deterministic(vllm_server: VLLMServer):
    client = _client(vllm_server)
    a = _chat(client, vllm_server)
    b = _chat(client, vllm_server)
    assert a.choices[0].message.content == b.choices[0].message.content
    assert a.usage.completion_tokens == b.usage.completion_tokens
    assert a.usage.prompt_tokens == b.usage.prompt_tokens
    assert a.id != b.id


def test_streaming_yields_chunks_and_a_time_to_first_token(vllm_server: VLLMServer):
    client = _client(vllm_server)
    t0 = time.perf_counter()
    stream = _chat(client, vllm_server, stream=True, stream_options={"include_usage": True})
    first_token_s = None
    pieces, finish_reasons, usage, n_chunks = [], [], None, 0
    for chunk in stream:
        n_chunks += 1
        assert chunk.object == "chat.completion.chunk"
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            if choice.delta.content:
                if first_token_s is None:
                    first_token_s = time.perf_counter() - t0
                pieces.append(choice.delta.content)
            if choice.finish_reason:
                finish_reasons.append(choice.finish_reason)
    total_s = time.perf_counter() - t0
    assert n_chunks >= 3
    assert first_token_s is not None and 0 < first_token_s <= total_s
    assert finish_reasons and finish_reasons[-1] in ("length", "stop")
    assert usage is not None and 1 <= usage.completion_tokens <= 16
    # The stream says the same as the non-streamed request (same seed, temperature 0).
    assert "".join(pieces) == _chat(client, vllm_server).choices[0].message.content
    _timing("stream_ttft_ms", round(1000 * first_token_s))
    _timing("stream_total_ms", round(1000 * total_s))


def test_fifty_concurrent_requests_all_succeed(vllm_server: VLLMServer):
    n = 50

    async def main():
        async with AsyncOpenAI(base_url=vllm_server.base_url, api_key="EMPTY") as client:

            async def one(i: int):
                t0 = time.perf_counter()
                resp = await client.chat.completions.create(
                    model=vllm_server.model,
                    messages=[{"role": "user", "content": f"Question n° {i} : {QUESTION}"}],
                    max_tokens=16,
                    seed=i,
                    temperature=0.7,
                )
                return resp, time.perf_counter() - t0

            t0 = time.perf_counter()
            results = await asyncio.gather(*(one(i) for i in range(n)))
            return results, time.perf_counter() - t0

    results, wall = asyncio.run(main())
    assert len(results) == n
    assert len({resp.id for resp, _ in results}) == n
    for resp, _ in results:
        assert resp.usage.prompt_tokens > 0
        assert 1 <= resp.usage.completion_tokens <= 16
        assert resp.choices[0].finish_reason in ("length", "stop")
    tokens = sum(resp.usage.completion_tokens for resp, _ in results)
    _timing("concurrent50_wall_s", round(wall, 2))
    _timing("concurrent50_req_per_s", round(n / wall, 1))
    _timing("concurrent50_gen_tok_per_s", round(tokens / wall))
    _timing("concurrent50_p95_latency_ms", round(1000 * sorted(s for _, s in results)[-3]))
    _timing("rss_mib_after_load", round((vllm_server.rss_bytes() or 0) / 2**20))


def test_kill_makes_requests_fail_and_restart_brings_it_back(vllm_server: VLLMServer):
    base_url, old_pid = vllm_server.base_url, vllm_server.pid
    try:
        rc = vllm_server.kill()
        assert rc == -9
        assert not vllm_server.is_running()
        client = _client(vllm_server, max_retries=0, timeout=5)
        with pytest.raises(openai.APIConnectionError):
            _chat(client, vllm_server)
        t0 = time.perf_counter()
        vllm_server.restart()
        _timing("restart_s", round(time.perf_counter() - t0, 1))
        assert vllm_server.base_url == base_url
        assert vllm_server.pid != old_pid
        resp = _chat(_client(vllm_server), vllm_server)
        assert 1 <= resp.usage.completion_tokens <= 16
    finally:
        vllm_server.ensure_running()


def test_a_server_that_cannot_start_raises_with_its_log(tmp_path: Path):
    # What the session fixture does when vLLM cannot run: an error, never a skip.
    with pytest.raises(VLLMError, match="not installed|cannot run"):
        start_vllm_server(tmp_path, python=str(tmp_path / "no-such-python"))
    missing = tmp_path / "no-such-model"
    with pytest.raises(VLLMError, match="exited with code") as excinfo:
        start_vllm_server(missing, scratch_dir=tmp_path / "scratch", startup_timeout=120)
    assert "last lines of" in str(excinfo.value)
    assert str(missing) in str(excinfo.value)  # the log tail names what went wrong


def test_in_process_engine_chats(vllm_model_dir: Path):
    # vllm.LLM(...) + llm.chat/generate, run in a subprocess of the vLLM interpreter.
    result = run_inprocess_smoke(vllm_model_dir)
    assert len(result["outputs"]) == 10  # 2 chats + 8 prompts
    for out in result["outputs"]:
        assert out["prompt_tokens"] > 0
        assert 1 <= out["completion_tokens"] <= 16
        assert isinstance(out["text"], str)
    _timing("inprocess_load_s", result["load_s"])
    _timing("inprocess_chat2_s", result["chat_s"])
    _timing("inprocess_generate8_s", result["generate_s"])


# Last: it leaves the server stopped
# (the `vllm_server` fixture restarts it if a later test needs it).
def test_stop_is_clean(vllm_server: VLLMServer):
    pid = vllm_server.pid
    t0 = time.perf_counter()
    rc = vllm_server.stop()
    _timing("stop_s", round(time.perf_counter() - t0, 2))
    assert rc == 0  # SIGINT was enough: no SIGKILL needed
    assert not vllm_server.is_running()
    assert not os.path.exists(f"/proc/{pid}")
    assert vllm_server.stop() == 0  # idempotent
