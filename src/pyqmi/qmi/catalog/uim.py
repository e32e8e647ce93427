"""UIM (service 0x0B): SIM card status, PIN handling, file reads, SIM power.

Binary fields (application identifiers, file contents) are shown as lowercase hex
strings, and a file path as the list of its 16-bit directory ids (``[0x3F00,
0x7FFF]``); both are built back from the same shapes (hex also from ``bytes``).
On the wire a path is a u8 byte count followed by each id little-endian, as qmicli
sends it.  PIN, PUK and file contents are personal.

The card status TLV is shared by ``get_card_status`` (response) and the
``card_status`` indication; its application AID is binary, not text.
"""

from __future__ import annotations

from typing import Any

import construct as c

from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import Layout, array8, boolean, enum8, string8, u8, u16, u32

S = Service.UIM


class _HexBytes(c.Adapter):  # type: ignore[type-arg]
    """Raw bytes shown as a lowercase hex string; builds from hex text or bytes."""

    def _decode(self, obj: bytes, context: Any, path: Any) -> str:
        return obj.hex()

    def _encode(self, obj: str | bytes, context: Any, path: Any) -> bytes:
        if isinstance(obj, bytes | bytearray):
            return bytes(obj)
        try:
            return bytes.fromhex(obj.replace(":", ""))
        except ValueError as exc:
            raise c.ExplicitError(f"{obj!r} is not hex: {exc}") from None


class _FilePath(c.Adapter):  # type: ignore[type-arg]
    """A SIM file path: u16 directory ids, little-endian, behind a u8 byte count."""

    def _decode(self, obj: bytes, context: Any, path: Any) -> list[int]:
        if len(obj) % 2:
            raise c.ExplicitError(f"file path of {len(obj)} bytes is not a list of u16 ids")
        return [int.from_bytes(obj[i : i + 2], "little") for i in range(0, len(obj), 2)]

    def _encode(self, obj: list[int], context: Any, path: Any) -> bytes:
        out = bytearray()
        for item in obj:
            if not 0 <= item <= 0xFFFF:
                raise c.ExplicitError(f"file path element {item!r} is not a u16")
            out += item.to_bytes(2, "little")
        return bytes(out)


def hex_bytes8() -> Layout:
    """Bytes behind a u8 length, shown as hex."""
    return _HexBytes(c.Prefixed(u8, c.GreedyBytes))


def hex_bytes16() -> Layout:
    """Bytes behind a u16 length, shown as hex."""
    return _HexBytes(c.Prefixed(u16, c.GreedyBytes))


def file_path() -> Layout:
    return _FilePath(c.Prefixed(u8, c.GreedyBytes))


SESSION_TYPE = enum8(
    primary_gw_provisioning=0,
    primary_1x_provisioning=1,
    secondary_gw_provisioning=2,
    secondary_1x_provisioning=3,
    nonprovisioning_slot_1=4,
    nonprovisioning_slot_2=5,
    card_slot_1=6,
    card_slot_2=7,
    logical_channel_slot_1=8,
    logical_channel_slot_2=9,
    tertiary_gw_provisioning=10,
    tertiary_1x_provisioning=11,
    quaternary_gw_provisioning=12,
    quaternary_1x_provisioning=13,
    quinary_gw_provisioning=14,
    quinary_1x_provisioning=15,
    nonprovisioning_slot_3=16,
    nonprovisioning_slot_4=17,
    nonprovisioning_slot_5=18,
    card_slot_3=19,
    card_slot_4=20,
    card_slot_5=21,
    logical_channel_slot_3=22,
    logical_channel_slot_4=23,
    logical_channel_slot_5=24,
)
PIN_ID = enum8(unknown=0, pin1=1, pin2=2, upin=3, hidden_key=4)
CARD_STATE = enum8(absent=0, present=1, error=2)
PIN_STATE = enum8(
    not_initialized=0,
    enabled_not_verified=1,
    enabled_verified=2,
    disabled=3,
    blocked=4,
    permanently_blocked=5,
)
CARD_ERROR = enum8(
    unknown=0,
    power_down=1,
    poll=2,
    no_atr_received=3,
    voltage_mismatch=4,
    parity=5,
    possibly_removed=6,
    technical=7,
)
APPLICATION_TYPE = enum8(unknown=0, sim=1, usim=2, ruim=3, csim=4, isim=5)
APPLICATION_STATE = enum8(
    unknown=0,
    detected=1,
    pin1_or_upin_pin_required=2,
    puk1_or_upin_puk_required=3,
    check_personalization_state=4,
    pin1_blocked=5,
    illegal=6,
    ready=7,
)
PERSONALIZATION_STATE = enum8(
    unknown=0,
    in_progress=1,
    ready=2,
    code_required=3,
    puk_code_required=4,
    permanently_blocked=5,
)
PERSONALIZATION_FEATURE = enum8(
    gw_network=0,
    gw_network_subset=1,
    gw_service_provider=2,
    gw_corporate=3,
    gw_uim=4,
    cdma_network_type_1=5,
    cdma_network_type_2=6,
    cdma_hrpd=7,
    cdma_service_provider=8,
    cdma_corporate=9,
    cdma_ruim=10,
    unknown=11,
    gw_service_provider_name=12,
    gw_sp_ehplmn=13,
    gw_iccid=14,
    gw_impi=15,
    gw_network_subset_service_provider=16,
    gw_carrier=17,
)

# Bits of the register_events mask.
EVENT_CARD_STATUS = 1 << 0
EVENT_SAP_CONNECTION = 1 << 1
EVENT_EXTENDED_CARD_STATUS = 1 << 2
EVENT_PHYSICAL_SLOT_STATUS = 1 << 4

# Card status indexes are (slot << 8 | application) or 0xFFFF for "none".
NO_APPLICATION = 0xFFFF

_session = c.Struct("type" / SESSION_TYPE, "aid" / hex_bytes8())
_card_result = c.Struct("sw1" / u8, "sw2" / u8)
_retries = c.Struct("verify_left" / u8, "unblock_left" / u8)

_application = c.Struct(
    "type" / APPLICATION_TYPE,
    "state" / APPLICATION_STATE,
    "personalization_state" / PERSONALIZATION_STATE,
    "personalization_feature" / PERSONALIZATION_FEATURE,
    "personalization_retries" / u8,
    "personalization_unblock_retries" / u8,
    "aid" / hex_bytes8(),
    "upin_replaces_pin1" / boolean,
    "pin1_state" / PIN_STATE,
    "pin1_retries" / u8,
    "puk1_retries" / u8,
    "pin2_state" / PIN_STATE,
    "pin2_retries" / u8,
    "puk2_retries" / u8,
)
_card = c.Struct(
    "card_state" / CARD_STATE,
    "upin_state" / PIN_STATE,
    "upin_retries" / u8,
    "upuk_retries" / u8,
    "error_code" / CARD_ERROR,
    "applications" / array8(_application),
)
CARD_STATUS = c.Struct(
    "index_gw_primary" / u16,
    "index_1x_primary" / u16,
    "index_gw_secondary" / u16,
    "index_1x_secondary" / u16,
    "cards" / array8(_card),
)

# Responses of the PIN messages share these (verify, unblock).
_PIN_RESPONSE = (
    TlvDef(0x10, "retries_remaining", _retries),
    TlvDef(0x12, "indication_token", u32),
    TlvDef(0x13, "card_result", _card_result),
)

READ_TRANSPARENT = MessageDef(
    S,
    0x0020,
    "read_transparent",
    title="UIM Read Transparent",
    request=(
        TlvDef(0x01, "session", _session),
        TlvDef(0x02, "file", c.Struct("file_id" / u16, "path" / file_path())),
        TlvDef(0x03, "read_info", c.Struct("offset" / u16, "length" / u16)),
        TlvDef(0x10, "indication_token", u32),
        TlvDef(0x11, "encrypt_data", boolean),
    ),
    response=(
        TlvDef(0x10, "card_result", _card_result),
        TlvDef(0x11, "read_result", hex_bytes16(), personal=True),
        TlvDef(0x12, "indication_token", u32),
        TlvDef(0x13, "encrypted_data", boolean),
    ),
)
VERIFY_PIN = MessageDef(
    S,
    0x0026,
    "verify_pin",
    title="UIM Verify PIN",
    request=(
        TlvDef(0x01, "session", _session),
        TlvDef(0x02, "info", c.Struct("pin_id" / PIN_ID, "pin" / string8()), personal=True),
        TlvDef(0x12, "indication_token", u32),
    ),
    response=_PIN_RESPONSE,
)
UNBLOCK_PIN = MessageDef(
    S,
    0x0027,
    "unblock_pin",
    title="UIM Unblock PIN",
    request=(
        TlvDef(0x01, "session", _session),
        TlvDef(
            0x02,
            "info",
            c.Struct("pin_id" / PIN_ID, "puk" / string8(), "new_pin" / string8()),
            personal=True,
        ),
        TlvDef(0x11, "indication_token", u32),
    ),
    response=_PIN_RESPONSE,
)
REGISTER_EVENTS = MessageDef(
    S,
    0x002E,
    "register_events",
    title="UIM Register Events",
    request=(TlvDef(0x01, "event_mask", u32),),
    response=(TlvDef(0x10, "event_mask", u32),),
)
GET_CARD_STATUS = MessageDef(
    S,
    0x002F,
    "get_card_status",
    title="UIM Get Card Status",
    response=(TlvDef(0x10, "card_status", CARD_STATUS),),
)
POWER_OFF_SIM = MessageDef(
    S,
    0x0030,
    "power_off_sim",
    title="UIM Power Off SIM",
    request=(TlvDef(0x01, "slot", u8),),
)
POWER_ON_SIM = MessageDef(
    S,
    0x0031,
    "power_on_sim",
    title="UIM Power On SIM",
    request=(TlvDef(0x01, "slot", u8),),
)
CARD_STATUS_INDICATION = MessageDef(
    S,
    0x0032,
    "card_status",
    title="UIM Card Status",
    indication=(TlvDef(0x10, "card_status", CARD_STATUS),),
)

MESSAGES = (
    READ_TRANSPARENT,
    VERIFY_PIN,
    UNBLOCK_PIN,
    REGISTER_EVENTS,
    GET_CARD_STATUS,
    POWER_OFF_SIM,
    POWER_ON_SIM,
    CARD_STATUS_INDICATION,
)
