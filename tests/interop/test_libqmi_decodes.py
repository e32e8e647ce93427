"""libqmi reads what pyqmi writes, for every message on the connect path.

For each message and direction, hypothesis draws batches of random field values
(any subset of the catalog's TLVs, every value in its layout's range), pyqmi
builds the frames, libqmi 1.32 decodes them (tools/libqmi_decode.py, one
process per batch) and every value libqmi reads back must be the one pyqmi put
in.  The QMUX/QMI header (service, client, transaction) and the result TLV of
responses are checked too.

``PYQMI_INTEROP_EXAMPLES`` raises the number of batches per message (default 5,
of ``BATCH`` frames each).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pyqmi.qmi import catalog
from pyqmi.qmi.codec import build
from pyqmi.qmi.frame import Kind
from pyqmi.qmi.message import MessageDef, Result
from pyqmi.qmi.protocol_errors import PROTOCOL_ERRORS
from pyqmi.qmi.services import Service, service_name

from .conftest import Decoder, LibqmiNames
from .layouts import shape
from .libqmi_text import Comparer, ParseError, parse
from .strategies import message_values, results

BATCH = 8
EXAMPLES = int(os.environ.get("PYQMI_INTEROP_EXAMPLES", "5"))
# Shrinking a failed batch costs a libqmi run per step; PYQMI_INTEROP_SHRINK=0 skips it.
PHASES = (
    tuple(Phase)
    if os.environ.get("PYQMI_INTEROP_SHRINK", "1") != "0"
    else (Phase.explicit, Phase.reuse, Phase.generate, Phase.target)
)

R, S, IND = Kind.REQUEST, Kind.RESPONSE, Kind.INDICATION
CONNECT_PATH: dict[tuple[str, str], tuple[Kind, ...]] = {
    ("ctl", "allocate_cid"): (R, S),
    ("ctl", "release_cid"): (R, S),
    ("ctl", "get_version_info"): (R, S),
    ("ctl", "sync"): (R, S, IND),
    ("dms", "get_ids"): (R, S),
    ("dms", "get_revision"): (R, S),
    ("dms", "get_manufacturer"): (R, S),
    ("dms", "get_model"): (R, S),
    ("dms", "get_operating_mode"): (R, S),
    ("dms", "set_operating_mode"): (R, S),
    ("dms", "uim_get_pin_status"): (R, S),
    ("dms", "uim_verify_pin"): (R, S),
    ("uim", "get_card_status"): (R, S),
    ("uim", "card_status"): (IND,),
    ("uim", "verify_pin"): (R, S),
    ("uim", "power_off_sim"): (R, S),
    ("uim", "power_on_sim"): (R, S),
    ("nas", "get_serving_system"): (R, S, IND),
    ("nas", "get_signal_info"): (R, S),
    ("nas", "config_signal_info"): (R, S),
    ("nas", "signal_info"): (IND,),
    ("nas", "get_system_info"): (R, S),
    ("nas", "system_info"): (IND,),
    ("nas", "initiate_network_register"): (R, S),
    ("nas", "get_system_selection_preference"): (R, S),
    ("nas", "set_system_selection_preference"): (R, S),
    ("nas", "register_indications"): (R, S),
    ("nas", "get_home_network"): (R, S),
    ("wda", "get_data_format"): (R, S),
    ("wda", "set_data_format"): (R, S),
    ("wds", "start_network"): (R, S),
    ("wds", "stop_network"): (R, S),
    ("wds", "get_packet_service_status"): (R, S, IND),
    ("wds", "get_current_settings"): (R, S),
    ("wds", "set_ip_family"): (R, S),
    ("wds", "get_profile_list"): (R, S),
    ("wds", "get_profile_settings"): (R, S),
    ("wds", "modify_profile"): (R, S),
}
CASES = [
    pytest.param(service, name, kind, id=f"{service}.{name}.{kind.value}")
    for (service, name), kinds in CONNECT_PATH.items()
    for kind in kinds
]

# TLVs pyqmi knows that libqmi 1.32.2 has no printer for: (service, message, kind, type).
# Each was checked against libqmi's data/*.json: they arrived in libqmi 1.34 or 1.36.
LIBQMI_UNKNOWN: dict[tuple[str, str, Kind, int], str] = {
    ("wds", "get_packet_service_status", Kind.INDICATION, 0x14): "bearer_id, 1.36",
    ("wds", "get_packet_service_status", Kind.INDICATION, 0x15): "xlat_capability, 1.36",
    ("nas", "get_signal_info", Kind.RESPONSE, 0x19): "wcdma_rscp, 1.34",
    ("nas", "signal_info", Kind.INDICATION, 0x19): "wcdma_rscp, 1.34",
    **{
        ("wds", name, kind, tlv): "address_allocation_preference, clat, prefix delegation: 1.36"
        for name, kind in (
            ("modify_profile", Kind.REQUEST),
            ("get_profile_settings", Kind.RESPONSE),
        )
        for tlv in (0x2D, 0xDE, 0xDF)
    },
    **{
        ("wds", name, kind, tlv): "pdp_access_control 1.36, vlan_id_range 1.40"
        for name, kind in (
            ("modify_profile", Kind.REQUEST),
            ("get_profile_settings", Kind.RESPONSE),
        )
        for tlv in (0x20, 0x50)
    },
}


def _frame_values(definition: MessageDef, kind: Kind) -> st.SearchStrategy[dict[str, Any]]:
    ctl = definition.service == Service.CTL
    return st.fixed_dictionaries(
        {
            "values": message_values(definition, kind),
            "transaction_id": st.integers(1, 0xFF if ctl else 0xFFFF),
            "client_id": st.just(0) if ctl else st.integers(1, 0xFF),
            "result": results() if kind is Kind.RESPONSE else st.none(),
        }
    )


def _check_result(result: Result, translated: str | None, names: LibqmiNames) -> list[str]:
    """libqmi read the status and error code pyqmi wrote (names: see test_error_names)."""
    wanted = "SUCCESS" if result.ok else f"FAILURE: {names.errors.get(result.error, '(null)')}"
    if translated != wanted:
        return [f"result TLV: pyqmi put {result} ({wanted!r}), libqmi read {translated!r}"]
    return []


def check_frame(
    definition: MessageDef,
    kind: Kind,
    drawn: dict[str, Any],
    decoded: dict[str, Any],
    names: LibqmiNames,
) -> list[str]:
    """Every disagreement between what pyqmi encoded and what libqmi decoded."""
    if decoded["error"] is not None:
        return [f"libqmi refused the frame: {decoded['error']}"]
    problems: list[str] = []
    if decoded["service"] != service_name(definition.service).lower():
        problems.append(f"service: libqmi read {decoded['service']!r}")
    if not decoded["message"] or "unknown" in decoded["message"].lower():
        problems.append(f"libqmi does not know message 0x{definition.message_id:04x}")
    if decoded.get("transaction") != drawn["transaction_id"]:
        problems.append(f"transaction: {drawn['transaction_id']} != {decoded.get('transaction')}")
    if definition.service != Service.CTL and decoded.get("client") != drawn["client_id"]:
        problems.append(f"client: {drawn['client_id']} != {decoded.get('client')}")

    tlv_defs = {t.name: t for t in definition.tlvs_for(kind)}
    wanted_types = {tlv_defs[name].type for name in drawn["values"]}
    by_type = {t["type"]: t for t in decoded["tlvs"]}
    if kind is Kind.RESPONSE:
        wanted_types.add(0x02)
        problems += _check_result(drawn["result"], by_type.get(0x02, {}).get("translated"), names)
    if set(by_type) != wanted_types or len(decoded["tlvs"]) != len(wanted_types):
        problems.append(f"TLV types: pyqmi wrote {sorted(wanted_types)}, libqmi saw {by_type}")

    service = service_name(definition.service).lower()
    for name, value in drawn["values"].items():
        tlv = tlv_defs[name]
        seen = by_type.get(tlv.type)
        if seen is None:
            continue
        where = f"{definition.name} {kind.value} TLV 0x{tlv.type:02x} {name}"
        if seen["translated"] is None:
            if (service, definition.name, kind, tlv.type) not in LIBQMI_UNKNOWN:
                problems.append(f"{where}: libqmi has no printer for it ({seen['name']!r})")
            continue
        try:
            tree = parse(seen["translated"])
        except ParseError as exc:
            problems.append(f"{where}: cannot read libqmi's text: {exc}")
            continue
        comparer = Comparer(names.ints)
        comparer.compare(shape(tlv.layout), value, tree, where, name)
        problems += comparer.problems
    return problems


@pytest.mark.parametrize(("service", "name", "kind"), CASES)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=PHASES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_libqmi_reads_what_pyqmi_writes(
    libqmi: Decoder,
    libqmi_names: LibqmiNames,
    service: str,
    name: str,
    kind: Kind,
    data: st.DataObject,
) -> None:
    definition = catalog.get(service, name)
    batch = data.draw(st.lists(_frame_values(definition, kind), min_size=BATCH, max_size=BATCH))
    frames = [
        build(
            definition,
            kind,
            drawn["values"],
            transaction_id=drawn["transaction_id"],
            client_id=drawn["client_id"],
            result=drawn["result"],
        )
        for drawn in batch
    ]
    for drawn, decoded in zip(batch, libqmi(frames), strict=True):
        problems = check_frame(definition, kind, drawn, decoded, libqmi_names)
        assert not problems, "\n".join(problems) + "\n\nlibqmi printed:\n" + decoded["printable"]


def test_every_connect_path_message_is_in_the_catalog() -> None:
    for (service, name), kinds in CONNECT_PATH.items():
        definition = catalog.get(service, name)
        for kind in kinds:
            for tlv in definition.tlvs_for(kind):
                shape(tlv.layout)  # every layout has a strategy and a comparison


def test_a_wrong_layout_is_caught(libqmi: Decoder, libqmi_names: LibqmiNames) -> None:
    """The comparison is not vacuous: a frame with a shifted field must fail it."""
    definition = catalog.get("wds", "get_packet_service_status")
    good = build(definition, Kind.INDICATION, {"ip_family": "ipv6"}, transaction_id=1, client_id=1)
    # Same TLV, but the value of 0x12 says ipv4.
    bad = good[:-1] + bytes([4])
    drawn = {"values": {"ip_family": "ipv6"}, "transaction_id": 1, "client_id": 1, "result": None}
    ok, wrong = libqmi([good, bad])
    assert check_frame(definition, Kind.INDICATION, drawn, ok, libqmi_names) == []
    problems = check_frame(definition, Kind.INDICATION, drawn, wrong, libqmi_names)
    assert problems and "ip_family" in problems[0]


# Codes whose libqmi 1.32 name is wrong, not pyqmi's: libqmi's nick for 105
# (QMI_PROTOCOL_ERROR_PIN2_RESTRICTION) is "Pin1Restriction".
LIBQMI_ERROR_NAME_SLIPS = {105: "Pin1Restriction"}


def test_error_names_agree_with_libqmi(libqmi_names: LibqmiNames) -> None:
    """pyqmi's protocol error table names every code as libqmi does (modulo CamelCase)."""

    def squash(name: str) -> str:
        return name.replace("_", "").upper()

    problems = []
    for code, name in sorted(PROTOCOL_ERRORS.items()):
        theirs = libqmi_names.errors.get(code)
        if theirs == LIBQMI_ERROR_NAME_SLIPS.get(code):
            continue
        if theirs is None or squash(theirs) != squash(name):
            problems.append(f"{code}: pyqmi {name}, libqmi {theirs}")
    missing = sorted(set(libqmi_names.errors) - set(PROTOCOL_ERRORS))
    problems += [
        f"{code}: pyqmi has no name, libqmi {libqmi_names.errors[code]}" for code in missing
    ]
    assert not problems, "\n".join(problems)
