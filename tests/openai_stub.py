"""A real OpenAI-compatible HTTP server on loopback, for tests and benchmarks.

It speaks the protocol (``/v1/models``, ``/v1/chat/completions`` with or without SSE streaming,
``/v1/embeddings``), answers after a fixed latency, records every request body, and can be
scripted to fail: HTTP errors (with ``Retry-After``), hangs past the client's timeout, malformed
JSON. It is the fake at the process boundary; nothing of ours is patched.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Fault:
    """One scripted failure: ``status`` (HTTP error), ``hang_s`` (sleep), or ``malformed``."""

    status: int | None = None
    retry_after: float | None = None
    hang_s: float | None = None
    malformed: bool = False


@dataclass
class StubState:
    model: str = "stub-model"
    latency_s: float = 0.0
    reply: str = "Madame, Monsieur, merci pour votre message. Cordialement, le service."
    judge: bool = True  # answer ragas's JSON-mode judge prompts with valid JSON (judge_reply)
    faults: deque = field(default_factory=deque)  # consumed one per chat request
    fail_always: Fault | None = None
    models_hang_s: float = 0.0  # GET /v1/models sleeps this long first
    models_calls: int = 0
    connections: int = 0  # TCP connections accepted, whether or not a request came on them
    requests: list[dict[str, Any]] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)  # of the chat requests
    targets: list[str] = field(default_factory=list)  # the chat requests' targets, as sent (proxy tests)
    chat_calls: int = 0
    in_flight: int = 0
    busy_since: float | None = None
    busy_s: float = 0.0
    # ∫ in_flight dt (request-seconds) and wall-clock bounds of the chat traffic, for benchmarks.
    inflight_area: float = 0.0
    changed_at: float | None = None
    first_at: float | None = None
    last_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def _usage(prompt_tokens: int, completion_tokens: int) -> dict:
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens}


def _account(state: StubState) -> None:
    now = time.perf_counter()
    if state.changed_at is not None:
        state.inflight_area += state.in_flight * (now - state.changed_at)
    state.changed_at = now


def _make_app(state: StubState) -> web.Application:
    async def models(request: web.Request) -> web.Response:
        with state.lock:
            state.models_calls += 1
        if state.models_hang_s:
            await asyncio.sleep(state.models_hang_s)
        return web.json_response({"object": "list", "data": [{"id": state.model, "object": "model", "owned_by": "stub"}]})

    async def stats(request: web.Request) -> web.Response:
        with state.lock:
            return web.json_response({
                "chat_calls": state.chat_calls, "busy_s": state.busy_s, "inflight_area": state.inflight_area,
                "first_at": state.first_at, "last_at": state.last_at,
            })

    async def reset(request: web.Request) -> web.Response:
        with state.lock:
            state.chat_calls, state.busy_s, state.inflight_area = 0, 0.0, 0.0
            state.first_at = state.last_at = state.changed_at = None
            state.requests.clear()
            state.authorizations.clear()
            state.targets.clear()
        return web.json_response({"ok": True})

    async def health(request: web.Request) -> web.Response:
        return web.Response(text="")

    async def embeddings(request: web.Request) -> web.Response:
        body = await request.json()
        inputs = body.get("input")
        inputs = [inputs] if isinstance(inputs, str) else list(inputs or [])
        data = []
        for i, text in enumerate(inputs):
            digest = hashlib.sha256(str(text).encode()).digest()
            data.append({"object": "embedding", "index": i, "embedding": [b / 255 for b in digest[:16]]})
        return web.json_response({"object": "list", "data": data, "model": body.get("model"), "usage": _usage(1, 0)})

    async def chat(request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return web.json_response({"error": {"message": "bad json"}}, status=400)
        with state.lock:
            state.requests.append(body)
            state.authorizations.append(request.headers.get("Authorization"))
            state.targets.append(request.raw_path)
            state.chat_calls += 1
            fault = state.faults.popleft() if state.faults else state.fail_always
            if state.in_flight == 0:
                state.busy_since = time.perf_counter()
            _account(state)
            state.first_at = state.first_at or time.time()
            state.in_flight += 1
        try:
            if fault is not None and fault.hang_s:
                await asyncio.sleep(fault.hang_s)
            if state.latency_s:
                await asyncio.sleep(state.latency_s)
            if fault is not None and fault.status:
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else None
                return web.json_response({"error": {"message": f"scripted {fault.status}"}}, status=fault.status, headers=headers)
            if fault is not None and fault.malformed:
                return web.Response(body=b'{"id": "x", "choices": [ {"mess', content_type="application/json")
            text = state.reply
            if state.judge and (body.get("response_format") or {}).get("type") == "json_object":
                from judge_stub import judge_reply  # tests/ is on sys.path

                text = judge_reply(body) or text
            prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
            completion_tokens = len(text.split())
            if body.get("stream"):
                return await _stream(request, body, text, prompt_tokens, completion_tokens)
            return web.json_response(
                {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": _usage(prompt_tokens, completion_tokens),
                }
            )
        finally:
            with state.lock:
                _account(state)
                state.last_at = time.time()
                state.in_flight -= 1
                if state.in_flight == 0 and state.busy_since is not None:
                    state.busy_s += time.perf_counter() - state.busy_since
                    state.busy_since = None

    async def _stream(request, body, text, prompt_tokens, completion_tokens) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        base = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()), "model": body.get("model")}
        for i, word in enumerate(text.split(" ")):
            piece = word if i == 0 else " " + word
            chunk = {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
        final = {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
        await response.write(f"data: {json.dumps(final)}\n\n".encode())
        usage = {**base, "choices": [], "usage": _usage(prompt_tokens, completion_tokens)}
        await response.write(f"data: {json.dumps(usage)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    app = web.Application()
    app.add_routes([
        web.get("/v1/models", models), web.get("/models", models), web.get("/stats", stats),
        web.get("/reset", reset), web.get("/health", health),
        web.post("/v1/embeddings", embeddings), web.post("/v1/chat/completions", chat),
    ])
    return app


class OpenAIStub:
    """``with OpenAIStub(latency_s=0.2) as stub: stub.base_url ...`` — serves from a thread."""

    def __init__(self, port: int = 0, **state: Any) -> None:
        self.state = StubState(**state)
        self.port = port
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def calls(self) -> int:
        return self.state.chat_calls

    def script(self, *faults: Fault) -> None:
        self.state.faults.extend(faults)

    async def _start(self) -> None:
        self.runner = web.AppRunner(_make_app(self.state), access_log=None, handler_cancellation=True)
        await self.runner.setup()
        server, state = self.runner.server, self.state
        accepted = server.connection_made

        def count(handler, transport) -> None:
            with state.lock:
                state.connections += 1
            accepted(handler, transport)

        server.connection_made = count  # the server's own hook, per accepted connection
        site = web.TCPSite(self.runner, "127.0.0.1", self.port, backlog=1024)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    def __enter__(self) -> "OpenAIStub":
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(30)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.runner is not None:
            asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


if __name__ == "__main__":  # a standalone stub for subprocess tests and benchmarks
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    stub = OpenAIStub(port=args.port, latency_s=args.latency)
    stub.__enter__()
    print(stub.base_url, flush=True)
    try:
        stub.thread.join()
    except KeyboardInterrupt:
        pass
