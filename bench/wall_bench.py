"""Wall time and process CPU of start-up and of the connect, and the connect's own overhead.

Theory of operation
-------------------
Each command of the instruction table and the daemon's exec to link-up run ``runs`` times;
wall time is ``time.monotonic()`` from just before the spawn to the end (for the daemon: to
the moment the stand-in ubus recorded action 0, stamped inside the daemon), CPU is the rusage
of the ended process (``wait4``: user + system, all threads; the stand-in ubus ends the daemon
at link-up, so it covers exec to link-up). Minimum, median and maximum are reported.

Two modems: *instant* (pyqmi-sim's default scenario, no latency) and *realistic* (5 ms per
exchange, 300 ms more for Start Network, registered 1 s after the modem powers on). For the
realistic one ``bench.overhead.connect`` splits the wall time into process start (exec to the
first QMI request), the modem's share and the daemon's overhead. A third modem lacks the
optional messages (signal thresholds and system info answered INVALID_QMI_COMMAND) and is run
for the number of requests to link-up.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Sequence
from typing import Any

from bench import overhead
from bench.instr_bench import COMMANDS
from bench.namespace import run_inside
from bench.result import BenchResult, Settings
from bench.rig import Daemon, Modem, run_python

REALISTIC: dict[str, Any] = {
    "latency_ms": 5.0,
    "message_latency_ms": {"wds.start_network": 300.0},
    "register_after": 1.0,
}
LACKING = ("nas.config_signal_info", "nas.get_system_info")
TIMING_COLUMNS = ("command", "runs", "wall min ms", "wall median ms", "wall max ms",
                  "CPU min ms", "CPU median ms", "CPU max ms")  # fmt: skip
CONNECT_COLUMNS = ("modem", "runs", "QMI requests", "wall median ms", "process start median ms",
                   "modem share median ms", "overhead min ms", "overhead median ms",
                   "overhead max ms")  # fmt: skip
DAEMON_INSTANT = "`pyqmi daemon` exec to link-up, instant modem"
DAEMON_REALISTIC = "`pyqmi daemon` exec to link-up, realistic modem"


def connect_once(
    overrides: dict[str, Any] | None = None, lacking: Sequence[str] = (), modules: bool = False
) -> dict[str, Any]:
    """One daemon run to link-up (it exits there): times, CPU and the requests seen.

    ``modules``: also the names of the modules loaded at link-up (the stand-in reports them)."""
    env = {"PYQMI_BENCH_EXIT_AT": "linkup", **({"PYQMI_BENCH_MODULES": "1"} if modules else {})}
    with Modem(overrides=overrides, lacking=lacking) as modem, Daemon(extra_env=env) as daemon:
        up = daemon.link_up(60.0)
        daemon.finish(20.0)
    split = overhead.connect(daemon.t_exec, up["t"], modem.timeline)
    return {
        **dataclasses.asdict(split),
        "cpu": daemon.cpu_seconds(),
        "user": float(daemon.usage.ru_utime),
        "names": [r["name"] for r in modem.timeline["requests"]],
        "modules": [name for name, _ in up.get("modules", [])],
    }


def probe_inside(payload: dict[str, Any]) -> dict[str, Any]:
    """In the namespace: one connect (``payload["lacking"]``), its requests and modules."""
    run = connect_once(lacking=payload.get("lacking", ()), modules=True)
    return {"names": run["names"], "modules": run["modules"]}


def time_inside(payload: dict[str, Any]) -> dict[str, Any]:
    """In the namespace: ``runs`` timed runs of every command and of both daemon connects."""
    runs = int(payload["runs"])
    commands: dict[str, list[list[float]]] = {}
    for _, code in COMMANDS:
        run_python(code)  # warm-up
        commands[code] = [list(run_python(code)[:2]) for _ in range(runs)]
    connect_once()  # warm-up
    return {
        "commands": commands,
        "instant": [connect_once() for _ in range(runs)],
        "realistic": [connect_once(REALISTIC) for _ in range(runs)],
        "lacking": connect_once(lacking=LACKING),
    }


def _ms(values: Sequence[float]) -> tuple[float, float, float]:
    return (round(min(values) * 1e3, 1), round(statistics.median(values) * 1e3, 1),
            round(max(values) * 1e3, 1))  # fmt: skip


def _timing_row(label: str, walls: Sequence[float], cpus: Sequence[float]) -> dict[str, Any]:
    wall, cpu = _ms(walls), _ms(cpus)
    return {
        "command": label, "runs": len(walls), "wall min ms": wall[0], "wall median ms": wall[1],
        "wall max ms": wall[2], "CPU min ms": cpu[0], "CPU median ms": cpu[1],
        "CPU max ms": cpu[2],
    }  # fmt: skip


def _connect_row(label: str, runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    over = _ms([r["overhead"] for r in runs])
    return {
        "modem": label,
        "runs": len(runs),
        "QMI requests": max(r["requests"] for r in runs),
        "wall median ms": _ms([r["wall"] for r in runs])[1],
        "process start median ms": _ms([r["process_start"] for r in runs])[1],
        "modem share median ms": _ms([r["modem_share"] for r in runs])[1],
        "overhead min ms": over[0],
        "overhead median ms": over[1],
        "overhead max ms": over[2],
    }


def bench_timing(settings: Settings) -> list[BenchResult]:
    runs = settings.count(10, 2)
    data = run_inside("bench.wall_bench:time_inside", {"runs": runs}, timeout=1800.0)
    timing = BenchResult("timing", "Wall time and process CPU (rusage)", TIMING_COLUMNS)
    for label, code in COMMANDS:
        samples = data["commands"][code]
        timing.add(_timing_row(label, [s[0] for s in samples], [s[1] for s in samples]))
    for label, key in ((DAEMON_INSTANT, "instant"), (DAEMON_REALISTIC, "realistic")):
        timing.add(
            _timing_row(label, [r["wall"] for r in data[key]], [r["cpu"] for r in data[key]])
        )
    timing.notes += [
        f"{runs} runs each after one warm-up run; wall: monotonic clock, spawn to exit (the "
        "daemon: to the stand-in ubus's record of action 0, stamped in the daemon); CPU: "
        "rusage of the process (user + system, all threads) from wait4.",
        "Same environment as the instruction counts (ssl and _hashlib blocked, stand-in ubus and "
        "uci). The "
        "realistic modem: 5 ms per exchange, 300 ms more for Start Network, registered 1 s "
        "after it powered on (the daemon starts right after the modem is ready).",
    ]
    instant = data["instant"]
    timing.facts["daemon_cpu_median_ms"] = statistics.median(r["cpu"] for r in instant) * 1e3
    timing.facts["daemon_user_median_ms"] = statistics.median(r["user"] for r in instant) * 1e3
    med = timing.rows[-2]
    timing.headline = (
        f"Exec to link-up (instant modem): wall {med['wall median ms']} ms, CPU "
        f"{med['CPU median ms']} ms (median of {runs})."
    )

    connect = BenchResult("connect", "Connect: process start, modem share, overhead",
                          CONNECT_COLUMNS)  # fmt: skip
    connect.add(_connect_row("instant (pyqmi-sim default)", instant))
    connect.add(_connect_row("realistic (5 ms/exchange, Start Network 300 ms, registers at "
                             "1 s)", data["realistic"]))  # fmt: skip
    connect.add(_connect_row(f"lacking {', '.join(LACKING)} (instant)", [data["lacking"]]))
    realistic = connect.rows[1]
    connect.facts.update(
        requests_default=float(instant[0]["requests"]),
        requests_lacking=float(data["lacking"]["requests"]),
        overhead_median_ms=float(realistic["overhead median ms"]),
        overhead_max_ms=float(realistic["overhead max ms"]),
        process_start_median_ms=float(realistic["process start median ms"]),
    )
    connect.notes += [
        "Process start: exec to the first QMI request reaching the modem (interpreter, "
        "imports, options, bus, opening the device). Modem share: the union of the intervals "
        "in which the modem made the daemon wait, each request's arrival to its answer's due "
        "time and, before registration, the wait for it. Overhead: first request to link-up "
        "minus the modem share (the simulator's own processing, ~0.1 ms a request, counts as "
        "overhead).",
        "Requests to link-up (pdptype ip, IPv4), pyqmi-sim default: "
        + ", ".join(instant[0]["names"])
        + ".",
        f"Lacking modem ({', '.join(LACKING)} answered INVALID_QMI_COMMAND; pyqmi-sim has no "
        "scenario field for unsupported messages, so bench.simmodem overrides them on its "
        "modem): " + ", ".join(data["lacking"]["names"]) + ".",
    ]
    connect.headline = (
        f"Connect against the realistic modem: overhead {realistic['overhead median ms']} ms "
        f"(median) beyond a process start of {realistic['process start median ms']} ms; "
        f"{int(connect.facts['requests_default'])} QMI requests to link-up "
        f"({int(connect.facts['requests_lacking'])} against a modem lacking the optional ones)."
    )
    return [timing, connect]
