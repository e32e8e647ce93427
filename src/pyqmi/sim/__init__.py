"""A simulated QMI modem: ``SimModem`` (in-process core) and ``run_sim`` (on a pty)."""

from __future__ import annotations

from pyqmi.sim.core import Outgoing, SimError, SimEvent, SimModem
from pyqmi.sim.registry import handles
from pyqmi.sim.scenarios import SCENARIOS, Scenario, UnknownScenario, scenario
from pyqmi.sim.script import NO_REPLY, Override, response_to
from pyqmi.sim.server import RunningSim, run_sim

__all__ = [
    "NO_REPLY",
    "SCENARIOS",
    "Outgoing",
    "Override",
    "RunningSim",
    "Scenario",
    "SimError",
    "SimEvent",
    "SimModem",
    "UnknownScenario",
    "handles",
    "response_to",
    "run_sim",
    "scenario",
]
