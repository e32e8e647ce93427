"""Garbage mixed with valid frames through real ports: the transport never stops.

The modem's side writes a fuzzed mix (noise, frames that do not decode, frames for
other clients, and CTL Sync indications as the valid frames to count) into a stream
socket, a pty or a SOCK_SEQPACKET pair (cdc-wdm's one message per read). Every valid
indication reaches the subscriber, in order, and the port stays open. On the message
port truncated messages join in. Then one request still gets its answer: the client is
in a defined, working state.
"""

from __future__ import annotations

import asyncio
import os
import struct
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from pyqmi.qmi.frame import Frame, Kind, encode_frame
from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import ctl
from pyqmi.transport import QmiClient
from transport.port_pairs import pty_pair, seqpacket_pair, stream_pair, sync_indication

from .garbage import bad_frames, noise, truncated
from .profile import fuzz, hit

Pair = Callable[[], tuple[int, int]]


def foreign(txn: int) -> bytes:
    """A DMS response and a WDS indication for client IDs that are not ours."""
    response = Frame(Service.DMS, 77, Kind.RESPONSE, txn, 0x22, ((0x02, bytes(4)),), 0x80)
    indication = Frame(Service.WDS, 78, Kind.INDICATION, 0, 0x22, ((0x01, b"\x02\x00"),), 0x80)
    return encode_frame(response) + encode_frame(indication)


junk = st.one_of(noise(), bad_frames(), st.integers(1, 0xFF).map(foreign))


def version_answer(request: bytes) -> bytes:
    txn = request[7]
    tlvs = ((0x02, bytes(4)), (0x01, struct.pack("<BBHH", 1, 0, 1, 5)))
    return encode_frame(Frame(Service.CTL, 0, Kind.RESPONSE, txn, 0x21, tlvs, 0x80))


async def exercise(pair: Pair, writes: list[bytes], wanted: list[int]) -> None:
    modem, fd = pair()
    client = await QmiClient.attach(fd, name="fuzzed", timeout=2)
    got: asyncio.Queue[int] = asyncio.Queue()

    def on_sync(indication: ctl.Sync.Indication) -> None:
        assert indication.message is not None
        got.put_nowait(indication.message.frame.transaction_id)

    try:
        client.subscribe(ctl.Sync.Indication, on_sync)
        for data in writes:
            os.write(modem, data)
        received = [await asyncio.wait_for(got.get(), 2) for _ in wanted]
        assert received == wanted
        assert client.is_open
        # Still a working client: one request, one answer, garbage or not before it.
        pending = asyncio.ensure_future(client.request(ctl.GetVersionInfo.Request()))
        request = await asyncio.wait_for(
            asyncio.get_running_loop().run_in_executor(None, os.read, modem, 4096), 2
        )
        os.write(modem, version_answer(request))
        answer = await asyncio.wait_for(pending, 2)
        assert answer.result is not None and answer.result.status == 0
    finally:
        await client.close()
        os.close(modem)


@st.composite
def stream_mix(draw: st.DrawFn) -> tuple[list[bytes], list[int]]:
    segments = draw(st.lists(st.one_of(junk, st.integers(1, 0xFF)), max_size=12))
    wanted = [s for s in segments if isinstance(s, int)]
    stream = b"".join(sync_indication(s) if isinstance(s, int) else s for s in segments)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(stream)), max_size=6))))
    writes = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    return [w for w in writes if w], wanted


@fuzz(15)
@given(mix=stream_mix(), pty=st.booleans())
def test_stream_ports_deliver_every_valid_frame(
    mix: tuple[list[bytes], list[int]], pty: bool
) -> None:
    hit("port stream" + (" pty" if pty else " socket"))
    asyncio.run(exercise(pty_pair if pty else stream_pair, *mix))


@fuzz(15)
@given(
    messages=st.lists(
        st.one_of(junk, truncated(), st.binary(min_size=1, max_size=30), st.integers(1, 0xFF)),
        max_size=12,
    )
)
def test_message_port_delivers_every_valid_message(messages: list[bytes | int]) -> None:
    hit("port message seqpacket")
    writes = [sync_indication(m) if isinstance(m, int) else m for m in messages]
    wanted = [m for m in messages if isinstance(m, int)]
    asyncio.run(exercise(seqpacket_pair, writes, wanted))
