"""A child process with a bounded wait, on whichever loop runs (``pyqmi.loop.current()``).

``run_process`` starts a program with its output discarded and its standard error in a
pipe, reads that pipe as it becomes readable until end of file (the program has closed it:
it exited), then reaps it. No SIGCHLD handler and no child watcher: the pipe is the
notification, so the same code runs on pyqmi's loop and inside asyncio.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence

from pyqmi.loop.portable import wait_readable

REAP_GRACE = 0.5  # seconds to wait for the exit status once standard error has closed


def _start(argv: Sequence[str]) -> subprocess.Popen[bytes]:
    """fork and exec: quick, and the only blocking part (everything after waits on the pipe)."""
    return subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def run_process(argv: Sequence[str], timeout: float) -> tuple[int, bytes]:
    """Run ``argv``; return its exit status and what it wrote to standard error.

    ``OSError`` when it cannot start; ``TimeoutError`` when it has not ended within
    ``timeout`` s (it is killed and reaped first).
    """
    proc = _start(argv)
    assert proc.stderr is not None
    fd = proc.stderr.fileno()
    os.set_blocking(fd, False)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    try:
        while True:
            try:
                data = os.read(fd, 4096)
            except BlockingIOError:
                await wait_readable(fd, max(0.0, deadline - time.monotonic()))
                continue
            if not data:
                break
            chunks.append(data)
        status = proc.wait(max(REAP_GRACE, deadline - time.monotonic()))
    except (TimeoutError, subprocess.TimeoutExpired):
        proc.kill()
        proc.wait()
        raise TimeoutError(f"{argv[0]} did not end within {timeout:g} s") from None
    finally:
        proc.stderr.close()
    return status, b"".join(chunks)
