"""PythonUbusBus against a stand-in python-ubus that behaves as the real one does.

FakeUbus mimics what bus.py relies on (see its theory of operation): ``connect`` opens a
unix socket to a listening "ubusd" (whose accepted end is new in this process too, as a peer
that is not the socket path) and, like libubus's uloop_init,
takes SIGTERM behind the back of Python's signal module; ``loop(0)`` reads what is on the
socket and runs the handlers of what it read, and anything it already queued; ``call`` may
read an invocation while it waits for its reply and queue it, as libubus does. Every loop()
is counted, so a test can see that nothing polls.
"""

import asyncio
import concurrent.futures
import ctypes
import logging
import os
import queue
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pyqmi.netifd.bus import BusCallFailed, BusError, BusUnavailable, PythonUbusBus
from pyqmi.netifd.payload import build_block_restart
from pyqmi.netifd.policy import PayloadTypeError
from pyqmi.netifd.status import publish_status

Invocation = tuple[str, str, dict[str, Any], "concurrent.futures.Future[dict[str, Any]]"]


class FakeRequest:
    def __init__(self, done: "concurrent.futures.Future[dict[str, Any]]") -> None:
        self.done = done

    def reply(self, data: dict[str, Any]) -> bool:
        self.done.set_result(data)
        return True


def _caught_or_ignored(signo: int) -> bool:
    """The kernel's view (not Python's) of whether ``signo`` has a handler or is ignored."""
    with open("/proc/self/status") as status:
        masks = dict(line.split(":", 1) for line in status if line.startswith("Sig"))
    bit = 1 << (signo - 1)
    return bool((int(masks["SigCgt"], 16) | int(masks["SigIgn"], 16)) & bit)


class FakeUbus:
    """Mimics python-ubus's module API; records which thread touched it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(1)
        self.calls: list[tuple[str, str, dict[str, Any], int]] = []
        self.threads: set[str] = set()
        self.objects: dict[str, dict[str, Any]] = {}
        self.arriving: queue.SimpleQueue[Invocation] = queue.SimpleQueue()
        self.pending: list[Invocation] = []  # read during a call, served at the next loop(0)
        self.during_call: Invocation | None = None
        self.loops = 0
        self.connected = False
        self.refuse_connect = False
        self.fail_calls = False
        self.ours: socket.socket | None = None
        self.ubusd: socket.socket | None = None

    def _touch(self) -> None:
        self.threads.add(threading.current_thread().name)

    # -- the ubusd side, for tests ---------------------------------------------------------
    def invoke(self, obj: str, method: str) -> "concurrent.futures.Future[dict[str, Any]]":
        """Another client calls ``obj method``: one byte on the socket carries it."""
        assert self.ubusd is not None
        done: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()
        self.arriving.put((obj, method, {}, done))
        self.ubusd.send(b"i")
        return done

    # -- python-ubus -----------------------------------------------------------------------
    def connect(self, socket_path: str = "") -> bool:
        self._touch()
        if self.refuse_connect:
            raise OSError(f"Failed to connect to the ubus socket '{socket_path}'")
        # the lowest free number: the one the adapter's listing of /proc/self/fd just used
        self.ours = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.ours.connect(socket_path)
        self.ours.setblocking(False)
        self.ubusd, _ = self.listener.accept()
        libc = ctypes.CDLL(None)
        libc.signal.restype = ctypes.c_void_p
        libc.signal(signal.SIGTERM, ctypes.c_void_p(1))  # as uloop: SIG_IGN where SIG_DFL
        self.connected = True
        return True

    def call(self, obj: str, method: str, args: dict[str, Any], timeout: int = 0) -> Any:
        self._touch()
        if self.during_call is not None:  # read while waiting for our reply: queued
            assert self.ours is not None
            self.pending.append(self.during_call)
            self.during_call = None
            self.ours.recv(1)
        if self.fail_calls:
            raise RuntimeError("ubus error occured: Not found")
        self.calls.append((obj, method, args, timeout))
        return [{"ok": True}]

    def add(self, name: str, methods: dict[str, Any]) -> None:
        self._touch()
        self.objects[name] = methods

    def loop(self, timeout: int = -1) -> None:
        self._touch()
        assert timeout == 0, "the adapter must never run uloop"
        assert self.ours is not None
        self.loops += 1
        while True:
            try:
                if not self.ours.recv(1):
                    break
            except BlockingIOError:
                break
            self.pending.append(self.arriving.get_nowait())
        served, self.pending = self.pending, []
        for name, method, args, done in served:
            self.objects[name][method]["method"](FakeRequest(done), args)

    def disconnect(self, deregister: bool = True) -> None:
        self._touch()
        assert deregister is False  # nothing to wait for: ubusd drops our objects
        for end in (self.ours, self.ubusd):
            if end is not None:
                end.close()
        self.connected = False


@pytest.fixture
def fake_ubus(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeUbus]:
    with tempfile.TemporaryDirectory(prefix="pyqmi-bus-") as tmp:  # short: sun_path
        fake = FakeUbus(os.path.join(tmp, "ubus.sock"))
        monkeypatch.setitem(sys.modules, "ubus", fake)
        old_term = signal.getsignal(signal.SIGTERM)
        yield fake
        signal.signal(signal.SIGTERM, old_term)
        for end in (fake.ours, fake.ubusd, fake.listener):
            if end is not None:
                end.close()


async def connect(fake: FakeUbus, **kwargs: Any) -> PythonUbusBus:
    return await PythonUbusBus.connect(socket_path=fake.path, **kwargs)


async def _until(condition: Callable[[], bool], within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 - a log record has no event to wait on
            await asyncio.sleep(0.005)


async def test_missing_python_ubus_is_a_named_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "ubus", raising=False)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if "ubus" not in p])
    with pytest.raises(BusUnavailable, match="python module 'ubus'"):
        await PythonUbusBus.connect()


async def test_calls_run_on_the_loop_thread_without_threads(fake_ubus: FakeUbus) -> None:
    threads = threading.active_count()
    bus = await connect(fake_ubus, call_timeout=3.0)
    try:
        assert threading.active_count() == threads  # the bus starts no thread
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
    assert fake_ubus.threads == {threading.current_thread().name}
    assert not fake_ubus.connected


async def test_uloop_does_not_keep_sigterm(fake_ubus: FakeUbus) -> None:
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    bus = await connect(fake_ubus)
    try:
        assert fake_ubus.connected
        assert not _caught_or_ignored(signal.SIGTERM)  # the default again: SIGTERM ends us
    finally:
        await bus.close()


async def test_mistyped_payload_is_not_sent(fake_ubus: FakeUbus) -> None:
    bus = await connect(fake_ubus)
    try:
        with pytest.raises(PayloadTypeError):
            await bus.notify_proto({"action": 5, "interface": "wwan", "available": 0})
    finally:
        await bus.close()
    assert fake_ubus.calls == []


async def test_python_ubus_errors_become_bus_call_failed(fake_ubus: FakeUbus) -> None:
    fake_ubus.fail_calls = True
    bus = await connect(fake_ubus)
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
    first = await connect(fake_ubus)
    try:
        with pytest.raises(BusUnavailable, match="already connected"):
            await connect(fake_ubus)
    finally:
        await first.close()


async def test_status_is_served_when_the_socket_is_readable_and_never_polled(
    fake_ubus: FakeUbus,
) -> None:
    handled_on: list[str] = []

    def supplier() -> dict[str, Any]:
        handled_on.append(threading.current_thread().name)
        return {"state": "connected", "imsi": "262011234567890"}

    bus = await connect(fake_ubus)
    try:
        await publish_status(bus, "wwan", supplier)
        await asyncio.sleep(0)  # the dispatch that follows every request of ours
        loops = fake_ubus.loops
        await asyncio.sleep(0.3)  # idle: a pump would run loop() here
        assert fake_ubus.loops == loops
        reply = await asyncio.wait_for(
            asyncio.wrap_future(fake_ubus.invoke("pyqmi.wwan", "status")), 5
        )
        assert fake_ubus.loops == loops + 1  # one readable socket, one dispatch
    finally:
        await bus.close()
    assert reply == {"state": "connected", "imsi": "***"}
    assert handled_on == [threading.current_thread().name]  # ran on the loop thread
    assert fake_ubus.objects["pyqmi.wwan"]["status"]["signature"] == {}


async def test_a_call_queued_during_our_own_call_is_served_after_it(fake_ubus: FakeUbus) -> None:
    bus = await connect(fake_ubus)
    try:
        await publish_status(bus, "wwan", lambda: {"state": "connected"})
        done: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()
        assert fake_ubus.ubusd is not None
        fake_ubus.during_call = ("pyqmi.wwan", "status", {}, done)
        fake_ubus.ubusd.send(b"i")
        await bus.notify_proto(build_block_restart("wwan"))  # libubus reads and queues it
        reply = await asyncio.wait_for(asyncio.wrap_future(done), 5)
    finally:
        await bus.close()
    assert reply == {"state": "connected"}


async def test_a_failing_handler_still_gets_a_reply(fake_ubus: FakeUbus) -> None:
    def broken(_args: Any) -> dict[str, Any]:
        raise ValueError("boom")

    bus = await connect(fake_ubus)
    try:
        await bus.add_object("pyqmi.wwan", {"status": broken})
        reply = await asyncio.wait_for(
            asyncio.wrap_future(fake_ubus.invoke("pyqmi.wwan", "status")), 5
        )
    finally:
        await bus.close()
    assert reply == {"error": "internal error"}


async def test_ubusd_going_away_stops_the_watch(
    fake_ubus: FakeUbus, caplog: pytest.LogCaptureFixture
) -> None:
    bus = await connect(fake_ubus)
    try:
        await publish_status(bus, "wwan", lambda: {})
        await asyncio.sleep(0)
        loops = fake_ubus.loops
        assert fake_ubus.ubusd is not None
        with caplog.at_level(logging.ERROR, logger="pyqmi.netifd.bus"):
            fake_ubus.ubusd.close()
            await _until(lambda: "connection lost" in caplog.text)
        await asyncio.sleep(0.1)  # a watch left on a socket at end of file would spin here
        assert fake_ubus.loops == loops
        with pytest.raises(BusCallFailed, match="connection lost"):
            await bus.notify_proto(build_block_restart("wwan"))
    finally:
        await bus.close()
    assert not fake_ubus.connected


async def test_close_is_immediate_idempotent_and_final(fake_ubus: FakeUbus) -> None:
    bus = await connect(fake_ubus)
    await publish_status(bus, "wwan", lambda: {})
    async with asyncio.timeout(1.0):
        await bus.close()
        await bus.close()
    assert not fake_ubus.connected
    with pytest.raises(BusError, match="closed"):
        await bus.notify_proto(build_block_restart("wwan"))
    again = await connect(fake_ubus)  # the one connection is free again
    await again.close()


async def test_without_a_socket_to_watch_it_says_so(
    fake_ubus: FakeUbus, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("pyqmi.netifd.bus.FD_DIR", "/nonexistent")
    bus = await connect(fake_ubus)
    try:
        with caplog.at_level(logging.WARNING, logger="pyqmi.netifd.bus"):
            await publish_status(bus, "wwan", lambda: {"state": "connected"})
        assert "cannot watch python-ubus's socket" in caplog.text
        done = fake_ubus.invoke("pyqmi.wwan", "status")
        await bus.notify_proto(build_block_restart("wwan"))  # served after our own call
        assert await asyncio.wait_for(asyncio.wrap_future(done), 5) == {"state": "connected"}
    finally:
        await bus.close()
