"""Option proxy: the daemon shares the modem through a qmi-proxy it starts itself.

The proof is libqmi's own ``qmicli -p`` reading the modem while the link is up: the
simulator serves one opener, so both can only work through the proxy.  qmi-proxy
listens on the abstract socket "@qmi-proxy" of this network namespace, so the tests
run only when none is listening yet; every qmi-proxy that appears meanwhile is ended
by its pid afterwards (a started one would otherwise idle for minutes).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from privilege import missing_qmi_proxy
from pyqmi.daemon.proxy import proxy_listening

from .harness import running

UPDATE, ERROR, BLOCK_RESTART = 0, 3, 4
QMICLI = shutil.which("qmicli")

Started = list[subprocess.Popen[bytes]]


async def proxy_pids() -> set[int]:
    """Pids of the live (not zombie) processes named qmi-proxy."""
    proc = await asyncio.create_subprocess_exec(
        "pgrep", "-x", "qmi-proxy", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 5)
    return {int(pid) for pid in out.split() if not _zombie(int(pid))}


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # already gone
    return stat[stat.rindex(")") + 2] == "Z"


@pytest.fixture
async def proxy_cleanup() -> AsyncIterator[Started]:
    """Skip when a qmi-proxy already serves; afterwards end every qmi-proxy that appeared.

    Yields a list for the test to add the processes the daemon started (ours to reap)."""
    if await proxy_listening():
        pytest.skip("a qmi-proxy already listens on @qmi-proxy in this network namespace")
    before = await proxy_pids()
    started: Started = []
    try:
        yield started
    finally:
        new = await proxy_pids() - before
        for pid in new:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            for proc in started:
                proc.poll()  # reap our own children
            if not await proxy_pids() & new:
                break
            await asyncio.sleep(0.05)
        for pid in await proxy_pids() & new:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert not await proxy_pids() - before, "a qmi-proxy was left running"


async def qmicli(link: Path, *args: str) -> tuple[int, str]:
    """``qmicli -p -d link --device-open-qmi args``, bounded to 15 s."""
    assert QMICLI is not None
    proc = await asyncio.create_subprocess_exec(
        QMICLI,
        "-p",
        "-d",
        str(link),
        "--device-open-qmi",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), 15)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"qmicli {' '.join(args)} did not finish in 15 s") from None
    return proc.returncode or 0, out.decode(errors="replace")


@pytest.mark.skipif(QMICLI is None, reason="qmicli is not installed")
@pytest.mark.skipif(missing_qmi_proxy() is not None, reason=str(missing_qmi_proxy()))
async def test_link_is_shared_with_qmicli_through_a_proxy_it_started(
    tmp_path: Path, proxy_cleanup: Started
) -> None:
    async with running(tmp_path, proxy=1) as run:
        up = await run.until_up(within=10)
        proxy_cleanup.extend(run.daemon.proxies)
        assert up["data"]["operator"] == "Sim Mobile"
        assert len(run.daemon.proxies) == 1 and run.daemon.proxies[0].poll() is None
        assert run.daemon.proxies[0].pid in await proxy_pids()
        assert await proxy_listening()
        ours = {svc: set(cids) for svc, cids in run.sim.state.clients.items() if cids}
        assert set(ours) == {"dms", "wda", "uim", "nas", "wds"}

        rc, out = await qmicli(run.link, "--nas-get-serving-system")
        assert rc == 0, out
        assert re.search(r"Registration state: '?registered'?", out), out
        assert re.search(r"Description: '?Sim Mobile'?", out), out
        assert re.search(r"MCC: '?234'?", out), out
        # qmicli released its NAS client; the daemon kept its link and its IDs.
        assert {svc: set(c) for svc, c in run.sim.state.clients.items() if c} == ours
        assert run.actions == [UPDATE] and not run.task.done()
        assert run.daemon.status()["state"] == "connected"

        assert await run.stop() == 0
        # qmi-proxy keeps a departed client's IDs: the daemon released them itself.
        assert all(not cids for cids in run.sim.state.clients.values()), run.sim.state.clients
        assert run.actions == [UPDATE]


async def test_missing_qmi_proxy_is_a_permanent_named_error(
    tmp_path: Path, proxy_cleanup: Started
) -> None:
    empty = tmp_path / "no-libqmi"
    empty.mkdir()
    async with running(tmp_path, deps_overrides={"proxy_search": str(empty)}, proxy=1) as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.actions == [ERROR, BLOCK_RESTART]
        text = run.error_text("PROXY_FAILED")
        assert str(empty) in text
        assert "install libqmi's qmi-proxy" in text and "set option proxy to 0" in text
        assert await run.task == 1
        assert run.daemon.proxies == []
        assert all(not cids for cids in run.sim.state.clients.values())


async def test_proxy_that_fails_to_start_is_reported_and_retried(
    tmp_path: Path, proxy_cleanup: Started
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    broken = bin_dir / "qmi-proxy"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    deps = {"proxy_search": str(bin_dir)}
    async with running(tmp_path, deps_overrides=deps, proxy=1, max_attempts=2) as run:
        await run.until(lambda: BLOCK_RESTART in run.actions, within=8)
        # Not permanent: a second attempt started it again before max_attempts gave up.
        assert run.actions == [ERROR, ERROR, BLOCK_RESTART]
        text = run.error_text("PROXY_FAILED")
        assert f"{broken} exited with status 3: qmi-proxy could not be started" in text
        assert "option proxy to 0" in text
        assert await run.task == 1
        assert run.daemon.proxies == []  # both reaped
