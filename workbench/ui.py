"""Streamlit helpers shared by the pages: the cached Store, uploads, formatting.

The only module of ``workbench`` that imports streamlit.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from workbench import config
from workbench.errors import WorkbenchError
from workbench.store import Store

T = TypeVar("T")


@st.cache_resource
def _store_for(path: str) -> Store:
    # A Store holds no open connection (each call opens and closes the file), so one instance
    # is safely shared by every session and thread of the app.
    return Store(path)


def get_store() -> Store:
    return _store_for(str(config.db_path()))


def run_action(action: Callable[[], T], *, success: str | Callable[[T], str]) -> T | None:
    """Run a user action; show its error on the page instead of a traceback."""
    try:
        result = action()
    except WorkbenchError as error:
        st.error(str(error), icon="⚠️")
        return None
    st.success(success(result) if callable(success) else success, icon="✅")
    return result


@contextmanager
def uploaded_file(upload: Any) -> Iterator[Path]:
    """Write an uploaded file to a private temporary folder under its own name."""
    with tempfile.TemporaryDirectory(prefix="workbench-upload-") as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        yield path


def empty_state(message: str) -> None:
    st.info(message, icon="ℹ️")
