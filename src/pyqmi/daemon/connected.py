"""The connected phase: netifd told about the link, then watched until it ends.

Theory of operation
-------------------
``report_up`` sets the MTU the modem gave, sends netifd the link (addresses,
routes, DNS and the modem's facts as ``data``) and, with options dhcp/dhcpv6,
adds the dynamic sub-interfaces.  ``watch`` then waits for the first of: a call drop (WDS packet
service indication), the control device closing, or SIGTERM.  Meanwhile NAS
serving-system and signal indications keep the facts current, and
``refresh_data`` passes them on to netifd without flooding it.  After a drop
``link_down`` withdraws what ``report_up`` sent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from typing import TYPE_CHECKING

from pyqmi.daemon import modem
from pyqmi.daemon.registration import update_registration
from pyqmi.daemon.report import link_report, modem_data
from pyqmi.netifd import payload
from pyqmi.netifd.bus import BusError
from pyqmi.netifd.payload import link_mtu
from pyqmi.qmi import callend
from pyqmi.qmi.errors import QmiError
from pyqmi.qmi.message import Message
from pyqmi.session.states import LinkState
from pyqmi.transport import DeviceGone, QmiClient, Subscription

if TYPE_CHECKING:
    from pyqmi.daemon.runner import Daemon

log = logging.getLogger("pyqmi.daemon")

DATA_SIGNAL_STEP = 5  # dB of RSSI/RSRP change worth telling netifd about
SIGNAL_KEYS = frozenset({"rssi", "rsrp", "rsrq", "snr"})


async def watch(daemon: Daemon, client: QmiClient) -> str | None:
    """Wait while connected: the drop's reason, None on SIGTERM; ``DeviceGone`` if it went."""
    dropped: asyncio.Queue[str] = asyncio.Queue()
    subs = _subscribe(daemon, client, dropped)
    waiters = {
        asyncio.ensure_future(daemon.stop_requested.wait()): "stop",
        asyncio.ensure_future(dropped.get()): "drop",
        asyncio.ensure_future(client.wait_lost()): "lost",
    }
    try:
        done, _ = await asyncio.wait(waiters, return_when="FIRST_COMPLETED")
    finally:
        for fut in waiters:
            fut.cancel()
        for sub in subs:
            sub.cancel()
    first = next(iter(done))
    what = waiters[first]
    if what == "stop":
        return None
    if what == "lost":
        raise DeviceGone(daemon.config.device, "the control device closed")
    reason = first.result()
    daemon.calls.clear()
    return str(reason)


def _subscribe(
    daemon: Daemon, client: QmiClient, dropped: asyncio.Queue[str]
) -> list[Subscription]:
    """Indications while connected: call status per call, serving system, signal."""
    subs = []
    for call in daemon.calls.values():

        def on_status(msg: Message, call: modem.Call = call) -> None:
            status_ = msg.get("connection_status")
            state = status_.get("status") if isinstance(status_, dict) else status_
            if str(state) == "disconnected":
                dropped.put_nowait(f"IPv{call.family}: {callend.from_message(msg).reason}")

        subs.append(client.subscribe("wds", "get_packet_service_status", on_status))

    def on_serving(msg: Message) -> None:
        update_registration(daemon, msg.values)
        refresh_data(daemon)
        _refresh_signal_soon(daemon, client)

    subs.append(client.subscribe("nas", "get_serving_system", on_serving))

    def on_signal(msg: Message) -> None:
        reg = daemon.facts.registration
        signal, _ = modem.signal_from(msg.values)
        if reg is not None and signal.as_dict():
            daemon.facts.registration = dataclasses.replace(reg, signal=signal)
            refresh_data(daemon)

    subs.append(client.subscribe("nas", "signal_info", on_signal))
    return subs


def _refresh_signal_soon(daemon: Daemon, client: QmiClient) -> None:
    """Re-read the signal after a network change, at most once per signal_refresh."""
    now = time.monotonic()
    if now - daemon.signal_read_at < daemon.t.signal_refresh or daemon.signal_task is not None:
        return
    daemon.signal_read_at = now

    async def refresh() -> None:
        try:
            reg = await modem.read_registration(client)
            daemon.facts.registration = reg
            refresh_data(daemon)
        except QmiError as exc:
            log.debug("signal refresh failed: %s", exc)
        finally:
            daemon.signal_task = None

    daemon.signal_task = asyncio.ensure_future(refresh())


async def report_up(daemon: Daemon) -> None:
    """Tell netifd the link is up, with the MTU set first and the dynamic sub-interfaces."""
    ifname = daemon.ifname() or "wwan0"
    report = link_report(
        daemon.interface, ifname, daemon.config, daemon.facts, daemon.slices.report.netifd
    )
    mtu = link_mtu(report)
    if mtu is not None and daemon.deps.kernel.has_interface(ifname):
        await daemon.deps.kernel.set_mtu(ifname, mtu)
    await daemon.notify(payload.build_update(report))
    daemon.reported_up = True
    daemon.sent_data = dict(report.data)
    daemon.data_sent_at = time.monotonic()
    if daemon.config.dhcp and 4 in daemon.facts.settings:
        await _add_dynamic(daemon, 4)
    if daemon.config.dhcpv6 and 6 in daemon.facts.settings:
        await _add_dynamic(daemon, 6)
    addrs = ", ".join(f"{s.address}/{s.prefix_length}" for s in daemon.facts.settings.values())
    log.info("link up on %s: %s", ifname, addrs)


def refresh_data(daemon: Daemon) -> None:
    """Keep netifd's ``data`` fresh without flooding it.

    Registration, operator or technology changes go out at once; signal-only
    changes when RSSI or RSRP moved by ``DATA_SIGNAL_STEP`` dB, at most once per
    ``data_refresh`` seconds.  Every update makes netifd re-run its hotplug, so a
    dB of jitter must not cause one.  Nothing is sent unless the link is reported
    up and connected.
    """
    if not daemon.reported_up or daemon.machine.state is not LinkState.CONNECTED:
        return
    new = modem_data(daemon.config, daemon.facts)
    old = daemon.sent_data or {}
    if new == old:
        return
    if {k: v for k, v in new.items() if k not in SIGNAL_KEYS} == {
        k: v for k, v in old.items() if k not in SIGNAL_KEYS
    }:
        moved = any(
            abs(float(new[k]) - float(old[k])) >= DATA_SIGNAL_STEP
            for k in ("rssi", "rsrp")
            if k in new and k in old
        )
        recent = time.monotonic() - daemon.data_sent_at < daemon.t.data_refresh
        if not moved or recent:
            return
    daemon.sent_data = new
    daemon.data_sent_at = time.monotonic()
    ifname = daemon.ifname() or "wwan0"
    report = link_report(
        daemon.interface, ifname, daemon.config, daemon.facts, daemon.slices.report.netifd
    )
    log.info("network facts changed: refreshing netifd's data")
    daemon.data_task = asyncio.ensure_future(daemon.notify(payload.build_data_refresh(report)))


async def _add_dynamic(daemon: Daemon, family: int) -> None:
    config = daemon.config
    body = payload.build_dynamic_interface(
        daemon.interface,
        4 if family == 4 else 6,
        table=(config.ip4table if family == 4 else config.ip6table) or None,
        options=daemon.slices.report.netifd,
        dual_stack=config.pdptype == "IPV4V6",
    )
    try:
        await daemon.deps.bus.call("network", "add_dynamic", body)
    except BusError as exc:
        log.error("netifd refused the %s sub-interface: %s", body.get("name"), exc)


async def link_down(daemon: Daemon) -> None:
    """Forget the call's settings and, if netifd was told the link is up, withdraw it."""
    daemon.facts.settings.clear()
    if daemon.reported_up:
        await daemon.notify(payload.build_link_down(daemon.interface))
        daemon.reported_up = False
