"""pyqmi's event loop itself: timers, descriptors, futures, tasks, signals, the idle sleep."""

from __future__ import annotations

import os
import select
import signal
import socket
from collections.abc import Callable
from typing import Any

import pytest

from pyqmi import loop
from pyqmi.loop.core import Future, Loop


class RecordingPoll:
    """poll(2) as the loop calls it, with every timeout it was given."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.timeouts: list[float | None] = []

    def register(self, fd: int, mask: int) -> None:
        self.real.register(fd, mask)

    def unregister(self, fd: int) -> None:
        self.real.unregister(fd)

    def poll(self, timeout: float | None) -> list[tuple[int, int]]:
        self.timeouts.append(timeout)
        result: list[tuple[int, int]] = self.real.poll(timeout)
        return result


def recording(ev: Loop) -> RecordingPoll:
    spy = RecordingPoll(ev._poll)
    ev._poll = spy  # type: ignore[assignment]
    return spy


def test_timers_fire_in_time_order_and_a_cancelled_one_never() -> None:
    ev = Loop()
    fired: list[str] = []
    now = ev.time()
    ev.call_at(now + 0.03, fired.append, "late")
    ev.call_at(now + 0.01, fired.append, "early")
    ev.call_at(now + 0.02, fired.append, "cancelled").cancel()
    ev.call_at(now + 0.04, ev.stop)
    ev.run_forever()
    assert fired == ["early", "late"]


def test_a_cancelled_timer_does_not_wake_the_loop() -> None:
    ev = Loop()
    spy = recording(ev)
    fired: list[str] = []
    ev.call_later(0.01, fired.append, "cancelled").cancel()
    ev.call_later(0.05, fired.append, "real")
    ev.run_once()  # one sleep, straight to the real timer
    assert fired == ["real"]
    assert len(spy.timeouts) == 1 and (spy.timeouts[0] or 0) > 30.0  # ms: not the 10 ms one


def test_with_no_timer_the_loop_sleeps_without_a_timeout() -> None:
    ev = Loop()
    spy = recording(ev)
    ours, theirs = socket.socketpair()
    got: list[bytes] = []
    ev.add_reader(ours.fileno(), lambda: got.append(ours.recv(10)))
    theirs.send(b"x")
    ev.run_once()
    assert got == [b"x"] and spy.timeouts == [None]  # idle: no wake-up of its own
    ev.remove_reader(ours.fileno())
    ours.close()
    theirs.close()


def test_readers_and_writers_are_called_until_removed() -> None:
    ev = Loop()
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    seen: list[str] = []

    def writable() -> None:
        seen.append("w")
        ev.remove_writer(ours.fileno())
        ours.send(b"ping")

    def readable() -> None:
        seen.append(theirs.recv(10).decode())
        ev.remove_reader(theirs.fileno())
        ev.stop()

    ev.add_writer(ours.fileno(), writable)
    ev.add_reader(theirs.fileno(), readable)
    ev.run_forever()
    assert seen == ["w", "ping"]
    assert not ev.remove_reader(theirs.fileno()) and not ev._masks
    ours.close()
    theirs.close()


def test_a_descriptor_closed_while_watched_is_dropped_not_spun_on() -> None:
    ev = Loop()
    r, w = os.pipe()
    calls: list[int] = []
    ev.add_reader(r, lambda: calls.append(1))
    os.close(r)
    os.close(w)
    ev.run_once(0.1)
    ev.run_once(0.01)
    assert calls == [1] and r not in ev._masks  # told once, then forgotten


def test_future_callbacks_are_queued_not_called_inside_set_result() -> None:
    ev = Loop()
    future: Future[int] = ev.create_future()
    seen: list[int] = []
    future.add_done_callback(lambda f: seen.append(f.result()))
    future.set_result(5)
    assert seen == [] and future.done()
    ev.run_once(0)
    assert seen == [5]
    with pytest.raises(RuntimeError):
        future.set_result(6)


def test_a_task_awaits_futures_and_returns_their_results() -> None:
    async def main() -> int:
        ev = loop.current()
        later = ev.create_future()
        ev.call_later(0.01, later.set_result, 20)
        failing = ev.create_future()
        ev.call_soon(failing.set_exception, ValueError("no"))
        with pytest.raises(ValueError, match="no"):
            await failing
        return int(await later) + 1

    assert loop.run(main()) == 21


def test_cancel_throws_at_the_await_and_cleanup_runs() -> None:
    steps: list[str] = []

    async def worker(waiting: loop.FutureLike[None]) -> None:
        try:
            await waiting
        finally:
            steps.append("cleanup")

    async def main() -> tuple[bool, bool]:
        ev = loop.current()
        waiting = ev.create_future()
        task = ev.create_task(worker(waiting))
        await loop.sleep(0)
        task.cancel()
        with pytest.raises(loop.Cancelled):
            await task
        return task.cancelled(), waiting.cancelled()

    assert loop.run(main()) == (True, True)
    assert steps == ["cleanup"]


def test_a_task_that_awaits_something_else_fails_clearly() -> None:
    class Alien:
        def __await__(self) -> Any:
            yield "not a future"

    async def main() -> None:
        await Alien()

    with pytest.raises(RuntimeError, match="not a pyqmi future"):
        loop.run(main())


def test_run_cancels_what_is_left_and_closes() -> None:
    steps: list[str] = []

    async def forever() -> None:
        try:
            await loop.current().create_future()
        finally:
            steps.append("left task ended")

    async def main() -> str:
        loop.current().create_task(forever())
        await loop.sleep(0)
        return "done"

    assert loop.run(main()) == "done"
    assert steps == ["left task ended"]
    with pytest.raises(RuntimeError, match="no event loop"):
        loop.current()


def test_signal_handler_runs_as_a_callback_and_is_restored() -> None:
    got: list[str] = []

    async def main() -> None:
        ev = loop.current()
        queue: loop.Queue[str] = loop.Queue()
        ev.add_signal_handler(signal.SIGTERM, queue.put_nowait, "term")
        os.kill(os.getpid(), signal.SIGTERM)
        got.append(await queue.get())
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN)
        assert ev.remove_signal_handler(signal.SIGTERM)
        assert not ev.remove_signal_handler(signal.SIGTERM)

    loop.run(main())
    assert got == ["term"]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    assert signal.set_wakeup_fd(-1) == -1  # no wakeup descriptor left behind


def test_close_gives_back_the_signals_left_installed() -> None:
    async def main() -> None:
        loop.current().add_signal_handler(signal.SIGINT, lambda: None)

    loop.run(main())
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_failing_callback_is_logged_and_the_loop_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ev = Loop()
    after: list[int] = []

    def boom() -> None:
        raise KeyError("x")

    ev.call_soon(boom)
    ev.call_soon(after.append, 1)
    ev.run_once(0)
    assert after == [1] and "callback" in caplog.text


def test_one_loop_per_thread() -> None:
    async def main() -> None:
        with pytest.raises(RuntimeError, match="another pyqmi loop"):
            Loop().run_forever()

    loop.run(main())


def test_poll_masks_follow_readers_and_writers() -> None:
    ev = Loop()
    ours, theirs = socket.socketpair()
    nothing: Callable[[], None] = lambda: None  # noqa: E731
    ev.add_reader(ours.fileno(), nothing)
    ev.add_writer(ours.fileno(), nothing)
    assert ev._masks[ours.fileno()] == select.POLLIN | select.POLLOUT
    ev.remove_reader(ours.fileno())
    assert ev._masks[ours.fileno()] == select.POLLOUT
    ev.remove_writer(ours.fileno())
    assert ours.fileno() not in ev._masks
    ours.close()
    theirs.close()
