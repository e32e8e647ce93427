"""``python -m bench.run [--quick] [--out DIR] [--only KEY ...]``: run and report.

Theory of operation
-------------------
``BENCHMARKS`` is the list of benchmarks, each a key, a one-line description and a
function ``(Settings) -> BenchResult`` (or a list of results, when one set of runs
fills several tables).  Adding one is adding an entry.  The runner times each one,
then ``bench.targets.summaries`` adds issue 8's targets table (first) and the router
estimate (after the instruction counts), and it writes ``RESULTS.md`` (the machine,
then one table per result with its notes) and ``results.json`` (the same, as data)
to ``--out``, by default this directory.  ``--quick`` runs everything with tiny
counts and a 5 s idle window: it checks that the benchmarks work, its numbers mean
nothing.  ``--idle-seconds`` sets the idle window (180 s by default: three of the
watchdog's minutes, so its first, costlier read does not stand for every minute).

The daemon benchmarks (instructions, timing, footprint, redial) run the real entry
point in a mount namespace (``bench.namespace``), so they need root, util-linux and
valgrind (``make bench`` installs valgrind when it is missing).
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
from bench.footprint_bench import bench_footprint
from bench.instr_bench import bench_instructions
from bench.machine import describe
from bench.redial_bench import bench_redial
from bench.result import BenchResult, Settings, fmt
from bench.roundtrip_bench import bench_roundtrip
from bench.targets import summaries
from bench.wall_bench import bench_timing

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Benchmark:
    key: str
    what: str
    run: Callable[[Settings], BenchResult | list[BenchResult]]


BENCHMARKS: list[Benchmark] = [
    Benchmark(
        "instructions", "valgrind instruction counts, start-up to link-up", bench_instructions
    ),
    Benchmark("timing", "wall time, CPU and connect overhead of the real daemon", bench_timing),
    Benchmark("footprint", "RSS, bytecode, idle wake-ups and teardown", bench_footprint),
    Benchmark("redial", "redial overhead after a call drop", bench_redial),
    Benchmark("codec", "encode/decode time of every connect-path message", bench_codec),
    Benchmark("roundtrip", "QmiClient <-> simulator over a pty", bench_roundtrip),
    Benchmark("extractor", "frame extractor MB/s and frames/s on 10 MB", bench_extractor),
]


def run_all(settings: Settings, only: Sequence[str] = ()) -> list[BenchResult]:
    results: list[BenchResult] = []
    for bench in BENCHMARKS:
        if only and bench.key not in only:
            continue
        print(f"bench {bench.key}: {bench.what} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        outcome = bench.run(settings)
        made = outcome if isinstance(outcome, list) else [outcome]
        seconds = time.perf_counter() - start
        for result in made:
            result.seconds = seconds
        print(f"bench {bench.key}: done in {seconds:.1f} s", file=sys.stderr, flush=True)
        results.extend(made)
    return results


def with_summaries(results: list[BenchResult]) -> list[BenchResult]:
    """The targets first, the router estimate right after the instruction counts."""
    extra = {r.key: r for r in summaries(results)}
    ordered = [extra.pop("targets")]
    for result in results:
        ordered.append(result)
        if result.key == "instructions" and "estimate" in extra:
            ordered.append(extra.pop("estimate"))
    return ordered


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
        if result.seconds:
            lines.append(
                f"- Measured in {result.seconds:.1f} s (with the tables of the same runs)."
            )
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
    parser.add_argument(
        "--idle-seconds", type=float, default=180.0, help="idle window while connected (s)"
    )
    parser.add_argument("--out", type=Path, default=HERE, help="directory for the reports")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        choices=[b.key for b in BENCHMARKS],
        help="run only this benchmark (repeatable)",
    )
    args = parser.parse_args(argv)
    settings = Settings(quick=args.quick, idle_seconds=args.idle_seconds)
    start = time.perf_counter()
    load_before = _load()
    results = with_summaries(run_all(settings, args.only))
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
