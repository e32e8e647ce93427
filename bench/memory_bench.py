"""Peak memory of a daemon-like process: daemon-side imports plus QMI traffic.

Routers running this have 64-256 MB of RAM, so what matters is the resident set
of the process that would run there.  The simulator therefore runs in its own
process (``python -m pyqmi.sim``), and ``bench.memory_child`` (a fresh interpreter)
imports the daemon-side packages and runs the round-trip traffic against it.  A
bare interpreter is measured too, so the table shows what pyqmi adds.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.result import BenchResult, Settings

COLUMNS = ("process", "stage", "MiB")
ROOT = Path(__file__).resolve().parent.parent
READY_WITHIN = 20.0  # seconds the simulator gets to print "ready"
CHILD_WITHIN = 120.0  # seconds the measured process gets


# A bare interpreter's peak RSS: its VmHWM line.
BARE = "print([l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0])"


def _mib(kib: float) -> float:
    return kib / 1024


def _run_python(args: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CHILD_WITHIN,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{args[:2]} failed ({done.returncode}): {done.stderr.strip()[-800:]}")
    return done.stdout


def _peak_of(pid: int) -> int:
    """VmHWM (peak RSS) of another process in KiB, 0 when it cannot be read."""
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


@contextlib.contextmanager
def simulator(link: Path) -> Iterator[subprocess.Popen[str]]:
    """``python -m pyqmi.sim`` serving on ``link``, stopped (by its pid) on exit."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pyqmi.sim", "--link", str(link)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + READY_WITHIN
            line = ""
            while not line.startswith("ready"):
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise RuntimeError(f"simulator not ready within {READY_WITHIN} s")
                line = proc.stdout.readline()
                if not line and proc.poll() is not None:
                    raise RuntimeError(f"simulator exited with {proc.returncode}")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def bench_memory(settings: Settings) -> BenchResult:
    count = settings.count(2000, 40)
    bare = int(_run_python(["-c", BARE]).split()[1])
    with tempfile.TemporaryDirectory(prefix="pyqmi-bench-") as tmp:
        link = Path(tmp) / "cdc-wdm0"
        with simulator(link) as sim:
            report: dict[str, Any] = json.loads(
                _run_python(["-m", "bench.memory_child", str(link), str(count)])
            )
            sim_peak = _peak_of(sim.pid)
    result = BenchResult("memory", "Peak memory of a daemon-side process", COLUMNS)
    rows = (
        ("bare python3", "interpreter start (python -c)", bare),
        ("daemon side", "interpreter start", report["start_peak_kib"]),
        ("daemon side", "after importing daemon-side modules", report["imports_peak_kib"]),
        (
            "daemon side",
            f"after {2 * count} get_model round trips (peak RSS)",
            report["traffic_peak_kib"],
        ),
        (
            "daemon side",
            "Python heap peak during the traffic (tracemalloc)",
            report["heap_peak_kib"],
        ),
    )
    for process, stage, kib in rows[:3]:
        result.add({"process": process, "stage": stage, "MiB": _mib(kib)})
    for name, kib in report["import_steps_kib"].items():
        result.add({"process": "daemon side", "stage": f"... of which {name}", "MiB": _mib(kib)})
    for process, stage, kib in rows[3:]:
        result.add({"process": process, "stage": stage, "MiB": _mib(kib)})
    if sim_peak:
        result.add({"process": "simulator (test rig)", "stage": "peak RSS", "MiB": _mib(sim_peak)})
    added = report["traffic_peak_kib"] - bare
    result.notes += [
        f"Peak RSS is VmHWM from /proc/<pid>/status (ru_maxrss would carry the parent's "
        f"peak across fork and exec), MiB = 2^20 bytes; Python "
        f"{sys.version.split()[0]} on this machine, {os.uname().machine}.",
        f"The daemon side adds {_mib(added):.1f} MiB over a bare interpreter "
        f"({report['modules_loaded']} modules loaded; simulator code imported: "
        f"{'yes' if report['sim_imported'] else 'no'}).",
        "Imports run in the order listed, each pyqmi package with all its submodules; "
        "each '... of which' row is the peak RSS growth of that step (shared libraries "
        "such as libssl, which asyncio pulls in, count in full).",
        f"Traffic: {count} sequential requests then {count} from 8 concurrent requesters, "
        "on a QmiClient, against the simulator in a separate process.",
        f"Imported: {len(report['imported'])} daemon-side modules"
        + (f"; skipped: {', '.join(report['skipped'])}." if report["skipped"] else "."),
    ]
    result.headline = (
        f"Memory: a daemon-side process peaks at {_mib(report['traffic_peak_kib']):.1f} MiB RSS "
        f"after imports and {2 * count} requests ({_mib(added):.1f} MiB over a bare "
        f"{_mib(bare):.1f} MiB interpreter)."
    )
    return result
