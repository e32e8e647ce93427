"""pyqmi's own event loop: descriptors, monotonic timers, futures, tasks, signals.

Theory of operation
-------------------
Why not asyncio: the daemon asks an event loop for readers on two descriptors (the modem,
ubus), one timer at a time, futures for requests in flight, a task per operation and
SIGTERM. asyncio does all that and much more, and the much more is paid at every start.
Measured on x86-64 with CPython 3.11 (valgrind, ssl and _hashlib blocked as on OpenWrt
without python3-openssl): ``import asyncio`` costs ~175 M instructions over a bare
interpreter; most of its imports (logging, socket, selectors, enum, typing) the daemon needs
anyway, but the 35 modules only asyncio brought (asyncio.*, concurrent.futures,
contextvars) cost the daemon's imports 31 M instructions (483 M -> 452 M) and 1.4 MiB of
RSS, against an exec-to-link-up budget of 450 M (issue 8), and need python3-asyncio on the
router. This module and its portable half import only modules the daemon loads anyway
(select, socket, signal, heapq, logging).

One thread. ``run_forever`` repeats one turn: run every callback that is ready, in order;
sleep in poll(2) until a descriptor is ready or the earliest timer is due; queue the
callbacks of the ready descriptors and due timers. With no timer armed, poll waits without
a timeout, so an idle daemon never wakes. Cancelled timers leave the heap when they reach
its top, before the sleep is computed, so a cancelled timer never wakes the loop either.

A ``Future`` holds a result or an exception; its done callbacks are queued (never called
inside ``set_result``), so completing a future never re-enters its waiter. A ``Task`` drives
a coroutine: each await of a ``Future`` yields it to the task, which resumes the coroutine
once the future is done. ``Task.cancel()`` cancels the future awaited and throws
``Cancelled`` in at the await. The names and signatures follow asyncio's (``call_at``,
``add_reader``, ``create_future``...), so code written against ``pyqmi.loop.current()`` runs
on this loop and on a running asyncio loop alike.

Signals: ``add_signal_handler`` installs a no-op Python handler and points
``signal.set_wakeup_fd`` at a socket pair; the C-level handler writes the signal's number
there, the loop reads it and runs the registered callback as an ordinary callback.
"""

from __future__ import annotations

import heapq
import logging
import select
import signal
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from typing import Any, Generic, TypeVar, cast

log = logging.getLogger("pyqmi.loop")

T = TypeVar("T")
READ_EVENTS = select.POLLIN | select.POLLPRI | select.POLLHUP | select.POLLERR
WRITE_EVENTS = select.POLLOUT | select.POLLHUP | select.POLLERR
RUNNING: dict[int, Loop] = {}  # thread id -> the pyqmi loop running in that thread


class Cancelled(BaseException):
    """Thrown into a cancelled task's coroutine; what a cancelled future's result() raises."""


class Handle:
    """A queued callback; for a timer, also when it is due."""

    __slots__ = ("_args", "_callback", "_cancelled", "_when")

    def __init__(self, callback: Callable[..., object], args: tuple[Any, ...], when: float = 0.0):
        self._callback = callback
        self._args = args
        self._when = when
        self._cancelled = False

    def when(self) -> float:
        return self._when

    def cancel(self) -> None:
        self._cancelled = True

    def cancelled(self) -> bool:
        return self._cancelled

    def _run(self) -> None:
        try:
            self._callback(*self._args)
        except Exception:
            log.exception("event loop callback %r failed", self._callback)


class Future(Generic[T]):
    """A result to come: ``set_result``/``set_exception`` once, ``await`` to get it."""

    def __init__(self, loop: Loop) -> None:
        self._loop = loop
        self._done = False
        self._cancelled = False
        self._result: T | None = None
        self._exception: BaseException | None = None
        self._callbacks: list[Callable[[Future[T]], object]] = []

    def get_loop(self) -> Loop:
        return self._loop

    def done(self) -> bool:
        return self._done

    def cancelled(self) -> bool:
        return self._cancelled

    def result(self) -> T:
        if self._cancelled:
            raise Cancelled()
        if not self._done:
            raise RuntimeError("the future has no result yet")
        if self._exception is not None:
            raise self._exception
        return cast(T, self._result)

    def exception(self) -> BaseException | None:
        if self._cancelled:
            raise Cancelled()
        if not self._done:
            raise RuntimeError("the future has no result yet")
        return self._exception

    def set_result(self, value: T) -> None:
        self._settle()
        self._result = value
        self._finish()

    def set_exception(self, exc: BaseException) -> None:
        self._settle()
        self._exception = exc
        self._finish()

    def cancel(self) -> bool:
        if self._done:
            return False
        self._cancelled = True
        self._done = True
        self._finish()
        return True

    def add_done_callback(self, callback: Callable[[Future[T]], object]) -> None:
        if self._done:
            self._loop.call_soon(callback, self)
        else:
            self._callbacks.append(callback)

    def _settle(self) -> None:
        if self._done:
            raise RuntimeError("the future is already done")
        self._done = True

    def _finish(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            self._loop.call_soon(callback, self)

    def __await__(self) -> Generator[Any, None, T]:
        if not self._done:
            yield self  # to the task, which resumes us when we are done
        return self.result()


class Task(Future[T]):
    """A coroutine run by the loop; itself a future of the coroutine's return value."""

    def __init__(self, loop: Loop, coro: Coroutine[Any, Any, T]) -> None:
        super().__init__(loop)
        self._coro = coro
        self._waiting: Future[Any] | None = None
        self._must_cancel = False
        loop.call_soon(self._step)

    def cancel(self) -> bool:
        """Throw ``Cancelled`` into the coroutine at its next step (the await it is in)."""
        if self._done:
            return False
        self._must_cancel = True
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting.cancel()  # wakes us; the step throws
        return True

    def _wakeup(self, future: Future[Any]) -> None:
        if future is self._waiting or self._waiting is None:
            self._waiting = None
            self._step()

    def _step(self, throw: BaseException | None = None) -> None:
        if self._done:
            return
        if self._must_cancel:
            self._must_cancel = False
            throw = Cancelled()
        try:
            yielded = self._coro.send(None) if throw is None else self._coro.throw(throw)
        except StopIteration as stop:
            Future.set_result(self, stop.value)
        except Cancelled:
            Future.cancel(self)
        except Exception as exc:
            Future.set_exception(self, exc)
        except BaseException as exc:  # KeyboardInterrupt, SystemExit: the caller's
            Future.set_exception(self, exc)
            raise
        else:
            if isinstance(yielded, Future) and yielded is not self:
                self._waiting = yielded
                yielded.add_done_callback(self._wakeup)
                if self._must_cancel:
                    self.cancel()
            else:
                error = RuntimeError(f"a pyqmi task awaited {yielded!r}, not a pyqmi future")
                self._loop.call_soon(self._step, error)

    def _finish(self) -> None:
        self._loop._tasks.discard(self)
        super()._finish()


def _noop_handler(signum: int, frame: object) -> None:
    """Python's part of a signal we watch: nothing; the wakeup descriptor tells the loop."""


class Loop:
    """The event loop; ``pyqmi.loop.run(coro)`` makes one, runs ``coro`` and closes it."""

    def __init__(self) -> None:
        self._poll = select.poll()
        self._masks: dict[int, int] = {}
        self._readers: dict[int, Handle] = {}
        self._writers: dict[int, Handle] = {}
        self._ready: deque[Handle] = deque()
        self._timers: list[tuple[float, int, Handle]] = []
        self._sequence = 0
        self._tasks: set[Task[Any]] = set()
        self._signals: dict[int, Handle] = {}
        self._wakeup: tuple[socket.socket, socket.socket] | None = None
        self._stopping = False
        self.running = False

    # -- time and callbacks --------------------------------------------------------------
    def time(self) -> float:
        return time.monotonic()

    def call_soon(self, callback: Callable[..., object], *args: Any) -> Handle:
        handle = Handle(callback, args)
        self._ready.append(handle)
        return handle

    def call_at(self, when: float, callback: Callable[..., object], *args: Any) -> Handle:
        handle = Handle(callback, args, when)
        self._sequence += 1
        heapq.heappush(self._timers, (when, self._sequence, handle))
        return handle

    def call_later(self, delay: float, callback: Callable[..., object], *args: Any) -> Handle:
        return self.call_at(self.time() + delay, callback, *args)

    # -- descriptors ---------------------------------------------------------------------
    def add_reader(self, fd: int, callback: Callable[..., object], *args: Any) -> None:
        self._readers[fd] = Handle(callback, args)
        self._watch(fd)

    def remove_reader(self, fd: int) -> bool:
        found = self._readers.pop(fd, None) is not None
        self._watch(fd)
        return found

    def add_writer(self, fd: int, callback: Callable[..., object], *args: Any) -> None:
        self._writers[fd] = Handle(callback, args)
        self._watch(fd)

    def remove_writer(self, fd: int) -> bool:
        found = self._writers.pop(fd, None) is not None
        self._watch(fd)
        return found

    def _watch(self, fd: int) -> None:
        mask = (select.POLLIN if fd in self._readers else 0) | (
            select.POLLOUT if fd in self._writers else 0
        )
        if mask == self._masks.get(fd, 0):
            return
        if mask:
            self._poll.register(fd, mask)  # registering again changes the mask
            self._masks[fd] = mask
        else:
            del self._masks[fd]
            self._poll.unregister(fd)

    # -- futures and tasks ---------------------------------------------------------------
    def create_future(self) -> Future[Any]:
        return Future(self)

    def create_task(self, coro: Coroutine[Any, Any, T]) -> Task[T]:
        task = Task(self, coro)
        self._tasks.add(task)
        return task

    # -- signals -------------------------------------------------------------------------
    def add_signal_handler(self, sig: int, callback: Callable[..., object], *args: Any) -> None:
        if self._wakeup is None:
            ours, theirs = socket.socketpair()
            ours.setblocking(False)
            theirs.setblocking(False)
            signal.set_wakeup_fd(theirs.fileno(), warn_on_full_buffer=False)
            self._wakeup = (ours, theirs)
            self.add_reader(ours.fileno(), self._read_signals)
        self._signals[sig] = Handle(callback, args)
        signal.signal(sig, _noop_handler)
        signal.siginterrupt(sig, False)

    def remove_signal_handler(self, sig: int) -> bool:
        if self._signals.pop(sig, None) is None:
            return False
        signal.signal(sig, signal.default_int_handler if sig == signal.SIGINT else signal.SIG_DFL)
        if not self._signals and self._wakeup is not None:
            signal.set_wakeup_fd(-1)
            ours, theirs = self._wakeup
            self._wakeup = None
            self.remove_reader(ours.fileno())
            ours.close()
            theirs.close()
        return True

    def _read_signals(self) -> None:
        assert self._wakeup is not None
        try:
            numbers = self._wakeup[0].recv(4096)
        except (BlockingIOError, InterruptedError):
            return
        for number in numbers:
            handle = self._signals.get(number)
            if handle is not None:
                self._ready.append(handle)

    # -- running -------------------------------------------------------------------------
    def stop(self) -> None:
        """Return from ``run_forever`` once the callbacks ready now have run."""
        self._stopping = True

    def run_forever(self) -> None:
        if self.running:
            raise RuntimeError("the loop is already running")
        ident = threading.get_ident()
        if RUNNING.setdefault(ident, self) is not self:
            raise RuntimeError("another pyqmi loop runs in this thread")
        self.running = True
        try:
            self._stopping = False
            while not self._stopping:
                self.run_once()
        finally:
            del RUNNING[ident]
            self.running = False

    def run_until_complete(self, coro: Coroutine[Any, Any, T]) -> T:
        task = self.create_task(coro)
        task.add_done_callback(lambda _: self.stop())
        self.run_forever()
        if not task.done():
            raise RuntimeError("the loop stopped before its task completed")
        return task.result()

    def run_once(self, longest: float | None = None) -> None:
        """One turn: sleep at most ``longest`` s (None: until something happens), then run
        what became ready."""
        timers = self._timers
        while timers and timers[0][2].cancelled():
            heapq.heappop(timers)
        wait = longest
        if self._ready or self._stopping:
            wait = 0.0
        elif timers:
            due = max(0.0, timers[0][0] - self.time())
            wait = due if wait is None else min(wait, due)
        for fd, events in self._poll.poll(None if wait is None else wait * 1000.0):
            if events & select.POLLNVAL:  # closed while watched: drop it, never spin on it
                self._forget(fd)
                continue
            if events & READ_EVENTS and fd in self._readers:
                self._ready.append(self._readers[fd])
            if events & WRITE_EVENTS and fd in self._writers:
                self._ready.append(self._writers[fd])
        now = self.time()
        while timers and timers[0][0] <= now:
            handle = heapq.heappop(timers)[2]
            if not handle.cancelled():
                self._ready.append(handle)
        for _ in range(len(self._ready)):
            handle = self._ready.popleft()
            if not handle.cancelled():
                handle._run()

    def _forget(self, fd: int) -> None:
        log.error("descriptor %d was closed while the event loop watched it", fd)
        for table in (self._readers, self._writers):
            handle = table.pop(fd, None)
            if handle is not None:
                self._ready.append(handle)  # its callback sees the error itself
        self._masks.pop(fd, None)
        self._poll.unregister(fd)

    def finish_tasks(self, within: float) -> None:
        """Cancel every task still running and run the loop until they end, at most
        ``within`` s."""
        left = [task for task in self._tasks if not task.done()]
        for task in left:
            task.cancel()
        deadline = self.time() + within
        while any(not task.done() for task in left) and self.time() < deadline:
            self.run_once(deadline - self.time())
        stuck = [task for task in left if not task.done()]
        if stuck:
            log.warning("%d task(s) did not finish within %g s of the end", len(stuck), within)

    def close(self) -> None:
        """Restore the signals we took and forget everything watched."""
        for sig in list(self._signals):
            self.remove_signal_handler(sig)
        for fd in list(self._masks):
            self._poll.unregister(fd)
        self._masks.clear()
        self._readers.clear()
        self._writers.clear()
        self._timers.clear()
        self._ready.clear()
