"""Opt-in: with the status object published on a real ubusd, the process does not wake up.

Needs only ``sbin/ubusd``, ``usr/bin/ubus`` and python-ubus from ``$PYQMI_OPENWRT_ROOT`` (layout
in test_netifd.py); ubusd listens on a socket in a temp directory, so no root is needed. A
child process connects PythonUbusBus, publishes ``pyqmi.idle`` and waits. Once the kernel shows
it asleep in epoll, its context switches (every thread's, voluntary and not) are counted over
an idle window: they must not grow. That is a count, not a timing: a bus that polls on a timer
(the old 100 ms pump made 600 a minute) fails it whatever the machine's speed. Then a status
call must be answered, and SIGTERM must end the child with its object withdrawn.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .stack import REPO, ROOT_ENV, SKIP_MESSAGE

if not os.environ.get(ROOT_ENV):
    pytest.skip(SKIP_MESSAGE, allow_module_level=True)

pytestmark = pytest.mark.timeout(60)

IDLE_WINDOW = 10.0
PUBLISHER = """
import asyncio, signal, sys
from pyqmi.netifd.bus import PythonUbusBus
from pyqmi.netifd.status import publish_status

async def main():
    bus = await PythonUbusBus.connect(socket_path=sys.argv[1])
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await publish_status(bus, "idle", lambda: {"state": "connected"})
    print("ready", flush=True)
    await stop.wait()
    await bus.close()

asyncio.run(main())
"""


def _root() -> Path:
    root = Path(os.environ[ROOT_ENV]).resolve()
    missing = [rel for rel in ("sbin/ubusd", "usr/bin/ubus", "python") if not (root / rel).exists()]
    if missing:
        pytest.fail(f"{ROOT_ENV}={root} lacks: {', '.join(missing)} (see test_netifd.py)")
    return root


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _switches(pid: int) -> int:
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/status") as status:
            for line in status:
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
    return total


def _wait_asleep_in_epoll(pid: int, within: float) -> None:
    deadline = time.monotonic() + within
    while True:
        with open(f"/proc/{pid}/wchan") as wchan:
            where = wchan.read()
        if "epoll" in where:  # "0" while it runs
            return
        assert time.monotonic() < deadline, f"publisher not asleep in epoll but in {where!r}"
        time.sleep(0.01)


@pytest.fixture
def ubusd(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str], Path]]:
    root = _root()
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = f"{root / 'lib'}:{root / 'usr/lib'}"
    env["PYTHONPATH"] = f"{root / 'python'}:{REPO / 'src'}"
    sock = tmp_path / "ubus.sock"
    proc = subprocess.Popen([str(root / "sbin/ubusd"), "-s", str(sock)], env=env, text=True)
    try:
        deadline = time.monotonic() + 10
        while not sock.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "ubusd made no socket"
            time.sleep(0.01)
        yield root, env, sock
    finally:
        _stop(proc)


def test_published_status_is_idle_then_answered(ubusd: tuple[Path, dict[str, str], Path]) -> None:
    root, env, sock = ubusd

    def ubus(*args: str) -> subprocess.CompletedProcess[str]:
        argv = [str(root / "usr/bin/ubus"), "-s", str(sock), "-t", "5", *args]
        return subprocess.run(
            argv, check=False, env=env, capture_output=True, text=True, timeout=15
        )

    child = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, str(sock)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr
        _wait_asleep_in_epoll(child.pid, 10.0)
        before = _switches(child.pid)
        time.sleep(IDLE_WINDOW)  # the window observed, not a synchronisation
        idle = _switches(child.pid) - before
        assert idle == 0, f"{idle} context switches in {IDLE_WINDOW:.0f} s of idle"

        done = ubus("call", "pyqmi.idle", "status")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {"state": "connected"}
        assert _switches(child.pid) > before  # the count is live: serving woke it

        child.terminate()
        assert child.wait(5) == 0
        _, errors = child.communicate(timeout=5)
        assert "Traceback" not in errors, errors
        assert "pyqmi.idle" not in ubus("list").stdout
    finally:
        _stop(child)
