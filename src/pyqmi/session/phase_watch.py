"""CONNECTED: netifd told about the link, then the link watched until it drops.

Theory of operation
-------------------
``start`` sets the MTU the modem gave (when the interface exists), sends netifd the link
(addresses, routes, DNS and the modem's facts as ``data``) and, with options dhcp/dhcpv6,
adds the DHCP sub-interfaces.  Then the phase waits: a WDS packet service indication saying
one of our calls is disconnected fails it with ``CALL_DROPPED`` (netifd first hears the link
go down).  NAS serving-system and signal indications keep the facts current (the machine
merges them) and ``refresh`` passes them on to netifd without flooding it; a network change
also re-reads the signal, at most once per ``signal_refresh``.

The link is watched for the rest.  On every network report: the
registration lost fails the phase with ``REGISTRATION_LOST`` (the machine registers again
and redials), a roaming network with option roaming 0 with ``ROAMING_DENIED`` (closing
the device ends the calls).  The data-stall watchdog (``stall.StallWatch``) reads the
packet counters every ``stall_check`` seconds, the one timer of this phase; a stall
finishes the phase with ``Stalled`` and the machine climbs the recovery ladder.  Card status
indications are turned on once per device session, after link-up (so the connect itself
sends no extra request).  The phase's own operations (signal re-read, counters, probe,
card events) go one at a time through a small queue.

``Told`` is what netifd was told; it outlives the phase, so a refresh sends only real changes
and a drop withdraws only what was sent.
"""

from __future__ import annotations

import logging
from typing import Any

from pyqmi.config.slices import CallPolicy, Heal, Report
from pyqmi.frozen import frozen, mutable
from pyqmi.netifd import payload
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.facts import Facts
from pyqmi.session.ladder import Ladder
from pyqmi.session.link_actions import (
    Action,
    Cancel,
    Log,
    Notify,
    Probe,
    ReadCounters,
    ReadRegistration,
    SetMtu,
    StartDataPath,
    WatchSim,
)
from pyqmi.session.link_events import (
    CountersRead,
    Event,
    KernelLink,
    OpDone,
    OpFailed,
    PacketStatus,
    ProbeDone,
    RegistrationRead,
    ServingSystem,
    SignalInfo,
)
from pyqmi.session.phase import Step, Timings, fail
from pyqmi.session.phase_calls import CallSession
from pyqmi.session.registration import Registration, RegState, roaming_denied
from pyqmi.session.report import link_report, modem_data
from pyqmi.session.stall import StallPolicy, StallWatch, Verdict

DATA_SIGNAL_STEP = 5  # dB of RSSI/RSRP change worth telling netifd about
SIGNAL_KEYS = frozenset({"rssi", "rsrp", "rsrq", "snr"})


@mutable
class Told:
    """What netifd was told, so that refreshes send only real changes."""

    up: bool = False  # a link-up update went out and was not withdrawn
    data: dict[str, Any] | None = None
    data_at: float = 0.0
    signal_read_at: float | None = None  # the last signal re-read; None: never


@frozen
class WatchContext:
    """The slices, facts and session the watch reads (it writes only ``told``)."""

    interface: str
    call: CallPolicy
    report: Report
    timings: Timings
    kernel: KernelLink
    facts: Facts  # the machine's, read only here
    session: CallSession
    told: Told
    heal: Heal
    roaming: bool  # option roaming
    ladder: Ladder


@frozen
class Stalled:
    """A finished CONNECTED phase's value: the watchdog found the link stalled."""

    why: str


WatchOp = ReadRegistration | ReadCounters | Probe | WatchSim  # this phase's operations
LOST = frozenset({RegState.NOT_REGISTERED, RegState.SEARCHING, RegState.DENIED})


class WatchPhase:
    def __init__(self, ctx: WatchContext) -> None:
        self.ctx = ctx
        self._reading = False  # a signal re-read is in flight
        self._busy = False  # one of this phase's operations is in flight
        self._queue: list[WatchOp] = []
        self.stall: StallWatch | None = None
        self._lost_until: float | None = None  # registration lost: the grace ends then
        self._lost_error = LinkError(ErrorCode.REGISTRATION_LOST, "")

    @property
    def wake(self) -> float | None:
        times = [self.stall.wake if self.stall is not None else None, self._lost_until]
        due = [t for t in times if t is not None]
        return min(due) if due else None

    def on_tick(self, now: float) -> Step:
        if self._lost_until is not None and now >= self._lost_until:
            return self._down(self._lost_error)
        if self.stall is None or self.stall.wake is None or now < self.stall.wake:
            return Step()
        self.stall.reading()
        return Step(self._ask(ReadCounters(self.ifname)))

    def _ask(self, op: WatchOp) -> list[Action]:
        if self._busy:
            self._queue.append(op)
            return []
        self._busy = True
        return [op]

    def _answered(self, step: Step) -> Step:
        """An answer to one of this phase's operations came: the next one may go."""
        self._busy = False
        if self._queue and not step.done and step.error is None:
            step.actions.extend(self._ask(self._queue.pop(0)))
        return step

    def _end(self, step: Step) -> Step:
        """The phase ends: abandon what it still has in flight."""
        if self._busy:
            step.actions.insert(0, Cancel())
            self._busy = False
        self._queue.clear()
        return step

    @property
    def ifname(self) -> str:
        return self.ctx.kernel.ifname or "wwan0"

    def _report(self) -> payload.LinkReport:
        ctx = self.ctx
        return link_report(ctx.interface, self.ifname, ctx.call, ctx.report, ctx.facts)

    def start(self, now: float) -> Step:
        ctx, told = self.ctx, self.ctx.told
        report = self._report()
        actions: list[Action] = []
        mtu = payload.link_mtu(report)
        if mtu is not None and ctx.kernel.net_device:
            actions.append(SetMtu(self.ifname, mtu))
        actions.append(Notify(payload.build_update(report)))
        told.up, told.data, told.data_at = True, dict(report.data), now
        for family, wanted in ((4, ctx.report.dhcp), (6, ctx.report.dhcpv6)):
            if wanted and family in ctx.facts.settings:
                body = payload.build_dynamic_interface(
                    ctx.interface,
                    4 if family == 4 else 6,
                    table=ctx.report.table(family),
                    options=ctx.report.netifd,
                    dual_stack=ctx.call.dual_stack,
                )
                actions.append(StartDataPath(body))
        settings = ctx.facts.settings.values()
        addrs = ", ".join(f"{s.address}/{s.prefix_length}" for s in settings)
        actions.append(Log(logging.INFO, f"link up on {self.ifname}: {addrs}"))
        heal = ctx.heal
        if heal.stall_check > 0 and ctx.kernel.ifname is not None:
            policy = StallPolicy(heal.stall_check, heal.stall_quiet, bool(heal.stall_probe))
            self.stall = StallWatch(policy, now)
            self.stall.reading()
            actions.extend(self._ask(ReadCounters(self.ifname)))  # the baseline, no wake-up
        if not ctx.session.sim_events:
            ctx.session.sim_events = True
            actions.extend(self._ask(WatchSim()))
        return Step(actions)

    def handle(self, event: Event, now: float) -> Step | None:
        match event:
            case PacketStatus(cid=cid, connected=False, end=end):
                family = self.ctx.session.family_of(cid)
                if family is None:
                    return Step()
                error = LinkError(
                    ErrorCode.CALL_DROPPED, f"the data call dropped: IPv{family}: {end.reason}"
                )
                return self._down(error)
            case PacketStatus():
                return Step()
            case ServingSystem(registration=reg):
                lost = self._judge(reg, now)
                if lost is not None:
                    return lost
                step = self.refresh(now)
                step.actions.extend(self._signal_soon(now))
                return step
            case SignalInfo():
                return self.refresh(now)
            case RegistrationRead(registration=reg):
                self._reading = False
                lost = self._judge(reg, now)
                return self._answered(lost if lost is not None else self.refresh(now))
            case OpFailed(op=ReadRegistration(), fault=fault):
                # The device going away arrives as its own event; a mute read is no matter.
                self._reading = False
                return self._answered(
                    Step([Log(logging.DEBUG, f"signal refresh failed: {fault.text}")])
                )
            case CountersRead(rx=rx, tx=tx) if self.stall is not None:
                return self._answered(self._verdict(self.stall.sample(rx, tx, now), now))
            case ProbeDone(answered=answered) if self.stall is not None:
                return self._answered(self._verdict(self.stall.probed(answered, now), now))
            case OpDone(op=WatchSim()):
                return self._answered(Step())
            case OpFailed(op=WatchSim() | ReadCounters() | Probe() as op, fault=fault):
                if isinstance(op, ReadCounters | Probe) and self.stall is not None:
                    self.stall.sample(None, None, now)  # start the window over
                text = f"{type(op).__name__}: {fault.text}"
                return self._answered(Step([Log(logging.DEBUG, text)]))
        return None

    def _judge(self, reg: Registration, now: float) -> Step | None:
        """The phase's end when the network report says the link cannot stay; else None.

        A registration lost is given ``registration_grace`` seconds to come back (a handover
        may report a moment of searching while the call stays up); a call that ends meanwhile
        is a drop as ever."""
        if reg.state in LOST:
            grace = self.ctx.timings.registration_grace
            self._lost_error = LinkError(
                ErrorCode.REGISTRATION_LOST,
                f"the modem lost the network ({reg.describe()}) for {grace:g} s: redialling "
                "once it registers again",
            )
            if self._lost_until is None:
                self._lost_until = now + grace
                text = f"network lost ({reg.describe()}): {grace:g} s for it to come back"
                return Step([Log(logging.WARNING, text)])
            return Step()
        if reg.registered and reg.roaming and not self.ctx.roaming:
            step = self._down(roaming_denied(reg))
            step.reopen = True  # closing the device ends the calls on the roaming network
            return step
        if self._lost_until is not None and reg.registered:
            self._lost_until = None
            step = self.refresh(now)
            step.actions.insert(0, Log(logging.INFO, f"network back: {reg.describe()}"))
            return step
        return None

    def _verdict(self, verdict: Verdict, now: float) -> Step:
        assert self.stall is not None
        ladder = self.ctx.ladder
        if verdict is Verdict.FLOWING and ladder.climbing:
            text = f"data flows again on {self.ifname} after: {ladder.describe_tried()}"
            ladder.healthy()
            return Step([Log(logging.INFO, text, "pyqmi.recover")])
        if verdict is Verdict.PROBE:
            self.stall.reading()
            probe = Probe(self.ctx.heal.stall_probe, self.ifname, self.ctx.timings.stall_probe)
            return Step(self._ask(probe))
        if verdict is Verdict.STALLED:
            return self._end(Step(done=True, value=Stalled(self.stall.why)))
        return Step()

    def _down(self, error: LinkError) -> Step:
        """The link goes: netifd hears it first, then the machine's failure policy applies."""
        told = self.ctx.told
        self.ctx.session.calls.clear()
        actions: list[Action] = []
        if told.up:
            actions.append(Notify(payload.build_link_down(self.ctx.interface)))
            told.up = False
        return self._end(fail(error, *actions))

    def _signal_soon(self, now: float) -> list[Action]:
        """Re-read the signal after a network change, at most once per signal_refresh."""
        told = self.ctx.told
        last = told.signal_read_at
        if self._reading or (last is not None and now - last < self.ctx.timings.signal_refresh):
            return []
        told.signal_read_at = now
        self._reading = True
        return self._ask(ReadRegistration())

    def refresh(self, now: float) -> Step:
        """Keep netifd's ``data`` fresh without flooding it.

        Registration, operator or technology changes go out at once; signal-only changes
        when RSSI or RSRP moved by ``DATA_SIGNAL_STEP`` dB, at most once per
        ``data_refresh`` seconds.  Every update makes netifd re-run its hotplug, so a dB of
        jitter must not cause one.  Nothing is sent unless the link is reported up.
        """
        ctx, told = self.ctx, self.ctx.told
        if not told.up:
            return Step()
        new = modem_data(ctx.call, ctx.facts)
        old = told.data or {}
        if new == old:
            return Step()
        if _without_signal(new) == _without_signal(old):
            moved = any(
                abs(float(new[k]) - float(old[k])) >= DATA_SIGNAL_STEP
                for k in ("rssi", "rsrp")
                if k in new and k in old
            )
            recent = now - told.data_at < ctx.timings.data_refresh
            if not moved or recent:
                return Step()
        told.data, told.data_at = new, now
        text = "network facts changed: refreshing netifd's data"
        return Step([Log(logging.INFO, text), Notify(payload.build_data_refresh(self._report()))])


def _without_signal(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in SIGNAL_KEYS}
