"""A simulated QMI modem: ``SimModem`` (in-process core) and ``run_sim`` (on a pty)."""

from __future__ import annotations

from pyqmi.sim.core import Outgoing, SimError, SimEvent, SimModem, handles
from pyqmi.sim.scenarios import SCENARIOS, Scenario, UnknownScenario, scenario
from pyqmi.sim.server import RunningSim, run_sim

__all__ = [
    "SCENARIOS",
    "Outgoing",
    "RunningSim",
    "Scenario",
    "SimError",
    "SimEvent",
    "SimModem",
    "UnknownScenario",
    "handles",
    "run_sim",
    "scenario",
]
