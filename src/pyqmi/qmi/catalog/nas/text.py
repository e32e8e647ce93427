"""NAS text layouts: operator names, MCC/MNC digits and BCD-coded PLMNs.

Theory of operation
-------------------
- ``plmn_digits()``: MCC/MNC as fixed 3-byte text.  Modems pad a 2-digit MNC
  with 0xFF and send all-zero bytes when there is no network; both decode to a
  plain string ("24", "").
- ``network_text()``: operator descriptions.  Printable UTF-8 is taken as is,
  anything else is read as packed GSM 03.38 (modems send both; "Iliad" comes
  packed).  ``plmn_name(...)`` does the same for names whose encoding a sibling
  field states (GSM-7 or UCS-2).
- ``bcd_plmn()``: the 3-byte BCD PLMN of cell info, as ``{"mcc", "mnc"}``.

Every text decodes to a ``WireText``: a ``str`` that remembers its raw bytes, so
building a parsed message again gives the bytes the modem sent.  A plain ``str``
is encoded the obvious way (UTF-8, GSM-7 or UCS-2 as the field says).
"""

from __future__ import annotations

from typing import Any

import construct as c

from pyqmi.qmi.catalog.nas.values import SPARE_BITS_VALUES
from pyqmi.qmi.types import Layout, u8


class WireText(str):
    """Decoded text that keeps the bytes it came from (for byte-exact re-encoding)."""

    wire: bytes
    codec: str

    def __new__(cls, text: str, wire: bytes = b"", codec: str = "") -> WireText:
        obj = super().__new__(cls, text)
        obj.wire = wire
        obj.codec = codec
        return obj

    def __getnewargs__(self) -> tuple[str, bytes, str]:  # type: ignore[override]
        return (str(self), self.wire, self.codec)


def _wire(obj: Any, codec: str) -> bytes | None:
    if isinstance(obj, WireText) and obj.codec == codec:
        return obj.wire
    return None


_STRIP = "\x00\t\r\n "
# GSM 03.38 default alphabet and its escape (0x1B) extension table.
_GSM7 = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXT = {0x0A: "\f", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~"}
_GSM7_EXT |= {0x3E: "]", 0x40: "|", 0x65: "€"}
_GSM7_REVERSE = {ch: i for i, ch in enumerate(_GSM7) if i != 0x1B}
_GSM7_EXT_REVERSE = {ch: i for i, ch in _GSM7_EXT.items()}
assert len(_GSM7) == 128


def gsm7_unpack(data: bytes, spare_bits: int = 0) -> str:
    """Packed GSM 03.38 septets to text; ``spare_bits`` unused bits end the last octet."""
    count = (len(data) * 8 - spare_bits) // 7
    value = int.from_bytes(data, "little")
    septets = [(value >> (7 * i)) & 0x7F for i in range(count)]
    if not spare_bits and len(data) % 7 == 0 and septets and septets[-1] == 0:
        septets.pop()  # seven octets hold eight septets; the eighth is padding
    out: list[str] = []
    escape = False
    for s in septets:
        if escape:
            out.append(_GSM7_EXT.get(s, " "))
            escape = False
        elif s == 0x1B:
            escape = True
        else:
            out.append(_GSM7[s])
    return "".join(out)


def gsm7_pack(text: str) -> bytes:
    septets: list[int] = []
    for ch in text:
        if ch in _GSM7_REVERSE:
            septets.append(_GSM7_REVERSE[ch])
        elif ch in _GSM7_EXT_REVERSE:
            septets += [0x1B, _GSM7_EXT_REVERSE[ch]]
        else:
            raise c.ExplicitError(f"{ch!r} has no GSM 03.38 encoding")
    value = sum(s << (7 * i) for i, s in enumerate(septets))
    return value.to_bytes((len(septets) * 7 + 7) // 8, "little")


def _printable_utf8(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if all(ch.isprintable() or ch in "\t\r\n" for ch in text.rstrip("\x00")):
        return text.rstrip(_STRIP)
    return None


class _NetworkText(c.Adapter):  # type: ignore[type-arg]
    def _decode(self, obj: bytes, context: Any, path: Any) -> str:
        text = _printable_utf8(obj)
        if text is None:
            text = gsm7_unpack(obj.rstrip(b"\x00"))
        return WireText(text, obj, "network_text")

    def _encode(self, obj: str, context: Any, path: Any) -> bytes:
        return _wire(obj, "network_text") or obj.encode("utf-8")


def network_text() -> Layout:
    """A u8-prefixed operator description: UTF-8, or packed GSM-7 when not printable."""
    return _NetworkText(c.Prefixed(u8, c.GreedyBytes))


def tail_network_text() -> Layout:
    """An operator description that fills the rest of the TLV (no prefix)."""
    return _NetworkText(c.GreedyBytes)


class _FixedText(c.Adapter):  # type: ignore[type-arg]
    def __init__(self, size: int, pad: bytes) -> None:
        super().__init__(c.Bytes(size))
        self.size = size
        self.pad = pad
        self.codec = f"fixed{size}"

    def _decode(self, obj: bytes, context: Any, path: Any) -> str:
        raw = obj
        for stop in (b"\x00", b"\xff"):
            raw = raw.split(stop, 1)[0]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = raw[: exc.start].decode("utf-8")
        return WireText(text.rstrip(_STRIP), obj, self.codec)

    def _encode(self, obj: str, context: Any, path: Any) -> bytes:
        wire = _wire(obj, self.codec)
        if wire is not None:
            return wire
        data = obj.encode("utf-8")
        if len(data) > self.size:
            raise c.ExplicitError(f"{obj!r} does not fit in {self.size} bytes")
        pad = self.pad if data else b"\x00"
        return data + pad * (self.size - len(data))


def plmn_digits() -> Layout:
    """MCC or MNC as 3 bytes of text; a short value is padded with 0xFF, none is NULs."""
    return _FixedText(3, b"\xff")


def fixed_text(size: int) -> Layout:
    return _FixedText(size, b"\x00")


class _PlmnName(c.Adapter):  # type: ignore[type-arg]
    """A name whose encoding (gsm / ucs2le) and spare bits are sibling fields."""

    def __init__(self, spare_field: str) -> None:
        super().__init__(c.Prefixed(u8, c.GreedyBytes))
        self.spare_field = spare_field

    def _decode(self, obj: bytes, context: Any, path: Any) -> str:
        encoding = context.get("name_encoding")
        if encoding in ("ucs2le", 1):
            text = obj.decode("utf-16-le", errors="replace")
        else:
            spare = context.get(self.spare_field)
            spare_bits = int(SPARE_BITS_VALUES.get(spare, spare)) if spare is not None else 0
            text = gsm7_unpack(obj, spare_bits if 0 < spare_bits < 8 else 0)
        return WireText(text.rstrip("\x00"), obj, f"plmn_name:{encoding}")

    def _encode(self, obj: str, context: Any, path: Any) -> bytes:
        encoding = context.get("name_encoding")
        wire = _wire(obj, f"plmn_name:{encoding}")
        if wire is not None:
            return wire
        if encoding in ("ucs2le", 1):
            return obj.encode("utf-16-le")
        return gsm7_pack(obj)


def plmn_name(spare_field: str) -> Layout:
    return _PlmnName(spare_field)


_HEX = "0123456789abcdef"


class _BcdPlmn(c.Adapter):  # type: ignore[type-arg]
    """3GPP TS 24.008 PLMN: MCC2 MCC1 | MNC3 MCC3 | MNC2 MNC1 nibbles; MNC3 0xF = absent."""

    def _decode(self, obj: bytes, context: Any, path: Any) -> dict[str, str]:
        n = [obj[0] & 0xF, obj[0] >> 4, obj[1] & 0xF, obj[2] & 0xF, obj[2] >> 4, obj[1] >> 4]
        mnc = "".join(_HEX[d] for d in n[3:5]) + ("" if n[5] == 0xF else _HEX[n[5]])
        return {"mcc": "".join(_HEX[d] for d in n[:3]), "mnc": mnc}

    def _encode(self, obj: dict[str, str], context: Any, path: Any) -> bytes:
        mcc, mnc = obj["mcc"].lower(), obj["mnc"].lower()
        if len(mcc) != 3 or len(mnc) not in (2, 3) or any(d not in _HEX for d in mcc + mnc):
            raise c.ExplicitError(f"PLMN {mcc!r}/{mnc!r} is not 3 + 2 or 3 digits")
        d = [_HEX.index(ch) for ch in mcc + mnc] + ([0xF] if len(mnc) == 2 else [])
        return bytes([d[1] << 4 | d[0], d[5] << 4 | d[2], d[4] << 4 | d[3]])


def bcd_plmn() -> Layout:
    return _BcdPlmn(c.Bytes(3))
