"""The connection daemon: one asyncio task per netifd interface.

Theory of operation
-------------------
``Daemon.run()`` is an outer loop around *device sessions*.  A session opens
the control device and walks the connect flow (data format, SIM, radio,
registration, data calls), each step moving the ``LinkStateMachine`` and each
wait bounded.  Once connected it reports to netifd and then waits for whichever
comes first: a call drop (WDS indication), the device going away, or SIGTERM.

This module keeps the two loops, the order of the flow and failure handling.
The steps are functions taking the daemon, one module per phase: ``device``
(open and teardown), ``dataformat`` (framing), ``prepare`` (identity, SIM,
radio), ``registration``, ``calls`` (data calls with fallbacks) and
``connected`` (netifd reporting and the watch).  They import this module only
for type checking, and reach the daemon through its public attributes.

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
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pyqmi.config.slices import build_slices
from pyqmi.config.validate import Config
from pyqmi.daemon import connected, modem, prepare
from pyqmi.daemon.calls import connect_all, planner_for
from pyqmi.daemon.cidstore import CidStore
from pyqmi.daemon.dataformat import negotiate
from pyqmi.daemon.device import close_device, device_error, open_device
from pyqmi.daemon.kernel import Kernel, SysfsKernel
from pyqmi.daemon.registration import wait_registered
from pyqmi.daemon.report import Facts, status
from pyqmi.netifd import payload
from pyqmi.netifd.bus import Bus, BusError
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.session import fallback
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.states import LinkState, LinkStateMachine
from pyqmi.transport import (
    DeviceGone,
    DeviceNotReady,
    QmiClient,
    RequestTimeout,
)

log = logging.getLogger("pyqmi.daemon")

OpenClient = Callable[[str], Awaitable[QmiClient]]


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
    proxy_start: float = 5.0  # for a qmi-proxy we started to accept connections


@dataclass
class Deps:
    """The daemon's edges, swappable in tests."""

    bus: Bus
    open_client: OpenClient | None = None
    state_dir: str | os.PathLike[str] = "/var/run/pyqmi"
    dev_root: str = "/dev"
    kernel: Kernel = field(default_factory=SysfsKernel)  # sysfs, ip, the release
    timings: Timings = field(default_factory=Timings)
    jitter: Callable[[], float] = random.random
    proxy_search: str | None = None  # where to find qmi-proxy; None: libqmi's dirs, then PATH


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
        self.slices = build_slices(dataclasses.asdict(config))  # until Loaded's are passed in
        self.deps = deps
        self.t = deps.timings
        self.facts = Facts(device=config.device)
        self.machine = LinkStateMachine(on_change=self._on_state)
        self.cids = CidStore(deps.state_dir, interface)
        self.stop_requested = asyncio.Event()  # set by stop(); every wait also waits on it
        self._client: QmiClient | None = None
        self.calls: dict[int, modem.Call] = {}
        self.wds_cids: dict[int, int] = {}
        self._failures = 0
        self.pin_rejected = False  # the SIM refused option pincode: never send it again
        # What netifd was told, so that refreshes send only real changes (connected.py).
        self.reported_up = False
        self.sent_data: dict[str, Any] | None = None
        self.data_sent_at = 0.0
        self.data_task: asyncio.Future[None] | None = None
        self.signal_read_at = 0.0
        self.signal_task: asyncio.Future[None] | None = None
        # qmi-proxy processes we started (option proxy); they outlive us on purpose.
        self.proxies: list[subprocess.Popen[bytes]] = []

    # ---- public -------------------------------------------------------------

    def stop(self) -> None:
        """Ask for a clean stop (SIGTERM from netifd)."""
        self.stop_requested.set()

    def status(self) -> dict[str, Any]:
        return status(self.interface, self.config, self.facts)

    async def run(self) -> int:
        """Connect and stay connected until stopped.  Returns the exit code."""
        self.machine.move(LinkState.OPENING)
        try:
            while not self.stop_requested.is_set():
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

    # ---- reporting and failures ---------------------------------------------

    def _on_state(self, old: LinkState, new: LinkState) -> None:
        self.facts.state = str(new)

    async def notify(self, body: dict[str, Any]) -> None:
        """Send netifd a ``notify_proto`` body; a refusal is logged, never raised."""
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
        await self.notify(payload.build_error(self.interface, str(err.code), err.message))
        if give_up:
            if not err.permanent:
                log.error("giving up after %d failed attempts (option max_attempts)", limit)
            await self.notify(payload.build_block_restart(self.interface))
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
        await self.pause(delay)
        if not self.stop_requested.is_set():
            self.machine.move(resume)

    # ---- one device session -------------------------------------------------

    async def _session(self) -> None:
        client = await open_device(self)
        self._client = client
        self.wds_cids = {}
        self.calls = {}
        try:
            await self._setup(client)
            await self._hold_link(client)
        except Stopped:
            return
        except (DeviceGone, RequestTimeout, DeviceNotReady) as exc:
            if self.stop_requested.is_set():
                return
            raise device_error(self.config.device, exc) from None
        except QmiProtocolError as exc:
            raise LinkError(ErrorCode.CALL_FAILED, f"the modem refused a request: {exc}") from None
        finally:
            self._client = None
            await close_device(self, client)

    async def allocate(self, client: QmiClient, service: str, *, new: bool = False) -> int:
        """A client ID for ``service``, saved at once so a killed run's IDs get released."""
        try:
            cid = await client.allocate(service, new=new)
        except QmiProtocolError as exc:
            raise LinkError(
                ErrorCode.NO_CID,
                f"the modem gave no {service.upper()} client ID ({exc.name}): other programs "
                "may hold them all; replug or reset the modem",
            ) from None
        pairs = [(int(s), int(c)) for s, c in client.all_cids]
        self.cids.save(self.config.device, pairs)
        return cid

    # ---- connect flow -------------------------------------------------------

    async def _setup(self, client: QmiClient) -> None:
        await self.allocate(client, "dms")
        await prepare.identify(self, client)
        self.machine.move(LinkState.DATA_FORMAT)
        self.facts.data_format = await negotiate(self, client)
        self.machine.move(LinkState.SIM)
        await prepare.unlock_sim(self, client)
        self.machine.move(LinkState.RADIO)
        await prepare.radio_online(self, client)

    async def _hold_link(self, client: QmiClient) -> None:
        """Register, connect and watch; retry in this session until stopped or the device fails."""
        planner = planner_for(self.config)
        while not self.stop_requested.is_set():
            try:
                await wait_registered(self, client)
                self.machine.move(LinkState.CONNECTING)
                await connect_all(self, client, planner)
                self.machine.move(LinkState.CONNECTED)
                self._failures = 0
                await connected.report_up(self)
                dropped = await connected.watch(self, client)
                if dropped is not None:
                    raise CallDropped(dropped)
            except CallDropped as drop:
                await connected.link_down(self)
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

    # ---- for the step modules -----------------------------------------------

    def check_stopped(self) -> None:
        """Raise ``Stopped`` once a stop was asked for: unwinds the session quietly."""
        if self.stop_requested.is_set():
            raise Stopped

    async def pause(self, seconds: float) -> None:
        """Sleep, ending early on a stop."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop_requested.wait(), seconds)

    def deadline(self, seconds: int) -> float | None:
        """The monotonic time ``seconds`` from now; None for an option set to 0 (no limit)."""
        return None if seconds <= 0 else time.monotonic() + seconds

    def ifname(self) -> str | None:
        """The modem's network interface, as the kernel knows it."""
        return self.deps.kernel.data_interface(self.config.device)


__all__ = ["CallDropped", "Daemon", "Deps", "Timings"]
