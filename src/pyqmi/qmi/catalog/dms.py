"""DMS (service 0x02): device identity, operating mode, legacy PIN handling."""

from __future__ import annotations

import construct as c

from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import boolean, enum8, enum16, string8, tail_string, u8, u16, u64

S = Service.DMS

PIN_STATUS = enum8(
    not_initialized=0,
    enabled_not_verified=1,
    enabled_verified=2,
    disabled=3,
    blocked=4,
    permanently_blocked=5,
    unblocked=6,
    changed=7,
)
_pin_status = c.Struct(
    "current_status" / PIN_STATUS, "verify_retries_left" / u8, "unblock_retries_left" / u8
)
_retries = c.Struct("verify_retries_left" / u8, "unblock_retries_left" / u8)

OPERATING_MODE = enum8(
    online=0,
    low_power=1,
    factory_test=2,
    offline=3,
    reset=4,
    shutting_down=5,
    persistent_low_power=6,
    mode_only_low_power=7,
    unknown=0xFF,
)
TIME_SOURCE = enum16(device=0, cdma_network=1, hdr_network=2)

GET_MANUFACTURER = MessageDef(
    S,
    0x0021,
    "get_manufacturer",
    title="DMS Get Manufacturer",
    response=(TlvDef(0x01, "manufacturer", tail_string()),),
)
GET_MODEL = MessageDef(
    S,
    0x0022,
    "get_model",
    title="DMS Get Model",
    response=(TlvDef(0x01, "model", tail_string()),),
)
GET_REVISION = MessageDef(
    S,
    0x0023,
    "get_revision",
    title="DMS Get Revision",
    response=(TlvDef(0x01, "revision", tail_string()),),
)
GET_MSISDN = MessageDef(
    S,
    0x0024,
    "get_msisdn",
    title="DMS Get MSISDN",
    response=(TlvDef(0x01, "msisdn", tail_string(), personal=True),),
)
GET_IDS = MessageDef(
    S,
    0x0025,
    "get_ids",
    title="DMS Get IDs",
    response=(
        TlvDef(0x10, "esn", tail_string(), personal=True),
        TlvDef(0x11, "imei", tail_string(), personal=True),
        TlvDef(0x12, "meid", tail_string(), personal=True),
        TlvDef(0x13, "imei_software_version", tail_string()),
    ),
)
UIM_VERIFY_PIN = MessageDef(
    S,
    0x0028,
    "uim_verify_pin",
    title="DMS UIM Verify PIN",
    request=(TlvDef(0x01, "info", c.Struct("pin_id" / u8, "pin" / string8()), personal=True),),
    response=(TlvDef(0x10, "retries", _retries),),
)
UIM_UNBLOCK_PIN = MessageDef(
    S,
    0x0029,
    "uim_unblock_pin",
    title="DMS UIM Unblock PIN",
    request=(
        TlvDef(
            0x01,
            "info",
            c.Struct("pin_id" / u8, "puk" / string8(), "new_pin" / string8()),
            personal=True,
        ),
    ),
    response=(TlvDef(0x10, "retries", _retries),),
)
UIM_GET_PIN_STATUS = MessageDef(
    S,
    0x002B,
    "uim_get_pin_status",
    title="DMS UIM Get PIN Status",
    response=(TlvDef(0x11, "pin1_status", _pin_status), TlvDef(0x12, "pin2_status", _pin_status)),
)
GET_OPERATING_MODE = MessageDef(
    S,
    0x002D,
    "get_operating_mode",
    title="DMS Get Operating Mode",
    response=(
        TlvDef(0x01, "mode", OPERATING_MODE),
        TlvDef(0x10, "offline_reason", u16),
        TlvDef(0x11, "hardware_restricted", boolean),
    ),
)
SET_OPERATING_MODE = MessageDef(
    S,
    0x002E,
    "set_operating_mode",
    title="DMS Set Operating Mode",
    request=(TlvDef(0x01, "mode", OPERATING_MODE),),
)
GET_TIME = MessageDef(
    S,
    0x002F,
    "get_time",
    title="DMS Get Time",
    response=(
        # The time count is a 6-byte little-endian number of 1.25 ms ticks since
        # 1980-01-06, followed by where the time came from.
        TlvDef(
            0x01,
            "device_time",
            c.Struct("time_count" / c.BytesInteger(6, swapped=True), "time_source" / TIME_SOURCE),
        ),
        TlvDef(0x10, "system_time", u64),
        TlvDef(0x11, "user_time", u64),
    ),
)
UIM_GET_ICCID = MessageDef(
    S,
    0x003C,
    "uim_get_iccid",
    title="DMS UIM Get ICCID",
    response=(TlvDef(0x01, "iccid", tail_string(), personal=True),),
)
UIM_GET_IMSI = MessageDef(
    S,
    0x0043,
    "uim_get_imsi",
    title="DMS UIM Get IMSI",
    response=(TlvDef(0x01, "imsi", tail_string(), personal=True),),
)

MESSAGES = (
    GET_MANUFACTURER,
    GET_MODEL,
    GET_REVISION,
    GET_MSISDN,
    GET_IDS,
    UIM_VERIFY_PIN,
    UIM_UNBLOCK_PIN,
    UIM_GET_PIN_STATUS,
    GET_OPERATING_MODE,
    SET_OPERATING_MODE,
    GET_TIME,
    UIM_GET_ICCID,
    UIM_GET_IMSI,
)
