"""Every message decoder, fed broken TLVs: only pyqmi's typed decode errors may escape.

For each catalog message and direction, TLV areas are drawn from ``garbage.tlv_area``
(random bytes, valid values cut, grown or changed, TLV types the message does not know,
a result TLV of any size) and pushed through every decoding step the daemon uses:
``message.decode``, the typed class (``from_message``), ``repr`` and ``redacted()`` (what
logs show), and the bytes path (``FrameExtractor`` then ``codec.decode_message``). The
daemon's own readers of answers and indications (``daemon/decode.py``) must not raise at
all: an odd answer is a fact to report.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interop.strategies import message_values
from pyqmi.daemon import decode as daemon_decode
from pyqmi.qmi import codec
from pyqmi.qmi.errors import QmiCoreError
from pyqmi.qmi.frame import Frame, FrameExtractor, Kind, Tlv, encode_frame
from pyqmi.qmi.message import Message, MessageDef, Result, decode, encode
from pyqmi.qmi.services import service_name
from pyqmi.qmi.typed import dms, nas, uim, wds
from pyqmi.qmi.typed.messages import TypedMessage
from pyqmi.qmi.typegen.names import camel

from .garbage import TARGETS, target_id, tlv_area
from .profile import fuzz, hit

KIND_CLASS = {Kind.REQUEST: "Request", Kind.RESPONSE: "Response", Kind.INDICATION: "Indication"}


def typed_class(definition: MessageDef, kind: Kind) -> type[TypedMessage]:
    module = importlib.import_module(f"pyqmi.qmi.typed.{service_name(definition.service).lower()}")
    cls: type[TypedMessage] = getattr(getattr(module, camel(definition.name)), KIND_CLASS[kind])
    return cls


def frame_of(definition: MessageDef, kind: Kind, tlvs: tuple[Tlv, ...], cid: int = 1) -> Frame:
    return Frame(definition.service, cid, kind, 1, definition.message_id, tlvs)


def decoded(definition: MessageDef, kind: Kind, tlvs: tuple[Tlv, ...]) -> TypedMessage | None:
    """Every decoding step; None when a typed decode error (the one allowed kind) stopped it."""
    frame = frame_of(definition, kind, tlvs)
    try:
        message = decode(frame, definition)
        typed = typed_class(definition, kind).from_message(message)
    except QmiCoreError:
        return None
    assert isinstance(message, Message)
    repr(message), repr(typed), message.redacted(), typed.redacted()
    assert set(message.tlv_errors) <= {t.name for t in definition.tlvs_for(kind)} | {"result"}
    return typed


def test_every_catalog_message_and_direction_is_a_target() -> None:
    assert len(TARGETS) >= 100
    assert {k for _, k in TARGETS} == set(Kind)


@pytest.mark.parametrize("target", TARGETS, ids=target_id)
@fuzz(15)
@given(data=st.data())
def test_decoder_lets_only_typed_errors_escape(
    target: tuple[MessageDef, Kind], data: st.DataObject
) -> None:
    definition, kind = target
    tlvs = data.draw(tlv_area(definition, kind))
    hit(f"decode {target_id(target)}")
    decoded(definition, kind, tlvs)
    # The same bytes through the stream cutter and the catalog lookup.
    wire = encode_frame(frame_of(definition, kind, tlvs))
    items = FrameExtractor().feed(wire)
    assert len(items) == 1 and isinstance(items[0], Frame)
    with contextlib.suppress(QmiCoreError):
        codec.decode_message(items[0])


# The daemon's readers, each with the typed messages it is handed (daemon/modem.py).
Reader = Callable[[Any], object]
READERS: list[tuple[str, type[TypedMessage], Reader]] = [
    (
        "card status",
        uim.GetCardStatus.Response,
        lambda m: daemon_decode.sim_status_from_card(m.card_status),
    ),
    ("dms pin status", dms.UimGetPinStatus.Response, daemon_decode.sim_status_from_dms),
    (
        "serving system",
        nas.GetServingSystem.Response,
        lambda m: daemon_decode.registration_from(m, None),
    ),
    ("signal info", nas.GetSignalInfo.Response, daemon_decode.signal_from),
    ("settings v4", wds.GetCurrentSettings.Response, lambda m: daemon_decode.settings_from(m, 4)),
    ("settings v6", wds.GetCurrentSettings.Response, lambda m: daemon_decode.settings_from(m, 6)),
    ("call end", wds.StartNetwork.Response, daemon_decode.call_end),
    *[(f"indication {cls.__qualname__}", cls, fn) for cls, fn in daemon_decode.INDICATIONS],
]


@pytest.mark.parametrize(("name", "cls", "reader"), READERS, ids=[r[0] for r in READERS])
@fuzz(60)
@given(data=st.data())
def test_daemon_readers_never_raise(
    name: str, cls: type[TypedMessage], reader: Reader, data: st.DataObject
) -> None:
    definition, kind = cls._definition_, cls._kind_
    if data.draw(st.booleans()):
        # Well-formed values of any shape the layouts allow, through the wire and back.
        values = data.draw(message_values(definition, kind))
        frame = encode(
            definition, kind, values, result=Result(0, 0) if kind is Kind.RESPONSE else None
        )
        tlvs = frame.tlvs
    else:
        tlvs = data.draw(tlv_area(definition, kind))
    typed = decoded(definition, kind, tlvs)
    hit(f"daemon reader {name}")
    if typed is not None:
        reader(typed)


def test_a_mask_that_is_no_prefix_reads_as_the_address_alone() -> None:
    # Found by the reader fuzz: ipaddress refused the mask and the operation failed.
    answer = wds.GetCurrentSettings.Response(ipv4_address="10.0.0.1", ipv4_subnet_mask="0.0.0.2")
    settings = daemon_decode.settings_from(answer, 4)
    assert settings is not None and settings.prefix_length == 32
