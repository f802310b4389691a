"""Pipelines, runs, answers and scores: what replays write and the pages read."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pandas as pd

from workbench.store.base import StoreBase, T, _json, _process_alive



class RunsMixin(StoreBase):
    """Pipelines, runs, answers and scores: what replays write and the pages read."""

    # -- pipelines, runs and answers ---------------------------------------------------------

    @staticmethod
    def _upsert_pipeline(con: duckdb.DuckDBPyConnection, pipeline_id: str, name: str, config: dict[str, Any]) -> None:
        con.execute(
            "INSERT INTO pipelines (id, name, config) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config",
            [pipeline_id, name, _json(config)],
        )

    def _write_racing_inserts(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        # Replays (or app sessions) saving one new pipeline at once: the upsert is retried
        # until the row exists for all of them.
        return self.write(work, constraint_retries=5)

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
        fresh: bool = False,
    ) -> tuple[int, str]:
        """Save ``last_answers`` (``fresh``: as in ``save_answers``), count the run's answered
        questions and close it, in one transaction. ``error_for(failed)`` gives the run's error
        message. Returns (answered, status).
        """

        def work(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
            if last_answers:
                self._save_answers(con, run_id, last_answers, fresh=fresh)
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

    def save_answers(self, run_id: str, answers: list[dict[str, Any]], *, fresh: bool = False) -> None:
        """Upsert answers of a run (a retried question replaces its failed attempt).

        ``fresh``: none of these questions has an answer in the run yet (a new run writes each
        once), so they are inserted without looking (≈ 2 ms a batch); one that has fails the
        write with DuckDB's primary-key error."""
        if answers:
            self.write(lambda con: self._save_answers(con, run_id, answers, fresh=fresh))

    def _save_answers(
        self, con: duckdb.DuckDBPyConnection, run_id: str, answers: list[dict[str, Any]], *, fresh: bool = False
    ) -> None:
        rows = [{"run_id": run_id, **a, "contexts": _json(a.get("contexts"))} for a in answers]
        if fresh:
            self._insert(con, "answers", rows)
            return
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
        """Successful answers already computed for these cache keys, in any run (the newest of each)."""
        if not cache_keys:
            return {}
        # The newest is picked here: a window function (QUALIFY row_number() ...) costs DuckDB
        # a third more on this hot path (a replay asks once per chunk of questions).
        rows = self._rows(
            "SELECT cache_key, text, prompt_tokens, completion_tokens, first_token_ms, total_ms, created_at"
            " FROM answers WHERE error IS NULL AND cache_key IN (SELECT unnest(?::VARCHAR[]))",
            [cache_keys],
        )
        newest = {r["cache_key"]: r for r in sorted(rows, key=lambda r: r["created_at"])}  # the last one wins
        for row in newest.values():
            del row["created_at"]
        return newest

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

    def runs_version(self, run_ids: Sequence[str]) -> tuple:
        """A value that changes whenever the runs' answers or scores do: their number and a
        digest of their content (an answer replaced on resume keeps its creation time, so times
        would not do). Pages keep what they compute from these runs under it."""
        ids = list(run_ids)
        rows = self._rows(
            "SELECT 'answers' AS part, run_id, count(*) AS n,"
            " bit_xor(hash(question_id, text, error, attempts, contexts)) AS digest FROM answers"
            " WHERE run_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY run_id"
            " UNION ALL SELECT 'scores', run_id, count(*), bit_xor(hash(question_id, metric, judge, version, value, reason))"
            " FROM scores WHERE run_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY run_id",
            [ids, ids],
        )
        return tuple(sorted((r["part"], r["run_id"], r["n"], r["digest"]) for r in rows))

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

