"""Failures in the link machine: backoff doubling to its cap, max_attempts, block restart,
drops redialled with netifd told first, permanent errors never retried."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pyqmi.qmi.callend import CallEnd
from pyqmi.qmi.callend_tables import TYPE_3GPP
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e

from .world import BLOCK_RESTART, ERROR, UPDATE, Drive, cause


def delays(d: Drive) -> list[float]:
    return [float(m[1]) for t in d.logs() if (m := re.match(r"retrying in ([\d.]+) s$", t))]


def ups(d: Drive, count: int) -> Callable[[], bool]:
    return lambda: len([u for u in d.updates() if u.get("link-up")]) == count


def test_registration_denied_retries_then_gives_up() -> None:
    d = Drive("registration-denied", registration_timeout=1, max_attempts=2)
    d.run()
    assert d.netifd() == [ERROR, ERROR, BLOCK_RESTART]
    assert d.errors() == ["NETWORK_REGISTRATION_FAILED"] * 2
    assert "refused the SIM" in d.error_text("NETWORK_REGISTRATION_FAILED")
    assert d.now == 3.0  # 1 s wait, 1 s backoff, 1 s wait: no wall clock spent
    assert len(d.ops(a.OpenDevice)) == 1  # retried on the open device
    assert d.machine.exit_code == 1 and d.states()[-3:] == ["failed", "stopping", "stopped"]


def test_backoff_doubles_up_to_its_cap_and_max_attempts_zero_never_gives_up() -> None:
    d = Drive(
        "registration-denied",
        registration_timeout=1,
        max_attempts=0,
        retry_backoff_min=2,
        retry_backoff_max=10,
    )
    d.run(limit=100.0)
    assert delays(d)[:6] == [2.0, 4.0, 8.0, 10.0, 10.0, 10.0]
    assert BLOCK_RESTART not in d.netifd() and d.machine.exit_code is None


def test_jitter_spreads_a_backoff_by_up_to_a_fifth() -> None:
    d = Drive("registration-denied", registration_timeout=1, max_attempts=2)
    d.machine.jitter = lambda: 0.5
    d.run()
    assert delays(d) == [1.1]


def test_call_drop_is_redialled_with_link_down_first() -> None:
    d = Drive("call-drops")
    d.run(until=d.is_up)
    (call,) = d.ops(a.StartCall)
    d.at(5.0, e.PacketStatus(call.cid, False, CallEnd(1003, TYPE_3GPP, 36)))
    d.run(until=lambda: len([u for u in d.updates() if u.get("link-up")]) == 2)
    assert d.netifd() == [UPDATE, UPDATE, ERROR, UPDATE]
    assert d.updates()[1] == {"action": 0, "interface": "4G", "link-up": False}
    assert d.errors() == ["CALL_DROPPED"]
    assert "IPv4: 3gpp:regular_deactivation (36)" in d.error_text("CALL_DROPPED")
    assert d.now == 6.0  # redialled after the 1 s backoff
    assert len(d.ops(a.OpenWds)) == 1 and len(d.ops(a.StartCall)) == 2  # same WDS client
    assert d.states()[-4:] == ["backoff", "registering", "connecting", "connected"]


def test_a_drop_for_someone_elses_client_is_ignored() -> None:
    d = Drive()
    d.run(until=d.is_up)
    d.feed(e.PacketStatus(99, False, cause(36)))
    assert d.machine.state.value == "connected" and d.netifd() == [UPDATE]


def test_connecting_resets_the_failure_count() -> None:
    d = Drive("call-drops", max_attempts=2)
    d.run(until=d.is_up)
    for n in (2, 3, 4):
        cid = d.ops(a.StartCall)[-1].cid
        d.feed(e.PacketStatus(cid, False, cause(36)))
        d.run(until=ups(d, n))
    assert BLOCK_RESTART not in d.netifd()  # each drop is attempt 1 of 2 again
    assert delays(d) == [1.0, 1.0, 1.0]


def test_unknown_apn_and_no_subscription_are_not_retried() -> None:
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("unknown-apn", {"apn": "wrong.apn"}, "UNKNOWN_APN"),
        ("not-subscribed", {}, "NOT_SUBSCRIBED"),
    ]
    for name, options, code in cases:
        d = Drive(name, **options)
        d.run()
        assert d.netifd() == [ERROR, BLOCK_RESTART] and d.errors() == [code]
        assert len(d.facts.attempts) == 1


def test_unknown_apn_names_the_option_and_the_value() -> None:
    d = Drive("unknown-apn", apn="wrong.apn")
    d.run()
    text = d.error_text("UNKNOWN_APN")
    assert "'wrong.apn'" in text and "option apn" in text


def test_a_transient_call_failure_backs_off_and_redials_on_the_open_device() -> None:
    d = Drive(max_attempts=2, sim={"reject_cause": 26})  # insufficient resources
    d.run()
    assert d.errors() == ["CALL_FAILED", "CALL_FAILED"]
    assert "IPv4 auth=none failed: 3gpp:insufficient_resources (26)" in d.error_text("CALL_FAILED")
    assert len(d.ops(a.OpenDevice)) == 1 and len(d.ops(a.StartCall)) == 2


def test_one_family_failing_transiently_leaves_the_other_up_with_a_note() -> None:
    d = Drive(pdptype="ipv4v6", sim={"reject_cause": 26, "reject_families": (6,)})
    d.run(until=d.is_up)
    assert "ip6addr" not in d.up() and d.up()["data"]["pdptype"] == "IP"
    assert any("IPv6 auth=none failed" in note for note in d.facts.notes)


def test_a_call_without_an_address_is_call_failed() -> None:
    d = Drive(max_attempts=1)
    d.world.replies[a.ReadSettings] = lambda op, now: e.SettingsRead(op.family, None)
    d.run()
    assert d.error_text("CALL_FAILED") == "the IPv4 call is up but the modem reports no address"
    assert d.facts.settings == {}


def test_the_device_going_away_while_connected_is_device_gone_then_reopened() -> None:
    d = Drive()
    d.run(until=d.is_up)
    d.lose_device()
    d.run(until=lambda: d.errors() != [])  # reported once the device is closed
    assert d.errors() == ["DEVICE_GONE"]
    assert "went away (device /dev/cdc-wdm0 is gone: the control device closed)" in d.error_text(
        "DEVICE_GONE"
    )
    assert d.netifd() == [UPDATE, ERROR]  # no link-up false: the device took the link along
    assert d.facts.settings == {}
    d.world.gone = False
    d.run(until=lambda: len(d.updates()) == 2)
    assert len(d.ops(a.OpenDevice)) == 2 and d.up()["ipaddr"][0]["ipaddr"] == "10.64.12.89"
    assert d.ops(a.StopCall) == []  # a device failure leaves the calls to the modem


def test_the_device_going_away_on_the_last_attempt_gives_up_from_any_state() -> None:
    for when in ("connected", "backoff"):
        d = Drive(max_attempts=1 if when == "connected" else 2, sim={"call_drop_after": None})
        d.run(until=d.is_up)
        if when == "backoff":
            d.feed(e.PacketStatus(d.ops(a.StartCall)[-1].cid, False, cause(36)))
            assert d.machine.state.value == "backoff"
        d.lose_device()
        d.run()
        assert d.errors()[-1] == "DEVICE_GONE" and d.netifd()[-1] == BLOCK_RESTART
        assert d.machine.exit_code == 1 and d.states()[-3:] == ["failed", "stopping", "stopped"]


def test_a_drop_while_the_settings_are_read_is_redialled_not_reported_up() -> None:
    """Found by the soak: the drop indication came before ReadSettings' answer, was not
    heard in CONNECTING, and the link was reported up on a dead call."""
    d = Drive()
    d.run(until=lambda: isinstance(d.machine.pending, a.ReadSettings))
    (call,) = d.ops(a.StartCall)
    d.feed(e.PacketStatus(call.cid, False, cause(36)))
    assert d.errors() == ["CALL_DROPPED"] and not d.is_up()
    assert "while connecting" in d.error_text("CALL_DROPPED")
    d.run(until=d.is_up)
    assert len(d.ops(a.StartCall)) == 2


def test_a_drop_while_reading_the_settings_abandons_the_read_before_the_redial() -> None:
    """Found by the soak: the phase failed with ReadSettings in flight and, after a 0 s
    backoff, REGISTERING asked its read beside it."""
    d = Drive(retry_backoff_min=1)
    d.run(until=lambda: isinstance(d.machine.pending, a.ReadSettings))
    (call,) = d.ops(a.StartCall)
    out = d.feed(e.PacketStatus(call.cid, False, cause(36)))
    assert a.Cancel() in out and d.machine.pending is None
    d.run(until=d.is_up)


def test_settings_refused_out_of_call_redials_on_the_open_device() -> None:
    d = Drive()
    d.world.replies[a.ReadSettings] = lambda op, now: e.OpFailed(
        op, e.Fault(e.FaultKind.REFUSED, "OUT_OF_CALL", "OUT_OF_CALL")
    )
    d.run(until=lambda: bool(d.errors()))
    del d.world.replies[a.ReadSettings]
    d.run(until=d.is_up)
    assert d.errors() == ["CALL_DROPPED"] and len(d.ops(a.OpenDevice)) == 1
