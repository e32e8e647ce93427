"""Through a real libqmi qmi-proxy to the fake modem on a pty.

qmi-proxy opens the pty slave path itself (QmiDevice over QMUX), so the fake
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
from fake_modem import FakeModem

from privilege import missing_qmi_proxy
from pyqmi.qmi.frame import Frame, Kind
from pyqmi.qmi.message import Message
from pyqmi.qmi.services import Service
from pyqmi.transport import ProxyError, QmiClient
from pyqmi.transport.proxy import connect_socket

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


async def test_request_through_qmi_proxy(qmi_proxy: None, modem: FakeModem) -> None:
    assert modem.path is not None
    modem.on("dms", "get_model", lambda req: {"model": "via proxy"})
    client = await QmiClient.open(modem.path, proxy=True, probe_timeout=2)
    try:
        assert client.versions[Service.DMS] == (1, 9)
        cid = await client.allocate("dms")
        assert modem.cids[Service.DMS] == {cid}
        answer = await client.request("dms", "get_model", timeout=5)
        assert answer.values["model"] == "via proxy"
        # The proxy rewrites CTL transaction ids, never the DMS ones.
        assert modem.requests[-1].frame.transaction_id == answer.frame.transaction_id

        uim = await client.allocate("uim")
        got: asyncio.Queue[Message] = asyncio.Queue()
        client.subscribe("uim", "card_status", got.put_nowait)
        modem.indicate(Frame(Service.UIM, uim, Kind.INDICATION, 0, 0x32))
        assert (await asyncio.wait_for(got.get(), 5)).frame.client_id == uim

        assert await client.release_all() == 2
        assert modem.cids == {Service.DMS: set(), Service.UIM: set()}
    finally:
        await client.close()
    assert [r.name for r in modem.requests][:3] == ["get_version_info", "allocate_cid", "get_model"]


async def test_proxy_that_cannot_open_the_path_is_a_named_error(qmi_proxy: None) -> None:
    with pytest.raises(ProxyError, match="/dev/no-such-qmi-port"):
        await QmiClient.open("/dev/no-such-qmi-port", proxy=True, probe=None)


async def test_no_proxy_listening_is_a_named_error() -> None:
    with pytest.raises(ProxyError, match="cannot connect"):
        await connect_socket("\0pyqmi-test-nobody-listens", timeout=1)
