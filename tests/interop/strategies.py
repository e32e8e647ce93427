"""Hypothesis strategies for catalog values, derived from layout shapes.

Every value is one that pyqmi's ``build`` accepts and that survives libqmi's
printing unambiguously: texts avoid quotes, brackets, commas and edge spaces
(which the printable form cannot tell apart), but include non-ASCII letters.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from hypothesis import strategies as st

from pyqmi.qmi.frame import Kind
from pyqmi.qmi.message import MessageDef, Result
from pyqmi.qmi.protocol_errors import PROTOCOL_ERRORS

from .layouts import Shape, shape

_ALPHABET = st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:/@#+=!?éüßñΩ中"
)


def _text(max_bytes: int, min_size: int = 0) -> st.SearchStrategy[str]:
    return (
        st.text(_ALPHABET, min_size=min_size, max_size=max_bytes)
        .map(lambda t: t.strip())
        .filter(lambda t: len(t.encode("utf-8")) <= max_bytes and len(t) >= min_size)
    )


def _int(bits: int, signed: bool) -> st.SearchStrategy[int]:
    if signed:
        return st.integers(-(1 << (bits - 1)), (1 << (bits - 1)) - 1)
    return st.integers(0, (1 << bits) - 1)


def values_for(s: Shape) -> st.SearchStrategy[Any]:
    if s.kind == "struct":
        return st.fixed_dictionaries(
            {name: values_for(child) for name, child in zip(s.fields, s.children, strict=True)}
        )
    if s.kind == "array":
        return st.lists(values_for(s.children[0]), max_size=4)
    if s.kind in ("int", "bytes_int"):
        return _int(s.bits, s.signed)
    if s.kind == "bool":
        return st.booleans()
    if s.kind == "enum":
        return st.sampled_from(sorted(s.names))
    if s.kind == "flags":
        by_bit = sorted(s.names, key=s.names.__getitem__)
        return st.sets(st.sampled_from(by_bit)).map(lambda names: sorted(names, key=by_bit.index))
    if s.kind == "bands":
        return st.sets(st.integers(1, 64 * s.words), max_size=6).map(sorted)
    if s.kind in ("text", "network_text"):
        # A u8-counted text may be empty; a TLV that is only text must not be.
        return _text(s.max_bytes, min_size=1)
    if s.kind == "fixed_text":
        # Not empty: libqmi 1.32 prints "ERROR: invalid string" for an all-NUL
        # fixed-size string (what modems send without a network).
        if s.max_bytes == 3:  # MCC / MNC digits
            return st.text("0123456789", min_size=2, max_size=3)
        return _text(s.max_bytes, min_size=1)
    if s.kind == "ipv4":
        return st.integers(0, 2**32 - 1).map(lambda n: str(ipaddress.IPv4Address(n)))
    if s.kind == "ipv6":
        return st.binary(min_size=16, max_size=16).map(lambda b: str(ipaddress.IPv6Address(b)))
    if s.kind == "hex_bytes":
        return st.binary(max_size=s.max_bytes).map(bytes.hex)
    raise AssertionError(f"no strategy for shape {s.kind}")


# TLVs whose values are narrower than their layout says.
OVERRIDES: dict[str, st.SearchStrategy[Any]] = {
    # An IMEI is 15 digits; libqmi reads at most 15 bytes of it.
    "imei": st.text("0123456789", min_size=14, max_size=15),
}


def message_values(definition: MessageDef, kind: Kind) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of the TLVs of ``definition``'s ``kind``, each with a random value."""
    fields = {
        t.name: OVERRIDES[t.name] if t.name in OVERRIDES else values_for(shape(t.layout))
        for t in definition.tlvs_for(kind)
    }
    return st.fixed_dictionaries({}, optional=fields)


def results() -> st.SearchStrategy[Result]:
    failure = st.sampled_from(sorted(set(PROTOCOL_ERRORS) - {0})).map(lambda e: Result(1, e))
    return st.one_of(st.just(Result(0, 0)), failure)
