"""Client IDs left by a killed daemon are released by the next start, and only those."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pyqmi import frozen
from pyqmi.config.validate import validate
from pyqmi.daemon.cidstore import CidStore
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.runner import Daemon, Deps
from pyqmi.netifd.recording import RecordingBus
from pyqmi.qmi.services import Service
from pyqmi.sim import run_sim
from pyqmi.transport import QmiClient

from .harness import FAST, exists, running


async def test_stale_ids_from_a_killed_run_are_released(tmp_path: Path) -> None:
    link = tmp_path / "cdc-wdm0"
    state_dir = tmp_path / "run"
    async with run_sim("default", link) as sim:
        # A run that died without cleanup: IDs allocated, never released.
        crashed = await QmiClient.open(str(link), probe_attempts=3, probe_timeout=0.5)
        dms = await crashed.allocate("dms")
        wds = await crashed.allocate("wds")
        await crashed.close()
        CidStore(state_dir, "4G").save(
            str(link), [(int(Service.DMS), dms), (int(Service.WDS), wds)]
        )
        # Another program's client on the same modem must survive.
        other = await QmiClient.open(str(link), probe_attempts=3, probe_timeout=0.5)
        other_nas = await other.allocate("nas")
        config = validate({"device": "/dev/cdc-wdm0", "apn": "internet"}, check_device=False)
        cfg = frozen.replace(config.config, device=str(link))
        bus = RecordingBus()
        deps = Deps(bus=bus, state_dir=state_dir, kernel=FakeKernel(), timings=FAST)
        daemon = Daemon("4G", cfg, deps)
        task = asyncio.create_task(daemon.run())
        for _ in range(300):
            if 0 in bus.actions or task.done():
                break
            await asyncio.sleep(0.01)
        assert bus.actions == [0]
        assert sim.state.allocations["wds"] == 2  # the stale one plus ours
        assert sim.state.client_count("wds") == 1 and sim.state.client_count("dms") == 1
        assert other_nas in sim.state.clients["nas"]
        daemon.stop()
        assert await asyncio.wait_for(task, 5) == 0
        assert sim.state.clients["nas"] == {other_nas}
        await other.close()


async def test_daemon_releases_recorded_ids_before_allocating(tmp_path: Path) -> None:
    link = tmp_path / "cdc-wdm0"
    store = CidStore(tmp_path / "run", "4G")
    async with running(tmp_path) as run:
        await run.until_up()
        held = {svc: set(c) for svc, c in run.sim.state.clients.items() if c}
        assert set(held) == {"dms", "wda", "uim", "nas", "wds"}
        # Simulate SIGKILL: the state file still names the IDs, nothing was released.
        assert exists(store.path)
        recorded = store.load(str(link))
        assert len(recorded) == 5
        await run.stop()
        assert not exists(store.path)
        assert all(not c for c in run.sim.state.clients.values())
