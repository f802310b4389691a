"""Replay a dataset through a pipeline: retrieval, prompt, generation — concurrent, cached,
resumable.

* Bounded concurrency: ``concurrency`` workers share one queue of questions.
* Each answer is stored within a tenth of a second of its arrival (the answers that arrive
  together share one write), so a crash loses at most the requests in flight and that tenth of a
  second; ``resume`` answers only what is missing or failed, without duplicates.
* Content-addressed cache: an answer's key hashes the generator's behaviour and the rendered
  prompt (question + retrieved passages). Replaying the same configuration over the same
  dataset and corpus versions makes no endpoint call; a changed retriever or prompt re-runs only
  the questions whose prompt changed.
* Only pseudonymised text reaches an endpoint: questions are pseudonymised on import, and once
  more (idempotently) here: with the rules only for datasets recorded as pseudonymised on import
  (the NER model takes ≈ 6 s to load), fully for the others (``--no-pseudonymise``, older ones).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from workbench import aio
from workbench.config import PipelineConfig, parse_pipeline
from workbench.errors import WorkbenchError
from workbench.generation import Generation, GenerationRequest, build_generator
from workbench.preparation import Chunk, Prepared, Preparer, prepare_chunk
from workbench.records import Question
from workbench.store import Store

DEFAULT_CONCURRENCY = 16
GATHER_S = 0.1  # the longest an answer waits for others to share its write
PREPARE_CHUNK = 64  # questions prepared per step while the endpoint already works
# Until every worker has a request out, questions are prepared by FIRST_CHUNK: each group of
# requests leaves as soon as its prompts are ready, while the next is prepared (one chunk of
# `concurrency` kept the first requests back until the last prompt was ready: 25 ms of 2.2 s
# in benchmarks/replay.py, A/B of 30 replays each).
FIRST_CHUNK = 8

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


def new_run_id() -> str:
    return "run-" + uuid.uuid4().hex[:10]


def _chunks(items: list[Question], small: int, until: int, size: int) -> Iterator[list[Question]]:
    """Chunks of ``small`` questions until ``until`` of them are handed out, then of ``size``."""
    start = 0
    while start < len(items):
        step = max(1, small) if start < until else size
        yield items[start : start + step]
        start += step


def _answer_row(item: Prepared, generation: Generation, *, attempts_before: int = 0, cached: bool = False) -> dict[str, Any]:
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

    def __init__(
        self,
        store: Store,
        run_id: str,
        total: int,
        progress: Progress | None,
        *,
        batch_size: int,
        create_run: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.fresh = create_run is not None  # a new run: each question is written once, by plain inserts
        self.total = total
        self.progress = progress
        self.batch_size = max(1, batch_size)
        self.pending: list[dict[str, Any]] = []
        self.done = 0
        self._wake = asyncio.Event()
        self._full = asyncio.Event()
        self._closed = False
        self._keep_last = False
        self._merged = False
        self._create_run = create_run  # a new run's row, written before any of its answers
        self._run_row: asyncio.Future[None] | None = None

    def start_run_row(self) -> None:
        """Start writing the new run's row in a thread (once)."""
        if self._create_run is not None and self._run_row is None:
            self._run_row = asyncio.ensure_future(asyncio.to_thread(self._create_run))

    async def run_row(self, *, start: bool = True) -> None:
        """Wait for the run's row, starting its write if nothing did (``start=False``: only if
        something did; raises its error)."""
        if start:
            self.start_run_row()
        if self._run_row is not None:
            await self._run_row

    def add(self, row: dict[str, Any]) -> None:
        self.pending.append(row)
        self._wake.set()
        if len(self.pending) >= self.batch_size:
            self._full.set()

    async def flush(self) -> None:
        if not self.pending:
            return
        await self.run_row()
        batch, self.pending = self.pending, []
        # Once only the last wave of requests is out, the log is merged into the file while
        # they are awaited: the end of the replay then has little left to merge.
        left = self.total - self.done - len(batch)
        merge = not self._merged and 0 < left <= self.batch_size
        await asyncio.to_thread(self._save, batch, merge)
        self._merged = self._merged or merge
        self.saved(batch)

    def _save(self, batch: list[dict[str, Any]], merge: bool) -> None:
        self.store.save_answers(self.run_id, batch, fresh=self.fresh)
        if merge:
            self.store.merge_log()

    def saved(self, batch: list[dict[str, Any]]) -> None:
        self.done += len(batch)
        if self.progress:
            self.progress(self.done, self.total)

    async def loop(self) -> None:
        # A transaction costs milliseconds whatever its size, and the answers to a wave of
        # concurrent requests arrive together: an answer waits up to GATHER_S (or until a batch
        # of `concurrency` answers is there) to share its write with the others.
        while True:
            await self._wake.wait()
            if not self._closed:
                try:
                    await asyncio.wait_for(self._full.wait(), GATHER_S)
                except asyncio.TimeoutError:
                    pass
            self._wake.clear()
            self._full.clear()
            if self._closed:
                break
            await self.flush()
        if not self._keep_last:
            await self.flush()

    def close(self, *, keep_last: bool = False) -> None:
        """Stop the loop; ``keep_last``: leave the answers not yet written in ``pending``."""
        self._closed = True
        self._keep_last = keep_last
        self._wake.set()
        self._full.set()


class _Feed:
    """Prepares the questions chunk by chunk and hands them out: cached answers go straight to
    the writer, the others to the generation workers (which start on the first chunk)."""

    def __init__(
        self,
        store: Store,
        preparer: Preparer,
        questions: list[Question],
        writer: _Writer,
        *,
        first_chunk: int,
        first_wave: int,
        attempts_before: dict[str, int],
        cancel: threading.Event | None,
        first: Chunk | None = None,
    ) -> None:
        self.store = store
        self.preparer = preparer
        self.questions = questions
        self.writer = writer
        self.first_chunk = first_chunk
        self.first_wave = first_wave
        self.attempts_before = attempts_before
        self.cancel = cancel
        self.first = first  # the first chunk, already prepared
        self.queue: asyncio.Queue[Prepared | None] = asyncio.Queue()
        self.cached = 0

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def row(self, item: Prepared, generation: Generation, *, cached: bool = False) -> dict[str, Any]:
        return _answer_row(item, generation, attempts_before=self.attempts_before.get(item.question.external_id, 0), cached=cached)

    async def run(self, n_consumers: int) -> None:
        try:
            first_size = len(self.first[0]) if self.first is not None else self.first_chunk
            chunks = _chunks(self.questions, first_size, self.first_wave, PREPARE_CHUNK)
            handed = 0
            for number, chunk in enumerate(chunks):
                if self.cancelled():
                    break
                if handed >= self.first_wave:
                    # The run's row is written once the first wave of requests is out (nothing
                    # competes with them); a failure to write it stops the replay here, at most
                    # one wave of calls in.
                    await self.writer.run_row()
                if number == 0 and self.first is not None:
                    prepared, cache = self.first
                else:
                    prepared, cache = await asyncio.to_thread(prepare_chunk, self.store, self.preparer, chunk)
                for item in prepared:
                    hit = cache.get(item.cache_key)
                    if hit is None:
                        self.queue.put_nowait(item)
                        continue
                    self.cached += 1
                    generation = Generation(
                        text=hit["text"],
                        prompt_tokens=hit["prompt_tokens"],
                        completion_tokens=hit["completion_tokens"],
                        first_token_ms=hit["first_token_ms"],
                        total_ms=hit["total_ms"],
                        attempts=0,
                    )
                    self.writer.add(self.row(item, generation, cached=True))
                handed += len(chunk)
        finally:
            for _ in range(n_consumers):
                self.queue.put_nowait(None)


async def _generate_all(generator: Any, feed: _Feed, *, concurrency: int) -> int:
    """Run the generator over what the feed hands out; returns the number of model calls made."""
    calls = 0
    uses_endpoint = getattr(generator, "uses_model", True)
    if hasattr(generator, "generate_batch"):
        # In-process engine: it batches internally. It runs in the main thread (vLLM installs
        # signal handlers); slices are written as soon as each one is generated.
        producer = asyncio.create_task(feed.run(1))
        items = []
        while (item := await feed.queue.get()) is not None:
            items.append(item)
        await producer
        step = max(concurrency, 64)
        for start in range(0, len(items), step):
            if feed.cancelled():
                break
            chunk = items[start : start + step]
            requests = [GenerationRequest(i.question, i.hits, i.messages) for i in chunk]
            results = generator.generate_batch(requests)
            for item, result in zip(chunk, results):
                calls += result.attempts if uses_endpoint else 0
                feed.writer.add(feed.row(item, result))
            await feed.writer.flush()
        return calls

    n_workers = max(1, min(concurrency, len(feed.questions) or 1))

    async def worker() -> None:
        nonlocal calls
        while (item := await feed.queue.get()) is not None:
            if feed.cancelled():
                continue  # drain the queue up to the end marker
            request = GenerationRequest(item.question, item.hits, item.messages)
            result = await generator.generate(request)
            calls += result.attempts if uses_endpoint else 0
            feed.writer.add(feed.row(item, result))

    await asyncio.gather(feed.run(n_workers), *(worker() for _ in range(n_workers)))
    return calls


async def _close(generator: Any) -> None:
    close = getattr(generator, "aclose", None)
    if close is not None:
        await close()


@contextlib.asynccontextmanager
async def _endpoint(pipeline: PipelineConfig, *, concurrency: int, calls: int) -> AsyncIterator[Any]:
    """The pipeline's generator, warming up (model, connections) in the background from the start."""
    generator = build_generator(pipeline.generation, concurrency=concurrency)
    start_warm_up = getattr(generator, "start_warm_up", None)
    if start_warm_up is not None:
        start_warm_up(calls)
    try:
        yield generator
    finally:
        await _close(generator)  # a second call does nothing


async def _execute(
    store: Store,
    pipeline: PipelineConfig,
    generator: Any,
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
    preparer: Preparer,
    first: Chunk | None = None,
) -> ReplayResult:
    attempts_before = await asyncio.to_thread(store.attempts_so_far, run_id) if create is None else {}

    create_run = None
    if create is not None:
        create_run = functools.partial(store.create_run, run_id, corpus_id=preparer.corpus_id, **create)
    writer = _Writer(store, run_id, total, progress, batch_size=concurrency, create_run=create_run)
    writer.done = already_done
    writer_task = asyncio.create_task(writer.loop())
    feed = _Feed(
        store,
        preparer,
        questions,
        writer,
        first_chunk=min(FIRST_CHUNK, concurrency),
        first_wave=concurrency,
        attempts_before=attempts_before,
        cancel=cancel,
        first=first,
    )
    try:
        calls = await _generate_all(generator, feed, concurrency=concurrency)
    except BaseException:
        writer.close()
        await writer_task
        await writer.run_row(start=False)  # its error, if nothing awaited it yet
        raise
    closing = None
    try:
        writer.close(keep_last=True)
        await writer_task
        await writer.run_row()  # fewer questions than a wave, or cancelled at once
        last, writer.pending = writer.pending, []
        cancelled = cancel is not None and cancel.is_set()

        def error_for(failed: int) -> str | None:
            if cancelled:
                return "annulé par l'utilisateur"
            return f"{failed} question(s) sans réponse" if failed else None

        def finish() -> tuple[int, str]:
            closed = store.finish_run(run_id, total, error_for=error_for, last_answers=last, fresh=writer.fresh)
            # The log merged into the file now, while the loop winds down: the end of the lease
            # then has nothing left to write.
            store.merge_log()
            return closed

        # The end: the last answers and the run's status are written in one transaction (in a
        # thread, started first) while the endpoint's connections close.
        finishing = asyncio.ensure_future(asyncio.to_thread(finish))
        closing = asyncio.ensure_future(_close(generator))
        answered, status = await finishing
        writer.saved(last)
    finally:
        if closing is not None:
            await closing
    return ReplayResult(
        run_id=run_id,
        pipeline=pipeline.name,
        dataset=dataset_label,
        total=total,
        answered=answered,
        failed=total - answered,
        cached=feed.cached,
        endpoint_calls=calls,
        wall_s=0.0,  # set by the caller, which started the clock
        status=status,
    )


def _owner() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname()}


def _open_replay(
    store: Store, pipeline: PipelineConfig, dataset: str, limit: int | None, generator_key: str, first_chunk: int
) -> tuple[dict[str, Any], list[Question], Preparer, Chunk]:
    """The dataset, its questions (the first ``limit``), the preparer of their prompts and the
    first ``first_chunk`` of them prepared."""
    found = store.dataset(dataset)
    if found is None:
        raise WorkbenchError(f"jeu de données « {dataset} » introuvable ; importez-le avec `workbench import questions`")
    questions = store.questions(found["id"])
    if limit is not None:
        questions = questions[: max(0, limit)]
    if not questions:
        raise WorkbenchError(f"le jeu de données « {dataset} » ne contient aucune question")
    preparer = Preparer(store, pipeline, generator_key, pseudonymised=bool(found.get("pseudonymised")))
    return found, questions, preparer, prepare_chunk(store, preparer, questions[: max(1, first_chunk)])


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
    started = time.perf_counter()
    # One lease for the whole replay: its many small writes reuse one open file.
    with store.lease():
        result = aio.run(
            _replay(store, pipeline, dataset, limit=limit, concurrency=concurrency, progress=progress, cancel=cancel, run_id=run_id)
        )
    result.wall_s = time.perf_counter() - started
    return result


async def _replay(
    store: Store,
    pipeline: PipelineConfig,
    dataset: str,
    *,
    limit: int | None,
    concurrency: int,
    progress: Progress | None,
    cancel: threading.Event | None,
    run_id: str | None,
) -> ReplayResult:
    # The endpoint warms up while the database opens and the dataset is read.
    calls = concurrency if limit is None else min(concurrency, max(0, limit))
    async with _endpoint(pipeline, concurrency=concurrency, calls=calls) as generator:
        # One trip to a thread: each return to the event loop waits while it opens connections.
        found, questions, preparer, first = await asyncio.to_thread(
            _open_replay, store, pipeline, dataset, limit, generator.key, min(FIRST_CHUNK, concurrency)
        )
        create = {
            "pipeline_id": pipeline.id,
            "pipeline": (pipeline.name, pipeline.model_dump(mode="json")),
            "dataset_id": found["id"],
            "n_questions": len(questions),
            "params": {"limit": limit, "concurrency": concurrency, **_owner()},
        }
        return await _execute(
            store,
            pipeline,
            generator,
            run_id or new_run_id(),
            f"{found['name']}@{found['version']}",
            questions,
            total=len(questions),
            already_done=0,
            concurrency=concurrency,
            progress=progress,
            cancel=cancel,
            create=create,
            preparer=preparer,
            first=first,
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
    with store.lease():
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
        label = f"{dataset['name']}@{dataset['version']}" if dataset else run["dataset_id"]
        started = time.perf_counter()

        async def answer_the_rest() -> ReplayResult:
            async with _endpoint(pipeline, concurrency=concurrency, calls=min(concurrency, len(todo))) as generator:
                pseudonymised = bool(dataset and dataset.get("pseudonymised"))
                preparer = await asyncio.to_thread(Preparer, store, pipeline, generator.key, pseudonymised=pseudonymised)
                return await _execute(
                    store,
                    pipeline,
                    generator,
                    run_id,
                    label,
                    todo,
                    total=len(questions),
                    already_done=len(done),
                    concurrency=concurrency,
                    progress=progress,
                    cancel=cancel,
                    create=None,
                    preparer=preparer,
                )

        result = aio.run(answer_the_rest())
    result.wall_s = time.perf_counter() - started
    return result
