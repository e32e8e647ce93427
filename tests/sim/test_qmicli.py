"""Proof against libqmi: the real ``qmicli`` talks to the sim, directly and via qmi-proxy.

Each qmicli run is bounded (15 s).  For the proxy runs we start ``qmi-proxy`` ourselves
so we own its pid; in case qmicli spawns one anyway, the test process becomes a child
subreaper while the proxy tests run, so such a proxy is re-parented to us and can be
ended by its pid at the end of the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import re
import shutil
import signal
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from privilege import missing_qmi_proxy
from pyqmi.sim import RunningSim, run_sim, scenario

QMICLI = shutil.which("qmicli")
QMI_PROXY = "/usr/libexec/qmi-proxy"
PR_SET_CHILD_SUBREAPER = 36

pytestmark = pytest.mark.skipif(QMICLI is None, reason="qmicli is not installed")


def _children_named(name: str) -> list[int]:
    """Pids of our own child processes whose command is ``name``."""
    me = str(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = stat[stat.rindex(")") + 2 :].split()[1]
        if ppid == me and comm == name:
            found.append(int(entry))
    return found


@pytest.fixture(scope="session")
def qmi_proxy() -> Iterator[None]:
    reason = missing_qmi_proxy()
    if reason:
        pytest.skip(reason)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    proc = subprocess.Popen(
        [QMI_PROXY, "--no-exit"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield
    finally:
        pids = {proc.pid, *_children_named("qmi-proxy")}
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        proc.wait(timeout=10)
        for pid in pids - {proc.pid}:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


@pytest.fixture(params=["direct", "proxy"])
def via(request: pytest.FixtureRequest) -> str:
    if request.param == "proxy":
        request.getfixturevalue("qmi_proxy")
    return str(request.param)


async def qmicli(link: Path, via: str, *args: str) -> tuple[int, str]:
    """Run qmicli against ``link``; return (exit status, stdout + stderr)."""
    assert QMICLI is not None
    argv = [QMICLI, "-d", str(link), "--device-open-qmi", *args]
    if via == "proxy":
        argv.insert(1, "-p")
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), 15)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"qmicli {' '.join(args)} did not finish in 15 s") from None
    return proc.returncode or 0, out.decode(errors="replace")


@contextlib.asynccontextmanager
async def sim_at(
    tmp_path: Path, name: str = "default", **overrides: object
) -> AsyncIterator[tuple[RunningSim, Path]]:
    link = tmp_path / "cdc-wdm0"
    async with run_sim(scenario(name, **overrides), link=link) as sim:
        yield sim, link


def field(output: str, label: str) -> str:
    match = re.search(rf"{re.escape(label)}:?\s*'?([^'\n]*)'?", output)
    assert match, f"{label!r} not in qmicli output:\n{output}"
    return match.group(1).strip()


async def test_identity_pin_and_card(tmp_path: Path, via: str) -> None:
    async with sim_at(tmp_path, "pin-required") as (sim, link):
        rc, out = await qmicli(link, via, "--dms-get-ids")
        assert rc == 0, out
        assert field(out, "IMEI") == scenario("default").imei
        assert field(out, "IMEI SV") == "01"
        rc, out = await qmicli(link, via, "--dms-get-revision")
        assert rc == 0 and field(out, "Revision") == "SIM01A01M4G", out
        rc, out = await qmicli(link, via, "--dms-uim-get-pin-status")
        assert rc == 0, out
        pin1 = out.split("PIN1:")[1].split("PIN2:")[0]
        assert field(pin1, "Status") == "enabled-not-verified"
        assert field(pin1, "Verify") == "3" and field(pin1, "Unblock") == "10"
        rc, out = await qmicli(link, via, "--uim-get-card-status")
        assert rc == 0, out
        assert field(out, "Card state") == "present"
        assert field(out, "Application state") == "pin1-or-upin-pin-required"
        assert field(out, "PIN1 retries") == "3"
        assert sim.state.card.pin_retries == 3
        # Every qmicli run released its client id: nothing leaked.
        assert all(not cids for cids in sim.state.clients.values()), sim.state.clients


async def test_nas_views(tmp_path: Path, via: str) -> None:
    async with sim_at(tmp_path) as (_sim, link):
        rc, out = await qmicli(link, via, "--nas-get-serving-system")
        assert rc == 0, out
        assert field(out, "Registration state") == "registered"
        assert field(out, "PS") == "attached"
        assert field(out, "MCC") == "234" and field(out, "MNC") == "20"
        assert field(out, "Description") == "Sim Mobile"
        rc, out = await qmicli(link, via, "--nas-get-signal-info")
        assert rc == 0, out
        assert field(out, "RSRP") == "-95 dBm" and field(out, "RSSI") == "-68 dBm"
        assert field(out, "SNR") == "10.4 dB"
        rc, out = await qmicli(link, via, "--nas-get-system-info")
        assert rc == 0, out
        lte = out.split("LTE service:")[1]
        assert field(lte, "Status") == "available"
        assert field(lte, "Tracking Area Code") == "15437"


async def test_data_call_start_settings_status_stop(tmp_path: Path, via: str) -> None:
    async with sim_at(tmp_path) as (sim, link):
        rc, out = await qmicli(
            link, via, "--wds-start-network=apn=internet,ip-type=4", "--client-no-release-cid"
        )
        assert rc == 0, out
        handle = field(out, "Packet data handle")
        cid = field(out, "CID")
        assert [c.handle for c in sim.state.calls.values()] == [int(handle)]
        assert sim.state.clients["wds"] == {int(cid)}
        keep = (f"--client-cid={cid}", "--client-no-release-cid")
        rc, out = await qmicli(link, via, "--wds-get-current-settings", *keep)
        assert rc == 0, out
        assert field(out, "IPv4 address") == "10.64.12.89"
        assert field(out, "IPv4 subnet mask") == "255.255.255.252"
        assert field(out, "IPv4 gateway address") == "10.64.12.90"
        assert field(out, "IPv4 primary DNS") == "192.0.2.53"
        assert field(out, "MTU") == "1500"
        rc, out = await qmicli(link, via, "--wds-get-packet-service-status", *keep)
        assert rc == 0 and field(out, "Connection status") == "connected", out
        rc, out = await qmicli(link, via, f"--wds-stop-network={handle}", f"--client-cid={cid}")
        assert rc == 0 and "Network stopped" in out, out
        assert sim.state.calls == {}
        assert sim.state.client_count("wds") == 0
        rc, out = await qmicli(link, via, "--wds-get-packet-service-status")
        assert rc == 0 and field(out, "Connection status") == "disconnected", out


async def test_zte_rejection_reasons_reach_qmicli(tmp_path: Path) -> None:
    async with sim_at(tmp_path, "zte-mf821") as (sim, link):
        # No IP type: the default profile asks for IPv4v6, which the network refuses.
        rc, out = await qmicli(link, "direct", "--wds-start-network=apn=internet")
        assert rc != 0 and "QMI protocol error (14): 'CallFailed'" in out, out
        assert "verbose call end reason (6,50): [3gpp] ipv4-only-allowed" in out, out
        rc, out = await qmicli(link, "direct", "--wds-start-network=apn=internet,ip-type=4")
        assert rc != 0 and "QMI protocol error (14): 'CallFailed'" in out, out
        assert "verbose call end reason (6,29): [3gpp] authentication-failed" in out, out
        rc, out = await qmicli(
            link,
            "direct",
            "--wds-start-network=apn=internet,ip-type=4,auth=pap,username=xxxx,password=xxxx",
        )
        assert rc == 0 and field(out, "Packet data handle"), out
        # Without --client-no-release-cid, qmicli releases the client and the call ends.
        assert sim.state.calls == {}


async def test_sierra_refuses_802_3(tmp_path: Path) -> None:
    async with sim_at(tmp_path, "sierra-mc7455") as (_sim, link):
        rc, out = await qmicli(link, "direct", "--wda-set-data-format=link-layer-protocol=802-3")
        assert rc != 0 and "QMI protocol error (45): 'InvalidDataFormat'" in out, out
        rc, out = await qmicli(link, "direct", "--wda-get-data-format")
        assert rc == 0 and field(out, "Link layer protocol") == "raw-ip", out
