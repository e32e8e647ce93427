"""``QmiClient`` with typed messages, against the simulator on a pty: typed requests and
responses, ``check=False`` with the call end reasons of a failed call, typed indications,
and the CTL requests the client makes itself."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.qmi.message import Message
from pyqmi.qmi.typed import ctl, dms, nas, wds
from pyqmi.sim import RunningSim, run_sim, scenario
from pyqmi.transport import QmiClient

WAIT = 5.0


@pytest.fixture
async def sim(tmp_path: Path) -> AsyncIterator[RunningSim]:
    async with run_sim(scenario("default"), tmp_path / "cdc-wdm0") as s:
        yield s


async def test_a_typed_request_returns_its_typed_response(sim: RunningSim) -> None:
    async with await QmiClient.open(sim.link) as client:
        await client.allocate("dms")
        answer = await client.request(dms.GetOperatingMode.Request())
        assert isinstance(answer, dms.GetOperatingMode.Response)
        assert answer.mode is dms.OperatingMode.online
        assert answer.hardware_restricted is False
        assert answer.result is not None and answer.result.ok
        assert isinstance(answer.message, Message) and answer.message.values["mode"] == "online"
        assert client.versions[2] == (1, 14)  # the probe's typed Get Version Info


async def test_a_failed_request_raises_unless_unchecked(sim: RunningSim) -> None:
    sim.state.registration = "not_registered"  # calls fail with "no service"
    async with await QmiClient.open(sim.link) as client:
        await client.allocate("wds")
        start = wds.StartNetwork.Request(apn="internet", ip_family_preference=wds.IpFamily.ipv4)
        with pytest.raises(QmiProtocolError, match="CALL_FAILED"):
            await client.request(start)
        failed = await client.request(start, check=False)
        assert failed.result is not None and failed.result.error_name == "CALL_FAILED"
        assert failed.packet_data_handle is None
        assert failed.call_end_reason is wds.CallEndReason.generic_no_service
        assert failed.verbose_call_end_reason == wds.VerboseCallEndReason(
            type=wds.VerboseCallEndReasonType.cm, reason=2001
        )


async def test_indications_arrive_typed(sim: RunningSim) -> None:
    async with await QmiClient.open(sim.link) as client:
        await client.allocate("wds")
        seen: asyncio.Queue[wds.GetPacketServiceStatus.Indication] = asyncio.Queue()
        with client.subscribe(wds.GetPacketServiceStatus.Indication, seen.put_nowait):
            started = await client.request(wds.StartNetwork.Request(apn="internet"))
            assert started.packet_data_handle is not None
            status = await asyncio.wait_for(seen.get(), WAIT)
        assert status.connection_status == wds.PacketServiceStatus(
            status=wds.ConnectionStatus.connected, reconfiguration_required=False
        )
        assert status.ip_family is wds.IpFamily.ipv4
        stop = wds.StopNetwork.Request(packet_data_handle=started.packet_data_handle)
        await client.request(stop)


async def test_the_client_allocates_and_releases_with_typed_ctl(sim: RunningSim) -> None:
    async with await QmiClient.open(sim.link, probe=ctl.Sync.Request()) as client:
        cid = await client.allocate("nas")
        assert cid in sim.state.clients["nas"]
        serving = await client.request(nas.GetServingSystem.Request(), cid=cid)
        assert serving.serving_system is not None
        assert serving.serving_system.registration_state is nas.RegistrationState.registered
        await client.release("nas")
        assert cid not in sim.state.clients["nas"]
        assert "ctl.sync" in sim.state.requests and "ctl.release_cid" in sim.state.requests
