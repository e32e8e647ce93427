"""Field layouts shared by the catalog tables.

These are construct building blocks with QMI's conventions: little-endian
integers, strings that modems pad with NUL, tabs or CR/LF, counted arrays,
bit masks that decode to lists of names, and band masks that decode to band numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import construct as c

if TYPE_CHECKING:
    Layout = c.Construct[Any, Any]
else:
    Layout = c.Construct

u8 = c.Int8ul
u16 = c.Int16ul
u32 = c.Int32ul
u64 = c.Int64ul
i8 = c.Int8sl
i16 = c.Int16sl
i32 = c.Int32sl
boolean = c.Flag

_STRIP = "\x00\t\r\n "


class _LenientText(c.Adapter):  # type: ignore[type-arg]
    """UTF-8 text as modems send it.

    Decoding stops at the first invalid byte (libqmi does the same), and trailing
    NUL, tab, CR, LF and spaces are dropped.
    """

    def _decode(self, obj: bytes, context: Any, path: Any) -> str:
        try:
            text = obj.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = obj[: exc.start].decode("utf-8")
        return text.rstrip(_STRIP)

    def _encode(self, obj: str, context: Any, path: Any) -> bytes:
        return obj.encode("utf-8")


def string8() -> Layout:
    """A string with a u8 length prefix."""
    return _LenientText(c.Prefixed(u8, c.GreedyBytes))


def string16() -> Layout:
    """A string with a u16 length prefix."""
    return _LenientText(c.Prefixed(u16, c.GreedyBytes))


def tail_string() -> Layout:
    """A string that fills the rest of the TLV (no prefix)."""
    return _LenientText(c.GreedyBytes)


def fixed_string(size: int) -> Layout:
    """A string of exactly ``size`` bytes, NUL padded on build."""
    return _LenientText(c.FixedSized(size, c.GreedyBytes))


def array8(item: Layout) -> Layout:
    """A list with a u8 element count."""
    return c.PrefixedArray(u8, item)


def array16(item: Layout) -> Layout:
    """A list with a u16 element count."""
    return c.PrefixedArray(u16, item)


def enum8(**names: int) -> Layout:
    return c.Enum(u8, **names)


def enum16(**names: int) -> Layout:
    return c.Enum(u16, **names)


def enum32(**names: int) -> Layout:
    return c.Enum(u32, **names)


def ipv4() -> Layout:
    """An IPv4 address as QMI carries it: a little-endian u32, shown dotted."""
    return _Ipv4Adapter(u32)


def ipv6() -> Layout:
    """An IPv6 address: 16 bytes in network order."""
    return _Ipv6Adapter(c.Bytes(16))


class _Ipv4Adapter(c.Adapter):  # type: ignore[type-arg]
    def _decode(self, obj: int, context: Any, path: Any) -> str:
        return ".".join(str((obj >> shift) & 0xFF) for shift in (24, 16, 8, 0))

    def _encode(self, obj: str, context: Any, path: Any) -> int:
        parts = [int(p) for p in obj.split(".")]
        if len(parts) != 4 or not all(0 <= p <= 255 for p in parts):
            raise c.ExplicitError(f"{obj!r} is not an IPv4 address")
        return (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]


class _Ipv6Adapter(c.Adapter):  # type: ignore[type-arg]
    def _decode(self, obj: bytes, context: Any, path: Any) -> str:
        import ipaddress

        return str(ipaddress.IPv6Address(obj))

    def _encode(self, obj: str, context: Any, path: Any) -> bytes:
        import ipaddress

        return ipaddress.IPv6Address(obj).packed


class _Flags(c.Adapter):  # type: ignore[type-arg]
    """A bit mask as a list of names in bit order; unnamed bits stay in the list as ints."""

    def __init__(self, subcon: Layout, names: dict[str, int]) -> None:
        super().__init__(subcon)
        self.names = names

    def _decode(self, obj: int, context: Any, path: Any) -> list[str | int]:
        out: list[str | int] = []
        rest = obj
        for name, bit in sorted(self.names.items(), key=lambda kv: kv[1]):
            if obj & bit == bit and bit:
                out.append(name)
                rest &= ~bit
        bit = 1
        while rest:
            if rest & bit:
                out.append(bit)
                rest &= ~bit
            bit <<= 1
        return out

    def _encode(self, obj: int | list[str | int], context: Any, path: Any) -> int:
        if isinstance(obj, int):
            return obj
        value = 0
        for item in obj:
            if isinstance(item, int):
                value |= item
            elif item in self.names:
                value |= self.names[item]
            else:
                raise c.ExplicitError(f"unknown flag {item!r}; known: {sorted(self.names)}")
        return value


def flags8(**names: int) -> Layout:
    return _Flags(u8, names)


def flags16(**names: int) -> Layout:
    return _Flags(u16, names)


def flags64(**names: int) -> Layout:
    return _Flags(u64, names)


class _BandList(c.Adapter):  # type: ignore[type-arg]
    """Bit n of the concatenated u64 words means band n + 1."""

    def __init__(self, words: int) -> None:
        super().__init__(c.Array(words, u64))
        self.words = words

    def _decode(self, obj: list[int], context: Any, path: Any) -> list[int]:
        mask = sum(word << (64 * i) for i, word in enumerate(obj))
        return [n + 1 for n in range(64 * self.words) if mask >> n & 1]

    def _encode(self, obj: list[int], context: Any, path: Any) -> list[int]:
        mask = 0
        for band in obj:
            if not 1 <= band <= 64 * self.words:
                raise c.ExplicitError(f"band {band} is outside 1..{64 * self.words}")
            mask |= 1 << (band - 1)
        return [(mask >> (64 * i)) & (2**64 - 1) for i in range(self.words)]


def band_list(words: int) -> Layout:
    return _BandList(words)
