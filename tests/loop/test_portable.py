"""The loop-neutral helpers, on pyqmi's loop and inside asyncio alike; run_process; and
the daemon's import path, which must hold no asyncio."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from pyqmi import loop
from pyqmi.loop.process import run_process

Runner = Callable[[Coroutine[Any, Any, Any]], Any]


@pytest.fixture(params=["pyqmi", "asyncio"])
def run(request: pytest.FixtureRequest) -> Runner:
    return loop.run if request.param == "pyqmi" else asyncio.run


def test_current_is_the_loop_that_runs(run: Runner) -> None:
    async def main() -> str:
        return type(loop.current()).__module__

    module = run(main())
    assert module.startswith("pyqmi.loop" if run is loop.run else "asyncio")


def test_bounded_times_out_and_leaves_the_future_pending(run: Runner) -> None:
    async def main() -> tuple[bool, int]:
        ev = loop.current()
        never = ev.create_future()
        with pytest.raises(TimeoutError):
            await loop.bounded(never, 0.01)
        soon = ev.create_future()
        ev.call_later(0.01, soon.set_result, 3)
        return never.done(), await loop.bounded(soon, 5.0)

    assert run(main()) == (False, 3)


def test_bounded_passes_the_exception_on(run: Runner) -> None:
    async def main() -> None:
        failing = loop.current().create_future()
        failing.set_exception(LookupError("gone"))
        await loop.bounded(failing, 5.0)

    with pytest.raises(LookupError, match="gone"):
        run(main())


def test_queue_hands_items_over_in_order(run: Runner) -> None:
    async def main() -> list[int]:
        queue: loop.Queue[int] = loop.Queue()
        ev = loop.current()
        ev.call_later(0.01, queue.put_nowait, 1)
        ev.call_later(0.01, queue.put_nowait, 2)
        queue.put_nowait(0)
        return [await queue.get() for _ in range(3)]

    assert run(main()) == [0, 1, 2]


def test_settle_cancels_and_waits_for_the_cleanup(run: Runner) -> None:
    steps: list[str] = []

    async def worker() -> None:
        try:
            await loop.sleep(30)
        finally:
            steps.append("cleaned")

    async def main() -> bool:
        task = loop.current().create_task(worker())
        await loop.sleep(0.01)
        return await loop.settle(task, 2.0)

    assert run(main()) is True
    assert steps == ["cleaned"]


def test_wait_readable_and_writable(run: Runner) -> None:
    async def main() -> bytes:
        r, w = os.pipe()
        try:
            with pytest.raises(TimeoutError):
                await loop.wait_readable(r, 0.01)
            await loop.wait_writable(w, 1.0)
            os.write(w, b"ok")
            await loop.wait_readable(r, 1.0)
            return os.read(r, 10)
        finally:
            os.close(r)
            os.close(w)

    assert run(main()) == b"ok"


def test_run_process_status_stderr_and_timeout(run: Runner) -> None:
    async def main() -> tuple[tuple[int, bytes], tuple[int, bytes]]:
        good = await run_process(["true"], 5.0)
        bad = await run_process(["sh", "-c", "echo broken >&2; exit 3"], 5.0)
        with pytest.raises(TimeoutError, match="sleep"):
            await run_process(["sleep", "30"], 0.2)
        with pytest.raises(OSError):
            await run_process(["/nonexistent/program"], 1.0)
        return good, bad

    good, bad = run(main())
    assert good == (0, b"") and bad == (3, b"broken\n")


def test_the_daemons_import_path_holds_no_asyncio() -> None:
    """What the launcher imports (and what the daemon module holds) in a fresh interpreter:
    pyqmi.loop, never asyncio (~160 M instructions and 6.5 MB on x86-64)."""
    code = (
        "import sys, json, pyqmi.cli.main, pyqmi.daemon.cli, pyqmi.cli.status\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout)
    assert "pyqmi.loop" in modules
    assert [m for m in modules if m.split(".")[0] in ("asyncio", "_asyncio", "concurrent")] == []


def test_settle_gives_up_on_a_task_that_will_not_end() -> None:
    async def stubborn() -> None:
        for _ in range(3):  # ignores its cancel; ends on the third sleep
            try:
                await loop.sleep(0.2)
            except loop.Cancelled:
                continue

    async def main() -> tuple[bool, bool]:
        task = loop.current().create_task(stubborn())
        await loop.sleep(0.01)
        ended = await loop.settle(task, 0.05)
        return ended, task.done()

    assert loop.run(main()) == (False, False)
