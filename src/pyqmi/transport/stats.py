"""Counters of one client's traffic, read by tests and the benchmark."""

from __future__ import annotations

from pyqmi.frozen import mutable


@mutable
class TransportStats:
    requests_sent: int = 0  # request frames handed to the port
    responses_received: int = 0  # responses that completed a waiting request
    responses_dropped: int = 0  # responses nobody waited for (late, or not ours)
    indications_received: int = 0  # every indication frame read, delivered or not
    timeouts: int = 0  # requests that ended in RequestTimeout
    cids_allocated: int = 0  # successful CTL allocate_cid
    cids_released: int = 0  # successful CTL release_cid
