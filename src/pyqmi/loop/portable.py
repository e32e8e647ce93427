"""The event loop as the transport and the daemon see it, whichever loop runs them.

Theory of operation
-------------------
The daemon runs on pyqmi's own loop (``run``, ``core.Loop``); the simulator, the demo, the
benchmarks and most tests run the same transport and runner inside asyncio, beside an
asyncio simulator. So that code never names a loop: it asks ``current()``, which returns
pyqmi's loop when one runs in this thread, else asyncio's running loop. asyncio is never
imported here: ``current()`` looks for it in ``sys.modules``, where it is only when the
program imported it itself. Both loops have the methods ``EventLoop`` lists, with the same
meaning, and their futures and tasks have the methods of ``FutureLike`` and ``TaskLike``.

The helpers below are written with those methods only, so they too run on either loop:
``sleep``, ``bounded`` (await a future for at most so long; ``TimeoutError`` after),
``wait_readable``/``wait_writable`` (a descriptor, bounded), ``settle`` (cancel a task and
wait, bounded, until it has run its cleanup) and ``Queue`` (one consumer). None of them
cancels anything on timeout: the awaited future is left as it is, for its owner.
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from pyqmi.loop.core import RUNNING, Loop

if TYPE_CHECKING:  # the protocols exist for mypy only (see pyqmi.loop.types)
    from pyqmi.loop.types import EventLoop, FutureLike, TaskLike

T = TypeVar("T")


def current() -> EventLoop:
    """The loop running this code: pyqmi's, else a running asyncio loop."""
    ours = RUNNING.get(threading.get_ident())
    if ours is not None:
        return cast("EventLoop", ours)
    aio = sys.modules.get("asyncio")
    if aio is not None:
        try:
            return cast("EventLoop", aio.get_running_loop())
        except RuntimeError:
            pass
    raise RuntimeError("no event loop is running (pyqmi.loop.run or asyncio)")


def run(main: Coroutine[Any, Any, T], *, finish_within: float = 1.0) -> T:
    """Run ``main`` on a new pyqmi loop and return its result; tasks it left running are
    cancelled and given ``finish_within`` s to end; the loop is closed."""
    loop = Loop()
    try:
        return loop.run_until_complete(main)
    finally:
        try:
            loop.finish_tasks(finish_within)
        finally:
            loop.close()


def _expire(future: FutureLike[Any]) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


def _relay(target: FutureLike[Any]) -> Callable[[FutureLike[Any]], None]:
    def relay(source: FutureLike[Any]) -> None:
        if target.done():
            return
        if source.cancelled():
            target.cancel()
        elif source.exception() is not None:
            target.set_exception(cast(BaseException, source.exception()))
        else:
            target.set_result(source.result())

    return relay


async def bounded(future: FutureLike[T], timeout: float) -> T:
    """``await future`` for at most ``timeout`` s, then ``TimeoutError`` (``future`` itself
    is left pending)."""
    loop = current()
    waiter: FutureLike[T] = loop.create_future()
    future.add_done_callback(_relay(waiter))
    timer = loop.call_later(timeout, _expire, waiter)
    try:
        return await waiter
    finally:
        timer.cancel()


async def sleep(seconds: float) -> None:
    loop = current()
    done = loop.create_future()
    timer = loop.call_later(seconds, _wake, done)
    try:
        await done
    finally:
        timer.cancel()


def _wake(future: FutureLike[Any]) -> None:
    if not future.done():
        future.set_result(None)


async def _wait_fd(fd: int, timeout: float, write: bool) -> None:
    loop = current()
    ready = loop.create_future()
    if write:
        loop.add_writer(fd, _wake, ready)
    else:
        loop.add_reader(fd, _wake, ready)
    try:
        await bounded(ready, timeout)
    finally:
        if write:
            loop.remove_writer(fd)
        else:
            loop.remove_reader(fd)


async def wait_readable(fd: int, timeout: float) -> None:
    """Return once ``fd`` is readable; ``TimeoutError`` after ``timeout`` s."""
    await _wait_fd(fd, timeout, write=False)


async def wait_writable(fd: int, timeout: float) -> None:
    """Return once ``fd`` is writable; ``TimeoutError`` after ``timeout`` s."""
    await _wait_fd(fd, timeout, write=True)


async def settle(task: TaskLike[Any], within: float) -> bool:
    """Cancel ``task`` and wait until it has ended (its ``finally`` blocks run), at most
    ``within`` s; True when it ended. Its result or exception is not raised here."""
    if task.done():
        return True
    loop = current()
    ended = loop.create_future()
    task.add_done_callback(lambda _: _wake(ended))
    task.cancel()
    try:
        await bounded(ended, within)
    except TimeoutError:
        return False
    return True


class Queue(Generic[T]):
    """Items in order, for ONE consumer that awaits ``get()``; ``put_nowait`` never blocks.

    ``get()`` waits without a bound on purpose: it is the daemon's idle sleep; what ends it
    is an event, a descriptor's or the runner's own timer's.
    """

    def __init__(self) -> None:
        self._items: deque[T] = deque()
        self._waiter: FutureLike[None] | None = None

    def __len__(self) -> int:
        return len(self._items)

    def put_nowait(self, item: T) -> None:
        self._items.append(item)
        waiter, self._waiter = self._waiter, None
        if waiter is not None:
            _wake(waiter)

    async def get(self) -> T:
        while not self._items:
            waiter: FutureLike[None] = current().create_future()
            self._waiter = waiter
            try:
                await waiter
            finally:
                if self._waiter is waiter:
                    self._waiter = None
        return self._items.popleft()
