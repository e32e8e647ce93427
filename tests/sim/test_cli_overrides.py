"""``pyqmi-sim --set FIELD=VALUE`` reads VALUE as the scenario field's own type."""

from __future__ import annotations

import re

import pytest

from pyqmi.sim.cli import _parse_override
from pyqmi.sim.scenarios import scenario


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pin=0012", ("pin", "0012")),  # a PIN is text: leading zeros stay
        ("imei=356938035643809", ("imei", "356938035643809")),
        ("pin_retries=3", ("pin_retries", 3)),
        ("register_after=none", ("register_after", None)),
        ("register_after=1.5", ("register_after", 1.5)),
        ("latency_ms=5", ("latency_ms", 5.0)),
        ("card_present=false", ("card_present", False)),
        ("require_auth=yes", ("require_auth", True)),
        ("apns=internet, ims", ("apns", ("internet", "ims"))),
        ("ip_families=4,6", ("ip_families", (4, 6))),
        ("operator_name=a=b", ("operator_name", "a=b")),
    ],
)
def test_value_takes_the_fields_type(text: str, expected: tuple[str, object]) -> None:
    assert _parse_override(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nope=1", "FIELD one of the scenario's"),
        ("pin", "FIELD one of the scenario's"),
        ("mtu=big", "expected a number (int)"),
        ("card_present=maybe", "expected true or false"),
        ("pin=none", None),  # not optional: the text "none" is a (wrong) PIN, not None
        ("signal_steps=1", "cannot be set on the command line"),
        ("message_latency_ms=5", "cannot be set on the command line"),
    ],
)
def test_bad_values_are_named(text: str, message: str | None) -> None:
    if message is None:
        assert _parse_override(text) == ("pin", "none")
        return
    with pytest.raises(ValueError, match=re.escape(message)):
        _parse_override(text)


def test_a_parsed_pin_unlocks_the_scenario_it_configures() -> None:
    name, value = _parse_override("pin=0012")
    sc = scenario("pin-required", **{name: value})
    assert sc.pin == "0012"
