"""The recovery ladder: what a stalled link tries, rung by rung, as a table.

Theory of operation
-------------------
Each time the watchdog (``stall.py``) finds the connected link stalled, the machine enters
RECOVERING, whose phase (``phase_recover.py``) climbs one rung: the next one in ``LADDER``
that its option allows and that was not tried since the link last carried traffic.  Each
rung is tried once per stall; then the link is connected and watched again, and only a new
stall climbs further.  The top rung (``REPORT``) reports ``DATA_STALLED``, naming what was
tried, and the machine's backoff applies to it (it stays there, retrying, until traffic
flows again).  Traffic seen again (``healthy``) starts the ladder over.

Each rung's work is bounded by the machine's own bounds: stopping a call by
``stop_timeout``, a re-registration by ``registration_timeout``, a modem reset by
``Timings.reset_wait`` for the modem to go and ``reset_wait`` again for its node to return.
"""

from __future__ import annotations

import enum

from pyqmi.config.slices import Heal
from pyqmi.frozen import frozen


class Rung(enum.StrEnum):
    REDIAL = "redial"
    REREGISTER = "reregister"
    RESET = "reset"
    REPORT = "report"


@frozen
class RungRow:
    rung: Rung
    option: str  # the Heal option that allows it; "" = always
    does: str  # for the log and the DATA_STALLED message


LADDER: tuple[RungRow, ...] = (
    RungRow(Rung.REDIAL, "recover_redial", "re-dial the call"),
    RungRow(Rung.REREGISTER, "recover_reregister", "re-register (radio low power, then online)"),
    RungRow(Rung.RESET, "recover_reset", "reset the modem"),
    RungRow(Rung.REPORT, "", "report DATA_STALLED and retry with backoff"),
)
ROWS = {row.rung: row for row in LADDER}


class Ladder:
    """Which rungs were tried since the link last carried traffic."""

    def __init__(self, heal: Heal) -> None:
        self.allowed = [row.rung for row in LADDER if not row.option or getattr(heal, row.option)]
        self.tried: list[Rung] = []

    @property
    def climbing(self) -> bool:
        """A recovery is under way: the link has not carried traffic since the stall."""
        return bool(self.tried)

    @property
    def current(self) -> Rung | None:
        return self.tried[-1] if self.tried else None

    def climb(self) -> Rung:
        """The next rung to try (the top one again once every other was tried)."""
        done = set(self.tried)
        rung = next((r for r in self.allowed if r not in done), Rung.REPORT)
        self.tried.append(rung)
        return rung

    def healthy(self) -> bool:
        """Traffic flows: start over.  True when a recovery was under way."""
        was, self.tried = bool(self.tried), []
        return was

    def describe_tried(self) -> str:
        steps = [ROWS[r].does for r in dict.fromkeys(self.tried) if r is not Rung.REPORT]
        return ", then ".join(steps) if steps else "nothing (every recovery step is turned off)"
