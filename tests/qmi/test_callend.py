"""Call end reasons as facts: names, the short reason, the IP version allowed, no policy."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Any

import pytest

import pyqmi.qmi
from pyqmi.config.schema import OPTIONS
from pyqmi.qmi import callend, catalog, codec
from pyqmi.qmi.callend import (
    ALLOWED_FAMILY,
    CALL_END_REASONS,
    TYPE_3GPP,
    TYPE_CM,
    TYPE_EHRPD,
    TYPE_INTERNAL,
    TYPE_IPV6,
    TYPE_PPP,
    VERBOSE_REASONS,
    VERBOSE_TYPES,
    CallEnd,
    call_end_reason_name,
    verbose_reason_name,
    verbose_type_name,
)
from pyqmi.qmi.frame import Kind
from pyqmi.qmi.message import Message, Result

# --- names ---------------------------------------------------------------------


def test_names_follow_libqmi() -> None:
    assert call_end_reason_name(1) == "generic_unspecified"
    assert call_end_reason_name(2) == "generic_client_end"
    assert call_end_reason_name(10) == "generic_authentication_failed"
    assert call_end_reason_name(1013) == "gsm_wcdma_unknown_apn"
    assert verbose_type_name(6) == "3gpp"
    assert verbose_reason_name(TYPE_3GPP, 27) == "unknown_apn"
    assert verbose_reason_name(TYPE_3GPP, 29) == "authentication_failed"
    assert verbose_reason_name(TYPE_3GPP, 33) == "option_unsubscribed"
    assert verbose_reason_name(TYPE_3GPP, 50) == "ipv4_only_allowed"
    assert verbose_reason_name(TYPE_3GPP, 51) == "ipv6_only_allowed"
    assert verbose_reason_name(TYPE_3GPP, 52) == "single_address_bearer_only"
    assert verbose_reason_name(TYPE_PPP, 2) == "authentication_failure"
    assert verbose_reason_name(TYPE_PPP, -1) == "unknown"
    assert verbose_reason_name(TYPE_INTERNAL, 231) == "ip_version_mismatch"
    assert verbose_reason_name(TYPE_CM, 2001) == "no_service"


def test_unknown_numbers_get_readable_names() -> None:
    assert call_end_reason_name(9999) == "unknown_9999"
    assert verbose_type_name(42) == "unknown_type_42"
    assert verbose_reason_name(TYPE_3GPP, 77) == "unknown_77"
    assert verbose_reason_name(42, 1) == "unknown_1"
    assert verbose_reason_name(TYPE_PPP, -300) == "unknown_-300"


def test_tables_are_consistent() -> None:
    assert set(VERBOSE_TYPES) == {1, 2, 3, 6, 7, 8, 9}
    assert set(VERBOSE_REASONS) == set(VERBOSE_TYPES)
    tables = [CALL_END_REASONS, *VERBOSE_REASONS.values()]
    for table in tables:
        names = list(table.values())
        assert len(names) == len(set(names)), "a name is used twice in one table"
        for name in names:
            assert name == name.lower()
            assert " " not in name
            assert "-" not in name
    for (vtype, reason), family in ALLOWED_FAMILY.items():
        assert reason in VERBOSE_REASONS[vtype], "an allowed family for an unnamed reason"
        assert family in (4, 6)


# --- the facts -----------------------------------------------------------------


def test_facts_name_every_number_and_say_it_in_short() -> None:
    end = CallEnd(1, TYPE_3GPP, 27)
    assert end.verbose == (TYPE_3GPP, 27)
    assert (end.call_end_reason_name, end.verbose_type_name, end.verbose_reason_name) == (
        "generic_unspecified",
        "3gpp",
        "unknown_apn",
    )
    assert end.reason == "3gpp:unknown_apn (27), generic_unspecified (1)"
    assert end.given


@pytest.mark.parametrize(
    ("vtype", "reason", "family"),
    [
        (TYPE_3GPP, 50, 4),  # ipv4_only_allowed
        (TYPE_3GPP, 51, 6),  # ipv6_only_allowed
        (TYPE_EHRPD, 1, 4),  # subscription_limited_to_ipv4
        (TYPE_EHRPD, 2, 6),  # subscription_limited_to_ipv6
        (TYPE_IPV6, 3, 4),  # disabled
        (TYPE_3GPP, 52, None),  # single_address_bearer_only: either, not which
        (TYPE_INTERNAL, 231, None),  # ip_version_mismatch: says no version
        (TYPE_3GPP, 27, None),
    ],
)
def test_allowed_family(vtype: int, reason: int, family: int | None) -> None:
    assert CallEnd(1, vtype, reason).allowed_family == family


def test_unknown_values_give_readable_names_not_a_crash() -> None:
    end = CallEnd(31337, 99, 12345)
    assert end.call_end_reason_name == "unknown_31337"
    assert end.verbose_type_name == "unknown_type_99"
    assert end.verbose_reason_name == "unknown_12345"
    assert end.reason == "unknown_type_99:unknown_12345 (12345), unknown_31337 (31337)"
    assert CallEnd(None, TYPE_3GPP, -5).verbose_reason_name == "unknown_-5"


def test_nothing_known() -> None:
    end = CallEnd()
    assert end.reason == "no reason given"
    assert not end.given
    assert end.allowed_family is None and end.verbose is None


def test_verbose_type_without_reason_is_not_a_verbose_reason() -> None:
    end = CallEnd(3, TYPE_3GPP, None)
    assert end.verbose is None and end.verbose_reason_name is None
    assert end.verbose_type_name == "3gpp"
    assert end.reason == "generic_no_service (3)"


# --- from decoded messages ----------------------------------------------------


def _start_network_failure(values: dict[str, Any]) -> Message:
    defn = catalog.get("wds", "start_network")
    data = codec.build(defn, Kind.RESPONSE, values, result=Result(1, 14))  # CALL_FAILED
    return codec.decode_bytes(data)


@pytest.mark.parametrize(
    ("cause", "name", "family"),
    [
        (50, "ipv4_only_allowed", 4),  # ZTE MF821 refusing IPv4v6 (seed 000)
        (29, "authentication_failed", None),  # then refusing auth none (seed 000)
        (27, "unknown_apn", None),
        (33, "option_unsubscribed", None),
    ],
)
def test_facts_from_a_start_network_response(cause: int, name: str, family: int | None) -> None:
    msg = _start_network_failure(
        {
            "call_end_reason": "generic_unspecified",
            "verbose_call_end_reason": {"type": "3gpp", "reason": cause},
        }
    )
    end = callend.from_message(msg)
    assert end == CallEnd(1, TYPE_3GPP, cause)
    assert end.verbose_reason_name == name
    assert end.allowed_family == family
    assert end.reason == f"3gpp:{name} ({cause}), generic_unspecified (1)"


def test_facts_from_a_packet_service_status_indication() -> None:
    defn = catalog.get("wds", "get_packet_service_status")
    data = codec.build(
        defn,
        Kind.INDICATION,
        {
            "connection_status": {"status": "disconnected", "reconfiguration_required": False},
            "call_end_reason": "generic_authentication_failed",
            "verbose_call_end_reason": {"type": "ppp", "reason": 2},
        },
    )
    end = callend.from_message(codec.decode_bytes(data))
    assert end == CallEnd(10, TYPE_PPP, 2)
    assert end.verbose_reason_name == "authentication_failure"


def test_facts_from_a_message_with_unnamed_numbers() -> None:
    msg = _start_network_failure(
        {"call_end_reason": 4321, "verbose_call_end_reason": {"type": 77, "reason": 5}}
    )
    end = callend.from_message(msg)
    assert end == CallEnd(4321, 77, 5)
    assert end.verbose_type_name == "unknown_type_77"


def test_facts_from_a_message_with_a_truncated_verbose_tlv() -> None:
    # A 3-byte verbose reason does not parse: it counts as "not given".
    body = {0x02: struct.pack("<HH", 1, 14), 0x10: struct.pack("<H", 10), 0x11: b"\x06\x00\x1b"}
    tlvs = b"".join(bytes([t]) + struct.pack("<H", len(v)) + v for t, v in body.items())
    sdu = bytes([0x02]) + struct.pack("<HHH", 1, 0x0020, len(tlvs)) + tlvs
    frame = bytes([0x01]) + struct.pack("<H", 5 + len(sdu)) + bytes([0x80, 0x01, 0x02]) + sdu
    msg = codec.decode_bytes(frame)
    assert "verbose_call_end_reason" in msg.tlv_errors
    assert callend.from_message(msg) == CallEnd(10, None, None)


def test_facts_from_a_message_without_reasons() -> None:
    end = callend.from_message(_start_network_failure({}))
    assert end == CallEnd()
    assert end.reason == "no reason given"


# --- qmi/ knows facts, not options ---------------------------------------------

_OPTION_NAMES = "|".join(sorted((re.escape(o.name) for o in OPTIONS), key=len, reverse=True))
_NAMES_AN_OPTION = re.compile(rf"\boptions?\s+(?:{_OPTION_NAMES})\b|\buci\b|pdptype", re.I)


def test_no_advice_naming_an_option_in_qmi() -> None:
    root = Path(pyqmi.qmi.__file__).parent
    sources = sorted(root.rglob("*.py"))
    assert root / "callend.py" in sources
    hits = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if _NAMES_AN_OPTION.search(line)
    ]
    assert hits == [], "qmi/ words advice about options; that belongs in session/failures.py"


def test_the_option_check_catches_advice() -> None:
    for line in (
        '"the network allows only IPv4: set option pdptype to ip"',
        '"check options username, password and auth"',
        '"check option apn"',
    ):
        assert _NAMES_AN_OPTION.search(line), line
    assert not _NAMES_AN_OPTION.search('1018: "gsm_wcdma_option_unsubscribed",')
