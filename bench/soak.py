"""The soak (``make soak``): 1,000 connects and disconnects, 1,000 call drops with redial.

Theory of operation
-------------------
A benchmark, not a timed test: both parts run the real runner (link machine, transport,
pty) against the simulator in one process, on asyncio as the tests do, with the modem's
zero latency.  That process is the daemon whose leaks count: its resident memory (``VmRSS``
in ``/proc/self/status``) and its open descriptors (``/proc/self/fd``) are read after a
warm-up and at the end, and the simulator's own client-ID table says whether any ID was left
behind.

- **cycles**: one simulator, ``cycles`` daemons in turn: each connects (link-up), then is
  stopped (SIGTERM's path) and must release every client ID it took;
- **drops**: one daemon and a simulator that drops every call ``drop_after`` seconds after it
  connects; the daemon redials each time (backoff 0 here: the option's minimum is 1 s, so the
  slices are built with 0), until ``drops`` drops were redialled; then it is stopped.

The figures (and the bounds they are checked against) go to ``bench/SOAK.md``; the run exits
1 when a bound is missed.  ``python -m bench.soak [--cycles N] [--drops N] [--out PATH]``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import resource
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pyqmi import frozen
from pyqmi.config.validate import validate
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.runner import Daemon, Deps, Timings
from pyqmi.netifd.policy import check_payload
from pyqmi.sim import run_sim, scenario

RSS_GROWTH_BOUND_KIB = 4096  # resident memory may grow at most this much after the warm-up
WARMUP = 100  # cycles (or drops) before the first reading
TIMINGS = Timings(request_timeout=2.0, stop_timeout=1.0, probe_attempts=3, probe_timeout=0.5)


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def slices(link: Path, *, backoff: int | None = None) -> Any:
    raw = {"device": "/dev/cdc-wdm0", "apn": "internet", "stall_check": "0"}
    loaded = validate(raw, check_device=False).slices.with_device(str(link))
    if backoff is None:
        return loaded
    waits = frozen.replace(loaded.waits, retry_backoff_min=backoff, retry_backoff_max=backoff)
    return frozen.replace(loaded, waits=waits)


def deps(state_dir: Path, bus: CountingBus) -> Deps:
    return Deps(
        bus=bus,
        state_dir=state_dir,
        kernel=FakeKernel(ifname="wwan0"),
        timings=TIMINGS,
        jitter=lambda: 0.0,
    )


class CountingBus:
    """A stand-in ubus that counts what netifd is told and keeps nothing else (a recording
    bus would grow with every notification and hide the daemon's own memory)."""

    def __init__(self) -> None:
        self.ups = 0
        self.downs = 0
        self.errors: dict[str, int] = {}

    async def notify_proto(self, payload: Mapping[str, Any]) -> None:
        check_payload(payload)
        if payload.get("link-up") is True:
            self.ups += 1
        elif payload.get("link-up") is False:
            self.downs += 1
        for code in payload.get("error", [])[:1]:
            self.errors[code] = self.errors.get(code, 0) + 1

    async def call(self, obj: str, method: str, args: Mapping[str, Any]) -> list[dict[str, Any]]:
        return []

    async def add_object(self, name: str, methods: Mapping[str, Any]) -> None:
        return None

    async def close(self) -> None:
        return None


def up(bus: CountingBus) -> bool:
    return bus.ups > 0


async def until(predicate: Any, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"soak: {what} not within {within:g} s")
        await asyncio.sleep(0.001)


@dataclasses.dataclass
class Figures:
    count: int = 0
    seconds: float = 0.0
    rss_warm_kib: int = 0
    rss_end_kib: int = 0
    fds_warm: int = 0
    fds_end: int = 0
    cids_left: int = 0  # in the simulator's table after the last stop
    allocations: int = 0  # client IDs the simulator handed out in all
    notes: list[str] = dataclasses.field(default_factory=list)
    fds_kept: bool = True  # the descriptors after the last stop are those before the start

    def reading(self, warm: bool) -> None:
        if warm:
            self.rss_warm_kib, self.fds_warm = rss_kib(), open_fds()
        else:
            self.rss_end_kib, self.fds_end = rss_kib(), open_fds()

    @property
    def growth_kib(self) -> int:
        return self.rss_end_kib - self.rss_warm_kib

    @property
    def met(self) -> bool:
        return (
            self.cids_left == 0
            and self.fds_end == self.fds_warm
            and self.fds_kept
            and self.growth_kib <= RSS_GROWTH_BOUND_KIB
        )


async def cycles(count: int, work: Path) -> Figures:
    figures = Figures(count=count)
    link = work / "cdc-wdm0"
    started = time.monotonic()
    async with run_sim(scenario("default"), link) as sim:
        for n in range(count):
            bus = CountingBus()
            daemon = Daemon("4G", slices(link), deps(work / "run", bus))
            task = asyncio.ensure_future(daemon.run())
            await until(lambda: up(bus) or task.done(), 10.0, f"link-up {n}")  # noqa: B023
            daemon.stop()
            code = await asyncio.wait_for(task, 5.0)
            if code != 0:
                raise RuntimeError(f"soak: cycle {n} ended {code}: errors {bus.errors}")
            if n + 1 == WARMUP:
                figures.reading(warm=True)
        figures.reading(warm=False)
        figures.cids_left = sum(len(c) for c in sim.state.clients.values())
        figures.allocations = sum(sim.state.allocations.values())
    figures.seconds = time.monotonic() - started
    return figures


async def drops(count: int, work: Path, drop_after: float = 0.002) -> Figures:
    figures = Figures(count=count)
    link = work / "cdc-wdm0"
    started = time.monotonic()
    async with run_sim(scenario("default", call_drop_after=drop_after), link) as sim:
        bus = CountingBus()
        fds_before = open_fds()
        daemon = Daemon("4G", slices(link, backoff=0), deps(work / "run", bus))
        task = asyncio.ensure_future(daemon.run())

        def dropped() -> int:
            return bus.errors.get("CALL_DROPPED", 0)

        wds_most = 0
        for n in range(1, count + 1):
            await until(lambda n=n: dropped() >= n or task.done(), 10.0, f"drop {n}")
            wds_most = max(wds_most, sim.state.client_count("wds"))
            if n == WARMUP:
                figures.reading(warm=True)
        figures.reading(warm=False)  # still connected (or redialling), as after the warm-up
        ups = bus.ups
        await until(lambda: sim.state.calls_started > count, 10.0, "the last redial")
        daemon.stop()
        code = await asyncio.wait_for(task, 5.0)
        fds_after = open_fds()
        figures.cids_left = sum(len(c) for c in sim.state.clients.values())
        figures.allocations = sum(sim.state.allocations.values())
        figures.fds_kept = fds_after == fds_before  # none outlived the daemon
        figures.notes = [
            f"open descriptors before the daemon / after its stop: {fds_before} / {fds_after}",
            f"exit code {code}",
            f"{sim.state.calls_started} calls started, {ups} link-ups seen by netifd",
            f"errors netifd was told: {dict(sorted(bus.errors.items()))}",
            f"at most {wds_most} WDS client ID(s) held during the drops",
        ]
    figures.seconds = time.monotonic() - started
    return figures


def table(name: str, f: Figures) -> list[str]:
    return [
        f"### {name}",
        "",
        "| figure | value |",
        "|---|---|",
        f"| runs | {f.count} in {f.seconds:.1f} s ({f.seconds * 1000 / f.count:.1f} ms each) |",
        f"| client IDs left in the simulator's table | {f.cids_left} "
        f"(of {f.allocations} handed out) |",
        f"| resident memory after {WARMUP} / at the end | {f.rss_warm_kib / 1024:.2f} MiB / "
        f"{f.rss_end_kib / 1024:.2f} MiB (growth {f.growth_kib} KiB, bound "
        f"{RSS_GROWTH_BOUND_KIB} KiB) |",
        f"| open descriptors after {WARMUP} / at the end | {f.fds_warm} / {f.fds_end} |",
        *(f"| note | {note} |" for note in f.notes),
        f"| bounds met | {'yes' if f.met else 'NO'} |",
        "",
    ]


def report(parts: list[tuple[str, Figures]]) -> str:
    lines = [
        "# Soak (make soak)",
        "",
        "Written by `python -m bench.soak` (bench/soak.py); not a timed test. The runner, the",
        "transport and pyqmi-sim run in one process on asyncio with a zero-latency modem; that",
        "process's VmRSS and /proc/self/fd are read after the warm-up and at the end, and the",
        "simulator's client-ID table after the last stop. Bounds: no client ID left, the same",
        f"descriptors, at most {RSS_GROWTH_BOUND_KIB} KiB more resident memory after the warm-up.",
        f"Python {sys.version.split()[0]}, peak RSS of the whole run "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB.",
        "",
    ]
    for name, figures in parts:
        lines.extend(table(name, figures))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="1,000 connects and 1,000 drops, for leaks")
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--drops", type=int, default=1000)
    parser.add_argument("--out", default="bench/SOAK.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pyqmi-soak-") as tmp:
        work = Path(tmp)
        (work / "a").mkdir()
        (work / "b").mkdir()
        parts = [
            (
                f"{args.cycles} connect and disconnect cycles",
                asyncio.run(cycles(args.cycles, work / "a")),
            ),
            (f"{args.drops} call drops with redial", asyncio.run(drops(args.drops, work / "b"))),
        ]
    text = report(parts)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if all(f.met for _, f in parts) else 1


if __name__ == "__main__":
    sys.exit(main())
