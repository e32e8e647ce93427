"""WDA catalog: data format messages round-trip and use libqmi's TLV numbers."""

from __future__ import annotations

import struct
from typing import Any

import pytest

from pyqmi.qmi import catalog, codec
from pyqmi.qmi.catalog import wda
from pyqmi.qmi.errors import TlvError
from pyqmi.qmi.frame import Kind, decode_frame
from pyqmi.qmi.message import Result
from pyqmi.qmi.services import Service

REPLY = {
    "qos_format": False,
    "link_layer_protocol": "raw_ip",
    "uplink_aggregation_protocol": "qmapv5",
    "downlink_aggregation_protocol": "qmap",
    "ndp_signature": 0x0051_4D49,
    "downlink_max_datagrams": 32,
    "downlink_max_size": 32768,
    "uplink_max_datagrams": 11,
    "uplink_max_size": 8192,
    "downlink_min_padding": 0,
    "flow_control": 1,
}

CASES: list[tuple[str, Kind, dict[str, Any]]] = [
    (
        "set_data_format",
        Kind.REQUEST,
        {
            "qos_format": False,
            "link_layer_protocol": "raw_ip",
            "uplink_aggregation_protocol": "disabled",
            "downlink_aggregation_protocol": "disabled",
            "ndp_signature": 0,
            "downlink_max_datagrams": 1,
            "downlink_max_size": 1504,
            "endpoint_info": {"endpoint_type": "hsusb", "interface_number": 4},
            "uplink_max_datagrams": 1,
            "uplink_max_size": 1504,
        },
    ),
    ("set_data_format", Kind.RESPONSE, REPLY),
    (
        "get_data_format",
        Kind.REQUEST,
        {"endpoint_info": {"endpoint_type": "pcie", "interface_number": 2}},
    ),
    ("get_data_format", Kind.RESPONSE, {**REPLY, "link_layer_protocol": "ieee_802_3"}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[0]}-{case[1].value}")
def test_build_then_parse_gives_back_every_value(case: tuple[str, Kind, dict[str, Any]]) -> None:
    name, kind, values = case
    defn = catalog.get("wda", name)
    data = codec.build(defn, kind, values, transaction_id=3, client_id=1)
    msg = codec.decode_bytes(data)
    assert (msg.name, msg.kind) == (name, kind)
    assert msg.values == values
    assert msg.unknown == {}
    assert msg.tlv_errors == {}
    if kind is Kind.RESPONSE:
        assert msg.result == Result(0, 0)
    assert codec.build(defn, kind, msg.values, transaction_id=3, client_id=1) == data


def test_ids_and_coverage() -> None:
    assert {d.name: d.message_id for d in wda.MESSAGES} == {
        "set_data_format": 0x20,
        "get_data_format": 0x21,
    }
    for defn in wda.MESSAGES:
        assert catalog.lookup(Service.WDA, defn.message_id) is defn
        assert defn.indication is None
    assert {(n, k) for n, k, _ in CASES} == {
        (d.name, k) for d in wda.MESSAGES for k in (Kind.REQUEST, Kind.RESPONSE)
    }


def _tlvs(data: bytes) -> dict[int, bytes]:
    return dict(decode_frame(data).tlvs)


def test_set_data_format_request_wire_layout() -> None:
    defn = catalog.get("wda", "set_data_format")
    data = codec.build(
        defn,
        Kind.REQUEST,
        {
            "link_layer_protocol": "raw_ip",
            "uplink_aggregation_protocol": "qmap",
            "endpoint_info": {"endpoint_type": "hsusb", "interface_number": 4},
            "uplink_max_datagrams": 16,
            "uplink_max_size": 4096,
        },
    )
    frame = decode_frame(data)
    assert (frame.service, frame.message_id) == (Service.WDA, 0x0020)
    tlvs = _tlvs(data)
    assert tlvs[0x11] == struct.pack("<I", 2)
    assert tlvs[0x12] == struct.pack("<I", 5)
    assert tlvs[0x17] == struct.pack("<II", 2, 4)
    # In the request the uplink limits are 0x1B/0x1C (0x17 is the endpoint).
    assert tlvs[0x1B] == struct.pack("<I", 16)
    assert tlvs[0x1C] == struct.pack("<I", 4096)


def test_link_layer_protocol_numbers() -> None:
    defn = catalog.get("wda", "set_data_format")
    for name, number in (("ieee_802_3", 1), ("raw_ip", 2)):
        tlvs = _tlvs(codec.build(defn, Kind.REQUEST, {"link_layer_protocol": name}))
        assert tlvs[0x11] == struct.pack("<I", number)


def test_response_uses_0x17_0x18_for_uplink_limits() -> None:
    defn = catalog.get("wda", "get_data_format")
    data = codec.build(defn, Kind.RESPONSE, {"uplink_max_datagrams": 9, "uplink_max_size": 777})
    tlvs = _tlvs(data)
    assert tlvs[0x17] == struct.pack("<I", 9)
    assert tlvs[0x18] == struct.pack("<I", 777)


def test_get_data_format_request_endpoint_is_0x10() -> None:
    defn = catalog.get("wda", "get_data_format")
    endpoint = {"endpoint_type": "embedded", "interface_number": 1}
    tlvs = _tlvs(codec.build(defn, Kind.REQUEST, {"endpoint_info": endpoint}))
    assert tlvs == {0x10: struct.pack("<II", 4, 1)}


def test_unknown_protocol_number_still_decodes() -> None:
    defn = catalog.get("wda", "get_data_format")
    msg = codec.decode_bytes(codec.build(defn, Kind.RESPONSE, {"link_layer_protocol": 7}))
    assert msg.values == {"link_layer_protocol": 7}


def test_bad_protocol_name_is_a_named_error() -> None:
    defn = catalog.get("wda", "set_data_format")
    with pytest.raises(TlvError, match="link_layer_protocol"):
        codec.build(defn, Kind.REQUEST, {"link_layer_protocol": "raw-ip"})
