"""The cells are read after link-up and when asked, never on the connect path or a timer.

The real runner against the in-process simulator, wired as ``pyqmi daemon`` wires it
(``OnDemand``: the runner's bus is its relay; the status object gets ``cell`` and the
view methods).  The simulator's request log says what went to the modem and when.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from pyqmi import frozen
from pyqmi.config.validate import validate
from pyqmi.daemon.cellinfo import CellReader, cell_facts, netifd_data
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.ondemand import OnDemand
from pyqmi.daemon.runner import Daemon, Deps
from pyqmi.netifd.recording import RecordingBus
from pyqmi.netifd.status import publish_status
from pyqmi.qmi.typed import nas
from pyqmi.sim import run_sim
from pyqmi.sim.scenarios import scenario

from .harness import FAST

CELL = "nas.get_cell_location_info"


async def until(predicate: Callable[[], bool], within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


@asynccontextmanager
async def daemon_with_cells(
    tmp_path: Path, name: str = "default", **options: str
) -> AsyncIterator[tuple[Daemon, OnDemand, RecordingBus, Any]]:
    link = tmp_path / "cdc-wdm0"
    raw = {"device": "/dev/cdc-wdm0", "apn": "internet", **options}
    config = frozen.replace(validate(raw, check_device=False).config, device=str(link))
    async with run_sim(scenario(name), link) as sim:
        bus = RecordingBus()
        told = bus.notify_proto

        async def notify_proto(payload: Any) -> None:  # note what the modem had heard by then
            if payload.get("ifname") and not hasattr(bus, "requests_at_link_up"):
                bus.requests_at_link_up = len(sim.state.requests)  # type: ignore[attr-defined]
            await told(payload)

        bus.notify_proto = notify_proto  # type: ignore[method-assign]
        extra = OnDemand("4G", bus)
        kernel = FakeKernel(ifname="wwan0")
        deps = Deps(extra.bus, state_dir=str(tmp_path / "run"), kernel=kernel, timings=FAST)
        daemon = Daemon("4G", config, deps)
        extra.attach(lambda: daemon.device.client)
        await publish_status(bus, "4G", lambda: extra.status(daemon.status()), extra.on_ask)
        task = asyncio.ensure_future(daemon.run())
        try:
            yield daemon, extra, bus, sim
        finally:
            daemon.stop()
            await asyncio.wait_for(task, 5)


def link_ups(bus: RecordingBus) -> list[dict[str, Any]]:
    return [n for n in bus.notifications if n["action"] == 0 and n.get("ifname")]


async def test_read_once_after_link_up_and_merged_into_netifd_data(tmp_path: Path) -> None:
    async with daemon_with_cells(tmp_path) as (_daemon, extra, bus, sim):
        await until(lambda: extra.cells.read_at is not None)
        up_at = bus.requests_at_link_up  # type: ignore[attr-defined]
        requests = list(sim.state.requests)
        # Nothing of the cells before netifd had the link; exactly one read after it.
        assert CELL not in requests[:up_at]
        assert requests.count(CELL) == 1
        merge = bus.notifications[-1]
        assert merge["keep"] is True and "ifname" not in merge
        assert merge["data"] == {"cell_id": 0x01C2D3E, "cell_tac": 0x3C4D, "cell_earfcn": 6300,
                                 "cell_band": "B20", "cell_pci": 257}  # fmt: skip
        cell = bus.invoke("pyqmi.4G", "cell")
        assert set(cell) == {"interface", "state", "cell", "registration"}
        serving = cell["cell"]["serving"]
        assert serving["band"] == "B20" and serving["rsrp"] == -95.0 and serving["rsrq"] == -9.0
        assert [n["pci"] for n in cell["cell"]["neighbours"]] == [102, 311]
        assert cell["cell"]["neighbours"][0]["rsrp"] == -104.0


async def test_asking_reads_at_most_once_per_interval(tmp_path: Path) -> None:
    async with daemon_with_cells(tmp_path) as (_daemon, extra, bus, sim):
        await until(lambda: extra.cells.read_at is not None)
        sent = len(bus.notifications)
        for _ in range(20):
            bus.invoke("pyqmi.4G", "cell")
            bus.invoke("pyqmi.4G", "status")
        await asyncio.sleep(0)  # let a read start if one was (wrongly) spawned
        await until(lambda: not extra.cells.snapshot()["reading"])
        assert sim.state.requests.count(CELL) == 1  # the link-up read is recent: none more
        extra.cells.min_interval = 0.0
        assert bus.invoke("pyqmi.4G", "cell")["cell"]["reading"] is True
        await until(lambda: sim.state.requests.count(CELL) == 2)
        await until(lambda: not extra.cells.snapshot()["reading"])
        # Same cell as before: netifd is not told again (every update re-runs its hotplug).
        assert len(bus.notifications) == sent


async def test_views_carry_their_part_only(tmp_path: Path) -> None:
    async with daemon_with_cells(tmp_path, "pin-required", pincode="1234") as (_, _, bus, _):
        await until(lambda: bool(link_ups(bus)))
        sim_view = bus.invoke("pyqmi.4G", "sim")
        assert sim_view["sim"]["pin1"] == "enabled_verified"
        assert sim_view["sim"]["pin1_retries"] == 3 and "registration" not in sim_view
        info = bus.invoke("pyqmi.4G", "info")
        assert info["identity"] == {"manufacturer": "pyqmi", "model": "SIM-LTE",
                                    "revision": "SIM01A01M4G"}  # fmt: skip
        signal = bus.invoke("pyqmi.4G", "signal")
        assert signal["registration"]["signal"]["rsrp"] == -95
        assert "imei" not in str(info).lower()


async def test_a_failed_read_keeps_the_daemon_up_and_says_nothing(tmp_path: Path) -> None:
    async with daemon_with_cells(tmp_path) as (daemon, extra, bus, sim):
        sim.override("nas", "get_cell_location_info", lambda ctx, req: _refuse())
        await until(lambda: bool(link_ups(bus)))
        await until(lambda: extra.cells.read_at is not None)
        assert "cell" not in daemon.status() and extra.cells.facts == {}
        assert bus.invoke("pyqmi.4G", "status")["state"] == "connected"
        assert not any("cell_id" in n.get("data", {}) for n in bus.notifications)


def _refuse() -> Any:
    from pyqmi.sim.core import SimError

    raise SimError("INFO_UNAVAILABLE")


def test_5g_nsa_and_standalone_facts() -> None:
    plmn = nas.BcdPlmn(mcc="234", mnc="20")
    nr = nas.Nr5gCell(plmn=plmn, tracking_area_code=7, global_cell_id=99, physical_cell_id=501,
                      rsrq=-110, rsrp=-1000, snr=50)  # fmt: skip
    sa = cell_facts(nas.GetCellLocationInfo.Response(nr5g_arfcn=632448, nr5g_cell_information=nr))
    assert sa["serving"] == {"technology": "5gnr", "nr_arfcn": 632448, "band": "n78",
                             "cell_id": 99, "tac": 7, "pci": 501, "plmn": "23420",
                             "rsrp": -100.0, "rsrq": -11.0, "snr": 5.0}  # fmt: skip
    assert "nr" not in sa
    assert netifd_data(sa) == {"cell_id": 99, "cell_tac": 7, "cell_band": "n78", "cell_pci": 501}
    assert cell_facts(nas.GetCellLocationInfo.Response()) == {}


def test_reader_without_client_does_not_start() -> None:
    started: list[object] = []
    reader = CellReader(lambda: None, started.append, lambda: 0.0, _never)
    assert reader.request() is False and started == []
    assert reader.snapshot() == {"reading": False}


async def _never(_data: dict[str, Any]) -> None:
    raise AssertionError("nothing to tell")


async def test_every_status_key_is_documented(tmp_path: Path) -> None:
    """The LuCI page and scripts read these keys: each one the daemon sends is in the list of
    netifd/status.py's docstring, so a new or renamed key cannot go unannounced."""
    from pyqmi.netifd import status as status_module

    documented = status_module.__doc__ or ""
    async with daemon_with_cells(tmp_path) as (_, extra, bus, _):
        await until(lambda: extra.cells.read_at is not None)
        reply = bus.invoke("pyqmi.4G", "status")
    keys: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                keys.add(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk({k: v for k, v in reply.items() if k != "notes"})
    assert {"cell", "sim", "registration", "identity", "addresses", "attempts"} <= keys
    missing = sorted(key for key in keys if f"``{key}``" not in documented)
    assert missing == [], f"status keys not listed in netifd/status.py: {missing}"
