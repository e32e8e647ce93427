"""DMS and CTL catalog entries, and the protocol error table."""

from __future__ import annotations

import ctypes
import ctypes.util

import pytest

from pyqmi.qmi import catalog
from pyqmi.qmi.catalog import ctl, dms
from pyqmi.qmi.codec import build, decode_bytes
from pyqmi.qmi.errors import QmiProtocolError, TlvError, UnknownMessage
from pyqmi.qmi.frame import Kind
from pyqmi.qmi.message import Result
from pyqmi.qmi.protocol_errors import PROTOCOL_ERRORS, error_name
from pyqmi.qmi.services import Service

DMS_NAMES = {
    "get_manufacturer": 0x21,
    "get_model": 0x22,
    "get_revision": 0x23,
    "get_msisdn": 0x24,
    "get_ids": 0x25,
    "uim_verify_pin": 0x28,
    "uim_unblock_pin": 0x29,
    "uim_get_pin_status": 0x2B,
    "get_operating_mode": 0x2D,
    "set_operating_mode": 0x2E,
    "get_time": 0x2F,
    "uim_get_iccid": 0x3C,
    "uim_get_imsi": 0x43,
}
CTL_NAMES = {"get_version_info": 0x21, "allocate_cid": 0x22, "release_cid": 0x23, "sync": 0x27}


@pytest.mark.parametrize(
    ("service", "names"), [("dms", DMS_NAMES), ("ctl", CTL_NAMES)], ids=["dms", "ctl"]
)
def test_names_other_modules_code_against(service: str, names: dict[str, int]) -> None:
    for name, message_id in names.items():
        definition = catalog.get(service, name)
        assert definition.message_id == message_id
        assert catalog.lookup(definition.service, message_id) is definition
        assert definition.title


def test_unknown_name_is_a_named_error() -> None:
    with pytest.raises(UnknownMessage, match="no message 'get_nothing' in service DMS"):
        catalog.get("dms", "get_nothing")


def test_get_time_reads_a_six_byte_count() -> None:
    # libqmi's get-time test: the u16 after the 6-byte count is the time source.
    data = bytes.fromhex(
        "0134008002010201002f00280002040000000000010800410c9001ce000200"
        "100800510ff48101010000110800c8aab30000000000"
    )
    msg = decode_bytes(data).check()
    assert msg.values == {
        "device_time": {"time_count": 0x00CE01900C41, "time_source": "hdr_network"},
        "system_time": 1105986850641,
        "user_time": 11774664,
    }
    again = build(dms.GET_TIME, Kind.RESPONSE, msg.values, transaction_id=1, client_id=1)
    assert again == data


def test_get_time_count_over_48_bits_is_refused() -> None:
    with pytest.raises(TlvError, match="device_time"):
        build(
            dms.GET_TIME,
            Kind.RESPONSE,
            {"device_time": {"time_count": 1 << 48, "time_source": "device"}},
        )


def test_operating_mode_names_and_unknown() -> None:
    data = build(dms.GET_OPERATING_MODE, Kind.RESPONSE, {"mode": "unknown"})
    assert decode_bytes(data).values == {"mode": "unknown"}
    data = build(dms.SET_OPERATING_MODE, Kind.REQUEST, {"mode": "persistent_low_power"})
    assert data.endswith(bytes.fromhex("01010006"))
    assert decode_bytes(data).values == {"mode": "persistent_low_power"}


def test_pin_status_decodes_enum_names() -> None:
    data = bytes.fromhex(
        "011f00800201"  # QMUX: length 31, from service, DMS, client 1
        "0201002b001300"  # response, txn 1, message 0x2B, 19 TLV bytes
        "02040000000000"  # result: success
        "11030001030a"  # PIN1: enabled-not-verified, 3 tries, 10 unblocks
        "12030000020a"  # PIN2: not initialised, 2 tries, 10 unblocks
    )
    msg = decode_bytes(data)
    assert msg.values["pin1_status"] == {
        "current_status": "enabled_not_verified",
        "verify_retries_left": 3,
        "unblock_retries_left": 10,
    }
    assert msg.values["pin2_status"]["current_status"] == "not_initialized"


def test_dms_personal_fields() -> None:
    assert dms.GET_IDS.personal_fields == {"esn", "imei", "meid"}
    assert dms.GET_MSISDN.personal_fields == {"msisdn"}
    assert dms.UIM_GET_ICCID.personal_fields == {"iccid"}
    assert dms.UIM_GET_IMSI.personal_fields == {"imsi"}
    assert dms.UIM_VERIFY_PIN.personal_fields == {"info"}
    assert dms.UIM_UNBLOCK_PIN.personal_fields == {"info"}


def test_ctl_allocate_and_release_round_trip() -> None:
    request = build(ctl.ALLOCATE_CID, Kind.REQUEST, {"service": Service.UIM}, transaction_id=3)
    assert request == bytes.fromhex("010f000000000003220004000101000b")
    response = build(
        ctl.ALLOCATE_CID,
        Kind.RESPONSE,
        {"allocation": {"service": Service.UIM, "cid": 9}},
        transaction_id=3,
    )
    msg = decode_bytes(response)
    assert msg.kind is Kind.RESPONSE
    assert msg.values == {"allocation": {"service": 0x0B, "cid": 9}}
    release = build(ctl.RELEASE_CID, Kind.REQUEST, {"release": {"service": 0x0B, "cid": 9}})
    assert decode_bytes(release).values == {"release": {"service": 0x0B, "cid": 9}}


def test_ctl_version_info_and_sync_indication() -> None:
    services = [{"service": 0, "major": 1, "minor": 5}, {"service": 2, "major": 1, "minor": 14}]
    data = build(ctl.GET_VERSION_INFO, Kind.RESPONSE, {"services": services})
    assert decode_bytes(data).values == {"services": services}
    sync = decode_bytes(build(ctl.SYNC, Kind.INDICATION))
    assert sync.name == "sync"
    assert sync.kind is Kind.INDICATION


def test_failed_response_raises_with_the_modems_error() -> None:
    data = build(dms.UIM_VERIFY_PIN, Kind.RESPONSE, {}, result=Result(1, 12))
    msg = decode_bytes(data)
    with pytest.raises(QmiProtocolError, match="INCORRECT_PIN") as info:
        msg.check()
    assert info.value.code == 12
    assert info.value.name == "INCORRECT_PIN"


# --- protocol error table ----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (0, "NONE"),
        (3, "INTERNAL"),
        (12, "INCORRECT_PIN"),
        (35, "PIN_BLOCKED"),
        (74, "INFORMATION_UNAVAILABLE"),
        (75, "SEGMENT_TOO_LONG"),
        (92, "SUPS_FAILURE_CASE"),
        (118, "OPERATION_IN_PROGRESS"),
        (402, "FW_UPDATE_FAILED"),
        (0xF001, "CAT_EVENT_REGISTRATION_FAILED"),
        (0xF005, "CAT_ENVELOPE_COMMAND_FAILED"),
    ],
)
def test_error_names(code: int, name: str) -> None:
    assert error_name(code) == name


def test_unlisted_codes_have_a_readable_name() -> None:
    assert 18 not in PROTOCOL_ERRORS
    assert error_name(18) == "UNKNOWN_0x0012"
    assert error_name(0x1234) == "UNKNOWN_0x1234"


def _libqmi_error_nick() -> object:
    name = ctypes.util.find_library("qmi-glib") or "libqmi-glib.so.5"
    try:
        qmi = ctypes.CDLL(name)
    except OSError:
        return None
    qmi.qmi_protocol_error_get_string.restype = ctypes.c_char_p
    qmi.qmi_protocol_error_get_string.argtypes = [ctypes.c_int]
    return qmi.qmi_protocol_error_get_string


LIBQMI_ERROR_NICK = _libqmi_error_nick()


@pytest.mark.skipif(LIBQMI_ERROR_NICK is None, reason="libqmi-glib is not installed")
def test_error_table_matches_libqmi() -> None:
    nick = LIBQMI_ERROR_NICK
    assert callable(nick)
    for code in range(0x10000):
        theirs = nick(code)
        if theirs is None:
            assert code not in PROTOCOL_ERRORS, code
            continue
        camel = "".join(word.capitalize() for word in PROTOCOL_ERRORS[code].split("_"))
        if code == 105:
            # libqmi's nick for PIN2_RESTRICTION (105) reads "Pin1Restriction".
            assert theirs == b"Pin1Restriction"
            assert PROTOCOL_ERRORS[code] == "PIN2_RESTRICTION"
            continue
        assert theirs.decode() == camel, code
