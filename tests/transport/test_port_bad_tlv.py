"""Regression (issue 10): a frame with a broken TLV area on a real port.

On a stream (pty, qmi-proxy) the bad frame used to stay in the extractor's buffer, so
every later frame was lost; on a message port (cdc-wdm) the reader callback raised. Both
must count it as garbage and deliver every valid frame that follows.
"""

from __future__ import annotations

import asyncio
import os
import struct

import pytest

from pyqmi.qmi.typed import ctl
from pyqmi.transport import QmiClient

from .port_pairs import pty_pair, seqpacket_pair, stream_pair, sync_indication


def bad_tlv_sync(txn: int) -> bytes:
    """A CTL Sync indication, lengths consistent, whose one TLV says 5 bytes with 1 left."""
    area = b"\x01\x05\x00\xaa"
    sdu = struct.pack("<BBHH", 0x02, txn, 0x27, len(area)) + area
    return struct.pack("<BHBBB", 1, 5 + len(sdu), 0x80, 0, 0) + sdu


@pytest.mark.parametrize("make_pair", [stream_pair, pty_pair, seqpacket_pair])
async def test_bad_tlv_frame_is_garbage_and_later_frames_arrive(make_pair: object) -> None:
    assert callable(make_pair)
    modem, fd = make_pair()
    client = await QmiClient.attach(fd, name="bad-tlv")
    got: asyncio.Queue[int] = asyncio.Queue()

    def on_sync(indication: ctl.Sync.Indication) -> None:
        assert indication.message is not None
        got.put_nowait(indication.message.frame.transaction_id)

    try:
        client.subscribe(ctl.Sync.Indication, on_sync)
        for txn in range(1, 6):
            os.write(modem, bad_tlv_sync(100 + txn))
            os.write(modem, sync_indication(txn))
        received = [await asyncio.wait_for(got.get(), 2) for _ in range(5)]
        assert received == [1, 2, 3, 4, 5]
        assert client.garbage >= 5  # the bad frame, and a resync inside it (its TLV is 0x01)
        assert client.is_open
    finally:
        await client.close()
        os.close(modem)
