"""Any OpenAI-compatible chat server: vLLM's OpenAI server, the Albert API...

Retries 429, 5xx, time-outs, connection errors and unreadable responses with exponential backoff
and jitter, honouring ``Retry-After``; a question that still fails carries its error. An empty
completion is an answer (a bad one), not a failure.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time

import httpx
import openai
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from workbench.generation.base import Generation, GenerationRequest

RETRY_AFTER_CAP_S = 60.0


def _retry_after(error: Exception) -> float | None:
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), RETRY_AFTER_CAP_S)
    except ValueError:
        return None


def _retryable(error: Exception) -> bool:
    if isinstance(error, openai.APIStatusError):
        return error.status_code == 429 or error.status_code >= 500 or error.status_code == 408
    return isinstance(
        error,
        (
            openai.APITimeoutError,
            openai.APIConnectionError,
            openai.APIResponseValidationError,
            json.JSONDecodeError,
            httpx.HTTPError,
            asyncio.TimeoutError,
        ),
    )


def describe_error(error: Exception) -> str:
    """A short, content-free description of an endpoint failure (never the prompt)."""
    if isinstance(error, openai.APIStatusError):
        detail = " ".join(str(getattr(error, "message", "") or "").split())[:200]
        return f"HTTP {error.status_code} : {detail or type(error).__name__}"
    if isinstance(error, (openai.APITimeoutError, asyncio.TimeoutError)):
        return "délai dépassé (timeout)"
    if isinstance(error, openai.APIConnectionError):
        return "connexion impossible au serveur"
    if isinstance(error, (json.JSONDecodeError, openai.APIResponseValidationError)):
        return "réponse illisible (JSON invalide)"
    return type(error).__name__


def _parse_completion(raw: bytes) -> tuple[str, dict]:
    """The first choice's text and the usage of a chat completion body; ValueError if unreadable."""
    try:
        body = json.loads(raw)
    except ValueError as error:  # bad JSON, or bytes that are not UTF-8
        raise json.JSONDecodeError(f"unreadable body ({type(error).__name__})", "", 0) from None
    try:
        message = body["choices"][0]["message"]
        text = message.get("content") or ""
    except (KeyError, IndexError, TypeError, AttributeError):
        raise json.JSONDecodeError("no choices", "", 0) from None
    if not isinstance(text, str):
        raise json.JSONDecodeError("content is not text", "", 0)
    usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
    return text, usage


def api_key(env_name: str | None) -> str:
    return (os.environ.get(env_name, "") if env_name else "") or "EMPTY"


class OpenAICompatGenerator:
    def __init__(self, config, *, concurrency: int = 16, client: openai.AsyncOpenAI | None = None) -> None:
        self.config = config
        # aiohttp as the transport (the openai SDK's own `aiohttp` option): httpx's pool scans
        # every connection for every request and costs more CPU than the requests at high
        # concurrency. One connection per concurrent request.
        self.client = client or openai.AsyncOpenAI(
            base_url=config.base_url,
            api_key=api_key(config.api_key_env),
            timeout=config.timeout_s,
            max_retries=0,  # we retry ourselves, honouring Retry-After
            http_client=openai.DefaultAioHttpClient(
                timeout=config.timeout_s,
                limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
            ),
        )
        self._model: str | None = config.model
        self._model_lock = asyncio.Lock()
        self.key = "openai:v1:" + json.dumps(
            {k: getattr(config, k) for k in ("base_url", "model", "temperature", "top_p", "max_tokens", "seed")},
            sort_keys=True,
        )

    async def model(self) -> str:
        """The configured model, or the first one the server lists on /v1/models."""
        if self._model:
            return self._model
        async with self._model_lock:
            if not self._model:
                page = await self.client.models.list()
                models = [m.id for m in page.data]
                if not models:
                    raise RuntimeError("le serveur ne déclare aucun modèle sur /v1/models")
                self._model = models[0]
        return self._model

    async def aclose(self) -> None:
        await self.client.close()

    async def _once(self, request: GenerationRequest) -> Generation:
        c = self.config
        params = dict(
            model=await self.model(),
            messages=request.messages,
            temperature=c.temperature,
            top_p=c.top_p,
            max_tokens=c.max_tokens,
        )
        if c.seed is not None:
            params["seed"] = c.seed
        started = time.perf_counter()
        # `client.post` (the SDK's documented way to reach any endpoint) sends the body as is and,
        # with `cast_to=bytes`, returns the body unparsed: `chat.completions.create` would walk
        # every message and the response through the SDK's pydantic models, a millisecond or two
        # of CPU per request that caps the throughput at high concurrency.
        if not c.stream:
            raw = await self.client.post("/chat/completions", body=params, cast_to=bytes)
            total = (time.perf_counter() - started) * 1000
            message, usage = _parse_completion(raw)
            return Generation(
                text=message,
                prompt_tokens=usage.get("prompt_tokens"),
                completion_tokens=usage.get("completion_tokens"),
                total_ms=total,
            )
        first_token_ms = None
        parts: list[str] = []
        usage = None
        stream = await self.client.post(
            "/chat/completions",
            body={**params, "stream": True, "stream_options": {"include_usage": True}},
            cast_to=ChatCompletion,
            stream=True,
            stream_cls=openai.AsyncStream[ChatCompletionChunk],
        )
        async for chunk in stream:
            if chunk.usage is not None:
                usage = chunk.usage
            for choice in chunk.choices:
                delta = choice.delta.content if choice.delta else None
                if delta:
                    if first_token_ms is None:
                        first_token_ms = (time.perf_counter() - started) * 1000
                    parts.append(delta)
        return Generation(
            text="".join(parts),
            prompt_tokens=getattr(usage, "prompt_tokens", None),
            completion_tokens=getattr(usage, "completion_tokens", None),
            first_token_ms=first_token_ms,
            total_ms=(time.perf_counter() - started) * 1000,
        )

    async def generate(self, request: GenerationRequest) -> Generation:
        attempts = 0
        delay = 0.5
        while True:
            attempts += 1
            try:
                result = await asyncio.wait_for(self._once(request), timeout=self.config.timeout_s * 1.5)
                result.attempts = attempts
                return result
            except Exception as error:  # noqa: BLE001 - every failure is recorded, none escapes
                if not _retryable(error) or attempts > self.config.max_retries:
                    return Generation(text=None, error=describe_error(error), attempts=attempts)
                wait = _retry_after(error)
                if wait is None:
                    wait = delay * (0.5 + random.random())
                    delay = min(delay * 2, 20.0)
                await asyncio.sleep(wait)
