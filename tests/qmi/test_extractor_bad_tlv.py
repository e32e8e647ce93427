"""Regression (issue 10): a frame that is well formed at the QMUX level but whose TLV area
is broken comes out of ``FrameExtractor.feed()`` as an error item, never as an exception,
and the stream goes on: every valid frame after it is still delivered."""

from __future__ import annotations

import struct

import pytest

from pyqmi.qmi.errors import FrameError, TlvError
from pyqmi.qmi.frame import Frame, FrameExtractor, Kind, decode_frame, encode_frame

GOOD = encode_frame(Frame(0, 0, Kind.INDICATION, 8, 0x27, qmux_flags=0x80))


def qmux(service: int, sdu_flags: int, tlv_area: bytes, client_id: int = 0) -> bytes:
    """A frame whose QMUX length and SDU tlv_length both agree with ``tlv_area``."""
    if service == 0:
        sdu = struct.pack("<BBHH", sdu_flags, 7, 0x27, len(tlv_area)) + tlv_area
    else:
        sdu = struct.pack("<BHHH", sdu_flags, 7, 0x25, len(tlv_area)) + tlv_area
    return struct.pack("<BHBBB", 1, 5 + len(sdu), 0x80, service, client_id) + sdu


# A TLV that says 5 bytes with 1 left; stray bytes after the last TLV; a TLV whose value
# holds a 0x01 that looks like the start of a long frame.
BAD_AREAS = [
    b"\x01\x05\x00\xaa",
    b"\x01\x01\x00\xaa\x02\x00",
    b"\x10\x20\x00\x01\xff\x00\x80\x00\x01",
]


def frames_of(items: list[Frame | FrameError]) -> list[Frame]:
    assert all(isinstance(i, Frame | FrameError) for i in items)
    return [i for i in items if isinstance(i, Frame)]


@pytest.mark.parametrize("service", [0, 2])
@pytest.mark.parametrize("area", BAD_AREAS)
def test_bad_tlv_area_is_an_item_and_the_next_frame_follows(service: int, area: bytes) -> None:
    bad = qmux(service, 0x02 if service == 0 else 0x04, area)
    with pytest.raises(TlvError):
        decode_frame(bad)  # the one-frame decoder keeps its precise error
    ex = FrameExtractor()
    items = ex.feed(bad + GOOD)
    first = items[0]
    assert isinstance(first, FrameError)
    assert "broken TLV area" in str(first)
    assert isinstance(first.__cause__, TlvError)
    assert frames_of(items) == [decode_frame(GOOD)]
    assert ex.pending == 0
    assert ex.discarded == len(bad)
    assert ex.feed(GOOD) == [decode_frame(GOOD)]


def test_bad_tlv_frame_fed_byte_by_byte_still_lets_the_next_through() -> None:
    bad = qmux(0, 0x02, BAD_AREAS[2])
    ex = FrameExtractor()
    out: list[Frame | FrameError] = []
    for byte in bad + GOOD + bad + GOOD:
        out += ex.feed(bytes([byte]))
    assert frames_of(out) == [decode_frame(GOOD)] * 2
    assert ex.pending == 0


def test_bad_kind_in_a_well_bounded_frame_is_an_item() -> None:
    bad = qmux(2, 0x06, b"\x01\x01\x00\x01")  # SDU flags 0x06 name no kind
    items = FrameExtractor().feed(bad + GOOD)
    assert any("name no message kind" in str(i) for i in items)
    assert frames_of(items) == [decode_frame(GOOD)]


def test_a_truncated_frame_on_a_stream_does_not_take_the_next_one_with_it() -> None:
    # The head of a 44-byte frame, then whole frames: the cut-out piece borrows the next
    # frames' heads and fails to decode; resyncing inside it finds the whole frames again.
    # (Had the borrowed bytes happened to parse as TLVs, no stream cutter could tell.)
    whole = qmux(2, 0x04, b"\x10\x04\x00" + bytes(4) + b"\x11\x14\x00" + bytes(range(20)))
    ex = FrameExtractor()
    items = ex.feed(whole[:20] + GOOD + GOOD)
    assert frames_of(items) == [decode_frame(GOOD)] * 2
    assert ex.pending == 0


def test_a_16_bit_service_frame_after_garbage_is_found() -> None:
    # Found by the stream fuzz: the resync looked for 0x01 only, so a frame in the 0x02
    # framing right after garbage was skipped with it.
    qrtr = encode_frame(Frame(0x100, 1, Kind.INDICATION, 3, 0x22))
    assert qrtr[0] == 0x02
    items = FrameExtractor().feed(GOOD + b"\x00" + qrtr + b"AT\r\n" + qrtr)
    assert frames_of(items) == [decode_frame(GOOD), decode_frame(qrtr), decode_frame(qrtr)]
