import asyncio
import concurrent.futures
import queue
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from pyqmi.netifd.bus import BusCallFailed, BusError, BusUnavailable, PythonUbusBus
from pyqmi.netifd.payload import build_block_restart
from pyqmi.netifd.policy import PayloadTypeError
from pyqmi.netifd.status import publish_status


async def test_missing_python_ubus_is_a_named_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "ubus", raising=False)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if "ubus" not in p])
    with pytest.raises(BusUnavailable, match="python module 'ubus'"):
        await PythonUbusBus.connect()


class FakeRequest:
    def __init__(self, done: "concurrent.futures.Future[dict[str, Any]]") -> None:
        self.done = done

    def reply(self, data: dict[str, Any]) -> bool:
        self.done.set_result(data)
        return True


class FakeUbus:
    """Mimics python-ubus's module API; records which thread touched it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any], int]] = []
        self.threads: set[str] = set()
        self.objects: dict[str, dict[str, Any]] = {}
        self.incoming: queue.SimpleQueue[tuple[str, str, dict[str, Any], Any]] = queue.SimpleQueue()
        self.connected = False
        self.refuse_connect = False
        self.fail_calls = False

    def _touch(self) -> None:
        self.threads.add(threading.current_thread().name)

    def connect(self, socket_path: str = "") -> bool:
        self._touch()
        if self.refuse_connect:
            raise OSError(f"Failed to connect to the ubus socket '{socket_path}'")
        self.connected = True
        return True

    def call(self, obj: str, method: str, args: dict[str, Any], timeout: int = 0) -> Any:
        self._touch()
        if self.fail_calls:
            raise RuntimeError("ubus error occured: Not found")
        self.calls.append((obj, method, args, timeout))
        return [{"ok": True}]

    def add(self, name: str, methods: dict[str, Any]) -> None:
        self._touch()
        self.objects[name] = methods

    def loop(self, timeout: int = -1) -> None:
        self._touch()
        try:
            name, method, args, done = self.incoming.get(timeout=timeout / 1000)
        except queue.Empty:
            return
        self.objects[name][method]["method"](FakeRequest(done), args)

    def disconnect(self, deregister: bool = True) -> None:
        self._touch()
        self.connected = False


@pytest.fixture
def fake_ubus(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeUbus]:
    fake = FakeUbus()
    monkeypatch.setitem(sys.modules, "ubus", fake)
    old_chld = signal.getsignal(signal.SIGCHLD)
    yield fake
    signal.signal(signal.SIGCHLD, old_chld)


async def test_calls_run_on_the_worker_thread(fake_ubus: FakeUbus) -> None:
    bus = await PythonUbusBus.connect(call_timeout=3.0)
    try:
        await bus.notify_proto(build_block_restart("wwan"))
        assert await bus.call("network.interface.wwan", "status", {}) == [{"ok": True}]
    finally:
        await bus.close()
    assert fake_ubus.calls[0] == (
        "network.interface",
        "notify_proto",
        {"action": 4, "interface": "wwan"},
        3000,
    )
    assert fake_ubus.threads == {"pyqmi-ubus"}
    assert not fake_ubus.connected


async def test_mistyped_payload_is_not_sent(fake_ubus: FakeUbus) -> None:
    bus = await PythonUbusBus.connect()
    try:
        with pytest.raises(PayloadTypeError):
            await bus.notify_proto({"action": 5, "interface": "wwan", "available": 0})
    finally:
        await bus.close()
    assert fake_ubus.calls == []


async def test_python_ubus_errors_become_bus_call_failed(fake_ubus: FakeUbus) -> None:
    fake_ubus.fail_calls = True
    bus = await PythonUbusBus.connect()
    try:
        with pytest.raises(BusCallFailed) as err:
            await bus.notify_proto(build_block_restart("wwan"))
    finally:
        await bus.close()
    assert err.value.obj == "network.interface"
    assert "Not found" in err.value.reason


async def test_refused_connection_and_single_connection(fake_ubus: FakeUbus) -> None:
    fake_ubus.refuse_connect = True
    with pytest.raises(BusUnavailable, match="cannot connect"):
        await PythonUbusBus.connect(socket_path="/nonexistent")
    fake_ubus.refuse_connect = False
    first = await PythonUbusBus.connect()
    try:
        with pytest.raises(BusUnavailable, match="already connected"):
            await PythonUbusBus.connect()
    finally:
        await first.close()


async def test_published_status_is_served_by_the_pump(fake_ubus: FakeUbus) -> None:
    loop = asyncio.get_running_loop()
    bus = await PythonUbusBus.connect(pump_interval=0.02)
    try:
        with pytest.raises(BusError, match="SIGTERM"):
            await publish_status(bus, "wwan", lambda: {})
        loop.add_signal_handler(signal.SIGTERM, lambda: None)
        try:
            handled_on: list[str] = []

            def supplier() -> dict[str, Any]:
                handled_on.append(threading.current_thread().name)
                return {"state": "connected", "imsi": "262011234567890"}

            await publish_status(bus, "wwan", supplier)
            done: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()
            fake_ubus.incoming.put(("pyqmi.wwan", "status", {}, done))
            reply = await asyncio.wait_for(asyncio.wrap_future(done), 5)
        finally:
            loop.remove_signal_handler(signal.SIGTERM)
    finally:
        await bus.close()
    assert reply == {"state": "connected", "imsi": "***"}
    assert handled_on == [threading.current_thread().name]  # ran on the loop thread
    assert fake_ubus.objects["pyqmi.wwan"]["status"]["signature"] == {}
