"""The ubus edge: a small ``Bus`` protocol and its python-ubus implementation.

Theory of operation (PythonUbusBus): CZ-NIC's python-ubus keeps ONE module-global connection,
exposes no file descriptor, and is not thread-safe. ``ubus.call`` runs ``ubus_invoke``
synchronously (holding the GIL) and ``ubus.loop(timeout_ms)`` runs uloop, which is where calls
to objects we registered with ``ubus.add`` are served. So every python-ubus call is made from
one dedicated worker thread fed by a queue; asyncio code awaits a future per job. While
objects are registered and no job is queued, the worker pumps ``ubus.loop(pump_ms)`` (the GIL
is released inside), so incoming calls are answered at once and an outgoing job waits at most
``pump_ms`` for the pump to return. With no registered object the worker just blocks on the
queue: no wake-ups at all.

Method handlers are plain functions the daemon owns; the worker runs them on the asyncio loop
thread (call_soon_threadsafe) and waits at most ``handler_timeout`` for the reply, so daemon
state is only ever touched from its own thread.

Signals: uloop installs its own SIGINT/SIGTERM/SIGCHLD handlers only where the current handler
is SIG_DFL (libubox uloop_install_handler), and its SIGCHLD handling reaps with waitpid(-1).
``add_object`` therefore refuses to start pumping while SIGTERM is still SIG_DFL (the daemon
must install its own handler first, or netifd's SIGTERM would only end a pump), and it sets a
no-op SIGCHLD handler when none is set, so uloop never reaps asyncio's children.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib
import logging
import queue
import signal
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from pyqmi.netifd.policy import check_dynamic, check_payload

log = logging.getLogger(__name__)

MethodHandler = Callable[[Mapping[str, Any]], Mapping[str, Any]]

DEFAULT_SOCKET = "/var/run/ubus/ubus.sock"


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


class _Job:
    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.future: concurrent.futures.Future[Any] = concurrent.futures.Future()


class PythonUbusBus:
    """Bus over python-ubus; build it with ``await PythonUbusBus.connect()``."""

    _in_use = threading.Lock()  # python-ubus allows one connection per process

    def __init__(
        self,
        module: Any,
        *,
        call_timeout: float = 10.0,
        pump_interval: float = 0.1,
        handler_timeout: float = 2.0,
    ) -> None:
        self._ubus = module
        self._call_timeout_ms = max(1, int(call_timeout * 1000))
        self._pump_ms = max(1, int(pump_interval * 1000))
        self._handler_timeout = handler_timeout
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._pumping = False
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._work, name="pyqmi-ubus", daemon=True)

    @classmethod
    async def connect(cls, socket_path: str = DEFAULT_SOCKET, **kwargs: Any) -> PythonUbusBus:
        """Import python-ubus lazily, connect from the worker thread, return the bus."""
        module = import_ubus()
        if not cls._in_use.acquire(blocking=False):
            raise BusUnavailable("python-ubus is already connected in this process")
        bus = cls(module, **kwargs)
        bus._loop = asyncio.get_running_loop()
        bus._thread.start()
        try:
            await bus._submit(lambda: module.connect(socket_path=socket_path), "connect")
        except BusError as exc:
            await bus._stop_worker()
            cls._in_use.release()
            raise BusUnavailable(f"cannot connect to ubus at {socket_path}: {exc}") from exc
        return bus

    # -- worker thread -------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            try:
                job = self._jobs.get(block=not self._pumping)
            except queue.Empty:
                self._ubus.loop(self._pump_ms)
                continue
            if job is None:
                return
            if not job.future.set_running_or_notify_cancel():
                continue  # the caller gave up waiting before the job started
            try:
                job.future.set_result(job.fn())
            except BaseException as exc:  # handed to the awaiting coroutine
                job.future.set_exception(exc)

    async def _submit(self, fn: Callable[[], Any], what: str) -> Any:
        if self._closed:
            raise BusError(f"bus is closed ({what})")
        job = _Job(fn)
        self._jobs.put(job)
        # The worker bounds ubus_invoke itself; this outer bound also covers a pump in progress.
        bound = self._call_timeout_ms / 1000 + self._pump_ms / 1000 + 1.0
        try:
            return await asyncio.wait_for(asyncio.wrap_future(job.future), bound)
        except TimeoutError as exc:
            raise BusCallFailed("ubus", what, f"no answer within {bound:.1f} s") from exc
        except (RuntimeError, OSError, TypeError, SystemError) as exc:  # python-ubus errors
            raise BusCallFailed("ubus", what, str(exc)) from exc

    async def _stop_worker(self) -> None:
        self._jobs.put(None)
        await asyncio.to_thread(self._thread.join, 5.0)

    # -- Bus -----------------------------------------------------------------------------
    async def call(self, obj: str, method: str, args: Mapping[str, Any]) -> list[dict[str, Any]]:
        if obj == "network" and method == "add_dynamic":
            check_dynamic(args)
        plain = dict(args)
        try:
            replies = await self._submit(
                lambda: self._ubus.call(obj, method, plain, timeout=self._call_timeout_ms),
                f"{obj} {method}",
            )
        except BusCallFailed as exc:
            raise BusCallFailed(obj, method, exc.reason) from exc
        return list(replies or [])

    async def notify_proto(self, payload: Mapping[str, Any]) -> None:
        check_payload(payload)
        await self.call("network.interface", "notify_proto", payload)

    async def add_object(self, name: str, methods: Mapping[str, MethodHandler]) -> None:
        _guard_signals()
        table = {
            method: {"method": self._adapter(handler), "signature": {}}
            for method, handler in methods.items()
        }

        def add_and_pump() -> None:  # runs on the worker, so the next turn already pumps
            self._ubus.add(name, table)
            self._pumping = True

        await self._submit(add_and_pump, f"add {name}")

    async def close(self) -> None:
        if self._closed:
            return

        def stop_pumping_and_disconnect() -> None:
            self._pumping = False
            self._ubus.disconnect()

        try:
            await self._submit(stop_pumping_and_disconnect, "disconnect")
        except BusError as exc:
            log.warning("ubus disconnect failed: %s", exc)
        finally:
            self._closed = True
            await self._stop_worker()
            type(self)._in_use.release()

    def _adapter(self, handler: MethodHandler) -> Callable[[Any, Any], None]:
        """python-ubus callback (runs on the worker): ask the loop thread, then reply."""

        def on_call(request: Any, args: Any) -> None:
            assert self._loop is not None
            done: concurrent.futures.Future[Mapping[str, Any]] = concurrent.futures.Future()

            def run() -> None:
                try:
                    done.set_result(handler(args if isinstance(args, dict) else {}))
                except Exception as exc:
                    done.set_exception(exc)

            self._loop.call_soon_threadsafe(run)
            try:
                reply = done.result(timeout=self._handler_timeout)
            except Exception as exc:
                log.error("ubus method handler failed: %s", exc)
                reply = {"error": "internal error"}
            request.reply(dict(reply))

        return on_call


def _guard_signals() -> None:
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        raise BusError(
            "install a SIGTERM handler before publishing ubus objects: uloop would take "
            "SIGTERM over while it runs"
        )
    if signal.getsignal(signal.SIGCHLD) == signal.SIG_DFL:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGCHLD, lambda _signo, _frame: None)
        else:
            log.warning("SIGCHLD is SIG_DFL; uloop may reap child processes")
