"""Writes the examples each fuzz target ran to ``PYQMI_FUZZ_REPORT`` (for make fuzz)."""

from __future__ import annotations

import json
import os

import pytest

from .profile import SCALE, tally


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = os.environ.get("PYQMI_FUZZ_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"scale": SCALE, "examples": dict(sorted(tally.items()))}, out, indent=1)
