"""`workbench backup` and `workbench restore`: refusals, old and new schemas, files left behind.

The drill with concurrent writers is tests/drills/test_drill_backup.py.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from workbench import backup as bk
from workbench.errors import WorkbenchError
from workbench.migrations import MIGRATIONS
from workbench.records import Question
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def questions(n: int, label: str) -> list[Question]:
    return [Question(external_id=f"Q{i}", text=f"Question {label} numéro {i} ?") for i in range(n)]


@pytest.fixture
def filled(store: Store) -> Store:
    store.import_questions("demo", questions(5, "un"))
    return store


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".wal")))


def test_backup_writes_a_new_file_and_never_replaces_one_without_force(filled: Store, tmp_path: Path) -> None:
    target = tmp_path / "copies" / "sauvegarde.duckdb"
    result = bk.backup(filled, target)
    assert result.path == str(target) and result.bytes == target.stat().st_size > 0
    assert result.tables["questions"] == 5 and result.tables["datasets"] == 1
    assert result.schema_version == len(MIGRATIONS)
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM questions").fetchone()[0] == 5
        assert con.execute("SELECT count(*) FROM kpi_experiences").fetchone()[0] == 0  # views come along

    filled.import_questions("demo", questions(7, "deux"))
    first = sha256(target)
    with pytest.raises(WorkbenchError, match="existe déjà.*--force"):
        bk.backup(filled, target)
    assert sha256(target) == first
    assert bk.backup(filled, target, force=True).tables["questions"] == 12
    assert leftovers(target.parent) == []


def test_backup_refusals_name_the_file_and_create_nothing(filled: Store, tmp_path: Path) -> None:
    missing = Store(tmp_path / "absente.duckdb")
    with pytest.raises(WorkbenchError, match="absente.duckdb n'existe pas"):
        bk.backup(missing, tmp_path / "b.duckdb")
    assert not (tmp_path / "absente.duckdb").exists() and not (tmp_path / "b.duckdb").exists()
    with pytest.raises(WorkbenchError, match="la base elle-même"):
        bk.backup(filled, filled.path)
    with pytest.raises(WorkbenchError, match="est un dossier"):
        bk.backup(filled, tmp_path)
    stale = tmp_path / "c.duckdb"
    bk.wal_of(stale).write_bytes(b"journal d'une autre base")
    with pytest.raises(WorkbenchError, match=r"c\.duckdb\.wal"):
        bk.backup(filled, stale)
    assert not stale.exists()
    bk.backup(filled, stale, force=True)  # with --force the stale log goes, or it would be replayed into the copy
    assert not bk.wal_of(stale).exists()
    assert Store(stale).questions(Store(stale).dataset("demo")["id"])[0].text == "Question un numéro 0 ?"


def test_restore_replaces_the_database_and_keeps_the_old_one(filled: Store, tmp_path: Path) -> None:
    copy = tmp_path / "sauvegarde.duckdb"
    bk.backup(filled, copy)
    filled.import_questions("autre", questions(3, "trois"))
    old = sha256(filled.path)
    result = bk.restore(filled, copy)
    before = bk.before_restore_path(filled.path)
    assert result.before_restore == str(before) and sha256(before) == old
    assert [d["name"] for d in filled.datasets()] == ["demo"]
    assert result.migrated_from == result.schema_version == len(MIGRATIONS)
    assert Store(before).dataset("autre") is not None
    # A second restore would replace that kept copy: only with --force.
    with pytest.raises(WorkbenchError, match="before-restore existe déjà.*--force"):
        bk.restore(filled, copy)
    assert sha256(before) == old
    bk.restore(filled, copy, force=True)
    assert leftovers(tmp_path) == []


def test_restore_into_a_path_without_database(filled: Store, tmp_path: Path) -> None:
    copy = tmp_path / "sauvegarde.duckdb"
    bk.backup(filled, copy)
    fresh = Store(tmp_path / "neuve" / "wb.duckdb")
    result = bk.restore(fresh, copy)
    assert result.before_restore is None and not bk.before_restore_path(fresh.path).exists()
    assert [d["name"] for d in fresh.datasets()] == ["demo"]


def test_an_older_backup_is_migrated(store: Store, tmp_path: Path) -> None:
    old = tmp_path / "ancienne.duckdb"
    with duckdb.connect(str(old)) as con:  # a database written by a workbench that knew only m001–m003
        con.execute("CREATE TABLE _migrations (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                    " applied_at TIMESTAMP DEFAULT current_timestamp)")
        for number, migration in enumerate(MIGRATIONS[:3], start=1):
            migration(con)
            con.execute("INSERT INTO _migrations (id, name) VALUES (?, ?)", [number, migration.__name__])
        con.execute("INSERT INTO pipelines (id, name, config) VALUES ('p1', 'ancien', '{}')")
    untouched = sha256(old)
    result = bk.restore(store, old)
    assert (result.migrated_from, result.schema_version) == (3, len(MIGRATIONS))
    assert store.schema_version() == len(MIGRATIONS) and store.campaigns() == []
    assert store.pipeline("p1")["name"] == "ancien"
    assert sha256(old) == untouched  # the backup is read, never migrated in place


def test_newer_or_foreign_files_are_refused_and_nothing_changes(filled: Store, tmp_path: Path) -> None:
    newer = tmp_path / "future.duckdb"
    bk.backup(filled, newer)
    with duckdb.connect(str(newer)) as con:
        con.execute("INSERT INTO _migrations (id, name) VALUES (?, 'm999_future')", [len(MIGRATIONS) + 1])
    foreign = tmp_path / "autre-application.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE clients (id INTEGER)")
    renamed = tmp_path / "migrations-inconnues.duckdb"
    bk.backup(filled, renamed)
    with duckdb.connect(str(renamed)) as con:
        con.execute("UPDATE _migrations SET name = 'm001_autre_chose' WHERE id = 1")
    state = sha256(filled.path)
    for file, expected in [
        (newer, f"version {len(MIGRATIONS) + 1}, plus récent"),
        (foreign, "pas une base workbench"),
        (renamed, "pas une base workbench"),
        (tmp_path / "absente.duckdb", "introuvable"),
    ]:
        with pytest.raises(WorkbenchError, match=expected) as error:
            bk.restore(filled, file)
        assert str(error.value).startswith(str(file))
        assert sha256(filled.path) == state and not bk.before_restore_path(filled.path).exists()
    with pytest.raises(WorkbenchError, match="la base elle-même"):
        bk.restore(filled, filled.path)
    assert leftovers(tmp_path) == []


def test_cli_backup_and_restore(filled: Store, tmp_path: Path) -> None:
    db, copy = filled.path, tmp_path / "sauvegarde.duckdb"
    done = cli(db, "backup", str(copy), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"path", "bytes", "tables", "schema_version", "wall_s"} <= set(report)
    assert report["tables"]["questions"] == 5
    done = cli(db, "backup", str(copy))
    assert done.returncode == 1 and done.stderr.startswith("Erreur :") and str(copy) in done.stderr
    done = cli(db, "restore", str(copy))
    assert done.returncode == 0, done.stderr
    assert "restaurée" in done.stdout and f"{db}.before-restore" in done.stdout
    garbage = tmp_path / "notes.txt"
    garbage.write_text("bonjour\n", encoding="utf-8")
    done = cli(db, "restore", str(garbage), "--json")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"Erreur : {garbage} : ce n'est pas une base DuckDB lisible")
    assert len(done.stderr.strip().splitlines()) == 1


def test_restore_waits_for_running_replays(filled: Store, tmp_path: Path) -> None:
    import os
    import socket

    copy = tmp_path / "sauvegarde.duckdb"
    bk.backup(filled, copy)
    dataset = filled.dataset("demo")
    filled.save_pipeline("p1", "extractif", {"name": "extractif"})
    # A run whose process (this one) is alive: a replay still writing.
    filled.create_run("run-live", pipeline_id="p1", dataset_id=dataset["id"], corpus_id=None, n_questions=5,
                      params={"pid": os.getpid(), "host": socket.gethostname()})
    old = sha256(filled.path)
    with pytest.raises(WorkbenchError, match="exécution en cours \\(run-live\\)"):
        bk.restore(filled, copy)
    assert sha256(filled.path) == old
    filled.set_run_status("run-live", "finished")
    bk.restore(filled, copy)
    assert filled.run("run-live") is None
