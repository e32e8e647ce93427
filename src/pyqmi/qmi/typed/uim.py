"""UIM messages, typed: generated from pyqmi.qmi.catalog.uim.

Do not edit: change the catalog, then run ``python -m pyqmi.qmi.typegen``
(a test fails while this file is stale).  Design: ``pyqmi.qmi.typed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyqmi.qmi.catalog import uim as _catalog
from pyqmi.qmi.typed.base import EnumTables, Struct, WireEnum, lazy_enums
from pyqmi.qmi.typed.messages import Indication as _Indication
from pyqmi.qmi.typed.messages import Request as _Request
from pyqmi.qmi.typed.messages import Response as _Response

if TYPE_CHECKING:

    class SessionType(WireEnum):
        primary_gw_provisioning = 0
        primary_1x_provisioning = 1
        secondary_gw_provisioning = 2
        secondary_1x_provisioning = 3
        nonprovisioning_slot_1 = 4
        nonprovisioning_slot_2 = 5
        card_slot_1 = 6
        card_slot_2 = 7
        logical_channel_slot_1 = 8
        logical_channel_slot_2 = 9
        tertiary_gw_provisioning = 10
        tertiary_1x_provisioning = 11
        quaternary_gw_provisioning = 12
        quaternary_1x_provisioning = 13
        quinary_gw_provisioning = 14
        quinary_1x_provisioning = 15
        nonprovisioning_slot_3 = 16
        nonprovisioning_slot_4 = 17
        nonprovisioning_slot_5 = 18
        card_slot_3 = 19
        card_slot_4 = 20
        card_slot_5 = 21
        logical_channel_slot_3 = 22
        logical_channel_slot_4 = 23
        logical_channel_slot_5 = 24

    class PinId(WireEnum):
        unknown = 0
        pin1 = 1
        pin2 = 2
        upin = 3
        hidden_key = 4

    class CardState(WireEnum):
        absent = 0
        present = 1
        error = 2

    class PinState(WireEnum):
        not_initialized = 0
        enabled_not_verified = 1
        enabled_verified = 2
        disabled = 3
        blocked = 4
        permanently_blocked = 5

    class CardError(WireEnum):
        unknown = 0
        power_down = 1
        poll = 2
        no_atr_received = 3
        voltage_mismatch = 4
        parity = 5
        possibly_removed = 6
        technical = 7

    class ApplicationType(WireEnum):
        unknown = 0
        sim = 1
        usim = 2
        ruim = 3
        csim = 4
        isim = 5

    class ApplicationState(WireEnum):
        unknown = 0
        detected = 1
        pin1_or_upin_pin_required = 2
        puk1_or_upin_puk_required = 3
        check_personalization_state = 4
        pin1_blocked = 5
        illegal = 6
        ready = 7

    class PersonalizationState(WireEnum):
        unknown = 0
        in_progress = 1
        ready = 2
        code_required = 3
        puk_code_required = 4
        permanently_blocked = 5

    class PersonalizationFeature(WireEnum):
        gw_network = 0
        gw_network_subset = 1
        gw_service_provider = 2
        gw_corporate = 3
        gw_uim = 4
        cdma_network_type_1 = 5
        cdma_network_type_2 = 6
        cdma_hrpd = 7
        cdma_service_provider = 8
        cdma_corporate = 9
        cdma_ruim = 10
        unknown = 11
        gw_service_provider_name = 12
        gw_sp_ehplmn = 13
        gw_iccid = 14
        gw_impi = 15
        gw_network_subset_service_provider = 16
        gw_carrier = 17

else:
    _ENUMS: EnumTables = {
        "SessionType": (
            WireEnum,
            {
                "primary_gw_provisioning": 0,
                "primary_1x_provisioning": 1,
                "secondary_gw_provisioning": 2,
                "secondary_1x_provisioning": 3,
                "nonprovisioning_slot_1": 4,
                "nonprovisioning_slot_2": 5,
                "card_slot_1": 6,
                "card_slot_2": 7,
                "logical_channel_slot_1": 8,
                "logical_channel_slot_2": 9,
                "tertiary_gw_provisioning": 10,
                "tertiary_1x_provisioning": 11,
                "quaternary_gw_provisioning": 12,
                "quaternary_1x_provisioning": 13,
                "quinary_gw_provisioning": 14,
                "quinary_1x_provisioning": 15,
                "nonprovisioning_slot_3": 16,
                "nonprovisioning_slot_4": 17,
                "nonprovisioning_slot_5": 18,
                "card_slot_3": 19,
                "card_slot_4": 20,
                "card_slot_5": 21,
                "logical_channel_slot_3": 22,
                "logical_channel_slot_4": 23,
                "logical_channel_slot_5": 24,
            },
        ),
        "PinId": (
            WireEnum,
            {
                "unknown": 0,
                "pin1": 1,
                "pin2": 2,
                "upin": 3,
                "hidden_key": 4,
            },
        ),
        "CardState": (
            WireEnum,
            {
                "absent": 0,
                "present": 1,
                "error": 2,
            },
        ),
        "PinState": (
            WireEnum,
            {
                "not_initialized": 0,
                "enabled_not_verified": 1,
                "enabled_verified": 2,
                "disabled": 3,
                "blocked": 4,
                "permanently_blocked": 5,
            },
        ),
        "CardError": (
            WireEnum,
            {
                "unknown": 0,
                "power_down": 1,
                "poll": 2,
                "no_atr_received": 3,
                "voltage_mismatch": 4,
                "parity": 5,
                "possibly_removed": 6,
                "technical": 7,
            },
        ),
        "ApplicationType": (
            WireEnum,
            {
                "unknown": 0,
                "sim": 1,
                "usim": 2,
                "ruim": 3,
                "csim": 4,
                "isim": 5,
            },
        ),
        "ApplicationState": (
            WireEnum,
            {
                "unknown": 0,
                "detected": 1,
                "pin1_or_upin_pin_required": 2,
                "puk1_or_upin_puk_required": 3,
                "check_personalization_state": 4,
                "pin1_blocked": 5,
                "illegal": 6,
                "ready": 7,
            },
        ),
        "PersonalizationState": (
            WireEnum,
            {
                "unknown": 0,
                "in_progress": 1,
                "ready": 2,
                "code_required": 3,
                "puk_code_required": 4,
                "permanently_blocked": 5,
            },
        ),
        "PersonalizationFeature": (
            WireEnum,
            {
                "gw_network": 0,
                "gw_network_subset": 1,
                "gw_service_provider": 2,
                "gw_corporate": 3,
                "gw_uim": 4,
                "cdma_network_type_1": 5,
                "cdma_network_type_2": 6,
                "cdma_hrpd": 7,
                "cdma_service_provider": 8,
                "cdma_corporate": 9,
                "cdma_ruim": 10,
                "unknown": 11,
                "gw_service_provider_name": 12,
                "gw_sp_ehplmn": 13,
                "gw_iccid": 14,
                "gw_impi": 15,
                "gw_network_subset_service_provider": 16,
                "gw_carrier": 17,
            },
        ),
    }
    __getattr__ = lazy_enums(globals(), _ENUMS)


class Session(Struct):
    type: SessionType | int
    aid: str
    _conv_ = {"type": "SessionType"}


class File(Struct):
    file_id: int
    path: tuple[int, ...]
    _conv_ = {"path": (None,)}


class ReadInfo(Struct):
    offset: int
    length: int


class CardResult(Struct):
    sw1: int
    sw2: int


class VerifyPinInfo(Struct):
    _personal_ = True
    pin_id: PinId | int
    pin: str
    _conv_ = {"pin_id": "PinId"}


class Retries(Struct):
    verify_left: int
    unblock_left: int


class UnblockPinInfo(Struct):
    _personal_ = True
    pin_id: PinId | int
    puk: str
    new_pin: str
    _conv_ = {"pin_id": "PinId"}


class Application(Struct):
    type: ApplicationType | int
    state: ApplicationState | int
    personalization_state: PersonalizationState | int
    personalization_feature: PersonalizationFeature | int
    personalization_retries: int
    personalization_unblock_retries: int
    aid: str
    upin_replaces_pin1: bool
    pin1_state: PinState | int
    pin1_retries: int
    puk1_retries: int
    pin2_state: PinState | int
    pin2_retries: int
    puk2_retries: int
    _conv_ = {
        "type": "ApplicationType",
        "state": "ApplicationState",
        "personalization_state": "PersonalizationState",
        "personalization_feature": "PersonalizationFeature",
        "pin1_state": "PinState",
        "pin2_state": "PinState",
    }


class Card(Struct):
    card_state: CardState | int
    upin_state: PinState | int
    upin_retries: int
    upuk_retries: int
    error_code: CardError | int
    applications: tuple[Application, ...]
    _conv_ = {
        "card_state": "CardState",
        "upin_state": "PinState",
        "error_code": "CardError",
        "applications": ("Application",),
    }


class CardStatusInfo(Struct):
    index_gw_primary: int
    index_1x_primary: int
    index_gw_secondary: int
    index_1x_secondary: int
    cards: tuple[Card, ...]
    _conv_ = {"cards": ("Card",)}


class ReadTransparent:
    """UIM Read Transparent (0x0020)."""

    class Response(_Response):
        _definition_ = _catalog.READ_TRANSPARENT
        card_result: CardResult | None = None
        read_result: str | None = None
        indication_token: int | None = None
        encrypted_data: bool | None = None
        _conv_ = {"card_result": "CardResult"}

    class Request(_Request[Response]):
        _definition_ = _catalog.READ_TRANSPARENT
        session: Session | None = None
        file: File | None = None
        read_info: ReadInfo | None = None
        indication_token: int | None = None
        encrypt_data: bool | None = None
        _conv_ = {"session": "Session", "file": "File", "read_info": "ReadInfo"}


class VerifyPin:
    """UIM Verify PIN (0x0026)."""

    class Response(_Response):
        _definition_ = _catalog.VERIFY_PIN
        retries_remaining: Retries | None = None
        indication_token: int | None = None
        card_result: CardResult | None = None
        _conv_ = {"retries_remaining": "Retries", "card_result": "CardResult"}

    class Request(_Request[Response]):
        _definition_ = _catalog.VERIFY_PIN
        session: Session | None = None
        info: VerifyPinInfo | None = None
        indication_token: int | None = None
        _conv_ = {"session": "Session", "info": "VerifyPinInfo"}


class UnblockPin:
    """UIM Unblock PIN (0x0027)."""

    class Response(_Response):
        _definition_ = _catalog.UNBLOCK_PIN
        retries_remaining: Retries | None = None
        indication_token: int | None = None
        card_result: CardResult | None = None
        _conv_ = {"retries_remaining": "Retries", "card_result": "CardResult"}

    class Request(_Request[Response]):
        _definition_ = _catalog.UNBLOCK_PIN
        session: Session | None = None
        info: UnblockPinInfo | None = None
        indication_token: int | None = None
        _conv_ = {"session": "Session", "info": "UnblockPinInfo"}


class RegisterEvents:
    """UIM Register Events (0x002e)."""

    class Response(_Response):
        _definition_ = _catalog.REGISTER_EVENTS
        event_mask: int | None = None

    class Request(_Request[Response]):
        _definition_ = _catalog.REGISTER_EVENTS
        event_mask: int | None = None


class GetCardStatus:
    """UIM Get Card Status (0x002f)."""

    class Response(_Response):
        _definition_ = _catalog.GET_CARD_STATUS
        card_status: CardStatusInfo | None = None
        _conv_ = {"card_status": "CardStatusInfo"}

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_CARD_STATUS


class PowerOffSim:
    """UIM Power Off SIM (0x0030)."""

    class Response(_Response):
        _definition_ = _catalog.POWER_OFF_SIM

    class Request(_Request[Response]):
        _definition_ = _catalog.POWER_OFF_SIM
        slot: int | None = None


class PowerOnSim:
    """UIM Power On SIM (0x0031)."""

    class Response(_Response):
        _definition_ = _catalog.POWER_ON_SIM

    class Request(_Request[Response]):
        _definition_ = _catalog.POWER_ON_SIM
        slot: int | None = None


class CardStatus:
    """UIM Card Status (0x0032)."""

    class Indication(_Indication):
        _definition_ = _catalog.CARD_STATUS_INDICATION
        card_status: CardStatusInfo | None = None
        _conv_ = {"card_status": "CardStatusInfo"}
