"""DMS messages, typed: generated from pyqmi.qmi.catalog.dms.

Do not edit: change the catalog, then run ``python -m pyqmi.qmi.typegen``
(a test fails while this file is stale).  Design: ``pyqmi.qmi.typed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyqmi.qmi.catalog import dms as _catalog
from pyqmi.qmi.typed.base import EnumTables, Struct, WireEnum, lazy_enums
from pyqmi.qmi.typed.messages import Request as _Request
from pyqmi.qmi.typed.messages import Response as _Response

if TYPE_CHECKING:

    class PinStatus(WireEnum):
        not_initialized = 0
        enabled_not_verified = 1
        enabled_verified = 2
        disabled = 3
        blocked = 4
        permanently_blocked = 5
        unblocked = 6
        changed = 7

    class OperatingMode(WireEnum):
        online = 0
        low_power = 1
        factory_test = 2
        offline = 3
        reset = 4
        shutting_down = 5
        persistent_low_power = 6
        mode_only_low_power = 7
        unknown = 255

    class TimeSource(WireEnum):
        device = 0
        cdma_network = 1
        hdr_network = 2

else:
    _ENUMS: EnumTables = {
        "PinStatus": (
            WireEnum,
            {
                "not_initialized": 0,
                "enabled_not_verified": 1,
                "enabled_verified": 2,
                "disabled": 3,
                "blocked": 4,
                "permanently_blocked": 5,
                "unblocked": 6,
                "changed": 7,
            },
        ),
        "OperatingMode": (
            WireEnum,
            {
                "online": 0,
                "low_power": 1,
                "factory_test": 2,
                "offline": 3,
                "reset": 4,
                "shutting_down": 5,
                "persistent_low_power": 6,
                "mode_only_low_power": 7,
                "unknown": 255,
            },
        ),
        "TimeSource": (
            WireEnum,
            {
                "device": 0,
                "cdma_network": 1,
                "hdr_network": 2,
            },
        ),
    }
    __getattr__ = lazy_enums(globals(), _ENUMS)


class VerifyPinInfo(Struct):
    _personal_ = True
    pin_id: int
    pin: str


class Retries(Struct):
    verify_retries_left: int
    unblock_retries_left: int


class UnblockPinInfo(Struct):
    _personal_ = True
    pin_id: int
    puk: str
    new_pin: str


class PinStatusInfo(Struct):
    current_status: PinStatus | int
    verify_retries_left: int
    unblock_retries_left: int
    _conv_ = {"current_status": "PinStatus"}


class DeviceTime(Struct):
    time_count: int
    time_source: TimeSource | int
    _conv_ = {"time_source": "TimeSource"}


class GetManufacturer:
    """DMS Get Manufacturer (0x0021)."""

    class Response(_Response):
        _definition_ = _catalog.GET_MANUFACTURER
        manufacturer: str | None = None

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_MANUFACTURER


class GetModel:
    """DMS Get Model (0x0022)."""

    class Response(_Response):
        _definition_ = _catalog.GET_MODEL
        model: str | None = None

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_MODEL


class GetRevision:
    """DMS Get Revision (0x0023)."""

    class Response(_Response):
        _definition_ = _catalog.GET_REVISION
        revision: str | None = None

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_REVISION


class GetMsisdn:
    """DMS Get MSISDN (0x0024)."""

    class Response(_Response):
        _definition_ = _catalog.GET_MSISDN
        msisdn: str | None = None

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_MSISDN


class GetIds:
    """DMS Get IDs (0x0025)."""

    class Response(_Response):
        _definition_ = _catalog.GET_IDS
        esn: str | None = None
        imei: str | None = None
        meid: str | None = None
        imei_software_version: str | None = None

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_IDS


class UimVerifyPin:
    """DMS UIM Verify PIN (0x0028)."""

    class Response(_Response):
        _definition_ = _catalog.UIM_VERIFY_PIN
        retries: Retries | None = None
        _conv_ = {"retries": "Retries"}

    class Request(_Request[Response]):
        _definition_ = _catalog.UIM_VERIFY_PIN
        info: VerifyPinInfo | None = None
        _conv_ = {"info": "VerifyPinInfo"}


class UimUnblockPin:
    """DMS UIM Unblock PIN (0x0029)."""

    class Response(_Response):
        _definition_ = _catalog.UIM_UNBLOCK_PIN
        retries: Retries | None = None
        _conv_ = {"retries": "Retries"}

    class Request(_Request[Response]):
        _definition_ = _catalog.UIM_UNBLOCK_PIN
        info: UnblockPinInfo | None = None
        _conv_ = {"info": "UnblockPinInfo"}


class UimGetPinStatus:
    """DMS UIM Get PIN Status (0x002b)."""

    class Response(_Response):
        _definition_ = _catalog.UIM_GET_PIN_STATUS
        pin1_status: PinStatusInfo | None = None
        pin2_status: PinStatusInfo | None = None
        _conv_ = {"pin1_status": "PinStatusInfo", "pin2_status": "PinStatusInfo"}

    class Request(_Request[Response]):
        _definition_ = _catalog.UIM_GET_PIN_STATUS


class GetOperatingMode:
    """DMS Get Operating Mode (0x002d)."""

    class Response(_Response):
        _definition_ = _catalog.GET_OPERATING_MODE
        mode: OperatingMode | int | None = None
        offline_reason: int | None = None
        hardware_restricted: bool | None = None
        _conv_ = {"mode": "OperatingMode"}

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_OPERATING_MODE


class SetOperatingMode:
    """DMS Set Operating Mode (0x002e)."""

    class Response(_Response):
        _definition_ = _catalog.SET_OPERATING_MODE

    class Request(_Request[Response]):
        _definition_ = _catalog.SET_OPERATING_MODE
        mode: OperatingMode | int | None = None
        _conv_ = {"mode": "OperatingMode"}


class GetTime:
    """DMS Get Time (0x002f)."""

    class Response(_Response):
        _definition_ = _catalog.GET_TIME
        device_time: DeviceTime | None = None
        system_time: int | None = None
        user_time: int | None = None
        _conv_ = {"device_time": "DeviceTime"}

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_TIME


class UimGetIccid:
    """DMS UIM Get ICCID (0x003c)."""

    class Response(_Response):
        _definition_ = _catalog.UIM_GET_ICCID
        iccid: str | None = None

    class Request(_Request[Response]):
        _definition_ = _catalog.UIM_GET_ICCID


class UimGetImsi:
    """DMS UIM Get IMSI (0x0043)."""

    class Response(_Response):
        _definition_ = _catalog.UIM_GET_IMSI
        imsi: str | None = None

    class Request(_Request[Response]):
        _definition_ = _catalog.UIM_GET_IMSI
