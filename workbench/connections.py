"""Opening the DuckDB file: one short connection per operation, or a lease held during a replay.

DuckDB lets one process at a time hold a file open. The app stays open while the CLI replays
and agents rate, so by default every operation opens the file, works and closes it; a process
that finds the file held waits with exponential backoff and jitter (``StoreBusyError`` after
``lock_timeout_s``).

Opening costs tens of milliseconds (the database instance is rebuilt and checkpointed each
time), which dominates a replay that stores answers in small batches. A **lease** keeps the file
open in this process for the length of a replay, and every operation borrows a cursor of it
(≈ 0.2 ms). It is cooperative: a process that finds the file held *knocks* (touches
``<db>.knock``) while it waits; the lease holder watches that file and, as soon as no operation
of its own is under way, closes the file and works with short connections for
``LEASE_YIELD_S`` before taking the lease again. Waiters get in within their backoff; nothing
is lost if the holder is killed (committed transactions are in DuckDB's write-ahead log).
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from workbench.errors import StoreBusyError

log = logging.getLogger(__name__)

# One `duckdb.connect` at a time in a process: two threads opening the same file at once can
# get the shared database instance before the Python client has registered its functions on it
# ("Table Function with name python_arrow_scan does not exist", seen under load).
_CONNECT_LOCK = threading.Lock()

LEASE_YIELD_S = 1.0  # after a knock, the holder works with short connections this long
WATCH_INTERVAL_S = 0.05


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


class DatabaseFile:
    """Connections to one DuckDB file, safe across threads and processes."""

    def __init__(self, path: Path, lock_timeout_s: float) -> None:
        self.path = path
        self.lock_timeout_s = lock_timeout_s
        self.knock_path = path.with_name(path.name + ".knock")
        self._lease: _Lease | None = None
        self._lease_guard = threading.Lock()

    def open(self) -> duckdb.DuckDBPyConnection:
        """A new connection, waiting (and knocking) while another process holds the file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.lock_timeout_s
        delay = 0.02
        while True:
            try:
                with _CONNECT_LOCK:
                    return duckdb.connect(str(self.path))
            except duckdb.IOException as error:
                if not _is_lock_error(error):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"La base {self.path} est occupée par un autre processus depuis plus de "
                        f"{self.lock_timeout_s:.0f} s ; réessayez dans un instant."
                    ) from None
                self._knock()
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.5)

    def _knock(self) -> None:
        try:
            self.knock_path.touch()
        except OSError:  # a read-only folder: the holder's lease just ends later
            pass

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one operation: a cursor of the lease if one is held, else a new one."""
        lease = self._lease
        cursor = lease.borrow() if lease is not None else None
        if cursor is not None:
            try:
                yield cursor
            finally:
                lease.give_back(cursor)
            return
        con = self.open()
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def lease(self) -> Iterator[None]:
        """Keep the file open in this process while the block runs (nested leases share one)."""
        with self._lease_guard:
            if self._lease is None:
                self._lease = _Lease(self)
            lease = self._lease
            lease.depth += 1
        try:
            yield
        finally:
            with self._lease_guard:
                lease.depth -= 1
                if lease.depth == 0:
                    self._lease = None
                    lease.end()


class _Lease:
    """The connection a lease keeps open, and the thread that gives it up when someone knocks."""

    def __init__(self, database: DatabaseFile) -> None:
        self.database = database
        self.depth = 0
        self.con: duckdb.DuckDBPyConnection | None = None
        self.users = 0
        self.yield_until = 0.0
        self.closing = False
        self.lock = threading.Lock()
        self.seen_knock = _mtime_ns(database.knock_path)
        self.stopped = threading.Event()
        self.watcher = threading.Thread(target=self._watch, name="workbench-lease", daemon=True)
        self.watcher.start()

    def borrow(self) -> duckdb.DuckDBPyConnection | None:
        """A cursor of the held connection, or None while yielding to another process."""
        with self.lock:
            if self.closing or self.stopped.is_set():
                return None
            if self.con is None:
                if time.monotonic() < self.yield_until:
                    return None
                self.con = self.database.open()
            self.users += 1
            return self.con.cursor()

    def give_back(self, cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.close()
        with self.lock:
            self.users -= 1
            if self.closing and self.users == 0:
                self._close()

    def _close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        self.closing = False

    def _watch(self) -> None:
        while not self.stopped.wait(WATCH_INTERVAL_S):
            knock = _mtime_ns(self.database.knock_path)
            if knock == self.seen_knock:
                continue
            self.seen_knock = knock
            with self.lock:
                self.yield_until = time.monotonic() + LEASE_YIELD_S
                if self.con is None:
                    continue
                log.debug("lease on %s given up: another process is waiting", self.database.path)
                if self.users == 0:
                    self._close()
                else:
                    self.closing = True

    def end(self) -> None:
        self.stopped.set()
        self.watcher.join()
        with self.lock:
            if self.users == 0:
                self._close()
            else:
                self.closing = True
