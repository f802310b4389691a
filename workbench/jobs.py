"""Background replay jobs for the app: started from a page, they go on when the page is left.

One process-wide registry (``registry()``) holds the jobs of every session of the app. A job
runs ``replay`` or ``resume`` in a daemon thread, records its progress in memory (so a page can
draw a live progress bar without touching the database) and can be cancelled; the answers are
stored by the replay itself as they arrive, so a cancelled or crashed job can be resumed later.
No streamlit here: ``workbench.ui`` wraps the registry for the pages.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from workbench.config import PipelineConfig
from workbench.errors import WorkbenchError
from workbench.replay import new_run_id, replay, resume
from workbench.store import Store

RUNNING, FINISHED, FAILED, CANCELLED = "running", "finished", "failed", "cancelled"


@dataclass
class Job:
    """One replay (or resumption) running in the background."""

    id: str
    kind: str  # "replay" | "resume"
    run_id: str
    pipeline: str
    dataset: str
    status: str = RUNNING
    done: int = 0
    total: int = 0
    answered: int | None = None
    failed: int | None = None
    error: str | None = None
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event, repr=False)
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def active(self) -> bool:
        return self.status == RUNNING

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    @property
    def elapsed_s(self) -> float:
        return (self.finished_at or time.time()) - self.started_at

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ends (for tests and the CLI); True when it has ended."""
        if self.thread is not None:
            self.thread.join(timeout)
        return not self.active

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "run_id": self.run_id, "pipeline": self.pipeline,
            "dataset": self.dataset, "status": self.status, "done": self.done, "total": self.total,
            "answered": self.answered, "failed": self.failed, "error": self.error,
            "elapsed_s": round(self.elapsed_s, 1),
        }


class JobRegistry:
    """Thread-safe registry of background jobs, newest first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}

    def jobs(self) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.started_at, reverse=True)

    def active(self) -> list[Job]:
        return [j for j in self.jobs() if j.active]

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def for_run(self, run_id: str) -> Job | None:
        """The newest job working on a run, if any."""
        return next((j for j in self.jobs() if j.run_id == run_id), None)

    def cancel(self, job_id: str) -> bool:
        job = self.get(job_id)
        if job is None or not job.active:
            return False
        job.cancel_event.set()
        return True

    def forget_finished(self) -> int:
        """Drop the jobs that have ended from the list (their runs stay in the store)."""
        with self._lock:
            ended = [k for k, j in self._jobs.items() if not j.active]
            for key in ended:
                del self._jobs[key]
            return len(ended)

    def start_replay(
        self,
        store: Store,
        pipeline: PipelineConfig,
        dataset: str,
        *,
        limit: int | None = None,
        concurrency: int = 4,
    ) -> Job:
        """Replay ``dataset`` through ``pipeline`` in the background, as a new run."""
        found = store.dataset(dataset)
        if found is None:
            raise WorkbenchError(f"jeu de données « {dataset} » introuvable")
        # Saved here, once, before the thread starts: two replays of a new pipeline started at
        # the same moment would otherwise both insert it (DuckDB reports a constraint error,
        # not a retryable conflict).
        store.save_pipeline(pipeline.id, pipeline.name, pipeline.model_dump(mode="json"))
        run_id = new_run_id()
        total = found["n_questions"] if limit is None else min(limit, found["n_questions"])
        label = f"{found['name']}@{found['version']}"
        job = Job(uuid.uuid4().hex[:8], "replay", run_id, pipeline.name, label, total=total)

        def work(progress, cancel):
            return replay(
                store, pipeline, found["id"], limit=limit, concurrency=concurrency,
                progress=progress, cancel=cancel, run_id=run_id,
            )

        return self._start(job, work)

    def start_resume(self, store: Store, run_id: str, *, concurrency: int | None = None) -> Job:
        """Answer, in the background, the questions of a run that are missing or failed."""
        current = self.for_run(run_id)
        if current is not None and current.active:
            raise WorkbenchError(f"l'exécution {run_id} est déjà en cours")
        run = store.run(run_id)
        if run is None:
            raise WorkbenchError(f"exécution « {run_id} » introuvable")
        saved = store.pipeline(run["pipeline_id"])
        dataset = store.dataset(run["dataset_id"])
        job = Job(
            uuid.uuid4().hex[:8],
            "resume",
            run_id,
            saved["name"] if saved else run["pipeline_id"],
            f"{dataset['name']}@{dataset['version']}" if dataset else run["dataset_id"],
            total=run["n_questions"] or 0,
        )

        def work(progress, cancel):
            return resume(store, run_id, concurrency=concurrency, progress=progress, cancel=cancel)

        return self._start(job, work)

    def _start(self, job: Job, work) -> Job:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        def target() -> None:
            try:
                result = work(progress, job.cancel_event)
            except WorkbenchError as error:
                job.error, job.status = str(error), FAILED
            except Exception as error:  # noqa: BLE001 - a job never kills the app; it shows its error
                job.error, job.status = f"{type(error).__name__} : {error}", FAILED
            else:
                job.done, job.total = result.answered + result.failed, result.total
                job.answered, job.failed = result.answered, result.failed
                if job.cancel_event.is_set() and result.failed:
                    job.status = CANCELLED
                else:
                    job.status = FINISHED if result.status == "finished" else FAILED
                    if result.failed:
                        job.error = f"{result.failed} question(s) sans réponse"
            finally:
                job.finished_at = time.time()

        job.thread = threading.Thread(target=target, name=f"workbench-job-{job.id}", daemon=True)
        with self._lock:
            self._jobs[job.id] = job
        job.thread.start()
        return job


_registry = JobRegistry()


def registry() -> JobRegistry:
    """The registry of this process (shared by every session of the app)."""
    return _registry
