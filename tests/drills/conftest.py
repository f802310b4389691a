"""Every test under tests/drills/ is a reliability or security drill (marker `drills`).

Drill files are named `test_drill_*.py`: tests/ has no packages, so basenames must stay unique.
"""

from __future__ import annotations

from pathlib import Path

import pytest

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.drills)
