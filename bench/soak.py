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
import json
import os
import resource
import shutil
import subprocess
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
WARMUP_PROCESS = 10  # drops of the real daemon process before its first reading
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
    warmup: int = WARMUP  # runs before the first reading

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


def proc_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def process_drops(count: int) -> Figures:
    """The real ``pyqmi daemon`` process (its own event loop, as on a router) against a
    pyqmi-sim process that drops each call 50 ms after it connects, in the bench's mount
    namespace (the modem at /dev/shm/cdc-wdm0, ``bench.namespace``).  The option's smallest
    backoff (1 s) paces the redials, so this part is shorter."""
    from bench.namespace import run_inside

    started = time.monotonic()
    data = run_inside("bench.soak:process_inside", {"count": count}, timeout=count * 5 + 120)
    figures = Figures(**data)
    figures.seconds = time.monotonic() - started
    return figures


def drops_seen(daemon: Any) -> int:
    """The CALL_DROPPED errors the daemon process told netifd so far."""
    return sum(
        1
        for r in daemon.notifications()
        if (r.get("args") or {}).get("error", [""])[0] == "CALL_DROPPED"
    )


def process_inside(payload: dict[str, Any]) -> dict[str, Any]:
    from bench.namespace import DEVICE, bind, unbind
    from bench.rig import Daemon as Process

    count = int(payload["count"])
    figures = Figures(count=count, warmup=min(WARMUP_PROCESS, count))
    options = {"proto": "pyqmi", "device": DEVICE, "apn": "internet", "pdptype": "ip",
               "retry_backoff_min": "1", "retry_backoff_max": "1",
               "stall_check": "0"}  # fmt: skip
    work = tempfile.mkdtemp(prefix="pyqmi-soak-")
    link, state = os.path.join(work, "modem"), os.path.join(work, "modem.json")
    argv = [sys.executable, "-m", "pyqmi.sim", "--link", link, "--state-file", state,
            "--set", "call_drop_after=0.05"]  # fmt: skip
    modem = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not os.path.islink(link):
            if time.monotonic() > deadline or modem.poll() is not None:
                raise RuntimeError("soak: pyqmi-sim did not start")
            time.sleep(0.05)
        bind(os.readlink(link))
        with Process(options=options) as daemon:
            pid = daemon.proc.pid
            for n in range(1, count + 1):
                daemon.wait_for(lambda _r: drops_seen(daemon) >= n, 15.0, f"drop {n}")  # noqa: B023
                if n == figures.warmup:
                    figures.rss_warm_kib = proc_rss_kib(pid)
                    figures.fds_warm = len(os.listdir(f"/proc/{pid}/fd"))
            figures.rss_end_kib = proc_rss_kib(pid)
            figures.fds_end = len(os.listdir(f"/proc/{pid}/fd"))
            seconds = daemon.terminate(5.0)
            code = daemon.status
        # pyqmi-sim rewrote its state file before it answered the last release_cid.
        with open(state, encoding="utf-8") as file:
            snapshot = json.load(file)
    finally:
        unbind()
        modem.terminate()
        modem.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    figures.cids_left = sum(len(c) for c in snapshot["clients"].values())
    figures.allocations = sum(snapshot["allocations"].values())
    figures.notes = [
        f"pid {pid} on pyqmi's own loop: exit code {code}, SIGTERM to exit {seconds * 1000:.0f} ms",
        f"{snapshot['calls_started']} calls started",
    ]
    return dataclasses.asdict(figures)


def table(name: str, f: Figures) -> list[str]:
    return [
        f"### {name}",
        "",
        "| figure | value |",
        "|---|---|",
        f"| runs | {f.count} in {f.seconds:.1f} s ({f.seconds * 1000 / f.count:.1f} ms each) |",
        f"| client IDs left in the simulator's table | {f.cids_left} "
        f"(of {f.allocations} handed out) |",
        f"| resident memory after {f.warmup} / at the end | {f.rss_warm_kib / 1024:.2f} MiB / "
        f"{f.rss_end_kib / 1024:.2f} MiB (growth {f.growth_kib} KiB, bound "
        f"{RSS_GROWTH_BOUND_KIB} KiB) |",
        f"| open descriptors after {f.warmup} / at the end | {f.fds_warm} / {f.fds_end} |",
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
        "The last part runs the real `pyqmi daemon` process (pyqmi's own loop) against a",
        "pyqmi-sim process in the bench's mount namespace: its figures are that process's",
        "/proc/PID entries, its client IDs those left in pyqmi-sim's state file (--state-file).",
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
    parser.add_argument("--process-drops", type=int, default=100, help="0: skip this part")
    parser.add_argument("--out", default="bench/SOAK.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pyqmi-soak-") as tmp:
        work = Path(tmp)
        (work / "a").mkdir()
        (work / "b").mkdir()
        parts: list[tuple[str, Figures]] = []
        if args.cycles:
            name = f"{args.cycles} connect and disconnect cycles"
            parts.append((name, asyncio.run(cycles(args.cycles, work / "a"))))
        if args.drops:
            name = f"{args.drops} call drops with redial"
            parts.append((name, asyncio.run(drops(args.drops, work / "b"))))
    if args.process_drops:
        name = f"{args.process_drops} call drops with redial, the real daemon process"
        parts.append((name, process_drops(args.process_drops)))
    text = report(parts)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if all(f.met for _, f in parts) else 1


if __name__ == "__main__":
    sys.exit(main())
