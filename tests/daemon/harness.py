"""Run the real daemon against the in-process simulator with a recording bus."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyqmi import frozen
from pyqmi.config.validate import validate
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.runner import Daemon, Deps, Timings
from pyqmi.netifd.recording import RecordingBus
from pyqmi.sim import run_sim
from pyqmi.sim.scenarios import scenario as make_scenario
from pyqmi.sim.server import RunningSim

FAST = Timings(
    device_wait=1.0,
    probe_attempts=8,
    probe_timeout=0.5,
    request_timeout=1.0,
    sim_poll=0.1,
    registration_recheck=0.3,
    stop_timeout=0.5,
)


def exists(path: str) -> bool:
    """A file's existence, from sync code (async test bodies may not stat: ruff ASYNC240)."""
    return os.path.exists(path)


@dataclass
class Run:
    daemon: Daemon
    bus: RecordingBus
    sim: RunningSim
    task: asyncio.Task[int]
    link: Path
    state_dir: Path

    @property
    def actions(self) -> list[int]:
        return list(self.bus.actions)

    def errors(self) -> list[str]:
        return [n["error"][0] for n in self.bus.notifications if n["action"] == 3]

    def error_text(self, code: str) -> str:
        for n in self.bus.notifications:
            if n["action"] == 3 and n["error"][0] == code:
                return " ".join(n["error"][1:])
        raise AssertionError(f"no error {code} in {self.bus.notifications}")

    def updates(self) -> list[dict[str, Any]]:
        return [n for n in self.bus.notifications if n["action"] == 0]

    async def until(self, predicate: Any, within: float = 5.0) -> None:
        deadline = time.monotonic() + within
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; actions so far {self.actions}")
            if self.task.done() and not predicate():
                raise AssertionError(f"daemon exited {self.task.result()}; {self.actions}")
            await asyncio.sleep(0.01)

    async def until_up(self, within: float = 5.0) -> dict[str, Any]:
        await self.until(lambda: any(u.get("link-up") for u in self.updates()), within)
        return [u for u in self.updates() if u.get("link-up")][-1]

    async def stop(self, within: float = 5.0) -> int:
        self.daemon.stop()
        return await asyncio.wait_for(self.task, within)


@asynccontextmanager
async def running(
    tmp_path: Path,
    scenario: str = "default",
    sim_overrides: dict[str, Any] | None = None,
    timings: Timings = FAST,
    deps_overrides: dict[str, Any] | None = None,
    **options: Any,
) -> AsyncIterator[Run]:
    link = tmp_path / "cdc-wdm0"
    state_dir = tmp_path / "run"
    raw = {"device": "/dev/cdc-wdm0", "apn": "internet", "retry_backoff_min": 1, **options}
    config = validate({k: str(v) for k, v in raw.items()}, check_device=False).config
    config = frozen.replace(config, device=str(link))
    sc = make_scenario(scenario, **(sim_overrides or {}))
    async with run_sim(sc, link) as sim:
        bus = RecordingBus()
        deps = Deps(
            bus=bus,
            state_dir=state_dir,
            kernel=FakeKernel(ifname="wwan0"),
            timings=timings,
            jitter=lambda: 0.0,
        )
        deps = frozen.replace(deps, **(deps_overrides or {}))
        daemon = Daemon("4G", config, deps)
        task = asyncio.create_task(daemon.run())
        run = Run(daemon, bus, sim, task, link, state_dir)
        try:
            yield run
        finally:
            if not task.done():
                daemon.stop()
                await asyncio.wait_for(task, 5)
