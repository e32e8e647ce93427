"""The link machine: the daemon's whole policy, pure.  Events in, actions out, one deadline.

Theory of operation
-------------------
``LinkMachine.handle(event, now)`` returns the actions the event calls for; ``next_deadline()``
says when it wants a ``Tick``.  Nothing here does I/O, sleeps or reads a clock: the runner
(``daemon/runner.py``) carries the actions out, feeds back what happened, and arms one timer.
This is the model of ``sim/core.py``, h11 and aioquic.

The connect order is ``link_table.FLOW``: each state runs one phase (``phase_*.py``), a small
object that asks for operations and judges their answers.  The machine itself keeps what
spans phases and applies the rules no phase owns:

- failures: a permanent one (the user must change something) is reported with netifd's
  block-restart and the daemon exits 1; a transient one is reported and retried after a capped
  exponential backoff (option ``max_attempts`` bounds the retries), from REGISTERING on the
  open device or with a fresh device session (``link_table.Scope``);
- teardown (``teardown.py``): on SIGTERM, from any state, within the budget, exit 0;
- healing: a stall leads to RECOVERING (``ladder.py``); a modem that reset and a SIM that
  went are ``link_heal.Healing``'s, mixed in;
- facts: the status object's record (``facts.Facts``) is written here only, from the events
  and from what finished phases report.

Operations are one step the policy decides on (``link_actions``): "read the SIM", "start this
call", not single TLVs.  A step whose requests need no decision in between is one operation
(the identity is three requests whose refusals are skipped; opening includes the probe and
releasing stale client IDs); a step whose answer changes what comes next is its own
operation (the data format is read, then set in the order the policy chooses).  So the
policy reads in one place, and the runner only maps each operation to its requests.  At most
one operation is in flight; every transition is checked against ``states.TRANSITIONS`` and
logged once as ``state OLD -> NEW``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pyqmi.config.slices import Slices
from pyqmi.frozen import replace
from pyqmi.netifd import payload
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.facts import Facts
from pyqmi.session.fallback import retry_after
from pyqmi.session.ladder import Ladder
from pyqmi.session.link_actions import Action, Cancel, CloseDevice, Exit, Log, Notify, Operation
from pyqmi.session.link_errors import device_error
from pyqmi.session.link_events import (
    RESULTS,
    DeviceLost,
    DeviceOpened,
    Event,
    Fault,
    FaultKind,
    KernelLink,
    OpFailed,
    Start,
    Stop,
    Tick,
)
from pyqmi.session.link_facts import record_event, record_finished
from pyqmi.session.link_heal import Healing
from pyqmi.session.link_table import FLOW, HEARS, RESUME, Scope
from pyqmi.session.phase import Phase, Step, Timings
from pyqmi.session.phase_calls import CallSession, planner_for
from pyqmi.session.phase_recover import Restart
from pyqmi.session.phase_sim import SimUnlock
from pyqmi.session.phase_watch import Stalled, Told
from pyqmi.session.phases import Context, make_phase
from pyqmi.session.states import TRANSITIONS, IllegalTransition, LinkState
from pyqmi.session.teardown import Teardown

_S = LinkState
DEFAULT_TIMINGS = Timings()


class LinkMachine(Healing):
    def __init__(
        self,
        interface: str,
        slices: Slices,
        timings: Timings = DEFAULT_TIMINGS,
        jitter: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self.interface = interface
        self.slices = slices
        self.t = timings
        self.jitter = jitter  # a number in [0, 1) per backoff (the runner: random.random)
        self.state = _S.IDLE
        self.facts = Facts(device=slices.device.device)
        self.sim = SimUnlock(slices.sim, slices.waits.timeout, timings.sim_poll)
        self.told = Told()
        self.exit_code: int | None = None
        self._failures = 0
        self._phase: Phase | None = None
        self._session: CallSession | None = None  # while a device is open
        self._kernel = KernelLink()
        self._pending: Operation | None = None  # the operation in flight
        self._teardown: Teardown | None = None
        self._after_close: LinkError | None = None  # the failure to report once closed
        self._stopping = False  # SIGTERM came
        self._gave_up = False  # a failure was final: exit 1
        self._backoff_until: float | None = None
        self._resume = _S.OPENING
        self.ladder = Ladder(slices.heal)
        self._why = ""  # what the watchdog saw, for RECOVERING
        self._reset_wait = False  # the modem reset: its node may take reset_wait to return
        self._out: list[Action] = []
        self._now = 0.0

    # ---- the interface ---------------------------------------------------------------

    def handle(self, event: Event, now: float) -> list[Action]:
        """The actions ``event`` calls for, in order."""
        self._out, self._now = [], now
        if self.exit_code is None:
            if isinstance(event, RESULTS):
                if self._pending is None:
                    return []  # the answer to an abandoned operation
                self._pending = None
            self._dispatch(event)
        out, self._out = self._out, []
        return out

    def next_deadline(self) -> float | None:
        """When the machine wants a ``Tick``; None when only an event can move it."""
        if self.exit_code is not None:
            return None
        times = [self._backoff_until, self._phase.wake if self._phase else None]
        if self._teardown is not None:
            times.append(self._teardown.wake)
        due = [t for t in times if t is not None]
        return min(due) if due else None

    @property
    def pending(self) -> Operation | None:
        return self._pending

    # ---- routing ---------------------------------------------------------------------

    def _dispatch(self, event: Event) -> None:
        now = self._now
        if self._heal(event):
            return
        match event:
            case Start():
                if self.state is _S.IDLE:
                    self._enter(_S.OPENING)
                return
            case Stop():
                self._stop()
                return
            case Tick():
                self._tick()
                return
            case DeviceLost(detail=detail):
                if self._session is not None and self._teardown is None:
                    if self.state is _S.CONNECTED:
                        detail = f"device {self.facts.device} is gone: the control device closed"
                    fault = Fault(FaultKind.GONE, detail)
                    self._failed(device_error(self.facts.device, fault), session=True)
                return
            case DeviceOpened(kernel=kernel):
                self._kernel, self._reset_wait = kernel, False
                self._session = CallSession(planner_for(self.slices.call))
        if self._teardown is not None:
            self._teardown_step(self._teardown.handle(event, now))
            return
        if type(event) in HEARS and self.state not in HEARS[type(event)]:
            return
        event, logs = record_event(self.facts, event)
        self._emit(*logs)
        step = self._phase.handle(event, now) if self._phase is not None else None
        if step is not None:
            self._apply(step)
        elif isinstance(event, OpFailed):
            self._failed(device_error(self.facts.device, event.fault), session=True)

    def _tick(self) -> None:
        now = self._now
        if self._teardown is not None and now >= self._teardown.wake:
            self._teardown_step(self._teardown.on_tick(now))
        elif self._backoff_until is not None and now >= self._backoff_until:
            self._backoff_until = None
            self._enter(self._resume)
        elif self._phase is not None and self._phase.wake is not None and now >= self._phase.wake:
            self._apply(self._phase.on_tick(now))

    def _emit(self, *actions: Action) -> None:
        for action in actions:
            if isinstance(action, Operation):
                if self._pending is not None:
                    raise AssertionError(f"{action} asked while {self._pending} is in flight")
                self._pending = action
            elif isinstance(action, Cancel):
                if self._pending is None:
                    continue
                self._pending = None
            self._out.append(action)

    def _move(self, new: LinkState) -> None:
        if new is self.state:
            return
        if new not in TRANSITIONS[self.state]:
            raise IllegalTransition(f"{self.state} -> {new} is not a legal move")
        old, self.state = self.state, new
        self.facts.state = str(new)
        self._emit(Log(logging.INFO, f"state {old} -> {new}", "pyqmi.session"))

    # ---- the connect flow --------------------------------------------------------------

    def _enter(self, state: LinkState) -> None:
        self._move(state)
        if state is _S.CONNECTING:
            self.facts.settings.clear()
        elif state is _S.CONNECTED and not self.ladder.climbing:
            self._failures = 0
        t = self.t
        if state is _S.OPENING and self._reset_wait:
            t = replace(t, device_wait=max(t.device_wait, t.reset_wait))
        shared = (self.interface, self.slices, t, self.sim, self.facts, self.told)
        ctx = Context(*shared, self._kernel, self._session, self.ladder, self._why)
        self._phase = make_phase(state, ctx)
        self._apply(self._phase.start(self._now))

    def _apply(self, step: Step) -> None:
        self.facts.notes.extend(step.notes)
        for record in step.records:
            self.facts.record(record)
        self._emit(*step.actions)
        if step.error is not None:
            self._failed(step.error, session=step.reopen)
        elif step.done:
            if isinstance(step.value, Restart):
                self._restart(f"reopening the modem: {step.value.why}", forget=True)
                return
            if isinstance(step.value, Stalled):
                self._why = step.value.why
            record_finished(self.facts, step.value)
            nxt = FLOW[self.state].done
            if nxt is not None:
                self._enter(nxt)

    # ---- failures and backoff ----------------------------------------------------------

    def _failed(self, error: LinkError, *, session: bool = False) -> None:
        """Apply the failure policy to ``error`` raised in the current state."""
        if self._pending is not None and not self._stopping:
            self._emit(Cancel())  # what the failed phase still waits for is moot (the soak)
        stage = FLOW.get(self.state)
        scope = Scope.SESSION if stage is None or session else stage.scope
        if error.permanent or error.code is ErrorCode.NO_CID or not self._session:
            scope = Scope.SESSION
        if self.state is _S.CONNECTED:
            self.facts.settings.clear()
        self._phase = None
        if scope is Scope.SESSION and self._session is not None:
            self._end_session(failure=error)
        else:
            self._report(error, RESUME[scope])

    def _report(self, error: LinkError, resume: LinkState) -> None:
        """Tell netifd; then back off and resume, or give up."""
        self.facts.last_error = {"code": str(error.code), "message": error.message}
        self._failures += 1
        delay = retry_after(
            self._failures, self.slices.waits, self.jitter(), permanent=error.permanent
        )
        self._emit(
            Log(logging.ERROR, f"{error.code}: {error.message}"),
            Notify(payload.build_error(self.interface, str(error.code), error.message)),
        )
        if delay is None:
            if not error.permanent:
                limit = self.slices.waits.max_attempts
                text = f"giving up after {limit} failed attempts (option max_attempts)"
                self._emit(Log(logging.ERROR, text))
            self._emit(Notify(payload.build_block_restart(self.interface)))
            self._move(_S.FAILED)
            self._gave_up = True
            if self._session is not None:
                self._end_session(failure=None)
            else:
                self._finish()
            return
        self._move(_S.BACKOFF)
        self._emit(Log(logging.INFO, f"retrying in {delay:.1f} s"))
        self._backoff_until, self._resume = self._now + delay, resume

    # ---- ending a session, stopping ----------------------------------------------------

    def _end_session(self, *, failure: LinkError | None) -> None:
        """Release and close the device, then report ``failure`` (or finish a given-up link)."""
        assert self._session is not None
        self._phase, self._backoff_until = None, None
        calls = list(self._session.calls.values()) if self._stopping else []
        waiting = self._pending  # on SIGTERM, what changes the modem is waited for
        if not self._stopping or (waiting is not None and waiting.cancellable):
            self._emit(Cancel())
            waiting = None
        self._after_close = failure
        self._teardown = Teardown(
            calls,
            stop_timeout=self.t.stop_timeout,
            budget=self.t.teardown_budget,
            waiting_for=waiting,
        )
        self._teardown_step(self._teardown.start(self._now))

    def _teardown_step(self, step: Step) -> None:
        self._emit(*step.actions)
        if not step.done:
            return
        self._teardown, self._session = None, None
        self._emit(CloseDevice())
        failure, self._after_close = self._after_close, None
        if self._stopping or failure is None:
            self._finish()
        else:
            self._report(failure, RESUME[Scope.SESSION])

    def _stop(self) -> None:
        """SIGTERM: tear down from wherever the machine is, within the budget."""
        if self._stopping:
            return
        self._stopping = True
        self._backoff_until = None
        if self._teardown is not None:  # already closing: finish once it is closed
            self._move(_S.STOPPING)
            return
        self._phase = None
        if self._session is None:
            self._emit(Cancel())
            self._finish()
            return
        self._move(_S.STOPPING)
        self._end_session(failure=None)

    def _finish(self) -> None:
        code = 1 if self._gave_up else 0
        self._move(_S.STOPPING)
        self._move(_S.STOPPED)
        self._phase = None
        self.exit_code = code
        self._emit(Exit(code))
