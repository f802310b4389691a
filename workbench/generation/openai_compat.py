"""Any OpenAI-compatible chat server: vLLM's OpenAI server, the Albert API...

Retries 429, 5xx, time-outs, connection errors and unreadable responses with exponential backoff
and jitter, honouring ``Retry-After``; a question that still fails carries its error. An empty
completion is an answer (a bad one), not a failure.

Two ways to the same ``/chat/completions`` route:

* non-streaming calls (the replay's default) and the model listing are one aiohttp request
  each, as vLLM's own benchmark client sends them. The openai SDK's request path (options model,
  httpx request, headers merge, the httpx-over-aiohttp bridge) costs ≈ 1.3 ms of CPU per call
  against ≈ 0.35 ms for the bare POST; at high concurrency the answers of a wave arrive together
  and that CPU is spent in a row before the next requests leave (``benchmarks/replay.py``);
* streaming calls (time to first token) go through ``openai.AsyncOpenAI``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
import urllib.request
from urllib.parse import urlsplit

import aiohttp
import httpx
import openai
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from yarl import URL

from workbench.generation.base import Generation, GenerationRequest

RETRY_AFTER_CAP_S = 60.0
ERROR_DETAIL_CHARS = 200
WARM_UP_TIMEOUT_S = 5.0
WARM_UP_GRACE_S = 0.25  # the first calls wait this long for connections still being opened


class EndpointStatusError(Exception):
    """The endpoint answered a non-streaming call with an HTTP error status."""

    def __init__(self, status_code: int, message: str, retry_after: str | None) -> None:
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code
        self.message = message
        self.retry_after = retry_after


def _error_message(raw: bytes) -> str:
    """The server's own words from an error body (`{"error": {"message": ...}}` and variants)."""
    try:
        body = json.loads(raw)
    except ValueError:
        return raw[:ERROR_DETAIL_CHARS].decode("utf-8", "replace")
    if isinstance(body, dict):
        error = body.get("error")
        for value in (error.get("message") if isinstance(error, dict) else error, body.get("message"), body.get("detail")):
            if isinstance(value, str) and value:
                return value
    return ""


def _retry_after(error: Exception) -> float | None:
    if isinstance(error, EndpointStatusError):
        value = error.retry_after
    else:
        response = getattr(error, "response", None)
        headers = getattr(response, "headers", None)
        value = headers.get("retry-after") if headers else None
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), RETRY_AFTER_CAP_S)
    except ValueError:
        return None


def _retryable(error: Exception) -> bool:
    if isinstance(error, (openai.APIStatusError, EndpointStatusError)):
        return error.status_code == 429 or error.status_code >= 500 or error.status_code == 408
    return isinstance(
        error,
        (
            openai.APITimeoutError,
            openai.APIConnectionError,
            openai.APIResponseValidationError,
            json.JSONDecodeError,
            httpx.HTTPError,
            aiohttp.ClientError,
            asyncio.TimeoutError,
        ),
    )


def describe_error(error: Exception) -> str:
    """A short, content-free description of an endpoint failure (never the prompt)."""
    if isinstance(error, (openai.APIStatusError, EndpointStatusError)):
        detail = " ".join(str(getattr(error, "message", "") or "").split())[:ERROR_DETAIL_CHARS]
        return f"HTTP {error.status_code} : {detail or type(error).__name__}"
    if isinstance(error, (openai.APITimeoutError, asyncio.TimeoutError)):
        return "délai dépassé (timeout)"
    if isinstance(error, (openai.APIConnectionError, aiohttp.ClientConnectionError)):
        return "connexion impossible au serveur"
    if isinstance(error, aiohttp.ClientPayloadError):
        return "réponse interrompue"
    if isinstance(error, NoModelError):
        return str(error)
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


def env_proxy(url: str) -> str | None:
    """The proxy the environment sets for ``url`` (HTTP(S)_PROXY, NO_PROXY honoured), or None.

    Read once per generator: aiohttp's ``trust_env`` reads the environment and ``~/.netrc`` again
    for every request, ≈ 0.4 ms of CPU each."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies_environment()
    if not proxies or urllib.request.proxy_bypass_environment(parts.hostname or "", proxies):
        return None
    return proxies.get(parts.scheme)


def api_key(env_name: str | None) -> str:
    return (os.environ.get(env_name, "") if env_name else "") or "EMPTY"


class NoModelError(Exception):
    """The server lists no model and none is configured."""


class OpenAICompatGenerator:
    def __init__(self, config, *, concurrency: int = 16) -> None:
        self.config = config
        self.concurrency = concurrency
        self._api_key = api_key(config.api_key_env)
        base = config.base_url.rstrip("/")
        self._completions_url = base + "/chat/completions"
        self._models_url = base + "/models"
        self._proxy = env_proxy(base)
        self._headers = {
            "Authorization": f"Bearer {self._api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": "workbench",
        }
        self._session: aiohttp.ClientSession | None = None
        self._client: openai.AsyncOpenAI | None = None
        self._model: str | None = config.model
        self._listing: asyncio.Future[str] | None = None
        self._warming: asyncio.Future[None] | None = None
        self.key = "openai:v1:" + json.dumps(
            {k: getattr(config, k) for k in ("base_url", "model", "temperature", "top_p", "max_tokens", "seed")},
            sort_keys=True,
        )

    def _http(self) -> aiohttp.ClientSession:
        """The aiohttp session of the running event loop (one connection per concurrent request)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.concurrency),
                timeout=aiohttp.ClientTimeout(total=self.config.timeout_s),
            )
        return self._session

    def _sdk(self) -> openai.AsyncOpenAI:
        """The openai client, for streaming calls only (built on first use: it loads the CA store)."""
        if self._client is None:
            self._client = openai.AsyncOpenAI(
                base_url=self.config.base_url,
                api_key=self._api_key,
                timeout=self.config.timeout_s,
                max_retries=0,  # we retry ourselves, honouring Retry-After
                http_client=openai.DefaultAioHttpClient(
                    timeout=self.config.timeout_s,
                    limits=httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency),
                ),
            )
        return self._client

    async def _request(self, method: str, url: str, body: dict | None = None, *, timeout_s: float | None = None) -> bytes:
        """One plain call; the raw body of a 2xx answer, EndpointStatusError otherwise."""
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        extra = {"timeout": aiohttp.ClientTimeout(total=timeout_s)} if timeout_s is not None else {}
        async with self._http().request(method, url, data=data, headers=self._headers, proxy=self._proxy, **extra) as response:
            raw = await response.read()
            if response.status >= 400:
                raise EndpointStatusError(response.status, _error_message(raw), response.headers.get("Retry-After"))
            return raw

    async def model(self) -> str:
        """The configured model, or the first one the server lists on /v1/models."""
        if self._model:
            return self._model
        # One listing shared by every worker that asks meanwhile (they all wake together).
        if self._listing is None:
            self._listing = asyncio.ensure_future(self._list_model())
        listing = self._listing
        try:
            self._model = await asyncio.shield(listing)
        except BaseException:
            if self._listing is listing and listing.done():
                self._listing = None  # the next attempt lists again
            raise
        return self._model

    async def _list_model(self) -> str:
        try:
            listed = json.loads(await self._request("GET", self._models_url)).get("data") or []
        except (ValueError, AttributeError):
            raise json.JSONDecodeError("unreadable model list", "", 0) from None
        models = [m["id"] for m in listed if isinstance(m, dict) and isinstance(m.get("id"), str) and m["id"]]
        if not models:
            raise NoModelError("le serveur ne déclare aucun modèle sur /v1/models ; indiquez `model` dans la configuration")
        return models[0]

    def start_warm_up(self, calls: int) -> None:
        """In the background, while the questions are prepared: resolve the model and open the
        connections that ``calls`` concurrent calls will use (TCP, and over TLS the handshake,
        through the proxy if one is set), without sending a request on them. The first calls
        wait up to WARM_UP_GRACE_S for it, then stop what is still pending, so a slow server
        never holds up a call. Errors surface on the calls themselves."""
        if calls > 0 and self._warming is None:
            self._warming = asyncio.ensure_future(self._warm_up(min(calls, self.concurrency)))

    async def _warm_up(self, calls: int) -> None:
        try:
            await self.model()
            await self._open_connections(calls, min(WARM_UP_TIMEOUT_S, self.config.timeout_s))
        except Exception:  # noqa: BLE001 - reported, with retries, by the calls themselves
            pass

    async def _open_connections(self, n: int, timeout_s: float) -> None:
        """Put ``n`` open connections to the endpoint in the session's pool, asking the connector
        as a call to ``/chat/completions`` would (same pool key: host, TLS, proxy). Half the CPU
        of a ``GET /models`` on each (7.5 ms instead of 15 for 40), which the start of a replay
        shares with the preparation of its first prompts."""
        session = self._http()
        request = aiohttp.ClientRequest(
            "POST", URL(self._completions_url), loop=asyncio.get_running_loop(),
            proxy=URL(self._proxy) if self._proxy else None,
        )
        timeout = aiohttp.ClientTimeout(total=timeout_s, sock_connect=timeout_s)

        async def open_one() -> None:
            connection = await session.connector.connect(request, [], timeout)
            connection.release()  # back to the pool, open, for the first calls (even if the rest is cancelled)

        await asyncio.gather(*(open_one() for _ in range(n)), return_exceptions=True)

    async def _stop_warm_up(self, grace_s: float = 0.0) -> None:
        warming = self._warming
        if warming is None or warming.done():
            return
        if grace_s > 0:
            try:
                await asyncio.wait_for(asyncio.shield(warming), grace_s)
            except asyncio.TimeoutError:
                pass
        if not warming.done():
            warming.cancel()
            await asyncio.gather(warming, return_exceptions=True)

    async def aclose(self) -> None:
        await self._stop_warm_up()
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def _once(self, request: GenerationRequest) -> Generation:
        c = self.config
        if self._warming is not None:
            await self._stop_warm_up(WARM_UP_GRACE_S)
            self._warming = None
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
        if not c.stream:
            raw = await self._request("POST", self._completions_url, params)
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
        stream = await self._sdk().post(
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
                # A deadline on this task (no extra task per call, unlike wait_for).
                async with asyncio.timeout(self.config.timeout_s * 1.5):
                    result = await self._once(request)
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
