"""Imports and the catalogue: datasets, corpora, experiences and agents' feedback, and the overview."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import duckdb
import pandas as pd

from workbench.records import AgentFeedback, Document, Experience, Question
from workbench.store.base import StoreBase, VersionedImport, _json, content_hash



class CatalogMixin(StoreBase):
    """Imports and the catalogue: datasets, corpora, experiences and agents' feedback, and the overview."""

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

    def _next_version(
        self,
        con: duckdb.DuckDBPyConnection,
        table: str,
        kind: str,
        record_id: str,
        name: str,
        source: str | None,
        digest: str,
        counts: dict[str, int],
    ) -> int | VersionedImport:
        """The next version number of ``name`` in ``table`` (datasets, corpora), or, when this
        content is stored already, that version (the import is logged as a no-op)."""
        existing = con.execute(f"SELECT version FROM {table} WHERE id = ?", [record_id]).fetchone()
        if existing:
            self._log_import(con, kind, source, digest, counts, False)
            return VersionedImport(record_id, name, existing[0], digest, False, counts)
        return con.execute(f"SELECT coalesce(max(version), 0) + 1 FROM {table} WHERE name = ?", [name]).fetchone()[0]

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
            version = self._next_version(con, "datasets", "questions", dataset_id, name, source, digest, counts)
            if isinstance(version, VersionedImport):
                return version
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
            version = self._next_version(con, "corpora", "corpus", corpus_id, name, source, digest, counts)
            if isinstance(version, VersionedImport):
                return version
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
            return rows[0] if rows else None
        # The few rows of that name are picked here: DuckDB's ORDER BY ... LIMIT on this tiny
        # table costs ≈ 2 ms, four times the lookup itself (a replay makes two, a page several).
        rows = self._rows(f"SELECT * FROM {table} WHERE id = ? OR name = ?", [ref, ref])
        return max(rows, key=lambda r: (r["id"] == ref, r["version"])) if rows else None

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
                metadata=json.loads(r["metadata"]) if r["metadata"] not in (None, "", "{}") else {},
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
