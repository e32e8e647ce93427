"""QMUX framing: encode/decode round trips and the stream cutter."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyqmi.qmi.errors import FrameError, IncompleteFrame, TlvError
from pyqmi.qmi.frame import (
    Frame,
    FrameExtractor,
    Kind,
    decode_frame,
    decode_sdu,
    decode_tlvs,
    encode_frame,
)

# A DMS Get IDs request and a NAS Get Signal Strength response, as libqmi builds them.
DMS_REQUEST = bytes.fromhex("010c0000020100010025000000")
NAS_RESPONSE = bytes.fromhex(
    "01260080030102010020001a00020400000000000102009b051104000100650512040001001105"
)


def frames_of(items: list[Frame | FrameError]) -> list[Frame]:
    return [i for i in items if isinstance(i, Frame)]


def errors_of(items: list[Frame | FrameError]) -> list[FrameError]:
    return [i for i in items if isinstance(i, FrameError)]


# --- encode / decode ---------------------------------------------------------


def test_ctl_frame_round_trip_uses_8_bit_transaction() -> None:
    frame = Frame(
        service=0,
        client_id=0,
        kind=Kind.REQUEST,
        transaction_id=0x55,
        message_id=0x0022,
        tlvs=((0x01, b"\x02"),),
        qmux_flags=0,
    )
    data = encode_frame(frame)
    assert data == bytes.fromhex("010f0000000000552200040001010002")
    assert decode_frame(data) == frame


def test_service_frame_round_trip_uses_16_bit_transaction() -> None:
    frame = Frame(
        service=2,
        client_id=1,
        kind=Kind.RESPONSE,
        transaction_id=0x5566,
        message_id=0x0025,
        tlvs=((0x02, b"\x00\x00\x00\x00"), (0x11, b"359225050039973")),
        qmux_flags=0x80,
    )
    data = encode_frame(frame)
    assert data[7:9] == b"\x66\x55"  # transaction, little-endian, after the flags byte
    assert data[6] == 0x02  # service SDU flags: response
    assert decode_frame(data) == frame


def test_indication_kinds_have_distinct_flag_bytes() -> None:
    ctl = encode_frame(Frame(0, 0, Kind.INDICATION, 1, 0x27, qmux_flags=0x80))
    svc = encode_frame(Frame(3, 4, Kind.INDICATION, 0, 0x4E, qmux_flags=0x80))
    assert ctl[6] == 0x02
    assert svc[6] == 0x04
    assert decode_frame(ctl).kind is Kind.INDICATION
    assert decode_frame(svc).kind is Kind.INDICATION


def test_default_qmux_flags_mark_direction() -> None:
    assert encode_frame(Frame(2, 1, Kind.REQUEST, 1, 0x25))[3] == 0x00
    assert encode_frame(Frame(2, 1, Kind.RESPONSE, 1, 0x25))[3] == 0x80


def test_extra_sdu_flag_bits_survive_a_round_trip() -> None:
    # Bit 0 of a service SDU flags byte ("compound") is not part of the kind.
    data = bytes.fromhex("010c0000020103010025000000")  # SDU flags: response | compound
    frame = decode_frame(data)
    assert frame.kind is Kind.RESPONSE
    assert frame.extra_sdu_flags == 0x01
    assert encode_frame(frame) == data


def test_16_bit_service_uses_qrtr_framing() -> None:
    frame = Frame(0x190, 3, Kind.INDICATION, 1, 0x21, ((0x01, b"\x01" + bytes(7)),))
    data = encode_frame(frame)
    assert data[0] == 0x02
    assert struct.unpack_from("<H", data, 3)[0] == 0x190
    decoded = decode_frame(data)
    assert decoded == frame
    assert decoded.qmux_flags is None


def test_transaction_id_limits_are_enforced() -> None:
    with pytest.raises(FrameError, match="over 255"):
        encode_frame(Frame(0, 0, Kind.REQUEST, 256, 0x22))
    with pytest.raises(FrameError, match="over 65535"):
        encode_frame(Frame(2, 1, Kind.REQUEST, 0x10000, 0x25))


@pytest.mark.parametrize(
    ("hex_data", "error", "match"),
    [
        ("", IncompleteFrame, "shorter than"),
        ("010002", IncompleteFrame, "shorter than"),
        ("00000000000a", FrameError, "marker is not 0x01"),
        ("010300000201", FrameError, "too short for the QMUX header"),
        ("010c0000020100010025000000ff", FrameError, "1 bytes after the frame"),
        ("010c00000201000100250000", IncompleteFrame, "needs 13 bytes"),
        ("010c0000020100010025000100", FrameError, "disagrees with the SDU tlv_length"),
        ("010c0000020106010025000000", FrameError, "name no message kind"),
    ],
)
def test_bad_frames_raise_typed_errors(hex_data: str, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        decode_frame(bytes.fromhex(hex_data))


def test_tlv_area_errors_are_tlv_errors() -> None:
    with pytest.raises(TlvError, match="stray bytes"):
        decode_tlvs(b"\x01\x00")
    with pytest.raises(TlvError, match="says 5 bytes, only 1 left"):
        decode_tlvs(b"\x01\x05\x00\xaa")


def test_short_sdu_is_refused() -> None:
    with pytest.raises(FrameError, match="SDU of 5 bytes < 7-byte service header"):
        decode_sdu(2, 1, bytes.fromhex("020200ffff"))
    with pytest.raises(FrameError, match="SDU of 5 bytes < 6-byte service header"):
        decode_sdu(0, 0, bytes.fromhex("0001220000"))


def test_frame_repr_hides_tlv_values() -> None:
    frame = decode_frame(bytes.fromhex("01150000020100010028000900010600010431323334"))
    assert "1234" not in repr(frame)
    assert "31323334" not in repr(frame)
    assert "0x01:6B" in repr(frame)


# --- the stream cutter ----------------------------------------------------------


def test_several_frames_in_one_feed() -> None:
    items = FrameExtractor().feed(DMS_REQUEST + NAS_RESPONSE + DMS_REQUEST)
    assert items == [
        decode_frame(DMS_REQUEST),
        decode_frame(NAS_RESPONSE),
        decode_frame(DMS_REQUEST),
    ]


def test_truncated_frame_waits_for_the_rest() -> None:
    ex = FrameExtractor()
    assert ex.feed(NAS_RESPONSE[:20]) == []
    assert ex.pending == 20
    assert ex.feed(NAS_RESPONSE[20:]) == [decode_frame(NAS_RESPONSE)]
    assert ex.pending == 0


def test_byte_by_byte_feeding() -> None:
    ex = FrameExtractor()
    out: list[Frame | FrameError] = []
    stream = NAS_RESPONSE + DMS_REQUEST
    for i in range(len(stream)):
        out += ex.feed(stream[i : i + 1])
    assert out == [decode_frame(NAS_RESPONSE), decode_frame(DMS_REQUEST)]
    assert ex.pending == 0
    assert ex.discarded == 0


def test_garbage_before_and_between_frames_is_skipped() -> None:
    ex = FrameExtractor()
    items = ex.feed(b"\xff\xfe\x00" + DMS_REQUEST + b"AT+CGMI\r\n" + NAS_RESPONSE)
    assert frames_of(items) == [decode_frame(DMS_REQUEST), decode_frame(NAS_RESPONSE)]
    assert len(errors_of(items)) == 2
    assert all("garbage" in str(e) for e in errors_of(items))
    assert ex.discarded == 3 + 9
    # The order is kept: error, frame, error, frame.
    assert [isinstance(i, Frame) for i in items] == [False, True, False, True]


def test_a_lying_length_is_caught_without_waiting_for_it() -> None:
    # 0x01 then a length of 0xFFF0: once the SDU header is in, its tlv_length
    # shows the QMUX length is false, and the real frame behind it is found.
    liar = bytes.fromhex("01f0ff00020100010025000000")
    ex = FrameExtractor()
    items = ex.feed(liar + DMS_REQUEST)
    assert frames_of(items) == [decode_frame(DMS_REQUEST)]
    assert errors_of(items)
    assert ex.pending == 0


def test_a_short_lying_length_resyncs_on_the_next_frame() -> None:
    # Claims 10 bytes; the cut-out piece does not decode; the next frame does.
    liar = bytes.fromhex("010a0000020100010025")
    items = FrameExtractor().feed(liar + DMS_REQUEST)
    assert frames_of(items) == [decode_frame(DMS_REQUEST)]
    assert len(errors_of(items)) >= 1


def test_oversized_garbage_is_dropped_and_the_stream_recovers() -> None:
    ex = FrameExtractor(max_buffer=4096)
    # A 0x01 with a huge length and a plausible header keeps the buffer waiting;
    # once it grows past the limit it is dropped with an error.
    holder = bytes.fromhex("01ffff0002010001002500f3ff")
    items = ex.feed(holder)
    assert items == []
    items = ex.feed(bytes(5000))
    assert any("never formed a frame" in str(e) for e in errors_of(items))
    assert ex.pending == 0
    assert ex.feed(DMS_REQUEST) == [decode_frame(DMS_REQUEST)]


def test_long_garbage_without_markers_never_accumulates() -> None:
    ex = FrameExtractor()
    for _ in range(100):
        items = ex.feed(b"\x00" * 1000)
        assert len(items) == 1
        assert ex.pending == 0
    assert ex.discarded == 100_000
    assert ex.feed(DMS_REQUEST) == [decode_frame(DMS_REQUEST)]


# --- property: any frames, cut anywhere, come back the same ---------------------

_tlv = st.tuples(st.integers(0, 0xFF), st.binary(max_size=40))


@st.composite
def frames(draw: st.DrawFn) -> Frame:
    service = draw(st.one_of(st.integers(0, 0xFF), st.integers(0x100, 0xFFFF)))
    kind = draw(st.sampled_from(list(Kind)))
    txn_max = 0xFF if service == 0 else 0xFFFF
    return Frame(
        service=service,
        client_id=draw(st.integers(0, 0xFF)),
        kind=kind,
        transaction_id=draw(st.integers(0, txn_max)),
        message_id=draw(st.integers(0, 0xFFFF)),
        tlvs=tuple(draw(st.lists(_tlv, max_size=5))),
        qmux_flags=None if service > 0xFF else draw(st.integers(0, 0xFF)),
    )


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(frames(), min_size=1, max_size=6),
    cuts=st.lists(st.integers(0, 2000), max_size=10),
)
def test_random_frames_split_anywhere_come_back_intact(items: list[Frame], cuts: list[int]) -> None:
    stream = b"".join(encode_frame(f) for f in items)
    points = sorted({c % (len(stream) + 1) for c in cuts})
    pieces = [stream[a:b] for a, b in zip([0, *points], [*points, len(stream)], strict=True)]
    ex = FrameExtractor()
    out: list[Frame | FrameError] = []
    for piece in pieces:
        out += ex.feed(piece)
    assert out == items
    assert ex.pending == 0
