"""REGISTERING: wait for network registration, driven by serving-system indications.

The serving system is read once; after that the wait reacts to indications at once and reads
it again only when none came for ``registration_recheck`` seconds, so a modem that never
indicates still gets through.  The whole wait is bounded by option ``registration_timeout``
(0 = no bound): when it passes, the last read decides, and the error names the last state
the network reported.  With option roaming 0 a roaming registration is ``ROAMING_DENIED``
(transient: the retry waits for the home network again).  The machine merges indications
into its facts (keeping the last signal reading) before handing them here.
"""

from __future__ import annotations

import logging

from pyqmi.session.link_actions import Log, ReadRegistration
from pyqmi.session.link_events import Event, RegistrationRead, ServingSystem
from pyqmi.session.phase import BoundedRead, Step, act, fail
from pyqmi.session.registration import Registration, roaming_denied, timeout_error


class RegisterPhase(BoundedRead):
    def __init__(self, timeout: int, recheck: float, roaming: bool = True) -> None:
        super().__init__(timeout)
        self.recheck = recheck
        self.roaming = roaming  # option roaming: False refuses a roaming registration
        self._reading = False

    def _read(self) -> Step:
        self._reading = True
        return act(ReadRegistration())

    def handle(self, event: Event, now: float) -> Step | None:
        match event:
            case RegistrationRead(registration=reg):
                self._reading = False
                return self._judge(reg, now)
            case ServingSystem(registration=reg):
                # While a read is in flight its answer decides; it is the newer word.
                return Step() if self._reading else self._judge(reg, now)
        return None

    def _judge(self, reg: Registration, now: float) -> Step:
        if reg.registered and reg.roaming and not self.roaming:
            return fail(roaming_denied(reg))
        if reg.registered:
            return Step([Log(logging.INFO, f"registered: {reg.describe()}")], done=True)
        if self._expired(now):
            return fail(timeout_error(reg, now - self._started))
        wait = self.recheck
        if self._deadline is not None:
            wait = min(wait, self._deadline - now)
        self._wake = now + wait
        return Step()
