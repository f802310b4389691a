"""The Store owns the DuckDB file: every SQL statement of the workbench lives here.

DuckDB lets one process at a time hold a file open for writing. The app stays open while the
CLI replays and agents rate, so the Store never keeps a connection across user interaction: each
method opens the file, does its work in one short transaction and closes it. Opening waits, with
exponential backoff and jitter, while another process holds the lock; only after
``lock_timeout_s`` does the user see an error (``StoreBusyError``), never a raw DuckDB one.
A replay holds a cooperative lease instead (``Store.lease``, see ``workbench.connections``).
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
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd
import pyarrow as pa

from workbench.connections import DatabaseFile
from workbench.errors import WorkbenchError
from workbench.migrations import MIGRATIONS, apply_migrations, schema_version
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


def _is_conflict(error: Exception) -> bool:
    """A write-write conflict between two connections, or two inserts of one key that only met
    at COMMIT: retrying the transaction may succeed (an upsert then updates; a plain insert fails
    again, at once, with the constraint error)."""
    if not isinstance(error, duckdb.TransactionException):
        return False
    text = str(error).lower()
    return "conflict" in text or ("failed to commit" in text and "constraint" in text)


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


def _ident(name: str) -> str:
    """A quoted SQL identifier (catalog, table)."""
    return '"' + name.replace('"', '""') + '"'


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str)


class Store:
    """Typed access to one workbench DuckDB file. Thread-safe; safe across processes."""

    def __init__(self, path: str | Path, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> None:
        self.path = Path(path)
        self.lock_timeout_s = lock_timeout_s
        self._file = DatabaseFile(self.path, lock_timeout_s)
        self._migrated = False
        self._migrate_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- connections -------------------------------------------------------------------------

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection (or a cursor of the lease); the schema is migrated on first use."""
        with self._file.connection() as con:
            if not self._migrated:
                with self._migrate_lock:
                    if not self._migrated:
                        apply_migrations(con)
                        self._migrated = True
            yield con

    def lease(self) -> AbstractContextManager[None]:
        """Keep the file open in this process while the block runs (see ``workbench.connections``).

        For long sequences of small writes (a replay); other processes that knock get in.
        """
        return self._file.lease()

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
                    try:
                        con.execute("ROLLBACK")
                    except duckdb.TransactionException:
                        pass  # a COMMIT that failed (a write conflict) has rolled back already
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

    # -- backup and restore (see workbench/backup.py) ----------------------------------------------

    def copy_database_to(self, target: Path) -> tuple[float, float]:
        """Copy every table and view into the new DuckDB file ``target``, in one transaction while
        this process holds the file (writers wait meanwhile): a consistent snapshot.

        Returns the seconds spent waiting for the file, and the seconds it was held.
        """
        asked = time.monotonic()
        with self.connect() as con:
            got = time.monotonic()
            catalog = con.execute("SELECT current_database()").fetchone()[0]
            alias = f"workbench_copy_{uuid.uuid4().hex[:12]}"
            con.execute(f"ATTACH ? AS {alias}", [str(target)])
            try:
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute(f"COPY FROM DATABASE {_ident(catalog)} TO {alias}")
                    con.execute("COMMIT")
                except Exception:
                    con.execute("ROLLBACK")
                    raise
            finally:
                con.execute(f"DETACH {alias}")
        return got - asked, time.monotonic() - got

    def merge_log(self) -> None:
        """Merge the write-ahead log into the file now, if nothing prevents it (best effort).

        A long series of writes calls it in its idle time: closing the file then has little
        left to merge."""
        with self.connect() as con:
            try:
                con.execute("CHECKPOINT")
            except duckdb.Error as error:
                log.warning("could not merge the write-ahead log of %s: %s", self.path, str(error).splitlines()[0])

    @contextmanager
    def held_after_checkpoint(self) -> Iterator[float]:
        """Hold the file (no other process can open it) with its write-ahead log merged into it,
        so that the file on disk is the whole database; yields the seconds spent waiting for it."""
        asked = time.monotonic()
        with self.connect() as con:
            waited = time.monotonic() - asked
            con.execute("CHECKPOINT")
            yield waited

    # -- bulk inserts ----------------------------------------------------------------------

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], *, replace: bool = False) -> None:
        """Insert rows (dicts with the same keys) through Arrow: fast and typed.

        ``replace``: a row whose primary key exists replaces it (``INSERT OR REPLACE``).
        """
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
            verb = "INSERT OR REPLACE" if replace else "INSERT"
            con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM {view}")
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

    def import_questions(
        self, name: str, questions: list[Question], *, source: str | None = None, pseudonymised: bool = False
    ) -> VersionedImport:
        """Store a question set as a new version of dataset ``name`` (no-op if identical).

        ``pseudonymised``: its texts went through the pseudonymiser (recorded for the replay)."""
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
                "INSERT INTO datasets (id, name, version, content_hash, source, n_questions, pseudonymised)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [dataset_id, name, version, digest, source, len(questions), pseudonymised],
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
            self._kpi_after_experience_import(con, ids)
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

    def _version_by_ref(self, table: str, ref: str) -> dict[str, Any] | None:
        """A row of a versioned table (datasets, corpora) by id, ``name`` (latest) or ``name@N``."""
        name, _, version = ref.partition("@")
        if version.isdigit():
            rows = self._rows(f"SELECT * FROM {table} WHERE name = ? AND version = ?", [name, int(version)])
        else:
            rows = self._rows(
                f"SELECT * FROM {table} WHERE id = ? OR name = ? ORDER BY (id = ?) DESC, version DESC LIMIT 1",
                [ref, ref, ref],
            )
        return rows[0] if rows else None

    def dataset(self, ref: str) -> dict[str, Any] | None:
        """A dataset by id, by ``name`` (latest version) or by ``name@version``."""
        return self._version_by_ref("datasets", ref)

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
        return self._version_by_ref("corpora", ref)

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

    @staticmethod
    def _upsert_pipeline(con: duckdb.DuckDBPyConnection, pipeline_id: str, name: str, config: dict[str, Any]) -> None:
        con.execute(
            "INSERT INTO pipelines (id, name, config) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config",
            [pipeline_id, name, _json(config)],
        )

    def _write_racing_inserts(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        try:
            return self.write(work)
        except duckdb.ConstraintException:
            # Two replays of a new pipeline inserted it at once: the row exists now, update it.
            return self.write(work)

    def save_pipeline(self, pipeline_id: str, name: str, config: dict[str, Any]) -> None:
        self._write_racing_inserts(lambda con: self._upsert_pipeline(con, pipeline_id, name, config))

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
        pipeline: tuple[str, dict[str, Any]] | None = None,
    ) -> None:
        """Start a run; ``pipeline`` = (name, config) saves its pipeline in the same transaction."""

        def work(con: duckdb.DuckDBPyConnection) -> None:
            if pipeline is not None:
                self._upsert_pipeline(con, pipeline_id, *pipeline)
            con.execute(
                "INSERT INTO runs (id, pipeline_id, dataset_id, corpus_id, status, n_questions, params)"
                " VALUES (?, ?, ?, ?, 'running', ?, ?)",
                [run_id, pipeline_id, dataset_id, corpus_id, n_questions, _json(params)],
            )

        self._write_racing_inserts(work)

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

    def finish_run(
        self,
        run_id: str,
        total: int,
        *,
        error_for: Callable[[int], str | None],
        last_answers: list[dict[str, Any]] | None = None,
    ) -> tuple[int, str]:
        """Save ``last_answers``, count the run's answered questions and close it, in one
        transaction. ``error_for(failed)`` gives the run's error message. Returns (answered, status).
        """

        def work(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
            if last_answers:
                self._save_answers(con, run_id, last_answers)
            (answered,) = con.execute(
                "SELECT count(DISTINCT question_id) FROM answers WHERE run_id = ? AND error IS NULL", [run_id]
            ).fetchone()
            failed = total - answered
            status = "finished" if failed == 0 else "failed"
            con.execute(
                "UPDATE runs SET status = ?, error = ?, finished_at = current_timestamp WHERE id = ?",
                [status, error_for(failed), run_id],
            )
            return answered, status

        return self.write(work)

    def save_answers(self, run_id: str, answers: list[dict[str, Any]]) -> None:
        """Upsert answers of a run (a retried question replaces its failed attempt)."""
        if answers:
            self.write(lambda con: self._save_answers(con, run_id, answers))

    def _save_answers(self, con: duckdb.DuckDBPyConnection, run_id: str, answers: list[dict[str, Any]]) -> None:
        rows = [{"run_id": run_id, **a, "contexts": _json(a.get("contexts"))} for a in answers]
        # Most answers are their question's first in the run: a plain INSERT costs a third of
        # DuckDB's upsert, so only the questions already there go through the upsert.
        there = {
            r[0]
            for r in con.execute(
                "SELECT question_id FROM answers WHERE run_id = ? AND question_id IN (SELECT unnest(?::VARCHAR[]))",
                [run_id, [r["question_id"] for r in rows]],
            ).fetchall()
        }
        self._insert(con, "answers", [r for r in rows if r["question_id"] not in there])
        self._insert(con, "answers", [r for r in rows if r["question_id"] in there], replace=True)

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

    # -- app queries ---------------------------------------------------------------------------

    def scores_frame(self, run_ids: Sequence[str]) -> pd.DataFrame:
        """Every score of these runs, reasons included (the drill-downs of Résultats and
        Comparer): one row per (run, question, metric, judge)."""
        return self.read(
            "SELECT run_id, question_id, metric, judge, value, reason, version"
            " FROM scores WHERE run_id IN (SELECT unnest(?::VARCHAR[]))"
            " ORDER BY run_id, question_id, metric, judge",
            [list(run_ids)],
        )

    def paired_scores_frame(self, run_ids: Sequence[str]) -> pd.DataFrame:
        """The runs' scores over the questions every run answered without error, each with its
        question's theme (from the first run's dataset): one query."""
        return self.read(
            "WITH common AS ("
            "  SELECT question_id FROM answers WHERE run_id IN (SELECT unnest(?::VARCHAR[])) AND error IS NULL"
            "  GROUP BY question_id HAVING count(DISTINCT run_id) = ?),"
            " themes AS ("
            "  SELECT q.id AS question_id, q.theme FROM runs r JOIN questions q ON q.dataset_id = r.dataset_id WHERE r.id = ?)"
            " SELECT s.run_id, s.question_id, s.metric, s.judge, s.value, s.reason, s.version, t.theme"
            " FROM scores s JOIN common c ON c.question_id = s.question_id"
            " LEFT JOIN themes t ON t.question_id = s.question_id"
            " WHERE s.run_id IN (SELECT unnest(?::VARCHAR[]))"
            " ORDER BY s.run_id, s.question_id, s.metric, s.judge",
            [list(run_ids), len(set(run_ids)), run_ids[0] if run_ids else None, list(run_ids)],
        )

    def scored_run_ids(self) -> set[str]:
        """Runs that have at least one score (Comparer proposes them first)."""
        return {r["run_id"] for r in self._rows("SELECT DISTINCT run_id FROM scores")}

    # -- scores ---------------------------------------------------------------------------------

    def scoring_inputs(self, run_id: str) -> list[dict[str, Any]]:
        """What metrics look at, for each answer of a run without error: the question, its
        references (ids, texts in its metadata), the answer and its retrieved passages."""
        rows = self._rows(
            "SELECT a.question_id, q.text AS question, a.text AS answer, a.contexts,"
            " q.reference_answer, q.reference_context_ids, q.metadata"
            " FROM answers a JOIN runs r ON r.id = a.run_id"
            " LEFT JOIN questions q ON q.dataset_id = r.dataset_id AND q.id = a.question_id"
            " WHERE a.run_id = ? AND a.error IS NULL ORDER BY q.position NULLS LAST, a.question_id",
            [run_id],
        )
        for row in rows:
            row["contexts"] = json.loads(row["contexts"]) if row["contexts"] else []
            row["metadata"] = json.loads(row["metadata"]) if row["metadata"] else {}
            row["reference_context_ids"] = list(row["reference_context_ids"] or [])
        return rows

    def score_versions(self, run_id: str, metric: str, judge: str) -> dict[str, str]:
        """question id -> version of the scores already stored for a run, metric and judge."""
        rows = self._rows(
            "SELECT question_id, version FROM scores WHERE run_id = ? AND metric = ? AND judge = ?",
            [run_id, metric, judge],
        )
        return {r["question_id"]: r["version"] for r in rows}

    def save_scores(
        self, run_id: str, scores: list[dict[str, Any]], judge_calls: list[dict[str, Any]] | None = None
    ) -> None:
        """Upsert scores (question_id, metric, judge, version, value, reason) and what their
        judge calls cost, in one transaction."""
        if not scores and not judge_calls:
            return

        def replace(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
            groups: dict[tuple[str, str], list[str]] = {}
            for row in rows:
                groups.setdefault((row["metric"], row["judge"]), []).append(row["question_id"])
            for (metric, judge), ids in groups.items():
                con.execute(
                    f"DELETE FROM {table} WHERE run_id = ? AND metric = ? AND judge = ?"
                    " AND question_id IN (SELECT unnest(?::VARCHAR[]))",
                    [run_id, metric, judge, ids],
                )
            self._insert(con, table, [{"run_id": run_id, **row} for row in rows])

        def work(con: duckdb.DuckDBPyConnection) -> None:
            if scores:
                replace(con, "scores", scores)
            if judge_calls:
                replace(con, "judge_calls", judge_calls)

        self.write(work)

    def run_metric_summary(self, run_id: str) -> list[dict[str, Any]]:
        """Mean, count and version of each (metric, judge) scored for a run."""
        return [{k: v for k, v in row.items() if k != "run_id"} for row in self.metric_summaries([run_id])]

    def metric_summaries(self, run_ids: Sequence[str]) -> list[dict[str, Any]]:
        """``run_metric_summary`` of several runs in one query, each row with its run_id."""
        return self._rows(
            "SELECT run_id, metric, judge, avg(value) AS mean, count(value) AS n, count(*) AS rows,"
            " max(version) AS version FROM scores WHERE run_id IN (SELECT unnest(?::VARCHAR[]))"
            " GROUP BY run_id, metric, judge ORDER BY run_id, metric, judge",
            [list(run_ids)],
        )

    def judge_usage(self, run_id: str) -> list[dict[str, Any]]:
        """Judge calls, tokens and time spent on a run, per metric and judge."""
        return self._rows(
            "SELECT metric, judge, count(*) AS samples, sum(calls) AS calls,"
            " sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens,"
            " sum(duration_ms) AS duration_ms, count(error) AS failed"
            " FROM judge_calls WHERE run_id = ? GROUP BY metric, judge ORDER BY metric, judge",
            [run_id],
        )

    def run_scores_long(self, run_ids: Sequence[str]) -> pd.DataFrame:
        """Non-null scores of runs with their pipeline: one row per (run, question, metric, judge)."""
        return self.read(
            "SELECT s.run_id, r.pipeline_id, coalesce(p.name, r.pipeline_id) AS pipeline, r.dataset_id,"
            " s.question_id, s.metric, s.judge, s.value"
            " FROM scores s JOIN runs r ON r.id = s.run_id LEFT JOIN pipelines p ON p.id = r.pipeline_id"
            " WHERE s.run_id IN (SELECT unnest(?::VARCHAR[])) AND s.value IS NOT NULL"
            " ORDER BY s.run_id, s.metric, s.judge, s.question_id",
            [list(run_ids)],
        )

    # -- KPIs ------------------------------------------------------------------------------------
    #
    # The views kpi_replies and kpi_experiences (migration m003) define the figures; kpi_facts
    # holds kpi_experiences. Rollups count it at four levels (all, structure, theme,
    # structure_theme), by publication day (m005) and by publication month (m003): a histogram
    # of response days (with answered and Réponse utile counts) and a histogram of AI buckets.
    # Integer histograms keep means and medians exact and answer any integer AI threshold, and
    # a KPI query reads thousands of rollup rows instead of millions of experiences: the whole
    # months of a period from the monthly rollups, the days around them (partial first and
    # last months) from the daily ones.
    #
    # Freshness: import_experiences refreshes the months it touched inside its own transaction.
    # A KPI read whose kpi_state counts differ from the tables' (rows written by other means)
    # rebuilds everything first; code that changes experiences without changing the counts must
    # call refresh_kpi().

    # The two finest levels, counted from kpi_facts: level -> (structure, theme) expressions.
    _KPI_FINE_LEVELS = {
        "structure_theme": ("unnest(structures)", "theme"),
        "theme": ("NULL::VARCHAR", "theme"),
    }
    # The two others, added up from a finer one over its themes (an experience has one theme,
    # and counts once under each of its structures). Level names are internal names only.
    _KPI_COARSE_LEVELS = {"structure": "structure_theme", "all": "theme"}
    # Open ends of a period (day 1 of a month, so they never create a partial month).
    _KPI_FIRST_DAY = date(1, 1, 1)
    _KPI_LAST_DAY = date(9999, 1, 1)

    def refresh_kpi(self) -> None:
        """Rebuild the KPI facts and rollups from experiences and replies."""
        self.write(lambda con: self._kpi_refresh(con))

    def _kpi_refresh(self, con: duckdb.DuckDBPyConnection, months: list[date | None] | None = None) -> None:
        """Recompute kpi_facts and the rollups: everything, or only the publication ``months``
        (None in the list: the experiences without a publication date).

        One statement per level, so no statement groups or sorts by the level: the daily
        rollups of the finest levels from kpi_facts, the coarser ones from them, the monthly
        ones from the daily ones. Sorted so that a query's zone maps skip most row groups:
        daily rows by day (a range of days), monthly rows by structure, theme and month."""
        if months is None:
            where = day_where = "TRUE"
            params: dict[str, Any] = {}
        else:
            dated = sorted(m for m in months if m is not None)
            # The bounds let zone maps skip the other months; list_contains picks the months.
            where = (
                "((month BETWEEN $first AND $last AND list_contains($months::DATE[], month))"
                " OR (month IS NULL AND $undated))"
            )
            day_where = (
                "((day >= $first AND day < $after AND list_contains($months::DATE[],"
                " CAST(date_trunc('month', day) AS DATE))) OR (day IS NULL AND $undated))"
            )
            params = {
                "months": dated,
                "undated": None in months,
                "first": dated[0] if dated else None,
                "last": dated[-1] if dated else None,
                "after": (dated[-1] + timedelta(days=32)).replace(day=1) if dated else None,
            }

        def run(sql: str) -> None:
            con.execute(sql, {name: value for name, value in params.items() if f"${name}" in sql})

        for table in ("kpi_facts", "kpi_experience_rollup", "kpi_reply_rollup"):
            run(f"DELETE FROM {table} WHERE {where}")
        for table in ("kpi_experience_daily", "kpi_reply_daily"):
            run(f"DELETE FROM {table} WHERE {day_where}")
        run(
            "INSERT INTO kpi_facts (id, published_on, month, theme, structures, response_days, useful,"
            " answered, ai_buckets) SELECT id, published_on, month, theme, structures, response_days,"
            f" useful, answered, ai_buckets FROM kpi_experiences WHERE {where}"
        )
        counts = "count(*), count(*) FILTER (WHERE answered), count(useful), count(*) FILTER (WHERE useful)"
        sums = "sum(experiences), sum(answered), sum(useful_known), sum(useful_yes)"
        for level, (structure, theme) in self._KPI_FINE_LEVELS.items():
            # one row per experience and key (an experience once under each of its structures)
            rows = (
                f"SELECT published_on AS day, {structure} AS structure, {theme} AS theme, response_days,"
                f" useful, answered, ai_buckets FROM kpi_facts WHERE {where}"
            )
            run(
                f"INSERT INTO kpi_experience_daily SELECT '{level}', day, structure, theme, response_days,"
                f" {counts} FROM ({rows}) GROUP BY day, structure, theme, response_days ORDER BY day"
            )
            run(
                f"INSERT INTO kpi_reply_daily SELECT '{level}', day, structure, theme, ai_bucket, count(*)"
                f" FROM (SELECT day, structure, theme, unnest(ai_buckets) AS ai_bucket FROM ({rows}))"
                " GROUP BY day, structure, theme, ai_bucket ORDER BY day"
            )
        for level, finer in self._KPI_COARSE_LEVELS.items():
            source = f"level = '{finer}' AND {day_where}"
            run(
                f"INSERT INTO kpi_experience_daily SELECT '{level}', day, structure, NULL, response_days, {sums}"
                f" FROM kpi_experience_daily WHERE {source} GROUP BY day, structure, response_days ORDER BY day"
            )
            run(
                f"INSERT INTO kpi_reply_daily SELECT '{level}', day, structure, NULL, ai_bucket, sum(replies)"
                f" FROM kpi_reply_daily WHERE {source} GROUP BY day, structure, ai_bucket ORDER BY day"
            )
        month = "CAST(date_trunc('month', day) AS DATE)"
        for level in (*self._KPI_FINE_LEVELS, *self._KPI_COARSE_LEVELS):
            source = f"level = '{level}' AND {day_where}"
            run(
                f"INSERT INTO kpi_experience_rollup SELECT '{level}', {month} AS m, structure, theme,"
                f" response_days, {sums} FROM kpi_experience_daily WHERE {source}"
                " GROUP BY m, structure, theme, response_days ORDER BY structure, theme, m"
            )
            run(
                f"INSERT INTO kpi_reply_rollup SELECT '{level}', {month} AS m, structure, theme, ai_bucket,"
                f" sum(replies) FROM kpi_reply_daily WHERE {source}"
                " GROUP BY m, structure, theme, ai_bucket ORDER BY structure, theme, m"
            )
        con.execute("DELETE FROM kpi_state")
        con.execute(
            "INSERT INTO kpi_state (experiences, replies)"
            " SELECT (SELECT count(*) FROM experiences), (SELECT count(*) FROM replies)"
        )

    @staticmethod
    def _kpi_stale(con: duckdb.DuckDBPyConnection) -> bool:
        row = con.execute(
            "SELECT count(*) = 0 OR bool_or(experiences <> (SELECT count(*) FROM experiences)"
            " OR replies <> (SELECT count(*) FROM replies)) FROM kpi_state"
        ).fetchone()
        return bool(row[0])

    def _kpi_after_experience_import(self, con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
        """Inside an experience import: refresh the months its experiences left or entered."""
        months = con.execute(
            "SELECT month FROM kpi_facts WHERE id IN (SELECT unnest($ids::VARCHAR[]))"
            # the same month as kpi_experiences.month, read from the table (the view is slow to filter by id)
            " UNION SELECT CAST(date_trunc('month', published_at) AS DATE) FROM experiences"
            " WHERE id IN (SELECT unnest($ids::VARCHAR[]))",
            {"ids": ids},
        ).fetchall()
        self._kpi_refresh(con, [m[0] for m in months])
        # Rows written by other means in other months: the facts no longer add up, rebuild all.
        consistent = con.execute(
            "SELECT (SELECT count(*) FROM kpi_facts) = (SELECT count(*) FROM experiences)"
            " AND (SELECT coalesce(sum(len(ai_buckets)), 0) FROM kpi_facts)"
            " = (SELECT count(*) FROM kpi_replies)"
        ).fetchone()[0]
        if not consistent:
            self._kpi_refresh(con)

    def kpi_counts(
        self,
        figures: Sequence[dict[str, Any]] = (),
        agent_periods: Sequence[tuple[date | None, date | None]] = (),
    ) -> tuple[list[list[dict[str, Any]]], list[dict[str, int]]]:
        """Several KPI queries over one connection (opening the file costs more than a query):
        ``kpi_figures`` for each keyword dict of ``figures``, ``kpi_agent_feedback`` for each
        (start, end) of ``agent_periods``. The KPI tables are rebuilt first if out of date."""

        def run(con: duckdb.DuckDBPyConnection) -> tuple[list[list[dict[str, Any]]], list[dict[str, int]]]:
            # KPI queries read a few thousand rows: on a freshly opened file, a second thread's
            # hash tables and scheduling cost more than it saves (about 15 % at 10 M
            # experiences on 2 cores). The setting is the process's DuckDB instance's (other
            # operations of the process meanwhile run on one thread too): reset afterwards.
            con.execute("SET threads = 1")
            try:
                return (
                    [self._kpi_figures(con, **query) for query in figures],
                    [self._kpi_agent_feedback(con, start, end) for start, end in agent_periods],
                )
            finally:
                con.execute("RESET threads")

        with self.connect() as con:
            if not self._kpi_stale(con):
                return run(con)
        self.write(lambda con: self._kpi_refresh(con) if self._kpi_stale(con) else None)
        with self.connect() as con:
            return run(con)

    @classmethod
    def _kpi_period(cls, start: date | None, end: date | None) -> dict[str, Any]:
        """Parameters of the publication period [start, end] (inclusive days; None: open)."""
        lo = start or cls._KPI_FIRST_DAY
        hi = end + timedelta(days=1) if end and end < cls._KPI_LAST_DAY else cls._KPI_LAST_DAY
        first_full = lo if lo.day == 1 else (lo.replace(day=1) + timedelta(days=32)).replace(day=1)
        end_full = hi.replace(day=1)  # exclusive
        if first_full <= end_full:  # whole months [first_full, end_full), days around them
            edges = [(lo, first_full), (end_full, hi)]
        else:  # within one month: days only
            edges = [(lo, hi)]
        return {
            "all_time": start is None and end is None,
            "lo": lo,
            "hi": hi,
            "m_lo": first_full,
            "m_hi": end_full,
            # days outside whole months, [from, to) ranges: read from the daily rollups
            "edges": [(a, b) for a, b in edges if a < b],
        }

    def kpi_figures(self, **query: Any) -> list[dict[str, Any]]:
        """The counts behind the KPIs of the experiences published in [start, end] (days,
        inclusive), of one structure (any of the experience's) and one theme when given.

        Keywords: ``group_by``, ``start``, ``end``, ``structure``, ``theme``, ``ai_threshold``.
        One row for the whole scope (``group_by`` None; no row when nothing is in scope) or one
        per ``month`` ('YYYY-MM', dated experiences only), ``structure`` or ``theme``
        (most experiences first). Each row: ``key``, ``experiences``, ``answered``,
        ``response_n`` (experiences with a reply time), ``response_days_sum``,
        ``median_response_days``, ``useful_known``, ``useful_yes``, ``replies`` (non-empty)
        and ``ai_replies`` (AI bucket ≥ ``ai_threshold``, an integer).
        """
        return self.kpi_counts([query])[0][0]

    def kpi_agent_feedback(self, *, start: date | None = None, end: date | None = None) -> dict[str, int]:
        """Agents' feedback dated within [start, end] (inclusive days): ``positive`` and ``total``."""
        return self.kpi_counts(agent_periods=[(start, end)])[1][0]

    def _kpi_figures(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        group_by: str | None = None,
        start: date | None = None,
        end: date | None = None,
        structure: str | None = None,
        theme: str | None = None,
        ai_threshold: int = 50,
    ) -> list[dict[str, Any]]:
        if group_by not in (None, "month", "structure", "theme"):
            raise ValueError(f"unknown KPI grouping {group_by!r}")
        # The rollup level that has the dimensions grouped by or filtered on.
        by_structure = group_by == "structure" or structure is not None
        by_theme = group_by == "theme" or theme is not None
        level = {(False, False): "all", (True, False): "structure", (False, True): "theme",
                 (True, True): "structure_theme"}[by_structure, by_theme]
        period = self._kpi_period(start, end)
        params: dict[str, Any] = {"level": level}
        filters = ""
        if structure is not None:
            params["structure"] = structure
            filters += " AND structure = $structure"
        if theme is not None:
            params["theme"] = theme
            filters += " AND theme = $theme"
        key = {"month": "month", "structure": "structure", "theme": "theme", None: "NULL::VARCHAR"}[group_by]
        monthly_where = f"level = $level{filters}"
        if not period["all_time"]:
            params.update(m_lo=period["m_lo"], m_hi=period["m_hi"])
            monthly_where += " AND month >= $m_lo AND month < $m_hi"
        if group_by == "month":
            monthly_where += " AND month IS NOT NULL"
        # Whole months from the monthly rollups, the days around them from the daily ones (one
        # plain day range each, so the scan skips the row groups of other days).
        daily_key = "CAST(date_trunc('month', day) AS DATE)" if group_by == "month" else key
        e_parts = [
            f"SELECT {key} AS g, response_days AS d, experiences, answered, useful_known, useful_yes"
            f" FROM kpi_experience_rollup WHERE {monthly_where}"
        ]
        replies = "replies, CASE WHEN ai_bucket >= $ai_threshold THEN replies ELSE 0 END AS ai_replies"
        r_parts = [f"SELECT {key} AS g, {replies} FROM kpi_reply_rollup WHERE {monthly_where}"]
        for i, (day_from, day_to) in enumerate(period["edges"]):
            params.update({f"from{i}": day_from, f"to{i}": day_to})
            daily_where = f"level = $level AND day >= $from{i} AND day < $to{i}{filters}"
            e_parts.append(
                f"SELECT {daily_key} AS g, response_days AS d, experiences, answered, useful_known, useful_yes"
                f" FROM kpi_experience_daily WHERE {daily_where}"
            )
            r_parts.append(f"SELECT {daily_key} AS g, {replies} FROM kpi_reply_daily WHERE {daily_where}")
        # Two plain aggregations; the totals per group and the exact median (from the histogram
        # of response days) are added up here, over a few hundred rows.
        histogram_rows = con.execute(
            "SELECT g, d, sum(experiences), sum(answered), sum(useful_known), sum(useful_yes)"
            f" FROM ({' UNION ALL '.join(e_parts)}) GROUP BY g, d ORDER BY d",
            params,
        ).fetchall()
        reply_rows = con.execute(
            f"SELECT g, sum(replies), sum(ai_replies) FROM ({' UNION ALL '.join(r_parts)}) GROUP BY g",
            {**params, "ai_threshold": int(ai_threshold)},
        ).fetchall()
        groups: dict[Any, dict[str, Any]] = {}
        histograms: dict[Any, list[tuple[int, int]]] = {}
        for g, d, experiences, answered, useful_known, useful_yes in histogram_rows:
            row = groups.get(g)
            if row is None:
                row = groups[g] = {
                    "key": g, "experiences": 0, "answered": 0, "response_n": 0, "response_days_sum": 0,
                    "median_response_days": None, "useful_known": 0, "useful_yes": 0, "replies": 0, "ai_replies": 0,
                }
                histograms[g] = []
            row["experiences"] += int(experiences)
            row["answered"] += int(answered)
            row["useful_known"] += int(useful_known)
            row["useful_yes"] += int(useful_yes)
            if d is not None:
                row["response_n"] += int(experiences)
                row["response_days_sum"] += int(d) * int(experiences)
                histograms[g].append((int(d), int(experiences)))  # ascending d
        for g, replies, ai_replies in reply_rows:
            if g in groups:
                groups[g]["replies"] = int(replies)
                groups[g]["ai_replies"] = int(ai_replies)
        for g, row in groups.items():
            row["median_response_days"] = self._kpi_median(histograms[g])
        if group_by == "month":
            rows = sorted(groups.values(), key=lambda row: row["key"])
            for row in rows:
                row["key"] = f"{row['key']:%Y-%m}"
            return rows
        # Most experiences first; ties by key, None last.
        return sorted(groups.values(), key=lambda row: (-row["experiences"], row["key"] is None, row["key"] or ""))

    @staticmethod
    def _kpi_median(histogram: list[tuple[int, int]]) -> float | None:
        """The median of a histogram of integers, (value, count) by ascending value; None if empty."""
        total = sum(count for _, count in histogram)
        if not total:
            return None
        lower_rank, upper_rank = (total + 1) // 2, total // 2 + 1  # equal when total is odd
        lower = upper = None
        seen = 0
        for value, count in histogram:
            seen += count
            if lower is None and seen >= lower_rank:
                lower = value
            if seen >= upper_rank:
                upper = value
                break
        return (lower + upper) / 2

    def _kpi_agent_feedback(
        self, con: duckdb.DuckDBPyConnection, start: date | None, end: date | None
    ) -> dict[str, int]:
        period = self._kpi_period(start, end)
        positive, total = con.execute(
            "SELECT count(*) FILTER (WHERE sentiment = 'positif'), count(*) FROM agent_feedback"
            " WHERE date >= $lo AND date < $hi",
            {"lo": period["lo"], "hi": period["hi"]},
        ).fetchone()
        return {"positive": int(positive), "total": int(total)}

    # -- ratings ---------------------------------------------------------------------------------

    def answer_exists(self, run_id: str, question_id: str) -> bool:
        rows = self._rows(
            "SELECT 1 FROM answers WHERE run_id = ? AND question_id = ? AND error IS NULL", [run_id, question_id]
        )
        return bool(rows)

    def save_rating(self, row: dict[str, Any]) -> None:
        """One short transaction: the rater's previous rating of this answer is replaced."""

        def work(con: duckdb.DuckDBPyConnection) -> None:
            con.execute(
                "DELETE FROM ratings WHERE id = ? OR (rater = ? AND run_id = ? AND question_id = ?)",
                [row["id"], row["rater"], row["run_id"], row["question_id"]],
            )
            con.execute(
                "INSERT INTO ratings (id, rater, run_id, question_id, stars, positive_tags, negative_tags,"
                " comment, good_answer) VALUES (?, ?, ?, ?, ?, ?::VARCHAR[], ?::VARCHAR[], ?, ?)",
                [row["id"], row["rater"], row["run_id"], row["question_id"], row["stars"],
                 row["positive_tags"], row["negative_tags"], row["comment"], row["good_answer"]],
            )

        self.write(work)

    def ratings_of_run(self, run_id: str) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT id, rater, run_id, question_id, stars, positive_tags, negative_tags, comment,"
            " good_answer, created_at FROM ratings WHERE run_id = ? ORDER BY question_id, rater",
            [run_id],
        )

    def rated_by(self, rater: str) -> set[tuple[str, str]]:
        rows = self._rows("SELECT run_id, question_id FROM ratings WHERE rater = ?", [rater])
        return {(r["run_id"], r["question_id"]) for r in rows}

    def answers_to_rate(self, run_ids: list[str] | None) -> list[dict[str, Any]]:
        """Answers without error (of these runs, or of every run) with their question's text."""
        return self._rows(
            "SELECT a.run_id, a.question_id, q.text AS question, a.text AS answer, a.contexts"
            " FROM answers a JOIN runs r ON r.id = a.run_id"
            " LEFT JOIN questions q ON q.dataset_id = r.dataset_id AND q.id = a.question_id"
            " WHERE a.error IS NULL AND a.text IS NOT NULL"
            " AND (? IS NULL OR a.run_id IN (SELECT unnest(?::VARCHAR[])))",
            [None if run_ids is None else True, run_ids or []],
        )

    def answers_of_two_runs(self, run_x: str, run_y: str) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT x.question_id, q.text AS question, x.text AS answer_x, y.text AS answer_y"
            " FROM answers x JOIN answers y ON y.question_id = x.question_id AND y.run_id = ?"
            " JOIN runs r ON r.id = x.run_id"
            " LEFT JOIN questions q ON q.dataset_id = r.dataset_id AND q.id = x.question_id"
            " WHERE x.run_id = ? AND x.error IS NULL AND y.error IS NULL",
            [run_y, run_x],
        )

    def save_preference(self, row: dict[str, Any]) -> None:
        """One short transaction: the rater's previous choice on this pair is replaced."""

        def work(con: duckdb.DuckDBPyConnection) -> None:
            con.execute("DELETE FROM preferences WHERE id = ?", [row["id"]])
            con.execute(
                "INSERT INTO preferences (id, rater, question_id, run_a, run_b, choice, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [row["id"], row["rater"], row["question_id"], row["run_a"], row["run_b"], row["choice"], row["reason"]],
            )

        self.write(work)

    def preferences_between(self, run_x: str, run_y: str) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT rater, question_id, run_a, run_b, choice, reason, created_at FROM preferences"
            " WHERE (run_a = ? AND run_b = ?) OR (run_a = ? AND run_b = ?) ORDER BY question_id, rater",
            [run_x, run_y, run_y, run_x],
        )

    def create_campaign(self, campaign: dict[str, Any], assignments: list[dict[str, Any]]) -> None:
        def work(con: duckdb.DuckDBPyConnection) -> None:
            con.execute(
                "INSERT INTO rating_campaigns (id, name, run_ids, raters, raters_per_item)"
                " VALUES (?, ?, ?::VARCHAR[], ?::VARCHAR[], ?)",
                [campaign["id"], campaign["name"], campaign["run_ids"], campaign["raters"], campaign["raters_per_item"]],
            )
            self._insert(con, "rating_assignments", assignments)

        self.write(work)

    def campaigns(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT id, name, run_ids, raters, raters_per_item, created_at FROM rating_campaigns ORDER BY created_at, id"
        )

    def campaign_queue(self, campaign_id: str, rater: str) -> list[dict[str, Any]]:
        """A rater's assigned answers in their order, with the question's text."""
        return self._rows(
            "SELECT s.run_id, s.question_id, q.text AS question, a.text AS answer, a.contexts"
            " FROM rating_assignments s JOIN answers a ON a.run_id = s.run_id AND a.question_id = s.question_id"
            " JOIN runs r ON r.id = s.run_id"
            " LEFT JOIN questions q ON q.dataset_id = r.dataset_id AND q.id = s.question_id"
            " WHERE s.campaign_id = ? AND s.rater = ? ORDER BY s.position",
            [campaign_id, rater],
        )

    def campaign_progress(self, campaign_id: str) -> list[dict[str, Any]]:
        """Per rater: answers assigned and answers rated (by that rater)."""
        return self._rows(
            "SELECT s.rater, count(*) AS assigned, count(g.id) AS rated"
            " FROM rating_assignments s LEFT JOIN ratings g"
            " ON g.rater = s.rater AND g.run_id = s.run_id AND g.question_id = s.question_id"
            " WHERE s.campaign_id = ? GROUP BY s.rater ORDER BY s.rater",
            [campaign_id],
        )

    def campaign_ratings(self, campaign_id: str) -> list[dict[str, Any]]:
        """The ratings of a campaign's assigned (rater, answer) pairs."""
        return self._rows(
            "SELECT g.rater, g.run_id, g.question_id, g.stars, g.positive_tags, g.negative_tags"
            " FROM rating_assignments s JOIN ratings g"
            " ON g.rater = s.rater AND g.run_id = s.run_id AND g.question_id = s.question_id"
            " WHERE s.campaign_id = ? ORDER BY g.run_id, g.question_id, g.rater",
            [campaign_id],
        )

    def preferred_by(self, rater: str, run_x: str, run_y: str) -> set[str]:
        return {r["question_id"] for r in self.preferences_between(run_x, run_y) if r["rater"] == rater}

    # -- overview --------------------------------------------------------------------------------

    def overview(self) -> dict[str, int]:
        """Counts of what the workbench holds, for the home page and `workbench demo`."""
        # The latest versions' sizes come from their catalogue rows (counted on import). One
        # UNION ALL: as eleven scalar subqueries of one SELECT, DuckDB took 55 ms instead of 7.
        latest = "SELECT coalesce(sum({0}), 0) FROM (SELECT {0} FROM {1} QUALIFY version = max(version) OVER (PARTITION BY name))"
        counts = {
            "datasets": "SELECT count(DISTINCT name) FROM datasets",
            "questions": latest.format("n_questions", "datasets"),
            "corpora": "SELECT count(DISTINCT name) FROM corpora",
            "documents": latest.format("n_documents", "corpora"),
            **{table: f"SELECT count(*) FROM {table}" for table in (
                "experiences", "replies", "agent_feedback", "runs", "answers", "scores", "ratings")},
        }
        sql = " UNION ALL ".join(f"(SELECT '{key}', * FROM ({query}))" for key, query in counts.items())
        with self.connect() as con:
            found = dict(con.execute(sql).fetchall())
        return {key: int(found[key]) for key in counts}


# -- backup and restore (the file juggling lives in workbench/backup.py) ------------------------------


def _table_counts(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    """Exact row counts of every table of an attached database (views excluded)."""
    names = [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'"
            " ORDER BY table_name",
            [catalog],
        ).fetchall()
    ]
    return {
        name: int(con.execute(f"SELECT count(*) FROM {_ident(catalog)}.main.{_ident(name)}").fetchone()[0])
        for name in names
    }


def _workbench_version(con: duckdb.DuckDBPyConnection, catalog: str, file: Path) -> int:
    """The schema version of an attached workbench database; a clear error naming ``file`` when
    it is not one, or when it is newer than this code."""
    has_migrations = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = '_migrations'", [catalog]
    ).fetchone()[0]
    if not has_migrations:
        raise WorkbenchError(f"{file} : ce n'est pas une base workbench (pas de table _migrations)")
    applied = dict(con.execute(f"SELECT id, name FROM {_ident(catalog)}.main._migrations ORDER BY id").fetchall())
    newest = max(applied, default=0)
    if newest > len(MIGRATIONS):
        raise WorkbenchError(
            f"{file} : schéma en version {newest}, plus récent que celui de ce code (version {len(MIGRATIONS)}) ;"
            " mettez workbench à jour avant de restaurer"
        )
    known = {number: migration.__name__ for number, migration in enumerate(MIGRATIONS, start=1)}
    if any(known.get(number) != name for number, name in applied.items()):
        raise WorkbenchError(f"{file} : ce n'est pas une base workbench (migrations inconnues dans _migrations)")
    return newest


def database_file_summary(file: Path) -> tuple[int, dict[str, int]]:
    """Schema version and row counts of a workbench database file that no process holds."""
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS summarised (READ_ONLY)", [str(file)])
        return _workbench_version(con, "summarised", file), _table_counts(con, "summarised")
    finally:
        con.close()


def build_restored_database(source: Path, staging: Path) -> tuple[int, int, dict[str, int]]:
    """Copy the workbench database ``source`` into the new file ``staging`` and migrate the copy
    to this code's schema. Reads every block of ``source`` (a truncated or corrupt file fails here).

    Returns the source's schema version, the copy's, and the copy's row counts. Raises
    WorkbenchError naming ``source`` when it is not a readable workbench database; ``staging``
    may then hold a partial file, which the caller removes.
    """
    con = duckdb.connect()
    try:
        try:
            con.execute("ATTACH ? AS restore_source (READ_ONLY)", [str(source)])
        except duckdb.Error as error:
            raise WorkbenchError(f"{source} : ce n'est pas une base DuckDB lisible ({_first_line(error)})") from None
        try:
            from_version = _workbench_version(con, "restore_source", source)
            con.execute("ATTACH ? AS restore_target", [str(staging)])
            con.execute("COPY FROM DATABASE restore_source TO restore_target")
        except duckdb.Error as error:
            raise WorkbenchError(f"{source} : base illisible ou tronquée ({_first_line(error)})") from None
        con.execute("DETACH restore_source")
        con.execute("USE restore_target")
        apply_migrations(con)
        version = schema_version(con)
        counts = _table_counts(con, "restore_target")
        con.execute("USE memory")
        con.execute("DETACH restore_target")
        return from_version, version, counts
    finally:
        con.close()


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
