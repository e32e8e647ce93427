"""Reading another process from the outside: /proc status and schedstat, valgrind's summary.

Everything the daemon benchmarks know about the daemon comes from here or from what it said on
the (stand-in) bus; nothing runs inside it. The parsers take text so the tests can feed them
samples; the readers open /proc.

* ``/proc/PID/status``: ``VmRSS``/``VmHWM`` (KiB) and the context-switch counters. Those are
  per thread, so a process's wake-ups are the sum over ``/proc/PID/task/*/status``.
* ``/proc/PID/task/TID/schedstat``: the first field is the thread's run time in nanoseconds
  (the scheduler's own sum, not the 10 ms ticks of ``/proc/PID/stat``).
* ``/proc/PID/stat``: ``utime`` and ``stime`` (fields 14 and 15, clock ticks) of the whole
  process, all its threads.
* valgrind's ``==PID== I   refs:      1,234`` line: the instructions the process executed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

_IREFS = re.compile(r"^==\d+==\s+I\s+refs:\s+([\d,]+)\s*$", re.MULTILINE)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ProcGone(RuntimeError):
    """The process (or thread) ended while it was being read."""


def parse_irefs(stderr: str) -> int:
    """The instruction count in valgrind's (cachegrind's or callgrind's) closing summary."""
    found = _IREFS.findall(stderr)
    if len(found) != 1:
        raise ValueError(f"expected one 'I refs' summary line from valgrind, found {len(found)}")
    return int(found[0].replace(",", ""))


def parse_status(text: str) -> dict[str, int]:
    """The numeric fields of a /proc/PID/status text (``VmRSS`` in KiB, counters as they are)."""
    fields: dict[str, int] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        words = value.split()
        if sep and words and words[0].isdigit():
            fields[key.strip()] = int(words[0])
    return fields


def parse_schedstat(text: str) -> int:
    """Run time in nanoseconds from a /proc/.../schedstat text."""
    words = text.split()
    if len(words) != 3 or not all(w.isdigit() for w in words):
        raise ValueError(f"not a schedstat line: {text!r}")
    return int(words[0])


def parse_stat_cpu(text: str) -> int:
    """utime + stime in clock ticks from a /proc/PID/stat text (the name may hold spaces)."""
    tail = text.rpartition(")")[2].split()
    # tail[0] is field 3 (state); utime and stime are fields 14 and 15.
    if len(tail) < 13:
        raise ValueError(f"not a /proc/PID/stat line: {text[:80]!r}")
    return int(tail[11]) + int(tail[12])


def _read(path: str) -> str:
    try:
        with open(path, encoding="ascii") as file:
            return file.read()
    except (FileNotFoundError, ProcessLookupError):
        raise ProcGone(path) from None


@dataclass(frozen=True)
class Sample:
    """One look at a process: its threads' wake-ups and run time, and its CPU ticks."""

    threads: int
    voluntary: int  # context switches, summed over the threads alive now
    involuntary: int
    run_ns: int  # schedstat run time, summed over the threads alive now
    cpu_ticks: int  # utime + stime of the process (clock ticks)
    per_thread: tuple[tuple[int, int, int], ...] = ()  # (tid, context switches, run ns)

    @property
    def switches(self) -> int:
        return self.voluntary + self.involuntary


def sample(pid: int) -> Sample:
    """Read every thread of ``pid`` now."""
    voluntary = involuntary = run_ns = threads = 0
    per_thread: list[tuple[int, int, int]] = []
    for tid in sorted(os.listdir(f"/proc/{pid}/task")):
        try:
            status = parse_status(_read(f"/proc/{pid}/task/{tid}/status"))
            run = parse_schedstat(_read(f"/proc/{pid}/task/{tid}/schedstat"))
        except ProcGone:
            continue  # a thread that ended meanwhile
        threads += 1
        voluntary += status["voluntary_ctxt_switches"]
        involuntary += status["nonvoluntary_ctxt_switches"]
        run_ns += run
        switches = status["voluntary_ctxt_switches"] + status["nonvoluntary_ctxt_switches"]
        per_thread.append((int(tid), switches, run))
    ticks = parse_stat_cpu(_read(f"/proc/{pid}/stat"))
    return Sample(threads, voluntary, involuntary, run_ns, ticks, tuple(per_thread))


def memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of ``pid`` in KiB."""
    status = parse_status(_read(f"/proc/{pid}/status"))
    return status["VmRSS"], status["VmHWM"]
