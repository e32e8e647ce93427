"""The benchmark runner in quick mode, on the micro-benchmarks: every section is written.

No timing thresholds here: speed is judged by ``make bench``, never by a timed test. The
daemon benchmarks need root and valgrind and take minutes; their parts are tested on their
own (test_bench_parsers.py, test_bench_daemon.py).
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
    "targets": "Targets (issue 8)",
    "codec": "Encode and decode per message (connect path)",
    "roundtrip": "Round trip QmiClient <-> simulator over a pty",
    "extractor": "Frame extractor throughput (4 KiB chunks)",
}
MACHINE_KEYS = ("CPU", "Cores", "Memory", "Kernel", "Python", "construct", "Date")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench")
    only = [arg for key in ("codec", "roundtrip", "extractor") for arg in ("--only", key)]
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", *only, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return (out / "RESULTS.md").read_text(), json.loads((out / "results.json").read_text())


def test_markdown_has_every_section(report: tuple[str, dict[str, Any]]) -> None:
    markdown, _ = report
    assert "## Machine" in markdown and "## Summary" in markdown and "Quick mode" in markdown
    for title in SECTIONS.values():
        assert f"## {title}" in markdown
    for key in MACHINE_KEYS:
        assert f"| {key} |" in markdown
    assert markdown.index("## Targets") < markdown.index("## Encode and decode")


def test_json_rows_follow_their_columns(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    assert data["quick"] is True
    keys = [b["key"] for b in data["benchmarks"]]
    assert keys[0] == "targets" and set(SECTIONS) == set(keys)
    for bench in data["benchmarks"]:
        assert bench["title"] == SECTIONS[bench["key"]]
        assert bench["rows"] and bench["headline"]
        for row in bench["rows"]:
            assert list(row) == bench["columns"]
            numbers = [v for v in row.values() if isinstance(v, int | float)]
            assert all(math.isfinite(n) and n >= 0 for n in numbers)


def test_targets_not_run_are_marked_not_measured(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    targets = next(b for b in data["benchmarks"] if b["key"] == "targets")
    assert {row["met"] for row in targets["rows"]} == {"not measured"}
    assert any("measured reference quoted from issue 8" in note for note in targets["notes"])


def test_codec_round_trips_the_connect_path(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    codec = next(b for b in data["benchmarks"] if b["key"] == "codec")
    seen = {(row["message"], row["kind"]) for row in codec["rows"]}
    assert ("wds.start_network", "request") in seen
    assert ("wds.get_current_settings", "response") in seen
    notes = " ".join(codec["notes"])
    assert "Rebuilt bytes differ" not in notes and "Failed responses" not in notes


def test_extractor_recovers_every_clean_frame(report: tuple[str, dict[str, Any]]) -> None:
    _, data = report
    extractor = next(b for b in data["benchmarks"] if b["key"] == "extractor")
    clean, noisy = extractor["rows"]
    assert clean["frames out"] == clean["frames in"] and clean["errors"] == 0
    assert noisy["errors"] > 0 and noisy["frames out"] <= noisy["frames in"]
