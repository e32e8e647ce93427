"""Instructions executed, counted by valgrind: interpreter start, imports, exec to link-up.

Theory of operation
-------------------
Each measured command runs under ``valgrind --tool=cachegrind --cache-sim=no``, which counts
the instructions the process executes (all its threads; no cache simulation, no child
processes) and prints the total as ``I refs``. The count hardly moves from run to run on a busy
machine, which timings do. Commands run with ``bench.rig.measured_env()`` (ssl and _hashlib
fail to import as on OpenWrt without python3-openssl; fixed hash seed), after a warm-up run of
each so that every module is already compiled to bytecode, as the package installs it.

The daemon row is the real entry point (``bench.rig.Daemon``) against ``pyqmi-sim`` with an
instant modem. The stand-in ubus ends the process right after netifd action 0 (link-up) is
sent, so the count is exactly exec to link-up. The entry point's imports (``import
pyqmi.cli.main, pyqmi.daemon.cli``, what the launcher imports before ``main()`` runs) are
counted on their own, and the connect is the difference: everything after those imports
(argument parsing, options, bus, the QMI exchanges, modules imported on the way).
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from bench.namespace import run_inside
from bench.procstat import parse_irefs
from bench.result import BenchResult, Settings
from bench.rig import Daemon, Modem, run_python

VALGRIND = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")
# The launcher's imports, ending as the daemon run ends (os._exit at link-up): without the
# interpreter's finalisation (module teardown, final collections), which a normal exit adds.
ENTRY_IMPORTS = "import pyqmi.cli.main, pyqmi.daemon.cli, os; os._exit(0)"
# (row label, python -c code): the rows, then the entry point's imports.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("`python -c pass`", "pass"),
    (
        "`import asyncio` (ssl and _hashlib blocked, as on OpenWrt without python3-openssl)",
        "import asyncio",
    ),
    ("`import construct`", "import construct"),
    ("`import pyqmi.daemon.cli`", "import pyqmi.daemon.cli"),
)
# What the stand-ins for the C bindings add to the daemon's count (ubus and uci are pure Python
# here): their import on top of the entry point's, ending the same way.
STANDINS_CODE = "import pyqmi.cli.main, pyqmi.daemon.cli, ubus, uci, os; os._exit(0)"
DAEMON_ROW = "`pyqmi daemon` exec to netifd action 0 (link-up), instant modem"
IMPORTS_ROW = "... of which the entry point's imports (`import pyqmi.cli.main, pyqmi.daemon.cli`)"
CONNECT_ROW = "... of which the connect (the rest: options, bus, QMI, lazy imports)"
COLUMNS = ("command", "instructions", "M instructions")


def _valgrind(log: str) -> list[str]:
    return [*VALGRIND, f"--log-file={log}"]


def _irefs(log: str) -> int:
    with open(log, encoding="utf-8", errors="replace") as file:
        return parse_irefs(file.read())


def daemon_to_link_up(prefix: list[str]) -> tuple[int, int]:
    """One daemon run to link-up (exiting there); (exit code, QMI requests the modem saw)."""
    exit_at = {"PYQMI_BENCH_EXIT_AT": "linkup"}
    with Modem() as modem, Daemon(prefix=prefix, extra_env=exit_at) as daemon:
        daemon.link_up(600.0)
        code = daemon.finish(60.0)
    return code, len(modem.timeline["requests"])


def count_inside(payload: dict[str, Any]) -> dict[str, Any]:
    """In the namespace: every command's instruction count, ``runs`` times each."""
    runs = int(payload["runs"])
    codes = [code for _, code in COMMANDS] + [ENTRY_IMPORTS, STANDINS_CODE]
    for code in codes:  # warm-up: bytecode written for everything measured
        run_python(code)
    daemon_to_link_up([])
    counts: dict[str, list[int]] = {code: [] for code in codes}
    counts["daemon"] = []
    requests = 0
    with tempfile.TemporaryDirectory(prefix="pyqmi-bench-vg-") as tmp:
        log = os.path.join(tmp, "valgrind.log")
        for _ in range(runs):
            for code in codes:
                run_python(code, prefix=_valgrind(log), timeout=600.0)
                counts[code].append(_irefs(log))
            code_, requests = daemon_to_link_up(_valgrind(log))
            if code_ != 0:
                raise RuntimeError(f"daemon under valgrind exited with {code_}")
            counts["daemon"].append(_irefs(log))
    return {"counts": counts, "requests": requests}


def bench_instructions(settings: Settings) -> BenchResult:
    runs = settings.count(2, 1)
    data = run_inside("bench.instr_bench:count_inside", {"runs": runs}, timeout=3600.0)
    counts: dict[str, list[int]] = data["counts"]
    result = BenchResult("instructions", "Instructions (valgrind)", COLUMNS)

    def add(label: str, value: int) -> None:
        result.add({"command": label, "instructions": value, "M instructions": round(value / 1e6)})

    for label, code in COMMANDS:
        add(label, counts[code][0])
    total, imports = counts["daemon"][0], counts[ENTRY_IMPORTS][0]
    add(DAEMON_ROW, total)
    add(IMPORTS_ROW, imports)
    add(CONNECT_ROW, total - imports)
    spread = max((max(v) - min(v)) / min(v) if min(v) else 0.0 for v in counts.values())
    result.notes += [
        "Counted by `valgrind --tool=cachegrind --cache-sim=no` (instructions only, no cache "
        "simulation): every instruction the process executed, all threads, from exec to exit; "
        "child processes are not followed. x86-64 instructions: a MIPS or ARM build of the same "
        "interpreter executes a different number (see the router estimate).",
        "Each command ran with bench/standins first on PYTHONPATH: `import ssl` and `import "
        "_hashlib` fail as on OpenWrt without python3-openssl (which carries both, and which "
        "pyqmi does not declare; hashlib, imported by construct, then falls back to the builtin "
        "_sha256 and friends, as tests/router shows; libcrypto's ~3.4 MB stay out of the RSS), "
        "ubus and uci are small pure-Python stand-ins for the "
        "C bindings (the real ones load libubus/libuci, not counted here); PYTHONHASHSEED=0; "
        "bytecode compiled beforehand, as the package ships it.",
        f"The daemon: the launcher {os.path.join('openwrt-package', 'pyqmi', 'files', 'pyqmi')} "
        "(as /usr/bin/pyqmi) `daemon --interface wwan`, the shim's argv, plus `--uci-confdir` "
        "(options apn=internet, pdptype=ip from a UCI file), `--state-dir` and `--ifname wwan0`, "
        "against `python -m bench.simmodem` (pyqmi-sim, scenario default, no latency) on "
        "/dev/shm/cdc-wdm0; the stand-in ubus ends the process when action 0 is sent, "
        f"after {data['requests']} QMI requests.",
        "The stand-ins' own import (`import ubus, uci` after the entry point's imports) costs "
        f"{(counts[STANDINS_CODE][0] - imports) / 1e6:.1f} M of the daemon's count.",
        f"{runs} run(s) of each command; the largest difference between two runs of one command "
        f"was {spread * 100:.2f} %. A daemon that wakes on a timer while it connects (the one "
        "before commit ff1c5a6 pumped `ubus.loop()` every 100 ms) executes more the longer "
        "valgrind takes; this spread shows whether that matters.",
    ]
    result.headline = (
        f"Instructions: exec to link-up {total / 1e6:.0f} M (imports {imports / 1e6:.0f} M, "
        f"connect {(total - imports) / 1e6:.0f} M); `python -c pass` "
        f"{counts['pass'][0] / 1e6:.0f} M."
    )
    return result
