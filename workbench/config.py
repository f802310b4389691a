"""Settings: where the database is, where the bundled data lives.

Resolution order for the database file: ``--db`` (CLI global option), then the ``WORKBENCH_DB``
environment variable, then ``./workbench.duckdb``.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "workbench.duckdb"

# The repository root holds the bundled data (datasets/, pipelines/, prompts/); the package is
# installed in editable mode by `make install`, so it sits next to this package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATASETS_DIR = PROJECT_ROOT / "datasets"
PIPELINES_DIR = PROJECT_ROOT / "pipelines"
PROMPTS_DIR = PROJECT_ROOT / "prompts"

# ragas phones home unless told not to; we never allow network calls but the configured endpoints.
os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")


def db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The database file chosen by the CLI option, the environment, or the default."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get("WORKBENCH_DB")
    if env:
        return Path(env)
    return Path(DEFAULT_DB)
