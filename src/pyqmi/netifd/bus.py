"""The ubus edge: a small ``Bus`` protocol and its python-ubus implementation.

Theory of operation (PythonUbusBus). Facts about CZ-NIC python-ubus (ubus_python.c) and the
libubus under it that the design rests on:

* One module-global connection; nothing in it is thread-safe. ``ubus.call``, ``add``,
  ``connect`` and ``disconnect`` run libubus's synchronous requests while HOLDING the GIL, so
  no other Python thread runs meanwhile; a worker thread would make nothing concurrent.
* ``ubus.loop(t)`` releases the GIL. ``t > 0`` runs uloop with a timer of ``t`` ms, ``t < 0``
  runs uloop until uloop_end (which python-ubus never lets Python call), and ``t == 0`` calls
  ``ubus_handle_event``: it reads every message already on the socket (the socket is
  O_NONBLOCK), serves each, and returns at once. No timer is involved.
* The socket's descriptor is not exposed. ``connect`` opens exactly one new AF_UNIX stream
  socket, connected to the given path (besides uloop's epoll fd and waker pipe), so we find it
  by comparing /proc/self/fd before and after, and watch a duplicate of it.
* Method handlers run inside ``loop()``, in the thread that called it, with the GIL retaken.
* An invocation that arrives while a synchronous request waits for its own reply is read and
  queued inside libubus; it is served at the next ``ubus_handle_event`` (or by a uloop timer
  that never fires here). So every request of ours is followed by a ``loop(0)``.

Design: no thread, no timer. Everything python-ubus does happens on the event loop's thread
(``pyqmi.loop.current()``: pyqmi's own in the daemon, asyncio's in the demo and tests).
The socket's duplicate is registered with ``add_reader``; when it turns readable we peek
(end of file means ubusd went away: stop watching, or the loop would spin) and call
``loop(0)``. Handlers therefore run on the daemon's own thread and touch its state directly.
``call`` runs ``ubus.call`` inline (bounded by ``call_timeout``) and schedules a ``loop(0)``
for whatever arrived meanwhile. While idle the process sleeps in epoll: zero wake-ups.
``close`` withdraws nothing one by one: ``disconnect(deregister=False)`` only closes the socket
(ubusd drops the objects of a client that leaves), so closing never waits for ubusd.

Signals: libubus runs uloop_init at connect, and uloop takes SIGTERM, SIGINT and SIGCHLD
wherever they are SIG_DFL, behind the back of Python's signal module; a SIGTERM would then set
a uloop flag and nothing else. After connect and after disconnect we restore every one of
those (and SIGPIPE) that Python believes is SIG_DFL or SIG_IGN. uloop itself never runs.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import socket
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from pyqmi import loop
from pyqmi.netifd.policy import check_dynamic, check_payload

log = logging.getLogger(__name__)

MethodHandler = Callable[[Mapping[str, Any]], Mapping[str, Any]]

DEFAULT_SOCKET = "/var/run/ubus/ubus.sock"
FD_DIR = "/proc/self/fd"
ULOOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD, signal.SIGPIPE)


class BusError(Exception):
    """Base of everything the bus layer raises."""


class BusUnavailable(BusError):
    """ubus cannot be used at all (python-ubus missing, socket absent)."""


class BusCallFailed(BusError):
    """A call reached ubus but failed (object missing, netifd said no, timeout)."""

    def __init__(self, obj: str, method: str, reason: str) -> None:
        super().__init__(f"ubus call {obj} {method} failed: {reason}")
        self.obj = obj
        self.method = method
        self.reason = reason


class Bus(Protocol):
    async def notify_proto(self, payload: Mapping[str, Any]) -> None:
        """``ubus call network.interface notify_proto <payload>``."""

    async def call(self, obj: str, method: str, args: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Call any ubus method; returns the replies."""

    async def add_object(self, name: str, methods: Mapping[str, MethodHandler]) -> None:
        """Publish an object whose methods run ``methods[name](args) -> reply``."""

    async def close(self) -> None:
        """Withdraw objects and disconnect. Idempotent."""


def import_ubus() -> Any:
    """The python-ubus module, or BusUnavailable saying what is missing."""
    try:
        return importlib.import_module("ubus")
    except ImportError as exc:
        raise BusUnavailable(
            "python module 'ubus' (python3-ubus, CZ-NIC python-ubus) is not installed; "
            "it is needed to talk to netifd"
        ) from exc


PYTHON_UBUS_ERRORS = (RuntimeError, OSError, TypeError, SystemError)


class PythonUbusBus:
    """Bus over python-ubus; build it with ``await PythonUbusBus.connect()``."""

    _in_use = threading.Lock()  # python-ubus allows one connection per process

    def __init__(self, module: Any, sock: socket.socket | None, *, call_timeout: float) -> None:
        self._ubus = module
        self._sock = sock  # a duplicate of python-ubus's socket, watched by the loop
        self._call_timeout_ms = max(1, int(call_timeout * 1000))
        self._loop = loop.current()
        self._lost = False
        self._closed = False
        if sock is not None:
            self._loop.add_reader(sock.fileno(), self._on_readable)

    @classmethod
    async def connect(
        cls, socket_path: str = DEFAULT_SOCKET, *, call_timeout: float = 10.0
    ) -> PythonUbusBus:
        """Import python-ubus lazily, connect, and watch its socket from the running loop."""
        module = import_ubus()
        if not cls._in_use.acquire(blocking=False):
            raise BusUnavailable("python-ubus is already connected in this process")
        before = _open_fds()
        try:
            module.connect(socket_path=socket_path)
        except PYTHON_UBUS_ERRORS as exc:
            cls._in_use.release()
            raise BusUnavailable(f"cannot connect to ubus at {socket_path}: {exc}") from exc
        finally:
            _restore_signals()
        fd = _find_socket(before, _open_fds(), socket_path)
        sock = None if fd is None else socket.socket(fileno=os.dup(fd))
        return cls(module, sock, call_timeout=call_timeout)

    # -- dispatch --------------------------------------------------------------------------
    def _on_readable(self) -> None:
        assert self._sock is not None
        try:
            if self._sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT):
                self._dispatch()
                return
            reason = "ubusd closed the connection"
        except BlockingIOError:
            return
        except OSError as exc:
            reason = str(exc)
        self._lost = True
        self._unwatch()
        log.error("ubus connection lost (%s); published objects no longer answer", reason)

    def _dispatch(self) -> None:
        """Serve what python-ubus has read or can read now; never blocks."""
        if self._closed or self._lost:
            return
        try:
            self._ubus.loop(0)
        except PYTHON_UBUS_ERRORS as exc:
            log.error("ubus dispatch failed: %s", exc)

    def _request(self, fn: Callable[[], Any], obj: str, method: str) -> Any:
        """One synchronous python-ubus request, then a dispatch of what came in meanwhile."""
        if self._closed:
            raise BusError(f"bus is closed ({obj} {method})")
        if self._lost:
            raise BusCallFailed(obj, method, "ubus connection lost")
        try:
            return fn()
        except PYTHON_UBUS_ERRORS as exc:
            raise BusCallFailed(obj, method, str(exc)) from exc
        finally:
            self._loop.call_soon(self._dispatch)

    def _unwatch(self) -> None:
        if self._sock is not None:
            self._loop.remove_reader(self._sock.fileno())

    # -- Bus -----------------------------------------------------------------------------
    async def call(self, obj: str, method: str, args: Mapping[str, Any]) -> list[dict[str, Any]]:
        if obj == "network" and method == "add_dynamic":
            check_dynamic(args)
        plain = dict(args)
        timeout = self._call_timeout_ms
        replies = self._request(
            lambda: self._ubus.call(obj, method, plain, timeout=timeout), obj, method
        )
        return list(replies or [])

    async def notify_proto(self, payload: Mapping[str, Any]) -> None:
        check_payload(payload)
        await self.call("network.interface", "notify_proto", payload)

    async def add_object(self, name: str, methods: Mapping[str, MethodHandler]) -> None:
        table = {
            method: {"method": self._adapter(handler), "signature": {}}
            for method, handler in methods.items()
        }
        self._request(lambda: self._ubus.add(name, table), "ubus", f"add {name}")
        if self._sock is None:
            log.warning(
                "cannot watch python-ubus's socket (connect opened no socket found in %s); "
                "calls to %s are answered only after the daemon's own ubus calls",
                FD_DIR,
                name,
            )

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if not self._lost:
                self._unwatch()
            self._ubus.disconnect(deregister=False)
        except PYTHON_UBUS_ERRORS as exc:
            log.warning("ubus disconnect failed: %s", exc)
        finally:
            _restore_signals()
            if self._sock is not None:
                self._sock.close()
            type(self)._in_use.release()

    def _adapter(self, handler: MethodHandler) -> Callable[[Any, Any], None]:
        """python-ubus callback; runs on the loop thread, inside ``loop(0)``."""

        def on_call(request: Any, args: Any) -> None:
            try:
                reply = dict(handler(args if isinstance(args, dict) else {}))
            except Exception as exc:
                log.error("ubus method handler failed: %s", exc)
                reply = {"error": "internal error"}
            try:
                request.reply(reply)
            except PYTHON_UBUS_ERRORS as exc:
                log.error("ubus reply failed: %s", exc)

        return on_call


def _open_fds() -> set[int]:
    """The open descriptors; not the one listing /proc/self/fd used, which is free again
    (so connect may well reuse its number)."""
    try:
        listed = [int(name) for name in os.listdir(FD_DIR)]
    except OSError:
        return set()
    found = set()
    for fd in listed:
        try:
            os.fstat(fd)
        except OSError:
            continue
        found.add(fd)
    return found


def _find_socket(before: set[int], after: set[int], path: str) -> int | None:
    """The connected AF_UNIX stream socket that appeared in ``after``; the one to ``path``
    if there are several; None if that does not single one out."""
    found: list[tuple[int, Any]] = []
    for fd in sorted(after - before):
        try:
            probe = socket.socket(fileno=fd)  # fails for epoll, pipes, and fds gone already
        except OSError:
            continue
        try:
            if probe.family == socket.AF_UNIX and probe.type == socket.SOCK_STREAM:
                found.append((fd, probe.getpeername()))
        except OSError:
            pass  # not connected
        finally:
            probe.detach()
    if len(found) == 1:
        return found[0][0]
    named = [fd for fd, peer in found if peer == path]
    return named[0] if len(named) == 1 else None


def _restore_signals() -> None:
    """Put back what uloop may have installed where Python's signal module set nothing."""
    if threading.current_thread() is not threading.main_thread():
        log.warning("ubus used outside the main thread: uloop may hold SIGTERM")
        return
    for signo in ULOOP_SIGNALS:
        believed = signal.getsignal(signo)
        if believed in (signal.SIG_DFL, signal.SIG_IGN):
            signal.signal(signo, believed)
