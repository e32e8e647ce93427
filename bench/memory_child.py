"""The process the memory benchmark measures: daemon-side imports, then QMI traffic.

Run as ``python -m bench.memory_child LINK COUNT`` with a simulator already serving
on ``LINK`` in *another* process, so only the client side is counted.  Prints one
JSON object: peak RSS (VmHWM) at start, after the imports and after the
traffic, and the Python heap peak (tracemalloc) during one more round of traffic,
measured last because tracing itself costs memory.
"""

from __future__ import annotations

# Only what the first measurement needs is imported here; the rest is imported
# after it, so "interpreter start" is close to a bare interpreter.
import sys
from typing import Any

# What the connection daemon is made of, in import order: the big dependencies first,
# then each pyqmi package with all its submodules, so the RSS each step adds is its
# own.  Names that do not exist (yet) are skipped and reported.
DAEMON_PACKAGES = (
    "asyncio",
    "construct",
    "pyqmi.qmi",
    "pyqmi.transport",
    "pyqmi.session",
    "pyqmi.config",
    "pyqmi.netifd",
    "pyqmi.logsetup",
    "pyqmi.daemon",
)
# Never loaded by the daemon: the test rig and tools.
EXCLUDED = ("pyqmi.sim", "pyqmi.cli", "pyqmi.config.shimgen", "pyqmi.netifd.recording")


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def peak_rss_kib() -> int:
    """Peak RSS of this process image.

    VmHWM, not ``ru_maxrss``: Linux carries ``ru_maxrss`` across fork and exec, so a
    child of a big parent would report the parent's peak."""
    return _status_kib("VmHWM:")


def current_rss_kib() -> int:
    return _status_kib("VmRSS:")


def import_daemon_side() -> tuple[list[str], list[str], dict[str, int]]:
    """Import every daemon-side module: (imported, missing or failing, peak KiB per step)."""
    import importlib
    import pkgutil

    imported: list[str] = []
    skipped: list[str] = []
    steps: dict[str, int] = {}
    for name in DAEMON_PACKAGES:
        steps[name] = peak_rss_kib()
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                skipped.append(f"{name} ({exc})")
            else:
                skipped.append(f"{name} (absent)")
            del steps[name]
            continue
        imported.append(name)
        if not name.startswith("pyqmi"):
            steps[name] = peak_rss_kib() - steps[name]
            continue
        for info in pkgutil.walk_packages(getattr(module, "__path__", []), prefix=f"{name}."):
            if info.name.startswith(EXCLUDED):
                continue
            try:
                importlib.import_module(info.name)
                imported.append(info.name)
            except Exception as exc:  # a half-written module must not sink the benchmark
                skipped.append(f"{info.name} ({type(exc).__name__})")
        steps[name] = peak_rss_kib() - steps[name]
    return imported, skipped, steps


async def traffic(link: str, count: int) -> None:
    from bench.requesters import SERVICE, concurrent, sequential
    from pyqmi.transport import QmiClient

    async with await QmiClient.open(link, timeout=5.0) as client:
        await client.allocate(SERVICE)
        await sequential(client, count)
        await concurrent(client, max(1, count // 8), 8)
        await client.release_all()


def main(argv: list[str]) -> int:
    link, count = argv[0], int(argv[1])
    report: dict[str, Any] = {"start_peak_kib": peak_rss_kib()}
    imported, skipped, steps = import_daemon_side()
    report["imports_peak_kib"] = peak_rss_kib()
    report["imports_rss_kib"] = current_rss_kib()
    report["imported"] = imported
    report["skipped"] = skipped
    report["import_steps_kib"] = steps

    import asyncio
    import json
    import tracemalloc

    asyncio.run(traffic(link, count))
    report["traffic_peak_kib"] = peak_rss_kib()
    report["traffic_rss_kib"] = current_rss_kib()
    tracemalloc.start()
    asyncio.run(traffic(link, count))
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report["heap_peak_kib"] = peak / 1024
    report["heap_after_kib"] = current / 1024
    report["sim_imported"] = "pyqmi.sim" in sys.modules
    report["modules_loaded"] = len(sys.modules)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
