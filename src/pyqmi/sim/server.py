"""The simulated modem on a pty: ``async with run_sim("default", link=path) as sim``.

Theory of operation
-------------------
``os.openpty()`` gives a master and a slave; both are put in raw mode and ``link`` is
made a symlink to the slave, so a client opens ``link`` like a cdc-wdm node.  The
server keeps its own slave descriptor open, so the master never sees EIO between two
clients (qmicli opens and closes the port on every run).

Bytes read from the master go to ``SimModem.handle()`` with the sim's clock (seconds
since start).  What comes back is queued by due time (latency) and written in order;
a client that stops reading cannot make the queue grow without bound.  A timer wakes
the core for its next deadline (registration, call drop, falling off the bus).

When the core says the device is gone, the pty is closed (the client reads EOF/EIO)
and the link removed, as when a USB modem falls off the bus.  A fault that vanishes for a
while (``sim/faults.py``) brings it back: the modem powers on afresh on a new pty at the
same link.  With ``netns`` the data
plane (``pyqmi.sim.dataplane``) follows the data calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import json
import logging
import os
import tty
from collections.abc import AsyncIterator
from typing import Any

from pyqmi.qmi.message import Message
from pyqmi.sim.core import Outgoing, SimModem
from pyqmi.sim.faults import Fault
from pyqmi.sim.scenarios import Scenario
from pyqmi.sim.scenarios import scenario as named_scenario
from pyqmi.sim.script import Override, response_to
from pyqmi.sim.state import ModemState

log = logging.getLogger(__name__)

MAX_PENDING_BYTES = 256 * 1024


class RunningSim:
    """A sim serving on a pty.  ``state`` is live; ``gone`` is set when it fell off the bus."""

    def __init__(self, modem: SimModem, link: str, state_file: str | None) -> None:
        self.modem = modem
        self.link = link
        self.state_file = state_file
        self.gone = asyncio.Event()
        self._request_seen = asyncio.Event()  # set whenever bytes from the client arrive
        self.slave_path = ""
        self._loop = asyncio.get_running_loop()
        self._t0 = self._loop.time()
        self._master: int | None = None
        self._slave: int | None = None
        self._outbox: list[tuple[float, int, bytes]] = []
        self._seq = 0
        self._pending = b""
        self._pump_handle: asyncio.TimerHandle | None = None
        self._tick_handle: asyncio.TimerHandle | None = None
        self._written_version = -1
        self._dataplane: Any = None
        self._back_handle: asyncio.TimerHandle | None = None
        self.returns = 0  # times the device came back on the bus after vanishing
        self.back = asyncio.Event()  # set each time it comes back

    @property
    def state(self) -> ModemState:
        return self.modem.state

    def now(self) -> float:
        """The sim's clock: seconds since it started."""
        return self._loop.time() - self._t0

    def snapshot(self) -> dict[str, Any]:
        return self.modem.state.snapshot()

    def set_signal(self, **levels: int) -> None:
        """Change the radio levels now (rssi, rsrp, ...); subscribed clients are told."""
        from pyqmi.sim.handlers import nas_signal

        self._queue(nas_signal.set_signal(self.modem, self.now(), **levels))
        self._after_core()

    def play(self, fault: Fault) -> None:
        """Play ``fault`` on its cue (``sim/faults.py``): a scripted misbehaviour, as data."""
        self.modem.play(fault)

    def override(self, service: str, name: str, fn: Override | None) -> None:
        """Answer ``service``/``name`` with ``fn`` instead of its handler (SimModem.override)."""
        self.modem.override(service, name, fn)

    def respond(
        self, request: Message, values: dict[str, Any] | None = None, *, error: str | None = None
    ) -> None:
        """Answer, now, a request an override left unanswered (``NO_REPLY``)."""
        self.write(response_to(request, values, error=error))

    def write(self, data: bytes) -> None:
        """Send raw bytes now, after what is already due: stray frames, garbage, half frames."""
        self._queue([Outgoing(data, self.now())])

    async def wait_requests(self, count: int, within: float = 5.0) -> list[str]:
        """Wait (bounded) until the modem has seen ``count`` requests; their names."""
        async with asyncio.timeout(within):
            while len(self.state.requests) < count:
                await self._request_seen.wait()
                self._request_seen.clear()
        return list(self.state.requests)

    async def wait_back(self, within: float) -> None:
        """Wait up to ``within`` seconds for a vanished device to be back on the bus."""
        await asyncio.wait_for(self.back.wait(), within)
        self.back.clear()

    async def wait_gone(self, within: float) -> None:
        """Wait up to ``within`` seconds for the device to drop off the bus."""
        await asyncio.wait_for(self.gone.wait(), within)

    # --- setup and teardown ---

    def open(self) -> None:
        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self.slave_path = os.ttyname(slave)
        _make_link(self.link, self.slave_path)
        self._loop.add_reader(master, self._on_readable)
        self._after_core()
        log.info("sim %s serving on %s -> %s", self.modem.scenario.name, self.link, self.slave_path)

    def stop(self) -> None:
        """Close for good: a device due back stays away."""
        if self._back_handle is not None:
            self._back_handle.cancel()
            self._back_handle = None
        self.close()

    def _come_back(self) -> None:
        self._back_handle = None
        log.warning("sim: the device is back on the bus")
        self.modem.reboot(self.now())
        self.gone.clear()
        self.returns += 1
        self.open()
        self.back.set()

    def close(self) -> None:
        for handle in (self._pump_handle, self._tick_handle):
            if handle is not None:
                handle.cancel()
        if self._master is not None:
            self._loop.remove_reader(self._master)
            self._loop.remove_writer(self._master)
            os.close(self._master)
            self._master = None
        if self._slave is not None:
            os.close(self._slave)
            self._slave = None
        _remove_link(self.link, self.slave_path)

    # --- I/O ---

    def _on_readable(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 65536)
        except BlockingIOError:
            return
        except OSError as exc:
            log.warning("sim: pty read failed: %s", exc)
            return
        if data:
            self._queue(self.modem.handle(data, self.now()))
            self._request_seen.set()
        self._after_core()

    def _tick(self) -> None:
        self._tick_handle = None
        self._queue(self.modem.tick(self.now()))
        self._after_core()

    def _queue(self, items: list[Any]) -> None:
        for item in items:
            self._seq += 1
            heapq.heappush(self._outbox, (item.at, self._seq, item.data))
        self._schedule_pump()

    def _schedule_pump(self) -> None:
        if self._pump_handle is not None:
            self._pump_handle.cancel()
            self._pump_handle = None
        if self._outbox:
            when = self._t0 + self._outbox[0][0]
            self._pump_handle = self._loop.call_at(when, self._pump)

    def _pump(self) -> None:
        self._pump_handle = None
        now = self.now()
        while self._outbox and self._outbox[0][0] <= now:
            _, _, data = heapq.heappop(self._outbox)
            if len(self._pending) + len(data) > MAX_PENDING_BYTES:
                log.warning("sim: client is not reading; dropping %d bytes", len(data))
                continue
            self._pending += data
        self._write()
        self._schedule_pump()

    def _write(self) -> None:
        if self._master is None or not self._pending:
            return
        try:
            written = os.write(self._master, self._pending)
        except BlockingIOError:
            written = 0
        except OSError as exc:
            log.warning("sim: pty write failed: %s", exc)
            self._pending = b""
            return
        self._pending = self._pending[written:]
        self._loop.remove_writer(self._master)
        if self._pending:
            self._loop.add_writer(self._master, self._write)

    def _after_core(self) -> None:
        """React to what the core did: events, state file, next timer."""
        events, self.modem.events = self.modem.events, []
        for event in events:
            if event.kind == "gone":
                log.warning("sim: device dropped off the bus; closing the pty")
                self._outbox.clear()
                self._pending = b""
                self.close()
                self.gone.set()
                back = event.detail.get("back_after")
                if back is not None:
                    self._back_handle = self._loop.call_later(float(back), self._come_back)
            elif event.kind in ("call_up", "call_down"):
                self._update_dataplane()
        if self.modem.version != self._written_version:
            self._written_version = self.modem.version
            self._write_state_file()
        if self._tick_handle is not None:
            self._tick_handle.cancel()
            self._tick_handle = None
        deadline = self.modem.next_deadline()
        if deadline is not None and not self.modem.state.gone:
            self._tick_handle = self._loop.call_at(self._t0 + deadline, self._tick)

    def _write_state_file(self) -> None:
        if self.state_file is None:
            return
        head, name = os.path.split(self.state_file)
        tmp = os.path.join(head, f".{name}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as out:
                out.write(json.dumps(self.snapshot(), indent=1, sort_keys=True) + "\n")
            os.replace(tmp, self.state_file)
        except OSError as exc:
            log.warning("sim: cannot write state file %s: %s", self.state_file, exc)

    def _update_dataplane(self) -> None:
        if self._dataplane is None:
            return
        sc = self.modem.scenario
        families = {call.ip_family for call in self.state.calls.values()}
        if not families:
            self._dataplane.clear()
            return
        v4, v6 = 4 in families, 6 in families
        self._dataplane.configure(
            sc.ipv4_address if v4 else None,
            sc.ipv4_gateway if v4 else None,
            list(sc.ipv4_dns) if v4 else [],
            sc.ipv6_address if v6 else None,
            sc.ipv6_gateway if v6 else None,
            list(sc.ipv6_dns) if v6 else [],
        )


def _make_link(link: str, target: str) -> None:
    if os.path.lexists(link) and not os.path.islink(link):
        raise FileExistsError(f"{link} exists and is not a symlink; not replacing it")
    head, name = os.path.split(link)
    tmp = os.path.join(head, f".{name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _remove_link(link: str, target: str) -> None:
    with contextlib.suppress(OSError):
        if os.path.islink(link) and os.readlink(link) == target:
            os.unlink(link)


@contextlib.asynccontextmanager
async def run_sim(
    scenario: Scenario | str,
    link: str | os.PathLike[str],
    *,
    netns: str | None = None,
    state_file: str | os.PathLike[str] | None = None,
) -> AsyncIterator[RunningSim]:
    """Serve ``scenario`` on a pty linked at ``link`` until the block exits."""
    sc = named_scenario(scenario) if isinstance(scenario, str) else scenario
    modem = SimModem(sc, now=0.0)
    sim = RunningSim(modem, os.fspath(link), os.fspath(state_file) if state_file else None)
    async with contextlib.AsyncExitStack() as stack:
        if netns is not None:
            sim._dataplane = await stack.enter_async_context(_dataplane(netns))
        sim.open()
        stack.callback(sim.stop)
        yield sim


@contextlib.asynccontextmanager
async def _dataplane(netns: str) -> AsyncIterator[Any]:
    try:
        from pyqmi.sim.dataplane import DataPlane
    except ImportError:  # pragma: no cover - the data plane is optional
        log.warning("sim: pyqmi.sim.dataplane is not available; --netns ignored")
        yield None
        return
    async with DataPlane(netns=netns, ifname="wwan0") as dp:
        yield dp
