"""Timing helpers: call something many times with ``perf_counter_ns`` and summarise.

Each call is timed on its own (a QMI encode or decode takes tens of microseconds,
far above the ~100 ns cost of reading the clock), so the spread is real and the
p95 means something.  Warm-up calls run first and are not counted.
"""

from __future__ import annotations

import gc
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter_ns


@dataclass(frozen=True)
class Summary:
    """Durations in nanoseconds: how many, and min / median / p95 / max."""

    count: int
    min_ns: float
    median_ns: float
    p95_ns: float
    max_ns: float

    @property
    def median_us(self) -> float:
        return self.median_ns / 1000

    @property
    def p95_us(self) -> float:
        return self.p95_ns / 1000

    @property
    def min_us(self) -> float:
        return self.min_ns / 1000

    @property
    def max_us(self) -> float:
        return self.max_ns / 1000


def percentile(ordered: list[int] | list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted, non-empty list."""
    if not ordered:
        raise ValueError("percentile of no samples")
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return float(ordered[rank - 1])


def summarize(samples_ns: list[int] | list[float]) -> Summary:
    if not samples_ns:
        raise ValueError("no samples to summarise")
    ordered = sorted(samples_ns)
    return Summary(
        count=len(ordered),
        min_ns=float(ordered[0]),
        median_ns=float(statistics.median(ordered)),
        p95_ns=percentile(ordered, 0.95),
        max_ns=float(ordered[-1]),
    )


def time_calls(fn: Callable[[], object], *, repeat: int, warmup: int) -> Summary:
    """Time ``repeat`` separate calls of ``fn`` after ``warmup`` untimed ones.

    The garbage collector stays on, as in the daemon: its pauses are part of the
    real cost and show up in the p95 and max rather than being hidden.  A full
    collection runs once first so leftovers of an earlier benchmark do not count.
    """
    for _ in range(warmup):
        fn()
    gc.collect()
    samples: list[int] = []
    for _ in range(repeat):
        start = perf_counter_ns()
        fn()
        samples.append(perf_counter_ns() - start)
    return summarize(samples)
