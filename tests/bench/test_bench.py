"""The benchmark runner in quick mode: every section is written, every number plausible.

No timing thresholds here: speed is judged by ``make bench``, never by a timed test.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = {
    "codec": "Encode and decode per message (connect path)",
    "roundtrip": "Round trip QmiClient <-> simulator over a pty",
    "extractor": "Frame extractor throughput (4 KiB chunks)",
    "memory": "Peak memory of a daemon-side process",
}
MACHINE_KEYS = ("CPU", "Cores", "Memory", "Kernel", "Python", "construct", "Date")
# Columns that must be strictly positive in every row (others may be 0, e.g. an
# import step too small to grow the RSS by a page, or a TLV count).
POSITIVE = {
    "codec": ("bytes", "encode median µs", "encode p95 µs", "decode median µs", "decode p95 µs"),
    "roundtrip": ("requests", "min µs", "median µs", "p95 µs", "max µs", "requests/s"),
    "extractor": (
        "MB",
        "frames in",
        "frames out",
        "median MB/s",
        "worst MB/s",
        "best MB/s",
        "median frames/s",
    ),
    "memory": (),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return (out / "RESULTS.md").read_text(), json.loads((out / "results.json").read_text())


def _numbers(rows: list[dict[str, Any]]) -> list[float]:
    return [v for row in rows for v in row.values() if isinstance(v, int | float)]


def test_markdown_has_every_section(report: tuple[str, dict[str, Any]]) -> None:
    markdown, _ = report
    assert "## Machine" in markdown
    assert "## Summary" in markdown
    assert "Quick mode" in markdown
    for title in SECTIONS.values():
        assert f"## {title}" in markdown
    for key in MACHINE_KEYS:
        assert f"| {key} |" in markdown


def test_json_has_every_benchmark_with_rows(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    assert data["quick"] is True
    keys = [b["key"] for b in data["benchmarks"]]
    assert set(SECTIONS) <= set(keys)
    assert len(keys) == len(set(keys))
    for bench in data["benchmarks"]:
        assert bench["title"] == SECTIONS.get(bench["key"], bench["title"])
        assert bench["rows"], bench["key"]
        assert bench["headline"]
        for row in bench["rows"]:
            assert list(row) == bench["columns"]


def test_machine_section_is_filled_in(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    machine = data["machine"]
    for key in MACHINE_KEYS:
        assert machine[key] and machine[key] != "unknown", key
    assert machine["construct"].startswith("2.10")
    assert machine["Python"].endswith(".".join(map(str, sys.version_info[:3])))


def test_numbers_are_finite_and_not_negative(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    for bench in data["benchmarks"]:
        numbers = _numbers(bench["rows"])
        assert numbers, bench["key"]
        assert all(math.isfinite(n) and n >= 0 for n in numbers), bench["key"]
        for column in POSITIVE.get(bench["key"], ()):
            assert all(row[column] > 0 for row in bench["rows"]), (bench["key"], column)


def test_codec_covers_the_connect_path(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    codec = next(b for b in data["benchmarks"] if b["key"] == "codec")
    seen = {(row["message"], row["kind"]) for row in codec["rows"]}
    for expected in (
        ("ctl.allocate_cid", "request"),
        ("ctl.allocate_cid", "response"),
        ("uim.get_card_status", "response"),
        ("nas.get_serving_system", "response"),
        ("nas.get_serving_system", "indication"),
        ("wda.set_data_format", "request"),
        ("wds.start_network", "request"),
        ("wds.start_network", "response"),
        ("wds.get_current_settings", "response"),
        ("wds.get_packet_service_status", "indication"),
    ):
        assert expected in seen
    notes = " ".join(codec["notes"])
    assert "Rebuilt bytes differ" not in notes  # encode(decode(x)) == x on the whole path
    assert "Failed responses" not in notes  # the connect path succeeded in the simulator
    for row in codec["rows"]:
        assert row["encode p95 µs"] >= row["encode median µs"]
        assert row["decode p95 µs"] >= row["decode median µs"]


def test_extractor_recovers_every_clean_frame(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    extractor = next(b for b in data["benchmarks"] if b["key"] == "extractor")
    clean, noisy = extractor["rows"]
    assert clean["frames out"] == clean["frames in"]
    assert clean["errors"] == 0
    assert noisy["errors"] > 0  # the garbage was really there and reported
    assert noisy["frames out"] <= noisy["frames in"]


def test_memory_reports_the_daemon_side_process(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    memory = next(b for b in data["benchmarks"] if b["key"] == "memory")
    by_stage = {row["stage"]: row["MiB"] for row in memory["rows"]}
    bare = by_stage["interpreter start (python -c)"]
    imported = by_stage["after importing daemon-side modules"]
    peak = next(v for k, v in by_stage.items() if k.endswith("(peak RSS)"))
    assert 0 < bare < imported <= peak < 1024
    assert any(k.startswith("... of which pyqmi.qmi") for k in by_stage)
    assert "simulator code imported: no" in " ".join(memory["notes"])
