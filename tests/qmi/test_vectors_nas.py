"""Every NAS frame from libqmi's test suite, decoded by pyqmi and checked against the
values the vector file records (libqmi's own reading of the same bytes)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from pyqmi.qmi import catalog, codec
from pyqmi.qmi.catalog import nas
from pyqmi.qmi.errors import FrameError
from pyqmi.qmi.frame import Frame, FrameExtractor, Kind
from pyqmi.qmi.message import Message
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import i8

from .vectors import load_vectors

ALL_VECTORS: list[dict[str, Any]] = load_vectors()
NAS_VECTORS = [v for v in ALL_VECTORS if v.get("service_id") == 3]
BY_NAME = {v["name"]: v for v in NAS_VECTORS}

_LIBQMI_ENUM = re.compile(r"^(?P<name>[a-z0-9-]+) \((?P<value>\d+)\)$")


def assert_enum(ours: Any, libqmi: str, table: dict[str, int]) -> None:
    """libqmi writes "umts (5)": our name must be "umts" and mean 5."""
    m = _LIBQMI_ENUM.match(libqmi)
    assert m, f"not a libqmi enum expectation: {libqmi!r}"
    name = m["name"].replace("-", "_")
    assert ours == name
    assert table[ours] == int(m["value"])


def assert_matches(ours: dict[str, Any], expected: dict[str, Any], enums: dict[str, Any]) -> None:
    """Every key the vector gives must be present with exactly that value."""
    for key, want in expected.items():
        assert key in ours, f"{key} missing from {sorted(ours)}"
        if isinstance(want, str) and _LIBQMI_ENUM.match(want):
            assert_enum(ours[key], want, enums[key])
        else:
            assert ours[key] == want, key
            # True must not pass for 1, nor 1 for True; text may be a str subclass.
            assert (
                isinstance(ours[key], str)
                if isinstance(want, str)
                else (type(ours[key]) is type(want))
            ), key


def decode(vector: dict[str, Any]) -> Message:
    message = codec.decode_bytes(bytes.fromhex(vector["hex"]))
    frame = message.frame
    assert frame.service == vector["service_id"]
    assert frame.client_id == vector["client_id"]
    assert frame.transaction_id == vector["transaction_id"]
    assert frame.message_id == int(vector["message_id"], 16)
    assert frame.kind is Kind(vector["kind"])
    assert frame.qmux_flags == vector["qmux_flags"]
    assert [(f"0x{t:02X}", len(v), v.hex()) for t, v in frame.tlvs] == [
        (t["type"].upper().replace("0X", "0x"), t["length"], t["value"]) for t in vector["tlvs"]
    ]
    return message


def expect_success(message: Message, vector: dict[str, Any]) -> None:
    assert vector["expected"]["result"] == "success"
    assert message.result is not None
    assert message.result.ok
    assert message.check() is message


# ------------------------------------------------------------ per-vector checks


def check_request(vector: dict[str, Any]) -> None:
    """Requests: libqmi's bytes are what we emit for the same message, byte for byte."""
    message = decode(vector)
    assert message.definition is not None
    assert message.kind is Kind.REQUEST
    assert message.values == {}
    built = codec.build(
        message.definition,
        Kind.REQUEST,
        {},
        transaction_id=vector["transaction_id"],
        client_id=vector["client_id"],
    )
    assert built.hex() == vector["hex"]


def check_network_scan(vector: dict[str, Any]) -> None:
    message = decode(vector)
    expected = vector["expected"]
    expect_success(message, vector)
    networks = message.values["network_information"]
    assert len(networks) == len(expected["network_information"]) == 8
    names_of: dict[int, list[str]] = {}
    for want in expected["network_information"]:
        raw, _, names = want["network_status"].partition(" ")
        if names:
            names_of[int(raw, 16)] = [n.replace("-", "_") for n in names.split("|")]
    for ours, want in zip(networks, expected["network_information"], strict=True):
        assert (ours["mcc"], ours["mnc"], ours["description"]) == (
            want["mcc"],
            want["mnc"],
            want["description"],
        )
        status = int(want["network_status"].split()[0], 16)
        assert nas.NETWORK_STATUS.build(ours["network_status"]) == bytes([status])
        assert ours["network_status"] == names_of[status]
    rats = message.values["radio_access_technology"]
    for ours, want in zip(rats, expected["radio_access_technology"], strict=True):
        assert (ours["mcc"], ours["mnc"]) == (want["mcc"], want["mnc"])
        assert_enum(ours["radio_interface"], want["rat"], nas.RADIO_INTERFACE_VALUES)
    count, flag = re.fullmatch(
        r"(\d+) entries, all includes_pcs_digit = (true|false)",
        expected["mnc_pcs_digit_include_status"],
    ).groups()  # type: ignore[union-attr]
    pcs = message.values["mnc_pcs_digit_include_status"]
    assert len(pcs) == int(count)
    assert all(p["includes_pcs_digit"] is (flag == "true") for p in pcs)
    assert message.values["network_scan_result"] == "success"
    # TLV 0x14 is not declared by libqmi either: it stays raw, nothing is lost.
    assert set(message.unknown) == {0x14}
    assert len(message.unknown[0x14]) == 105


def check_cell_location_1(vector: dict[str, Any]) -> None:
    message = decode(vector)
    expect_success(message, vector)
    geran = message.values["geran_info"]
    assert (geran["cell_id"], geran["timing_advance"], geran["rx_level"]) == (0, 4294967295, 40)
    assert [
        (c["cell_id"], c["lac"], c["arfcn"], c["bsic"], c["rx_level"]) for c in geran["cells"]
    ] == [
        (28541, 179, 77, 17, 42),
        (15498, 179, 99, 48, 20),
        (15497, 179, 89, 17, 13),
    ]
    # libqmi prints the PLMN bytes as 50 244 81 = 0x32 0xF4 0x51: MCC 234, MNC 15.
    assert all(c["plmn"] == {"mcc": "234", "mnc": "15"} for c in geran["cells"])


def check_cell_location_2(vector: dict[str, Any]) -> None:
    message = decode(vector)
    expect_success(message, vector)
    assert vector["expected"]["intrafrequency_lte_info_v2"].startswith("parsed")
    lte = message.values["intrafrequency_lte_info"]
    assert lte["ue_in_idle"] is True
    assert lte["plmn"] == {"mcc": "999", "mnc": "40"}  # bytes 153 249 4
    assert (lte["tracking_area_code"], lte["global_cell_id"], lte["earfcn"]) == (153, 115201, 43390)
    assert (lte["serving_cell_id"], lte["cell_reselection_priority"]) == (0, 1)
    assert (lte["s_non_intra_search_threshold"], lte["serving_cell_low_threshold"]) == (62, 40)
    assert lte["s_intra_search_threshold"] == 62
    assert lte["cells"] == [
        {
            "physical_cell_id": 0,
            "rsrq": -67,
            "rsrp": -999,
            "rssi": -733,
            "cell_selection_rx_level": 30,
        }
    ]
    for name in (
        "interfrequency_lte_info",
        "lte_info_neighboring_gsm",
        "lte_info_neighboring_wcdma",
    ):
        assert message.values[name] == {"ue_in_idle": True, "frequencies": []}
    assert message.values["lte_timing_advance"] == 4294967295
    assert set(message.unknown) == {0x26, 0x27, 0x28, 0x2A, 0x2C}


def check_cell_location_geran(vector: dict[str, Any]) -> None:
    message = decode(vector)
    expect_success(message, vector)
    assert vector["expected"]["geran_info_v2"].startswith("parsed")
    geran = message.values["geran_info"]
    assert (geran["cell_id"], geran["lac"], geran["arfcn"], geran["bsic"]) == (2306, 1142, 989, 0)
    assert (geran["timing_advance"], geran["rx_level"]) == (0, 50)
    assert geran["plmn"] == {"mcc": "214", "mnc": "03"}  # bytes 18 244 48
    assert [c["arfcn"] for c in geran["cells"]] == [976, 982, 981, 983, 991, 986]
    assert [c["rx_level"] for c in geran["cells"]] == [40, 28, 26, 24, 23, 16]
    assert geran["cells"][1]["cell_id"] == 4294967295
    assert set(message.unknown) == {0x1B, 0x21, 0x24, 0x25}


def check_cell_location_invalid_request(vector: dict[str, Any]) -> None:
    check_request(vector)


def check_cell_location_invalid_response(vector: dict[str, Any]) -> None:
    """The answer to a 0x43 request carries id 0x44: it does not match the request."""
    request = BY_NAME["/libqmi-glib/generated/nas/get-cell-location-info/invalid [request]"]
    message = decode(vector)
    assert vector["expected"]["client_error"] == "QMI_CORE_ERROR_UNEXPECTED_MESSAGE"
    assert message.frame.transaction_id == request["transaction_id"]
    assert int(request["message_id"], 16) == 0x43
    assert message.frame.message_id == 0x44 != int(request["message_id"], 16)
    assert message.definition is None
    assert catalog.lookup(Service.NAS, 0x44) is None
    assert message.name == "0x0044"
    assert message.values == {}
    assert set(message.unknown) == {0x10}


def check_serving_system(vector: dict[str, Any]) -> None:
    message = decode(vector)
    expect_success(message, vector)
    assert message.values["current_plmn"] == vector["expected"]["current_plmn"]
    assert message.values["serving_system"] == {
        "registration_state": "registered",
        "cs_attach_state": "attached",
        "ps_attach_state": "attached",
        "selected_network": "3gpp",
        "radio_interfaces": ["umts"],
    }
    assert message.values["data_service_capability"] == ["hsdpa", "hsupa", "wcdma"]
    assert (message.values["lac_3gpp"], message.values["cid_3gpp"]) == (24500, 18045647)
    assert message.values["mnc_pcs_digit_include_status"] == {
        "mcc": 222,
        "mnc": 50,
        "includes_pcs_digit": False,
    }
    assert set(message.unknown) == {0x28}


_SYSTEM_INFO_ENUMS = {
    "domain": nas.SERVICE_DOMAIN_VALUES,
    "service_capability": nas.SERVICE_DOMAIN_VALUES,
    "roaming_status": nas.ROAMING_STATUS_VALUES,
}


def check_system_info(vector: dict[str, Any]) -> None:
    message = decode(vector)
    expect_success(message, vector)
    expected = vector["expected"]["lte_system_info_v2"]
    assert_matches(message.values["lte_system_info_v2"], expected, _SYSTEM_INFO_ENUMS)
    assert message.values["lte_service_status"]["service_status"] == "available"
    assert message.values["lte_cell_access_status"] == "all_calls"
    assert set(message.unknown) == {0x38, 0x39, 0x3E, 0x46}


def check_operator_name_garbage(vector: dict[str, Any]) -> None:
    message = decode(vector)
    expect_success(message, vector)
    plmns = message.values["operator_plmn_list"]
    expected = vector["expected"]["operator_plmn_list"]
    assert len(plmns) == len(expected)
    for ours, want in zip(plmns, expected, strict=True):
        assert_matches(ours, want, {})
    assert (plmns[0]["lac1"], plmns[0]["lac2"], plmns[0]["plmn_name_record_identifier"]) == (
        4660,
        22136,
        5,
    )


def check_parse_short(vector: dict[str, Any]) -> None:
    data = bytes.fromhex(vector["hex"])
    assert vector["expected"]["messages_parsed"] == 0
    extractor = FrameExtractor()
    assert extractor.feed(data) == []
    assert extractor.pending == len(data) == 32
    assert extractor.discarded == 0
    # The missing seven bytes complete it (this frame's RSSI byte is 0x66).
    [frame] = extractor.feed(bytes.fromhex("12040001001105"))
    assert isinstance(frame, Frame)
    assert extractor.pending == 0
    message = codec.decode_message(frame)
    assert message.name == "get_signal_strength"
    assert message.values["rssi_list"] == [{"rssi": 0x66, "radio_interface": "umts"}]


def check_parse_complete(vector: dict[str, Any]) -> None:
    expected = vector["expected"]
    frames = FrameExtractor().feed(bytes.fromhex(vector["hex"]))
    assert len(frames) == expected["messages_parsed"] == 1
    assert isinstance(frames[0], Frame)
    message = decode(vector)
    assert codec.decode_message(frames[0]).values == message.values
    expect_success(message, vector)
    strength = message.values["signal_strength"]
    assert strength["strength_dbm"] == expected["signal_strength"]["strength_dbm"] == -101
    radios = nas.RADIO_INTERFACE_VALUES
    assert_enum(strength["radio_interface"], expected["signal_strength"]["radio_interface"], radios)
    for list_name, field in (("rssi_list", "rssi"), ("ecio_list", "ecio")):
        ours = message.values[list_name]
        assert len(ours) == len(expected[list_name]) == 1
        for item, want in zip(ours, expected[list_name], strict=True):
            assert item[field] == want[field]
            assert_enum(item["radio_interface"], want["radio_interface"], radios)


def check_stream(vector: dict[str, Any]) -> None:
    assert vector["stream"] is True
    expected = vector["expected"]
    extractor = FrameExtractor()
    out = extractor.feed(bytes.fromhex(vector["hex"]))
    assert not [x for x in out if isinstance(x, FrameError)]
    assert len(out) == expected["messages_parsed"]
    assert extractor.pending == expected["leftover_bytes"]
    for frame in out:
        assert isinstance(frame, Frame)
        message = codec.decode_message(frame)
        assert message.name == "get_signal_strength"
        assert message.values["signal_strength"] == {
            "strength_dbm": -101,
            "radio_interface": "umts",
        }


def check_wrong_tlv(vector: dict[str, Any]) -> None:
    assert vector["expected"]["frame_valid"] is True
    message = decode(vector)
    assert message.definition is nas.GET_SERVING_SYSTEM
    assert "ERROR: Reading TLV would overflow" in vector["expected"]["printable_contains"]
    # Exactly one TLV (0x21, four bytes where five are due) is flagged...
    assert set(message.tlv_errors) == {"detailed_service_status"}
    error = message.tlv_errors["detailed_service_status"]
    assert "overflow" in error
    assert "reading tlv would overflow" in error.lower()
    assert "0x21" in error
    # ...and every other TLV still decodes.
    assert message.result is not None and message.result.ok
    assert message.values["serving_system"]["registration_state"] == "registered"
    assert message.values["serving_system"]["radio_interfaces"] == ["umts"]
    assert message.values["current_plmn"] == {"mcc": 310, "mnc": 260, "description": " T-Mobile"}
    assert message.values["data_service_capability"] == ["wcdma"]
    assert message.values["roaming_indicator"] == "off"
    assert message.values["roaming_indicator_list"] == [
        {"radio_interface": "umts", "roaming_indicator": "off"}
    ]
    assert (message.values["lac_3gpp"], message.values["cid_3gpp"]) == (0, 0)
    assert message.unknown == {}


def check_signed_int(vector: dict[str, Any]) -> None:
    """Sierra's vendor message 0x5556: understood at frame level, TLVs stay raw."""
    assert vector["vendor_id"] == "0x1199"
    message = decode(vector)
    assert message.definition is None
    assert catalog.lookup(Service.NAS, 0x5556) is None
    assert message.result is not None and message.result.ok
    assert message.unknown == {
        0x10: bytes.fromhex("0801fc0dffff020000"),
        0x01: bytes.fromhex("fb05090000"),
    }
    assert message.unknown[0x01][0] == 0xFB
    assert i8.parse(message.unknown[0x01][:1]) == -5
    assert "temperature = '-5'" in vector["expected"]["printable_contains"]


def check_empty_fixed_string(vector: dict[str, Any]) -> None:
    message = decode(vector)
    expected = vector["expected"]
    assert message.definition is nas.GET_SYSTEM_INFO
    assert message.result is None  # this frame has no result TLV
    lte = message.values["lte_system_info_v2"]
    assert "mcc = '' mnc = ''" in expected["printable_contains"]
    assert (lte["mcc"], lte["mnc"]) == ("", "")
    assert lte["network_id_valid"] is False
    assert lte["cid"] == int(expected["cid"], 16) == 0x02E7F60C
    assert lte["registration_reject_info_valid"] is True
    reject = expected["registration_reject"]
    assert nas.SERVICE_DOMAIN_VALUES[lte["registration_reject_domain"]] == reject["domain"] == 2
    assert lte["registration_reject_domain"] == "ps"
    assert nas.REJECT_CAUSE_VALUES[lte["registration_reject_cause"]] == reject["cause"] == 15
    assert lte["registration_reject_cause"] == "no_suitable_cells_in_location_area"
    assert lte["tac"] == expected["tac"] == 48717
    assert lte["tac_valid"] is True


CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "/libqmi-glib/generated/nas/network-scan [response]": check_network_scan,
    "/libqmi-glib/generated/nas/get-cell-location-info/1 [response]": check_cell_location_1,
    "/libqmi-glib/generated/nas/get-cell-location-info/2 [response]": check_cell_location_2,
    "/libqmi-glib/generated/nas/get-cell-location-info/invalid [response]": (
        check_cell_location_invalid_response
    ),
    "/libqmi-glib/compat/nas/get-cell-location-info/geran-info [response]": (
        check_cell_location_geran
    ),
    "/libqmi-glib/generated/nas/get-serving-system [response]": check_serving_system,
    "/libqmi-glib/generated/nas/get-system-info [response]": check_system_info,
    "/libqmi-glib/generated/nas/get-operator-name-garbage [response]": (
        check_operator_name_garbage
    ),
    "/libqmi-glib/message/parse/short": check_parse_short,
    "/libqmi-glib/message/parse/complete": check_parse_complete,
    "/libqmi-glib/message/parse/complete-and-short": check_stream,
    "/libqmi-glib/message/parse/complete-and-complete": check_stream,
    "/libqmi-glib/message/parse/wrong-tlv": check_wrong_tlv,
    "/libqmi-glib/message/parse/signed-int": check_signed_int,
    "/libqmi-glib/message/parse/empty-fixed-string": check_empty_fixed_string,
}


def _check_for(vector: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    if vector["name"] in CHECKS:
        return CHECKS[vector["name"]]
    if vector["name"].endswith("[request]"):
        return check_request
    raise AssertionError(f"no check written for NAS vector {vector['name']!r}")


def test_the_vector_file_has_the_nas_frames_we_expect() -> None:
    assert len(NAS_VECTORS) == 23
    assert set(CHECKS) <= set(BY_NAME)
    for vector in NAS_VECTORS:
        _check_for(vector)  # every vector has a check


@pytest.mark.parametrize("vector", NAS_VECTORS, ids=[v["name"] for v in NAS_VECTORS])
def test_nas_vector(vector: dict[str, Any]) -> None:
    _check_for(vector)(vector)
