"""Transport tests talk to the simulator (``pyqmi.sim``), scripted per test with overrides."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from pyqmi.sim import RunningSim, run_sim

from .simscript import SeqpacketSim


@pytest.fixture
async def sim(tmp_path: Path) -> AsyncIterator[RunningSim]:
    """The default simulated modem on a pty; clients open ``sim.link``."""
    async with run_sim("default", tmp_path / "cdc-wdm0") as running:
        yield running


@pytest.fixture
async def seqpacket_sim() -> AsyncIterator[SeqpacketSim]:
    served = SeqpacketSim()
    try:
        yield served  # the client that attaches to ``fd`` owns it and closes it
    finally:
        served.close()
