"""While connected: resident memory, bytecode loaded, idle wake-ups and CPU; then teardown.

Theory of operation
-------------------
One daemon connects (the real entry point, instant modem) and stays up. ``settle`` seconds
after link-up the bench reads its VmRSS (steady) and VmHWM (peak) from /proc/PID/status. The
stand-in ubus recorded, with the link-up, the modules loaded at that moment; the bytecode size
is the sum of their .pyc files (``importlib.util.cache_from_source``), split into pyqmi,
construct and the rest. Then an idle window of ``idle`` seconds (a bench setting, 60 s for
``make bench``): every thread's context switches and scheduler run time are read at both ends
(``bench.procstat.sample``), and the window counts as idle only if the daemon said nothing on
the bus and the modem saw no request in it; with nothing happening, each wake-up is a timer's.
Last, SIGTERM (as netifd's teardown): seconds until the process has exited.

More teardowns follow on fresh daemons, against the instant modem and against a responsive
one with 5 ms per exchange, ``settle_teardown`` seconds after link-up each.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import time
from typing import Any

from bench.namespace import run_inside
from bench.procstat import CLOCK_TICKS, Sample, memory_kib, sample
from bench.result import BenchResult, Settings
from bench.rig import Daemon, Modem

RESPONSIVE = {"latency_ms": 5.0}
STANDIN_MODULES = ("ubus", "uci")
GROUPS = ("pyqmi", "construct")


def bytecode(modules: list[list[str]]) -> dict[str, dict[str, int]]:
    """Per group (pyqmi, construct, other): modules, .pyc bytes, modules without a .pyc."""
    totals = {g: {"modules": 0, "pyc_bytes": 0, "no_pyc": 0} for g in (*GROUPS, "other")}
    for name, file in modules:
        if name in STANDIN_MODULES:
            continue
        top = name.partition(".")[0]
        group = totals[top if top in GROUPS else "other"]
        group["modules"] += 1
        pyc = importlib.util.cache_from_source(file) if file.endswith(".py") else ""
        if pyc and os.path.exists(pyc):
            group["pyc_bytes"] += os.path.getsize(pyc)
        else:
            group["no_pyc"] += 1  # built in, frozen, or a C extension
    return totals


def _window(before: Sample, after: Sample) -> dict[str, Any]:
    return {
        "threads": [before.threads, after.threads],
        "voluntary": after.voluntary - before.voluntary,
        "involuntary": after.involuntary - before.involuntary,
        "run_ns": after.run_ns - before.run_ns,
        "cpu_ticks": after.cpu_ticks - before.cpu_ticks,
        "per_thread": {
            str(tid): [switches - b[1], run - b[2]]
            for tid, switches, run in after.per_thread
            for b in before.per_thread
            if b[0] == tid
        },
    }


def teardown_once(overrides: dict[str, Any] | None, settle: float) -> dict[str, Any]:
    with Modem(overrides=overrides) as modem, Daemon() as daemon:
        daemon.link_up(60.0)
        time.sleep(settle)
        sent = time.monotonic()
        seconds = daemon.terminate(10.0)
    after = [r["name"] for r in modem.timeline["requests"] if r["at"] >= sent]
    return {"seconds": seconds, "exit": daemon.status, "requests": after}


def footprint_inside(payload: dict[str, Any]) -> dict[str, Any]:
    settle, idle = float(payload["settle"]), float(payload["idle"])
    with Modem() as modem, Daemon(extra_env={"PYQMI_BENCH_MODULES": "1"}) as daemon:
        up = daemon.link_up(60.0)
        pid = daemon.proc.pid
        time.sleep(settle)
        rss, hwm = memory_kib(pid)
        start, before = time.monotonic(), sample(pid)
        time.sleep(idle)
        end, after = time.monotonic(), sample(pid)
        rss_after, hwm_after = memory_kib(pid)
        seconds = daemon.terminate(10.0)
    said = [r for r in daemon.records if start <= r["t"] <= end]
    asked = [r["name"] for r in modem.timeline["requests"] if start <= r["at"] <= end]
    runs = int(payload["teardowns"])
    settle_teardown = float(payload["settle_teardown"])
    return {
        "rss_kib": rss, "hwm_kib": hwm, "rss_after_kib": rss_after, "hwm_after_kib": hwm_after,
        "bytecode": bytecode(up.get("modules", [])), "modules": len(up.get("modules", [])),
        "window": {**_window(before, after), "seconds": end - start, "said": len(said),
                   "asked": asked},
        "teardown": seconds, "exit": daemon.status,
        "teardowns": {
            "instant": [teardown_once(None, settle_teardown) for _ in range(runs)],
            "responsive": [teardown_once(RESPONSIVE, settle_teardown) for _ in range(runs)],
        },
    }  # fmt: skip


def _mib(kib: float) -> float:
    return round(kib / 1024, 2)


def bench_footprint(settings: Settings) -> list[BenchResult]:
    payload = {
        "settle": settings.count(5, 1),
        "idle": 5.0 if settings.quick else settings.idle_seconds,
        "teardowns": settings.count(10, 2),
        "settle_teardown": 0.5,
    }
    data = run_inside("bench.footprint_bench:footprint_inside", payload, timeout=3600.0)
    memory = BenchResult("memory", "Memory while connected", ("measure", "value", "unit"))
    rows: list[tuple[str, float, str]] = [
        (f"steady RSS (VmRSS {payload['settle']} s after link-up)", _mib(data["rss_kib"]), "MiB"),
        ("peak RSS (VmHWM)", _mib(data["hwm_kib"]), "MiB"),
        ("steady RSS after the idle window", _mib(data["rss_after_kib"]), "MiB"),
        ("modules loaded at link-up", data["modules"], "modules"),
    ]
    pyc_total = 0
    for group, sums in data["bytecode"].items():
        pyc_total += sums["pyc_bytes"]
        rows.append((f"bytecode of {group} ({sums['modules']} modules, {sums['no_pyc']} without "
                     ".pyc)", round(sums["pyc_bytes"] / 1024, 1), "KiB"))  # fmt: skip
    rows.append(("bytecode of everything loaded", round(pyc_total / 1024, 1), "KiB"))
    for measure, value, unit in rows:
        memory.add({"measure": measure, "value": value, "unit": unit})
    memory.facts.update(rss_steady_mib=_mib(data["rss_kib"]), rss_peak_mib=_mib(data["hwm_kib"]))
    memory.notes += [
        "The real entry point against pyqmi-sim (instant modem), IPv4; /proc/PID/status of the "
        "daemon, MiB = 2^20 bytes; x86-64, this machine's CPython (see Machine).",
        "Bytecode: the .pyc files of the modules in sys.modules at link-up (the stand-in ubus "
        "and uci left out; built-in, frozen and C extension modules have none).",
    ]
    memory.headline = (
        f"Memory while connected: {memory.facts['rss_steady_mib']} MiB steady RSS, "
        f"{memory.facts['rss_peak_mib']} MiB peak; {data['modules']} modules loaded, "
        f"{pyc_total / 1024:.0f} KiB of bytecode."
    )

    window = data["window"]
    seconds = window["seconds"]
    wakeups = window["voluntary"] + window["involuntary"]
    cpu_ms = window["run_ns"] / 1e6
    idle = BenchResult("idle", "Idle while connected", ("measure", "value"))
    quiet = window["said"] == 0 and not window["asked"]
    measures: tuple[tuple[str, str | int | float], ...] = (
        ("window s", round(seconds, 1)),
        ("nothing happened (no bus call, no QMI request)", "yes" if quiet else "no"),
        ("threads", f"{window['threads'][0]} -> {window['threads'][1]}"),
        ("context switches (voluntary + nonvoluntary, all threads)", wakeups),
        ("... voluntary", window["voluntary"]),
        ("... nonvoluntary", window["involuntary"]),
        ("wake-ups per minute", round(wakeups * 60 / seconds, 1)),
        ("CPU in the window ms (schedstat run time)", round(cpu_ms, 2)),
        ("CPU per minute ms", round(cpu_ms * 60 / seconds, 2)),
        ("utime + stime in the window (clock ticks)", window["cpu_ticks"]),
    )
    for name, shown in measures:
        idle.add({"measure": name, "value": shown})
    idle.facts.update(
        wakeups=float(wakeups),
        wakeups_per_min=wakeups * 60 / seconds,
        cpu_ms_per_min=cpu_ms * 60 / seconds,
        window_s=seconds,
        quiet=1.0 if quiet else 0.0,
    )
    per_thread = ", ".join(f"tid {tid}: {v[0]} switches, {v[1] / 1e6:.2f} ms"
                           for tid, v in sorted(window["per_thread"].items()))  # fmt: skip
    idle.notes += [
        f"Window of {seconds:.1f} s (bench setting: `--idle-seconds`, 180 for make bench"
        f"{'; quick mode uses 5 s' if settings.quick else ''}), starting {payload['settle']} s "
        "after link-up; pyqmi-sim sends nothing unasked in this scenario, so every wake-up is "
        "the daemon's own timer.",
        "Wake-ups: the change of voluntary_ctxt_switches + nonvoluntary_ctxt_switches in "
        "/proc/PID/task/*/status; CPU: the change of /proc/PID/task/*/schedstat run time "
        f"(ns; utime + stime count {1000 // CLOCK_TICKS} ms ticks). Per thread: {per_thread}.",
    ]
    idle.headline = (
        f"Idle: {wakeups} wake-ups and {cpu_ms:.1f} ms CPU in {seconds:.0f} s "
        f"({wakeups * 60 / seconds:.0f} wake-ups and {cpu_ms * 60 / seconds:.1f} ms a minute)."
    )

    teardown = BenchResult("teardown", "Teardown (SIGTERM to exit)",
                           ("modem", "runs", "min ms", "median ms", "max ms", "exit codes",
                            "QMI requests after SIGTERM"))  # fmt: skip
    for label, key in (("instant", "instant"), ("responsive (5 ms/exchange)", "responsive")):
        runs = data["teardowns"][key]
        times = [r["seconds"] * 1e3 for r in runs]
        teardown.add({
            "modem": label, "runs": len(runs), "min ms": round(min(times), 1),
            "median ms": round(statistics.median(times), 1), "max ms": round(max(times), 1),
            "exit codes": " ".join(sorted({str(r["exit"]) for r in runs})),
            "QMI requests after SIGTERM": " ".join(runs[0]["requests"]) or "-",
        })  # fmt: skip
    responsive = teardown.rows[1]
    teardown.facts.update(
        median_ms=float(responsive["median ms"]), max_ms=float(responsive["max ms"])
    )
    teardown.notes.append(
        f"Fresh daemon each run, SIGTERM {payload['settle_teardown']} s after link-up; time "
        "from the signal to the process's exit (pidfd). The idle daemon's own teardown after "
        f"the window took {data['teardown'] * 1e3:.1f} ms (exit {data['exit']})."
    )
    teardown.headline = (
        f"Teardown: {responsive['median ms']} ms median, {responsive['max ms']} ms max "
        "(responsive modem)."
    )
    return [memory, idle, teardown]
