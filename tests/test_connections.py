"""The cooperative lease on the DuckDB file: fast in its holder, given up when another process knocks."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent

OTHER_PROCESS = """
import sys, time
from workbench.store import Store
store = Store(sys.argv[1], lock_timeout_s=30)
started = time.monotonic()
print(store.schema_version(), round(time.monotonic() - started, 3))
"""


def test_a_lease_keeps_the_file_open_and_lets_a_knocking_process_in(tmp_path: Path) -> None:
    store = Store(tmp_path / "wb.duckdb")
    store.schema_version()  # migrate
    with store.lease():
        store.schema_version()  # the lease opens the file on first use and keeps it
        # The holder keeps the file: a process that does not knock cannot open it meanwhile.
        probe = subprocess.run(
            [sys.executable, "-c", f"import duckdb; duckdb.connect({str(store.path)!r})"],
            capture_output=True, text=True, timeout=60,
        )
        assert probe.returncode != 0 and "lock" in probe.stderr.lower()
        # A Store in another process knocks while it waits; the holder gives the file up at once.
        other = subprocess.Popen(
            [sys.executable, "-c", OTHER_PROCESS, str(store.path)], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        # Meanwhile the holder goes on working (short connections while it yields, then the lease).
        deadline = time.monotonic() + 60
        while other.poll() is None and time.monotonic() < deadline:
            store.schema_version()
            time.sleep(0.01)
        out, err = other.communicate(timeout=60)
        assert other.returncode == 0, err
        version, waited = out.split()
        assert int(version) == store.schema_version()
        assert float(waited) < 5.0
    # Once the lease is over, the file is free for anyone.
    probe = subprocess.run(
        [sys.executable, "-c", f"import duckdb; duckdb.connect({str(store.path)!r}).close()"],
        capture_output=True, text=True, timeout=60,
    )
    assert probe.returncode == 0, probe.stderr


def test_threads_and_stores_of_one_process_share_the_file_then_release_it(tmp_path: Path) -> None:
    import threading

    from seeding import seed

    path = tmp_path / "wb.duckdb"
    first, second = Store(path), Store(path)  # two Stores on one file, as the app's sessions
    seed(first, 3)
    errors: list[BaseException] = []
    counts: list[int] = []

    def work(store: Store) -> None:
        try:
            for _ in range(20):
                counts.append(len(store.questions(store.dataset("demo")["id"])))
                store.save_pipeline("p", "p", {"n": len(counts)})
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(store,)) for store in (first, second) * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors[0]
    assert counts == [3] * 120
    # Every operation over, the file is detached: another process opens it at once, and so does
    # a plain DuckDB connection in this one.
    probe = subprocess.run(
        [sys.executable, "-c", f"import duckdb; duckdb.connect({str(path)!r}).close()"],
        capture_output=True, text=True, timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    import duckdb

    with duckdb.connect(str(path)) as con:
        assert con.execute("SELECT count(*) FROM pipelines").fetchone()[0] == 1
