"""SIM: read the card until it is ready, sending the PIN only when asked; bounded by ``timeout``.

The rules themselves are ``sim_policy.decide``: a PIN only when the SIM asks, only with at
least two attempts left, and a rejected PIN never again.  ``SimUnlock`` lives as long as the
machine, so "never again" holds across device sessions and redials; across daemon restarts
and reboots the daemon's marker holds it (daemon/pin_marker.py): a PIN it did not send comes
back as ``PinVerified(refused_before=...)``, a permanent ``PIN_FAILED``.  ``start`` begins
one wait (option ``timeout``, 0 = no bound).  A card status indication counts as a fresh read.
A SIM that was seen and is gone (removed while in use) is waited for within the same bound
and then reported as a transient ``SIM_MISSING``: the retries find it when it is back.
"""

from __future__ import annotations

import logging

from pyqmi.config.slices import Sim
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.link_actions import Log, ReadSim, VerifyPin
from pyqmi.session.link_events import CardStatus, Event, PinVerified, SimRead
from pyqmi.session.phase import BoundedRead, Step, act, fail
from pyqmi.session.sim_policy import CardState, Decision, SimStatus, decide, refused_before


class SimUnlock(BoundedRead):
    def __init__(self, sim: Sim, timeout: int, poll: float) -> None:
        super().__init__(timeout)  # seconds; 0: wait as long as it takes
        self.sim = sim
        self.poll = poll
        self.pin_rejected = False  # the SIM refused option pincode: never send it again
        self.had_card = False  # a card was seen in this daemon's life: its absence is a removal
        self._busy = False  # a read or the PIN is in flight

    def _read(self) -> Step:
        self._busy = True
        return act(ReadSim())

    def handle(self, event: Event, now: float) -> Step | None:
        match event:
            case SimRead(status=status):
                self._busy = False
                return self._decide(status, now)
            case CardStatus(status=status) if not self._busy:
                self._wake = None
                return self._decide(status, now)
            case PinVerified(refused_before=why) if why:
                self._busy = False
                self.pin_rejected = True
                return fail(refused_before(why))
            case PinVerified(accepted=accepted):
                self._busy = False
                step = self._read()
                if not accepted:
                    self.pin_rejected = True
                    step.actions.insert(0, Log(logging.ERROR, "the SIM rejected the PIN"))
                return step
        return None

    def _decide(self, status: SimStatus, now: float) -> Step:
        try:
            decision = decide(
                status, have_pin=bool(self.sim.pincode), pin_rejected=self.pin_rejected
            )
        except LinkError as err:
            if err.code is ErrorCode.SIM_MISSING and self.had_card:
                return self._removed(now)
            return fail(err)
        self.had_card = self.had_card or status.card is CardState.PRESENT
        if decision is Decision.READY:
            return Step([Log(logging.INFO, f"SIM ready ({status.source})")], done=True)
        if decision is Decision.VERIFY_PIN:
            left = status.pin1_retries
            text = f"SIM asks for its PIN; {left} attempts left: sending it"
            self._busy = True
            return act(Log(logging.INFO, text), VerifyPin(status.source, self.sim.pincode))
        if self._expired(now):
            return fail(
                LinkError(
                    ErrorCode.SIM_NOT_INITIALIZED,
                    f"the SIM did not become ready within {self.timeout} s "
                    f"(card {status.card}, application {status.app}): reseat the SIM or raise "
                    "option timeout",
                )
            )
        self._wake = now + self.poll
        return Step()

    def _removed(self, now: float) -> Step:
        """The SIM that was there is gone: wait for it (bounded), then a transient error."""
        if not self._expired(now):
            self._wake = now + self.poll
            return Step()
        return fail(sim_removed(f"not back within {self.timeout} s"))


def sim_removed(detail: str) -> LinkError:
    """The SIM went while pyqmi used it: transient, the link comes back with the SIM."""
    return LinkError(
        ErrorCode.SIM_MISSING,
        f"the SIM card was removed ({detail}): insert it again; pyqmi reconnects when it is back",
    )
