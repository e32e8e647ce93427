"""``make fuzz``: the long fuzz run, and its figures in bench/FUZZ.md.

1. The Hypothesis targets of tests/fuzz, with ``PYQMI_FUZZ_SCALE`` times the examples CI
   runs, drawn at random (CI runs a fixed, derandomized set): examples per target from
   tests/fuzz/conftest.py's report, failures from pytest's JUnit XML.
2. Where atheris is installed (``make fuzz`` installs it when it can), the coverage-guided
   target ``tools/fuzz_atheris.py`` for ``--atheris-runs`` inputs, seeded with libqmi's
   test frames (tests/data) and one frame of every catalog message; crashes are the inputs
   it saves.

Usage: ``python -m tools.fuzz [--scale N] [--atheris-runs N] [--out bench/FUZZ.md]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass
class Figures:
    name: str
    executions: int
    seconds: float
    crashes: int
    detail: str


def run_hypothesis(scale: int, work: str) -> tuple[Figures, dict[str, int]]:
    report = os.path.join(work, "examples.json")
    junit = os.path.join(work, "junit.xml")
    env = dict(os.environ, PYQMI_FUZZ_SCALE=str(scale), PYQMI_FUZZ_REPORT=report)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz"]
    start = time.monotonic()
    done = subprocess.run([*cmd, f"--junitxml={junit}"], cwd=ROOT, env=env, check=False)
    seconds = time.monotonic() - start
    with open(report, encoding="utf-8") as f:
        examples: dict[str, int] = json.load(f)["examples"]
    suite = ET.parse(junit).getroot().find("testsuite")
    failed = 0 if suite is None else int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    detail = f"pytest exit {done.returncode}, {len(examples)} targets, scale {scale}"
    return Figures(
        "Hypothesis (tests/fuzz)", sum(examples.values()), seconds, failed, detail
    ), examples


def seed_corpus(corpus: str) -> int:
    """libqmi's test frames and one encoded frame of each catalog message and direction."""
    from pyqmi.qmi import catalog
    from pyqmi.qmi.frame import Kind, encode_frame
    from pyqmi.qmi.message import Result, encode

    seeds = []
    with open(os.path.join(ROOT, "tests", "data", "libqmi-tests.json"), encoding="utf-8") as f:
        seeds += [bytes.fromhex(v["hex"]) for v in json.load(f) if v.get("hex")]
    for definition in catalog.ALL:
        for kind in Kind:
            if kind is Kind.INDICATION and definition.indication is None:
                continue
            result = Result(0, 0) if kind is Kind.RESPONSE else None
            frame = encode(definition, kind, {}, transaction_id=1, result=result)
            seeds.append(encode_frame(frame))
    for number, seed in enumerate(seeds):
        with open(os.path.join(corpus, f"seed-{number:03d}"), "wb") as out:
            out.write(b"\x00" + seed)  # first byte 0: one read
    return len(seeds)


def run_atheris(runs: int, work: str) -> Figures:
    if importlib.util.find_spec("atheris") is None:
        return Figures(
            "atheris", 0, 0.0, 0, "not installed here (make fuzz installs it where it can)"
        )
    corpus = os.path.join(work, "corpus")
    crashes = os.path.join(work, "crashes")
    os.makedirs(corpus)
    os.makedirs(crashes)
    seeds = seed_corpus(corpus)
    cmd = [
        sys.executable,
        "-m",
        "tools.fuzz_atheris",
        f"-atheris_runs={runs}",
        f"-artifact_prefix={crashes}/",
        "-print_final_stats=1",
        corpus,
    ]
    start = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - start
    log = done.stdout + done.stderr
    executed = re.findall(r"Done (\d+) in", log)
    coverage = re.findall(r"cov: (\d+)", log)
    found = len(os.listdir(crashes))
    if done.returncode != 0 and not found:
        sys.stderr.write(log[-4000:])
    detail = (
        f"{seeds} seeds, coverage {coverage[-1] if coverage else '?'} edges, exit {done.returncode}"
    )
    return Figures(
        "atheris (tools/fuzz_atheris.py)",
        int(executed[-1]) if executed else 0,
        seconds,
        found,
        detail,
    )


def write_markdown(path: str, figures: list[Figures], examples: dict[str, int]) -> None:
    lines = [
        "# Fuzz figures (`make fuzz`)",
        "",
        f"Written by `python -m tools.fuzz` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        f" ({platform.machine()}, CPython {platform.python_version()}; a shared 2-core machine).",
        "CI runs the same Hypothesis targets with a fixed, derandomized set of examples;",
        "this is the long run. A crash is an input that made something other than pyqmi's",
        "typed decode errors escape, or lost a valid frame.",
        "",
        "| fuzzer | executions | time (s) | crashes | notes |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [
        f"| {f.name} | {f.executions:,} | {f.seconds:.0f} | {f.crashes} | {f.detail} |"
        for f in figures
    ]
    groups: dict[str, int] = {}
    for target, count in examples.items():
        group = target.split(" ")[0] + " " + target.split(" ")[1]
        groups[group] = groups.get(group, 0) + count
    lines += [
        "",
        "Hypothesis examples by group of targets:",
        "",
        "| group | examples |",
        "|---|---:|",
    ]
    lines += [f"| {g} | {n:,} |" for g, n in sorted(groups.items())]
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.fuzz", description=__doc__)
    parser.add_argument("--scale", type=int, default=20, help="Hypothesis examples x CI's")
    parser.add_argument("--atheris-runs", type=int, default=100_000)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "FUZZ.md"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pyqmi-fuzz-") as work:
        hypothesis, examples = run_hypothesis(args.scale, work)
        atheris = run_atheris(args.atheris_runs, work)
        if atheris.crashes:
            kept = os.path.join(ROOT, "fuzz-crashes")
            os.makedirs(kept, exist_ok=True)
            for name in os.listdir(os.path.join(work, "crashes")):
                os.replace(os.path.join(work, "crashes", name), os.path.join(kept, name))
            print(f"atheris crash inputs kept in {kept}")
    figures = [hypothesis, atheris]
    write_markdown(args.out, figures, examples)
    for f in figures:
        print(
            f"{f.name}: {f.executions:,} executions in {f.seconds:.0f} s, "
            f"{f.crashes} crashes ({f.detail})"
        )
    print(f"figures written to {os.path.relpath(args.out, ROOT)}")
    return 1 if any(f.crashes for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
