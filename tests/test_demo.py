"""The bundled demo: `workbench demo` imports everything, replays offline pipelines, is idempotent,
and no planted personal data survives the import."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import duckdb

from workbench.config import DATASETS_DIR


def test_demo_holds_the_bundled_data(demo_db: Path) -> None:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        count = lambda table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
        assert count("questions") >= 150
        assert con.execute("SELECT count(DISTINCT theme) FROM questions").fetchone()[0] >= 10
        assert count("documents") >= 60
        assert count("experiences") >= 300
        assert count("agent_feedback") >= 100
        months = con.execute("SELECT count(DISTINCT date_trunc('month', published_at)) FROM experiences").fetchone()[0]
        assert months >= 6
        runs = con.execute("SELECT status, count(*) FROM runs GROUP BY ALL").fetchall()
        assert runs == [("finished", 3)]
        # Every reference fiche of every question exists in the corpus.
        missing = con.execute(
            "SELECT count(*) FROM (SELECT unnest(reference_context_ids) AS id FROM questions) r"
            " WHERE r.id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        assert missing == 0


def test_demo_again_changes_nothing(demo_db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(demo_db), "demo", "--json"],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["corpus"]["created"] is False and summary["dataset"]["created"] is False
    assert all(run["reused"] for run in summary["runs"])
    assert summary["overview"]["runs"] == 3


def test_no_planted_personal_data_reaches_the_database(demo_db: Path) -> None:
    planted = list(csv.DictReader((DATASETS_DIR / "spp_pii.csv").open(encoding="utf-8")))
    assert len(planted) >= 50
    with duckdb.connect(str(demo_db), read_only=True) as con:
        dump = "\n".join(
            str(value)
            for table in ("experiences", "replies", "questions", "answers", "agent_feedback")
            for row in con.execute(f"SELECT * FROM {table}").fetchall()
            for value in row
        )
    leaked = [row["type"] for row in planted if row["valeur"] in dump]
    assert leaked == []
