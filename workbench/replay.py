"""Replay a dataset through a pipeline: retrieval, prompt, generation — concurrent, cached,
resumable.

* Bounded concurrency: ``concurrency`` workers share one queue of questions.
* Each answer is stored as soon as it arrives (writes are batched over a fraction of a second),
  so a crash loses at most the requests in flight; ``resume`` answers only what is missing or
  failed, without duplicates.
* Content-addressed cache: an answer's key hashes the generator's behaviour and the rendered
  prompt (question + retrieved passages). Replaying the same configuration over the same
  dataset and corpus versions makes no endpoint call; a changed retriever or prompt re-runs only
  the questions whose prompt changed.
* Only pseudonymised text reaches an endpoint: questions are pseudonymised on import, and once
  more (idempotently) here, for datasets imported with ``--no-pseudonymise``.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.config import PipelineConfig, parse_pipeline
from workbench.errors import WorkbenchError
from workbench.generation import Generation, GenerationRequest, build_generator
from workbench.privacy import default_pseudonymizer
from workbench.prompts import messages_hash, render_messages
from workbench.records import Question
from workbench.retrieval import Hit, build_retriever
from workbench.store import Store

DEFAULT_CONCURRENCY = 16
FLUSH_INTERVAL_S = 0.25

Progress = Callable[[int, int], None]


@dataclass
class ReplayResult:
    run_id: str
    pipeline: str
    dataset: str
    total: int
    answered: int
    failed: int
    cached: int
    endpoint_calls: int
    wall_s: float
    status: str

    def as_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "pipeline": self.pipeline,
            "dataset": self.dataset,
            "questions": self.total,
            "answered": self.answered,
            "failed": self.failed,
            "cached": self.cached,
            "endpoint_calls": self.endpoint_calls,
            "wall_s": round(self.wall_s, 3),
            "status": self.status,
        }


@dataclass
class _Prepared:
    question: Question
    hits: list[Hit]
    messages: list[dict[str, str]]
    prompt_hash: str
    cache_key: str
    retrieval_ms: float


def new_run_id() -> str:
    return "run-" + uuid.uuid4().hex[:10]


def _default_messages(question: Question) -> list[dict[str, str]]:
    return [{"role": "user", "content": question.text}]


def prepare(
    store: Store, pipeline: PipelineConfig, generator_key: str, questions: list[Question]
) -> tuple[list[_Prepared], str | None]:
    """Retrieve passages and render prompts for every question (CPU work, in a thread)."""
    retriever = build_retriever(store, pipeline.retrieval)
    pseudo = default_pseudonymizer()
    texts = pseudo.pseudonymize_many([q.text for q in questions])
    questions = [Question(**{**q.__dict__, "text": t}) for q, t in zip(questions, texts)]
    k = pipeline.retrieval.k
    # Retrieval runs in batches (dense encoders are much faster on batches); each question's
    # retrieval_ms is its share of its batch's time.
    all_hits: list[list[Hit]] = []
    shares: list[float] = []
    for start in range(0, len(questions), 64):
        batch = [q.text for q in questions[start : start + 64]]
        started = time.perf_counter()
        all_hits.extend(retriever.retrieve_many(batch, k) if retriever else [[] for _ in batch])
        shares.extend([(time.perf_counter() - started) * 1000 / len(batch)] * len(batch))
    prepared = []
    for question, hits, retrieval_ms in zip(questions, all_hits, shares):
        if pipeline.retrieval.min_score is not None:
            hits = [h for h in hits if h.score >= pipeline.retrieval.min_score]
        prompt = pipeline.generation.prompt
        if prompt:
            messages = render_messages(
                prompt,
                question=question.text,
                passages=[h.as_context() for h in hits],
                structure=question.structure,
                theme=question.theme,
            )
        else:
            messages = _default_messages(question)
        prompt_hash = messages_hash(messages)
        key_parts = [generator_key, prompt_hash, "|".join(h.passage_id for h in hits)]
        if pipeline.generation.kind == "recorded":
            key_parts.append(question.recorded_answer or "")
        cache_key = hashlib.sha256("\0".join(key_parts).encode()).hexdigest()
        prepared.append(_Prepared(question, hits, messages, prompt_hash, cache_key, retrieval_ms))
    corpus_id = retriever.passages.corpus_id if retriever is not None else None
    return prepared, corpus_id


def _answer_row(item: _Prepared, generation: Generation, *, attempts_before: int = 0, cached: bool = False) -> dict[str, Any]:
    return {
        "question_id": item.question.external_id,
        "text": generation.text,
        "contexts": [h.as_context() for h in item.hits],
        "prompt_hash": item.prompt_hash,
        "cache_key": item.cache_key,
        "retrieval_ms": item.retrieval_ms,
        "first_token_ms": generation.first_token_ms,
        "total_ms": generation.total_ms,
        "prompt_tokens": generation.prompt_tokens,
        "completion_tokens": generation.completion_tokens,
        "error": generation.error,
        "attempts": attempts_before + generation.attempts,
        "cached": cached,
    }


class _Writer:
    """Collects answers and stores them in small batches, off the event loop."""

    def __init__(self, store: Store, run_id: str, total: int, progress: Progress | None) -> None:
        self.store = store
        self.run_id = run_id
        self.total = total
        self.progress = progress
        self.pending: list[dict[str, Any]] = []
        self.done = 0
        self.answered = 0
        self.failed = 0
        self._wake = asyncio.Event()
        self._closed = False

    def add(self, row: dict[str, Any]) -> None:
        self.pending.append(row)
        self._wake.set()

    async def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        await asyncio.to_thread(self.store.save_answers, self.run_id, batch)
        self.done += len(batch)
        self.failed += sum(1 for r in batch if r["error"] is not None)
        self.answered += sum(1 for r in batch if r["error"] is None)
        if self.progress:
            self.progress(self.done, self.total)

    async def loop(self) -> None:
        # Write as soon as answers arrive; answers that come in during a write go in the next
        # batch, so batches grow with the throughput and a crash loses only what is in flight.
        while not self._closed:
            try:
                await asyncio.wait_for(self._wake.wait(), FLUSH_INTERVAL_S)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
            await self.flush()
        await self.flush()

    def close(self) -> None:
        self._closed = True
        self._wake.set()


async def _generate_all(
    generator: Any,
    items: list[_Prepared],
    writer: _Writer,
    *,
    concurrency: int,
    attempts_before: dict[str, int],
    cancel: threading.Event | None,
) -> int:
    """Run the generator over the items; returns the number of model calls made."""
    calls = 0
    uses_endpoint = getattr(generator, "uses_model", True)
    if hasattr(generator, "generate_batch"):
        # In-process engine: it batches internally. It runs in the main thread (vLLM installs
        # signal handlers); slices are written as soon as each one is generated.
        step = max(concurrency, 64)
        for start in range(0, len(items), step):
            if cancel is not None and cancel.is_set():
                break
            chunk = items[start : start + step]
            requests = [GenerationRequest(i.question, i.hits, i.messages) for i in chunk]
            results = generator.generate_batch(requests)
            for item, result in zip(chunk, results):
                calls += result.attempts if uses_endpoint else 0
                writer.add(_answer_row(item, result, attempts_before=attempts_before.get(item.question.external_id, 0)))
            await writer.flush()
        return calls

    queue: asyncio.Queue[_Prepared] = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)

    async def worker() -> None:
        nonlocal calls
        while True:
            if cancel is not None and cancel.is_set():
                return
            try:
                item = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            request = GenerationRequest(item.question, item.hits, item.messages)
            result = await generator.generate(request)
            calls += result.attempts if uses_endpoint else 0
            writer.add(_answer_row(item, result, attempts_before=attempts_before.get(item.question.external_id, 0)))

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(items) or 1)))))
    return calls


async def _execute(
    store: Store,
    pipeline: PipelineConfig,
    run_id: str,
    dataset_label: str,
    questions: list[Question],
    *,
    total: int,
    already_done: int,
    concurrency: int,
    progress: Progress | None,
    cancel: threading.Event | None,
    create: dict[str, Any] | None,
) -> ReplayResult:
    started = time.perf_counter()
    generator = build_generator(pipeline.generation, concurrency=concurrency)
    prepared, corpus_id = await asyncio.to_thread(prepare, store, pipeline, generator.key, questions)
    if create is not None:
        await asyncio.to_thread(store.create_run, run_id, corpus_id=corpus_id, **create)
    attempts_before = await asyncio.to_thread(store.attempts_so_far, run_id)

    cache = await asyncio.to_thread(store.cached_answers, [p.cache_key for p in prepared])
    writer = _Writer(store, run_id, total, progress)
    writer.done = already_done
    writer_task = asyncio.create_task(writer.loop())
    cached_count = 0
    to_generate = []
    for item in prepared:
        hit = cache.get(item.cache_key)
        if hit is None:
            to_generate.append(item)
            continue
        cached_count += 1
        generation = Generation(
            text=hit["text"],
            prompt_tokens=hit["prompt_tokens"],
            completion_tokens=hit["completion_tokens"],
            first_token_ms=hit["first_token_ms"],
            total_ms=hit["total_ms"],
            attempts=0,
        )
        writer.add(_answer_row(item, generation, attempts_before=attempts_before.get(item.question.external_id, 0), cached=True))

    calls = 0
    try:
        calls = await _generate_all(
            generator, to_generate, writer, concurrency=concurrency, attempts_before=attempts_before, cancel=cancel
        )
    finally:
        writer.close()
        await writer_task
        close = getattr(generator, "aclose", None)
        if close is not None:
            await close()

    answered_ids = await asyncio.to_thread(store.answered_question_ids, run_id)
    answered = len(answered_ids)
    failed = total - answered
    cancelled = cancel is not None and cancel.is_set()
    status = "finished" if failed == 0 else "failed"
    error = "annulé par l'utilisateur" if cancelled else (f"{failed} question(s) sans réponse" if failed else None)
    await asyncio.to_thread(store.set_run_status, run_id, status, error=error)
    return ReplayResult(
        run_id=run_id,
        pipeline=pipeline.name,
        dataset=dataset_label,
        total=total,
        answered=answered,
        failed=failed,
        cached=cached_count,
        endpoint_calls=calls,
        wall_s=time.perf_counter() - started,
        status=status,
    )


def _owner() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname()}


def replay(
    store: Store,
    pipeline: PipelineConfig,
    dataset: str,
    *,
    limit: int | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    run_id: str | None = None,
) -> ReplayResult:
    """Replay ``dataset`` (name, name@version or id) through ``pipeline`` as a new run."""
    if concurrency < 1:
        raise WorkbenchError("la concurrence doit être au moins 1")
    found = store.dataset(dataset)
    if found is None:
        raise WorkbenchError(f"jeu de données « {dataset} » introuvable ; importez-le avec `workbench import questions`")
    questions = store.questions(found["id"])
    if limit is not None:
        questions = questions[: max(0, limit)]
    if not questions:
        raise WorkbenchError(f"le jeu de données « {dataset} » ne contient aucune question")
    run_id = run_id or new_run_id()
    store.save_pipeline(pipeline.id, pipeline.name, pipeline.model_dump(mode="json"))
    create = {
        "pipeline_id": pipeline.id,
        "dataset_id": found["id"],
        "n_questions": len(questions),
        "params": {"limit": limit, "concurrency": concurrency, **_owner()},
    }
    return asyncio.run(
        _execute(
            store,
            pipeline,
            run_id,
            f"{found['name']}@{found['version']}",
            questions,
            total=len(questions),
            already_done=0,
            concurrency=concurrency,
            progress=progress,
            cancel=cancel,
            create=create,
        )
    )


def resume(
    store: Store,
    run_id: str,
    *,
    concurrency: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ReplayResult:
    """Answer the questions of a run that are missing or failed; the others are kept as they are."""
    run = store.run(run_id)
    if run is None:
        raise WorkbenchError(f"exécution « {run_id} » introuvable (voir `workbench runs`)")
    saved = store.pipeline(run["pipeline_id"])
    if saved is None:
        raise WorkbenchError(f"la configuration du pipeline de l'exécution « {run_id} » est introuvable")
    pipeline = parse_pipeline(saved["config"], source=f"pipeline {saved['name']}")
    dataset = store.dataset(run["dataset_id"])
    params = run["params"]
    questions = store.questions(run["dataset_id"])
    if params.get("limit") is not None:
        questions = questions[: params["limit"]]
    done = store.answered_question_ids(run_id)
    todo = [q for q in questions if q.external_id not in done]
    concurrency = concurrency or params.get("concurrency") or DEFAULT_CONCURRENCY
    store.set_run_status(run_id, "running", params={**params, **_owner()})
    return asyncio.run(
        _execute(
            store,
            pipeline,
            run_id,
            f"{dataset['name']}@{dataset['version']}" if dataset else run["dataset_id"],
            todo,
            total=len(questions),
            already_done=len(done),
            concurrency=concurrency,
            progress=progress,
            cancel=cancel,
            create=None,
        )
    )
