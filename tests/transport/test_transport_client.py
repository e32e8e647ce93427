"""QmiClient against the simulator on a pty: matching, indications, cids, errors.

Each test scripts the simulated modem only where it must differ from the default one
(``sim.override``); raw bytes (garbage, half frames, stray responses, indications for any
client ID) go out with ``sim.write``.
"""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.qmi.frame import Frame, Kind, encode_frame
from pyqmi.qmi.message import Message
from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import ctl, dms, uim
from pyqmi.sim import NO_REPLY, RunningSim, SimError, response_to
from pyqmi.sim.core import Context
from pyqmi.sim.script import NoReply
from pyqmi.transport import (
    BROADCAST_CID,
    ClientClosed,
    DeviceGone,
    DeviceNotReady,
    DeviceOpenError,
    NoClientId,
    QmiClient,
    RequestTimeout,
)

from .simscript import Held, IgnoreFirst, Recorded

CARD_STATUS = 0x32  # UIM card status indication


async def open_client(sim: RunningSim, **kwargs: object) -> QmiClient:
    kwargs.setdefault("probe_timeout", 0.5)
    return await QmiClient.open(sim.link, **kwargs)  # type: ignore[arg-type]


async def test_open_probes_with_version_info_and_counts(sim: RunningSim) -> None:
    async with await open_client(sim) as client:
        assert client.versions[Service.DMS] == (1, 14)  # what the simulated firmware says
        assert sim.state.requests == ["ctl.get_version_info"]
        assert client.stats.requests_sent == 1
        assert client.stats.responses_received == 1


async def test_out_of_order_responses_reach_their_own_callers(sim: RunningSim) -> None:
    held = Held()
    sim.override("dms", "get_model", held)
    async with await open_client(sim) as client:
        await client.allocate("dms")
        tasks = [asyncio.create_task(client.request(dms.GetModel.Request())) for _ in range(3)]
        await sim.wait_requests(5)  # probe + allocate + three get_model
        assert len({r.frame.transaction_id for r in held.requests}) == 3
        for n, request in reversed(list(enumerate(held.requests))):
            sim.respond(request, {"model": f"model-{n}"})
        answers = await asyncio.wait_for(asyncio.gather(*tasks), 5)
        assert [a.model for a in answers] == ["model-0", "model-1", "model-2"]


async def test_concurrent_requests_each_get_one_answer(sim: RunningSim) -> None:
    revision = Recorded(lambda r: {"revision": f"r{r.frame.transaction_id}"})
    sim.override("dms", "get_revision", revision)
    async with await open_client(sim) as client:
        await client.allocate(Service.DMS)
        answers = await asyncio.wait_for(
            asyncio.gather(*(client.request(dms.GetRevision.Request()) for _ in range(40))), 5
        )
        txns = [a.message.frame.transaction_id for a in answers if a.message]
        assert len(set(txns)) == 40 and 0 not in txns
        assert [a.revision for a in answers] == [f"r{t}" for t in txns]
        assert client.stats.requests_sent == 42  # probe + allocate + 40


def card_status(cid: int) -> bytes:
    return encode_frame(Frame(Service.UIM, cid, Kind.INDICATION, 0, CARD_STATUS))


CardStatus = uim.CardStatus.Indication


def cid_of(indication: CardStatus) -> int:
    assert indication.message is not None
    return indication.message.frame.client_id


async def test_indications_go_to_own_cid_and_broadcast_only(sim: RunningSim) -> None:
    async with await open_client(sim) as client:
        cid = await client.allocate("uim")
        first: asyncio.Queue[CardStatus] = asyncio.Queue()
        second: asyncio.Queue[CardStatus] = asyncio.Queue()
        sub1 = client.subscribe(CardStatus, first.put_nowait)
        client.subscribe(CardStatus, second.put_nowait)

        sim.write(card_status(cid + 40))  # someone else's client: not for us
        sim.write(card_status(cid))
        got = await asyncio.wait_for(first.get(), 2)
        assert isinstance(got, CardStatus) and cid_of(got) == cid
        assert cid_of(await asyncio.wait_for(second.get(), 2)) == cid

        sim.write(card_status(BROADCAST_CID))
        assert cid_of(await asyncio.wait_for(first.get(), 2)) == BROADCAST_CID
        assert cid_of(await asyncio.wait_for(second.get(), 2)) == BROADCAST_CID

        sub1.cancel()
        sim.write(card_status(cid))
        await asyncio.wait_for(second.get(), 2)
        assert first.empty()  # cancelled, and the foreign one never arrived
        assert client.stats.indications_received == 4


async def test_failing_indication_callback_does_not_break_the_client(sim: RunningSim) -> None:
    async with await open_client(sim) as client:
        cid = await client.allocate("uim")

        def broken(indication: CardStatus) -> None:
            raise RuntimeError("boom")

        got: asyncio.Queue[CardStatus] = asyncio.Queue()
        client.subscribe(CardStatus, broken)
        client.subscribe(CardStatus, got.put_nowait)
        sim.write(card_status(cid))
        await asyncio.wait_for(got.get(), 2)
        sim.override("dms", "get_model", Recorded(lambda req: {"model": "still fine"}))
        await client.allocate("dms")
        assert (await client.request(dms.GetModel.Request())).model == "still fine"


async def test_silent_modem_raises_request_timeout_within_the_bound(sim: RunningSim) -> None:
    sim.override("dms", "get_model", Held())
    async with await open_client(sim) as client:
        await client.allocate("dms")
        start = time.monotonic()
        with pytest.raises(RequestTimeout, match="DMS Get Model") as caught:
            await client.request(dms.GetModel.Request(), timeout=0.2)
        assert 0.2 <= time.monotonic() - start < 1.5
        assert caught.value.timeout == 0.2
        assert client.stats.timeouts == 1
        assert not client._pending


async def test_probe_succeeds_after_ignored_probes(sim: RunningSim) -> None:
    sim.override("ctl", "get_version_info", IgnoreFirst(3))
    async with await open_client(sim, probe_attempts=5, probe_timeout=0.3) as client:
        assert client.versions
        assert sim.state.requests == ["ctl.get_version_info"] * 4
        assert client.stats.timeouts == 3


async def test_sync_probe_also_works(sim: RunningSim) -> None:
    sim.override("ctl", "sync", IgnoreFirst(1))
    # The bound must exceed the simulator's answer time even on a loaded machine: a probe
    # answered after its bound is counted as ignored, and one more is sent.
    async with await open_client(sim, probe=ctl.Sync.Request(), probe_timeout=0.5) as client:
        assert sim.state.requests == ["ctl.sync", "ctl.sync"]
        assert client.cids == {}


async def test_mute_modem_raises_device_not_ready_after_the_bound(sim: RunningSim) -> None:
    sim.override("ctl", "get_version_info", Held())
    start = time.monotonic()
    with pytest.raises(DeviceNotReady, match=sim.link) as caught:
        await QmiClient.open(sim.link, probe_attempts=3, probe_timeout=0.1)
    assert time.monotonic() - start < 1.5
    assert caught.value.attempts == 3
    assert len(sim.state.requests) == 3


async def test_hangup_fails_pending_request_at_once(sim: RunningSim) -> None:
    sim.override("dms", "get_model", Held())
    client = await open_client(sim)
    await client.allocate("dms")
    pending = asyncio.create_task(client.request(dms.GetModel.Request(), timeout=30))
    await sim.wait_requests(3)
    start = time.monotonic()
    sim.close()  # the modem hangs up, as when it falls off the bus
    with pytest.raises(DeviceGone, match=sim.link):
        await asyncio.wait_for(pending, 5)
    assert time.monotonic() - start < 1.0
    lost = await asyncio.wait_for(client.wait_lost(), 1)
    assert isinstance(lost, DeviceGone)
    assert not client.is_open
    start = time.monotonic()
    with pytest.raises(DeviceGone):
        await client.request(dms.GetModel.Request(), timeout=30)
    assert time.monotonic() - start < 0.1
    await client.close()


async def test_garbage_between_frames_is_skipped(sim: RunningSim) -> None:
    def answer(ctx: Context, request: Message) -> NoReply:
        sim.write(b"\xff\x00garbage\x00\x13")
        sim.respond(request, {"model": "ok"})
        sim.write(b"\x01\x05\x00")  # a truncated header that never completes...
        sim.write(b"\xaa\xbb")  # ...and is skipped when more bytes show it is junk
        return NO_REPLY

    sim.override("dms", "get_model", answer)
    sim.override("dms", "get_revision", Recorded(lambda req: {"revision": "after"}))
    async with await open_client(sim) as client:
        await client.allocate("dms")
        assert (await client.request(dms.GetModel.Request(), timeout=2)).model == "ok"
        answer2 = await client.request(dms.GetRevision.Request(), timeout=2)
        assert answer2.revision == "after"
        assert client.garbage >= 2


async def test_frames_split_into_single_bytes(sim: RunningSim) -> None:
    held = Held()
    sim.override("dms", "get_manufacturer", held)
    async with await open_client(sim) as client:
        await client.allocate("dms")
        task = asyncio.create_task(client.request(dms.GetManufacturer.Request(), timeout=2))
        await sim.wait_requests(3)
        data = response_to(held.requests[0], {"manufacturer": "QUALCOMM INCORPORATED"})
        for i in range(len(data)):
            sim.write(data[i : i + 1])
            await asyncio.sleep(0)  # one byte per loop turn, so reads see pieces
        answer = await asyncio.wait_for(task, 2)
        assert answer.manufacturer == "QUALCOMM INCORPORATED"


async def test_half_a_frame_completes_nothing(sim: RunningSim) -> None:
    held = Held()
    sim.override("dms", "get_model", held)
    async with await open_client(sim) as client:
        await client.allocate("dms")
        task = asyncio.create_task(client.request(dms.GetModel.Request(), timeout=5))
        await sim.wait_requests(3)
        data = response_to(held.requests[0], {"model": "split"})
        sim.write(data[:7])
        for _ in range(20):
            await asyncio.sleep(0)  # let the client read the half; it must not complete
        assert not task.done()
        sim.write(data[7:])
        assert (await asyncio.wait_for(task, 2)).model == "split"


def held_cids(sim: RunningSim) -> dict[str, set[int]]:
    return {service: cids for service, cids in sim.state.clients.items() if cids}


async def test_cid_allocation_adoption_and_release(sim: RunningSim) -> None:
    async with await open_client(sim) as client:
        dms_cid = await client.allocate("dms")
        assert await client.allocate("dms") == dms_cid  # held for the session
        extra = await client.allocate("dms", new=True)
        nas_cid = await client.allocate(Service.NAS)
        assert client.cids == {Service.DMS: dms_cid, Service.NAS: nas_cid}
        assert client.all_cids == [(2, dms_cid), (2, extra), (3, nas_cid)]
        assert held_cids(sim) == {"dms": {dms_cid, extra}, "nas": {nas_cid}}
        assert client.stats.cids_allocated == 3

        await client.release("nas")
        assert held_cids(sim) == {"dms": {dms_cid, extra}} and Service.NAS not in client.cids

        client.adopt("wds", 17)  # remembered from a crashed run; the modem no longer knows it
        assert client.cids[Service.WDS] == 17
        with pytest.raises(QmiProtocolError, match="INVALID_CLIENT_ID"):
            await client.release("wds")
        assert Service.WDS not in client.cids  # forgotten anyway

        client.adopt("wds", 18)
        assert await client.release_all() == 2  # the two DMS cids; 18 fails quietly
        assert client.cids == {} and held_cids(sim) == {}
        assert client.stats.cids_released == 3


async def test_request_without_cid_is_refused(sim: RunningSim) -> None:
    async with await open_client(sim) as client:
        with pytest.raises(NoClientId, match="DMS"):
            await client.request(dms.GetModel.Request())
        with pytest.raises(NoClientId):
            await client.request(dms.GetModel.Request(), cid=5)
        assert client.stats.requests_sent == 1


def not_provisioned(ctx: Context, request: Message) -> None:
    raise SimError("NOT_PROVISIONED")  # 0x10


async def test_failed_result_raises_protocol_error_unless_unchecked(sim: RunningSim) -> None:
    sim.override("dms", "get_msisdn", not_provisioned)
    async with await open_client(sim) as client:
        await client.allocate("dms")
        with pytest.raises(QmiProtocolError) as caught:
            await client.request(dms.GetMsisdn.Request())
        assert caught.value.code == 0x10
        assert caught.value.message == "get_msisdn"
        answer = await client.request(dms.GetMsisdn.Request(), check=False)
        assert answer.result is not None and answer.result.error == 0x10


async def test_unexpected_responses_are_dropped(sim: RunningSim) -> None:
    sim.override("dms", "get_model", Recorded(lambda req: {"model": "m"}))
    async with await open_client(sim) as client:
        cid = await client.allocate("dms")
        stray = Frame(Service.DMS, cid, Kind.RESPONSE, 999, 0x22, ((2, b"\0\0\0\0"),))
        sim.write(encode_frame(stray))
        assert (await client.request(dms.GetModel.Request(), timeout=2)).model == "m"
        assert client.stats.responses_dropped == 1


async def test_close_fails_pending_and_later_requests(sim: RunningSim) -> None:
    sim.override("dms", "get_model", Held())
    client = await open_client(sim)
    await client.allocate("dms")
    pending = asyncio.create_task(client.request(dms.GetModel.Request(), timeout=30))
    await sim.wait_requests(3)
    await client.close()
    with pytest.raises(ClientClosed):
        await asyncio.wait_for(pending, 1)
    with pytest.raises(ClientClosed):
        await client.request(dms.GetModel.Request())


async def test_pin_never_reaches_the_log(sim: RunningSim, caplog: pytest.LogCaptureFixture) -> None:
    verify = Recorded(lambda req: {})
    sim.override("dms", "uim_verify_pin", verify)
    caplog.set_level(logging.DEBUG, logger="pyqmi")
    async with await open_client(sim) as client:
        await client.allocate("dms")
        pin = dms.VerifyPinInfo(pin_id=1, pin="4711")
        await client.request(dms.UimVerifyPin.Request(info=pin))
    assert verify.requests[-1].values["info"]["pin"] == "4711"  # it did reach the modem
    assert "uim_verify_pin" in caplog.text or "Verify PIN" in caplog.text
    assert "4711" not in caplog.text


@pytest.mark.parametrize(
    ("make", "reason"),
    [("missing", "no such file"), ("regular", "not a character device"), ("dir", "directory")],
)
async def test_open_errors_name_the_path(tmp_path: object, make: str, reason: str) -> None:
    import pathlib

    base = pathlib.Path(str(tmp_path))
    path = base / "nothing"
    if make == "regular":
        path = base / "file"
        path.write_bytes(b"")
    elif make == "dir":
        path = base
    with pytest.raises(DeviceOpenError, match=reason) as caught:
        await QmiClient.open(str(path))
    assert str(path) in str(caught.value)
