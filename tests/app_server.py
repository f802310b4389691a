"""`workbench app` served on a free loopback port for the real-browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_app(db: Path, folder: Path, *, env: dict[str, str] | None = None, timeout_s: float = 90) -> Iterator[str]:
    """Start `workbench app` on ``db`` (log in ``folder/app.log``), yield its URL once healthy,
    then stop its whole process group."""
    port = free_port()
    log_path = folder / "app.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "workbench.cli", "--db", str(db), "app", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, **(env or {})},
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
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.3)
            yield f"http://127.0.0.1:{port}"
        finally:
            os.killpg(process.pid, 15)
            process.wait(20)
