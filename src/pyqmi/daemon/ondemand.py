"""What the daemon reads only when asked: the cells, wired between the runner and ubus.

``OnDemand(interface, bus)`` stands between the runner and the bus without the runner
knowing: the runner is built with ``ondemand.bus`` (a ``Relay``), which passes every call
through and, seeing netifd take a link-up (``notify_proto`` with ``link-up`` and an
``ifname``), asks the ``CellReader`` for one read; a link-down makes it forget what netifd
had.  ``attach(client)`` names where the daemon's QMI client is (``runner.device.client``).
``status(base)`` adds the ``cell`` key to the status reply; ``on_ask`` is the hook table for
``publish_status`` (asking for ``cell`` or ``status`` may start a read, rate-limited).

A read's news for netifd goes out as a ``data`` merge (``link-up`` with ``keep`` and no
``ifname``: netifd keeps its device, addresses and every other ``data`` key) straight on the
real bus.  Event-loop neutral: tasks and the clock come from the loop that runs the daemon.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from pyqmi import loop
from pyqmi.daemon.cellinfo import CellReader
from pyqmi.netifd.bus import Bus, BusError, MethodHandler
from pyqmi.netifd.payload import ACTION_UPDATE
from pyqmi.netifd.policy import check_payload
from pyqmi.transport import QmiClient


def _spawn(coro: Coroutine[Any, Any, None]) -> object:
    return loop.current().create_task(coro)


def _clock() -> float:
    return loop.current().time()


class Relay:
    """The runner's bus: the real one, plus a look at each ``notify_proto``."""

    def __init__(self, bus: Bus, seen: Callable[[Mapping[str, Any]], None]) -> None:
        self.inner = bus
        self._seen = seen

    async def notify_proto(self, payload: Mapping[str, Any]) -> None:
        await self.inner.notify_proto(payload)
        self._seen(payload)

    async def call(self, obj: str, method: str, args: Mapping[str, Any]) -> list[dict[str, Any]]:
        return await self.inner.call(obj, method, args)

    async def add_object(self, name: str, methods: Mapping[str, MethodHandler]) -> None:
        await self.inner.add_object(name, methods)

    async def close(self) -> None:
        await self.inner.close()


class OnDemand:
    def __init__(
        self,
        interface: str,
        bus: Bus,
        *,
        spawn: Callable[[Coroutine[Any, Any, None]], object] = _spawn,
        clock: Callable[[], float] = _clock,
    ) -> None:
        self.interface = interface
        self.real_bus = bus
        self.bus = Relay(bus, self._seen)
        self._client: Callable[[], QmiClient | None] = lambda: None
        self._up = False  # netifd holds a link-up: only then may a request read the modem
        self.cells = CellReader(self._current_client, spawn, clock, self._tell_netifd)

    def attach(self, client: Callable[[], QmiClient | None]) -> None:
        self._client = client

    def _current_client(self) -> QmiClient | None:
        return self._client()

    def _seen(self, payload: Mapping[str, Any]) -> None:
        if payload.get("action") != ACTION_UPDATE:
            return
        if payload.get("link-up") is True and payload.get("ifname"):
            self._up = True
            self.cells.request(force=True)  # a (new) link: read once, after it is up
        elif payload.get("link-up") is False:
            self._up = False
            self.cells.forget()

    async def _tell_netifd(self, data: dict[str, Any]) -> None:
        body = {"action": ACTION_UPDATE, "interface": self.interface, "link-up": True,
                "keep": True, "data": data}  # fmt: skip
        check_payload(body)
        with contextlib.suppress(BusError):  # netifd went; the next link-up tells it again
            await self.real_bus.notify_proto(body)

    def status(self, base: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(base)
        cell = self.cells.snapshot()
        if set(cell) - {"reading"} or cell.get("reading"):
            out["cell"] = cell
        return out

    def _ask(self) -> object:
        """A status or cell request reads the modem only while the link is up: during the
        connect every request to the modem is the link machine's (issue 10)."""
        return self.cells.request() if self._up else None

    @property
    def on_ask(self) -> dict[str, Callable[[], object]]:
        return {"cell": self._ask, "status": self._ask}
