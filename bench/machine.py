"""The machine a benchmark ran on, for the top of RESULTS.md."""

from __future__ import annotations

import contextlib
import datetime
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path


def _cpuinfo_field(name: str) -> str:
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    return ""


def _mem_total() -> str:
    with contextlib.suppress(OSError), open("/proc/meminfo", encoding="ascii") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                return f"{kib / 1024 / 1024:.1f} GiB"
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git_commit(root: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() or "unknown"


def describe(root: Path) -> dict[str, str]:
    """CPU, cores, memory, kernel, Python, construct, date, commit: as display strings."""
    uname = os.uname()
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    cores = f"{os.cpu_count()} logical" + (f" ({affinity} usable)" if affinity else "")
    return {
        "CPU": _cpuinfo_field("model name") or platform.processor() or uname.machine,
        "Cores": cores,
        "Memory": _mem_total(),
        "Kernel": f"{uname.sysname} {uname.release} ({uname.machine})",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "construct": _version("construct"),
        "pyqmi": f"{_version('pyqmi')} (commit {_git_commit(root)})",
        "Date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
