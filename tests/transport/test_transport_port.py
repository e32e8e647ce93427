"""Framing modes and descriptor failures of the port, through QmiClient."""

from __future__ import annotations

import asyncio
import os
import socket
import time
import tty

import pytest

from pyqmi.qmi.frame import Frame, Kind, encode_frame
from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import ctl, dms
from pyqmi.sim import RunningSim
from pyqmi.transport import DeviceGone, Framing, QmiClient
from pyqmi.transport.port import detect_framing

from .simscript import Recorded, SeqpacketSim


def seqpacket_pair() -> tuple[int, int]:
    """(our end, the client's end) of a SOCK_SEQPACKET pair, as file descriptors."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    return ours.detach(), theirs.detach()


async def test_seqpacket_pair_is_detected_as_message_framing(seqpacket_sim: SeqpacketSim) -> None:
    fd = seqpacket_sim.fd
    assert detect_framing(fd) is Framing.MESSAGE
    client = await QmiClient.attach(fd, name="seqpacket")
    try:
        assert client.framing is Framing.MESSAGE
        await client.probe(per_try=0.5)
        seqpacket_sim.modem.override("dms", "get_model", Recorded(lambda r: {"model": "cdc-wdm"}))
        await client.allocate("dms")
        answers = await asyncio.wait_for(
            asyncio.gather(*(client.request(dms.GetModel.Request()) for _ in range(10))), 5
        )
        assert {a.model for a in answers} == {"cdc-wdm"}
        assert seqpacket_sim.modem.state.requests.count("dms.get_model") == 10
    finally:
        await client.close()


async def test_message_framing_sends_one_message_per_write() -> None:
    raw, fd = seqpacket_pair()  # we read the packets ourselves
    client = await QmiClient.attach(fd, name="seqpacket", timeout=0.5)
    tasks = [asyncio.create_task(client.request(ctl.GetVersionInfo.Request())) for _ in range(3)]
    await asyncio.sleep(0)
    packets = []
    for _ in range(3):
        packets.append(os.read(raw, 4096))
    for packet in packets:
        assert packet[0] == 0x01 and int.from_bytes(packet[1:3], "little") + 1 == len(packet)
    for task in tasks:
        task.cancel()
    await client.close()
    os.close(raw)


async def test_truncated_message_in_message_mode_does_not_poison_the_next() -> None:
    raw, fd = seqpacket_pair()  # the modem's side writes raw messages
    try:
        client = await QmiClient.attach(fd, name="seqpacket")
        got: asyncio.Queue[int] = asyncio.Queue()

        def sync(indication: ctl.Sync.Indication) -> None:
            assert indication.message is not None
            got.put_nowait(indication.message.frame.transaction_id)

        client.subscribe(ctl.Sync.Indication, sync)
        whole = encode_frame(Frame(Service.CTL, 0, Kind.INDICATION, 7, 0x27))
        os.write(raw, whole[:-2])  # a read that ends mid-message
        os.write(raw, encode_frame(Frame(Service.CTL, 0, Kind.INDICATION, 8, 0x27)))
        assert await asyncio.wait_for(got.get(), 2) == 8
        assert client.garbage == 1
        await client.close()
    finally:
        os.close(raw)


async def test_pty_is_stream_framing_and_raw(sim: RunningSim) -> None:
    client = await QmiClient.open(sim.link, probe=None)
    assert client.framing is Framing.STREAM
    assert client._port._fd is not None
    import termios

    lflag = termios.tcgetattr(client._port._fd)[3]
    assert not lflag & (termios.ECHO | termios.ICANON)
    await client.close()


async def test_eio_from_a_hung_up_pty_fails_pending_requests() -> None:
    master, slave = os.openpty()
    tty.setraw(slave)
    client = await QmiClient.attach(master, name="pty-master", timeout=30)
    pending = asyncio.create_task(client.request(ctl.GetVersionInfo.Request()))
    await asyncio.sleep(0)
    assert os.read(slave, 4096)[0] == 0x01  # the request went out
    start = time.monotonic()
    os.close(slave)  # the master side now reads EIO
    with pytest.raises(DeviceGone, match="EIO"):
        await asyncio.wait_for(pending, 5)
    assert time.monotonic() - start < 1.0
    await client.close()


async def test_peer_closing_a_socket_is_device_gone() -> None:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    client = await QmiClient.attach(ours.detach(), name="stream-socket", timeout=30)
    assert client.framing is Framing.STREAM
    pending = asyncio.create_task(client.request(ctl.GetVersionInfo.Request()))
    await asyncio.sleep(0)
    theirs.close()
    with pytest.raises(DeviceGone, match=r"end of file|ECONNRESET|EPIPE"):
        await asyncio.wait_for(pending, 2)
    await client.close()
