"""What the fuzz tests throw at pyqmi: valid frames, frames that are nearly valid, noise.

- ``frames()``: any frame the QMUX layer can carry (8-bit services and the 16-bit framing),
  ``catalog_frames()``: a catalog message of any kind with values drawn from its layouts;
- ``noise()``: bytes that hold no frame marker (0x01 or 0x02), so a stream cutter can only
  skip them; ``bad_frames()``: frames whose QMUX length and tlv_length agree but whose TLV
  area is broken or whose SDU flags name no kind; ``truncated()``: the head of a frame;
- ``tlv_area(definition, kind)``: TLVs for one message, each random bytes or a valid value
  cut, grown or with a byte changed, plus TLV types the message does not know.
"""

from __future__ import annotations

import struct
from typing import Any

from hypothesis import strategies as st

from interop.layouts import UnknownLayout, shape
from interop.strategies import message_values, values_for
from pyqmi.qmi import catalog
from pyqmi.qmi.frame import Frame, Kind, Tlv, encode_frame
from pyqmi.qmi.message import MessageDef, Result, TlvDef, encode

MARKERS = (0x01, 0x02)
_NO_MARKERS = bytes.maketrans(bytes(MARKERS), b"\x00\xff")


def kinds_of(definition: MessageDef) -> list[Kind]:
    """The directions a message has (an indication-only message has no request/response)."""
    only_indication = not definition.request and not definition.response
    kinds = [] if only_indication and definition.indication else [Kind.REQUEST, Kind.RESPONSE]
    return kinds + ([Kind.INDICATION] if definition.indication is not None else [])


TARGETS: list[tuple[MessageDef, Kind]] = [(d, k) for d in catalog.ALL for k in kinds_of(d)]


def target_id(target: tuple[MessageDef, Kind]) -> str:
    return f"{target[0].title or target[0].name}-{target[1].value}"


_tlv = st.tuples(st.integers(0, 0xFF), st.binary(max_size=40))


@st.composite
def frames(draw: st.DrawFn) -> Frame:
    service = draw(st.one_of(st.integers(0, 0xFF), st.integers(0x100, 0xFFFF)))
    return Frame(
        service=service,
        client_id=draw(st.integers(0, 0xFF)),
        kind=draw(st.sampled_from(list(Kind))),
        transaction_id=draw(st.integers(0, 0xFF if service == 0 else 0xFFFF)),
        message_id=draw(st.integers(0, 0xFFFF)),
        tlvs=tuple(draw(st.lists(_tlv, max_size=4))),
        qmux_flags=None if service > 0xFF else draw(st.integers(0, 0xFF)),
    )


def _value_strategies() -> dict[tuple[MessageDef, Kind], st.SearchStrategy[dict[str, Any]]]:
    found = {}
    for target in TARGETS:
        try:
            found[target] = message_values(*target)
        except UnknownLayout:  # a layout the interop strategies cannot draw (PLMN names)
            continue
    return found


VALUES = _value_strategies()


@st.composite
def catalog_frames(draw: st.DrawFn) -> bytes:
    definition, kind = draw(st.sampled_from(sorted(VALUES, key=target_id)))
    values = draw(VALUES[(definition, kind)])
    result = Result(0, 0) if kind is Kind.RESPONSE else None
    frame = encode(
        definition,
        kind,
        values,
        transaction_id=draw(st.integers(0, 0xFF if definition.service == 0 else 0xFFFF)),
        client_id=draw(st.integers(0, 0xFF)),
        result=result,
    )
    return encode_frame(frame)


def noise(max_size: int = 48) -> st.SearchStrategy[bytes]:
    return st.binary(min_size=1, max_size=max_size).map(lambda b: b.translate(_NO_MARKERS))


@st.composite
def broken_tlv_area(draw: st.DrawFn) -> bytes:
    good = b"".join(struct.pack("<BH", t, len(v)) + v for t, v in draw(st.lists(_tlv, max_size=3)))
    if draw(st.booleans()):
        value = draw(st.binary(max_size=20))
        claimed = draw(st.integers(len(value) + 1, 0xFFFF))
        return good + struct.pack("<BH", draw(st.integers(0, 0xFF)), claimed) + value
    return good + draw(st.binary(min_size=1, max_size=2))  # stray bytes after the last TLV


@st.composite
def bad_frames(draw: st.DrawFn) -> bytes:
    """A frame the QMUX layer bounds exactly, that still does not decode."""
    service = draw(st.integers(0, 0xFF))
    ctl = service == 0
    if draw(st.booleans()):
        area = draw(broken_tlv_area())
        flags = draw(st.sampled_from([0x00, 0x01, 0x02] if ctl else [0x00, 0x02, 0x04]))
    else:
        area = b"".join(struct.pack("<BH", t, len(v)) + v for t, v in draw(st.lists(_tlv)))
        flags = 0x03 if ctl else 0x06  # kind bits that name no kind
    txn = draw(st.integers(0, 0xFF if ctl else 0xFFFF))
    message_id = draw(st.integers(0, 0xFFFF))
    header = "<BBHH" if ctl else "<BHHH"
    sdu = struct.pack(header, flags, txn, message_id, len(area)) + area
    qmux = struct.pack("<BHBBB", 1, 5 + len(sdu), draw(st.integers(0, 0xFF)), service, 0)
    return qmux + sdu


@st.composite
def truncated(draw: st.DrawFn) -> bytes:
    whole = encode_frame(draw(frames()))
    return whole[: draw(st.integers(1, len(whole) - 1))]


def _valid_value(tlv: TlvDef) -> st.SearchStrategy[bytes]:
    try:
        values = values_for(shape(tlv.layout))
    except UnknownLayout:
        return st.binary(max_size=64)

    def build(value: Any) -> bytes:
        data: bytes = tlv.layout.build(value)
        return data

    return values.map(build)


@st.composite
def _mutated(draw: st.DrawFn, value: st.SearchStrategy[bytes]) -> bytes:
    data = draw(value)
    how = draw(st.sampled_from(["keep", "cut", "grow", "change"]))
    if how == "cut":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    if how == "grow":
        return data + draw(st.binary(min_size=1, max_size=16))
    if how == "change" and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([draw(st.integers(0, 0xFF))]) + data[at + 1 :]
    return data


def tlv_area(definition: MessageDef, kind: Kind) -> st.SearchStrategy[tuple[Tlv, ...]]:
    known = definition.tlvs_for(kind)
    options: list[st.SearchStrategy[Tlv]] = [
        st.tuples(st.integers(0, 0xFF), st.binary(max_size=64)),
        st.tuples(st.just(0x02), st.binary(max_size=6)),  # the result TLV, any size
    ]
    for tlv in known:
        value = st.one_of(st.binary(max_size=64), _mutated(_valid_value(tlv)))
        options.append(st.tuples(st.just(tlv.type), value))
    return st.lists(st.one_of(options), max_size=6).map(tuple)
