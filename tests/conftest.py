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


# -- the real vLLM (CPU build), for the tests marked `vllm` -------------------------------------
# When vLLM cannot run these fixtures raise: the tests error, they never skip.

@pytest.fixture(scope="session")
def vllm_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from vllm_support import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("vllm-model"))


@pytest.fixture(scope="session")
def vllm_server_session(vllm_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    from vllm_support import start_vllm_server

    scratch = tmp_path_factory.mktemp("vllm-server")
    with start_vllm_server(vllm_model_dir, scratch_dir=scratch) as server:
        yield server  # stopped (SIGINT, then SIGKILL) at the end of the session


@pytest.fixture
def vllm_server(vllm_server_session):
    vllm_server_session.ensure_running()  # a previous test may have killed it
    return vllm_server_session
