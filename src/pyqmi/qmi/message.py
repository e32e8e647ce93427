"""Messages as data: catalog entries, and encode/decode between them and frames.

Theory of operation
-------------------
Each QMI message is declared once, as a ``MessageDef``: its service, id, name and
the TLVs of its request, response and (if any) indication.  A TLV is a
``TlvDef``: type byte, field name, a construct layout, and whether the field is
personal (PIN, PUK, password, IMSI, ICCID, IMEI, MSISDN).

``encode()`` turns a definition plus a dict of plain values into a ``Frame``;
``decode()`` turns a ``Frame`` into a ``Message`` with plain values (dicts, lists,
ints, strings).  Callers never see construct objects.  The result TLV (0x02) of
every response is handled here, once, and becomes ``Message.result``.

A TLV whose body does not match its layout does not sink the message: the error
is kept in ``Message.tlv_errors`` and the rest is decoded.  Unknown TLVs are kept
raw in ``Message.unknown``.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from typing import Any

import construct as c

from pyqmi.frozen import field, frozen
from pyqmi.qmi.errors import QmiProtocolError, TlvError
from pyqmi.qmi.frame import Frame, Kind, Tlv
from pyqmi.qmi.protocol_errors import error_name
from pyqmi.qmi.types import Layout

RESULT_TLV = 0x02
REDACTED = "<redacted>"


@frozen
class TlvDef:
    type: int
    name: str
    layout: Layout
    personal: bool = False


@frozen
class MessageDef:
    service: int
    message_id: int
    name: str
    request: tuple[TlvDef, ...] = ()
    response: tuple[TlvDef, ...] = ()
    indication: tuple[TlvDef, ...] | None = None
    # Shown in logs and by ``pyqmi decode``, e.g. "DMS Get IDs".
    title: str = ""

    def tlvs_for(self, kind: Kind) -> tuple[TlvDef, ...]:
        if kind is Kind.REQUEST:
            return self.request
        if kind is Kind.RESPONSE:
            return self.response
        return self.indication or ()

    @property
    def personal_fields(self) -> frozenset[str]:
        every = self.request + self.response + (self.indication or ())
        return frozenset(t.name for t in every if t.personal)


@frozen
class Result:
    """The decoded result TLV of a response."""

    status: int
    error: int

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def error_name(self) -> str:
        return error_name(self.error)


@frozen
class Message:
    definition: MessageDef | None
    frame: Frame
    values: dict[str, Any] = field(default_factory=dict)
    result: Result | None = None
    unknown: dict[int, bytes] = field(default_factory=dict)
    tlv_errors: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        if self.definition is None:
            return f"0x{self.frame.message_id:04x}"
        return self.definition.name

    @property
    def kind(self) -> Kind:
        return self.frame.kind

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def check(self) -> Message:
        """Raise ``QmiProtocolError`` when this is a failed response; else return self."""
        if self.result is not None and not self.result.ok:
            raise QmiProtocolError(self.result.error, self.result.error_name, self.name)
        return self

    def redacted(self) -> dict[str, Any]:
        """Values with personal fields hidden: safe for logs and JSON."""
        hidden = self.definition.personal_fields if self.definition else frozenset()
        return {k: (REDACTED if k in hidden else v) for k, v in self.values.items()}

    def __repr__(self) -> str:
        return (
            f"Message({self.name} {self.kind.value} txn={self.frame.transaction_id} "
            f"{self.redacted()!r})"
        )


def plain(value: Any) -> Any:
    """Turn construct containers into plain Python values."""
    if isinstance(value, c.EnumIntegerString):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# What a layout raises when handed a value of the wrong shape or type.
_BUILD_ERRORS = (c.ConstructError, ValueError, TypeError, KeyError, AttributeError, OverflowError)


def encode_tlv_value(tlv: TlvDef, value: Any) -> bytes:
    try:
        data: bytes = tlv.layout.build(value)
    except _BUILD_ERRORS as exc:
        if tlv.personal:
            # The error text may quote the secret; name only the failing field.
            where = getattr(exc, "path", None)
            detail = f"{type(exc).__name__}" + (f" at {where}" if where else "")
            shown = REDACTED
        else:
            detail, shown = str(exc), repr(value)
        raise TlvError(
            f"cannot build TLV 0x{tlv.type:02x} {tlv.name} from {shown}: {detail}"
        ) from None
    return data


def decode_tlv_value(tlv: TlvDef, data: bytes) -> Any:
    try:
        return plain(tlv.layout.parse(data))
    except (c.ConstructError, ValueError, UnicodeDecodeError) as exc:
        raise TlvError(
            f"TLV 0x{tlv.type:02x} {tlv.name}: reading TLV would overflow or is malformed ({exc})"
        ) from None


def encode(
    definition: MessageDef,
    kind: Kind,
    values: Mapping[str, Any] | None = None,
    *,
    transaction_id: int = 0,
    client_id: int = 0,
    result: Result | None = None,
) -> Frame:
    """Build a frame for ``definition`` from plain values (unknown names are refused)."""
    values = dict(values or {})
    defs = {t.name: t for t in definition.tlvs_for(kind)}
    unknown = set(values) - set(defs)
    if unknown:
        raise TlvError(f"{definition.name} {kind.value} has no field(s) {sorted(unknown)}")
    tlvs: list[Tlv] = []
    if kind is Kind.RESPONSE:
        res = result or Result(0, 0)
        tlvs.append((RESULT_TLV, struct.pack("<HH", res.status, res.error)))
    for name, value in values.items():
        if value is None:
            continue
        tlv = defs[name]
        tlvs.append((tlv.type, encode_tlv_value(tlv, value)))
    return Frame(
        service=definition.service,
        client_id=client_id,
        kind=kind,
        transaction_id=transaction_id,
        message_id=definition.message_id,
        tlvs=tuple(tlvs),
    )


def decode_result(data: bytes) -> Result:
    if len(data) != 4:
        raise TlvError(f"result TLV is {len(data)} bytes, not 4")
    status, error = struct.unpack("<HH", data)
    return Result(status, error)


def decode(frame: Frame, definition: MessageDef | None) -> Message:
    """Decode every TLV of ``frame`` that ``definition`` knows; keep the rest raw."""
    defs = {t.type: t for t in definition.tlvs_for(frame.kind)} if definition else {}
    values: dict[str, Any] = {}
    unknown: dict[int, bytes] = {}
    errors: dict[str, str] = {}
    result: Result | None = None
    for tlv_type, data in frame.tlvs:
        if tlv_type == RESULT_TLV and frame.kind is Kind.RESPONSE:
            try:
                result = decode_result(data)
            except TlvError as exc:
                errors["result"] = str(exc)
            continue
        tlv = defs.get(tlv_type)
        if tlv is None:
            unknown[tlv_type] = data
            continue
        try:
            values[tlv.name] = decode_tlv_value(tlv, data)
        except TlvError as exc:
            errors[tlv.name] = str(exc)
    return Message(definition, frame, values, result, unknown, errors)
