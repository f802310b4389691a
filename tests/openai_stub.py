"""A real OpenAI-compatible HTTP server on loopback, for tests and benchmarks.

It speaks the protocol (``/v1/models``, ``/v1/chat/completions`` with or without SSE streaming,
``/v1/embeddings``), answers after a fixed latency, records every request body, and can be
scripted to fail: HTTP errors (with ``Retry-After``), hangs past the client's timeout, malformed
JSON. It is the fake at the process boundary; nothing of ours is patched.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


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
    faults: deque = field(default_factory=deque)  # consumed one per chat request
    fail_always: Fault | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    chat_calls: int = 0
    in_flight: int = 0
    busy_since: float | None = None
    busy_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: StubState  # set on the subclass

    def log_message(self, *args: Any) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json", headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: dict, headers: dict | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), headers=headers)

    def do_GET(self) -> None:
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            self._json(200, {"object": "list", "data": [{"id": self.state.model, "object": "model", "owned_by": "stub"}]})
        elif self.path == "/stats":
            with self.state.lock:
                self._json(200, {"chat_calls": self.state.chat_calls, "busy_s": self.state.busy_s})
        elif self.path == "/reset":
            with self.state.lock:
                self.state.chat_calls, self.state.busy_s = 0, 0.0
                self.state.requests.clear()
            self._json(200, {"ok": True})
        elif self.path == "/health":
            self._send(200, b"", "text/plain")
        else:
            self._json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._json(400, {"error": {"message": "bad json"}})
            return
        if self.path.endswith("/embeddings"):
            self._embeddings(body)
        elif self.path.endswith("/chat/completions"):
            self._chat(body)
        else:
            self._json(404, {"error": {"message": "not found"}})

    def _embeddings(self, body: dict) -> None:
        inputs = body.get("input")
        inputs = [inputs] if isinstance(inputs, str) else list(inputs or [])
        data = []
        for i, text in enumerate(inputs):
            digest = hashlib.sha256(str(text).encode()).digest()
            data.append({"object": "embedding", "index": i, "embedding": [b / 255 for b in digest[:16]]})
        self._json(200, {"object": "list", "data": data, "model": body.get("model"), "usage": {"prompt_tokens": 1, "total_tokens": 1}})

    def _chat(self, body: dict) -> None:
        state = self.state
        with state.lock:
            state.requests.append(body)
            state.chat_calls += 1
            fault = state.faults.popleft() if state.faults else state.fail_always
            if state.in_flight == 0:
                state.busy_since = time.perf_counter()
            state.in_flight += 1
        try:
            if fault is not None and fault.hang_s:
                time.sleep(fault.hang_s)
            if state.latency_s:
                time.sleep(state.latency_s)
            if fault is not None and fault.status:
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else None
                self._json(fault.status, {"error": {"message": f"scripted {fault.status}"}}, headers=headers)
                return
            if fault is not None and fault.malformed:
                self._send(200, b'{"id": "x", "choices": [ {"mess')
                return
            text = state.reply
            prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
            completion_tokens = len(text.split())
            if body.get("stream"):
                self._stream(body, text, prompt_tokens, completion_tokens)
                return
            self._json(
                200,
                {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens},
                },
            )
        finally:
            with state.lock:
                state.in_flight -= 1
                if state.in_flight == 0 and state.busy_since is not None:
                    state.busy_s += time.perf_counter() - state.busy_since
                    state.busy_since = None

    def _stream(self, body: dict, text: str, prompt_tokens: int, completion_tokens: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        base = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()), "model": body.get("model")}
        words = text.split(" ")
        for i, word in enumerate(words):
            piece = word if i == 0 else " " + word
            chunk = {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        final = {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
        self.wfile.write(f"data: {json.dumps(final)}\n\n".encode())
        usage = {**base, "choices": [], "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens}}
        self.wfile.write(f"data: {json.dumps(usage)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


class OpenAIStub:
    """``with OpenAIStub(latency_s=0.2) as stub: stub.base_url ...``"""

    def __init__(self, **state: Any) -> None:
        self.state = StubState(**state)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def calls(self) -> int:
        return self.state.chat_calls

    def script(self, *faults: Fault) -> None:
        self.state.faults.extend(faults)

    def __enter__(self) -> "OpenAIStub":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":  # a standalone stub for subprocess tests and benchmarks
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    stub = OpenAIStub(latency_s=args.latency)
    stub.server.server_close()
    stub.server = _Server(("127.0.0.1", args.port), type("Handler", (_Handler,), {"state": stub.state}))
    print(stub.base_url, flush=True)
    stub.server.serve_forever()
