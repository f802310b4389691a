"""Agents' ratings, rating campaigns and pairwise preferences."""

from __future__ import annotations

from typing import Any

import duckdb

from workbench.store.base import StoreBase



class RatingsMixin(StoreBase):
    """Agents' ratings, rating campaigns and pairwise preferences."""

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

