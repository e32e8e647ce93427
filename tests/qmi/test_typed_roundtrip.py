"""Every catalog message, both ways through its typed class.

- libqmi's own frames (tests/data/libqmi-tests.json): parse -> typed -> build gives the
  same bytes, and the typed view shows the same plain values the catalog decodes.
- every message and direction, with values drawn from the layouts (the interop tests'
  strategies): build -> parse -> typed -> build, and typed -> plain -> typed.
"""

from __future__ import annotations

import importlib
from typing import Any

import construct as c
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interop.layouts import UnknownLayout, shape
from interop.strategies import OVERRIDES, values_for
from pyqmi import frozen
from pyqmi.qmi import catalog
from pyqmi.qmi.catalog import uim
from pyqmi.qmi.catalog.nas import text
from pyqmi.qmi.codec import decode_message
from pyqmi.qmi.errors import FrameError
from pyqmi.qmi.frame import Kind, decode_frame, encode_frame
from pyqmi.qmi.message import Message, MessageDef, Result, decode, encode
from pyqmi.qmi.services import service_name
from pyqmi.qmi.typed.messages import TypedMessage
from pyqmi.qmi.typegen.names import camel

from .vectors import load_vectors

KIND_CLASS = {Kind.REQUEST: "Request", Kind.RESPONSE: "Response", Kind.INDICATION: "Indication"}


def typed_class(definition: MessageDef, kind: Kind) -> type[TypedMessage]:
    module = importlib.import_module(f"pyqmi.qmi.typed.{service_name(definition.service).lower()}")
    namespace = getattr(module, camel(definition.name))
    cls: type[TypedMessage] = getattr(namespace, KIND_CLASS[kind])
    assert cls._definition_ is definition and cls._kind_ is kind
    return cls


def kinds_of(definition: MessageDef) -> list[Kind]:
    only_indication = not definition.request and not definition.response
    kinds = [] if only_indication and definition.indication else [Kind.REQUEST, Kind.RESPONSE]
    return kinds + ([Kind.INDICATION] if definition.indication is not None else [])


def rebuilt(typed: TypedMessage, msg: Message) -> bytes:
    frame = typed.to_frame(
        transaction_id=msg.frame.transaction_id,
        client_id=msg.frame.client_id,
        result=msg.result,
    )
    return encode_frame(frozen.replace(frame, qmux_flags=msg.frame.qmux_flags))


def assert_both_ways(msg: Message) -> TypedMessage:
    assert msg.definition is not None
    cls = typed_class(msg.definition, msg.kind)
    typed = cls.from_message(msg)
    assert typed.values() == msg.values
    assert typed.message is msg
    again = cls.from_frame(typed.to_frame(result=msg.result))
    assert again == typed
    assert again.values() == msg.values
    return typed


# --- libqmi's frames ---------------------------------------------------------------------

# Frames that decode to a catalog message but cannot come back byte for byte: the
# modem's padding tab is dropped (test_vectors.py says why).
NOT_BYTE_EXACT = ("/string-with-trailing-tab",)


def catalog_vectors() -> list[dict[str, Any]]:
    out = []
    for v in load_vectors():
        if not v.get("hex"):
            continue  # an SDU without a frame around it
        try:
            frame = decode_frame(bytes.fromhex(v["hex"]))
        except FrameError:
            continue
        if catalog.lookup(frame.service, frame.message_id) is not None:
            out.append(v)
    return out


VECTORS = catalog_vectors()


def test_the_vectors_cover_many_messages() -> None:
    covered = set()
    for v in VECTORS:
        frame = decode_frame(bytes.fromhex(v["hex"]))
        covered.add((frame.service, frame.message_id, frame.kind))
    assert len(VECTORS) >= 40 and len(covered) >= 20, (len(VECTORS), len(covered))


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_libqmi_frames_through_typed_classes(vector: dict[str, Any]) -> None:
    data = bytes.fromhex(vector["hex"])
    msg = decode_message(decode_frame(data))
    typed = assert_both_ways(msg)
    assert typed.unknown == msg.unknown and typed.tlv_errors == msg.tlv_errors
    exact = not msg.unknown and not msg.tlv_errors and not vector["name"].endswith(NOT_BYTE_EXACT)
    # A response built here always carries a result TLV; a few test frames have none.
    if exact and (msg.kind is not Kind.RESPONSE or msg.result is not None):
        assert rebuilt(typed, msg) == data


# --- every message, drawn values -----------------------------------------------------------


def layout_values(layout: Any) -> st.SearchStrategy[Any]:
    """The interop tests' values, plus the few layouts they do not draw."""
    while isinstance(layout, c.Renamed):
        layout = layout.subcon
    try:
        return values_for(shape(layout))
    except UnknownLayout:
        pass
    if isinstance(layout, c.Struct):
        return st.fixed_dictionaries({sc.name: layout_values(sc) for sc in layout.subcons})
    if isinstance(layout, c.FocusedSeq):  # a counted array
        return st.lists(layout_values(layout.subcons[1].subcon.subcon), max_size=3)
    if isinstance(layout, text._PlmnName):  # GSM-7 or UCS-2, as a sibling field says
        return st.text(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", max_size=12
        )
    if isinstance(layout, text._BcdPlmn):
        digits = "0123456789"
        mcc, mnc = st.text(digits, min_size=3, max_size=3), st.text(digits, min_size=2, max_size=3)
        return st.fixed_dictionaries({"mcc": mcc, "mnc": mnc})
    if isinstance(layout, uim._FilePath):
        return st.lists(st.integers(0, 0xFFFF), max_size=4)
    if isinstance(layout, c.FormatField) and layout.fmtstr == "<f":
        return st.floats(width=32, allow_nan=False)
    raise AssertionError(f"no values for {layout!r}")


def message_values(definition: MessageDef, kind: Kind) -> st.SearchStrategy[dict[str, Any]]:
    fields = {
        t.name: OVERRIDES[t.name] if t.name in OVERRIDES else layout_values(t.layout)
        for t in definition.tlvs_for(kind)
    }
    return st.fixed_dictionaries({}, optional=fields)


CASES = [(d, k) for d in catalog.ALL for k in kinds_of(d)]


def test_every_catalog_message_has_its_typed_classes() -> None:
    for definition in catalog.ALL:
        for kind in kinds_of(definition):
            typed_class(definition, kind)
    assert len(CASES) == 104  # 52 messages: 49 with request and response, 6 with an indication


@pytest.mark.parametrize(
    ("definition", "kind"),
    CASES,
    ids=[f"{service_name(d.service).lower()}.{d.name}.{k.value}" for d, k in CASES],
)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_drawn_values_through_typed_classes(
    definition: MessageDef, kind: Kind, data: st.DataObject
) -> None:
    values = data.draw(message_values(definition, kind))
    result = Result(0, 0) if kind is Kind.RESPONSE else None
    wire = encode_frame(encode(definition, kind, values, transaction_id=7, result=result))
    msg = decode(decode_frame(wire), definition)
    assert not msg.tlv_errors
    typed = assert_both_ways(msg)
    assert rebuilt(typed, msg) == wire
    # Built from plain values alone (no decoded message behind it), the same again.
    fresh = type(typed)._from_plain(msg.values)
    assert fresh == typed and fresh.message is None
    # Without a message to follow, TLVs go in the catalog's order.
    assert decode(fresh.to_frame(result=result), definition).values == msg.values
