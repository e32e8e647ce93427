"""Through a real libqmi qmi-proxy to the simulator on a pty.

qmi-proxy opens the pty's link itself (QmiDevice over QMUX), so the simulated
modem sees exactly what the proxy forwards.  The proxy listens on the abstract
socket "@qmi-proxy", which is per network namespace: if another qmi-proxy
already serves it, ours exits and the test uses that one (any qmi-proxy will do).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import AsyncIterator

import pytest

from privilege import missing_qmi_proxy
from pyqmi.qmi.frame import Frame, Kind, encode_frame
from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import dms, uim
from pyqmi.sim import RunningSim
from pyqmi.transport import ProxyError, QmiClient
from pyqmi.transport.proxy import connect_socket

from .simscript import Recorded

QMI_PROXY = "/usr/libexec/qmi-proxy"

pytestmark = pytest.mark.skipif(missing_qmi_proxy() is not None, reason=str(missing_qmi_proxy()))


@pytest.fixture
async def qmi_proxy() -> AsyncIterator[None]:
    proc = await asyncio.create_subprocess_exec(
        QMI_PROXY, "--empty-timeout=10", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        async with asyncio.timeout(5):
            while True:  # bounded poll until the socket accepts
                try:
                    os.close(await connect_socket(timeout=0.5))
                    break
                except ProxyError:
                    await asyncio.sleep(0.05)
        yield
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 5)
            except TimeoutError:
                proc.kill()
                await asyncio.wait_for(proc.wait(), 5)


async def test_request_through_qmi_proxy(qmi_proxy: None, sim: RunningSim) -> None:
    model = Recorded(lambda req: {"model": "via proxy"})
    sim.override("dms", "get_model", model)
    client = await QmiClient.open(sim.link, proxy=True, probe_timeout=2)
    try:
        assert client.versions[Service.DMS] == (1, 14)
        cid = await client.allocate("dms")
        assert sim.state.clients["dms"] == {cid}
        answer = await client.request(dms.GetModel.Request(), timeout=5)
        assert answer.model == "via proxy" and answer.message is not None
        # The proxy rewrites CTL transaction ids, never the DMS ones.
        assert model.requests[-1].frame.transaction_id == answer.message.frame.transaction_id

        uim_cid = await client.allocate("uim")
        got: asyncio.Queue[uim.CardStatus.Indication] = asyncio.Queue()
        client.subscribe(uim.CardStatus.Indication, got.put_nowait)
        sim.write(encode_frame(Frame(Service.UIM, uim_cid, Kind.INDICATION, 0, 0x32)))
        indication = await asyncio.wait_for(got.get(), 5)
        assert indication.message is not None and indication.message.frame.client_id == uim_cid

        assert await client.release_all() == 2
        assert {s: c for s, c in sim.state.clients.items() if c} == {}
    finally:
        await client.close()
    assert sim.state.requests[:3] == ["ctl.get_version_info", "ctl.allocate_cid", "dms.get_model"]


async def test_proxy_that_cannot_open_the_path_is_a_named_error(qmi_proxy: None) -> None:
    with pytest.raises(ProxyError, match="/dev/no-such-qmi-port"):
        await QmiClient.open("/dev/no-such-qmi-port", proxy=True, probe=None)


async def test_no_proxy_listening_is_a_named_error() -> None:
    with pytest.raises(ProxyError, match="cannot connect"):
        await connect_socket("\0pyqmi-test-nobody-listens", timeout=1)
