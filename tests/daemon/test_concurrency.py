"""Concurrency: status requests over (stand-in) ubus while the daemon connects touch no device;
two interfaces on two simulated modems run side by side, each recovering from its own faults
without disturbing the other."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from pyqmi.config.validate import validate
from pyqmi.daemon.cli import serve
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.runner import Deps
from pyqmi.netifd.recording import RecordingBus
from pyqmi.sim import NO_REPLY, run_sim, scenario

from .harness import FAST, Run, running

pytestmark = pytest.mark.timeout(60)
METHODS = ("status", "signal", "sim", "info", "cell")


async def test_status_requests_while_connecting_touch_no_device(tmp_path: Path) -> None:
    link = tmp_path / "cdc-wdm0"
    held: list[Any] = []
    asked = asyncio.Event()

    def hold(ctx: Any, request: Any) -> Any:
        held.append(request)
        asked.set()
        return NO_REPLY  # the modem takes its time with the call

    raw = {"device": "/dev/cdc-wdm0", "apn": "internet", "retry_backoff_min": "1"}
    slices = validate(raw, check_device=False).slices.with_device(str(link))
    async with run_sim(scenario("default"), link) as sim:
        sim.override("wds", "start_network", hold)
        bus = RecordingBus()
        deps = Deps(bus=bus, state_dir=tmp_path / "run", kernel=FakeKernel(), timings=FAST)
        task = asyncio.ensure_future(serve("4G", slices, bus, deps))
        await asyncio.wait_for(asked.wait(), 5)
        before = list(sim.state.requests)
        replies = [bus.invoke("pyqmi.4G", m) for _ in range(50) for m in METHODS]
        await asyncio.sleep(0.05)  # anything a request started would have gone out by now
        assert sim.state.requests == before  # not one request reached the modem
        assert {r["state"] for r in replies} == {"connecting"}
        assert replies[0]["registration"]["operator"] == "Sim Mobile"
        sim.respond(held[0], {"packet_data_handle": 7})
        sim.override("wds", "start_network", None)
        await until(lambda: 0 in bus.actions)
        assert bus.invoke("pyqmi.4G", "status")["state"] == "connected"
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def until(predicate: Any, within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        while True:
            if predicate():
                return
            await asyncio.sleep(0.01)


def side(run: Run) -> list[tuple[int, object]]:
    return [(n["action"], n.get("link-up", n.get("error"))) for n in run.bus.notifications]


async def test_two_modems_side_by_side_each_recovers_alone(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    vanish = {"faults": (("uim.register_events+0.2", "vanish", 0.3),)}
    reset = {"faults": (("uim.register_events+1.5", "reset", 0.0),)}
    async with (
        running(tmp_path / "a", sim_overrides=vanish) as one,
        running(tmp_path / "b", sim_overrides=reset) as two,
    ):
        await one.until(lambda: one.errors() == ["DEVICE_GONE"], 10)
        assert side(two) == [(0, True)]  # two does not notice one's modem going
        await one.until(lambda: len([u for u in one.updates() if u.get("link-up")]) == 2, 10)
        await two.until(lambda: len([u for u in two.updates() if u.get("link-up")]) == 2, 10)
        assert two.errors() == [] and one.errors() == ["DEVICE_GONE"]  # nothing new for one
        assert one.sim.returns == 1 and two.sim.returns == 0
        assert await one.stop() == 0 and await two.stop() == 0
        for run in (one, two):
            assert all(not cids for cids in run.sim.state.clients.values())


async def test_two_daemons_never_share_client_ids_or_state_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    async with running(tmp_path / "a") as one, running(tmp_path / "b", pdptype="ipv4v6") as two:
        await one.until_up()
        await two.until_up()
        assert one.sim.state.client_count("wds") == 1 and two.sim.state.client_count("wds") == 2
        assert one.daemon.cids.path != two.daemon.cids.path  # a state file each
        assert await one.stop() == 0
        assert two.daemon.machine.state.value == "connected"
        assert await two.stop() == 0
