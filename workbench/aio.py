"""Running the asynchronous parts (replay, model judges) from synchronous code.

The loop is uvloop's where it is installed (Linux, macOS): its sockets, timers and callbacks cost
less CPU than asyncio's, and a replay sends and reads thousands of requests on one loop, the
answers of a wave arriving together (``benchmarks/replay.py``: ≈ 20 ms less over 2.2 s).
``WORKBENCH_EVENT_LOOP=asyncio`` keeps Python's own loop.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop, unless it is missing or ``WORKBENCH_EVENT_LOOP=asyncio`` asks otherwise."""
    if os.environ.get("WORKBENCH_EVENT_LOOP", "").strip().lower() == "asyncio":
        return None
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(coroutine)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run``, also from a thread that already runs an event loop (a notebook): the
    coroutine then runs on a loop of its own in another thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run, coroutine).result()
