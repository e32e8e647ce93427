"""What every phase of the link machine shares: the ``Step`` it returns, and the bounds.

A phase is a small object for one ``LinkState`` (``link_table.FLOW`` says which): ``start``
begins it, ``handle`` takes the events meant for it, ``wake`` is when it wants a ``Tick``.
Each answer is a ``Step``: the actions to carry out, and whether the phase is done or failed.
A phase keeps its own state and never touches the machine's; what it learnt for the status
object comes back in the step (``notes``, ``records``, ``value``) and the machine records it.
At most one operation is in flight: a phase asks for the next one only after the answer to
the last.
"""

from __future__ import annotations

from typing import Protocol

from pyqmi.frozen import field, frozen, mutable
from pyqmi.session.errors import LinkError
from pyqmi.session.facts import AttemptRecord
from pyqmi.session.link_actions import Action
from pyqmi.session.link_events import Event


@mutable
class Step:
    actions: list[Action] = field(default_factory=list)
    done: bool = False  # the phase finished: the machine moves on (``FLOW``)
    error: LinkError | None = None  # the phase failed: the machine's failure policy applies
    notes: list[str] = field(default_factory=list)  # for the status object's "notes"
    records: list[AttemptRecord] = field(default_factory=list)  # call attempts made
    value: object = None  # what a finished phase found (data format, call settings)
    reopen: bool = False  # with ``error``: close the device whatever the state's scope


def act(*actions: Action) -> Step:
    return Step(list(actions))


def fail(error: LinkError, *actions: Action) -> Step:
    return Step(list(actions), error=error)


class Phase(Protocol):
    def start(self, now: float) -> Step: ...

    def handle(self, event: Event, now: float) -> Step | None:
        """The step for ``event``; None when the event is not for this phase."""

    @property
    def wake(self) -> float | None:
        """When the phase wants a ``Tick`` (``on_tick``); None for never."""

    def on_tick(self, now: float) -> Step: ...


class BoundedRead:
    """The shape of a phase that reads until an answer satisfies it: ``start`` opens a wait of
    ``timeout`` seconds (0 = no bound) and reads; a ``Tick`` at ``wake`` reads again. The
    phase supplies ``_read`` and sets ``_wake`` when it wants to re-read."""

    def __init__(self, timeout: int) -> None:
        self.timeout = timeout
        self._started = 0.0
        self._deadline: float | None = None
        self._wake: float | None = None

    @property
    def wake(self) -> float | None:
        return self._wake

    def start(self, now: float) -> Step:
        self._started = now
        self._deadline = now + self.timeout if self.timeout > 0 else None
        return self._read()

    def on_tick(self, now: float) -> Step:
        self._wake = None
        return self._read()

    def _read(self) -> Step:
        raise NotImplementedError

    def _expired(self, now: float) -> bool:
        return self._deadline is not None and now >= self._deadline


@frozen
class Timings:
    """Bounds of every wait, in seconds. Tests shrink them."""

    device_wait: float = 10.0  # for the control device node to appear
    device_poll: float = 0.1  # how often to look for it meanwhile
    probe_attempts: int = 15  # readiness probes (1 s each) after open
    probe_timeout: float = 1.0
    request_timeout: float = 10.0
    sim_poll: float = 1.0  # re-read the card while it initialises
    registration_recheck: float = 5.0  # re-query serving system if no indication came
    stop_timeout: float = 1.5  # per request during teardown
    teardown_budget: float = 4.0  # all of teardown (netifd kills 5 s after SIGTERM)
    signal_refresh: float = 30.0  # at most one signal read per this many seconds
    data_refresh: float = 60.0  # netifd's data: signal-only changes at most this often
    proxy_start: float = 5.0  # for a qmi-proxy we started to accept connections
    stall_probe: float = 5.0  # for the stall probe's answer (one ping)
    reset_wait: float = 60.0  # for a reset modem to leave, and then for its node to return
    registration_grace: float = 10.0  # connected: for a lost registration to come back
