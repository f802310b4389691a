"""The Store owns the DuckDB file: every SQL statement of the workbench lives here.

DuckDB lets one process at a time hold a file open for writing. The app stays open while the
CLI replays and agents rate, so the Store never keeps a connection across user interaction: each
method opens the file, does its work in one short transaction and closes it. Opening waits, with
exponential backoff and jitter, while another process holds the lock; only after
``lock_timeout_s`` does the user see an error (``StoreBusyError``), never a raw DuckDB one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd
import pyarrow as pa

from workbench.errors import StoreBusyError
from workbench.migrations import apply_migrations, schema_version
from workbench.records import AgentFeedback, Document, Experience, Question

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_LOCK_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class VersionedImport:
    """Outcome of importing a dataset or a corpus."""

    id: str
    name: str
    version: int
    content_hash: str
    created: bool  # False when identical content was already there (no-op)
    counts: dict[str, int]


def content_hash(records: Sequence[Any], *extra: Any) -> str:
    """A stable hash of records (dataclasses) and parameters: the version of their content."""
    payload = json.dumps(
        [asdict(r) if hasattr(r, "__dataclass_fields__") else r for r in records] + list(extra),
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _is_conflict(error: Exception) -> bool:
    """A write-write conflict between two connections: retrying the transaction may succeed."""
    return isinstance(error, duckdb.TransactionException) and "conflict" in str(error).lower()


def _process_alive(pid: int | None, host: str | None) -> bool:
    """Whether the process that owns a run still runs (unknown hosts count as alive)."""
    if not pid or host != socket.gethostname():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str)


class Store:
    """Typed access to one workbench DuckDB file. Thread-safe; safe across processes."""

    def __init__(self, path: str | Path, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> None:
        self.path = Path(path)
        self.lock_timeout_s = lock_timeout_s
        self._migrated = False
        self._migrate_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- connections -------------------------------------------------------------------------

    def _open(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout_s
        delay = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as error:
                if not _is_lock_error(error):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"La base {self.path} est occupée par un autre processus depuis plus de "
                        f"{self.lock_timeout_s:.0f} s ; réessayez dans un instant."
                    ) from None
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.5)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection; the schema is migrated on first use in this process."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = self._open()
        try:
            if not self._migrated:
                with self._migrate_lock:
                    if not self._migrated:
                        apply_migrations(con)
                        self._migrated = True
            yield con
        finally:
            con.close()

    def write(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run ``work`` in one transaction (all or nothing), retrying on write conflicts."""
        deadline = time.monotonic() + self.lock_timeout_s
        delay = 0.02
        while True:
            with self.connect() as con:
                con.execute("BEGIN TRANSACTION")
                try:
                    result = work(con)
                    con.execute("COMMIT")
                    return result
                except Exception as error:
                    con.execute("ROLLBACK")
                    if not _is_conflict(error) or time.monotonic() >= deadline:
                        raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)

    def read(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run one parameterised read query (used by the typed methods below)."""
        with self.connect() as con:
            return con.execute(sql, params or []).df()

    def _rows(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        with self.connect() as con:
            cursor = con.execute(sql, params or [])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def schema_version(self) -> int:
        with self.connect() as con:
            return schema_version(con)

    # -- bulk inserts ----------------------------------------------------------------------

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows (dicts with the same keys) through Arrow: fast and typed."""
        if not rows:
            return
        columns = list(rows[0])
        arrays = {}
        for column in columns:
            values = [row[column] for row in rows]
            if all(v is None for v in values):
                arrays[column] = pa.array(values, type=pa.string())
            elif any(isinstance(v, list) for v in values):
                arrays[column] = pa.array(values, type=pa.list_(pa.string()))
            else:
                arrays[column] = pa.array(values)
        view = f"_incoming_{uuid.uuid4().hex}"
        con.register(view, pa.table(arrays))
        try:
            names = ", ".join(columns)
            con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")
        finally:
            try:
                con.unregister(view)
            except duckdb.Error:  # the transaction failed: the view goes with the connection
                pass

    # -- imports ---------------------------------------------------------------------------

    def _log_import(
        self,
        con: duckdb.DuckDBPyConnection,
        kind: str,
        source: str | None,
        digest: str | None,
        counts: dict[str, int],
        created: bool,
    ) -> str:
        import_id = uuid.uuid4().hex[:12]
        con.execute(
            "INSERT INTO imports (id, kind, source, content_hash, counts, created) VALUES (?, ?, ?, ?, ?, ?)",
            [import_id, kind, source, digest, _json(counts), created],
        )
        return import_id

    @staticmethod
    def _versioned_id(prefix: str, name: str, digest: str) -> str:
        return f"{prefix}-" + hashlib.sha256(f"{name}\0{digest}".encode()).hexdigest()[:12]

    def import_questions(self, name: str, questions: list[Question], *, source: str | None = None) -> VersionedImport:
        """Store a question set as a new version of dataset ``name`` (no-op if identical)."""
        digest = content_hash(questions)
        dataset_id = self._versioned_id("ds", name, digest)

        def work(con: duckdb.DuckDBPyConnection) -> VersionedImport:
            counts = {"questions": len(questions)}
            existing = con.execute(
                "SELECT version FROM datasets WHERE id = ?", [dataset_id]
            ).fetchone()
            if existing:
                self._log_import(con, "questions", source, digest, counts, False)
                return VersionedImport(dataset_id, name, existing[0], digest, False, counts)
            version = con.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM datasets WHERE name = ?", [name]
            ).fetchone()[0]
            con.execute(
                "INSERT INTO datasets (id, name, version, content_hash, source, n_questions)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [dataset_id, name, version, digest, source, len(questions)],
            )
            self._insert(
                con,
                "questions",
                [
                    {
                        "dataset_id": dataset_id,
                        "id": q.external_id,
                        "position": i,
                        "text": q.text,
                        "theme": q.theme,
                        "structure": q.structure,
                        "reference_answer": q.reference_answer,
                        "reference_context_ids": list(q.reference_context_ids),
                        "recorded_answer": q.recorded_answer,
                        "metadata": _json(q.metadata),
                    }
                    for i, q in enumerate(questions)
                ],
            )
            self._log_import(con, "questions", source, digest, counts, True)
            return VersionedImport(dataset_id, name, version, digest, True, counts)

        return self.write(work)

    def import_corpus(
        self,
        name: str,
        documents: list[Document],
        *,
        source: str | None = None,
        fmt: str | None = None,
        chunk_size: int | None = None,
        chunk_overlap: int | None = None,
    ) -> VersionedImport:
        """Store a knowledge base (documents and their passages) as a new version of ``name``."""
        digest = content_hash(documents, chunk_size, chunk_overlap)
        corpus_id = self._versioned_id("kb", name, digest)
        n_passages = sum(len(d.passages) for d in documents)

        def work(con: duckdb.DuckDBPyConnection) -> VersionedImport:
            counts = {"documents": len(documents), "passages": n_passages}
            existing = con.execute("SELECT version FROM corpora WHERE id = ?", [corpus_id]).fetchone()
            if existing:
                self._log_import(con, "corpus", source, digest, counts, False)
                return VersionedImport(corpus_id, name, existing[0], digest, False, counts)
            version = con.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM corpora WHERE name = ?", [name]
            ).fetchone()[0]
            con.execute(
                "INSERT INTO corpora (id, name, version, content_hash, source, format, chunk_size,"
                " chunk_overlap, n_documents, n_passages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [corpus_id, name, version, digest, source, fmt, chunk_size, chunk_overlap, len(documents), n_passages],
            )
            self._insert(
                con,
                "documents",
                [
                    {
                        "corpus_id": corpus_id,
                        "id": d.external_id,
                        "title": d.title,
                        "url": d.url,
                        "audience": d.audience,
                        "theme": d.theme,
                        "subject": d.subject,
                        "description": d.description,
                        "date": d.date,
                        "doc_type": d.doc_type,
                        "text": d.text,
                        "metadata": _json(d.metadata),
                    }
                    for d in documents
                ],
            )
            self._insert(
                con,
                "passages",
                [
                    {
                        "corpus_id": corpus_id,
                        "id": f"{d.external_id}#{p.position}",
                        "document_id": d.external_id,
                        "position": p.position,
                        "heading": p.heading,
                        "text": p.text,
                    }
                    for d in documents
                    for p in d.passages
                ],
            )
            self._log_import(con, "corpus", source, digest, counts, True)
            return VersionedImport(corpus_id, name, version, digest, True, counts)

        return self.write(work)

    def import_experiences(self, experiences: list[Experience], *, source: str | None = None) -> dict[str, int]:
        """Upsert Services Publics+ experiences and their replies, all or nothing.

        An experience id already stored is replaced (a newer export supersedes an older one).
        """
        digest = content_hash(experiences)
        ids = [e.id for e in experiences]
        counts = {
            "experiences": len(experiences),
            "replies": sum(len(e.replies) for e in experiences),
        }

        def work(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
            replaced = con.execute(
                "SELECT count(*) FROM experiences WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            ).fetchone()[0]
            con.execute("DELETE FROM replies WHERE experience_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            con.execute("DELETE FROM experiences WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            result = {**counts, "replaced": int(replaced)}
            import_id = self._log_import(con, "experiences", source, digest, result, True)
            self._insert(
                con,
                "experiences",
                [
                    {
                        "id": e.id,
                        "title": e.title,
                        "description": e.description,
                        "status": e.status,
                        "user_feeling": e.user_feeling,
                        "written_at": e.written_at,
                        "published_at": e.published_at,
                        "first_reply_at": e.first_reply_at,
                        "useful": e.useful,
                        "structures": list(e.structures),
                        "typologies": list(e.typologies),
                        "theme": e.theme,
                        "procedures": e.procedures,
                        "region": e.region,
                        "department": e.department,
                        "country": e.country,
                        "pseudonym": e.pseudonym,
                        "tags": _json(e.tags),
                        "metadata": _json(e.metadata),
                        "import_id": import_id,
                    }
                    for e in experiences
                ],
            )
            self._insert(
                con,
                "replies",
                [
                    {
                        "experience_id": e.id,
                        "position": r.position,
                        "structure": r.structure,
                        "typology": r.typology,
                        "channels": r.channels,
                        "text": r.text,
                        "ai_similarity": r.ai_similarity,
                        "ai_assisted": r.ai_assisted,
                    }
                    for e in experiences
                    for r in e.replies
                ],
            )
            return result

        return self.write(work)

    def import_agent_feedback(self, rows: list[AgentFeedback], *, source: str | None = None) -> dict[str, int]:
        """Add agents' feedback rows; a row already imported (same content) is not duplicated."""
        seen: dict[str, int] = {}
        keyed = []
        for row in rows:
            base = content_hash([row])
            seen[base] = seen.get(base, 0) + 1
            keyed.append((hashlib.sha256(f"{base}:{seen[base]}".encode()).hexdigest()[:16], row))
        digest = content_hash(rows)

        def work(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
            known = {
                r[0]
                for r in con.execute(
                    "SELECT id FROM agent_feedback WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                    [[k for k, _ in keyed]],
                ).fetchall()
            }
            fresh = [(k, r) for k, r in keyed if k not in known]
            result = {"agent_feedback": len(rows), "new": len(fresh)}
            import_id = self._log_import(con, "agent_feedback", source, digest, result, bool(fresh))
            self._insert(
                con,
                "agent_feedback",
                [
                    {
                        "id": k,
                        "agent": r.agent,
                        "date": r.date,
                        "sentiment": r.sentiment,
                        "comment": r.comment,
                        "import_id": import_id,
                    }
                    for k, r in fresh
                ],
            )
            return result

        return self.write(work)

    # -- datasets and corpora ----------------------------------------------------------------

    def datasets(self) -> list[dict[str, Any]]:
        """Every dataset version, newest version of each name first."""
        return self._rows(
            "SELECT id, name, version, n_questions, source, created_at,"
            " version = max(version) OVER (PARTITION BY name) AS latest"
            " FROM datasets ORDER BY name, version DESC"
        )

    def dataset(self, ref: str) -> dict[str, Any] | None:
        """A dataset by id, by ``name`` (latest version) or by ``name@version``."""
        name, _, version = ref.partition("@")
        if version.isdigit():
            rows = self._rows("SELECT * FROM datasets WHERE name = ? AND version = ?", [name, int(version)])
        else:
            rows = self._rows(
                "SELECT * FROM datasets WHERE id = ? OR name = ? ORDER BY (id = ?) DESC, version DESC LIMIT 1",
                [ref, ref, ref],
            )
        return rows[0] if rows else None

    def questions(self, dataset_id: str) -> list[Question]:
        rows = self._rows(
            "SELECT id, text, theme, structure, reference_answer, reference_context_ids,"
            " recorded_answer, metadata FROM questions WHERE dataset_id = ? ORDER BY position",
            [dataset_id],
        )
        return [
            Question(
                external_id=r["id"],
                text=r["text"],
                theme=r["theme"],
                structure=r["structure"],
                reference_answer=r["reference_answer"],
                reference_context_ids=list(r["reference_context_ids"] or []),
                recorded_answer=r["recorded_answer"],
                metadata=json.loads(r["metadata"]) if r["metadata"] else {},
            )
            for r in rows
        ]

    def questions_frame(self, dataset_id: str, limit: int = 1000) -> pd.DataFrame:
        return self.read(
            "SELECT id, text AS question, theme, structure, reference_answer, reference_context_ids,"
            " recorded_answer FROM questions WHERE dataset_id = ? ORDER BY position LIMIT ?",
            [dataset_id, limit],
        )

    def corpora(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT id, name, version, n_documents, n_passages, format, chunk_size, chunk_overlap,"
            " source, created_at, version = max(version) OVER (PARTITION BY name) AS latest"
            " FROM corpora ORDER BY name, version DESC"
        )

    def corpus(self, ref: str) -> dict[str, Any] | None:
        """A corpus by id, by ``name`` (latest version) or by ``name@version``."""
        name, _, version = ref.partition("@")
        if version.isdigit():
            rows = self._rows("SELECT * FROM corpora WHERE name = ? AND version = ?", [name, int(version)])
        else:
            rows = self._rows(
                "SELECT * FROM corpora WHERE id = ? OR name = ? ORDER BY (id = ?) DESC, version DESC LIMIT 1",
                [ref, ref, ref],
            )
        return rows[0] if rows else None

    def documents_frame(self, corpus_id: str, limit: int = 1000) -> pd.DataFrame:
        return self.read(
            "SELECT id, title, url, theme, audience, date, doc_type, description"
            " FROM documents WHERE corpus_id = ? ORDER BY id LIMIT ?",
            [corpus_id, limit],
        )

    def documents_text_frame(self, corpus_id: str) -> pd.DataFrame:
        """Documents with their whole text, to re-chunk them for a pipeline."""
        return self.read(
            "SELECT id, title, url, date, theme, text FROM documents WHERE corpus_id = ? ORDER BY id",
            [corpus_id],
        )

    def passages_frame(self, corpus_id: str) -> pd.DataFrame:
        """Every passage of a corpus with its document's title, URL, date and theme."""
        return self.read(
            "SELECT p.id, p.document_id, p.position, p.heading, p.text, d.title, d.url, d.date, d.theme"
            " FROM passages p JOIN documents d ON d.corpus_id = p.corpus_id AND d.id = p.document_id"
            " WHERE p.corpus_id = ? ORDER BY p.document_id, p.position",
            [corpus_id],
        )

    # -- experiences ---------------------------------------------------------------------------

    def experiences_frame(self, limit: int = 1000, offset: int = 0) -> pd.DataFrame:
        return self.read(
            "SELECT e.id, e.published_at, e.first_reply_at, e.theme, e.structures, e.user_feeling,"
            " e.status, e.useful, e.description,"
            " (SELECT count(*) FROM replies r WHERE r.experience_id = e.id) AS replies,"
            " (SELECT max(ai_similarity) FROM replies r WHERE r.experience_id = e.id) AS ai_similarity"
            " FROM experiences e ORDER BY e.published_at DESC NULLS LAST, e.id LIMIT ? OFFSET ?",
            [limit, offset],
        )

    def replies_frame(self, experience_id: str) -> pd.DataFrame:
        return self.read(
            "SELECT position, structure, typology, channels, text, ai_similarity, ai_assisted"
            " FROM replies WHERE experience_id = ? ORDER BY position",
            [experience_id],
        )

    def agent_feedback_frame(self, limit: int = 1000) -> pd.DataFrame:
        return self.read(
            "SELECT agent, date, sentiment, comment FROM agent_feedback ORDER BY date DESC, agent LIMIT ?",
            [limit],
        )

    # -- pipelines, runs and answers ---------------------------------------------------------

    def save_pipeline(self, pipeline_id: str, name: str, config: dict[str, Any]) -> None:
        def work(con: duckdb.DuckDBPyConnection) -> None:
            con.execute(
                "INSERT INTO pipelines (id, name, config) VALUES (?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config",
                [pipeline_id, name, _json(config)],
            )

        self.write(work)

    def pipeline(self, pipeline_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT id, name, config FROM pipelines WHERE id = ?", [pipeline_id])
        if not rows:
            return None
        row = rows[0]
        row["config"] = json.loads(row["config"])
        return row

    def create_run(
        self,
        run_id: str,
        *,
        pipeline_id: str,
        dataset_id: str,
        corpus_id: str | None,
        n_questions: int,
        params: dict[str, Any],
    ) -> None:
        def work(con: duckdb.DuckDBPyConnection) -> None:
            con.execute(
                "INSERT INTO runs (id, pipeline_id, dataset_id, corpus_id, status, n_questions, params)"
                " VALUES (?, ?, ?, ?, 'running', ?, ?)",
                [run_id, pipeline_id, dataset_id, corpus_id, n_questions, _json(params)],
            )

        self.write(work)

    def run(self, run_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM runs WHERE id = ?", [run_id])
        if not rows:
            return None
        row = rows[0]
        row["params"] = json.loads(row["params"]) if row["params"] else {}
        return row

    def set_run_status(self, run_id: str, status: str, *, error: str | None = None, params: dict[str, Any] | None = None) -> None:
        finished = status in ("finished", "failed")

        def work(con: duckdb.DuckDBPyConnection) -> None:
            con.execute(
                "UPDATE runs SET status = ?, error = ?,"
                " finished_at = CASE WHEN ? THEN current_timestamp ELSE NULL END,"
                " params = coalesce(?, params) WHERE id = ?",
                [status, error, finished, _json(params), run_id],
            )

        self.write(work)

    def save_answers(self, run_id: str, answers: list[dict[str, Any]]) -> None:
        """Upsert answers of a run (a retried question replaces its failed attempt)."""
        if not answers:
            return
        rows = [{"run_id": run_id, **a, "contexts": _json(a.get("contexts"))} for a in answers]
        ids = [a["question_id"] for a in answers]

        def work(con: duckdb.DuckDBPyConnection) -> None:
            con.execute(
                "DELETE FROM answers WHERE run_id = ? AND question_id IN (SELECT unnest(?::VARCHAR[]))",
                [run_id, ids],
            )
            self._insert(con, "answers", rows)

        self.write(work)

    def answered_question_ids(self, run_id: str) -> set[str]:
        """Questions of a run that have an answer without error."""
        rows = self._rows("SELECT question_id FROM answers WHERE run_id = ? AND error IS NULL", [run_id])
        return {r["question_id"] for r in rows}

    def attempts_so_far(self, run_id: str) -> dict[str, int]:
        rows = self._rows("SELECT question_id, attempts FROM answers WHERE run_id = ?", [run_id])
        return {r["question_id"]: int(r["attempts"] or 0) for r in rows}

    def cached_answers(self, cache_keys: list[str]) -> dict[str, dict[str, Any]]:
        """Successful answers already computed for these cache keys, in any run."""
        if not cache_keys:
            return {}
        rows = self._rows(
            "SELECT cache_key, text, prompt_tokens, completion_tokens, first_token_ms, total_ms"
            " FROM answers WHERE error IS NULL AND cache_key IN (SELECT unnest(?::VARCHAR[]))"
            " QUALIFY row_number() OVER (PARTITION BY cache_key ORDER BY created_at DESC) = 1",
            [cache_keys],
        )
        return {r["cache_key"]: r for r in rows}

    def answers_frame(self, run_id: str) -> pd.DataFrame:
        """A run's answers joined with their questions."""
        return self.read(
            "SELECT a.question_id, q.text AS question, q.theme, a.text AS answer, a.contexts,"
            " q.reference_answer, q.reference_context_ids, a.error, a.attempts, a.cached,"
            " a.retrieval_ms, a.first_token_ms, a.total_ms, a.prompt_tokens, a.completion_tokens"
            " FROM answers a JOIN runs r ON r.id = a.run_id"
            " LEFT JOIN questions q ON q.dataset_id = r.dataset_id AND q.id = a.question_id"
            " WHERE a.run_id = ? ORDER BY q.position NULLS LAST, a.question_id",
            [run_id],
        )

    def finished_run(self, pipeline_id: str, dataset_id: str) -> str | None:
        """The newest finished run of a pipeline over a dataset version, if any."""
        rows = self._rows(
            "SELECT id FROM runs WHERE pipeline_id = ? AND dataset_id = ? AND status = 'finished'"
            " ORDER BY started_at DESC LIMIT 1",
            [pipeline_id, dataset_id],
        )
        return rows[0]["id"] if rows else None

    def runs_summary(self) -> list[dict[str, Any]]:
        """Every run with its pipeline, dataset and answered/failed counts, newest first.

        A run still marked ``running`` whose process is gone (killed) is reported ``failed``.
        """
        rows = self._rows(
            "SELECT r.id AS run_id, coalesce(p.name, r.pipeline_id) AS pipeline,"
            " d.name || '@' || d.version AS dataset, r.status, r.params,"
            " count(a.question_id) FILTER (WHERE a.error IS NULL) AS answered,"
            " count(a.question_id) FILTER (WHERE a.error IS NOT NULL) AS failed,"
            " r.n_questions, r.started_at, r.finished_at, r.pipeline_id, r.dataset_id"
            " FROM runs r LEFT JOIN pipelines p ON p.id = r.pipeline_id"
            " LEFT JOIN datasets d ON d.id = r.dataset_id"
            " LEFT JOIN answers a ON a.run_id = r.id"
            " GROUP BY ALL ORDER BY r.started_at DESC, r.id"
        )
        for row in rows:
            params = json.loads(row.pop("params") or "{}")
            if row["status"] == "running" and not _process_alive(params.get("pid"), params.get("host")):
                row["status"] = "failed"
        return rows

    # -- overview --------------------------------------------------------------------------------

    def overview(self) -> dict[str, int]:
        """Counts of what the workbench holds, for the home page and `workbench demo`."""
        with self.connect() as con:
            row = con.execute(
                "SELECT (SELECT count(DISTINCT name) FROM datasets),"
                " (SELECT count(*) FROM questions q JOIN datasets d ON d.id = q.dataset_id"
                "   WHERE d.version = (SELECT max(version) FROM datasets d2 WHERE d2.name = d.name)),"
                " (SELECT count(DISTINCT name) FROM corpora),"
                " (SELECT count(*) FROM documents doc JOIN corpora c ON c.id = doc.corpus_id"
                "   WHERE c.version = (SELECT max(version) FROM corpora c2 WHERE c2.name = c.name)),"
                " (SELECT count(*) FROM experiences),"
                " (SELECT count(*) FROM replies),"
                " (SELECT count(*) FROM agent_feedback),"
                " (SELECT count(*) FROM runs),"
                " (SELECT count(*) FROM answers),"
                " (SELECT count(*) FROM scores),"
                " (SELECT count(*) FROM ratings)"
            ).fetchone()
        keys = [
            "datasets", "questions", "corpora", "documents", "experiences", "replies",
            "agent_feedback", "runs", "answers", "scores", "ratings",
        ]
        return dict(zip(keys, (int(v) for v in row)))

