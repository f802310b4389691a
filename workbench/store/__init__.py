"""The Store owns the DuckDB file: every SQL statement of the workbench lives here.

DuckDB lets one process at a time hold a file open for writing. The app stays open while the
CLI replays and agents rate, so the Store never keeps a connection across user interaction: each
method opens the file, does its work in one short transaction and closes it. Opening waits, with
exponential backoff and jitter, while another process holds the lock; only after
``lock_timeout_s`` does the user see an error (``StoreBusyError``), never a raw DuckDB one.
A replay holds a cooperative lease instead (``Store.lease``, see ``workbench.connections``).
"""

from workbench.store.base import (
    DEFAULT_LOCK_TIMEOUT_S,
    StoreBase,
    VersionedImport,
    build_restored_database,
    content_hash,
    database_file_summary,
)
from workbench.store.catalog import CatalogMixin
from workbench.store.kpis import KpiMixin
from workbench.store.ratings import RatingsMixin
from workbench.store.runs import RunsMixin

__all__ = [
    "DEFAULT_LOCK_TIMEOUT_S",
    "Store",
    "VersionedImport",
    "build_restored_database",
    "content_hash",
    "database_file_summary",
]


class Store(CatalogMixin, RunsMixin, KpiMixin, RatingsMixin, StoreBase):
    """Typed access to one workbench DuckDB file. Thread-safe; safe across processes.

    One class, written in parts by area: ``base`` (opening, transactions, bulk inserts, backup),
    ``catalog`` (imports, datasets, corpora, experiences), ``runs`` (pipelines, runs, answers,
    scores), ``kpis`` and ``ratings``."""
