"""``python -m bench.run [--quick] [--out DIR] [--only KEY ...]``: run and report.

Theory of operation
-------------------
``BENCHMARKS`` is the list of benchmarks, each a key, a one-line description and a
function ``(Settings) -> BenchResult``.  Adding one is adding an entry (the
connection daemon will add its link-up benchmark here).  The runner times each
one, then writes ``RESULTS.md`` (the machine, then one table per benchmark with
its notes) and ``results.json`` (the same, as data) to ``--out``, by default this
directory.  ``--quick`` runs everything with tiny counts: it checks that the
benchmarks work, its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.codec_bench import bench_codec
from bench.extractor_bench import bench_extractor
from bench.linkup_bench import bench_linkup
from bench.machine import describe
from bench.memory_bench import bench_memory
from bench.result import BenchResult, Settings, fmt
from bench.roundtrip_bench import bench_roundtrip

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Benchmark:
    key: str
    what: str
    run: Callable[[Settings], BenchResult]


BENCHMARKS: list[Benchmark] = [
    Benchmark("codec", "encode/decode time of every connect-path message", bench_codec),
    Benchmark("roundtrip", "QmiClient <-> simulator over a pty", bench_roundtrip),
    Benchmark("extractor", "frame extractor MB/s and frames/s on 10 MB", bench_extractor),
    Benchmark("memory", "peak RSS of a daemon-side process", bench_memory),
    Benchmark("linkup", "daemon start to link-up against the simulator", bench_linkup),
]


def run_all(settings: Settings, only: Sequence[str] = ()) -> list[BenchResult]:
    results: list[BenchResult] = []
    for bench in BENCHMARKS:
        if only and bench.key not in only:
            continue
        print(f"bench {bench.key}: {bench.what} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        result = bench.run(settings)
        result.seconds = time.perf_counter() - start
        print(f"bench {bench.key}: done in {result.seconds:.1f} s", file=sys.stderr, flush=True)
        results.append(result)
    return results


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(machine: dict[str, str], results: list[BenchResult], quick: bool) -> str:
    lines = ["# pyqmi benchmarks", ""]
    lines.append("Written by `python -m bench.run` (`make bench`); do not edit by hand.")
    if quick:
        lines += ["", "**Quick mode: tiny counts, the numbers below mean nothing.**"]
    headlines = [f"- {r.headline}" for r in results if r.headline]
    if headlines:
        lines += ["", "## Summary", "", *headlines]
    lines += ["", "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {_cell(value)} |" for key, value in machine.items()]
    for result in results:
        lines += ["", f"## {result.title}", ""]
        lines.append("| " + " | ".join(result.columns) + " |")
        lines.append("|" + "|".join("---" for _ in result.columns) + "|")
        for row in result.rows:
            lines.append("| " + " | ".join(_cell(fmt(row[c])) for c in result.columns) + " |")
        lines.append("")
        lines += [f"- {note}" for note in result.notes]
        lines.append(f"- Benchmark `{result.key}` took {result.seconds:.1f} s.")
    return "\n".join(lines) + "\n"


def render_json(machine: dict[str, str], results: list[BenchResult], quick: bool) -> str:
    data: dict[str, Any] = {
        "quick": quick,
        "machine": machine,
        "benchmarks": [r.to_json() for r in results],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts (checks, not numbers)")
    parser.add_argument("--out", type=Path, default=HERE, help="directory for the reports")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        choices=[b.key for b in BENCHMARKS],
        help="run only this benchmark (repeatable)",
    )
    args = parser.parse_args(argv)
    settings = Settings(quick=args.quick)
    start = time.perf_counter()
    load_before = _load()
    results = run_all(settings, args.only)
    machine = describe(HERE.parent)
    machine["Run"] = f"{'quick' if args.quick else 'full'}, {time.perf_counter() - start:.0f} s"
    # Other work on the machine skews every number: say how busy it was.
    machine["Load average"] = f"{load_before} before, {_load()} after (1/5/15 min)"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "RESULTS.md").write_text(render_markdown(machine, results, args.quick))
    (args.out / "results.json").write_text(render_json(machine, results, args.quick))
    print(f"wrote {args.out / 'RESULTS.md'} and results.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
