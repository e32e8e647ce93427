"""Time to link-up: the real daemon against the simulated modem, as netifd would see it.

For each scenario the daemon starts from nothing (device closed, no client IDs),
and the clock stops at its first ``notify_proto`` update with ``link-up: true``.
The simulator counts the QMI requests it answered and the client IDs it handed
out, so the numbers compare directly with qmi.sh's under real netifd against an
instant modem: 5.2 s, 20 uqmi processes, 46 QMI requests, 14 client IDs.
"""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
import time
from pathlib import Path

from bench.result import BenchResult, Settings
from bench.timing import summarize
from pyqmi.config.validate import validate
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.runner import Daemon, Deps
from pyqmi.netifd.recording import RecordingBus
from pyqmi.sim import run_sim

COLUMNS = ("scenario", "options", "runs", "median ms", "max ms", "QMI requests", "client IDs")
QMI_SH = {"seconds": 5.2, "processes": 20, "requests": 46, "client_ids": 14}
CASES: tuple[tuple[str, dict[str, str]], ...] = (
    ("default", {}),
    ("default", {"pdptype": "ipv4v6"}),
    ("pin-required", {"pincode": "1234"}),
    ("zte-mf821", {"pdptype": "ipv4v6"}),
)


async def _one(scenario: str, options: dict[str, str]) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory(prefix="pyqmi-bench-") as tmp:
        link = Path(tmp) / "cdc-wdm0"
        raw = {"device": "/dev/cdc-wdm0", "apn": "internet", **options}
        config = dataclasses.replace(validate(raw, check_device=False).config, device=str(link))
        async with run_sim(scenario, link) as sim:
            bus = RecordingBus()
            daemon = Daemon("4G", config, Deps(bus=bus, state_dir=Path(tmp), kernel=FakeKernel()))
            start = time.perf_counter()
            task = asyncio.create_task(daemon.run())
            while not any(n.get("link-up") for n in bus.notifications):
                if task.done() or time.perf_counter() - start > 10:
                    raise RuntimeError(f"{scenario}: no link-up ({bus.notifications})")
                await asyncio.sleep(0)
            elapsed = time.perf_counter() - start
            requests = len(sim.state.requests)
            cids = sum(sim.state.allocations.values())
            daemon.stop()
            await asyncio.wait_for(task, 5)
    return elapsed, requests, cids


def bench_linkup(settings: Settings) -> BenchResult:
    result = BenchResult("linkup", "Time to link-up against the simulator", COLUMNS)
    runs = settings.count(20, 2)
    for scenario, options in CASES:
        times: list[float] = []
        requests = cids = 0
        for _ in range(runs):
            elapsed, requests, cids = asyncio.run(_one(scenario, options))
            times.append(elapsed * 1e9)
        summary = summarize(times)
        result.add(
            {
                "scenario": scenario,
                "options": " ".join(f"{k}={v}" for k, v in options.items()) or "-",
                "runs": runs,
                "median ms": round(summary.median_ns / 1e6, 2),
                "max ms": round(summary.max_ns / 1e6, 2),
                "QMI requests": requests,
                "client IDs": cids,
            }
        )
    first = result.rows[0]
    result.headline = (
        f"link-up in {first['median ms']} ms with {first['QMI requests']} QMI requests and "
        f"{first['client IDs']} client IDs (qmi.sh: {QMI_SH['seconds']} s, "
        f"{QMI_SH['requests']} requests, {QMI_SH['client_ids']} client IDs)"
    )
    result.notes.append(
        "Clock: daemon start to the first notify_proto update with link-up true; the "
        "simulator answers at once (latency 0), as the instant modem of the qmi.sh figure."
    )
    return result
