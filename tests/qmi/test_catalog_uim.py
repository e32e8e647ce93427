"""UIM catalog: layouts byte for byte, names, and libqmi agreeing with our bytes.

The hex frames below were built by pyqmi and then read back by libqmi 1.32.2
(qmi_message_get_printable_full), which printed the same field values; the
last test repeats that cross-check live when libqmi-glib is installed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

import pytest

from pyqmi import frozen
from pyqmi.qmi import catalog
from pyqmi.qmi.catalog import uim
from pyqmi.qmi.codec import build, decode_bytes
from pyqmi.qmi.frame import Kind, decode_frame
from pyqmi.qmi.message import Result, decode
from pyqmi.qmi.services import Service

USIM_AID = "a0000000871002ff49ff0589"

APPLICATION = {
    "type": "usim",
    "state": "pin1_or_upin_pin_required",
    "personalization_state": "ready",
    "personalization_feature": "gw_network",
    "personalization_retries": 3,
    "personalization_unblock_retries": 10,
    "aid": USIM_AID,
    "upin_replaces_pin1": False,
    "pin1_state": "enabled_not_verified",
    "pin1_retries": 3,
    "puk1_retries": 10,
    "pin2_state": "enabled_not_verified",
    "pin2_retries": 3,
    "puk2_retries": 10,
}
CARD_STATUS = {
    "index_gw_primary": 0x0000,
    "index_1x_primary": 0xFFFF,
    "index_gw_secondary": 0xFFFF,
    "index_1x_secondary": 0xFFFF,
    "cards": [
        {
            "card_state": "present",
            "upin_state": "not_initialized",
            "upin_retries": 0,
            "upuk_retries": 0,
            "error_code": "unknown",
            "applications": [APPLICATION],
        }
    ],
}
CARD_STATUS_TLV = (
    "0000ffffffffffff"  # four u16 indexes
    "01"  # one card
    "0100000000"  # present, UPIN not initialised, 0/0 retries, error unknown
    "01"  # one application
    "020202"
    "00030a"  # usim, pin required, perso ready; gw network, 3, 10
    "0c" + USIM_AID + "00"  # AID, UPIN does not replace PIN1
    "01030a01030a"  # PIN1 enabled-not-verified 3/10, PIN2 the same
)

# (message, kind, values, result, frame hex with client 3, transaction 7)
CASES: list[tuple[str, Kind, dict[str, Any], Result | None, str]] = [
    (
        "get_card_status",
        Kind.RESPONSE,
        {"card_status": CARD_STATUS},
        Result(0, 0),
        "013f00800b030207002f00330002040000000000102900" + CARD_STATUS_TLV,
    ),
    (
        "card_status",
        Kind.INDICATION,
        {"card_status": CARD_STATUS},
        None,
        "013800800b0304070032002c00102900" + CARD_STATUS_TLV,
    ),
    (
        "verify_pin",
        Kind.REQUEST,
        {"session": {"type": "card_slot_1", "aid": ""}, "info": {"pin_id": "pin1", "pin": "1234"}},
        None,
        "011a00000b0300070026000e000102000600020600010431323334",
    ),
    (
        "verify_pin",
        Kind.RESPONSE,
        {
            "retries_remaining": {"verify_left": 2, "unblock_left": 10},
            "card_result": {"sw1": 0x63, "sw2": 0xC2},
        },
        Result(1, 12),
        "011d00800b030207002600110002040001000c00100200020a13020063c2",
    ),
    (
        "unblock_pin",
        Kind.REQUEST,
        {
            "session": {"type": "primary_gw_provisioning", "aid": "a0000000871002"},
            "info": {"pin_id": "pin1", "puk": "12345678", "new_pin": "4321"},
        },
        None,
        "012a00000b0300070027001e000109000007a0000000871002020f00010831323334353637380434333231",
    ),
    (
        "read_transparent",
        Kind.REQUEST,
        {
            "session": {"type": "primary_gw_provisioning", "aid": ""},
            "file": {"file_id": 0x6F07, "path": [0x3F00, 0x7FFF]},
            "read_info": {"offset": 0, "length": 0},
        },
        None,
        "012200000b03000700200016000102000000020700076f04003fff7f03040000000000",
    ),
    (
        "read_transparent",
        Kind.RESPONSE,
        {"card_result": {"sw1": 0x90, "sw2": 0x00}, "read_result": "082926020000000010"},
        Result(0, 0),
        "012600800b0302070020001a00020400000000001002009000110b000900082926020000000010",
    ),
    (
        "register_events",
        Kind.REQUEST,
        {"event_mask": uim.EVENT_CARD_STATUS | uim.EVENT_EXTENDED_CARD_STATUS},
        None,
        "011300000b030007002e00070001040005000000",
    ),
    (
        "register_events",
        Kind.RESPONSE,
        {"event_mask": 5},
        Result(0, 0),
        "011a00800b030207002e000e000204000000000010040005000000",
    ),
    ("power_off_sim", Kind.REQUEST, {"slot": 1}, None, "011000000b030007003000040001010001"),
    ("power_on_sim", Kind.REQUEST, {"slot": 2}, None, "011000000b030007003100040001010002"),
]


def case_id(case: tuple[str, Kind, dict[str, Any], Result | None, str]) -> str:
    return f"{case[0]}-{case[1].value}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_build_gives_the_known_bytes(
    case: tuple[str, Kind, dict[str, Any], Result | None, str],
) -> None:
    name, kind, values, result, hex_frame = case
    data = build(
        catalog.get("uim", name), kind, values, transaction_id=7, client_id=3, result=result
    )
    assert data.hex() == hex_frame


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_decode_gives_the_values_back(
    case: tuple[str, Kind, dict[str, Any], Result | None, str],
) -> None:
    name, kind, values, result, hex_frame = case
    msg = decode_bytes(bytes.fromhex(hex_frame))
    assert msg.name == name
    assert msg.kind is kind
    assert msg.values == values
    assert msg.result == result
    assert not msg.unknown
    assert not msg.tlv_errors


def test_catalog_names_and_ids() -> None:
    expected = {
        "read_transparent": 0x20,
        "verify_pin": 0x26,
        "unblock_pin": 0x27,
        "register_events": 0x2E,
        "get_card_status": 0x2F,
        "power_off_sim": 0x30,
        "power_on_sim": 0x31,
        "card_status": 0x32,
    }
    for name, message_id in expected.items():
        definition = catalog.get("uim", name)
        assert definition.message_id == message_id
        assert definition.service == Service.UIM
        assert catalog.lookup(Service.UIM, message_id) is definition
        assert definition.title.startswith("UIM ")
    assert catalog.get("uim", "card_status").indication is not None
    assert {m.name for m in uim.MESSAGES} == set(expected)


def test_pin_card_result_is_tlv_0x13_and_read_card_result_is_0x10() -> None:
    # libqmi: Verify/Unblock PIN put SW1/SW2 in TLV 0x13; Read Transparent in 0x10.
    for name in ("verify_pin", "unblock_pin"):
        by_type = {t.type: t.name for t in catalog.get("uim", name).response}
        assert by_type[0x13] == "card_result"
        assert by_type[0x10] == "retries_remaining"
    assert {t.type: t.name for t in uim.READ_TRANSPARENT.response}[0x10] == "card_result"


def test_personal_fields() -> None:
    assert uim.VERIFY_PIN.personal_fields == {"info"}
    assert uim.UNBLOCK_PIN.personal_fields == {"info"}
    assert uim.READ_TRANSPARENT.personal_fields == {"read_result"}


def test_card_status_with_absent_card_and_two_cards() -> None:
    status = {
        "index_gw_primary": 0x0100,
        "index_1x_primary": 0xFFFF,
        "index_gw_secondary": 0xFFFF,
        "index_1x_secondary": 0xFFFF,
        "cards": [
            {
                "card_state": "absent",
                "upin_state": "not_initialized",
                "upin_retries": 0,
                "upuk_retries": 0,
                "error_code": "no_atr_received",
                "applications": [],
            },
            CARD_STATUS["cards"][0],  # type: ignore[index]
        ],
    }
    data = build(uim.GET_CARD_STATUS, Kind.RESPONSE, {"card_status": status})
    msg = decode_bytes(data)
    assert msg.values["card_status"] == status
    first = msg.values["card_status"]["cards"][0]
    assert first["card_state"] == "absent"
    assert first["error_code"] == "no_atr_received"


def test_unknown_enum_values_stay_numbers() -> None:
    tlv = bytearray(bytes.fromhex(CARD_STATUS_TLV))
    assert (tlv[8], tlv[9], tlv[14], tlv[16]) == (1, 1, 1, 2)  # cards, state, apps, state
    tlv[9] = 0x07  # card state 7 is not defined
    tlv[16] = 0x09  # application state 9 is not defined
    frame = decode_frame(
        build(uim.CARD_STATUS_INDICATION, Kind.INDICATION, {"card_status": CARD_STATUS})
    )
    frame = frozen.replace(frame, tlvs=((0x10, bytes(tlv)),))
    msg = decode(frame, uim.CARD_STATUS_INDICATION)
    card = msg.values["card_status"]["cards"][0]
    assert card["card_state"] == 7
    assert card["applications"][0]["state"] == 9
    assert card["applications"][0]["aid"] == USIM_AID


def test_truncated_card_status_is_a_tlv_error_not_a_crash() -> None:
    short = bytes.fromhex(CARD_STATUS_TLV)[:-3]
    frame = decode_frame(build(uim.CARD_STATUS_INDICATION, Kind.INDICATION, {}))
    frame = frozen.replace(frame, tlvs=((0x10, short),))
    msg = decode(frame, uim.CARD_STATUS_INDICATION)
    assert "card_status" not in msg.values
    assert "overflow" in msg.tlv_errors["card_status"]


def test_file_path_is_le_u16_pairs_and_must_be_even() -> None:
    file_tlv = uim.READ_TRANSPARENT.request[1]
    assert file_tlv.layout.build({"file_id": 0x2FE2, "path": [0x3F00]}) == bytes.fromhex(
        "e22f02003f"
    )
    with pytest.raises(Exception, match="not a list of u16"):
        file_tlv.layout.parse(bytes.fromhex("e22f03003f7f"))


def test_aid_accepts_bytes_and_colon_hex() -> None:
    session = uim.VERIFY_PIN.request[0].layout
    a = session.build({"type": "primary_gw_provisioning", "aid": bytes.fromhex("a00000")})
    b = session.build({"type": 0, "aid": "A0:00:00"})
    assert a == b == bytes.fromhex("0003a00000")


# --- libqmi as an independent reader, when it is installed ----------------------


def _libqmi() -> Any:
    name = ctypes.util.find_library("qmi-glib") or "libqmi-glib.so.5"
    try:
        qmi = ctypes.CDLL(name)
        glib = ctypes.CDLL(ctypes.util.find_library("glib-2.0") or "libglib-2.0.so.0")
    except OSError:
        return None
    glib.g_byte_array_new.restype = ctypes.c_void_p
    glib.g_byte_array_append.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint]
    glib.g_byte_array_append.restype = ctypes.c_void_p
    qmi.qmi_message_new_from_raw.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    qmi.qmi_message_new_from_raw.restype = ctypes.c_void_p
    qmi.qmi_message_get_printable_full.argtypes = [
        ctypes.c_void_p,
        ctypes.c_void_p,
        ctypes.c_char_p,
    ]
    qmi.qmi_message_get_printable_full.restype = ctypes.c_char_p
    qmi.qmi_message_unref.argtypes = [ctypes.c_void_p]

    def printable(data: bytes) -> str:
        array = glib.g_byte_array_new()
        glib.g_byte_array_append(array, data, len(data))
        message = qmi.qmi_message_new_from_raw(array, None)
        assert message, "libqmi refused the frame"
        try:
            text: bytes = qmi.qmi_message_get_printable_full(message, None, b"")
            return text.decode()
        finally:
            qmi.qmi_message_unref(message)

    return printable


LIBQMI_PRINTABLE = _libqmi()

# What libqmi prints for each case (a distinctive piece of its translation).
LIBQMI_SAYS = {
    "get_card_status-response": [
        "index_1x_primary = '65535'",
        "card_state = 'present'",
        "state = 'pin1-or-upin-pin-required'",
        "personalization_feature = 'gw-network'",
        "[0] = '160 '",  # first AID byte, 0xA0
        "upin_replaces_pin1 = 'no' pin1_state = 'enabled-not-verified' pin1_retries = '3' "
        "puk1_retries = '10' pin2_state = 'enabled-not-verified' pin2_retries = '3' "
        "puk2_retries = '10'",
    ],
    "card_status-indication": ['"Card Status" (0x0032)', "cards = '{ [0] ="],
    "verify_pin-request": [
        "session_type = 'card-slot-1' application_identifier = '{}'",
        "pin_id = 'pin1'",
    ],
    "verify_pin-response": [
        "FAILURE: IncorrectPin",
        "verify_retries_left = '2' unblock_retries_left = '10'",
        '"Card Result" (0x13)',
    ],
    "unblock_pin-request": ["pin_id = 'pin1'", "[6] = '2 '"],
    "read_transparent-request": [
        "file_id = '28423' file_path = '{ [0] = '0 ' [1] = '63 ' [2] = '255 ' [3] = '127 '}'",
        "offset = '0' length = '0'",
    ],
    "read_transparent-response": ["sw1 = '144' sw2 = '0'", '"Read result" (0x11)'],
    "register_events-request": ["card-status, extended-card-status"],
    "register_events-response": ["card-status, extended-card-status"],
    "power_off_sim-request": ['"Power Off SIM" (0x0030)', "translated = 1"],
    "power_on_sim-request": ['"Power On SIM" (0x0031)', "translated = 2"],
}


@pytest.mark.skipif(LIBQMI_PRINTABLE is None, reason="libqmi-glib is not installed")
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_libqmi_reads_our_bytes_the_same_way(
    case: tuple[str, Kind, dict[str, Any], Result | None, str],
) -> None:
    text = LIBQMI_PRINTABLE(bytes.fromhex(case[4]))
    assert "ERROR" not in text
    for piece in LIBQMI_SAYS[case_id(case)]:
        assert piece in text, f"{piece!r} not in libqmi's reading:\n{text}"
