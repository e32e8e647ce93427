"""The codec's front door: bytes <-> ``Message`` through the catalog."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pyqmi.qmi import catalog
from pyqmi.qmi.frame import Frame, Kind, decode_frame, encode_frame
from pyqmi.qmi.message import Message, MessageDef, Result, decode, encode


def decode_message(frame: Frame) -> Message:
    return decode(frame, catalog.lookup(frame.service, frame.message_id))


def decode_bytes(data: bytes) -> Message:
    return decode_message(decode_frame(data))


def build(
    definition: MessageDef,
    kind: Kind = Kind.REQUEST,
    values: Mapping[str, Any] | None = None,
    *,
    transaction_id: int = 0,
    client_id: int = 0,
    result: Result | None = None,
) -> bytes:
    frame = encode(
        definition,
        kind,
        values,
        transaction_id=transaction_id,
        client_id=client_id,
        result=result,
    )
    return encode_frame(frame)
