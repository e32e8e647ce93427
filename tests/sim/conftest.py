"""Fixtures for the sim tests."""

from __future__ import annotations

import pytest

from .simdriver import Driver


@pytest.fixture
def driver() -> Driver:
    return Driver()
