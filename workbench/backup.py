"""`workbench backup` and `workbench restore`: the file juggling around the Store's copies.

A backup is one DuckDB file, a consistent snapshot taken while replays and raters keep writing:
the Store copies the database in one transaction while it holds the file (writers wait with
backoff, as they do for any other operation). The copy is written under a temporary name next
to the destination, opened and counted, then renamed: a backup path never holds a half-written
file, and an existing one is replaced only with ``force``.

A restore first builds the restored file next to the database (a full copy of the backup, which
reads every block, migrated to this code's schema), then, holding the database with its
write-ahead log merged, keeps the current file as ``<db>.before-restore`` (a hard link) and
renames the new one over it. A process that opens the database meanwhile finds the old file or
the new one, never a broken one; a bad backup fails before the database is touched.

Derived caches (``<db>.cache/``: BM25 indexes, embeddings) are not part of a backup: they are
keyed by content and rebuilt on demand.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.store import Store, build_restored_database, database_file_summary


@dataclass(frozen=True)
class BackupResult:
    path: str
    bytes: int
    tables: dict[str, int]
    schema_version: int
    wall_s: float
    lock_wait_s: float  # time spent waiting for writers to release the database
    held_s: float  # time the database was held for the copy: writers waited at most this long

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RestoreResult:
    path: str
    source: str
    before_restore: str | None  # where the replaced database was kept (None: there was none)
    tables: dict[str, int]
    schema_version: int
    migrated_from: int
    wall_s: float
    lock_wait_s: float
    held_s: float  # time the database was held for the swap

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def wal_of(path: Path) -> Path:
    """DuckDB's write-ahead log beside a database file."""
    return path.with_name(path.name + ".wal")


def before_restore_path(db: Path) -> Path:
    return db.with_name(db.name + ".before-restore")


def _temporary_beside(path: Path, label: str) -> Path:
    return path.with_name(f".{path.name}.{label}-{uuid.uuid4().hex[:12]}.tmp")


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a folder: the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system
        shutil.copyfile(source, target)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def backup(store: Store, path: str | os.PathLike[str], *, force: bool = False) -> BackupResult:
    """Write a consistent copy of the store's database to ``path`` (a new DuckDB file)."""
    started = time.perf_counter()
    target = Path(path)
    if not store.path.is_file():
        raise WorkbenchError(f"la base {store.path} n'existe pas : rien à sauvegarder")
    if _same_file(target, store.path):
        raise WorkbenchError(f"{target} est la base elle-même : choisissez un autre fichier de sauvegarde")
    if target.is_dir():
        raise WorkbenchError(f"{target} est un dossier : indiquez un nom de fichier")
    if target.exists() and not force:
        raise WorkbenchError(f"{target} existe déjà : choisissez un autre nom, ou --force pour le remplacer")
    if wal_of(target).exists() and not force:
        raise WorkbenchError(f"{wal_of(target)} existe (journal d'une autre base) : supprimez-le, ou --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_beside(target, "backup")
    try:
        waited, held = store.copy_database_to(temporary)
        if wal_of(temporary).exists():
            raise WorkbenchError(f"la copie {temporary} n'a pas été finalisée (journal restant)")
        version, tables = database_file_summary(temporary)  # the copy opens and reads
        _fsync_file(temporary)
        if force:
            _remove(wal_of(target))  # a stale log beside the old file would be replayed into ours
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails, rather than replaces, if the path appeared meanwhile
            except FileExistsError:
                raise WorkbenchError(f"{target} existe déjà : choisissez un autre nom, ou --force pour le remplacer") from None
            except OSError:  # no hard links on this file system: check, then rename
                if target.exists():
                    raise WorkbenchError(f"{target} existe déjà : choisissez un autre nom, ou --force pour le remplacer") from None
                os.replace(temporary, target)
        _fsync_dir(target.parent)
    finally:
        _remove(temporary, wal_of(temporary))
    return BackupResult(
        path=str(target),
        bytes=target.stat().st_size,
        tables=tables,
        schema_version=version,
        wall_s=round(time.perf_counter() - started, 3),
        lock_wait_s=round(waited, 3),
        held_s=round(held, 3),
    )


def restore(store: Store, path: str | os.PathLike[str], *, force: bool = False) -> RestoreResult:
    """Replace the store's database with the backup at ``path``, migrated to this code's schema;
    the replaced database is kept as ``<db>.before-restore``."""
    started = time.perf_counter()
    source = Path(path)
    db = store.path
    before = before_restore_path(db)
    if not source.is_file():
        raise WorkbenchError(f"{source} : fichier introuvable")
    if _same_file(source, db):
        raise WorkbenchError(f"{source} est la base elle-même : rien à restaurer")
    if db.is_file() and not force:
        # A replay holds the file for itself between its writes (a lease): after a restore it
        # would go on writing its answers into the restored database.
        running = [r["run_id"] for r in store.runs_summary() if r["status"] == "running"]
        if running:
            raise WorkbenchError(
                f"exécution en cours ({', '.join(running[:3])}) : attendez sa fin ou annulez-la avant "
                "de restaurer (ou --force)"
            )
    db.parent.mkdir(parents=True, exist_ok=True)
    staging = _temporary_beside(db, "restore")
    kept = _temporary_beside(before, "link")
    try:
        migrated_from, version, tables = build_restored_database(source, staging)
        if before.exists() and not force:
            raise WorkbenchError(
                f"{before} existe déjà (restauration précédente) : déplacez-le, ou --force pour le remplacer"
            )
        if wal_of(staging).exists():
            raise WorkbenchError(f"la copie {staging} n'a pas été finalisée (journal restant)")
        _fsync_file(staging)
        existed = db.is_file()
        with store.held_after_checkpoint() as waited:
            held_since = time.monotonic()
            if wal_of(db).exists():
                raise WorkbenchError(f"{wal_of(db)} subsiste après la fusion du journal : restauration annulée")
            if existed:
                _link_or_copy(db, kept)  # the current file, as it is now (nobody else can write it)
                _remove(wal_of(before))
                os.replace(kept, before)
            os.replace(staging, db)
            _fsync_dir(db.parent)
        held = time.monotonic() - held_since
    finally:
        _remove(staging, wal_of(staging), kept)
    return RestoreResult(
        path=str(db),
        source=str(source),
        before_restore=str(before) if existed else None,
        tables=tables,
        schema_version=version,
        migrated_from=migrated_from,
        wall_s=round(time.perf_counter() - started, 3),
        lock_wait_s=round(waited, 3),
        held_s=round(held, 3),
    )
