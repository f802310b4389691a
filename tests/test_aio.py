"""The event loop the asynchronous parts run on."""

from __future__ import annotations

import asyncio
import sys

import pytest

from workbench import aio


async def _loop_module() -> str:
    await asyncio.sleep(0)
    return type(asyncio.get_running_loop()).__module__


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop is not installed on Windows")
def test_uvloop_by_default_and_pythons_own_loop_on_request(monkeypatch) -> None:
    assert aio.run(_loop_module()).startswith("uvloop")
    monkeypatch.setenv("WORKBENCH_EVENT_LOOP", "asyncio")
    assert aio.run(_loop_module()).startswith("asyncio")


def test_runs_from_a_thread_that_already_runs_a_loop() -> None:
    # A notebook's cell runs inside an event loop: asyncio.run would refuse.
    async def cell() -> str:
        return aio.run(_loop_module())

    assert asyncio.run(cell())


def test_errors_reach_the_caller() -> None:
    async def fails() -> None:
        raise ValueError("perdu")

    with pytest.raises(ValueError, match="perdu"):
        aio.run(fails())
