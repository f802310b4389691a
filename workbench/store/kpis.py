"""The KPI queries over experiences and replies (rollups that keep medians exact)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import duckdb

from workbench.store.base import StoreBase



class KpiMixin(StoreBase):
    """The KPI queries over experiences and replies (rollups that keep medians exact)."""

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

