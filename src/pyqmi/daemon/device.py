"""The control device's edge: the node, opening (direct, qmi-proxy or a test's opener),
the client IDs a killed run left, indications as events, releasing, closing.

Opening probes the modem until it answers (``QmiClient.open``), releases exactly the client
IDs the state file names (``CidStore``: never a CTL Sync, which would drop other programs'
IDs too), subscribes to the indications the machine hears, and watches for the device going
away.  Each indication and the loss arrive through ``emit`` as typed events.  Releasing
clears the state file only when every ID went; the rest stay for the next start.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Awaitable, Callable
from typing import Any

from pyqmi import loop
from pyqmi.config.device import list_control_devices
from pyqmi.daemon import decode
from pyqmi.daemon.cidstore import CidStore
from pyqmi.daemon.kernel import Kernel
from pyqmi.daemon.proxy import open_via_proxy
from pyqmi.frozen import frozen
from pyqmi.qmi.typed import ctl
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.errors import LinkError
from pyqmi.session.phase import Timings
from pyqmi.transport import QmiClient, Subscription

log = logging.getLogger("pyqmi.daemon")

OpenClient = Callable[[str], Awaitable[QmiClient]]
Emit = Callable[[e.Event], None]


@frozen
class Reach:
    """How to reach the modem: the options and the test hooks that choose the way."""

    timings: Timings
    kernel: Kernel
    dev_root: str = "/dev"
    open_client: OpenClient | None = None  # tests: a client on the simulator's pty
    proxy_search: str | None = None  # where to find qmi-proxy; None: libqmi's dirs, PATH


class ControlDevice:
    def __init__(self, reach: Reach, store: CidStore, emit: Emit) -> None:
        self.reach = reach
        self.store = store
        self.emit = emit
        self.client: QmiClient | None = None
        self.path = ""  # the control device the client is open on
        self.proxies: list[subprocess.Popen[bytes]] = []  # qmi-proxy processes we started
        self._subs: list[Subscription] = []
        self._watch: loop.TaskLike[None] | None = None

    def check(self, op: a.CheckDevice) -> e.Event:
        if os.path.exists(op.path):
            return e.DevicePresent()
        present = tuple(list_control_devices(self.reach.dev_root))
        return e.DeviceAbsent(present, self.reach.kernel.release())

    async def open(self, op: a.OpenDevice) -> e.Event:
        try:
            client = await self._connect(op)
        except LinkError as err:  # qmi-proxy's own, already named
            return e.OpenFailed(str(err.code), err.message, err.permanent)
        self.client, self.path = client, op.path
        stale = self.store.load(op.path)
        if stale:
            log.info("releasing %d client IDs left by a previous run", len(stale))
            for service, cid in stale:
                client.adopt(service, cid)
            await client.release_all(timeout=self.reach.timings.stop_timeout)
            self.store.clear()
        for indication, event in decode.INDICATIONS:
            self._subs.append(client.subscribe(indication, self._indication(event)))
        self._subs.append(client.subscribe(ctl.Sync.Indication, self._reset))
        self._watch = loop.current().create_task(self._watch_lost(client))
        return e.DeviceOpened(self._kernel_link(op.path))

    async def _connect(self, op: a.OpenDevice) -> QmiClient:
        reach, t = self.reach, self.reach.timings
        if reach.open_client is not None:
            return await reach.open_client(op.path)

        async def connect(proxy: bool = op.proxy) -> QmiClient:
            return await QmiClient.open(
                op.path,
                proxy=proxy,
                timeout=t.request_timeout,
                probe_attempts=t.probe_attempts,
                probe_timeout=t.probe_timeout,
            )

        if not op.proxy:
            return await connect()
        return await open_via_proxy(
            op.path,
            connect,
            procs=self.proxies,
            search=reach.proxy_search,
            start_wait=t.proxy_start,
        )

    def _kernel_link(self, path: str) -> e.KernelLink:
        kernel = self.reach.kernel
        ifname = kernel.data_interface(path)
        if ifname is None:
            return e.KernelLink()
        if kernel.has_raw_ip_switch(ifname):
            return e.KernelLink(ifname, e.RawIpSupport.SWITCH, True)
        if kernel.has_interface(ifname):
            return e.KernelLink(ifname, e.RawIpSupport.NONE, True)
        return e.KernelLink(ifname)

    def _indication(self, event: Callable[[Any], e.Event]) -> Callable[[Any], None]:
        def deliver(indication: Any) -> None:
            self.emit(event(indication))

        return deliver

    def _reset(self, indication: ctl.Sync.Indication) -> None:
        """CTL Sync from the modem: it dropped every client ID (libqmi's sign of a reset)."""
        self.emit(e.ModemReset("CTL Sync indication"))

    async def _watch_lost(self, client: QmiClient) -> None:
        error = await client.wait_lost()
        self.emit(e.DeviceLost(str(error)))

    def save_cids(self) -> None:
        """Write down every ID held, so a killed run's are released at the next start."""
        if self.client is not None:
            self.store.save(self.path, [(int(s), int(c)) for s, c in self.client.all_cids])

    async def release(self, op: a.ReleaseClients) -> e.Event:
        client = self.client
        if client is None or not client.is_open:
            return e.ClientsReleased(False)
        held = len(client.all_cids)
        every = await client.release_all(timeout=op.timeout) == held
        if every:
            self.store.clear()  # else the state file keeps them for the next start
        return e.ClientsReleased(every)

    async def close(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None
        for sub in self._subs:
            sub.cancel()
        self._subs.clear()
        client, self.client = self.client, None
        if client is not None:
            await client.close()
