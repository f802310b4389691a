"""`workbench app` (or any Streamlit server) served on a free loopback port, for the real-browser
tests and the app benchmark."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(command: Callable[[int], list[str]], folder: Path, *, log_name: str = "app.log",
          env: dict[str, str] | None = None, timeout_s: float = 90) -> Iterator[str]:
    """Start the Streamlit server ``command(port)`` on a free loopback port (log in
    ``folder/log_name``), yield its URL once healthy, then stop its whole process group."""
    port = free_port()
    log_path = folder / log_name
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command(port), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                        if response.read() == b"ok":
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.3)
            yield f"http://127.0.0.1:{port}"
        finally:
            os.killpg(process.pid, 15)
            process.wait(20)


def serve_app(db: Path, folder: Path, *, env: dict[str, str] | None = None, timeout_s: float = 90):
    """`workbench app` on ``db``, served as ``serve`` does."""
    return serve(
        lambda port: [sys.executable, "-m", "workbench.cli", "--db", str(db), "app", "--port", str(port)],
        folder, env=env, timeout_s=timeout_s,
    )
