"""The daemon's own share of a connect or a redial: wall time minus the modem's share.

Theory of operation
-------------------
The simulator's timeline (``bench.simmodem``) gives each request's arrival and the time its
answer was due (arrival plus the scenario's latency), and when the modem registered. The
daemon's bus records (``bench.standins.ubus``) give when it said what. All are
``time.monotonic()`` seconds.

The *modem's share* of a window is the length of the union of the intervals in which the
modem made the daemon wait: each request's [arrival, due], and [first request, registered]
while the modem was not yet registered. Overlaps count once, so concurrent requests are not
double-counted; time the daemon spent computing while a request was outstanding is hidden in
the modem's share, as it would be on a router.

* Connect: ``process start`` is exec to the first request (interpreter, imports, options, bus,
  opening the device); ``overhead`` is first request to link-up minus the modem's share.
* Redial after a call drop: from the drop (the modem's call-end indication) to the next
  link-up, minus the modem's share and minus the backoff, which is the longest stretch in that
  window in which neither side did anything (the daemon sleeps its retry delay).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Interval = tuple[float, float]


def union_length(intervals: Iterable[Interval], lo: float, hi: float) -> float:
    """Length of the union of ``intervals`` clipped to [lo, hi]."""
    clipped = sorted((max(a, lo), min(b, hi)) for a, b in intervals if min(b, hi) > max(a, lo))
    total, end = 0.0, lo
    for start, stop in clipped:
        if stop <= end:
            continue
        total += stop - max(start, end)
        end = stop
    return total


def modem_intervals(timeline: Mapping[str, Any]) -> list[Interval]:
    """[arrival, due] of every request, and the wait for registration after the first one."""
    requests = timeline["requests"]
    intervals: list[Interval] = [(r["at"], r["due"]) for r in requests]
    registered = timeline.get("registered")
    if requests and registered is not None and registered > requests[0]["at"]:
        intervals.append((requests[0]["at"], registered))
    return intervals


@dataclass(frozen=True)
class Connect:
    wall: float  # exec to link-up
    process_start: float  # exec to the first QMI request
    modem_share: float  # of first request to link-up
    overhead: float  # first request to link-up, minus the modem's share
    requests: int  # QMI requests before link-up


def connect(t_exec: float, t_up: float, timeline: Mapping[str, Any]) -> Connect:
    requests = [r for r in timeline["requests"] if r["at"] <= t_up]
    if not requests:
        raise ValueError("the modem saw no request before link-up")
    first = requests[0]["at"]
    share = union_length(modem_intervals({**timeline, "requests": requests}), first, t_up)
    return Connect(
        wall=t_up - t_exec,
        process_start=first - t_exec,
        modem_share=share,
        overhead=(t_up - first) - share,
        requests=len(requests),
    )


@dataclass(frozen=True)
class Redial:
    wall: float  # call drop to link-up again
    backoff: float  # the longest idle stretch in between (the retry delay)
    modem_share: float
    overhead: float  # wall minus backoff minus the modem's share
    requests: int


def longest_gap(times: Sequence[float]) -> Interval:
    """The longest stretch between two consecutive ``times`` (sorted here)."""
    ordered = sorted(times)
    if len(ordered) < 2:
        raise ValueError("a gap needs two times")
    return max(itertools.pairwise(ordered), key=lambda pair: pair[1] - pair[0])


def redial(t_drop: float, t_up: float, requests: Sequence[Mapping[str, Any]],
           said: Sequence[float]) -> Redial:  # fmt: skip
    """One redial: ``requests`` from the modem's timeline, ``said`` the daemon's bus times."""
    inside = [r for r in requests if t_drop <= r["at"] <= t_up]
    events = [t_drop, t_up, *(t for t in said if t_drop <= t <= t_up)]
    for r in inside:
        events += [r["at"], min(r["due"], t_up)]
    gap_start, gap_end = longest_gap(events)
    intervals = [(r["at"], r["due"]) for r in inside]
    share = union_length(intervals, t_drop, t_up)
    backoff = gap_end - gap_start
    return Redial(
        wall=t_up - t_drop,
        backoff=backoff,
        modem_share=share,
        overhead=(t_up - t_drop) - backoff - share,
        requests=len(inside),
    )
