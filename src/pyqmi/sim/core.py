"""The simulated modem's core: bytes in, bytes out, with an explicit clock.

Theory of operation
-------------------
``SimModem.handle(data, now)`` takes bytes written by a client and returns the frames
the modem writes back (``Outgoing``: bytes plus the earliest time to send them, which
carries the per-message latency).  Nothing here sleeps or touches a file descriptor:
the asyncio server in ``server.py`` owns the pty and the real clock, and tests can
drive the core directly with made-up times.

Each message is answered by one handler function registered with
``@handles(wds.StartNetwork)``.  A handler gets a ``Context`` (state, scenario, clock,
client id, helpers to send indications and start timers) and the typed request
(``wds.StartNetwork.Request``), and returns the typed response (None: an empty one), or
raises ``SimError`` for a QMI failure result (with a response for its extra TLVs).
Indications go out typed too: ``ctx.indicate(wds.GetPacketServiceStatus.Indication(...))``.
Requests nobody handles get INVALID_QMI_COMMAND, never silence.  A test may override a
handler on one modem (``SimModem.override``, see ``script.py``); an override works on
the plain ``Message`` and values, and ``ctx.default(request)`` gives the handler's
answer in that form.

Timers (registration delays, call drops, falling off the bus) live in the core:
``tick(now)`` runs the due ones and returns what they emit, ``next_deadline()`` tells
the server when to call it next.
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyqmi.qmi import catalog
from pyqmi.qmi.errors import FrameError, QmiCoreError
from pyqmi.qmi.frame import Frame, FrameExtractor, Kind, encode_frame
from pyqmi.qmi.message import RESULT_TLV, Message, Result, decode, encode
from pyqmi.qmi.protocol_errors import PROTOCOL_ERRORS
from pyqmi.qmi.services import service_by_name, service_name
from pyqmi.qmi.typed.messages import Indication, Response
from pyqmi.sim.faults import Fault
from pyqmi.sim.faults import play as play_fault
from pyqmi.sim.registry import handler_for
from pyqmi.sim.scenarios import Scenario
from pyqmi.sim.script import NoReply, Override
from pyqmi.sim.state import ModemState

log = logging.getLogger(__name__)

ERROR_CODES = {name: code for code, name in PROTOCOL_ERRORS.items()}
MAX_REQUEST_LOG = 1000  # request names kept in ModemState.requests


class SimError(Exception):
    """Raised by a handler: answer with the failure ``error`` and the TLVs of ``response``
    (an override may give them as plain ``values`` instead)."""

    def __init__(self, error: str, response: Response | None = None, **values: Any) -> None:
        super().__init__(error)
        self.error = error
        self.values = values if response is None else response.values()


@dataclass(frozen=True)
class Outgoing:
    """Bytes the modem writes, not before ``at`` (the sim's clock)."""

    data: bytes
    at: float


@dataclass(frozen=True)
class SimEvent:
    """Something the server may act on: "call_up", "call_down", "gone", "state"."""

    kind: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Timer:
    due: float
    label: str
    action: Callable[[Context], None]


class Context:
    """What a handler (or a timer) sees: state, clock, and ways to talk back."""

    def __init__(self, modem: SimModem, now: float, service: int = 0, client_id: int = 0):
        self.modem = modem
        self.now = now
        self.service = service
        self.client_id = client_id

    @property
    def state(self) -> ModemState:
        return self.modem.state

    @property
    def scenario(self) -> Scenario:
        return self.modem.scenario

    def indicate(self, indication: Indication, to: set[int] | None = None) -> None:
        """Send ``indication`` to ``to`` (default: every client of its service)."""
        self.modem.indicate(indication, self.now, to)

    def schedule(self, delay: float, label: str, action: Callable[[Context], None]) -> None:
        self.modem.schedule(self.now + delay, label, action)

    def cancel(self, label: str) -> None:
        self.modem.cancel(label)

    def event(self, kind: str, **detail: Any) -> None:
        self.modem.events.append(SimEvent(kind, detail))

    def default(self, request: Message) -> dict[str, Any] | None:
        """What the registered handler answers (for an override that only adds to it)."""
        handler = handler_for(self.service, request.name)
        if handler is None:
            raise SimError("INVALID_QMI_COMMAND")
        return handler.answer(self, request)


class SimModem:
    """One simulated modem.  Not thread-safe; drive it from one task."""

    def __init__(self, scenario: Scenario, now: float = 0.0) -> None:
        # Handlers register themselves on import.
        import pyqmi.sim.handlers  # noqa: F401

        self.scenario = scenario
        self.powered_on_at = now
        self.state = ModemState.power_on(scenario)
        self.events: list[SimEvent] = []
        self._timers: list[_Timer] = []
        self._out: list[Outgoing] = []
        self._extractor = FrameExtractor()
        self._overrides: dict[tuple[int, str], Override] = {}
        # Faults to play on their cue (sim/faults.py), once each; the scenario's first.
        self.faults: list[Fault] = [Fault(*f) for f in scenario.faults]
        self.played: list[Fault] = []
        self.version = 0  # bumped on every state change that the state file should show
        from pyqmi.sim.handlers.lifecycle import power_on

        power_on(Context(self, now))
        if scenario.drop_off_bus_after is not None:
            self.schedule(now + scenario.drop_off_bus_after, "drop_off_bus", _fall_off_bus)

    # --- input ---

    def handle(self, data: bytes, now: float) -> list[Outgoing]:
        """Feed bytes from the client; return what the modem writes back."""
        if self.state.gone:
            return []
        due = self.tick(now)  # what timers due by now say goes first (it was dropped: the soak)
        for item in self._extractor.feed(data):
            if isinstance(item, FrameError):
                log.warning("sim: ignoring bad input: %s", item)
                continue
            self._handle_frame(item, now)
        return due + self._flush()

    def tick(self, now: float) -> list[Outgoing]:
        """Run timers due at ``now``; return what they emit."""
        while not self.state.gone:
            due = [t for t in self._timers if t.due <= now]
            if not due:
                break
            timer = min(due, key=lambda t: t.due)
            self._timers.remove(timer)
            timer.action(Context(self, timer.due))
            self.changed()
        return self._flush()

    def next_deadline(self) -> float | None:
        return min((t.due for t in self._timers), default=None)

    @property
    def pending_timers(self) -> list[tuple[float, str]]:
        return sorted((t.due, t.label) for t in self._timers)

    def silent(self, now: float) -> bool:
        return now < self.powered_on_at + self.scenario.startup_silence or (
            now < self.state.silent_until
        )

    def reboot(self, now: float) -> None:
        """Power on afresh (a reset, or back on the bus): state, timers and input reset."""
        self.state = ModemState.power_on(self.scenario)
        self.powered_on_at = now
        self._timers.clear()
        self._extractor = FrameExtractor()
        from pyqmi.sim.handlers.lifecycle import power_on

        power_on(Context(self, now))
        self.changed()

    def send_raw(self, data: bytes, now: float) -> None:
        """Bytes out as they are (a fault's stray frames or garbage), after what is due."""
        self._out.append(Outgoing(data, now))

    # --- scripting by tests ---

    def play(self, fault: Fault) -> None:
        """Play ``fault`` on its cue (``sim/faults.py``)."""
        self.faults.append(fault)

    def override(self, service: str, name: str, fn: Override | None) -> None:
        """Answer ``service``/``name`` requests with ``fn`` on this modem; None restores."""
        key = (int(service_by_name(service)), catalog.get(service, name).name)
        if fn is None:
            self._overrides.pop(key, None)
        else:
            self._overrides[key] = fn

    # --- helpers for handlers ---

    def schedule(self, due: float, label: str, action: Callable[[Context], None]) -> None:
        self._timers.append(_Timer(due, label, action))

    def cancel(self, label: str) -> None:
        self._timers = [t for t in self._timers if t.label != label]

    def changed(self) -> None:
        self.version += 1

    def indicate(self, indication: Indication, now: float, to: set[int] | None) -> None:
        service = service_name(indication._definition_.service).lower()
        clients = self.state.clients.get(service, set()) if to is None else to
        for cid in sorted(clients):
            frame = indication.to_frame(client_id=cid)
            self._out.append(Outgoing(encode_frame(frame), now))

    # --- internals ---

    def _flush(self) -> list[Outgoing]:
        out, self._out = self._out, []
        return out

    def _handle_frame(self, frame: Frame, now: float) -> None:
        if frame.kind is not Kind.REQUEST:
            log.warning("sim: ignoring a %s from the host", frame.kind.value)
            return
        definition = catalog.lookup(frame.service, frame.message_id)
        svc = service_name(frame.service).lower()
        name = definition.name if definition else f"0x{frame.message_id:04x}"
        self._cue(f"{svc}.{name}", now)
        if self.state.gone:
            return
        if self.silent(now):
            log.info("sim: silent, dropping request 0x%04x", frame.message_id)
            return
        self.state.requests.append(f"{svc}.{name}")
        del self.state.requests[:-MAX_REQUEST_LOG]
        if frame.service != 0 and self.scenario.services_silent:
            return
        delay = self.scenario.latency_for(svc, name) + self.state.extra_latency
        handler: Override | None = self._overrides.get((frame.service, name))
        registered = handler_for(frame.service, name) if definition else None
        if handler is None and registered is not None:
            handler = registered.answer
        if definition is None or handler is None:
            self._reply_error(frame, "INVALID_QMI_COMMAND", now + delay)
            return
        request = decode(frame, definition)
        ctx = Context(self, now + delay, frame.service, frame.client_id)
        if frame.service != 0 and frame.client_id not in self.state.clients.get(svc, set()):
            self._reply_error(frame, "INVALID_CLIENT_ID", now + delay)
            return
        if request.tlv_errors:
            self._reply_error(frame, "MALFORMED_MESSAGE", now + delay)
            return
        # Reserve the response's place so indications it triggers come after it.
        slot = len(self._out)
        try:
            answer = handler(ctx, request)
            if isinstance(answer, NoReply):
                self.changed()
                return
            values = answer or {}
            result = Result(0, 0)
        except SimError as exc:
            values = exc.values
            result = Result(1, ERROR_CODES[exc.error])
        except (QmiCoreError, TypeError) as exc:  # a handler built a value it cannot send
            log.error("sim: handler %s.%s failed: %s", svc, name, exc)
            values, result = {}, Result(1, ERROR_CODES["INTERNAL"])
        self.changed()
        try:
            reply = encode(
                definition,
                Kind.RESPONSE,
                values,
                transaction_id=frame.transaction_id,
                client_id=frame.client_id,
                result=result,
            )
        except QmiCoreError as exc:
            log.error("sim: cannot encode %s.%s response: %s", svc, name, exc)
            self._reply_error(frame, "INTERNAL", now + delay)
            return
        self._out.insert(slot, Outgoing(encode_frame(reply), now + delay))

    def _cue(self, request: str, now: float) -> None:
        """Play the faults ``request`` is the cue of (now, or after their delay)."""
        for fault in [f for f in self.faults if f.request == request]:
            self.faults.remove(fault)
            self.played.append(fault)
            delay = fault.delay
            if delay is None:
                play_fault(Context(self, now), fault)
            else:
                self.schedule(now + delay, f"fault:{fault.kind}", _player(fault))
            self.changed()

    def _reply_error(self, frame: Frame, error: str, at: float) -> None:
        result = struct.pack("<HH", 1, ERROR_CODES[error])
        reply = Frame(
            service=frame.service,
            client_id=frame.client_id,
            kind=Kind.RESPONSE,
            transaction_id=frame.transaction_id,
            message_id=frame.message_id,
            tlvs=((RESULT_TLV, result),),
        )
        self._out.append(Outgoing(encode_frame(reply), at))


def _player(fault: Fault) -> Callable[[Context], None]:
    def play(ctx: Context) -> None:
        play_fault(ctx, fault)

    return play


def _fall_off_bus(ctx: Context) -> None:
    log.warning("sim: device falls off the bus")
    ctx.state.gone = True
    ctx.state.calls.clear()
    ctx.event("gone")
