from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from workbench.store import Store  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wb.duckdb"


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store(db_path, lock_timeout_s=20)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the bundled demo (imported and replayed once per test session)."""
    import subprocess

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), "demo", "--json"],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return db
