"""Fixtures of the config tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .fakesys import FakeSystem


@pytest.fixture
def fake(tmp_path: Path) -> FakeSystem:
    return FakeSystem(tmp_path)
