"""The bench's parts that need no daemon: parsers, the overhead arithmetic, targets, stand-ins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # bench/ is not an installed package

from bench.overhead import connect, redial, union_length  # noqa: E402
from bench.procstat import (  # noqa: E402
    memory_kib,
    parse_irefs,
    parse_schedstat,
    parse_stat_cpu,
    parse_status,
    sample,
)
from bench.result import BenchResult  # noqa: E402
from bench.standins.uci import Uci, UciExceptionInvalidInput, UciExceptionNotFound  # noqa: E402
from bench.targets import CORES, estimate, seconds, targets  # noqa: E402

CACHEGRIND = """==4242== Cachegrind, a cache and branch-prediction profiler
==4242== Command: python3 -c pass
==4242==
--4242-- warning: L3 cache found, using its data for the LL simulation.
==4242==
==4242== I   refs:      37,241,110
"""


def test_irefs_from_cachegrinds_summary() -> None:
    assert parse_irefs(CACHEGRIND) == 37_241_110
    callgrind = "==7== Events    : Ir\n==7== Collected : 5\n==7==\n==7== I   refs:      1,018\n"
    assert parse_irefs(callgrind) == 1018


@pytest.mark.parametrize("text", ["", "==1== Command: x\n", CACHEGRIND + CACHEGRIND])
def test_irefs_needs_exactly_one_summary(text: str) -> None:
    with pytest.raises(ValueError, match="I refs"):
        parse_irefs(text)


def test_status_fields() -> None:
    text = (
        "Name:\tpython3\nState:\tS (sleeping)\nVmHWM:\t   26920 kB\nVmRSS:\t   26912 kB\n"
        "Threads:\t2\nvoluntary_ctxt_switches:\t1204\nnonvoluntary_ctxt_switches:\t17\n"
    )
    fields = parse_status(text)
    assert fields["VmRSS"] == 26912 and fields["VmHWM"] == 26920
    assert fields["voluntary_ctxt_switches"] == 1204
    assert fields["nonvoluntary_ctxt_switches"] == 17
    assert "Name" not in fields and "State" not in fields


def test_schedstat_and_stat() -> None:
    assert parse_schedstat("12345678 910 11\n") == 12345678
    with pytest.raises(ValueError):
        parse_schedstat("not a line")
    # A command name with spaces and a parenthesis must not shift the fields.
    stat = "4242 (py thon) x) S 1 4242 4242 0 -1 4194560 900 0 0 0 37 5 0 0 20 0 2 0 100 0 0"
    assert parse_stat_cpu(stat) == 42
    with pytest.raises(ValueError):
        parse_stat_cpu("4242 (short) S 1")


def test_sample_of_this_process_counts_every_thread() -> None:
    here = sample(os.getpid())
    assert here.threads >= 1 and here.run_ns > 0
    assert here.switches == sum(switches for _, switches, _ in here.per_thread)
    rss, hwm = memory_kib(os.getpid())
    assert 0 < rss <= hwm


def test_union_counts_overlaps_once_and_clips() -> None:
    assert union_length([(0, 2), (1, 3), (5, 6)], 0, 10) == 4
    assert union_length([(0, 2), (1, 3)], 1.5, 2.5) == 1
    assert union_length([], 0, 1) == 0
    assert union_length([(2, 3)], 0, 1) == 0


def test_connect_split() -> None:
    timeline = {
        "requests": [
            {"name": "ctl.get_version_info", "at": 10.2, "due": 10.205},
            {"name": "nas.get_serving_system", "at": 10.21, "due": 10.215},
            {"name": "wds.start_network", "at": 11.1, "due": 11.4},
            {"name": "after", "at": 12.0, "due": 12.1},  # after link-up: not counted
        ],
        "registered": 11.0,
    }
    split = connect(10.0, 11.45, timeline)
    assert split.requests == 3
    assert split.process_start == pytest.approx(0.2)
    assert split.wall == pytest.approx(1.45)
    # Waiting: 10.2..11.0 (registration, covering the first two) and 11.1..11.4.
    assert split.modem_share == pytest.approx(0.8 + 0.3)
    assert split.overhead == pytest.approx(1.25 - 1.1)


def test_connect_without_requests_is_an_error() -> None:
    with pytest.raises(ValueError, match="no request"):
        connect(0.0, 1.0, {"requests": [], "registered": None})


def test_redial_excludes_the_backoff() -> None:
    requests = [
        {"name": "nas.get_serving_system", "at": 21.50, "due": 21.505},
        {"name": "wds.start_network", "at": 21.51, "due": 21.81},
    ]
    said = [20.05, 20.06, 21.83]  # link down, error, then (bus) link-up
    again = redial(20.0, 21.83, requests, said)
    assert again.backoff == pytest.approx(21.50 - 20.06)
    assert again.modem_share == pytest.approx(0.305)
    assert again.overhead == pytest.approx(1.83 - 1.44 - 0.305)
    assert again.requests == 2


def _result(key: str, facts: dict[str, float], rows: list[dict[str, object]] | None = None,
            columns: tuple[str, ...] = ("x",)) -> BenchResult:  # fmt: skip
    result = BenchResult(key, key, columns)
    result.facts.update(facts)
    for row in rows or [{"x": 0}]:
        result.add(row)  # type: ignore[arg-type]
    return result


def _instructions(total: int) -> BenchResult:
    columns = ("command", "instructions", "M instructions")
    rows: list[dict[str, object]] = [
        {"command": "`python -c pass`", "instructions": 37_000_000, "M instructions": 37},
        {"command": "`pyqmi daemon` exec to ...", "instructions": total, "M instructions": 0},
    ]
    return _result("instructions", {}, rows, columns)


def test_targets_say_met_and_not_met() -> None:
    results = [
        _instructions(600_000_000),
        _result("memory", {"rss_steady_mib": 17.5, "rss_peak_mib": 19.0}),
        _result("idle", {"wakeups": 0, "cpu_ms_per_min": 2.0, "window_s": 60, "quiet": 1}),
        _result(
            "connect",
            {
                "requests_default": 20,
                "requests_lacking": 21,
                "overhead_median_ms": 12.0,
                "overhead_max_ms": 30.0,
                "process_start_median_ms": 180.0,
            },
        ),
        _result("redial", {"overhead_median_ms": 99.9, "overhead_max_ms": 150.0}),
        _result("teardown", {"median_ms": 300.0, "max_ms": 310.0}),
    ]
    verdicts = {row["target"]: row["met"] for row in targets(results).rows}
    assert verdicts == {
        "connect CPU: exec to action 0, instant modem": "NOT met",
        "steady RSS while connected": "met",
        "idle: timer wake-ups": "met",
        "idle: CPU": "NOT met",
        "QMI requests to link-up (IPv4), pyqmi-sim": "met",
        "QMI requests to link-up (IPv4), a modem lacking the optional messages": "NOT met",
        "connect overhead beyond the modem's share (realistic modem)": "met",
        "redial after a call drop, backoff excluded": "met",
        "teardown, responsive modem": "NOT met",  # "under 300 ms"
    }


def test_idle_wakeups_count_only_in_a_quiet_window() -> None:
    idle = _result("idle", {"wakeups": 0, "cpu_ms_per_min": 0.1, "window_s": 60, "quiet": 0})
    rows = {row["target"]: row["met"] for row in targets([idle]).rows}
    assert rows["idle: timer wake-ups"] == "NOT met"


@pytest.mark.parametrize(
    ("wakeups", "window_s", "met"),
    [(3, 180, "met"), (1, 60, "met"), (0, 180, "met"), (4, 180, "NOT met"), (2, 60, "NOT met")],
)
def test_idle_allows_the_watchdogs_read_a_minute(wakeups: int, window_s: int, met: str) -> None:
    facts = {"wakeups": wakeups, "cpu_ms_per_min": 0.5, "window_s": window_s, "quiet": 1}
    rows = {row["target"]: row["met"] for row in targets([_result("idle", facts)]).rows}
    assert rows["idle: timer wake-ups"] == met


def test_router_estimate_is_the_stated_arithmetic() -> None:
    mips, a53 = CORES
    assert seconds(1e9, mips) == pytest.approx(1e9 * 1.3 / (0.35 * 880e6))
    assert seconds(1e9, a53) == pytest.approx(1e9 * 1.15 / (0.6 * 1.2e9))
    table = estimate(_instructions(600_000_000), None)
    daemon = table.rows[1]
    assert daemon[mips.name + " s"] == round(seconds(600e6, mips), 2)
    low, high = (float(x) for x in str(daemon[mips.name + " range s"]).split("-"))
    assert low < float(daemon[mips.name + " s"]) < high
    assert any("ESTIMATE" in note for note in table.notes)


def test_uci_standin_reads_the_bench_file(tmp_path: Path) -> None:
    (tmp_path / "network").write_text(
        "config interface 'wwan'\n\toption proto 'pyqmi'\n\toption apn 'internet'\n"
    )
    cursor = Uci(confdir=str(tmp_path))
    assert cursor.get("network", "wwan") == "interface"
    assert cursor.get_all("network", "wwan") == {"proto": "pyqmi", "apn": "internet"}
    with pytest.raises(UciExceptionNotFound):
        cursor.get("network", "lan")
    with pytest.raises(UciExceptionNotFound):
        cursor.get("wireless")
    (tmp_path / "broken").write_text("option apn 'x'\n")
    with pytest.raises(UciExceptionInvalidInput):
        cursor.get("broken")


LINK_UP = {"action": 0, "link-up": True, "interface": "wwan", "ifname": "wwan0"}


def _call_standin(exit_at: str, modules: bool) -> tuple[int, list[dict[str, Any]]]:
    code = (
        "import ubus; ubus.connect(); "
        "ubus.call('network.interface', 'notify_proto', {'action': 3}); "
        f"ubus.call('network.interface', 'notify_proto', {LINK_UP!r}); "
        "ubus.disconnect()"
    )
    read_fd, write_fd = os.pipe()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "bench" / "standins"),
           "PYQMI_STANDIN_UBUS_FD": str(write_fd), "PYQMI_BENCH_EXIT_AT": exit_at,
           "PYQMI_BENCH_MODULES": "1" if modules else ""}  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, pass_fds=(write_fd,))
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        records = [json.loads(line) for line in pipe.read().splitlines()]
    return proc.wait(30), records


def test_ubus_standin_ends_the_process_at_link_up() -> None:
    code, records = _call_standin("linkup", modules=True)
    assert code == 0
    assert [r["kind"] for r in records] == ["connect", "call", "call"]  # no disconnect
    up = records[-1]
    assert up["args"] == LINK_UP and isinstance(up["t"], float)
    assert ["ubus", str(ROOT / "bench" / "standins" / "ubus.py")] in up["modules"]


def test_ubus_standin_records_everything_without_exit() -> None:
    code, records = _call_standin("", modules=False)
    assert code == 0
    assert [r["kind"] for r in records] == ["connect", "call", "call", "disconnect"]
    assert "modules" not in records[2]
    assert records[0]["t"] <= records[1]["t"] <= records[2]["t"]


def test_a_data_refresh_is_not_a_link_up() -> None:
    from bench.rig import is_link_up

    up = {"method": "notify_proto", "args": {"action": 0, "link-up": True, "interface": "wwan"}}
    refresh = {"method": "notify_proto", "args": {**up["args"], "keep": True, "data": {}}}
    down = {"method": "notify_proto", "args": {"action": 0, "link-up": False}}
    assert is_link_up(up) and not is_link_up(refresh) and not is_link_up(down)
