"""Ending a device session: stop the calls (on SIGTERM only), release the client IDs, close.

All of it within one budget: netifd sends SIGKILL 5 s after SIGTERM, so ``teardown_budget``
(4 s) bounds everything from the moment teardown starts, the operation that was in flight
included.  When the budget runs out the operation in flight is abandoned and the device
closed; IDs not released stay in the state file and the next start releases them.

A device failure leaves the calls to the modem (releasing the WDS clients ends them).  An
operation that changes the modem and was in flight when SIGTERM came is waited for (bounded):
a call it started is stopped too.
"""

from __future__ import annotations

import logging

from pyqmi.session.facts import Call
from pyqmi.session.link_actions import Cancel, Log, Operation, ReleaseClients, StartCall, StopCall
from pyqmi.session.link_events import (
    RESULTS,
    CallStarted,
    ClientsReleased,
    Event,
    OpDone,
    OpFailed,
)
from pyqmi.session.phase import Step, act


class Teardown:
    def __init__(
        self,
        calls: list[Call],
        *,
        stop_timeout: float,
        budget: float,
        waiting_for: Operation | None = None,
    ) -> None:
        self._stops = list(calls)  # calls to stop, in order
        self.stop_timeout = stop_timeout
        self.budget = budget
        self._deadline = 0.0
        self._waiting_for = waiting_for  # the operation in flight when teardown began

    @property
    def wake(self) -> float:
        return self._deadline

    def start(self, now: float) -> Step:
        self._deadline = now + self.budget
        if self._waiting_for is not None:
            return Step()  # its answer comes first
        return self._next()

    def on_tick(self, now: float) -> Step:
        text = (
            f"teardown took over {self.budget:.1f} s; client IDs left are released at the "
            "next start"
        )
        return Step([Log(logging.WARNING, text), Cancel()], done=True)

    def handle(self, event: Event, now: float) -> Step:
        waited = self._waiting_for
        if waited is not None:
            if not isinstance(event, RESULTS):
                return Step()  # an indication meanwhile: the answer is still to come
            self._waiting_for = None
            if isinstance(waited, StartCall) and isinstance(event, CallStarted):
                self._stops.append(Call(event.family, waited.cid, event.handle, waited.attempt))
            return self._next()
        match event:
            case OpDone(op=StopCall(family=family)):
                return self._next(Log(logging.INFO, f"stopped IPv{family} call"))
            case OpFailed(op=StopCall(family=family), fault=fault):
                return self._next(Log(logging.WARNING, f"stopping IPv{family} call: {fault.text}"))
            case ClientsReleased() | OpFailed(op=ReleaseClients()):
                return Step(done=True)
        return Step()  # indications and the like: nothing to do now

    def _next(self, *before: Log) -> Step:
        if self._stops:
            call = self._stops.pop(0)
            stop = StopCall(call.family, call.cid, call.handle, self.stop_timeout)
            return act(*before, stop)
        return act(*before, ReleaseClients(self.stop_timeout))
