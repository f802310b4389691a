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
