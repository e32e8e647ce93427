"""What a catalog layout is, in terms the interop tests can act on.

The catalog declares each TLV as a construct layout.  ``shape()`` reduces a
layout to a small tree of ``Shape`` nodes (struct, array, int, enum, flags,
text, address...), so that the value strategies and the comparison with
libqmi's text are written once, against shapes, rather than per message.
A layout this module does not recognise raises ``UnknownLayout``: the test then
fails and names the layout instead of quietly skipping the field.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

import construct as c

from pyqmi.qmi import types
from pyqmi.qmi.catalog import nas, uim
from pyqmi.qmi.types import Layout


class UnknownLayout(Exception):
    pass


@dataclass(frozen=True)
class Shape:
    # struct, array, int, bool, enum, flags, bands, text, fixed_text, network_text,
    # ipv4, ipv6, hex_bytes, bytes_int
    kind: str
    # int / bytes_int: bit width and signedness; array: width of the count.
    bits: int = 0
    signed: bool = False
    # bytes_int: byte order of the wire.
    big_endian: bool = False
    # enum / flags: name -> value.
    names: dict[str, int] = field(default_factory=dict)
    # struct: field names; struct / array: their shapes.
    fields: tuple[str, ...] = ()
    children: tuple[Shape, ...] = ()
    # text: the longest it may be in bytes; fixed_text: its size.
    max_bytes: int = 0
    # bands: how many u64 words.
    words: int = 0


def _unwrap(layout: Layout) -> Any:
    """The layout under any names; Any, as construct's internals are not typed."""
    node: Any = layout
    while isinstance(node, c.Renamed):
        node = node.subcon
    return node


def _format_shape(layout: Any) -> Shape:
    code = layout.fmtstr[-1]
    if code not in "bBhHiIlLqQ":
        raise UnknownLayout(f"format {layout.fmtstr!r}")
    return Shape("int", bits=struct.calcsize("<" + code) * 8, signed=code.islower())


def _text_size(inner: Any) -> tuple[str, int]:
    if isinstance(inner, c.Prefixed):
        length = _unwrap(inner.lengthfield)
        return "text", min(2 ** (struct.calcsize("<" + length.fmtstr[-1]) * 8) - 1, 60)
    if isinstance(inner, c.Padded):
        size: Any = inner.length
        return "fixed_text", int(size)
    if isinstance(inner, type(c.GreedyBytes)):
        return "text", 60
    raise UnknownLayout(f"text inside {inner!r}")


def shape(layout: Layout) -> Shape:
    layout = _unwrap(layout)
    if isinstance(layout, c.Struct):
        subcons = [sc for sc in layout.subcons if sc.name]
        return Shape(
            "struct",
            fields=tuple(str(sc.name) for sc in subcons),
            children=tuple(shape(sc) for sc in subcons),
        )
    if isinstance(layout, c.FocusedSeq) and [sc.name for sc in layout.subcons] == [
        "count",
        "items",
    ]:
        count = _format_shape(_unwrap(layout.subcons[0]).subcon)
        items = _unwrap(layout.subcons[1]).subcon
        return Shape("array", bits=count.bits, children=(shape(items),))
    if layout is c.Flag:
        return Shape("bool")
    if isinstance(layout, c.Enum):
        names = {str(k): int(v) for k, v in layout.encmapping.items()}
        base = _format_shape(_unwrap(layout.subcon))
        return Shape("enum", bits=base.bits, signed=base.signed, names=names)
    if isinstance(layout, nas._BandList):
        return Shape("bands", words=layout.words)
    if isinstance(layout, nas._Flags):
        base = _format_shape(_unwrap(layout.subcon))
        return Shape("flags", bits=base.bits, names=dict(layout.names))
    if isinstance(layout, nas._FixedText):
        return Shape("fixed_text", max_bytes=layout.size)
    if isinstance(layout, nas._NetworkText):
        return Shape("network_text", max_bytes=60)
    if isinstance(layout, types._LenientText):
        kind, size = _text_size(_unwrap(layout.subcon))
        return Shape(kind, max_bytes=size)
    if isinstance(layout, types._Ipv4Adapter):
        return Shape("ipv4")
    if isinstance(layout, types._Ipv6Adapter):
        return Shape("ipv6")
    if isinstance(layout, uim._HexBytes):
        return Shape("hex_bytes", max_bytes=32)
    if isinstance(layout, c.BytesInteger):
        length: Any = layout.length
        return Shape(
            "bytes_int",
            bits=int(length) * 8,
            signed=bool(layout.signed),
            big_endian=not layout.swapped,
        )
    if isinstance(layout, c.FormatField):
        return _format_shape(layout)
    raise UnknownLayout(f"no shape for {layout!r}")


def describe(value: Any) -> str:
    """Short text for assertion messages."""
    text = repr(value)
    return text if len(text) < 200 else text[:200] + "..."
