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

``Told`` is what netifd was told; it outlives the phase, so a refresh sends only real changes
and a drop withdraws only what was sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pyqmi.config.slices import CallPolicy, Report
from pyqmi.frozen import frozen
from pyqmi.netifd import payload
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.facts import Facts
from pyqmi.session.link_actions import (
    Action,
    Log,
    Notify,
    ReadRegistration,
    SetMtu,
    StartDataPath,
)
from pyqmi.session.link_events import (
    Event,
    KernelLink,
    OpFailed,
    PacketStatus,
    RegistrationRead,
    ServingSystem,
    SignalInfo,
)
from pyqmi.session.phase import Step, Timings, fail
from pyqmi.session.phase_calls import CallSession
from pyqmi.session.report import link_report, modem_data

DATA_SIGNAL_STEP = 5  # dB of RSSI/RSRP change worth telling netifd about
SIGNAL_KEYS = frozenset({"rssi", "rsrp", "rsrq", "snr"})


@dataclass
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


class WatchPhase:
    def __init__(self, ctx: WatchContext) -> None:
        self.ctx = ctx
        self._reading = False  # a signal re-read is in flight

    wake = None

    def on_tick(self, now: float) -> Step:
        return Step()

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
        return Step(actions)

    def handle(self, event: Event, now: float) -> Step | None:
        match event:
            case PacketStatus(cid=cid, connected=False, end=end):
                family = self.ctx.session.family_of(cid)
                if family is None:
                    return Step()
                return self._dropped(f"IPv{family}: {end.reason}")
            case PacketStatus():
                return Step()
            case ServingSystem():
                step = self.refresh(now)
                step.actions.extend(self._signal_soon(now))
                return step
            case SignalInfo():
                return self.refresh(now)
            case RegistrationRead():
                self._reading = False
                return self.refresh(now)
            case OpFailed(op=ReadRegistration(), fault=fault):
                # The device going away arrives as its own event; a mute read is no matter.
                self._reading = False
                return Step([Log(logging.DEBUG, f"signal refresh failed: {fault.text}")])
        return None

    def _dropped(self, reason: str) -> Step:
        told = self.ctx.told
        self.ctx.session.calls.clear()
        actions: list[Action] = []
        if told.up:
            actions.append(Notify(payload.build_link_down(self.ctx.interface)))
            told.up = False
        error = LinkError(ErrorCode.CALL_DROPPED, f"the data call dropped: {reason}")
        return fail(error, *actions)

    def _signal_soon(self, now: float) -> list[Action]:
        """Re-read the signal after a network change, at most once per signal_refresh."""
        told = self.ctx.told
        last = told.signal_read_at
        if self._reading or (last is not None and now - last < self.ctx.timings.signal_refresh):
            return []
        told.signal_read_at = now
        self._reading = True
        return [ReadRegistration()]

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
