"""The Store's foundation: opening the file, transactions, bulk inserts, backup and restore, and
the helpers every part of the Store shares.
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
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd
import pyarrow as pa

from workbench.connections import DatabaseFile
from workbench.errors import WorkbenchError
from workbench.migrations import MIGRATIONS, apply_migrations, schema_version


log = logging.getLogger("workbench.store")

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



class StoreBase:
    """One workbench DuckDB file: opening it, transactions, bulk inserts, backup. Thread-safe;
    safe across processes. ``Store`` adds the queries of each area."""

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

    def write(self, work: Callable[[duckdb.DuckDBPyConnection], T], *, constraint_retries: int = 0) -> T:
        """Run ``work`` in one transaction (all or nothing), retrying on write conflicts.

        ``constraint_retries``: for upserts, how many times a primary-key violation is retried
        too (concurrent upserts of one new key can fail so, once or more, until the row is
        there for all of them; a real duplicate fails again and is raised)."""
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
                    racing = isinstance(error, duckdb.ConstraintException) and constraint_retries > 0
                    if not (_is_conflict(error) or racing) or time.monotonic() >= deadline:
                        raise
                    if racing:
                        constraint_retries -= 1
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
        # DuckDB reads the local Arrow table by its name (a replacement scan): ≈ 1.5 ms less per
        # insert than registering and unregistering a view. The name is one no table takes.
        _workbench_incoming_rows = pa.table(arrays)  # noqa: F841 (read by DuckDB)
        names = ", ".join(columns)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM _workbench_incoming_rows")



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
