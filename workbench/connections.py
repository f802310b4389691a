"""Opening the DuckDB file: one short attachment per operation, or a lease held during a replay.

DuckDB lets one process at a time hold a file open. The app stays open while the CLI replays
and agents rate, so by default every operation opens the file, works and closes it; a process
that finds the file held waits with exponential backoff and jitter (``StoreBusyError`` after
``lock_timeout_s``).

"Opening" is an ``ATTACH`` to one in-memory DuckDB instance per process (the *hub*): creating a
DuckDB instance costs ≈ 20 ms of CPU (its catalog of built-in functions), attaching a file
≈ 2 ms. Operations of several threads on one file share its attachment (counted); the last one
out detaches it, which checkpoints the write-ahead log and releases the file to other
processes, as closing a connection did.

Attaching still costs milliseconds, which adds up in a replay that stores answers in small
batches. A **lease** keeps the file attached in this process for the length of a replay, and
every operation borrows a cursor of it (≈ 0.2 ms). It is cooperative: a process that finds the
file held *knocks* (touches ``<db>.knock``) while it waits; the lease holder watches that file
and, as soon as no operation of its own is under way, lets the file go and works with short
attachments for ``LEASE_YIELD_S`` before taking the lease again. Waiters get in within their backoff; nothing
is lost if the holder is killed (committed transactions are in DuckDB's write-ahead log).
"""

from __future__ import annotations

import hashlib
import logging
import random
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from workbench.errors import StoreBusyError

log = logging.getLogger(__name__)

# The hub, and the files attached to it: {path: [alias, users]}. Attach, detach and the count
# change under one lock (the hub is also created under it, once: two threads creating DuckDB
# instances at once could see "Table Function with name python_arrow_scan does not exist").
_HUB_LOCK = threading.Lock()
_hub: duckdb.DuckDBPyConnection | None = None
_attached: dict[str, list] = {}

LEASE_YIELD_S = 1.0  # after a knock, the holder works with short attachments this long
WATCH_INTERVAL_S = 0.05


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _hub_connection() -> duckdb.DuckDBPyConnection:
    global _hub
    if _hub is None:
        # Spills of queries larger than memory go to the system's temporary folder (an
        # in-memory instance would write them to `.tmp` in the current directory).
        spill = Path(tempfile.gettempdir()) / "workbench-duckdb"
        _hub = duckdb.connect(":memory:", config={"temp_directory": str(spill)})
    return _hub


class Attachment:
    """This process's hold on one DuckDB file: ``cursor()`` for each operation, ``close()`` once."""

    def __init__(self, key: str, alias: str) -> None:
        self.key = key
        self.alias = alias
        self.closed = False

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own (for one thread) whose default database is the file."""
        with _HUB_LOCK:
            cursor = _hub_connection().cursor()
        try:
            cursor.execute(f"USE {self.alias}")
        except BaseException:
            cursor.close()
            raise
        return cursor

    def close(self) -> None:
        """Let go; the last holder in the process detaches the file (checkpoint, lock released)."""
        if self.closed:
            return
        self.closed = True
        with _HUB_LOCK:
            last = _attached[self.key][1] == 1
        if last:
            # Merge the write-ahead log first, without the lock (after a large import this takes
            # seconds, and other files' operations need the lock meanwhile): DETACH then has
            # little or nothing left to write.
            cursor = self.cursor()
            try:
                cursor.execute("CHECKPOINT")
            except duckdb.Error:
                pass  # another thread's transaction is open: DETACH, or its holder, merges it
            finally:
                cursor.close()
        with _HUB_LOCK:
            entry = _attached[self.key]
            entry[1] -= 1
            if entry[1] == 0:
                try:
                    _hub_connection().execute(f"DETACH {self.alias}")
                except duckdb.Error as error:
                    # Still attached (and locked against other processes): the next operation
                    # of this process reuses the attachment and tries again when it is done.
                    log.warning("could not detach %s: %s", self.key, str(error).splitlines()[0])
                    return
                del _attached[self.key]


def _attach(path: Path) -> Attachment:
    """Attach ``path`` (or share this process's attachment of it); raises DuckDB's lock error."""
    key = str(path.resolve())
    with _HUB_LOCK:
        entry = _attached.get(key)
        if entry is None:
            alias = f"workbench_{hashlib.sha1(key.encode()).hexdigest()[:12]}"
            _hub_connection().execute(f"ATTACH ? AS {alias}", [key])
            entry = _attached[key] = [alias, 0]
        entry[1] += 1
        return Attachment(key, entry[0])


class DatabaseFile:
    """Connections to one DuckDB file, safe across threads and processes."""

    def __init__(self, path: Path, lock_timeout_s: float) -> None:
        self.path = path
        self.lock_timeout_s = lock_timeout_s
        self.knock_path = path.with_name(path.name + ".knock")
        self._lease: _Lease | None = None
        self._lease_guard = threading.Lock()

    def open(self) -> Attachment:
        """The file attached, waiting (and knocking) while another process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.lock_timeout_s
        delay = 0.02
        while True:
            try:
                return _attach(self.path)
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
        attachment = self.open()
        try:
            cursor = attachment.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
        finally:
            attachment.close()

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
        self.con: Attachment | None = None
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
