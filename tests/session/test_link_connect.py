"""The link machine's connect flow in virtual time: each seed scenario, every step's rule."""

from __future__ import annotations

import logging
from typing import Any

from pyqmi import frozen
from pyqmi.netifd.policy import check_payload
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.link_errors import old_kernel_hint

from .world import BLOCK_RESTART, ERROR, FAST, UPDATE, Drive, refused

CONNECT_ORDER = ["opening", "data_format", "sim", "radio", "registering", "connecting", "connected"]


def test_default_modem_connects_in_order_and_tears_down_cleanly() -> None:
    d = Drive()
    d.run(until=d.is_up)
    assert d.states() == CONNECT_ORDER
    up = d.up()
    check_payload(up)
    assert up["ipaddr"] == [{"ipaddr": "10.64.12.89", "mask": "30"}]
    assert up["routes"] == [{"target": "0.0.0.0", "netmask": "0", "gateway": "10.64.12.90"}]
    assert up["dns"] == ["192.0.2.53", "192.0.2.54"]
    assert up["data"]["operator"] == "Sim Mobile" and up["data"]["auth"] == "none"
    assert d.now == 0.0  # nothing waited: a well-behaved modem takes no virtual time
    assert "link up on wwan0: 10.64.12.89/30" in d.logs()
    assert d.facts.state == "connected" and d.facts.settings[4].address == "10.64.12.89"
    assert d.stop() == 0
    tail = [type(x) for x in d.actions[-6:] if not isinstance(x, a.Log)]
    assert tail == [a.StopCall, a.ReleaseClients, a.CloseDevice, a.Exit]
    assert d.netifd() == [UPDATE]  # teardown sends no link-up: false
    assert d.states()[-2:] == ["stopping", "stopped"]


def test_radio_preferences_are_set_before_registering() -> None:
    d = Drive(modes="lte,umts", plmn="26201", sim={"initial_operating_mode": "low_power"})
    d.run(until=d.is_up)
    kinds = [type(op) for op in d.world.asked]
    order = [a.ReadOperatingMode, a.SetOnline, a.AllocateClient, a.SubscribeNas]
    assert kinds[kinds.index(a.ReadOperatingMode) :][:6] == [*order, a.SetModes, a.SetPlmn]
    assert kinds.index(a.SetPlmn) < kinds.index(a.ReadRegistration)
    assert "operating mode low_power: setting online" in d.logs()
    assert "allowed technologies: lte, umts" in d.logs()
    assert "network selection: 26201" in d.logs()


def test_refused_modes_and_plmn_are_permanent_and_name_the_option() -> None:
    for option, op_type, code in (("modes", a.SetModes, "MODE_FAILED"), ("plmn", a.SetPlmn, "")):
        options: dict[str, Any] = {"modes": "5gnr"} if option == "modes" else {"plmn": "99999"}
        d = Drive(**options)
        d.world.replies[op_type] = lambda op, now: refused(op)
        d.run()
        assert d.netifd() == [ERROR, BLOCK_RESTART] and d.machine.exit_code == 1
        assert f"option {option}" in d.error_text(code or "PLMN_FAILED")


def test_dual_stack_opens_a_second_wds_client_for_ipv6() -> None:
    d = Drive(pdptype="ipv4v6")
    d.run(until=d.is_up)
    assert [(op.family, op.new) for op in d.ops(a.OpenWds)] == [(4, False), (6, True)]
    up = d.up()
    assert up["ip6addr"][0]["ipaddr"] == "2001:db8:1:2::1" and up["data"]["pdptype"] == "IPV4V6"


def test_zte_mf821_falls_back_to_ip_and_pap() -> None:
    """Seed 000: IPV4V6 and auth none rejected; the fix was pdptype IP + PAP."""
    d = Drive("zte-mf821", pdptype="ipv4v6", auth="none")
    d.run(until=d.is_up)
    up = d.up()
    assert "ip6addr" not in up
    assert up["data"]["auth"] == "pap" and up["data"]["pdptype"] == "IP"
    results = [(r.family, r.auth, r.result) for r in d.facts.attempts]
    assert results == [
        (4, "none", "auth_failed"),
        (4, "pap", "connected"),
        (6, "pap", "pdp_type_rejected"),
    ]
    starts = d.ops(a.StartCall)
    assert [s.attempt.placeholder_credentials for s in starts] == [False, True, True]
    assert any("pdptype 'IP'" in note for note in d.facts.notes)
    warnings = d.logs(logging.WARNING)
    assert warnings[0].startswith("call IPv4 auth=none failed: ")
    assert d.netifd() == [UPDATE]


def test_zte_without_fallbacks_names_the_fix() -> None:
    d = Drive("zte-mf821", pdptype="ip", fallback="0")
    d.run()
    assert d.netifd() == [ERROR, BLOCK_RESTART] and d.machine.exit_code == 1
    assert "auth, username and password" in d.error_text("AUTH_FAILED")
    assert len(d.ops(a.StartCall)) == 1


def test_archer_mr200_silent_start_is_waited_out() -> None:
    """Seed 001: the modem answers nothing for its first 3 s; the probe waits it out."""
    d = Drive("archer-mr200")
    d.run(until=d.is_up)
    assert d.now == 3.0 and d.netifd() == [UPDATE]
    assert d.up()["data"]["operator"] == "Yota"


def test_a_modem_that_never_answers_is_device_not_ready_and_retried() -> None:
    d = Drive("archer-mr200", max_attempts=2, sim={"startup_silence": 100.0})
    d.run()
    assert d.errors() == ["DEVICE_NOT_READY", "DEVICE_NOT_READY"]
    assert "QMI mode" in d.error_text("DEVICE_NOT_READY")
    assert d.netifd()[-1] == BLOCK_RESTART and len(d.ops(a.OpenDevice)) == 2


def test_rm521f_registration_timeout_then_device_gone() -> None:
    """Seed 002: searching on a weak signal until the timeout, then it falls off the bus."""
    d = Drive("quectel-rm521f", registration_timeout=1, max_attempts=3)
    d.run(until=lambda: d.now >= 1.5)
    assert d.errors() == ["NETWORK_REGISTRATION_FAILED"]
    text = d.error_text("NETWORK_REGISTRATION_FAILED")
    assert "searching" in text and "5gnr" in text and "RSRP" in text and "antennas" in text
    assert "not registered after 1 s" in text
    d.world.node_after = float("inf")  # gone from the bus: no node to reopen
    d.lose_device()
    d.run()
    assert d.errors() == ["NETWORK_REGISTRATION_FAILED", "DEVICE_GONE", "NO_DEVICE"]
    assert "powered USB hub" in d.error_text("DEVICE_GONE")
    assert d.netifd()[-1] == BLOCK_RESTART and UPDATE not in d.netifd()
    assert d.machine.exit_code == 1


def test_registration_rereads_only_without_indications() -> None:
    d = Drive(sim={"register_after": None}, registration_timeout=0)
    d.run(limit=1.0)
    assert len(d.ops(a.ReadRegistration)) == 4  # at 0, then every 0.3 s
    d.replace_scenario(register_after=0.0)
    d.feed(e.ServingSystem(d.world.registration(d.now)))
    assert d.states()[-1] == "connecting"  # the indication decided, no read needed
    assert len(d.ops(a.ReadRegistration)) == 4


def test_sierra_mc7455_gets_raw_ip_on_both_sides() -> None:
    """Seed 003: the MC7455 only does raw-ip; qmi_wwan's flag is set to match."""
    kernel = e.KernelLink("wwan0", e.RawIpSupport.SWITCH, True)
    d = Drive("sierra-mc7455", world={"kernel": kernel})
    d.run(until=d.is_up)
    assert d.ops(a.SetDataFormat) == [] and d.ops(a.SetRawIp) == [a.SetRawIp("wwan0", True)]
    assert d.up()["data"]["data_format"] == "raw-ip"
    assert "data format raw-ip on wwan0" in d.logs()
    set_mtu = next(x for x in d.actions if isinstance(x, a.SetMtu))
    assert set_mtu == a.SetMtu("wwan0", 1500)
    assert d.actions.index(set_mtu) < next(
        i for i, x in enumerate(d.actions) if isinstance(x, a.Notify)
    )


def test_sierra_mc7455_forced_8023_is_permanent() -> None:
    d = Drive("sierra-mc7455", data_format="802.3")
    d.run()
    assert d.netifd() == [ERROR, BLOCK_RESTART]
    assert "set option data_format to auto" in d.error_text("DATA_FORMAT_FAILED")


def test_old_kernel_without_raw_ip_switch_uses_8023_or_names_the_kernel() -> None:
    kernel = e.KernelLink("wwan0", e.RawIpSupport.NONE, True)
    d = Drive(world={"kernel": kernel})
    d.run(until=d.is_up)
    assert d.up()["data"]["data_format"] == "802.3"
    assert "the kernel's qmi_wwan has no raw_ip switch (Linux < 4.5): using 802.3" in d.logs(
        logging.WARNING
    )
    d = Drive("sierra-mc7455", world={"kernel": kernel})
    d.run()
    assert "lacks: use a newer OpenWrt" in d.error_text("DATA_FORMAT_FAILED")


def test_a_raw_ip_flag_that_will_not_change_is_a_transient_error() -> None:
    kernel = e.KernelLink("wwan0", e.RawIpSupport.SWITCH, True)
    d = Drive(max_attempts=1, world={"kernel": kernel})
    d.world.replies[a.SetRawIp] = lambda op, now: e.RawIpSet("cannot set /sys/x/raw_ip to Y")
    d.run()
    text = d.error_text("DATA_FORMAT_FAILED")
    assert text == "cannot set /sys/x/raw_ip to Y: is another program using wwan0?"
    assert d.netifd() == [ERROR, BLOCK_RESTART]  # by max_attempts, not as permanent
    assert "giving up after 1 failed attempts (option max_attempts)" in d.logs(logging.ERROR)


def test_a_modem_without_wda_keeps_8023() -> None:
    d = Drive()
    d.world.replies[a.ReadDataFormat] = lambda op, now: refused(op, "INVALID_SERVICE_TYPE")
    d.run(until=d.is_up)
    assert d.up()["data"]["data_format"] == "802.3"
    assert any(line.startswith("no WDA service (") for line in d.logs())


def test_bg96_gets_a_static_config_without_dhcp() -> None:
    """Seed 004: udhcpc got no lease; the QMI settings are the answer."""
    d = Drive("quectel-bg96")
    d.run(until=d.is_up)
    sc = d.world.sc
    assert d.up()["ipaddr"] == [{"ipaddr": sc.ipv4_address, "mask": str(sc.ipv4_prefix)}]
    assert d.up()["routes"][0]["gateway"] == sc.ipv4_gateway
    assert not [x for x in d.actions if isinstance(x, a.StartDataPath)]


def test_dhcp_option_adds_the_dynamic_interface_after_the_update() -> None:
    d = Drive(dhcp="1")
    d.run(until=d.is_up)
    assert "ipaddr" not in d.up()
    (dyn,) = [x for x in d.actions if isinstance(x, a.StartDataPath)]
    assert dyn.body["name"] == "4G_4" and dyn.body["proto"] == "dhcp"
    notify = next(i for i, x in enumerate(d.actions) if isinstance(x, a.Notify))
    assert d.actions.index(dyn) > notify


def test_missing_device_is_waited_for_then_named_with_what_exists() -> None:
    timings = frozen.replace(FAST, device_poll=0.25)
    d = Drive(max_attempts=1, timings=timings)
    d.world.replies[a.CheckDevice] = lambda op, now: e.DeviceAbsent(("/dev/cdc-wdm1",), "4.4.61")
    d.run()
    assert d.now == 1.0 and len(d.ops(a.CheckDevice)) == 5  # every 0.25 s for device_wait
    text = d.error_text("NO_DEVICE")
    assert (
        "cdc-wdm0 does not exist (waited 1 s; QMI control devices present: /dev/cdc-wdm1)" in text
    )
    assert "(4.4.61) has no raw-ip support" in text and "Linux 4.5" in text


def test_a_device_that_appears_late_is_opened_and_option_delay_honoured() -> None:
    d = Drive(delay=2, world={"node_after": 0.5})
    d.run(until=d.is_up)
    assert "waiting 2 s (option delay)" in d.logs()
    assert d.now == 2.5 and d.netifd() == [UPDATE]


def test_no_wds_client_ends_the_session_and_reopens() -> None:
    d = Drive(max_attempts=2)
    d.world.replies[a.OpenWds] = lambda op, now: refused(op, "CLIENT_IDS_EXHAUSTED")
    d.run()
    assert d.errors() == ["NO_CID", "NO_CID"]
    assert "the modem gave no WDS client ID (CLIENT_IDS_EXHAUSTED)" in d.error_text("NO_CID")
    assert len(d.ops(a.OpenDevice)) == 2 and len(d.ops(a.ReleaseClients)) == 2


def test_a_refused_request_without_a_rule_is_call_failed_and_reopens() -> None:
    d = Drive(max_attempts=1)
    d.world.replies[a.ReadSim] = lambda op, now: refused(op, "INTERNAL")
    d.run()
    assert d.error_text("CALL_FAILED").startswith("the modem refused a request: ")


def test_current_kernels_get_no_driver_hint() -> None:
    assert old_kernel_hint("6.6.73") == "" and old_kernel_hint("4.5.0") == ""
    assert "raw-ip" in old_kernel_hint("4.4.0-generic")
