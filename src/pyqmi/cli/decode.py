"""``pyqmi decode HEX``: show one QMI frame as JSON.

The hex may be split over several arguments and may use spaces or colons
between bytes (``01:0c:00...`` as qmicli prints it).  Personal fields (PIN,
IMSI, ICCID, IMEI...) are shown as ``<redacted>``; TLVs the catalog does not know
are shown as hex; TLVs that do not match their layout are listed with the error.
Bad hex or a bad frame is reported on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import enum
import json
import re
import sys
from typing import Any

from pyqmi.qmi.codec import decode_message
from pyqmi.qmi.errors import QmiError
from pyqmi.qmi.frame import decode_frame
from pyqmi.qmi.message import Message
from pyqmi.qmi.services import service_name

EXIT_BAD_INPUT = 2
_SEPARATORS = re.compile(r"[\s:]+")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "hex",
        nargs="+",
        metavar="HEX",
        help="the frame's bytes in hex, starting with the 0x01 marker",
    )
    parser.add_argument("--compact", action="store_true", help="print the JSON on one line")


def parse_hex(parts: list[str]) -> bytes:
    tokens = [t for part in parts for t in _SEPARATORS.split(part) if t]
    text = "".join(t[2:] if t[:2].lower() == "0x" else t for t in tokens)
    if not text:
        raise ValueError("no bytes given")
    try:
        return bytes.fromhex(text)
    except ValueError:
        bad = next((ch for ch in text if ch not in "0123456789abcdefABCDEF"), None)
        if bad is not None:
            raise ValueError(f"{bad!r} is not a hex digit") from None
        raise ValueError(f"odd number of hex digits ({len(text)})") from None


def describe(msg: Message) -> dict[str, Any]:
    """The JSON-ready view of a decoded message."""
    frame = msg.frame
    definition = msg.definition
    out: dict[str, Any] = {
        "service": {"name": service_name(frame.service), "number": frame.service},
        "message": {
            "name": definition.name if definition else None,
            "title": definition.title if definition else None,
            "id": frame.message_id,
            "id_hex": f"0x{frame.message_id:04x}",
        },
        "kind": frame.kind.value,
        "transaction_id": frame.transaction_id,
        "client_id": frame.client_id,
        "qmux_flags": frame.qmux_flags,
    }
    if msg.result is not None:
        out["result"] = {
            "ok": msg.result.ok,
            "status": msg.result.status,
            "error": msg.result.error,
            "error_name": msg.result.error_name,
        }
    out["tlvs"] = msg.redacted()
    out["unknown_tlvs"] = {f"0x{t:02x}": value.hex() for t, value in msg.unknown.items()}
    out["tlv_errors"] = dict(msg.tlv_errors)
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return value.hex()
    if isinstance(value, enum.Enum):
        return value.name
    return str(value)


def run(args: argparse.Namespace) -> int:
    try:
        data = parse_hex(args.hex)
    except ValueError as exc:
        print(f"pyqmi decode: not a hex frame: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        msg = decode_message(decode_frame(data))
    except QmiError as exc:
        print(f"pyqmi decode: bad frame: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    indent = None if args.compact else 2
    print(json.dumps(describe(msg), indent=indent, default=_json_default))
    return 0
