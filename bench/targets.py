"""Issue 8's targets, met or not, and the router estimate: built from the other results.

Theory of operation
-------------------
The benchmarks leave the figures the targets need in ``BenchResult.facts`` (and the
instruction table's rows); ``summaries(results)`` reads them and returns two more tables, put
first in RESULTS.md: the targets (limit, measured, met) and the instruction counts converted
to seconds on router cores. A target whose benchmark did not run (``--only``) is listed as
not measured.

The router estimate is arithmetic on assumptions, not a measurement: seconds = x86-64
instructions x (the core's instructions per x86-64 instruction) / (IPC x clock). The factors
below are assumptions, stated in the notes with their reasons and their ranges.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bench.result import BenchResult

# The one timer allowed while connected (issue 10): the data-stall watchdog's counter read,
# every stall_check seconds (the option's default; 0 turns it off and then nothing wakes).
WATCHDOG_PERIOD_S = 60.0
WAKEUP_LIMIT = "0, besides the watchdog's 1 a minute"

# Reference figures for qmi.sh + uqmi: measured in issue 8 under real netifd, not by this bench.
QMI_SH_REFERENCE = (
    "qmi.sh + uqmi, the measured reference quoted from issue 8 (real netifd, 5 ms per "
    "exchange; not measured by this bench): 6.05 s to up, 150 ms CPU for the whole tree, "
    "49 QMI requests, 5 ms CPU per 30 s idle."
)


@dataclass(frozen=True)
class Core:
    name: str
    hz: float
    ipc: float  # assumed instructions per cycle for CPython on this core
    ipc_range: tuple[float, float]
    per_x86: float  # assumed instructions of this ISA per x86-64 instruction
    why: str


CORES = (
    Core("MIPS 1004Kc, 880 MHz (MT7621)", 880e6, 0.35, (0.25, 0.45), 1.3,
         "single-issue, in-order, 32 KiB L1 caches and a 256 KiB L2 shared by two cores "
         "(four hardware threads); CPython's interpreter loop is branchy and misses those "
         "caches often, so well below the 1.0 peak; MIPS32 needs more instructions than "
         "x86-64 (no memory operands, 32-bit, fewer addressing modes)"),
    Core("Cortex-A53, 1.2 GHz", 1.2e9, 0.6, (0.45, 0.8), 1.15,
         "dual-issue, in-order (peak IPC 2), typically 0.5-0.7 on interpreters; AArch64 "
         "code for CPython is close to x86-64 in count, a little larger (load/store ISA)"),
)  # fmt: skip
ESTIMATE_COLUMNS = ("command", "x86-64 M instructions", *(c.name + " s" for c in CORES),
                    *(c.name + " range s" for c in CORES))  # fmt: skip
TARGET_COLUMNS = ("target", "limit", "measured", "met")


def _find(results: Sequence[BenchResult], key: str) -> BenchResult | None:
    return next((r for r in results if r.key == key), None)


def seconds(instructions: float, core: Core, ipc: float | None = None) -> float:
    return instructions * core.per_x86 / ((ipc or core.ipc) * core.hz)


def estimate(instr: BenchResult, timing: BenchResult | None) -> BenchResult:
    result = BenchResult("estimate", "Router estimate (not measured)", ESTIMATE_COLUMNS)
    for row in instr.rows:
        count = float(row["instructions"])
        cells: dict[str, str | int | float] = {
            "command": row["command"],
            "x86-64 M instructions": round(count / 1e6),
        }
        for core in CORES:
            cells[core.name + " s"] = round(seconds(count, core), 2)
            low, high = (seconds(count, core, ipc) for ipc in reversed(core.ipc_range))
            cells[core.name + " range s"] = f"{low:.2f}-{high:.2f}"
        result.add(cells)  # fmt: skip
    result.notes += [
        "An ESTIMATE, not a measurement: seconds = x86-64 instructions x (instructions of the "
        "core's ISA per x86-64 instruction) / (assumed IPC x clock). x86-64 instruction counts "
        "differ from MIPS and ARM counts for the same work, hence the assumed ratio; the range "
        "column spans the IPC range below, the ratio held fixed.",
        *(f"{c.name}: assumed IPC {c.ipc} (range {c.ipc_range[0]}-{c.ipc_range[1]}) and "
          f"{c.per_x86} instructions per x86-64 instruction: {c.why}." for c in CORES),
        "Kernel time (system calls, page faults) is not in valgrind's count and not in the "
        "estimate; on a router's flash file system reading the .pyc files costs more again.",
    ]  # fmt: skip
    total = next((r for r in instr.rows if str(r["command"]).startswith("`pyqmi daemon`")), None)
    if timing is not None and total is not None and timing.facts.get("daemon_user_median_ms"):
        rate = float(total["instructions"]) / (timing.facts["daemon_user_median_ms"] / 1e3)
        slower = ", ".join(
            f"{c.name}: {rate / (c.ipc * c.hz / c.per_x86):.0f}x slower" for c in CORES
        )
        result.notes.append(
            f"This machine ran the daemon's x86-64 instructions at {rate / 1e9:.2f} G per "
            f"second of user CPU (median), so the assumptions put the routers at: {slower}."
        )
    return result


def _target(result: BenchResult, name: str, limit: str, measured: str, met: bool | None) -> None:
    verdict = "not measured" if met is None else ("met" if met else "NOT met")
    result.add({"target": name, "limit": limit, "measured": measured, "met": verdict})


def targets(results: Sequence[BenchResult]) -> BenchResult:
    result = BenchResult("targets", "Targets (issue 8)", TARGET_COLUMNS)
    instr, memory, idle = _find(results, "instructions"), _find(results, "memory"), _find(
        results, "idle")  # fmt: skip
    connect, redial, teardown = (_find(results, k) for k in ("connect", "redial", "teardown"))
    if instr is not None:
        total = next(int(r["instructions"]) for r in instr.rows
                     if str(r["command"]).startswith("`pyqmi daemon`"))  # fmt: skip
        _target(result, "connect CPU: exec to action 0, instant modem", "450 M instructions",
                f"{total / 1e6:.0f} M", total <= 450e6)  # fmt: skip
    else:
        _target(result, "connect CPU: exec to action 0, instant modem", "450 M instructions",
                "-", None)  # fmt: skip
    if memory is not None:
        rss = memory.facts["rss_steady_mib"]
        _target(result, "steady RSS while connected", "18 MiB",
                f"{rss:.2f} MiB (peak {memory.facts['rss_peak_mib']:.2f})", rss <= 18)  # fmt: skip
    else:
        _target(result, "steady RSS while connected", "18 MiB", "-", None)
    if idle is not None:
        wake, cpu = idle.facts["wakeups"], idle.facts["cpu_ms_per_min"]
        window_s = idle.facts["window_s"]
        # Issue 10's one exception: the data-stall watchdog reads the counters every
        # stall_check seconds (default 60), so at most one wake-up per started minute.
        allowed = math.ceil(window_s / WATCHDOG_PERIOD_S)
        quiet_and_few = wake <= allowed and idle.facts["quiet"] == 1.0
        _target(result, "idle: timer wake-ups", WAKEUP_LIMIT, f"{wake:.0f} in {window_s:.0f} s",
                quiet_and_few)  # fmt: skip
        _target(result, "idle: CPU", "1 ms a minute", f"{cpu:.2f} ms a minute", cpu <= 1.0)
    else:
        _target(result, "idle: timer wake-ups", WAKEUP_LIMIT, "-", None)
        _target(result, "idle: CPU", "1 ms a minute", "-", None)
    for label, fact in (
        ("pyqmi-sim", "requests_default"),
        ("a modem lacking the optional messages", "requests_lacking"),
    ):
        if connect is None:
            _target(result, f"QMI requests to link-up (IPv4), {label}", "20", "-", None)
            continue
        count = connect.facts[fact]
        _target(result, f"QMI requests to link-up (IPv4), {label}", "20", f"{count:.0f}",
                count <= 20)  # fmt: skip
    if connect is not None:
        over = connect.facts["overhead_median_ms"]
        _target(result, "connect overhead beyond the modem's share (realistic modem)",
                "50 ms + process start",
                f"{over:.1f} ms (median; process start "
                f"{connect.facts['process_start_median_ms']:.0f} ms)", over <= 50)  # fmt: skip
    else:
        _target(result, "connect overhead beyond the modem's share", "50 ms + process start",
                "-", None)  # fmt: skip
    if redial is not None:
        over = redial.facts["overhead_median_ms"]
        _target(result, "redial after a call drop, backoff excluded", "under 100 ms",
                f"{over:.1f} ms (median; max {redial.facts['overhead_max_ms']:.1f})",
                over < 100)  # fmt: skip
    else:
        _target(result, "redial after a call drop, backoff excluded", "under 100 ms", "-", None)
    if teardown is not None:
        median = teardown.facts["median_ms"]
        _target(
            result,
            "teardown, responsive modem",
            "under 300 ms",
            f"{median:.1f} ms (median; max {teardown.facts['max_ms']:.1f})",
            median < 300,
        )
    else:
        _target(result, "teardown, responsive modem", "under 300 ms", "-", None)
    met = sum(1 for r in result.rows if r["met"] == "met")
    result.headline = f"Targets: {met} of {len(result.rows)} met (table below)."
    result.notes += [
        "Timed targets are judged on the median of the runs (minimum and maximum in their "
        "tables); RSS in MiB (2^20 bytes), as the issue's 28.7 MB figure was.",
        QMI_SH_REFERENCE,
    ]
    return result


def summaries(results: Sequence[BenchResult]) -> list[BenchResult]:
    """The targets table, and the estimate when instructions were counted."""
    extra = [targets(results)]
    instr = _find(results, "instructions")
    if instr is not None:
        extra.append(estimate(instr, _find(results, "timing")))
    return extra
