"""The data-stall watchdog: is a connected link carrying anything, from its packet counters?

Theory of operation
-------------------
A call can stay "connected" in the modem's eyes while nothing arrives: no indication comes,
so only the data interface can tell.  While connected, the machine reads its packet
counters every ``stall_check`` seconds (the one timer allowed while connected) and feeds
each reading to ``StallWatch.sample``, which answers with a ``Verdict``:

- the received count moved: ``FLOWING`` (the link works; the recovery ladder starts over);
- nothing moved either way: ``IDLE``.  An unused link is not a stalled one, so the default
  never flaps a healthy but idle link;
- packets went out while none came in for ``stall_quiet`` seconds: ``STALLED``, or
  ``PROBE`` when a probe host is configured (its answer decides: ``probed``);
- with a probe host, an idle link is also probed once per ``stall_quiet``, which catches a
  dead link that nobody uses.

A reading that fails (``None``) or counters that went backwards (the interface was made
anew) start the window over.  Pure: no clock, no I/O; ``now`` comes with each call.
"""

from __future__ import annotations

import enum

from pyqmi.frozen import frozen


class Verdict(enum.Enum):
    FLOWING = "flowing"  # packets arrive
    IDLE = "idle"  # nothing moves either way, or not long enough to judge
    PROBE = "probe"  # ask the probe host before judging
    STALLED = "stalled"  # packets leave, none arrive


@frozen
class StallPolicy:
    check: float  # seconds between two readings
    quiet: float  # seconds of sending without receiving before a stall
    probe: bool  # a probe host is configured


class StallWatch:
    def __init__(self, policy: StallPolicy, now: float) -> None:
        self.policy = policy
        self._rx: int | None = None
        self._tx: int | None = None
        self._tx_at_rx = 0  # the sent count when something last arrived
        self._since = now  # when something last arrived (or the window began)
        self._wake: float | None = now + policy.check
        self.why = ""  # what the last STALLED or PROBE verdict saw, for the log

    @property
    def wake(self) -> float | None:
        """When the next reading is due; None while one is being taken."""
        return self._wake

    def reading(self) -> None:
        """A reading was asked for: no wake-up until it is in."""
        self._wake = None

    def sample(self, rx: int | None, tx: int | None, now: float) -> Verdict:
        self._wake = now + self.policy.check
        if rx is None or tx is None:
            self._restart(None, None, now)
            return Verdict.IDLE
        if self._rx is None or self._tx is None or rx < self._rx or tx < self._tx:
            self._restart(rx, tx, now)
            return Verdict.IDLE
        if rx > self._rx:
            self._restart(rx, tx, now)
            return Verdict.FLOWING
        self._tx = tx
        quiet = now - self._since
        if quiet < self.policy.quiet:
            return Verdict.IDLE
        sent = tx - self._tx_at_rx
        if sent > 0:
            self.why = f"{sent} packets sent and none received in {quiet:.0f} s"
            return Verdict.PROBE if self.policy.probe else Verdict.STALLED
        if self.policy.probe:
            self.why = f"no traffic either way in {quiet:.0f} s"
            return Verdict.PROBE
        return Verdict.IDLE

    def probed(self, answered: bool, now: float) -> Verdict:
        """The probe's answer: a reply means the link works (the window starts over)."""
        self._wake = now + self.policy.check
        if answered:
            self._since, self._tx_at_rx = now, self._tx or 0
            return Verdict.FLOWING
        self.why += "; the probe got no answer"
        return Verdict.STALLED

    def _restart(self, rx: int | None, tx: int | None, now: float) -> None:
        self._rx, self._tx = rx, tx
        self._tx_at_rx, self._since = tx or 0, now
