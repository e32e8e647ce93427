"""The one runner: the only code in the daemon that does I/O.

Theory of operation
-------------------
The daemon's policy is ``session.link.LinkMachine``, which does no I/O.  ``Runner.run()``
feeds it events one at a time, from one queue, and carries out the actions it returns, in
order:

- an operation (``link_actions.Operation``) runs as a task: its QMI requests are
  ``modem.py``'s, the device's lifecycle ``device.py``'s, the kernel's ``kernel.py``'s.  Its
  answer, or the exception it raised turned into a ``Fault`` (here, at one boundary), comes
  back through the queue tagged with the operation's serial number, so the answer of an
  operation the machine abandoned (``Cancel``) is dropped;
- every other action is carried out at once: log lines, netifd's ``notify_proto`` and
  ``add_dynamic`` (``netifd.bus``), the MTU, closing the device;
- indications and the device going away arrive from ``device.py`` as events;
- after every event the runner re-arms its one timer at ``machine.next_deadline()``; when it
  fires, a ``Tick`` goes through the queue like any other event.

The event loop is only the carrier: the queue, the timer (``call_at``) and the operation tasks
are the whole of what the runner asks of it, through ``pyqmi.loop`` (``current()``, ``Queue``,
``settle``), so the same runner runs on pyqmi's own loop (the daemon: ``pyqmi.loop.run``) and
inside asyncio (the demo and tests, beside the simulator). SIGTERM is installed by ``cli.py``
and becomes ``stop()``, a ``Stop`` event.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from pyqmi import frozen, loop
from pyqmi.config.slices import Slices, build_slices
from pyqmi.config.validate import Config
from pyqmi.daemon import modem
from pyqmi.daemon.cidstore import CidStore
from pyqmi.daemon.device import ControlDevice, OpenClient, Reach
from pyqmi.daemon.kernel import Kernel, KernelError, SysfsKernel
from pyqmi.daemon.pin_marker import PinMarkers
from pyqmi.daemon.report import status
from pyqmi.frozen import field, mutable
from pyqmi.netifd.bus import Bus, BusError
from pyqmi.qmi.errors import QmiError, QmiProtocolError
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.link import LinkMachine
from pyqmi.session.phase import Timings
from pyqmi.transport import DeviceGone, DeviceNotReady, DeviceOpenError, NoClientId, RequestTimeout

log = logging.getLogger("pyqmi.daemon")

SETTLE_TIMEOUT = 1.0  # seconds a cancelled operation has to run its cleanup at the end


def system_jitter() -> float:
    """A uniform draw from [0, 1) for the retry backoff's jitter, from the kernel's random
    source: one number per retry does not need ``random`` (~3 M instructions to import)."""
    return int.from_bytes(os.urandom(7), "big") / (1 << 56)


@mutable
class Deps:
    """The daemon's edges, swappable in tests."""

    bus: Bus
    open_client: OpenClient | None = None
    state_dir: str | os.PathLike[str] = "/var/run/pyqmi"
    sim_state_dir: str | None = None  # refused-PIN markers (pin_marker.py); None: state_dir/sim
    dev_root: str = "/dev"
    kernel: Kernel = field(default_factory=SysfsKernel)  # sysfs, ip, the release
    timings: Timings = field(default_factory=Timings)
    jitter: Callable[[], float] = system_jitter
    proxy_search: str | None = None  # where to find qmi-proxy; None: libqmi's dirs, then PATH


_FAULTS: tuple[tuple[type[Exception], e.FaultKind], ...] = (
    (QmiProtocolError, e.FaultKind.REFUSED),
    (DeviceGone, e.FaultKind.GONE),
    (DeviceNotReady, e.FaultKind.NOT_READY),
    (RequestTimeout, e.FaultKind.TIMEOUT),
    (DeviceOpenError, e.FaultKind.OPEN),
    (NoClientId, e.FaultKind.NO_CLIENT),
)


def fault_of(exc: Exception) -> e.Fault:
    """The machine's view of an operation's exception."""
    name = exc.name if isinstance(exc, QmiProtocolError) else ""
    kind = next((k for cls, k in _FAULTS if isinstance(exc, cls)), e.FaultKind.UNEXPECTED)
    return e.Fault(kind, str(exc), name)


class Runner:
    """One interface's daemon: the link machine, carried out."""

    def __init__(self, interface: str, config: Config | Slices, deps: Deps) -> None:
        if isinstance(config, Config):
            config = build_slices(frozen.as_dict(config))
        self.interface = interface
        self.slices = config
        self.deps = deps
        self.machine = LinkMachine(interface, config, deps.timings, deps.jitter)
        self.cids = CidStore(deps.state_dir, interface)
        self.pins = PinMarkers(deps.sim_state_dir or os.path.join(deps.state_dir, "sim"))
        reach = Reach(deps.timings, deps.kernel, deps.dev_root, deps.open_client, deps.proxy_search)
        self.device = ControlDevice(reach, self.cids, self._put)
        self._events: loop.Queue[tuple[int, e.Event]] = loop.Queue()
        self._timer: loop.TimerLike | None = None
        self._op: loop.TaskLike[None] | None = None
        self._serial = 0  # of the operation in flight; its answer carries it

    @property
    def proxies(self) -> list[Any]:
        """The qmi-proxy processes this daemon started (option proxy)."""
        return self.device.proxies

    def stop(self) -> None:
        """Ask for a clean stop (SIGTERM from netifd)."""
        self._put(e.Stop())

    def status(self) -> dict[str, Any]:
        """The ``pyqmi.<interface> status`` reply."""
        return status(self.interface, self.slices.call, self.machine.facts)

    async def run(self) -> int:
        """Connect and stay connected until stopped.  Returns the exit code."""
        carrier = loop.current()
        self._put(e.Start())
        try:
            while self.machine.exit_code is None:
                serial, event = await self._events.get()
                if serial and serial != self._serial:
                    continue  # the answer of an operation the machine abandoned
                for action in self.machine.handle(event, carrier.time()):
                    await self._carry_out(action)
                self._arm(carrier)
            return self.machine.exit_code
        finally:
            await self._shut()

    # ---- events in -------------------------------------------------------------------

    def _put(self, event: e.Event, serial: int = 0) -> None:
        self._events.put_nowait((serial, event))

    def _arm(self, carrier: loop.EventLoop) -> None:
        """The one timer, at the machine's next deadline."""
        deadline = self.machine.next_deadline()
        if self._timer is not None:
            if deadline is not None and self._timer.when() == deadline:
                return
            self._timer.cancel()
            self._timer = None
        if deadline is not None:
            self._timer = carrier.call_at(deadline, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self._put(e.Tick())

    # ---- actions out -----------------------------------------------------------------

    async def _carry_out(self, action: a.Action) -> None:
        match action:
            case a.Operation():
                self._start(action)
            case a.Log(level=level, text=text, logger=name):
                logging.getLogger(name).log(level, text)
            case a.Notify(body=body):
                try:
                    await self.deps.bus.notify_proto(body)
                except BusError as exc:
                    log.error("netifd did not take %s: %s", body.get("action"), exc)
            case a.StartDataPath(body=body):
                try:
                    await self.deps.bus.call("network", "add_dynamic", body)
                except BusError as exc:
                    log.error("netifd refused the %s sub-interface: %s", body.get("name"), exc)
            case a.SetMtu(ifname=ifname, mtu=mtu):
                await self.deps.kernel.set_mtu(ifname, mtu)
            case a.CloseDevice(forget=forget):
                await self.device.close()
                if forget:  # the modem reset: the IDs we held are no more
                    self.cids.clear()
            case a.Cancel():
                self._cancel()
            case a.Exit():
                pass

    def _start(self, op: a.Operation) -> None:
        self._serial += 1
        if isinstance(op, a.CheckDevice):  # a stat: no task needed
            self._put(self.device.check(op), self._serial)
            return
        if isinstance(op, a.ReadCounters):  # two sysfs reads: no task either
            read = self.deps.kernel.counters(op.ifname)
            self._put(e.CountersRead(*(read or (None, None))), self._serial)
            return
        self._op = loop.current().create_task(self._perform(op, self._serial))

    def _cancel(self) -> None:
        self._serial += 1  # whatever it still says is dropped
        if self._op is not None:
            self._op.cancel()
            self._op = None

    async def _perform(self, op: a.Operation, serial: int) -> None:
        try:
            event = await self._operate(op)
        except QmiError as exc:
            event = e.OpFailed(op, fault_of(exc))
        except Exception as exc:  # a modem's answer we could not read must not hang us
            log.exception("%s failed unexpectedly", type(op).__name__)
            event = e.OpFailed(op, fault_of(exc))
        self._put(event, serial)

    async def _operate(self, op: a.Operation) -> e.Event:
        if isinstance(op, a.OpenDevice):
            return await self.device.open(op)
        if isinstance(op, a.ReleaseClients):
            return await self.device.release(op)
        if isinstance(op, a.Probe):
            return e.ProbeDone(await self.deps.kernel.probe(op.host, op.ifname, op.timeout))
        if isinstance(op, a.SetRawIp):
            await self.deps.kernel.link_down(op.ifname)
            try:
                self.deps.kernel.set_raw_ip(op.ifname, op.raw)
            except KernelError as exc:
                return e.RawIpSet(str(exc))
            return e.RawIpSet()
        client = self.device.client
        if client is None:
            raise NoClientId(type(op).__name__)
        held = client.all_cids
        try:
            return await modem.perform(client, op, self.pins)
        finally:
            if client.all_cids != held:
                self.device.save_cids()

    async def _shut(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        op, self._op = self._op, None
        if op is not None and not await loop.settle(op, SETTLE_TIMEOUT):
            log.warning("%s did not end within %g s of its cancel", op, SETTLE_TIMEOUT)
        await self.device.close()


Daemon = Runner  # the name cli.py, the demo, bench and the tests know it by

__all__ = ["Daemon", "Deps", "Runner", "Timings", "fault_of"]
