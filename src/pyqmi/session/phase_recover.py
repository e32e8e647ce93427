"""RECOVERING: one rung of the recovery ladder for a link the watchdog found stalled.

``start`` climbs the ladder (``ladder.Ladder.climb``), tells netifd the link is down and
logs the rung, then does its work:

- ``REDIAL``: stop each call (bounded by ``stop_timeout``); the machine then registers again
  (at once when still registered) and dials;
- ``REREGISTER``: radio to low power and back online (the calls end with it); then
  registration is waited for, bounded by ``registration_timeout``, and the calls dialled;
- ``RESET``: DMS reset; the modem leaves the bus or drops its client IDs, which the machine
  sees (``DeviceLost``, ``ModemReset``) and answers by reopening it.  A modem that gives no
  sign within ``reset_wait`` seconds is reopened all the same (``Restart``);
- ``REPORT``: ``DATA_STALLED``, naming what was tried; the machine closes the device,
  reports it, and retries after its backoff.
"""

from __future__ import annotations

import logging

from pyqmi.frozen import frozen
from pyqmi.netifd import payload
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.ladder import ROWS, Ladder, Rung
from pyqmi.session.link_actions import Action, Log, Notify, Reregister, ResetModem, StopCall
from pyqmi.session.link_events import Event, FaultKind, OpDone, OpFailed
from pyqmi.session.phase import Step, Timings, act, fail
from pyqmi.session.phase_calls import CallSession
from pyqmi.session.phase_watch import Told

LOGGER = "pyqmi.recover"


@frozen
class Restart:
    """A finished RESET rung's value: reopen the modem (it reset without a sign)."""

    why: str


@frozen
class RecoverContext:
    interface: str
    ifname: str
    timings: Timings
    session: CallSession
    told: Told
    ladder: Ladder
    why: str  # what the watchdog saw


class RecoverPhase:
    def __init__(self, ctx: RecoverContext) -> None:
        self.ctx = ctx
        self._wake: float | None = None
        self._stops: list[StopCall] = []

    @property
    def wake(self) -> float | None:
        return self._wake

    def start(self, now: float) -> Step:
        ctx = self.ctx
        rung = ctx.ladder.climb()
        actions: list[Action] = []
        if ctx.told.up:
            actions.append(Notify(payload.build_link_down(ctx.interface)))
            ctx.told.up = False
        step_no = len(ctx.ladder.tried)
        text = f"data stall on {ctx.ifname} ({ctx.why}): recovery step {step_no}: {ROWS[rung].does}"
        actions.append(Log(logging.WARNING, text, LOGGER))
        if rung is Rung.REPORT:
            tried = ctx.ladder.describe_tried()
            error = LinkError(
                ErrorCode.DATA_STALLED,
                f"the link on {ctx.ifname} carries no data ({ctx.why}); tried: {tried}; "
                "retrying with backoff. Check the SIM's data plan and the APN",
            )
            ctx.session.calls.clear()
            return fail(error, *actions)
        calls, ctx.session.calls = list(ctx.session.calls.values()), {}
        if rung is Rung.REDIAL:
            t = ctx.timings.stop_timeout
            self._stops = [StopCall(c.family, c.cid, c.handle, t) for c in calls]
            step = self._next_stop()
        elif rung is Rung.REREGISTER:
            step = act(Reregister())
        else:
            step = act(ResetModem())
        step.actions[:0] = actions
        return step

    def on_tick(self, now: float) -> Step:
        self._wake = None
        why = f"the modem gave no sign of its reset within {self.ctx.timings.reset_wait:.0f} s"
        return Step(done=True, value=Restart(why))

    def handle(self, event: Event, now: float) -> Step | None:
        match event:
            case OpDone(op=StopCall()) | OpFailed(op=StopCall()):
                return self._next_stop()
            case OpDone(op=Reregister()):
                return Step(
                    [Log(logging.INFO, "radio back online: registering", LOGGER)], done=True
                )
            case OpFailed(op=Reregister(), fault=fault):
                text = f"re-registering failed ({fault.text}): registering as it is"
                return Step([Log(logging.WARNING, text, LOGGER)], done=True)
            case OpFailed(op=ResetModem(), fault=fault) if fault.kind is FaultKind.REFUSED:
                return Step(done=True, value=Restart(f"the modem refused the reset ({fault.name})"))
            case OpDone(op=ResetModem()) | OpFailed(op=ResetModem()):
                # Gone now or soon: the machine reopens it on DeviceLost / ModemReset.
                self._wake = now + self.ctx.timings.reset_wait
                return Step()
        return None

    def _next_stop(self) -> Step:
        if self._stops:
            return act(self._stops.pop(0))
        return Step(done=True)
