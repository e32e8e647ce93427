"""The slices validation builds: complete, built once, frozen, secrets out of repr, the mtu rule."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from pyqmi import frozen
from pyqmi.config import validate
from pyqmi.config.schema import OPTIONS
from pyqmi.config.slices import SLICE_TYPES, UNSLICED, Slices, build_slices
from pyqmi.frozen import field_names
from pyqmi.netifd import payload


def slices(**options: Any) -> Slices:
    return validate(options, check_device=False).slices


def test_every_option_is_in_exactly_one_slice() -> None:
    assert list(SLICE_TYPES) == list(field_names(Slices))
    owners: dict[str, list[str]] = {}
    for name, cls in SLICE_TYPES.items():
        for option in field_names(cls):
            owners.setdefault(option, []).append(name)
    assert {n: o for n, o in owners.items() if len(o) > 1} == {}
    assert set(owners) | UNSLICED == {o.name for o in OPTIONS}
    assert not set(owners) & UNSLICED


def test_validation_builds_the_slices_once_with_the_resolved_values() -> None:
    loaded = validate(
        {"apn": "web", "username": "u", "password": "pw", "pdptype": "dual", "timeout": "30"},
        check_device=False,
    )
    assert loaded.slices is loaded.slices  # a field, not rebuilt per access
    call, waits = loaded.slices.call, loaded.slices.waits
    assert (call.apn, call.auth, call.pdptype, call.autoconnect) == ("web", "both", "IPV4V6", False)
    assert (waits.timeout, waits.registration_timeout) == (30, 30)  # resolved from timeout
    assert call.dual_stack and call.wants_ipv4 and call.wants_ipv6 and call.ipv6_apn == "web"
    # The slices and Config agree on every value they share.
    config = frozen.as_dict(loaded.config)
    assert build_slices(config) == loaded.slices
    for part in field_names(Slices):
        for option in field_names(getattr(loaded.slices, part)):
            assert getattr(getattr(loaded.slices, part), option) == config[option], option


@pytest.mark.parametrize("part", list(SLICE_TYPES))
def test_slices_are_frozen(part: str) -> None:
    s = slices()
    piece = getattr(s, part)
    first = field_names(piece)[0]
    with pytest.raises(frozen.FrozenInstanceError):
        setattr(piece, first, None)
    with pytest.raises(frozen.FrozenInstanceError):
        setattr(s, part, None)
    with pytest.raises((AttributeError, TypeError)):
        piece.extra = 1  # no new attributes either


def test_secrets_stay_out_of_repr_but_are_kept() -> None:
    s = slices(password="hunter2-pw", pincode="9876", username="bob")
    for text in (repr(s), repr(s.call), repr(s.sim), str(s)):
        assert "hunter2-pw" not in text and "9876" not in text
    assert "bob" in repr(s.call)
    assert (s.call.password, s.sim.pincode) == ("hunter2-pw", "9876")
    assert s.secrets == ("hunter2-pw", "9876")
    assert slices().secrets == ()


def test_fallback_switches_and_ipv6_defaults() -> None:
    call = slices(fallback="0", v6profile="3", profile="2").call
    assert not call.pdp_fallback and not call.auth_fallback
    assert call.ipv6_profile == 3
    call = slices(fallback_auth="0", profile="2").call
    assert call.pdp_fallback and not call.auth_fallback and call.ipv6_profile == 2


def test_with_device_changes_only_the_device() -> None:
    s = slices(apn="web", proxy="1")
    moved = s.with_device("/tmp/pty")
    assert moved.device.device == "/tmp/pty" and moved.device.proxy is True
    assert frozen.replace(moved, device=s.device) == s
    assert s.device.device == ""


def test_radio_sim_device_and_waits_slices() -> None:
    s = slices(modes="4g,3g", plmn="26201", data_format="raw", delay="2", max_attempts="3")
    assert s.radio.modes == ("lte", "umts") and s.radio.plmn == "26201"
    assert s.device.data_format == "raw-ip" and s.device.proxy is False
    assert (s.waits.delay, s.waits.max_attempts, s.waits.retry_backoff_min) == (2, 3, 5)


# --- the report slice and the mtu rule -----------------------------------------------------

V4 = payload.Ipv4Config(
    address=ipaddress.IPv4Address("10.0.0.2"),
    prefix_length=30,
    gateway=ipaddress.IPv4Address("10.0.0.1"),
    mtu=1500,
)
V6 = payload.Ipv6Config(address=ipaddress.IPv6Address("2001:db8::2"), prefix_length=64, mtu=1430)


def test_report_slice_is_the_one_source_of_netifd_options() -> None:
    report = slices(defaultroute="0", peerdns="0", metric="7", mtu="1400").report
    assert report.netifd == payload.ReportOptions(
        defaultroute=False, peerdns=False, metric=7, mtu=1400
    )
    assert slices().report.netifd == payload.ReportOptions(metric=None, mtu=None)
    assert slices(ip4table="100").report.table(4) == "100"
    assert slices(ip4table="100").report.table(6) is None


def test_mtu_option_wins_over_the_modem_and_never_reaches_netifd() -> None:
    """What netifd receives today: no MTU in any payload; the daemon sets the link's MTU."""
    report = slices(mtu="1400", pdptype="IPV4V6", dhcp="1").report
    link = payload.LinkReport("4G", "wwan0", ipv4=V4, ipv6=V6, options=report.netifd)
    assert payload.link_mtu(link) == 1400
    update = payload.build_update(link)
    assert "mtu" not in str(update).lower()
    child = payload.build_dynamic_interface("4G", 4, options=report.netifd)
    assert "mtu" not in child
    # Without the option the smallest MTU the modem offers is set; with neither, none.
    unset = slices().report.netifd
    assert payload.link_mtu(frozen.replace(link, options=unset)) == 1430
    assert payload.link_mtu(payload.LinkReport("4G", "wwan0", options=unset)) is None
