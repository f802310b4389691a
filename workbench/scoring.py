"""Score a run: check each metric's needs, compute what is not scored yet, store, summarise.

* With no metric named, the default set (no model) is scored, minus the metrics whose inputs
  the run lacks — those are reported in ``skipped`` with the reason. A metric named
  explicitly whose inputs are missing is an error naming them, raised before anything is
  computed or stored (no token is spent).
* Scores are stored per (run, question, metric, judge) with the metric's version. Scoring
  again with the same metric, version and judge is a no-op: those rows are skipped, not
  recomputed. A new version of a metric recomputes and replaces its rows. A sample whose
  judge calls failed after their retries is not scored (its cost and error are recorded in
  ``judge_calls``); scoring again retries only those.
* Model metrics run concurrently (``JudgeSettings.concurrency`` samples at once), each sample
  retried ``JudgeSettings.retries`` times with backoff on top of the HTTP client's retries;
  results are stored as they arrive, in small batches, so an interruption loses little.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench import aio, config  # noqa: F401  (RAGAS_DO_NOT_TRACK=true before anything imports ragas)
from workbench.errors import WorkbenchError
from workbench.metrics.registry import (
    INPUT_LABELS,
    BatchMetric,
    Metric,
    MetricError,
    MetricResult,
    ModelMetric,
    Sample,
    check_requirements,
    GROUPS,
    resolve,
)
from workbench.store import Store

Progress = Callable[[int, int], None]

SAVE_BATCH = 32


@dataclass
class ScoreReport:
    run_id: str
    metrics: dict[str, float | None] = field(default_factory=dict)  # mean over the run
    counts: dict[str, int] = field(default_factory=dict)  # answers with a value
    skipped: dict[str, str] = field(default_factory=dict)
    incomplete: dict[str, str] = field(default_factory=dict)  # some answers lack an input
    failed: dict[str, int] = field(default_factory=dict)
    judges: dict[str, str] = field(default_factory=dict)
    scored: int = 0  # rows computed now
    already_scored: int = 0  # rows skipped because already stored with this version and judge
    judge_usage: dict[str, dict[str, Any]] = field(default_factory=dict)
    wall_s: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "metrics": self.metrics,
            "n": self.counts,
            "skipped": self.skipped,
            "incomplete": self.incomplete,
            "failed": self.failed,
            "judges": self.judges,
            "scored": self.scored,
            "already_scored": self.already_scored,
            "judge_usage": self.judge_usage,
            "wall_s": round(self.wall_s, 3),
        }


def samples_of_run(store: Store, run_id: str) -> list[Sample]:
    samples = []
    for row in store.scoring_inputs(run_id):
        metadata = row["metadata"] or {}
        texts = metadata.get("reference_contexts") or metadata.get("context") or []
        if isinstance(texts, str):
            texts = [texts]
        samples.append(
            Sample(
                question_id=row["question_id"],
                question=row["question"] or "",
                answer=row["answer"] if row["answer"] is not None else "",
                contexts=row["contexts"] or [],
                reference_answer=row["reference_answer"],
                reference_context_ids=row["reference_context_ids"],
                reference_contexts=[str(t) for t in texts if t],
            )
        )
    return samples


def _row(metric: Metric, judge: str, sample: Sample, result: MetricResult) -> dict[str, Any]:
    return {
        "question_id": sample.question_id,
        "metric": metric.info.id,
        "judge": judge,
        "version": metric.info.version,
        "value": result.value,
        "reason": result.reason,
    }


def score_run(
    store: Store,
    run_id: str,
    metric_ids: Sequence[str] | None = None,
    *,
    judge: Any = None,  # ragas_metrics.JudgeSettings
    embeddings: Any = None,  # ragas_metrics.EmbeddingsSettings
    progress: Progress | None = None,
) -> ScoreReport:
    """Score ``run_id`` with the metrics named (ids or groups), or the default set."""
    started = time.perf_counter()
    run = store.run(run_id)
    if run is None:
        raise WorkbenchError(f"exécution « {run_id} » introuvable (voir `workbench runs`)")
    # A metric named by its id must be computable (else an error); the members of a group
    # ("default", "public_service"...) that the run cannot support are skipped, with why.
    named = {m.strip() for m in metric_ids or [] if m.strip() and m.strip() not in GROUPS}
    metrics = resolve(metric_ids or ["default"])
    samples = samples_of_run(store, run_id)
    if not samples:
        raise WorkbenchError(f"l'exécution « {run_id} » n'a aucune réponse à noter")

    embeddings_ok = False
    if any(m.info.needs_embeddings for m in metrics):
        from workbench.metrics.ragas_metrics import local_embeddings_available

        embeddings_ok = bool(embeddings is not None and embeddings.base_url) or local_embeddings_available()
    requirements = check_requirements(metrics, samples, judge=judge is not None, embeddings=embeddings_ok)
    report = ScoreReport(run_id)
    blocked = {mid: req for mid, req in requirements.items() if not req.ok}
    if blocked.keys() & named:
        details = " ; ".join(f"{mid} : {req.message()}" for mid, req in blocked.items() if mid in named)
        raise MetricError(f"impossible de noter l'exécution « {run_id} » — {details}")
    for mid, req in blocked.items():
        report.skipped[mid] = req.message()
    metrics = [m for m in metrics if m.info.id not in blocked]
    for metric in metrics:
        partial = requirements[metric.info.id].partial
        if partial:
            report.incomplete[metric.info.id] = " ; ".join(
                f"{n} réponse(s) sans {INPUT_LABELS[i]}" for i, n in partial.items()
            )

    resources = None
    if any(isinstance(m, ModelMetric) for m in metrics):
        from workbench.metrics.ragas_metrics import ModelResources

        resources = ModelResources(judge=judge, embeddings=embeddings)

    plan: list[tuple[Metric, str, list[Sample]]] = []
    for metric in metrics:
        identity = resources.identity(metric.info) if isinstance(metric, ModelMetric) and resources else ""
        done = store.score_versions(run_id, metric.info.id, identity)
        usable = [s for s in samples if all(s.has(i) for i in metric.info.sample_inputs)]
        todo = [s for s in usable if done.get(s.question_id) != metric.info.version]
        report.already_scored += len(usable) - len(todo)
        report.judges[metric.info.id] = identity
        plan.append((metric, identity, todo))

    total = sum(len(todo) for _, _, todo in plan)
    done_count = 0
    rows: list[dict[str, Any]] = []
    for metric, identity, todo in plan:
        if not todo or not isinstance(metric, BatchMetric):
            continue
        results = metric.score_many(todo)
        rows += [_row(metric, identity, s, r) for s, r in zip(todo, results)]
        report.scored += len(todo)
        done_count += len(todo)
        if progress:
            progress(done_count, total)
    store.save_scores(run_id, rows)  # local metrics take seconds: one transaction

    model_plan = [(m, j, t) for m, j, t in plan if isinstance(m, ModelMetric) and t]
    if model_plan:
        assert resources is not None
        scored, failed = aio.run(
            _score_with_models(store, run_id, model_plan, resources, progress=progress, offset=done_count, total=total)
        )
        report.scored += scored
        report.failed.update({k: v for k, v in failed.items() if v})

    summary = {(r["metric"], r["judge"]): r for r in store.run_metric_summary(run_id)}
    for metric in metrics:
        row = summary.get((metric.info.id, report.judges[metric.info.id]))
        report.metrics[metric.info.id] = float(row["mean"]) if row and row["mean"] is not None else None
        report.counts[metric.info.id] = int(row["n"]) if row else 0
    for usage in store.judge_usage(run_id):
        if usage["metric"] in report.metrics and usage["judge"] == report.judges.get(usage["metric"]):
            report.judge_usage[usage["metric"]] = {
                k: (int(usage[k]) if k != "duration_ms" else round(float(usage[k] or 0), 1))
                for k in ("samples", "calls", "prompt_tokens", "completion_tokens", "duration_ms", "failed")
            }
    report.wall_s = time.perf_counter() - started
    return report


async def _score_with_models(
    store: Store,
    run_id: str,
    plan: list[tuple[ModelMetric, str, list[Sample]]],
    resources: Any,
    *,
    progress: Progress | None,
    offset: int,
    total: int,
) -> tuple[int, dict[str, int]]:
    from workbench.metrics.ragas_metrics import CallMeter, current_meter, texts_to_embed

    settings = resources.judge
    concurrency = settings.concurrency if settings else 8
    retries = settings.retries if settings else 1
    embedding_metrics = [m for m, _, _ in plan if m.info.needs_embeddings]
    if embedding_metrics:
        texts = texts_to_embed(embedding_metrics, [s for m, _, t in plan if m.info.needs_embeddings for s in t])
        await asyncio.to_thread(resources.ragas_embeddings.prefetch, texts)

    semaphore = asyncio.Semaphore(max(1, concurrency))
    pending_scores: list[dict[str, Any]] = []
    pending_calls: list[dict[str, Any]] = []
    counters = {"scored": 0, "done": offset}
    failed: dict[str, int] = {m.info.id: 0 for m, _, _ in plan}
    lock = asyncio.Lock()

    async def flush(force: bool = False) -> None:
        async with lock:
            if not pending_scores and not pending_calls:
                return
            if not force and len(pending_scores) + len(pending_calls) < SAVE_BATCH:
                return
            scores, calls = pending_scores[:], pending_calls[:]
            pending_scores.clear()
            pending_calls.clear()
        await asyncio.to_thread(store.save_scores, run_id, scores, calls)

    async def one(metric: ModelMetric, identity: str, sample: Sample) -> None:
        meter = CallMeter()
        current_meter.set(meter)  # this task's own context: its HTTP calls add up here
        result: MetricResult | None = None
        error: str | None = None
        attempts = 0
        async with semaphore:
            for attempt in range(retries + 1):
                attempts = attempt + 1
                try:
                    result = await metric.ascore(sample, resources)
                    error = None
                    break
                except Exception as exc:  # the judge's failures are data, not crashes
                    error = f"{type(exc).__name__}: {str(exc)[:300]}"
                    if attempt < retries:
                        await asyncio.sleep(min(8.0, 0.5 * 2**attempt))
        row_calls = {
            "question_id": sample.question_id, "metric": metric.info.id, "judge": identity,
            **meter.as_row(), "attempts": attempts, "error": error,
        }
        async with lock:
            if result is not None:
                pending_scores.append(_row(metric, identity, sample, result))
                counters["scored"] += 1
            else:
                failed[metric.info.id] += 1
            if metric.info.needs_judge:
                pending_calls.append(row_calls)
            counters["done"] += 1
            if progress:
                progress(counters["done"], total)
        await flush()

    try:
        await asyncio.gather(*(one(m, j, s) for m, j, todo in plan for s in todo))
    finally:
        await flush(force=True)
        await resources.aclose()
    return counters["scored"], failed
