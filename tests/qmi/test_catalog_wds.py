"""WDS catalog: every message and kind round-trips; wire details; secrets stay hidden."""

from __future__ import annotations

import struct
from typing import Any

import pytest

from pyqmi.qmi import catalog, codec
from pyqmi.qmi.catalog import wds
from pyqmi.qmi.errors import TlvError
from pyqmi.qmi.frame import Kind, decode_frame
from pyqmi.qmi.message import REDACTED, Message, MessageDef, Result
from pyqmi.qmi.services import Service

SECRET = "hunter2-Secret"
USER = "alice@example"

_UMTS_QOS = {
    "traffic_class": 3,
    "max_uplink_bitrate": 5760,
    "max_downlink_bitrate": 42000,
    "guaranteed_uplink_bitrate": 0,
    "guaranteed_downlink_bitrate": 0,
    "delivery_order": 0,
    "max_sdu_size": 1500,
    "sdu_error_ratio": 0,
    "residual_bit_error_ratio": 0,
    "delivery_erroneous_sdu": 0,
    "transfer_delay": 0,
    "traffic_handling_priority": 0,
}
_GPRS_QOS = {
    "precedence_class": 1,
    "delay_class": 4,
    "reliability_class": 3,
    "peak_throughput_class": 9,
    "mean_throughput_class": 31,
}

PROFILE_SETTINGS: dict[str, Any] = {
    "profile_name": "work",
    "pdp_type": "ipv4_or_ipv6",
    "pdp_header_compression": "off",
    "pdp_data_compression": "v42bis",
    "apn": "internet.example",
    "primary_ipv4_dns": "8.8.8.8",
    "secondary_ipv4_dns": "1.1.1.1",
    "umts_requested_qos": _UMTS_QOS,
    "umts_minimum_qos": _UMTS_QOS,
    "gprs_requested_qos": _GPRS_QOS,
    "gprs_minimum_qos": _GPRS_QOS,
    "username": USER,
    "password": SECRET,
    "authentication": "chap",
    "ipv4_address_preference": "10.1.2.3",
    "pcscf_address_using_pco": False,
    "pdp_access_control": "permission",
    "pcscf_address_using_dhcp": True,
    "imcn_flag": False,
    "pdp_context_number": 1,
    "pdp_context_secondary": False,
    "pdp_context_primary_id": 0,
    "ipv6_address_preference": "2001:db8::1",
    "umts_requested_qos_with_signaling": {**_UMTS_QOS, "signaling_indication": -1},
    "umts_minimum_qos_with_signaling": {**_UMTS_QOS, "signaling_indication": 1},
    "primary_ipv6_dns": "2001:4860:4860::8888",
    "secondary_ipv6_dns": "2606:4700:4700::1111",
    "address_allocation_preference": "dhcp",
    "lte_qos": {
        "qci": 9,
        "guaranteed_downlink_bitrate": 0,
        "max_downlink_bitrate": 150000,
        "guaranteed_uplink_bitrate": 0,
        "max_uplink_bitrate": 50000,
    },
    "apn_disabled": False,
    "roaming_disallowed": True,
    "vlan_id_range": {"start": 10, "end": 20},
    "apn_type_mask": 1 << 40,
}
LATE_SETTINGS = {"clat_enabled": True, "ipv6_prefix_delegation": False}

# (message, kind, values): every WDS message and kind with representative values.
CASES: list[tuple[str, Kind, dict[str, Any]]] = [
    (
        "start_network",
        Kind.REQUEST,
        {
            "primary_ipv4_dns_preference": "8.8.4.4",
            "secondary_ipv4_dns_preference": "9.9.9.9",
            "primary_nbns_preference": "10.0.0.53",
            "secondary_nbns_preference": "10.0.0.54",
            "apn": "internet",
            "ipv4_address_preference": "10.0.0.7",
            "authentication_preference": "both",
            "username": USER,
            "password": SECRET,
            "ip_family_preference": "ipv6",
            "technology_preference": "3gpp",
            "profile_index_3gpp": 1,
            "profile_index_3gpp2": 101,
            "enable_autoconnect": False,
            "extended_technology_preference": "umts",
            "call_type": "embedded",
        },
    ),
    (
        "start_network",
        Kind.RESPONSE,
        {
            "packet_data_handle": 0x8765_4321,
            "call_end_reason": "generic_unspecified",
            "verbose_call_end_reason": {"type": "3gpp", "reason": 27},
        },
    ),
    (
        "stop_network",
        Kind.REQUEST,
        {"packet_data_handle": 0xFFFF_FFFF, "disable_autoconnect": True},
    ),
    ("stop_network", Kind.RESPONSE, {}),
    ("get_packet_service_status", Kind.REQUEST, {}),
    ("get_packet_service_status", Kind.RESPONSE, {"connection_status": "connected"}),
    (
        "get_packet_service_status",
        Kind.INDICATION,
        {
            "connection_status": {"status": "disconnected", "reconfiguration_required": False},
            "call_end_reason": "generic_authentication_failed",
            "verbose_call_end_reason": {"type": "ppp", "reason": -1},
            "ip_family": "ipv4",
            "bearer_id": 5,
            "xlat_capability": True,
            "extended_technology_preference": "epc",
        },
    ),
    ("create_profile", Kind.REQUEST, {"profile_type": "3gpp", **PROFILE_SETTINGS}),
    (
        "create_profile",
        Kind.RESPONSE,
        {"profile_id": {"profile_type": "3gpp", "profile_index": 3}, "extended_error": "fail"},
    ),
    (
        "modify_profile",
        Kind.REQUEST,
        {
            "profile_id": {"profile_type": "3gpp", "profile_index": 1},
            **PROFILE_SETTINGS,
            **LATE_SETTINGS,
        },
    ),
    ("modify_profile", Kind.RESPONSE, {"extended_error": "3gpp_read_only_flag_set"}),
    ("get_profile_list", Kind.REQUEST, {"profile_type": "all"}),
    (
        "get_profile_list",
        Kind.RESPONSE,
        {
            "profiles": [
                {"profile_type": "3gpp", "profile_index": 1, "profile_name": "default"},
                {"profile_type": "epc", "profile_index": 2, "profile_name": "ims"},
                {"profile_type": "3gpp", "profile_index": 3, "profile_name": ""},
            ],
            "extended_error": "list_end",
        },
    ),
    (
        "get_profile_settings",
        Kind.REQUEST,
        {"profile_id": {"profile_type": "3gpp2", "profile_index": 101}},
    ),
    (
        "get_profile_settings",
        Kind.RESPONSE,
        {**PROFILE_SETTINGS, **LATE_SETTINGS, "extended_error": "invalid_profile_id"},
    ),
    ("get_current_settings", Kind.REQUEST, {"requested_settings": 0x0004_3F7F}),
    (
        "get_current_settings",
        Kind.RESPONSE,
        {
            "profile_name": "work",
            "pdp_type": "ipv4",
            "apn": "internet",
            "primary_ipv4_dns": "10.11.12.13",
            "secondary_ipv4_dns": "10.11.12.14",
            "umts_granted_qos": _UMTS_QOS,
            "gprs_granted_qos": _GPRS_QOS,
            "username": USER,
            "authentication": "pap",
            "ipv4_address": "100.64.12.34",
            "profile_id": {"profile_type": "3gpp", "profile_index": 1},
            "ipv4_gateway": "100.64.12.33",
            "ipv4_subnet_mask": "255.255.255.252",
            "pcscf_address_using_pco": 1,
            "pcscf_server_addresses": ["10.0.0.1", "10.0.0.2"],
            "pcscf_domain_names": ["pcscf.example", "ims.example"],
            "ipv6_address": {"address": "2a02:8108:1:2::55", "prefix_length": 64},
            "ipv6_gateway": {"address": "fe80::1", "prefix_length": 64},
            "primary_ipv6_dns": "2a02:8108::53",
            "secondary_ipv6_dns": "2a02:8108::54",
            "mtu": 1430,
            "domain_names": ["example.net"],
            "ip_family": "ipv4",
            "imcn_flag": -1,
            "extended_technology_preference": "epc",
            "operator_reserved_pco": {
                "mcc": 262,
                "mnc": 2,
                "mnc_includes_pcs_digit": False,
                "app_specific_info": [1, 2, 250],
                "container_id": 0xFF00,
            },
        },
    ),
    ("set_ip_family", Kind.REQUEST, {"preference": "unspecified"}),
    ("set_ip_family", Kind.RESPONSE, {}),
]


def _case_id(case: tuple[str, Kind, dict[str, Any]]) -> str:
    return f"{case[0]}-{case[1].value}"


def _roundtrip(name: str, kind: Kind, values: dict[str, Any]) -> tuple[bytes, Message]:
    defn = catalog.get("wds", name)
    data = codec.build(defn, kind, values, transaction_id=0x1234, client_id=7)
    return data, codec.decode_bytes(data)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_build_then_parse_gives_back_every_value(case: tuple[str, Kind, dict[str, Any]]) -> None:
    name, kind, values = case
    data, msg = _roundtrip(name, kind, values)
    assert msg.name == name
    assert msg.kind is kind
    assert msg.values == values
    assert msg.unknown == {}
    assert msg.tlv_errors == {}
    if kind is Kind.RESPONSE:
        assert msg.result == Result(0, 0)
    # And parse -> build gives the same bytes again.
    defn = catalog.get("wds", name)
    again = codec.build(defn, kind, msg.values, transaction_id=0x1234, client_id=7)
    assert again == data


def test_every_wds_message_and_kind_is_covered() -> None:
    covered = {(name, kind) for name, kind, _ in CASES}
    for defn in wds.MESSAGES:
        assert (defn.name, Kind.REQUEST) in covered
        assert (defn.name, Kind.RESPONSE) in covered
        if defn.indication is not None:
            assert (defn.name, Kind.INDICATION) in covered


def test_catalog_ids_match_the_names_other_modules_use() -> None:
    expected = {
        "start_network": 0x20,
        "stop_network": 0x21,
        "get_packet_service_status": 0x22,
        "create_profile": 0x27,
        "modify_profile": 0x28,
        "get_profile_list": 0x2A,
        "get_profile_settings": 0x2B,
        "get_current_settings": 0x2D,
        "set_ip_family": 0x4D,
    }
    assert {d.name: d.message_id for d in wds.MESSAGES} == expected
    for name, number in expected.items():
        assert catalog.lookup(Service.WDS, number) is catalog.get("wds", name)
    assert catalog.get("wds", "get_packet_service_status").indication is not None


def _tlvs(data: bytes) -> dict[int, bytes]:
    return dict(decode_frame(data).tlvs)


def test_start_network_request_wire_layout() -> None:
    defn = catalog.get("wds", "start_network")
    data = codec.build(
        defn,
        Kind.REQUEST,
        {
            "apn": "internet",
            "authentication_preference": "pap",
            "ip_family_preference": "ipv6",
            "profile_index_3gpp": 2,
            "primary_ipv4_dns_preference": "10.0.0.1",
            "enable_autoconnect": True,
        },
    )
    tlvs = _tlvs(data)
    assert tlvs[0x14] == b"internet"  # no length prefix, no NUL
    assert tlvs[0x16] == b"\x01"
    assert tlvs[0x19] == b"\x06"
    assert tlvs[0x31] == b"\x02"
    assert tlvs[0x10] == bytes([1, 0, 0, 10])  # little-endian u32
    assert tlvs[0x33] == b"\x01"
    header = decode_frame(data)
    assert (header.service, header.message_id) == (Service.WDS, 0x0020)


def test_authentication_bitmask_values() -> None:
    defn = catalog.get("wds", "start_network")
    for name, byte in (("none", 0), ("pap", 1), ("chap", 2), ("both", 3)):
        tlvs = _tlvs(codec.build(defn, Kind.REQUEST, {"authentication_preference": name}))
        assert tlvs[0x16] == bytes([byte])


def test_ip_family_numbers() -> None:
    defn = catalog.get("wds", "set_ip_family")
    for name, byte in (("ipv4", 4), ("ipv6", 6), ("unspecified", 8)):
        tlvs = _tlvs(codec.build(defn, Kind.REQUEST, {"preference": name}))
        assert tlvs[0x01] == bytes([byte])
    # Numbers are accepted too.
    assert _tlvs(codec.build(defn, Kind.REQUEST, {"preference": 4}))[0x01] == b"\x04"


def _response_bytes(message_id: int, tlvs: dict[int, bytes]) -> bytes:
    """A WDS response frame written out by hand, byte by byte."""
    body = b"".join(bytes([t]) + struct.pack("<H", len(v)) + v for t, v in tlvs.items())
    sdu = bytes([0x02]) + struct.pack("<HHH", 9, message_id, len(body)) + body
    return bytes([0x01]) + struct.pack("<H", 5 + len(sdu)) + bytes([0x80, 0x01, 0x03]) + sdu


def test_start_network_failure_response_from_wire_bytes() -> None:
    data = _response_bytes(
        0x0020,
        {
            0x02: struct.pack("<HH", 1, 14),  # failure, call failed
            0x10: struct.pack("<H", 1),
            0x11: struct.pack("<Hh", 6, 33),
        },
    )
    msg = codec.decode_bytes(data)
    assert msg.name == "start_network"
    assert msg.result == Result(1, 14)
    assert msg.values == {
        "call_end_reason": "generic_unspecified",
        "verbose_call_end_reason": {"type": "3gpp", "reason": 33},
    }


def test_unnamed_call_end_numbers_decode_as_numbers() -> None:
    values = {"call_end_reason": 4242, "verbose_call_end_reason": {"type": 77, "reason": 5}}
    _, msg = _roundtrip("start_network", Kind.RESPONSE, values)
    assert msg.values == values


def test_get_current_settings_addresses_are_strings_in_the_right_byte_order() -> None:
    data = _response_bytes(
        0x002D,
        {
            0x02: struct.pack("<HH", 0, 0),
            0x1E: struct.pack("<I", 0x0A000102),  # 10.0.1.2 as a little-endian u32
            0x21: struct.pack("<I", 0xFFFFFF00),
            0x25: bytes.fromhex("20010db8000000000000000000000001") + bytes([48]),
            0x27: bytes.fromhex("20010db8000000000000000000000053"),
            0x29: struct.pack("<I", 1500),
        },
    )
    msg = codec.decode_bytes(data)
    assert msg.tlv_errors == {}
    assert msg.values == {
        "ipv4_address": "10.0.1.2",
        "ipv4_subnet_mask": "255.255.255.0",
        "ipv6_address": {"address": "2001:db8::1", "prefix_length": 48},
        "primary_ipv6_dns": "2001:db8::53",
        "mtu": 1500,
    }


def test_requested_settings_mask() -> None:
    mask = wds.requested_settings("ip_address", "gateway_info", "dns_address", "mtu", "ip_family")
    assert mask == (1 << 8) | (1 << 9) | (1 << 4) | (1 << 13) | (1 << 15)
    assert wds.requested_settings() == 0
    with pytest.raises(ValueError, match="no_such_thing"):
        wds.requested_settings("mtu", "no_such_thing")


def test_profile_list_strings_are_length_prefixed() -> None:
    defn = catalog.get("wds", "get_profile_list")
    value = [{"profile_type": "3gpp", "profile_index": 4, "profile_name": "ab"}]
    tlvs = _tlvs(codec.build(defn, Kind.RESPONSE, {"profiles": value}))
    assert tlvs[0x01] == bytes([1, 0, 4, 2]) + b"ab"


PERSONAL_CASES = [
    ("start_network", Kind.REQUEST, {"apn": "internet", "username": USER, "password": SECRET}),
    ("create_profile", Kind.REQUEST, {"profile_type": "3gpp", **PROFILE_SETTINGS}),
    (
        "modify_profile",
        Kind.REQUEST,
        {"profile_id": {"profile_type": "3gpp", "profile_index": 1}, "password": SECRET},
    ),
    ("get_profile_settings", Kind.RESPONSE, {"apn": "internet", "password": SECRET}),
]


@pytest.mark.parametrize("case", PERSONAL_CASES, ids=_case_id)
def test_password_never_appears_in_repr(case: tuple[str, Kind, dict[str, Any]]) -> None:
    name, kind, values = case
    _, msg = _roundtrip(name, kind, values)
    assert msg.values["password"] == SECRET  # the value itself is available to the caller
    assert SECRET not in repr(msg)
    assert SECRET not in str(msg.redacted())
    assert msg.redacted()["password"] == REDACTED
    assert msg.redacted().get("apn", "internet") != REDACTED


def test_username_is_personal_everywhere() -> None:
    for defn in wds.MESSAGES:
        every = defn.request + defn.response + (defn.indication or ())
        for tlv in every:
            if tlv.name in ("username", "password"):
                assert tlv.personal, f"{defn.name}.{tlv.name}"
    _, msg = _roundtrip("get_current_settings", Kind.RESPONSE, {"username": USER})
    assert USER not in repr(msg)


def test_build_error_does_not_leak_the_password() -> None:
    defn: MessageDef = catalog.get("wds", "start_network")
    with pytest.raises(TlvError) as caught:
        codec.build(defn, Kind.REQUEST, {"password": 12345678})
    assert "12345678" not in str(caught.value)
    assert "password" in str(caught.value)
