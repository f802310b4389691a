"""Drill: `workbench backup` while a replay and raters write, then `workbench restore`.

On a copy of the demo database, a replay subprocess (the offline extractive pipeline, several
configurations in a row) and `workbench rate` subprocesses keep writing while the drill takes
backups with the real CLI. Each backup must open and be consistent on its own (every answer's
run exists, every rating's answer exists, a finished run holds all its answers), the row counts
must never go down from one backup to the next nor exceed the final database's, and no writer
may see an error. Then a backup is restored into the live path while a reader process (as the
app would) keeps reading: the reader sees the old data or the new, never an error, and the
database equals the backup row for row. Restoring garbage (a text file, a truncated backup)
fails with one line naming the file and leaves the database byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]

REPLAY_SCRIPT = """
import json, sys
from workbench.config import parse_pipeline
from workbench.replay import replay
from workbench.store import Store

store = Store(sys.argv[1], lock_timeout_s=120)
for k in (1, 2, 3):
    config = parse_pipeline({
        "name": f"exercice-sauvegarde-k{k}",
        "retrieval": {"kind": "bm25", "corpus": "service-public", "k": k},
        "generation": {"kind": "extractive"},
    })
    print(json.dumps(replay(store, config, "demo", limit=60, concurrency=4).as_json()), flush=True)
"""

# What an open app does: read the database again and again, each read a short-lived connection.
READER_SCRIPT = """
import json, pathlib, sys, time
from workbench.store import Store

store, stop = Store(sys.argv[1], lock_timeout_s=120), pathlib.Path(sys.argv[2])
while not stop.exists():
    print(json.dumps(store.overview()), flush=True)
    time.sleep(0.02)
"""

RATERS = 12
RATERS_AT_ONCE = 3
MIN_BACKUPS = 3


def cli(db: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def consistency_problems(db: Path) -> list[str]:
    """What a consistent workbench database never holds."""
    checks = {
        "answer without its run": "SELECT count(*) FROM answers a ANTI JOIN runs r ON r.id = a.run_id",
        "rating without its answer": "SELECT count(*) FROM ratings g ANTI JOIN answers a"
        " ON a.run_id = g.run_id AND a.question_id = g.question_id",
        "score without its answer": "SELECT count(*) FROM scores s ANTI JOIN answers a"
        " ON a.run_id = s.run_id AND a.question_id = s.question_id",
        "finished run missing answers": "SELECT count(*) FROM runs r WHERE r.status = 'finished'"
        " AND r.n_questions <> (SELECT count(*) FROM answers a WHERE a.run_id = r.id)",
        "run without its pipeline": "SELECT count(*) FROM runs r ANTI JOIN pipelines p ON p.id = r.pipeline_id",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return [f"{name}: {n}" for name, sql in checks.items() if (n := con.execute(sql).fetchone()[0])]


def rows_differing(a: Path, b: Path) -> dict[str, tuple[int, int]]:
    """Per table, rows of ``a`` missing from ``b`` and rows of ``b`` missing from ``a`` (as multisets)."""
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS a (READ_ONLY)", [str(a)])
        con.execute("ATTACH ? AS b (READ_ONLY)", [str(b)])
        tables = lambda db: {r[0] for r in con.execute(  # noqa: E731
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [db]).fetchall()}
        assert tables("a") == tables("b")
        out = {}
        for t in sorted(tables("a")):
            only_a = con.execute(f'SELECT count(*) FROM (FROM a."{t}" EXCEPT ALL FROM b."{t}")').fetchone()[0]
            only_b = con.execute(f'SELECT count(*) FROM (FROM b."{t}" EXCEPT ALL FROM a."{t}")').fetchone()[0]
            if only_a or only_b:
                out[t] = (only_a, only_b)
        return out
    finally:
        con.close()


def answers_to_rate(db: Path, n: int) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT run_id, question_id FROM answers WHERE error IS NULL ORDER BY run_id, question_id LIMIT ?", [n]
        ).fetchall()


@pytest.fixture
def live(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo database (and its derived indexes, so replays need not rebuild them)."""
    db = tmp_path / "live" / "workbench.duckdb"
    db.parent.mkdir()
    shutil.copy(demo_db, db)
    cache = demo_db.with_name(demo_db.name + ".cache")
    if cache.exists():
        shutil.copytree(cache, db.with_name(db.name + ".cache"))
    return db


def test_backups_while_writers_run_then_restore_and_garbage(live: Path, tmp_path: Path) -> None:
    initial = table_counts(live)
    targets = answers_to_rate(live, RATERS + RATERS_AT_ONCE)
    assert len(targets) == RATERS + RATERS_AT_ONCE

    def rate(i: int) -> tuple[int, str, float]:
        run_id, question_id = targets[i]
        started = time.perf_counter()
        done = cli(live, "rate", run_id, question_id, "--rater", f"agent-{i:02d}", "--stars", str((i % 11) / 2),
                   "--positive", "clair", "--json")
        return done.returncode, done.stderr, time.perf_counter() - started

    # Baseline: raters alone, nothing else running (their wall time is mostly interpreter start-up).
    with ThreadPoolExecutor(RATERS_AT_ONCE) as pool:
        alone = list(pool.map(rate, range(RATERS, RATERS + RATERS_AT_ONCE)))
    assert all(rc == 0 for rc, _, _ in alone), alone

    replay = subprocess.Popen(
        [sys.executable, "-c", REPLAY_SCRIPT, str(live)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    pool = ThreadPoolExecutor(RATERS_AT_ONCE)
    raters = [pool.submit(rate, i) for i in range(RATERS)]

    def writing() -> bool:
        return replay.poll() is None or not all(f.done() for f in raters)

    backups: list[tuple[Path, dict, bool]] = []  # path, JSON, whether writers ran before and after it
    folder = tmp_path / "sauvegardes"
    while writing() or len(backups) < MIN_BACKUPS:
        assert len(backups) < 40, "the writers never finished"
        path = folder / f"sauvegarde-{len(backups) + 1}.duckdb"
        before = writing()
        done = cli(live, "backup", str(path), "--json")
        assert done.returncode == 0, done.stderr
        backups.append((path, json.loads(done.stdout), before and writing()))
        time.sleep(0.5)
    pool.shutdown()
    replay_out, replay_err = replay.communicate(timeout=300)
    during = [f.result() for f in raters]

    # No writer saw an error.
    assert replay.returncode == 0, replay_err
    replays = [json.loads(line) for line in replay_out.splitlines()]
    assert len(replays) == 3 and all(r["failed"] == 0 and r["status"] == "finished" for r in replays), replays
    for rc, err, _ in during:
        assert rc == 0 and "Erreur" not in err, err
    final = table_counts(live)
    assert final["ratings"] == initial["ratings"] + RATERS + RATERS_AT_ONCE
    assert final["runs"] == initial["runs"] + 3

    # Every backup opens, is consistent, matches its JSON; counts never go down nor exceed the end.
    assert sum(1 for *_, overlapped in backups if overlapped) >= 1, "no backup ran while the writers did"
    previous = initial
    for path, report, _ in backups:
        assert Path(report["path"]) == path and report["bytes"] == path.stat().st_size
        assert report["schema_version"] == final["_migrations"]
        counts = table_counts(path)
        assert counts == report["tables"], path.name
        assert consistency_problems(path) == [], path.name
        assert all(counts[t] >= previous[t] for t in counts), (path.name, counts, previous)
        assert all(counts[t] <= final[t] for t in counts), (path.name, counts, final)
        previous = counts
    seen = sorted({r["tables"]["ratings"] for _, r, _ in backups})
    assert any(initial["ratings"] < n < final["ratings"] for n in seen), f"no backup caught the raters midway: {seen}"
    assert not list(folder.glob(".*.tmp")), "a temporary file was left behind"

    walls = [r["wall_s"] for _, r, _ in backups]
    helds = [r["held_s"] for _, r, _ in backups]
    waits = [r["lock_wait_s"] for _, r, _ in backups]
    print(
        f"\n{len(backups)} backups of {backups[-1][1]['bytes'] / 1e6:.1f} MB: wall median {statistics.median(walls):.3f} s"
        f" (max {max(walls):.3f}); database held median {statistics.median(helds):.3f} s (max {max(helds):.3f});"
        f" backup waited for writers median {statistics.median(waits):.3f} s (max {max(waits):.3f})."
        f"\nrate CLI wall time: alone median {statistics.median(w for *_, w in alone):.2f} s,"
        f" beside replay + backups median {statistics.median(w for *_, w in during):.2f} s"
        f" (max {max(w for *_, w in during):.2f} s); replays {[r['wall_s'] for r in replays]} s;"
        f" ratings seen by the backups: {seen}"
    )

    # Restore a backup taken midway while a reader keeps reading the live path.
    midway = [path for path, r, _ in backups if initial["ratings"] < r["tables"]["ratings"] < final["ratings"]]
    chosen = midway[len(midway) // 2]
    expected = table_counts(chosen)
    old_hash = sha256(live)
    stop = tmp_path / "stop-reader"
    reader_log = tmp_path / "reader.err"
    with reader_log.open("w") as err:  # a file, not a pipe: only the collector reads stdout
        reader = subprocess.Popen(
            [sys.executable, "-c", READER_SCRIPT, str(live), str(stop)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True,
        )
    reads: list[dict] = []
    collector = threading.Thread(target=lambda: reads.extend(json.loads(line) for line in reader.stdout), daemon=True)
    collector.start()
    deadline = time.monotonic() + 120
    while not reads:  # the reader is up before the restore starts
        assert reader.poll() is None and time.monotonic() < deadline, "the reader stopped, or never read"
        time.sleep(0.05)
    done = cli(live, "restore", str(chosen), "--json")
    assert done.returncode == 0, done.stderr
    seen_at_restore = len(reads)
    while len(reads) < seen_at_restore + 3:  # a few reads after the restore
        assert reader.poll() is None and time.monotonic() < deadline, "the reader stopped, or never read"
        time.sleep(0.05)
    stop.touch()
    reader.wait(timeout=120)
    collector.join(10)  # it reads stdout to the end: every read is in `reads`
    reader_err = reader_log.read_text()
    restored = json.loads(done.stdout)
    before = live.with_name(live.name + ".before-restore")
    assert restored["before_restore"] == str(before) and restored["tables"] == expected
    assert restored["migrated_from"] == restored["schema_version"] == final["_migrations"]
    assert rows_differing(live, chosen) == {}
    assert sha256(before) == old_hash and table_counts(before) == final
    assert consistency_problems(live) == []

    assert reader.returncode == 0, reader_err
    old_view = {"runs": final["runs"], "answers": final["answers"], "ratings": final["ratings"]}
    new_view = {"runs": expected["runs"], "answers": expected["answers"], "ratings": expected["ratings"]}
    assert old_view != new_view
    views = [{k: r[k] for k in old_view} for r in reads]
    assert all(v in (old_view, new_view) for v in views), [v for v in views if v not in (old_view, new_view)][:3]
    assert views[0] == old_view and views[-1] == new_view
    print(f"restore: wall {restored['wall_s']:.3f} s, database held {restored['held_s']:.3f} s,"
          f" {len(reads)} reads meanwhile, all old or new")

    # Garbage fails with one line naming the file; the database stays byte for byte as it was.
    garbage = tmp_path / "pas-une-base.duckdb"
    garbage.write_text("Ceci n'est pas une base DuckDB.\n", encoding="utf-8")
    truncated = tmp_path / "tronquee.duckdb"
    truncated.write_bytes(chosen.read_bytes()[: chosen.stat().st_size // 2])
    missing = tmp_path / "absente.duckdb"
    good_hash, before_hash = sha256(live), sha256(before)
    listing = sorted(p.name for p in live.parent.iterdir())
    for bad in (garbage, truncated, missing):
        done = cli(live, "restore", str(bad), "--force")
        assert done.returncode == 1, (bad.name, done.stdout)
        message = done.stderr.strip()
        assert message.startswith("Erreur :") and bad.name in message and len(message.splitlines()) == 1, message
        assert "Traceback" not in done.stderr
        assert sha256(live) == good_hash and sha256(before) == before_hash, bad.name
        assert sorted(p.name for p in live.parent.iterdir()) == listing, bad.name
