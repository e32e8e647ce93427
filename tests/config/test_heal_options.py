"""The self-healing options: defaults that never flap an idle link, limits, the probe host."""

from __future__ import annotations

import pytest

from pyqmi.config import ConfigError, validate


def test_defaults_watch_once_a_minute_with_every_rung_and_roaming_allowed() -> None:
    s = validate({}, check_device=False).slices
    heal = s.heal
    assert (heal.stall_check, heal.stall_quiet, heal.stall_probe) == (60, 60, "")
    assert heal.recover_redial and heal.recover_reregister and heal.recover_reset
    assert s.radio.roaming is True


def test_options_are_read_and_the_watchdog_can_be_turned_off() -> None:
    raw = {"stall_check": "0", "stall_probe": "192.0.2.1", "recover_reset": "0", "roaming": "0"}
    s = validate(raw, check_device=False).slices
    assert s.heal.stall_check == 0 and s.heal.stall_probe == "192.0.2.1"
    assert not s.heal.recover_reset and not s.radio.roaming
    assert validate({"stall_probe": "dns.example.net"}, check_device=False).slices.heal.stall_probe


@pytest.mark.parametrize(
    ("name", "value"),
    [("stall_check", "-1"), ("stall_check", "3601"), ("stall_quiet", "0"), ("stall_probe", "a b")],
)
def test_bad_values_are_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        validate({name: value}, check_device=False)
    assert name in caught.value.message
