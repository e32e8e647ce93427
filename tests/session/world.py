"""A modem at the level of the link machine's operations, in virtual time, for its tests.

``World`` answers each operation with the typed event the runner would feed back, from the
simulator's own scenario data (``pyqmi.sim.scenarios``), so a test names the seed scenario it
reproduces.  ``Drive`` runs a ``LinkMachine`` against it: it answers the operation in flight,
feeds scheduled events (indications, the device falling off the bus), and jumps the clock to
the machine's next deadline.  No event loop, no modem, no sleeping: a 60 s wait takes no time.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyqmi.config.validate import validate
from pyqmi.qmi.callend import CallEnd
from pyqmi.qmi.callend_tables import TYPE_3GPP
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.facts import CallSettings, Identity
from pyqmi.session.link import LinkMachine
from pyqmi.session.phase import Timings
from pyqmi.session.registration import Registration, RegState, Signal
from pyqmi.session.sim_policy import AppState, CardState, PinState, SimStatus
from pyqmi.sim.scenarios import Scenario, scenario

FAST = Timings(device_wait=1.0, request_timeout=1.0, sim_poll=0.1, registration_recheck=0.3)
UPDATE, ERROR, BLOCK_RESTART = 0, 3, 4
DEVICE = "/dev/cdc-wdm0"
GENERIC_UNSPECIFIED = 1


def refused(op: a.Operation, name: str = "NOT_SUPPORTED") -> e.OpFailed:
    return e.OpFailed(op, e.Fault(e.FaultKind.REFUSED, f"modem answered with error {name}", name))


def cause(number: int) -> CallEnd:
    return CallEnd(GENERIC_UNSPECIFIED, TYPE_3GPP, number)


@dataclass
class World:
    sc: Scenario
    kernel: e.KernelLink = field(default_factory=lambda: e.KernelLink("wwan0"))
    node_after: float = 0.0  # the device node appears then
    mute: bool = False  # the modem answers nothing at all any more
    probe_bound: float = 15.0  # what the readiness probe waits at most (probe_attempts x 1 s)
    request_timeout: float = 1.0  # how long the runner waits for an answer
    # The modem's state, as the operations change it:
    data_format: str = ""
    online: bool = True
    pin_retries: int = 0
    pin_verified: bool = False
    gone: bool = False
    cids: int = 0
    calls: dict[int, int] = field(default_factory=dict)  # family -> handle
    # The data interface: packets received and sent by then (fn of the clock), the probe.
    packets: Callable[[float], tuple[int, int] | None] = lambda now: (0, 0)
    probe_answers: bool = True
    asked: list[a.Operation] = field(default_factory=list)
    # Per-test answers: operation type -> fn(op, now) giving the event (answered at once).
    replies: dict[type, Callable[[Any, float], e.Event]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data_format = self.sc.initial_data_format
        self.online = self.sc.initial_operating_mode == "online"
        self.pin_retries = self.sc.pin_retries

    # ---- answers ------------------------------------------------------------------

    def answer(self, op: a.Operation, now: float) -> tuple[float, e.Event] | None:
        """(when, event) for ``op``; None: no answer ever comes."""
        self.asked.append(op)
        if type(op) in self.replies:
            return (now, self.replies[type(op)](op, now))
        if isinstance(op, a.CheckDevice):
            return (now, e.DevicePresent() if now >= self.node_after else e.DeviceAbsent((), ""))
        if self.gone:
            return (now, e.OpFailed(op, e.Fault(e.FaultKind.GONE, "device is gone: EOF")))
        if self.mute:
            return self._mute(op, now)
        if isinstance(op, a.OpenDevice):
            ready = max(now, self.sc.startup_silence)
            if ready - now > self.probe_bound:
                text = f"{DEVICE} did not answer the readiness probe (15 tries of 1 s each)"
                fault = e.Fault(e.FaultKind.NOT_READY, text)
                return (now + self.probe_bound, e.OpFailed(op, fault))
            return (ready, e.DeviceOpened(self.kernel))
        return (now, self._reply(op, now))

    def _mute(self, op: a.Operation, now: float) -> tuple[float, e.Event]:
        """What a modem that stopped answering gets the runner to feed back, and when."""
        if isinstance(op, a.ReleaseClients):
            return (now + op.timeout * max(self.cids, 1), e.ClientsReleased(False))
        bound = op.timeout if isinstance(op, a.StopCall) else self.request_timeout
        text = f"no response to the request within {bound:g} s"
        return (now + bound, e.OpFailed(op, e.Fault(e.FaultKind.TIMEOUT, text)))

    def _reply(self, op: a.Operation, now: float) -> e.Event:
        sc = self.sc
        match op:
            case a.AllocateClient(service=service):
                self.cids += 1
                return e.ClientAllocated(service, self.cids)
            case a.ReadIdentity():
                return e.IdentityRead(Identity(sc.manufacturer, sc.model, sc.revision))
            case a.ReadDataFormat():
                return e.DataFormatRead(self.data_format)
            case a.SetDataFormat(protocol=protocol):
                if protocol not in sc.data_formats:
                    return refused(op, "INVALID_DATA_FORMAT")
                self.data_format = protocol
                return e.DataFormatSet(protocol)
            case a.SetRawIp():
                return e.RawIpSet()
            case a.ReadSim():
                return e.SimRead(self.sim_status())
            case a.VerifyPin(pin=pin):
                if pin == sc.pin and self.pin_retries > 0:
                    self.pin_verified, self.pin_retries = True, sc.pin_retries
                    return e.PinVerified(True)
                self.pin_retries -= 1
                return e.PinVerified(False)
            case a.ReadOperatingMode():
                return e.ModeRead("online" if self.online else "low_power")
            case a.SetOnline():
                self.online = True
                return e.OpDone(op)
            case a.ReadRegistration():
                return e.RegistrationRead(self.registration(now))
            case a.OpenWds(family=family):
                self.cids += 1
                return e.WdsReady(family, self.cids)
            case a.StartCall(attempt=attempt, apn=apn, username=user, password=password):
                creds = bool(user or password or attempt.placeholder_credentials)
                return self.start_call(attempt.family, attempt.auth, apn, creds, now)
            case a.ReadSettings(family=family):
                return e.SettingsRead(family, self.settings(family))
            case a.StopCall(family=family):
                self.calls.pop(family, None)
                return e.OpDone(op)
            case a.ReleaseClients():
                return e.ClientsReleased(True)
            case a.ReadCounters():
                read = self.packets(now)
                return e.CountersRead(*(read if read is not None else (None, None)))
            case a.Probe():
                return e.ProbeDone(self.probe_answers)
            case a.Reregister() | a.ResetModem():
                self.calls.clear()
        return e.OpDone(op)

    def sim_status(self) -> SimStatus:
        sc = self.sc
        source = "uim" if sc.uim_supported else "dms"
        if not sc.card_present:
            return SimStatus(CardState.ABSENT, AppState.UNKNOWN, PinState.NOT_INITIALIZED)
        if not sc.pin_enabled or self.pin_verified:
            pin = PinState.ENABLED_VERIFIED if sc.pin_enabled else PinState.DISABLED
            return SimStatus(CardState.PRESENT, AppState.READY, pin, self.pin_retries, 10, source)
        if self.pin_retries == 0:
            return SimStatus(CardState.PRESENT, AppState.PUK_REQUIRED, PinState.BLOCKED, 0, 10)
        app = AppState.PIN_REQUIRED
        return SimStatus(
            CardState.PRESENT, app, PinState.ENABLED_NOT_VERIFIED, self.pin_retries, 10, source
        )

    def registration(self, now: float) -> Registration:
        sc = self.sc
        signal = Signal(rssi=sc.rssi, rsrp=sc.rsrp, rsrq=sc.rsrq, snr=sc.snr / 10)
        if sc.registration_denied:
            state = RegState.DENIED
        elif sc.register_after is not None and now >= sc.register_after:
            state = RegState.REGISTERED
        else:
            state = RegState.SEARCHING
        return Registration(
            state=state,
            roaming=sc.roaming,
            technology=sc.technology,
            mcc=f"{sc.mcc:03d}",
            mnc=f"{sc.mnc:02d}",
            operator=sc.operator_name,
            signal=signal,
        )

    def start_call(self, family: int, auth: str, apn: str, creds: bool, now: float) -> e.Event:
        sc = self.sc
        if sc.reject_cause is not None and family in sc.reject_families:
            return e.CallFailed(family, cause(sc.reject_cause), at=now)
        if family not in sc.ip_families:
            return e.CallFailed(family, cause(50 if 4 in sc.ip_families else 51), at=now)
        if sc.apns and apn not in sc.apns:
            return e.CallFailed(family, cause(27), at=now)
        if sc.require_auth and (auth == "none" or not creds):
            return e.CallFailed(family, cause(29), at=now)
        self.calls[family] = 0x8338D690 + family
        return e.CallStarted(family, self.calls[family], at=now)

    def settings(self, family: int) -> CallSettings:
        sc = self.sc
        if family == 4:
            return CallSettings(
                4, sc.ipv4_address, sc.ipv4_prefix, sc.ipv4_gateway, sc.ipv4_dns, sc.mtu
            )
        return CallSettings(6, sc.ipv6_address, sc.ipv6_prefix, sc.ipv6_gateway, sc.ipv6_dns)


class Drive:
    """A ``LinkMachine`` against a ``World``, on a virtual clock starting at 0."""

    def __init__(
        self,
        name: str = "default",
        *,
        timings: Timings = FAST,
        sim: dict[str, Any] | None = None,
        world: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        raw = {"device": DEVICE, "apn": "internet", "retry_backoff_min": 1, **options}
        slices = validate({k: str(v) for k, v in raw.items()}, check_device=False).slices
        self.machine = LinkMachine("4G", slices, timings, jitter=lambda: 0.0)
        self.world = World(scenario(name, **(sim or {})), **(world or {}))
        self.now = 0.0
        self.actions: list[a.Action] = []
        self.answer: tuple[float, e.Event] | None = None
        self.later: list[tuple[float, e.Event]] = []  # scheduled by the test
        self.started = False

    # ---- driving ------------------------------------------------------------------

    def feed(self, event: e.Event) -> list[a.Action]:
        out = self.machine.handle(event, self.now)
        self.actions.extend(out)
        for action in out:
            if isinstance(action, a.Cancel):
                self.answer = None
            elif isinstance(action, a.Operation):
                self.answer = self.world.answer(action, self.now)
        return out

    def at(self, when: float, event: e.Event) -> None:
        self.later.append((when, event))
        self.later.sort(key=lambda pair: pair[0])

    def run(self, until: Callable[[], bool] | None = None, limit: float = 600.0) -> None:
        """Run until the machine exits, ``until()`` holds, or the clock passes ``limit``."""
        if not self.started:
            self.started = True
            self.feed(e.Start())
        while self.machine.exit_code is None and not (until is not None and until()):
            times = []
            if self.answer is not None:
                times.append((self.answer[0], 0))
            if self.later:
                times.append((self.later[0][0], 1))
            deadline = self.machine.next_deadline()
            if deadline is not None:
                times.append((deadline, 2))
            if not times:
                return
            when, kind = min(times)
            if when > limit:
                return
            self.now = max(self.now, when)
            if kind == 0 and self.answer is not None:
                event, self.answer = self.answer[1], None
                self.feed(event)
            elif kind == 1:
                self.feed(self.later.pop(0)[1])
            else:
                self.feed(e.Tick())

    def stop(self, limit: float = 600.0) -> int | None:
        self.feed(e.Stop())
        self.run(limit=limit)
        return self.machine.exit_code

    def lose_device(self) -> None:
        """The modem falls off the bus now: what is in flight fails, later requests too."""
        self.world.gone = True
        if self.answer is not None:
            op = self.machine.pending
            assert op is not None
            self.answer = (self.now, e.OpFailed(op, e.Fault(e.FaultKind.GONE, "gone: EOF")))
        self.feed(e.DeviceLost("device /dev/cdc-wdm0 is gone: EOF"))

    # ---- what it did ----------------------------------------------------------------

    @property
    def facts(self) -> Any:
        return self.machine.facts

    def notified(self) -> list[dict[str, Any]]:
        return [x.body for x in self.actions if isinstance(x, a.Notify)]

    def netifd(self) -> list[int]:
        return [int(body["action"]) for body in self.notified()]

    def errors(self) -> list[str]:
        return [b["error"][0] for b in self.notified() if b["action"] == ERROR]

    def error_text(self, code: str) -> str:
        for body in self.notified():
            if body["action"] == ERROR and body["error"][0] == code:
                return " ".join(body["error"][1:])
        raise AssertionError(f"no error {code} in {self.notified()}")

    def updates(self) -> list[dict[str, Any]]:
        return [b for b in self.notified() if b["action"] == UPDATE]

    def up(self) -> dict[str, Any]:
        ups = [u for u in self.updates() if u.get("link-up")]
        assert ups, self.notified()
        return ups[-1]

    def is_up(self) -> bool:
        return any(u.get("link-up") for u in self.updates())

    def logs(self, level: int | None = None) -> list[str]:
        return [
            x.text
            for x in self.actions
            if isinstance(x, a.Log) and (level is None or x.level == level)
        ]

    def states(self) -> list[str]:
        return [t.split(" -> ")[1] for t in self.logs() if t.startswith("state ")]

    def ops(self, kind: type[a.Operation]) -> list[Any]:
        return [op for op in self.actions if isinstance(op, kind)]

    def replace_scenario(self, **fields: Any) -> None:
        self.world.sc = dataclasses.replace(self.world.sc, **fields)


__all__ = ["BLOCK_RESTART", "ERROR", "FAST", "UPDATE", "Drive", "World", "cause", "logging"]
