"""QMUX framing: bytes <-> ``Frame``, and a stream cutter.

Theory of operation
-------------------
A QMUX frame on a cdc-wdm port or a pty is::

    0x01 | u16 length | u8 qmux flags | u8 service | u8 client id | SDU

``length`` counts every byte after the marker.  The SDU starts with a header whose
shape depends on the service: CTL (service 0) uses ``u8 flags | u8 transaction``,
every other service ``u8 flags | u16 transaction``.  Both continue with
``u16 message id | u16 tlv length | TLVs`` and each TLV is ``u8 type | u16 len | value``.

libqmi also uses an internal framing for 16-bit (QRTR) services: marker 0x02,
``u16 length | u16 service | u8 client id`` and then the service SDU, with no
QMUX flags byte.  We decode it so that such frames are understood, not dropped.

Frames here carry raw TLVs (type -> bytes).  Meaning is added by ``message.py``
from the catalog; this module never looks inside a TLV value.
"""

from __future__ import annotations

import enum
import struct

from pyqmi.frozen import field, frozen
from pyqmi.qmi.errors import FrameError, IncompleteFrame, TlvError

QMUX_MARKER = 0x01
QRTR_MARKER = 0x02
CTL_SERVICE = 0
QMUX_HEADER_LEN = 6  # marker + u16 length + flags + service + client id
QRTR_HEADER_LEN = 6  # marker + u16 length + u16 service + client id
MAX_FRAME_LEN = 0x10000 + 1

QMUX_FLAG_FROM_SERVICE = 0x80


class Kind(enum.Enum):
    REQUEST = "request"
    RESPONSE = "response"
    INDICATION = "indication"


# SDU header flag values per kind; CTL has its own numbering.
_CTL_FLAGS = {Kind.REQUEST: 0x00, Kind.RESPONSE: 0x01, Kind.INDICATION: 0x02}
_SERVICE_FLAGS = {Kind.REQUEST: 0x00, Kind.RESPONSE: 0x02, Kind.INDICATION: 0x04}


# Bits of the SDU flags byte that carry the kind; the others (e.g. the service
# "compound" bit 0x01) are kept in ``Frame.extra_sdu_flags`` so a frame re-encodes
# byte for byte.
_CTL_KIND_MASK = 0x03
_SERVICE_KIND_MASK = 0x06


def _kind_mask(service: int) -> int:
    return _CTL_KIND_MASK if service == CTL_SERVICE else _SERVICE_KIND_MASK


def _kind_from_flags(service: int, flags: int) -> Kind:
    table = _CTL_FLAGS if service == CTL_SERVICE else _SERVICE_FLAGS
    kind_bits = flags & _kind_mask(service)
    for kind, value in table.items():
        if value == kind_bits:
            return kind
    raise FrameError(f"SDU flags 0x{flags:02x} name no message kind")


Tlv = tuple[int, bytes]


@frozen
class Frame:
    """One QMI message with its TLVs still raw."""

    service: int
    client_id: int
    kind: Kind
    transaction_id: int
    message_id: int
    tlvs: tuple[Tlv, ...] = ()
    qmux_flags: int | None = None  # None for the 16-bit service framing
    extra_sdu_flags: int = field(default=0, compare=False)

    def __repr__(self) -> str:
        # TLV values may hold a PIN or an IMSI, and frames end up in logs: show
        # only each TLV's type and length.  ``tlvs`` itself keeps the bytes.
        tlvs = " ".join(f"0x{t:02x}:{len(v)}B" for t, v in self.tlvs)
        return (
            f"Frame(service=0x{self.service:02x} client_id={self.client_id} {self.kind.value} "
            f"txn={self.transaction_id} message_id=0x{self.message_id:04x} tlvs=[{tlvs}] "
            f"qmux_flags={self.qmux_flags})"
        )

    def tlv(self, tlv_type: int) -> bytes | None:
        """The value of the first TLV of this type, or None."""
        for t, value in self.tlvs:
            if t == tlv_type:
                return value
        return None


def encode_tlvs(tlvs: tuple[Tlv, ...] | list[Tlv]) -> bytes:
    out = bytearray()
    for tlv_type, value in tlvs:
        if not 0 <= tlv_type <= 0xFF:
            raise TlvError(f"TLV type {tlv_type} does not fit in a byte")
        if len(value) > 0xFFFF:
            raise TlvError(f"TLV 0x{tlv_type:02x} is {len(value)} bytes, over 65535")
        out += struct.pack("<BH", tlv_type, len(value)) + value
    return bytes(out)


def decode_tlvs(data: bytes) -> tuple[Tlv, ...]:
    tlvs: list[Tlv] = []
    offset = 0
    while offset < len(data):
        if len(data) - offset < 3:
            raise TlvError(f"{len(data) - offset} stray bytes after the last TLV")
        tlv_type, length = struct.unpack_from("<BH", data, offset)
        offset += 3
        if offset + length > len(data):
            raise TlvError(
                f"TLV 0x{tlv_type:02x} says {length} bytes, only {len(data) - offset} left"
            )
        tlvs.append((tlv_type, bytes(data[offset : offset + length])))
        offset += length
    return tuple(tlvs)


def encode_sdu(frame: Frame) -> bytes:
    body = encode_tlvs(frame.tlvs)
    if frame.service == CTL_SERVICE:
        if not 0 <= frame.transaction_id <= 0xFF:
            raise FrameError(f"CTL transaction id {frame.transaction_id} over 255")
        flags = _CTL_FLAGS[frame.kind] | frame.extra_sdu_flags
        header = struct.pack("<BBHH", flags, frame.transaction_id, frame.message_id, len(body))
    else:
        if not 0 <= frame.transaction_id <= 0xFFFF:
            raise FrameError(f"transaction id {frame.transaction_id} over 65535")
        flags = _SERVICE_FLAGS[frame.kind] | frame.extra_sdu_flags
        header = struct.pack("<BHHH", flags, frame.transaction_id, frame.message_id, len(body))
    return header + body


def encode_frame(frame: Frame) -> bytes:
    sdu = encode_sdu(frame)
    if frame.service > 0xFF:
        length = QRTR_HEADER_LEN - 1 + len(sdu)
        return struct.pack("<BHHB", QRTR_MARKER, length, frame.service, frame.client_id) + sdu
    qmux_flags = frame.qmux_flags
    if qmux_flags is None:
        qmux_flags = 0 if frame.kind is Kind.REQUEST else QMUX_FLAG_FROM_SERVICE
    length = QMUX_HEADER_LEN - 1 + len(sdu)
    if length > 0xFFFF:
        raise FrameError(f"frame of {length} bytes is over the QMUX limit")
    header = struct.pack("<BHBBB", QMUX_MARKER, length, qmux_flags, frame.service, frame.client_id)
    return header + sdu


def decode_sdu(service: int, client_id: int, sdu: bytes, qmux_flags: int | None = None) -> Frame:
    """Decode a service SDU (everything after the QMUX header)."""
    ctl = service == CTL_SERVICE
    header_len = 6 if ctl else 7
    if len(sdu) < header_len:
        raise FrameError(f"SDU of {len(sdu)} bytes < {header_len}-byte service header")
    if ctl:
        flags, txn, msg_id, tlv_len = struct.unpack_from("<BBHH", sdu)
    else:
        flags, txn, msg_id, tlv_len = struct.unpack_from("<BHHH", sdu)
    body = sdu[header_len:]
    if tlv_len != len(body):
        raise FrameError(f"tlv_length {tlv_len} but {len(body)} TLV bytes")
    kind = _kind_from_flags(service, flags)
    return Frame(
        service=service,
        client_id=client_id,
        kind=kind,
        transaction_id=txn,
        message_id=msg_id,
        tlvs=decode_tlvs(body),
        qmux_flags=qmux_flags,
        extra_sdu_flags=flags & ~_kind_mask(service),
    )


def frame_length(data: bytes | bytearray | memoryview) -> int:
    """Total bytes of the frame starting at data[0]; raises if it cannot start a frame."""
    if not data:
        raise IncompleteFrame("no bytes")
    marker = data[0]
    if marker not in (QMUX_MARKER, QRTR_MARKER):
        raise FrameError(f"marker is not 0x01 (got 0x{marker:02x})")
    if len(data) < 3:
        raise IncompleteFrame("shorter than the length field")
    length: int = struct.unpack_from("<H", data, 1)[0]
    if length < QMUX_HEADER_LEN - 1:
        raise FrameError(f"QMUX length {length} is too short for the QMUX header")
    _check_sdu_length(data, length + 1)
    return length + 1


def _check_sdu_length(data: bytes | bytearray | memoryview, total: int) -> None:
    """Cross-check the QMUX length against the SDU's own tlv_length, once it is in.

    A frame whose length field lies (a flipped bit, or garbage that happens to
    start with 0x01) is caught after 13 bytes instead of waiting for up to 64 KiB
    that will never form a frame.  libqmi refuses the same mismatch.
    """
    if len(data) < 5:
        return
    service = struct.unpack_from("<H", data, 3)[0] if data[0] == QRTR_MARKER else data[4]
    sdu_header = 6 if service == CTL_SERVICE else 7
    tlv_len_at = QMUX_HEADER_LEN + sdu_header - 2
    if len(data) < tlv_len_at + 2 or total < QMUX_HEADER_LEN + sdu_header:
        return  # too short to tell; decode_sdu reports a short SDU
    (tlv_len,) = struct.unpack_from("<H", data, tlv_len_at)
    if QMUX_HEADER_LEN + sdu_header + tlv_len != total:
        raise FrameError(f"QMUX length 0x{total - 1:x} disagrees with the SDU tlv_length {tlv_len}")


def decode_frame(data: bytes) -> Frame:
    """Decode exactly one frame; ``data`` must hold it and nothing more."""
    if len(data) < QMUX_HEADER_LEN:
        if data and data[0] not in (QMUX_MARKER, QRTR_MARKER):
            raise FrameError(f"marker is not 0x01 (got 0x{data[0]:02x})")
        raise IncompleteFrame(f"shorter than marker + QMUX header ({QMUX_HEADER_LEN} bytes)")
    total = frame_length(data)
    if len(data) < total:
        raise IncompleteFrame(f"QMUX length 0x{total - 1:x} needs {total} bytes, have {len(data)}")
    if len(data) > total:
        raise FrameError(f"{len(data) - total} bytes after the frame")
    if data[0] == QRTR_MARKER:
        service, client_id = struct.unpack_from("<HB", data, 3)
        return decode_sdu(service, client_id, bytes(data[QRTR_HEADER_LEN:total]))
    qmux_flags, service, client_id = struct.unpack_from("<BBB", data, 3)
    return decode_sdu(service, client_id, bytes(data[QMUX_HEADER_LEN:total]), qmux_flags)


def _as_item(exc: FrameError | TlvError, total: int) -> FrameError:
    """The extractor's items are frames or ``FrameError``s: a broken TLV area becomes one."""
    if isinstance(exc, FrameError):
        return exc
    item = FrameError(f"frame of {total} bytes with a broken TLV area: {exc}")
    item.__cause__ = exc
    return item


class FrameExtractor:
    """Cuts frames out of a byte stream.

    ``feed()`` returns the complete frames found, and the errors met on the way, in
    order; it never raises (a broken TLV area is a ``FrameError`` item too).  After
    garbage it resynchronises on the next byte that starts a plausible frame, so one
    bad burst never wedges the port.
    """

    def __init__(self, max_buffer: int = 4 * MAX_FRAME_LEN) -> None:
        self._buffer = bytearray()
        self._max_buffer = max_buffer
        self.discarded = 0

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def feed(self, data: bytes) -> list[Frame | FrameError]:
        self._buffer += data
        out: list[Frame | FrameError] = []
        buf = self._buffer
        start = 0
        while start < len(buf):
            try:
                total = frame_length(memoryview(buf)[start:])
            except IncompleteFrame:
                break
            except FrameError:
                skip = self._next_marker(buf, start + 1)
                out.append(FrameError(f"skipped {skip - start} bytes of garbage"))
                self.discarded += skip - start
                start = skip
                continue
            if len(buf) - start < total:
                break
            chunk = bytes(buf[start : start + total])
            try:
                out.append(decode_frame(chunk))
                start += total
            except (FrameError, TlvError) as exc:
                out.append(_as_item(exc, total))
                # Resync one byte later, not after ``total``: on a stream, a truncated frame
                # borrows the head of the next one, which must still be found.  A marker
                # inside the bad frame must pass the length cross-check to be taken.
                skip = self._next_marker(buf, start + 1)
                self.discarded += skip - start
                start = skip
        del buf[:start]
        if len(buf) > self._max_buffer:
            self.discarded += len(buf)
            out.append(FrameError(f"dropped {len(buf)} bytes that never formed a frame"))
            buf.clear()
        return out

    @staticmethod
    def _next_marker(buf: bytearray, start: int) -> int:
        """The next byte that may start a frame: either framing's marker (0x01 or 0x02)."""
        found = [i for i in (buf.find(QMUX_MARKER, start), buf.find(QRTR_MARKER, start)) if i >= 0]
        return min(found, default=len(buf))
