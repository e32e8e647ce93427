"""Secrets and identifiers stay out of repr() and redacted(), but stay usable."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pyqmi.qmi import catalog
from pyqmi.qmi.codec import build, decode_bytes
from pyqmi.qmi.errors import TlvError
from pyqmi.qmi.frame import Kind
from pyqmi.qmi.message import REDACTED, Message

PIN = "4791"
PUK = "83920571"
NEW_PIN = "6602"
IMEI = "359225050039973"
ICCID = "89490200001234567890"
IMSI = "262019876543210"
MSISDN = "+4915112345678"

# (service, message, kind, values, the secrets in those values)
CASES: list[tuple[str, str, Kind, dict[str, Any], list[str]]] = [
    ("dms", "uim_verify_pin", Kind.REQUEST, {"info": {"pin_id": 1, "pin": PIN}}, [PIN]),
    (
        "dms",
        "uim_unblock_pin",
        Kind.REQUEST,
        {"info": {"pin_id": 1, "puk": PUK, "new_pin": NEW_PIN}},
        [PUK, NEW_PIN],
    ),
    (
        "uim",
        "verify_pin",
        Kind.REQUEST,
        {
            "session": {"type": "card_slot_1", "aid": ""},
            "info": {"pin_id": "pin1", "pin": PIN},
        },
        [PIN],
    ),
    (
        "uim",
        "unblock_pin",
        Kind.REQUEST,
        {
            "session": {"type": "card_slot_1", "aid": ""},
            "info": {"pin_id": "pin1", "puk": PUK, "new_pin": NEW_PIN},
        },
        [PUK, NEW_PIN],
    ),
    ("dms", "get_ids", Kind.RESPONSE, {"imei": IMEI, "imei_software_version": "12"}, [IMEI]),
    ("dms", "uim_get_iccid", Kind.RESPONSE, {"iccid": ICCID}, [ICCID]),
    ("dms", "uim_get_imsi", Kind.RESPONSE, {"imsi": IMSI}, [IMSI]),
    ("dms", "get_msisdn", Kind.RESPONSE, {"msisdn": MSISDN}, [MSISDN]),
    (
        "uim",
        "read_transparent",
        Kind.RESPONSE,
        # EF ICCID as the card stores it: BCD with swapped nibbles.
        {"card_result": {"sw1": 0x90, "sw2": 0}, "read_result": "9894200000214365870f"},
        ["9894200000214365870f"],
    ),
]


def case_id(case: tuple[str, str, Kind, dict[str, Any], list[str]]) -> str:
    return f"{case[0]}-{case[1]}"


def decoded(case: tuple[str, str, Kind, dict[str, Any], list[str]]) -> Message:
    service, name, kind, values, _ = case
    return decode_bytes(build(catalog.get(service, name), kind, values, transaction_id=9))


def forms(secret: str) -> list[str]:
    """The ways a secret could show up in text: itself and its bytes in hex."""
    return [secret, secret.encode().hex()]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_secret_is_hidden_from_repr_and_redacted(
    case: tuple[str, str, Kind, dict[str, Any], list[str]],
) -> None:
    msg = decoded(case)
    shown = [repr(msg), str(msg), json.dumps(msg.redacted()), repr(msg.frame)]
    for secret in case[4]:
        for form in forms(secret):
            for text in shown:
                assert form not in text
    assert REDACTED in repr(msg)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_secret_is_still_in_values(case: tuple[str, str, Kind, dict[str, Any], list[str]]) -> None:
    msg = decoded(case)
    assert msg.values == case[3]
    flat = json.dumps(msg.values)
    for secret in case[4]:
        assert secret in flat


def test_non_personal_fields_are_shown() -> None:
    msg = decoded(CASES[4])
    assert msg.redacted() == {"imei": REDACTED, "imei_software_version": "12"}
    assert "imei_software_version': '12'" in repr(msg)


def test_build_errors_do_not_quote_a_secret() -> None:
    definition = catalog.get("dms", "uim_unblock_pin")
    # A PUK too long for its u8 length prefix; a new PIN of the wrong type.
    long_puk = PUK * 40
    for info in (
        {"pin_id": 1, "puk": long_puk, "new_pin": NEW_PIN},
        {"pin_id": 1, "puk": PUK, "new_pin": int(NEW_PIN)},
    ):
        with pytest.raises(TlvError) as caught:
            build(definition, Kind.REQUEST, {"info": info})
        assert PUK not in str(caught.value)
        assert NEW_PIN not in str(caught.value)
        assert REDACTED in str(caught.value)
