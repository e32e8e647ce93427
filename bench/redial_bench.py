"""Redial after a call drop: the daemon's overhead from the drop to link-up again.

Theory of operation
-------------------
The realistic modem (5 ms per exchange, 300 ms more for Start Network) drops every data call
``drop_after`` seconds after it connected, with a call-end indication (pyqmi-sim's
``call_drop_after``). One daemon (the real entry point, ``retry_backoff_min 1`` in UCI, the
smallest allowed) redials each time; the bench waits for ``drops`` link-ups after the first
and then stops it. ``bench.overhead.redial`` takes each drop's window, from the modem's drop to
the next link-up, and subtracts the backoff (the longest stretch in which neither the daemon
nor the modem did anything) and the modem's share of the requests in it.
"""

from __future__ import annotations

import dataclasses
import statistics
from typing import Any

from bench import overhead
from bench.namespace import run_inside
from bench.result import BenchResult, Settings
from bench.rig import OPTIONS, Daemon, Modem

DROP_AFTER = 1.0
MODEM: dict[str, Any] = {
    "latency_ms": 5.0,
    "message_latency_ms": {"wds.start_network": 300.0},
    "call_drop_after": DROP_AFTER,
}
COLUMNS = ("drop", "wall ms", "backoff ms", "modem share ms", "overhead ms", "QMI requests")


def redial_inside(payload: dict[str, Any]) -> dict[str, Any]:
    drops = int(payload["drops"])
    options = {**OPTIONS, "retry_backoff_min": "1"}
    with Modem(overrides=MODEM) as modem, Daemon(options=options) as daemon:
        ups = [daemon.link_up(60.0)]
        for _ in range(drops):
            ups.append(daemon.link_up(60.0, after=ups[-1]["t"]))
        daemon.terminate(10.0)
    said = [r["t"] for r in daemon.records]
    requests = modem.timeline["requests"]
    windows = []
    for t_drop in modem.timeline["drops"][:drops]:
        t_up = min(u["t"] for u in ups if u["t"] > t_drop)
        windows.append(dataclasses.asdict(overhead.redial(t_drop, t_up, requests, said)))
    names = [r["name"] for r in requests if windows and r["at"] > modem.timeline["drops"][0]]
    return {"windows": windows, "names": names[: windows[0]["requests"]] if windows else []}


def bench_redial(settings: Settings) -> BenchResult:
    drops = settings.count(5, 1)
    data = run_inside("bench.redial_bench:redial_inside", {"drops": drops}, timeout=600.0)
    result = BenchResult("redial", "Redial after a call drop (backoff excluded)", COLUMNS)
    for number, w in enumerate(data["windows"], 1):
        result.add({
            "drop": number, "wall ms": round(w["wall"] * 1e3, 1),
            "backoff ms": round(w["backoff"] * 1e3, 1),
            "modem share ms": round(w["modem_share"] * 1e3, 1),
            "overhead ms": round(w["overhead"] * 1e3, 1), "QMI requests": w["requests"],
        })  # fmt: skip
    overheads = [w["overhead"] * 1e3 for w in data["windows"]]
    result.facts.update(
        overhead_median_ms=statistics.median(overheads), overhead_max_ms=max(overheads)
    )
    result.notes += [
        f"The modem drops each call {DROP_AFTER:.0f} s after it connected (5 ms per exchange, "
        "Start Network 300 ms); the daemon runs with retry_backoff_min 1. Window: the modem's "
        "call-end indication to the next link-up; backoff: the longest stretch in it with no "
        "bus call and no request; modem share: as for the connect.",
        "Requests of the first redial: " + (", ".join(data["names"]) or "-") + ".",
    ]
    result.headline = (
        f"Redial after a call drop: {statistics.median(overheads):.1f} ms overhead (median of "
        f"{len(overheads)}, backoff excluded)."
    )
    return result
