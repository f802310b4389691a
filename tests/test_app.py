"""The Streamlit app: AppTest on a seeded database, and `workbench app` serving over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seeding import seed
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_DB", str(db_path))
    monkeypatch.chdir(ROOT)
    return db_path


def test_home_page_on_an_empty_database_says_what_to_do(app_db: Path) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert any("workbench demo" in info.value for info in at.info)


def test_home_and_datasets_pages_show_the_store(app_db: Path) -> None:
    seed(Store(app_db), 5)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Jeux de questions"] == "1"
    at.switch_page("views/jeux_de_donnees.py").run()
    assert not at.exception
    assert at.selectbox(key="dataset_choice").value.startswith("demo@1")
    assert len(at.dataframe[0].value) == 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_workbench_app_serves_on_loopback(tmp_path: Path) -> None:
    port = _free_port()
    db = tmp_path / "served.duckdb"
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), "app", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.5)
        assert db.exists()  # the file was created and migrated before the app started
    finally:
        os.killpg(process.pid, 15)
        process.wait(20)


WARM_UP_CHECK = """
import sys, threading
from streamlit.testing.v1 import AppTest
from workbench.ui import WARM_UP_MODULES
assert "scipy.stats" in WARM_UP_MODULES and "scipy.stats" not in sys.modules, "imported before the app ran"
at = AppTest.from_file("app.py", default_timeout=60).run()
assert not at.exception, at.exception
warm = [t for t in threading.enumerate() if t.name == "workbench-warm-up"]
for thread in warm:
    thread.join(60)
at.run()  # a second run of the app starts no second thread
again = [t for t in threading.enumerate() if t.name == "workbench-warm-up"]
print(len(warm), len(again), [m for m in WARM_UP_MODULES if m not in sys.modules])
"""


def test_the_app_imports_the_heavier_pages_modules_in_the_background_once(app_db: Path) -> None:
    # In a process of its own: this one may have imported scipy.stats already.
    done = subprocess.run([sys.executable, "-c", WARM_UP_CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[-2] == "1 0 []"
