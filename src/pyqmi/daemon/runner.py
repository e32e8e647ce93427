"""The connection daemon: one asyncio task per netifd interface.

Theory of operation
-------------------
``Daemon.run()`` is an outer loop around *device sessions*.  A session opens
the control device and walks the connect flow (data format, SIM, radio,
registration, data calls), each step moving the ``LinkStateMachine`` and each
wait bounded.  Once connected it reports to netifd and then waits for whichever
comes first: a call drop (WDS indication), the device going away, or SIGTERM.

Failures are ``LinkError``s.  A permanent one (the user must change something)
is reported with netifd's error action plus "block restart", and the daemon
exits.  A transient one is reported as an error and retried after a capped
exponential backoff: inside the session when the device is fine (registration,
call failures, drops), or with a fresh session when the device itself failed.
The pure policies live in ``pyqmi.session``; the QMI requests in ``modem.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyqmi.config.device import list_control_devices
from pyqmi.config.validate import Config
from pyqmi.daemon import modem
from pyqmi.daemon.cidstore import CidStore
from pyqmi.daemon.datapath import find_ifname, run_ip
from pyqmi.daemon.report import AttemptRecord, Facts, link_report, modem_data, status
from pyqmi.netifd import payload
from pyqmi.netifd.bus import Bus, BusError
from pyqmi.netifd.payload import link_mtu
from pyqmi.qmi.callend import FailureCategory
from pyqmi.qmi.errors import QmiError, QmiProtocolError
from pyqmi.qmi.message import Message
from pyqmi.session import fallback
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.registration import Registration, RegState, timeout_error
from pyqmi.session.sim_policy import Decision, decide
from pyqmi.session.states import LinkState, LinkStateMachine
from pyqmi.transport import (
    DeviceGone,
    DeviceNotReady,
    DeviceOpenError,
    QmiClient,
    RequestTimeout,
    TransportError,
)

log = logging.getLogger("pyqmi.daemon")

OpenClient = Callable[[str], Awaitable[QmiClient]]
DATA_SIGNAL_STEP = 5  # dB of RSSI/RSRP change worth telling netifd about


@dataclass
class Timings:
    """Bounds of every wait, in seconds. Tests shrink them."""

    device_wait: float = 10.0  # for the control device node to appear
    probe_attempts: int = 15  # readiness probes (1 s each) after open
    probe_timeout: float = 1.0
    request_timeout: float = 10.0
    sim_poll: float = 1.0  # re-read the card while it initialises
    registration_recheck: float = 5.0  # re-query serving system if no indication came
    stop_timeout: float = 1.5  # per request during teardown
    teardown_budget: float = 4.0  # all of teardown (netifd kills 5 s after SIGTERM)
    signal_refresh: float = 30.0  # at most one signal read per this many seconds
    data_refresh: float = 60.0  # netifd's data: signal-only changes at most this often


@dataclass
class Deps:
    """The daemon's edges, swappable in tests."""

    bus: Bus
    open_client: OpenClient | None = None
    state_dir: Path = Path("/var/run/pyqmi")
    sys_root: Path = Path("/sys")
    dev_root: Path = Path("/dev")
    ifname: str | None = None  # override (the simulator's TUN has no sysfs parent)
    timings: Timings = field(default_factory=Timings)
    jitter: Callable[[], float] = random.random


class Stopped(Exception):
    """SIGTERM arrived during a wait: unwind the session without reporting an error."""


class GaveUp(Exception):
    """Raised once an error was reported and restarts were blocked."""


class CallDropped(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Daemon:
    def __init__(self, interface: str, config: Config, deps: Deps) -> None:
        self.interface = interface
        self.config = config
        self.deps = deps
        self.t = deps.timings
        self.facts = Facts(device=config.device)
        self.machine = LinkStateMachine(on_change=self._on_state)
        self.cids = CidStore(deps.state_dir, interface)
        self._stop = asyncio.Event()
        self._client: QmiClient | None = None
        self.calls: dict[int, modem.Call] = {}
        self.wds_cids: dict[int, int] = {}
        self._reported_up = False
        self._failures = 0
        self._pin_rejected = False
        self._last_signal = 0.0
        self._sent_data: dict[str, Any] | None = None
        self._data_sent_at = 0.0
        self._signal_task: asyncio.Future[None] | None = None
        self._data_task: asyncio.Future[None] | None = None

    # ---- public -------------------------------------------------------------

    def stop(self) -> None:
        """Ask for a clean stop (SIGTERM from netifd)."""
        self._stop.set()

    def status(self) -> dict[str, Any]:
        return status(self.interface, self.config, self.facts)

    async def run(self) -> int:
        """Connect and stay connected until stopped.  Returns the exit code."""
        self.machine.move(LinkState.OPENING)
        try:
            while not self._stop.is_set():
                try:
                    await self._session()
                except GaveUp:
                    return 1
                except Stopped:
                    break
                except LinkError as err:
                    if await self._failed(err):
                        return 1
                    await self._backoff(LinkState.OPENING)
                else:
                    break
            return 0
        finally:
            if self.machine.state is not LinkState.STOPPED:
                if self.machine.state is not LinkState.STOPPING:
                    self.machine.move(LinkState.STOPPING)
                self.machine.move(LinkState.STOPPED)

    # ---- reporting ----------------------------------------------------------

    def _on_state(self, old: LinkState, new: LinkState) -> None:
        self.facts.state = str(new)

    async def _notify(self, body: dict[str, Any]) -> None:
        try:
            await self.deps.bus.notify_proto(body)
        except BusError as exc:
            log.error("netifd did not take %s: %s", body.get("action"), exc)

    async def _failed(self, err: LinkError) -> bool:
        """Report an error; True when the daemon must give up (and exit)."""
        self.facts.last_error = {"code": str(err.code), "message": err.message}
        self._failures += 1
        limit = self.config.max_attempts
        give_up = err.permanent or (limit > 0 and self._failures >= limit)
        log.error("%s: %s", err.code, err.message)
        await self._notify(payload.build_error(self.interface, str(err.code), err.message))
        if give_up:
            if not err.permanent:
                log.error("giving up after %d failed attempts (option max_attempts)", limit)
            await self._notify(payload.build_block_restart(self.interface))
            self.machine.move(LinkState.FAILED)
        return give_up

    async def _backoff(self, resume: LinkState) -> None:
        delay = fallback.backoff_delay(
            self._failures,
            float(self.config.retry_backoff_min),
            float(self.config.retry_backoff_max),
            self.deps.jitter(),
        )
        self.machine.move(LinkState.BACKOFF)
        log.info("retrying in %.1f s", delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), delay)
        if not self._stop.is_set():
            self.machine.move(resume)

    # ---- one device session -------------------------------------------------

    async def _session(self) -> None:
        client = await self._open()
        self._client = client
        self.wds_cids = {}
        self.calls = {}
        try:
            await self._setup(client)
            await self._hold_link(client)
        except Stopped:
            return
        except (DeviceGone, RequestTimeout, DeviceNotReady) as exc:
            if self._stop.is_set():
                return
            raise self._device_error(exc) from None
        except QmiProtocolError as exc:
            raise LinkError(ErrorCode.CALL_FAILED, f"the modem refused a request: {exc}") from None
        finally:
            await self._close(client)

    def _device_error(self, exc: Exception) -> LinkError:
        dev = self.config.device
        if isinstance(exc, DeviceGone):
            return LinkError(
                ErrorCode.DEVICE_GONE,
                f"the modem at {dev} went away ({exc}); it will be reopened when it is back. "
                "If this repeats, the modem may be short of power: use a powered USB hub",
            )
        if isinstance(exc, DeviceNotReady):
            return LinkError(
                ErrorCode.DEVICE_NOT_READY,
                f"the modem at {dev} does not answer QMI ({exc}): check that it is in QMI "
                "mode and that no other program holds the port",
            )
        return LinkError(
            ErrorCode.DEVICE_NOT_READY, f"the modem at {dev} stopped answering ({exc})"
        )

    async def _open(self) -> QmiClient:
        dev = self.config.device
        deadline = time.monotonic() + self.t.device_wait
        while not os.path.exists(dev):  # noqa: ASYNC240 - a stat, bounded by the deadline
            if self._stop.is_set():
                raise Stopped
            if time.monotonic() >= deadline:
                present = ", ".join(list_control_devices(self.deps.dev_root)) or "none"
                raise LinkError(
                    ErrorCode.NO_DEVICE,
                    f"control device {dev} does not exist (waited {self.t.device_wait:.0f} s; "
                    f"QMI control devices present: {present}): check option device and that "
                    "the modem is plugged in and in QMI mode",
                )
            await asyncio.sleep(0.1)
        if self.config.delay:
            log.info("waiting %d s (option delay)", self.config.delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.config.delay)
        try:
            if self.deps.open_client is not None:
                client = await self.deps.open_client(dev)
            else:
                client = await QmiClient.open(
                    dev,
                    timeout=self.t.request_timeout,
                    probe_attempts=self.t.probe_attempts,
                    probe_timeout=self.t.probe_timeout,
                )
        except DeviceOpenError as exc:
            raise LinkError(ErrorCode.NO_DEVICE, str(exc)) from None
        except (DeviceNotReady, DeviceGone, RequestTimeout) as exc:
            raise self._device_error(exc) from None
        await self._release_stale(client)
        return client

    async def _release_stale(self, client: QmiClient) -> None:
        stale = self.cids.load(self.config.device)
        if not stale:
            return
        log.info("releasing %d client IDs left by a previous run", len(stale))
        for service, cid in stale:
            client.adopt(service, cid)
        await client.release_all(timeout=self.t.stop_timeout)
        self.cids.clear()

    def _save_cids(self, client: QmiClient) -> None:
        pairs = [(int(s), int(c)) for s, c in client.all_cids]
        self.cids.save(self.config.device, pairs)

    async def _allocate(self, client: QmiClient, service: str, *, new: bool = False) -> int:
        try:
            cid = await client.allocate(service, new=new)
        except QmiProtocolError as exc:
            raise LinkError(
                ErrorCode.NO_CID,
                f"the modem gave no {service.upper()} client ID ({exc.name}): other programs "
                "may hold them all; replug or reset the modem",
            ) from None
        self._save_cids(client)
        return cid

    async def _close(self, client: QmiClient) -> None:
        self._client = None
        if client.is_open:
            try:
                # netifd sends SIGKILL 5 s after SIGTERM: the whole teardown has one bound.
                await asyncio.wait_for(self._release(client), self.t.teardown_budget)
            except TimeoutError:
                log.warning(
                    "teardown took over %.1f s; client IDs left are released at the next start",
                    self.t.teardown_budget,
                )
        await client.close()

    async def _release(self, client: QmiClient) -> None:
        if self._stop.is_set() and self.calls:
            await self._stop_calls(client)
        held = len(client.all_cids)
        if await client.release_all(timeout=self.t.stop_timeout) == held:
            self.cids.clear()  # else the state file keeps them for the next start

    async def _stop_calls(self, client: QmiClient) -> None:
        for call in list(self.calls.values()):
            try:
                await modem.stop_call(client, call, timeout=self.t.stop_timeout)
                log.info("stopped IPv%d call", call.family)
            except QmiError as exc:
                log.warning("stopping IPv%d call: %s", call.family, exc)
        self.calls.clear()

    # ---- connect flow -------------------------------------------------------

    async def _setup(self, client: QmiClient) -> None:
        await self._allocate(client, "dms")
        await self._identify(client)
        self.machine.move(LinkState.DATA_FORMAT)
        await self._data_format(client)
        self.machine.move(LinkState.SIM)
        await self._sim(client)
        self.machine.move(LinkState.RADIO)
        await self._radio(client)

    async def _identify(self, client: QmiClient) -> None:
        for name, key in (
            ("get_manufacturer", "manufacturer"),
            ("get_model", "model"),
            ("get_revision", "revision"),
        ):
            try:
                msg = await client.request("dms", name)
            except QmiProtocolError:
                continue
            self.facts.identity[key] = str(msg.get(key, ""))
        log.info(
            "modem: %s %s (%s)",
            self.facts.identity.get("manufacturer", "?"),
            self.facts.identity.get("model", "?"),
            self.facts.identity.get("revision", "?"),
        )

    def _ifname(self) -> str | None:
        return self.deps.ifname or find_ifname(self.config.device, self.deps.sys_root)

    async def _data_format(self, client: QmiClient) -> None:
        from pyqmi.daemon.dataformat import negotiate

        fmt = await negotiate(self, client)
        self.facts.data_format = fmt

    async def _sim(self, client: QmiClient) -> None:
        deadline = self._deadline(self.config.timeout)
        while True:
            if self._stop.is_set():
                raise Stopped
            sim = await modem.read_sim(client)
            self.facts.sim = sim
            decision = decide(
                sim, have_pin=bool(self.config.pincode), pin_rejected=self._pin_rejected
            )
            if decision is Decision.READY:
                log.info("SIM ready (%s)", sim.source)
                return
            if decision is Decision.VERIFY_PIN:
                log.info("SIM asks for its PIN; %s attempts left: sending it", sim.pin1_retries)
                if not await modem.verify_pin(client, sim, self.config.pincode):
                    self._pin_rejected = True
                    log.error("the SIM rejected the PIN")
                continue
            if deadline is not None and time.monotonic() >= deadline:
                raise LinkError(
                    ErrorCode.SIM_NOT_INITIALIZED,
                    f"the SIM did not become ready within {self.config.timeout} s "
                    f"(card {sim.card}, application {sim.app}): reseat the SIM or raise "
                    "option timeout",
                )
            await self._pause(self.t.sim_poll)

    async def _radio(self, client: QmiClient) -> None:
        mode = await client.request("dms", "get_operating_mode")
        if str(mode.get("mode")) != "online":
            log.info("operating mode %s: setting online", mode.get("mode"))
            try:
                await client.request("dms", "set_operating_mode", {"mode": "online"})
            except QmiProtocolError as exc:
                raise LinkError(
                    ErrorCode.MODE_FAILED,
                    f"the modem refused to go online ({exc.name}): check the RF kill switch "
                    "(W_DISABLE) and the modem's firmware",
                ) from None
        await self._allocate(client, "nas")
        from pyqmi.daemon.radio import apply_modes_and_plmn, subscribe_indications

        await subscribe_indications(client)
        await apply_modes_and_plmn(client, self.config)

    def _deadline(self, seconds: int) -> float | None:
        return None if seconds <= 0 else time.monotonic() + seconds

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    # ---- registration -------------------------------------------------------

    async def _wait_registered(self, client: QmiClient) -> Registration:
        self.machine.move(LinkState.REGISTERING)
        changed = asyncio.Event()

        def on_serving(msg: Message) -> None:
            self._update_registration(msg.values)
            changed.set()

        sub = client.subscribe("nas", "get_serving_system", on_serving)
        try:
            started = time.monotonic()
            deadline = self._deadline(self.config.registration_timeout)
            reg = await modem.read_registration(client)
            self.facts.registration = reg
            while not reg.registered:
                if self._stop.is_set():
                    raise Stopped
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    raise timeout_error(reg, now - started)
                wait = self.t.registration_recheck
                if deadline is not None:
                    wait = min(wait, deadline - now)
                changed.clear()
                stop = asyncio.ensure_future(self._stop.wait())
                change = asyncio.ensure_future(changed.wait())
                await asyncio.wait({stop, change}, timeout=wait, return_when="FIRST_COMPLETED")
                stop.cancel()
                change.cancel()
                if not changed.is_set():
                    reg = await modem.read_registration(client)
                    self.facts.registration = reg
                else:
                    reg = self.facts.registration or reg
            log.info("registered: %s", reg.describe())
            return reg
        finally:
            sub.cancel()

    def _update_registration(self, serving: dict[str, Any]) -> None:
        old = self.facts.registration
        signal = old.signal if old is not None else None
        reg = modem.registration_from(serving, None)
        if signal is not None:
            reg = Registration(**{**reg.__dict__, "signal": signal})
        if old is None or old.state != reg.state or old.technology != reg.technology:
            log.info("network: %s", reg.describe())
        self.facts.registration = reg
        self._maybe_refresh_data()

    # ---- data calls ---------------------------------------------------------

    def _planner(self) -> fallback.CallPlanner:
        cfg = self.config
        return fallback.CallPlanner(
            pdptype=fallback.PdpType(cfg.pdptype),
            auth=fallback.Auth(cfg.auth),
            apn=cfg.apn,
            have_credentials=bool(cfg.username or cfg.password),
            fallback_pdp=cfg.pdp_fallback,
            fallback_auth=cfg.auth_fallback,
        )

    async def _hold_link(self, client: QmiClient) -> None:
        planner = self._planner()
        while not self._stop.is_set():
            try:
                await self._wait_registered(client)
                self.machine.move(LinkState.CONNECTING)
                await self._connect(client, planner)
                self.machine.move(LinkState.CONNECTED)
                self._failures = 0
                await self._report_up()
                await self._watch(client)
            except CallDropped as drop:
                await self._link_down()
                err = LinkError(ErrorCode.CALL_DROPPED, f"the data call dropped: {drop.reason}")
                if await self._failed(err):
                    raise GaveUp from None
                await self._backoff(LinkState.REGISTERING)
            except LinkError as err:
                if err.permanent or err.code in (ErrorCode.NO_CID,):
                    raise
                if await self._failed(err):
                    raise GaveUp from None
                await self._backoff(LinkState.REGISTERING)

    async def _connect(self, client: QmiClient, planner: fallback.CallPlanner) -> None:
        from pyqmi.daemon.calls import connect_all

        await connect_all(self, client, planner)

    async def _watch(self, client: QmiClient) -> None:
        """Wait while connected: for a drop, the device going away, or SIGTERM."""
        dropped: asyncio.Queue[str] = asyncio.Queue()
        subs = []
        for call in self.calls.values():

            def on_status(msg: Message, call: modem.Call = call) -> None:
                status_ = msg.get("connection_status")
                state = status_.get("status") if isinstance(status_, dict) else status_
                if str(state) == "disconnected":
                    from pyqmi.qmi.callend import classify_message

                    failure = classify_message(msg, apn=self.config.apn)
                    dropped.put_nowait(f"IPv{call.family}: {failure.reason}")

            subs.append(client.subscribe("wds", "get_packet_service_status", on_status))

        def on_serving(msg: Message) -> None:
            self._update_registration(msg.values)
            self._refresh_signal_soon(client)

        subs.append(client.subscribe("nas", "get_serving_system", on_serving))

        def on_signal(msg: Message) -> None:
            reg = self.facts.registration
            signal, _ = modem.signal_from(msg.values)
            if reg is not None and signal.as_dict():
                self.facts.registration = dataclasses.replace(reg, signal=signal)
                self._maybe_refresh_data()

        subs.append(client.subscribe("nas", "signal_info", on_signal))
        waiters = {
            asyncio.ensure_future(self._stop.wait()): "stop",
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
            return
        if what == "lost":
            raise DeviceGone(self.config.device, "the control device closed")
        reason = first.result()
        self.calls.clear()
        raise CallDropped(str(reason))

    def _refresh_signal_soon(self, client: QmiClient) -> None:
        """Re-read the signal after a network change, at most once per signal_refresh."""
        now = time.monotonic()
        if now - self._last_signal < self.t.signal_refresh or self._signal_task is not None:
            return
        self._last_signal = now

        async def refresh() -> None:
            try:
                reg = await modem.read_registration(client)
                self.facts.registration = reg
                self._maybe_refresh_data()
            except QmiError as exc:
                log.debug("signal refresh failed: %s", exc)
            finally:
                self._signal_task = None

        self._signal_task = asyncio.ensure_future(refresh())

    async def _report_up(self) -> None:
        ifname = self._ifname() or "wwan0"
        report = link_report(self.interface, ifname, self.config, self.facts)
        mtu = link_mtu(report)
        if mtu is not None and (self.deps.sys_root / "class" / "net" / ifname).exists():
            await run_ip("link", "set", "dev", ifname, "mtu", str(mtu))
        await self._notify(payload.build_update(report))
        self._reported_up = True
        self._sent_data = dict(report.data)
        self._data_sent_at = time.monotonic()
        if self.config.dhcp and 4 in self.facts.settings:
            await self._add_dynamic(4)
        if self.config.dhcpv6 and 6 in self.facts.settings:
            await self._add_dynamic(6)
        addrs = ", ".join(f"{s.address}/{s.prefix_length}" for s in self.facts.settings.values())
        log.info("link up on %s: %s", ifname, addrs)

    def _maybe_refresh_data(self) -> None:
        """Keep netifd's ``data`` fresh without flooding it.

        Registration, operator or technology changes go out at once; signal-only
        changes when RSSI or RSRP moved by ``DATA_SIGNAL_STEP`` dB, at most once per
        ``data_refresh`` seconds.  Every update makes netifd re-run its hotplug, so a
        dB of jitter must not cause one.
        """
        if not self._reported_up or self.machine.state is not LinkState.CONNECTED:
            return
        new = modem_data(self.config, self.facts)
        old = self._sent_data or {}
        if new == old:
            return
        strip = {"rssi", "rsrp", "rsrq", "snr"}
        if {k: v for k, v in new.items() if k not in strip} == {
            k: v for k, v in old.items() if k not in strip
        }:
            moved = any(
                abs(float(new[k]) - float(old[k])) >= DATA_SIGNAL_STEP
                for k in ("rssi", "rsrp")
                if k in new and k in old
            )
            recent = time.monotonic() - self._data_sent_at < self.t.data_refresh
            if not moved or recent:
                return
        self._sent_data = new
        self._data_sent_at = time.monotonic()
        ifname = self._ifname() or "wwan0"
        report = link_report(self.interface, ifname, self.config, self.facts)
        log.info("network facts changed: refreshing netifd's data")
        self._data_task = asyncio.ensure_future(self._notify(payload.build_data_refresh(report)))

    async def _add_dynamic(self, family: int) -> None:
        body = payload.build_dynamic_interface(
            self.interface,
            4 if family == 4 else 6,
            table=(self.config.ip4table if family == 4 else self.config.ip6table) or None,
            options=payload.ReportOptions(
                defaultroute=self.config.defaultroute,
                peerdns=self.config.peerdns,
                metric=self.config.metric or None,
            ),
            dual_stack=self.config.pdptype == "IPV4V6",
        )
        try:
            await self.deps.bus.call("network", "add_dynamic", body)
        except BusError as exc:
            log.error("netifd refused the %s sub-interface: %s", body.get("name"), exc)

    async def _link_down(self) -> None:
        self.facts.settings.clear()
        if self._reported_up:
            await self._notify(payload.build_link_down(self.interface))
            self._reported_up = False

    def record_attempt(self, attempt: fallback.CallAttempt, result: str, reason: str) -> None:
        self.facts.record(AttemptRecord(attempt.family, str(attempt.auth), result, reason))

    @staticmethod
    def failure_kind(category: FailureCategory, allowed_family: int | None) -> fallback.Failure:
        if category is FailureCategory.PDP_TYPE_REJECTED:
            if allowed_family == 4:
                return fallback.Failure.IPV4_ONLY
            if allowed_family == 6:
                return fallback.Failure.IPV6_ONLY
            return fallback.Failure.PDP_TYPE_REJECTED
        table = {
            FailureCategory.AUTH_FAILED: fallback.Failure.AUTH_FAILED,
            FailureCategory.UNKNOWN_APN: fallback.Failure.UNKNOWN_APN,
            FailureCategory.NOT_SUBSCRIBED: fallback.Failure.NOT_SUBSCRIBED,
        }
        return table.get(category, fallback.Failure.TRANSIENT)


__all__ = ["CallDropped", "Daemon", "Deps", "RegState", "Timings", "TransportError"]
