"""Call end reasons: names, categories for the connection policy, advice for the user."""

from __future__ import annotations

import struct

import pytest

from pyqmi.qmi import catalog, codec
from pyqmi.qmi.callend import (
    CALL_END_REASONS,
    TYPE_3GPP,
    TYPE_CM,
    TYPE_EHRPD,
    TYPE_INTERNAL,
    TYPE_IPV6,
    TYPE_MIP,
    TYPE_PPP,
    VERBOSE_REASONS,
    VERBOSE_TYPES,
    CallFailure,
    FailureCategory,
    call_end_reason_name,
    classify,
    classify_message,
    verbose_reason_name,
    verbose_type_name,
)
from pyqmi.qmi.frame import Kind
from pyqmi.qmi.message import Result

Cat = FailureCategory


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


# --- categories ----------------------------------------------------------------

CATEGORY_CASES: list[tuple[int | None, int | None, int | None, FailureCategory]] = [
    (1, TYPE_3GPP, 27, Cat.UNKNOWN_APN),
    (1, TYPE_3GPP, 29, Cat.AUTH_FAILED),
    (1, TYPE_3GPP, 33, Cat.NOT_SUBSCRIBED),
    (1, TYPE_3GPP, 8, Cat.NOT_SUBSCRIBED),
    (1, TYPE_3GPP, 50, Cat.PDP_TYPE_REJECTED),
    (1, TYPE_3GPP, 51, Cat.PDP_TYPE_REJECTED),
    (1, TYPE_3GPP, 52, Cat.PDP_TYPE_REJECTED),
    (1, TYPE_3GPP, 28, Cat.PDP_TYPE_REJECTED),
    (None, TYPE_INTERNAL, 231, Cat.PDP_TYPE_REJECTED),
    (None, TYPE_INTERNAL, 238, Cat.PDP_TYPE_REJECTED),
    (None, TYPE_IPV6, 3, Cat.PDP_TYPE_REJECTED),
    (None, TYPE_EHRPD, 1, Cat.PDP_TYPE_REJECTED),
    (1, TYPE_PPP, 2, Cat.AUTH_FAILED),
    (None, TYPE_PPP, 31, Cat.AUTH_FAILED),
    (None, TYPE_PPP, 32, Cat.AUTH_FAILED),
    (None, TYPE_MIP, 67, Cat.AUTH_FAILED),
    (10, None, None, Cat.AUTH_FAILED),
    (1013, None, None, Cat.UNKNOWN_APN),
    (1018, None, None, Cat.NOT_SUBSCRIBED),
    (1014, None, None, Cat.PDP_TYPE_REJECTED),
    (None, TYPE_INTERNAL, 253, Cat.UNKNOWN_APN),
    (3, None, None, Cat.TRANSIENT),
    (None, TYPE_3GPP, 26, Cat.TRANSIENT),
    (None, TYPE_INTERNAL, 209, Cat.TRANSIENT),
    (None, TYPE_CM, 2001, Cat.TRANSIENT),
    (1, TYPE_3GPP, 31, Cat.OTHER),
    (2, None, None, Cat.OTHER),
    (None, None, None, Cat.OTHER),
]


@pytest.mark.parametrize(
    ("call_end", "vtype", "vreason", "category"),
    CATEGORY_CASES,
    ids=[f"{c}-{t}-{r}" for c, t, r, _ in CATEGORY_CASES],
)
def test_category(
    call_end: int | None, vtype: int | None, vreason: int | None, category: FailureCategory
) -> None:
    failure = classify(call_end, vtype, vreason)
    assert failure.category is category
    assert failure.meaning
    assert str(failure)


def test_verbose_category_wins_over_call_end_reason() -> None:
    # Legacy says "authentication failed", the network's cause says unknown APN.
    assert classify(10, TYPE_3GPP, 27).category is Cat.UNKNOWN_APN


def test_call_end_reason_used_when_verbose_has_no_category() -> None:
    failure = classify(10, TYPE_3GPP, 31)
    assert failure.category is Cat.AUTH_FAILED
    assert "username" in failure.meaning


def test_configuration_errors() -> None:
    assert Cat.UNKNOWN_APN.is_configuration_error
    assert Cat.AUTH_FAILED.is_configuration_error
    assert Cat.PDP_TYPE_REJECTED.is_configuration_error
    assert Cat.NOT_SUBSCRIBED.is_configuration_error
    assert not Cat.TRANSIENT.is_configuration_error
    assert not Cat.OTHER.is_configuration_error


def test_category_values_are_stable_strings() -> None:
    assert {c.value for c in Cat} == {
        "pdp_type_rejected",
        "auth_failed",
        "unknown_apn",
        "not_subscribed",
        "transient",
        "other",
    }


# --- what the user reads ------------------------------------------------------


def test_unknown_apn_advice_names_the_apn_and_the_option() -> None:
    failure = classify(1, TYPE_3GPP, 27, apn="web.provider")
    assert failure.meaning == "the network does not know APN 'web.provider': check option apn"
    assert failure.reason == "3gpp:unknown_apn (27), generic_unspecified (1)"
    assert str(failure).endswith("[3gpp:unknown_apn (27), generic_unspecified (1)]")


def test_auth_advice_points_at_credentials() -> None:
    failure = classify(None, TYPE_3GPP, 29, apn="corp")
    assert "APN 'corp'" in failure.meaning
    for word in ("username", "password", "auth"):
        assert word in failure.meaning


def test_pdp_type_advice_says_which_version_to_use() -> None:
    only_v4 = classify(1, TYPE_3GPP, 50, apn="x")
    assert only_v4.meaning.endswith("set option pdptype to ip")
    assert only_v4.allowed_family == 4
    only_v6 = classify(1, TYPE_3GPP, 51, apn="x")
    assert only_v6.meaning.endswith("set option pdptype to ipv6")
    assert only_v6.allowed_family == 6
    single = classify(1, TYPE_3GPP, 52, apn="x")
    assert "ip or ipv6" in single.meaning
    assert single.allowed_family is None
    assert classify(None, TYPE_INTERNAL, 231).allowed_family is None
    assert classify(1, TYPE_3GPP, 27).allowed_family is None


def test_not_subscribed_advice() -> None:
    failure = classify(None, TYPE_3GPP, 33, apn="ims")
    assert "subscription" in failure.meaning
    assert "APN 'ims'" in failure.meaning


def test_apn_wording() -> None:
    assert "the APN" in classify(None, TYPE_3GPP, 27).meaning
    assert "empty APN" in classify(None, TYPE_3GPP, 27, apn="").meaning


def test_unknown_values_give_a_readable_fallback_not_a_crash() -> None:
    failure = classify(31337, 99, 12345)
    assert failure.category is Cat.OTHER
    assert failure.call_end_reason_name == "unknown_31337"
    assert failure.verbose_type_name == "unknown_type_99"
    assert failure.verbose_reason_name == "unknown_12345"
    assert "unknown_type_99:unknown_12345 (12345)" in failure.meaning
    # The reason is already in the meaning; str() does not repeat it.
    assert str(failure) == failure.meaning
    negative = classify(None, TYPE_3GPP, -5)
    assert negative.verbose_reason_name == "unknown_-5"


def test_nothing_known() -> None:
    failure = classify(None, None, None)
    assert failure == CallFailure(
        category=Cat.OTHER, meaning="the data call failed and the modem gave no reason"
    )
    assert failure.reason == "no reason given"


def test_verbose_type_without_reason_is_not_a_verbose_reason() -> None:
    failure = classify(3, TYPE_3GPP, None)
    assert failure.category is Cat.TRANSIENT
    assert failure.verbose_reason_name is None
    assert failure.reason == "generic_no_service (3)"


def test_apn_with_braces_is_not_a_format_string() -> None:
    failure = classify(None, TYPE_3GPP, 27, apn="{reason}")
    assert "APN '{reason}'" in failure.meaning


# --- from decoded messages ----------------------------------------------------


def test_classify_start_network_response() -> None:
    defn = catalog.get("wds", "start_network")
    data = codec.build(
        defn,
        Kind.RESPONSE,
        {
            "call_end_reason": "generic_unspecified",
            "verbose_call_end_reason": {"type": "3gpp", "reason": 33},
        },
        result=Result(1, 14),
    )
    failure = classify_message(codec.decode_bytes(data), apn="internet")
    assert failure.category is Cat.NOT_SUBSCRIBED
    assert (failure.call_end_reason, failure.verbose_type, failure.verbose_reason) == (1, 6, 33)
    assert "APN 'internet'" in failure.meaning


def test_classify_packet_service_status_indication() -> None:
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
    failure = classify_message(codec.decode_bytes(data))
    assert failure.category is Cat.AUTH_FAILED
    assert failure.verbose_reason_name == "authentication_failure"


def test_classify_message_with_unnamed_numbers() -> None:
    defn = catalog.get("wds", "start_network")
    data = codec.build(
        defn,
        Kind.RESPONSE,
        {"call_end_reason": 4321, "verbose_call_end_reason": {"type": 77, "reason": 5}},
    )
    failure = classify_message(codec.decode_bytes(data))
    assert failure.category is Cat.OTHER
    assert (failure.call_end_reason, failure.verbose_type, failure.verbose_reason) == (4321, 77, 5)
    assert failure.verbose_type_name == "unknown_type_77"


def test_classify_message_with_truncated_verbose_tlv() -> None:
    # A 3-byte verbose reason does not parse: it counts as "not given".
    body = {0x02: struct.pack("<HH", 1, 14), 0x10: struct.pack("<H", 10), 0x11: b"\x06\x00\x1b"}
    tlvs = b"".join(bytes([t]) + struct.pack("<H", len(v)) + v for t, v in body.items())
    sdu = bytes([0x02]) + struct.pack("<HHH", 1, 0x0020, len(tlvs)) + tlvs
    frame = bytes([0x01]) + struct.pack("<H", 5 + len(sdu)) + bytes([0x80, 0x01, 0x02]) + sdu
    msg = codec.decode_bytes(frame)
    assert "verbose_call_end_reason" in msg.tlv_errors
    failure = classify_message(msg)
    assert failure.category is Cat.AUTH_FAILED
    assert failure.verbose_type is None


def test_classify_message_without_reasons() -> None:
    defn = catalog.get("wds", "start_network")
    msg = codec.decode_bytes(codec.build(defn, Kind.RESPONSE, {}, result=Result(1, 14)))
    failure = classify_message(msg)
    assert failure.category is Cat.OTHER
    assert failure.reason == "no reason given"
