"""Numbered, idempotent schema migrations, applied when a Store opens its file.

Each migration is a small function ``mNNN_name(con)``; the ones already applied are recorded
in ``_migrations``. A new database and an old one end up with the same schema.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

Migration = Callable[[duckdb.DuckDBPyConnection], None]


def m001_initial(con: duckdb.DuckDBPyConnection) -> None:
    statements = [
        # Every import, successful or not, for the audit trail (counts only, never content).
        """CREATE TABLE IF NOT EXISTS imports (
            id VARCHAR PRIMARY KEY,
            kind VARCHAR NOT NULL,
            source VARCHAR,
            content_hash VARCHAR,
            counts JSON,
            created BOOLEAN,
            imported_at TIMESTAMP DEFAULT current_timestamp
        )""",
        # Question sets, versioned by content hash: a re-import of identical content is a no-op.
        """CREATE TABLE IF NOT EXISTS datasets (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            content_hash VARCHAR NOT NULL,
            source VARCHAR,
            n_questions INTEGER NOT NULL,
            created_at TIMESTAMP DEFAULT current_timestamp,
            UNIQUE (name, version)
        )""",
        """CREATE TABLE IF NOT EXISTS questions (
            dataset_id VARCHAR NOT NULL,
            id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            theme VARCHAR,
            structure VARCHAR,
            reference_answer VARCHAR,
            reference_context_ids VARCHAR[],
            recorded_answer VARCHAR,
            metadata JSON,
            PRIMARY KEY (dataset_id, id)
        )""",
        # Knowledge bases, versioned by content hash and chunking parameters.
        """CREATE TABLE IF NOT EXISTS corpora (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            content_hash VARCHAR NOT NULL,
            source VARCHAR,
            format VARCHAR,
            chunk_size INTEGER,
            chunk_overlap INTEGER,
            n_documents INTEGER NOT NULL,
            n_passages INTEGER NOT NULL,
            created_at TIMESTAMP DEFAULT current_timestamp,
            UNIQUE (name, version)
        )""",
        """CREATE TABLE IF NOT EXISTS documents (
            corpus_id VARCHAR NOT NULL,
            id VARCHAR NOT NULL,
            title VARCHAR,
            url VARCHAR,
            audience VARCHAR,
            theme VARCHAR,
            subject VARCHAR,
            description VARCHAR,
            date DATE,
            doc_type VARCHAR,
            text VARCHAR,
            metadata JSON,
            PRIMARY KEY (corpus_id, id)
        )""",
        """CREATE TABLE IF NOT EXISTS passages (
            corpus_id VARCHAR NOT NULL,
            id VARCHAR NOT NULL,
            document_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            heading VARCHAR,
            text VARCHAR NOT NULL,
            PRIMARY KEY (corpus_id, id)
        )""",
        # Pipelines: id = hash of the normalised configuration.
        """CREATE TABLE IF NOT EXISTS pipelines (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            config JSON NOT NULL,
            created_at TIMESTAMP DEFAULT current_timestamp
        )""",
        """CREATE TABLE IF NOT EXISTS runs (
            id VARCHAR PRIMARY KEY,
            pipeline_id VARCHAR NOT NULL,
            dataset_id VARCHAR NOT NULL,
            corpus_id VARCHAR,
            status VARCHAR NOT NULL,
            n_questions INTEGER,
            params JSON,
            error VARCHAR,
            started_at TIMESTAMP DEFAULT current_timestamp,
            finished_at TIMESTAMP
        )""",
        """CREATE TABLE IF NOT EXISTS answers (
            run_id VARCHAR NOT NULL,
            question_id VARCHAR NOT NULL,
            text VARCHAR,
            contexts JSON,
            prompt_hash VARCHAR,
            cache_key VARCHAR,
            retrieval_ms DOUBLE,
            first_token_ms DOUBLE,
            total_ms DOUBLE,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            error VARCHAR,
            attempts INTEGER,
            cached BOOLEAN DEFAULT false,
            created_at TIMESTAMP DEFAULT current_timestamp,
            PRIMARY KEY (run_id, question_id)
        )""",
        """CREATE TABLE IF NOT EXISTS scores (
            run_id VARCHAR NOT NULL,
            question_id VARCHAR NOT NULL,
            metric VARCHAR NOT NULL,
            value DOUBLE,
            reason VARCHAR,
            judge VARCHAR NOT NULL DEFAULT '',
            version VARCHAR NOT NULL DEFAULT '',
            created_at TIMESTAMP DEFAULT current_timestamp,
            PRIMARY KEY (run_id, question_id, metric, judge)
        )""",
        """CREATE TABLE IF NOT EXISTS ratings (
            id VARCHAR PRIMARY KEY,
            rater VARCHAR NOT NULL,
            run_id VARCHAR NOT NULL,
            question_id VARCHAR NOT NULL,
            stars DOUBLE,
            positive_tags VARCHAR[],
            negative_tags VARCHAR[],
            comment VARCHAR,
            good_answer BOOLEAN,
            created_at TIMESTAMP DEFAULT current_timestamp
        )""",
        """CREATE TABLE IF NOT EXISTS preferences (
            id VARCHAR PRIMARY KEY,
            rater VARCHAR NOT NULL,
            question_id VARCHAR NOT NULL,
            run_a VARCHAR NOT NULL,
            run_b VARCHAR NOT NULL,
            choice VARCHAR NOT NULL,
            reason VARCHAR,
            created_at TIMESTAMP DEFAULT current_timestamp
        )""",
        # Services Publics+ experiences; timestamps are naive Europe/Paris local times.
        """CREATE TABLE IF NOT EXISTS experiences (
            id VARCHAR PRIMARY KEY,
            title VARCHAR,
            description VARCHAR,
            status VARCHAR,
            user_feeling VARCHAR,
            written_at TIMESTAMP,
            published_at TIMESTAMP,
            first_reply_at TIMESTAMP,
            useful BOOLEAN,
            structures VARCHAR[],
            typologies VARCHAR[],
            theme VARCHAR,
            procedures VARCHAR,
            region VARCHAR,
            department VARCHAR,
            country VARCHAR,
            pseudonym VARCHAR,
            tags JSON,
            metadata JSON,
            import_id VARCHAR
        )""",
        """CREATE TABLE IF NOT EXISTS replies (
            experience_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            structure VARCHAR,
            typology VARCHAR,
            channels VARCHAR,
            text VARCHAR NOT NULL,
            ai_similarity DOUBLE,
            ai_assisted BOOLEAN,
            PRIMARY KEY (experience_id, position)
        )""",
        """CREATE TABLE IF NOT EXISTS agent_feedback (
            id VARCHAR PRIMARY KEY,
            agent VARCHAR NOT NULL,
            date DATE NOT NULL,
            sentiment VARCHAR NOT NULL,
            comment VARCHAR,
            import_id VARCHAR
        )""",
    ]
    for statement in statements:
        con.execute(statement)


def m002_judge_calls(con: duckdb.DuckDBPyConnection) -> None:
    # What each model-judged score cost: calls (retries included), tokens, time; a sample
    # that failed after its retries has a row with the error and no score.
    con.execute(
        """CREATE TABLE IF NOT EXISTS judge_calls (
            run_id VARCHAR NOT NULL,
            question_id VARCHAR NOT NULL,
            metric VARCHAR NOT NULL,
            judge VARCHAR NOT NULL,
            calls INTEGER,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            duration_ms DOUBLE,
            attempts INTEGER,
            error VARCHAR,
            created_at TIMESTAMP DEFAULT current_timestamp,
            PRIMARY KEY (run_id, question_id, metric, judge)
        )"""
    )


def m003_kpi_views(con: duckdb.DuckDBPyConnection) -> None:
    """KPI views (the definitions, also for notebooks) and their materialisation (for speed).

    ``kpi_replies``: one row per non-empty reply with its ``ai_bucket``: 101 when flagged
    AI-assisted, else floor(similarity) (0–100), else -1. A reply is AI-assisted at an integer
    threshold T exactly when ``ai_bucket >= T``.
    ``kpi_experiences``: one row per experience: publication day and month, theme, distinct
    structures, calendar days from publication to first reply (dates only: the timestamps are
    already Europe/Paris local), Réponse utile, answered, the buckets of its replies.

    ``kpi_facts`` holds ``kpi_experiences``; ``kpi_experience_rollup`` (histogram of
    response days) and ``kpi_reply_rollup`` (histogram of AI buckets) count it by publication
    month at four levels: ``all``, ``structure``, ``theme``, ``structure_theme`` (an experience
    counts once under each of its structures). Counts of integers keep means and medians
    exact. The Store refreshes all three (see ``Store.refresh_kpi``); ``kpi_state`` records the
    row counts of ``experiences`` and ``replies`` they reflect.
    """
    statements = [
        """CREATE OR REPLACE VIEW kpi_replies AS
        SELECT experience_id, position, structure, ai_similarity, ai_assisted,
            CASE WHEN ai_assisted THEN 101
                 WHEN ai_similarity IS NULL THEN -1
                 ELSE CAST(floor(ai_similarity) AS INTEGER) END AS ai_bucket
        FROM replies
        -- the importer strips texts; `<>` is answered from column statistics, trim() would
        -- read every reply text
        WHERE text <> ''""",
        # Join, then group: a filter on the experience columns (month...) reaches the scan of
        # experiences, so refreshing one month does not aggregate every reply.
        """CREATE OR REPLACE VIEW kpi_experiences AS
        SELECT e.id,
            CAST(e.published_at AS DATE) AS published_on,
            CAST(date_trunc('month', e.published_at) AS DATE) AS month,
            e.theme,
            list_distinct(coalesce(e.structures, [])) AS structures,
            CAST(date_diff('day', CAST(e.published_at AS DATE), CAST(e.first_reply_at AS DATE))
                 AS INTEGER) AS response_days,
            e.useful,
            count(r.experience_id) > 0 AS answered,
            coalesce(list(r.ai_bucket ORDER BY r.position)
                     FILTER (WHERE r.experience_id IS NOT NULL), []) AS ai_buckets
        FROM experiences e
        LEFT JOIN kpi_replies r ON r.experience_id = e.id
        GROUP BY ALL""",
        """CREATE TABLE IF NOT EXISTS kpi_facts (
            id VARCHAR NOT NULL,
            published_on DATE,
            month DATE,
            theme VARCHAR,
            structures VARCHAR[],
            response_days INTEGER,
            useful BOOLEAN,
            answered BOOLEAN NOT NULL,
            ai_buckets INTEGER[] NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS kpi_experience_rollup (
            level VARCHAR NOT NULL,
            month DATE,
            structure VARCHAR,
            theme VARCHAR,
            response_days INTEGER,
            experiences BIGINT NOT NULL,
            answered BIGINT NOT NULL,
            useful_known BIGINT NOT NULL,
            useful_yes BIGINT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS kpi_reply_rollup (
            level VARCHAR NOT NULL,
            month DATE,
            structure VARCHAR,
            theme VARCHAR,
            ai_bucket INTEGER NOT NULL,
            replies BIGINT NOT NULL
        )""",
        # No row yet: the first KPI read (or experience import) builds everything.
        """CREATE TABLE IF NOT EXISTS kpi_state (
            experiences BIGINT NOT NULL,
            replies BIGINT NOT NULL,
            refreshed_at TIMESTAMP DEFAULT current_timestamp
        )""",
    ]
    for statement in statements:
        con.execute(statement)


def m004_rating_campaigns(con: duckdb.DuckDBPyConnection) -> None:
    """Rating campaigns: answers of one or more runs, each assigned to N raters (a queue each)."""
    statements = [
        """CREATE TABLE IF NOT EXISTS rating_campaigns (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            run_ids VARCHAR[] NOT NULL,
            raters VARCHAR[] NOT NULL,
            raters_per_item INTEGER NOT NULL,
            created_at TIMESTAMP DEFAULT current_timestamp
        )""",
        """CREATE TABLE IF NOT EXISTS rating_assignments (
            campaign_id VARCHAR NOT NULL,
            rater VARCHAR NOT NULL,
            run_id VARCHAR NOT NULL,
            question_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (campaign_id, rater, run_id, question_id)
        )""",
    ]
    for statement in statements:
        con.execute(statement)


def m005_kpi_daily_rollups(con: duckdb.DuckDBPyConnection) -> None:
    """Daily KPI rollups, for the days of a period outside its whole months.

    ``kpi_experience_daily`` and ``kpi_reply_daily`` count ``kpi_facts`` like the monthly
    rollups of m003, at the same four levels, by publication day (sorted by day, so a range of
    days reads a few row groups). A period's whole months come from the monthly rollups, its
    partial first and last months from these: medians stay exact (histograms add up). The
    Store keeps them with the others (``Store.refresh_kpi``).

    An existing database gets them by a rebuild: emptying ``kpi_state`` and ``kpi_facts``
    makes the next KPI read (or experience import) rebuild the facts and every rollup.
    """
    statements = [
        """CREATE TABLE IF NOT EXISTS kpi_experience_daily (
            level VARCHAR NOT NULL,
            day DATE,
            structure VARCHAR,
            theme VARCHAR,
            response_days INTEGER,
            experiences INTEGER NOT NULL,
            answered INTEGER NOT NULL,
            useful_known INTEGER NOT NULL,
            useful_yes INTEGER NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS kpi_reply_daily (
            level VARCHAR NOT NULL,
            day DATE,
            structure VARCHAR,
            theme VARCHAR,
            ai_bucket SMALLINT NOT NULL,
            replies INTEGER NOT NULL
        )""",
        "DELETE FROM kpi_state",
        "DELETE FROM kpi_facts",
        "DELETE FROM kpi_experience_rollup",
        "DELETE FROM kpi_reply_rollup",
    ]
    for statement in statements:
        con.execute(statement)


def m006_dataset_pseudonymised(con: duckdb.DuckDBPyConnection) -> None:
    """Whether a dataset's texts were pseudonymised on import (with the NER model when it is
    installed). A replay of such a dataset masks its prompts once more with the rules only, and
    does not load the model (≈ 6 s per process); datasets from before this migration are not
    known to be pseudonymised and keep the full pass."""
    con.execute("ALTER TABLE datasets ADD COLUMN IF NOT EXISTS pseudonymised BOOLEAN DEFAULT false")
    con.execute("UPDATE datasets SET pseudonymised = false WHERE pseudonymised IS NULL")


MIGRATIONS: list[Migration] = [
    m001_initial, m002_judge_calls, m003_kpi_views, m004_rating_campaigns, m005_kpi_daily_rollups,
    m006_dataset_pseudonymised,
]


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet recorded; return the names applied now."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS _migrations ("
        " id INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT id FROM _migrations").fetchall()}
    applied = []
    for number, migration in enumerate(MIGRATIONS, start=1):
        if number in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            migration(con)
            con.execute("INSERT INTO _migrations (id, name) VALUES (?, ?)", [number, migration.__name__])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.__name__)
    return applied


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(id), 0) FROM _migrations").fetchone()
    return int(row[0]) if row else 0
