"""Data calls: rejections by cause, settings, drops, data format per scenario."""

from __future__ import annotations

from typing import Any

from pyqmi.qmi import callend
from pyqmi.qmi.message import Message
from pyqmi.session.failures import Kind, judge

from .simdriver import Driver


def _start(d: Driver, cid: int, **values: Any) -> Message:
    reply = d.request("wds", "start_network", values, cid)
    assert reply.response is not None
    return reply.response


def _verbose(msg: Message) -> tuple[str, int]:
    v = msg.values["verbose_call_end_reason"]
    return v["type"], v["reason"]


def test_default_ipv4_and_ipv6_calls_with_settings() -> None:
    d = Driver()
    v4, v6 = d.cid("wds"), d.cid("wds")
    d.ok("wds", "set_ip_family", {"preference": "ipv6"}, cid=v6)
    h4 = d.ok("wds", "start_network", {"apn": "internet"}, cid=v4).values["packet_data_handle"]
    h6 = d.ok("wds", "start_network", {"apn": "internet"}, cid=v6).values["packet_data_handle"]
    assert h4 != h6
    s4 = d.ok("wds", "get_current_settings", {"requested_settings": 0xFFFF}, cid=v4).values
    assert s4["ipv4_address"] == "10.64.12.89" and s4["ipv4_subnet_mask"] == "255.255.255.252"
    assert s4["ipv4_gateway"] == "10.64.12.90" and s4["mtu"] == 1500
    assert s4["primary_ipv4_dns"] == "192.0.2.53"
    s6 = d.ok("wds", "get_current_settings", cid=v6).values
    assert s6["ipv6_address"] == {"address": "2001:db8:1:2::1", "prefix_length": 64}
    assert s6["ip_family"] == "ipv6"
    assert [c.ip_family for c in d.state.calls.values()] == [4, 6]
    # Starting the same call again has no effect and names the handle.
    again = d.error("wds", "start_network", {"apn": "internet"}, cid=v4)
    assert again.result is not None and again.result.error_name == "NO_EFFECT"
    assert again.values["packet_data_handle"] == h4


def test_connect_and_stop_send_packet_service_status() -> None:
    d = Driver()
    wds = d.cid("wds")
    reply = d.request("wds", "start_network", {"apn": "internet"}, wds)
    assert reply.response is not None
    handle = reply.response.check().values["packet_data_handle"]
    (up,) = reply.indications
    assert up.name == "get_packet_service_status" and up.frame.client_id == wds
    assert up.values["connection_status"]["status"] == "connected"
    status = d.ok("wds", "get_packet_service_status", cid=wds).values
    assert status["connection_status"] == "connected"
    stop = d.request("wds", "stop_network", {"packet_data_handle": handle}, wds)
    (down,) = stop.indications
    assert down.values["connection_status"]["status"] == "disconnected"
    assert down.values["call_end_reason"] == "generic_client_end"
    assert d.state.calls == {}
    err = d.error("wds", "stop_network", {"packet_data_handle": handle}, cid=wds)
    assert err.result is not None and err.result.error_name == "INVALID_HANDLE"
    err = d.error("wds", "get_current_settings", cid=wds)
    assert err.result is not None and err.result.error_name == "OUT_OF_CALL"


def test_releasing_the_owning_client_ends_the_call() -> None:
    d = Driver()
    wds = d.cid("wds")
    d.ok("wds", "start_network", {}, cid=wds)
    d.ok("ctl", "release_cid", {"release": {"service": 1, "cid": wds}})
    assert d.state.calls == {}
    assert d.modem.events[-1].kind == "call_down"


def test_zte_mf821_rejects_ipv4v6_then_auth_none_then_accepts_pap() -> None:
    d = Driver("zte-mf821")
    wds = d.cid("wds")
    # Default profile is IPv4v6: cause 50, "IPv4 only allowed".
    err = _start(d, wds, apn="internet")
    assert err.result is not None and err.result.error_name == "CALL_FAILED"
    assert _verbose(err) == ("3gpp", 50)
    failure = judge(callend.from_message(err))
    assert failure.kind is Kind.PDP_TYPE_REJECTED
    assert failure.allowed_family == 4
    err = _start(d, wds, apn="internet", ip_family_preference="ipv6")
    assert _verbose(err) == ("3gpp", 50)
    # IPv4 with auth none: cause 29.
    err = _start(d, wds, apn="internet", ip_family_preference="ipv4")
    assert _verbose(err) == ("3gpp", 29)
    assert judge(callend.from_message(err)).kind is Kind.AUTH_FAILED
    err = _start(
        d, wds, apn="internet", ip_family_preference="ipv4", authentication_preference="pap"
    )
    assert _verbose(err) == ("3gpp", 29), "PAP without credentials is still refused"
    ok = _start(
        d,
        wds,
        apn="internet",
        ip_family_preference="ipv4",
        authentication_preference="chap",
        username="xxxx",
        password="xxxx",
    )
    assert ok.check().values["packet_data_handle"]
    assert d.ok("wds", "get_current_settings", cid=wds).values["ip_family"] == "ipv4"


def test_zte_profile_credentials_are_used_by_start_network() -> None:
    d = Driver("zte-mf821")
    wds = d.cid("wds")
    profile = {"profile_type": "3gpp", "profile_index": 1}
    d.ok(
        "wds",
        "modify_profile",
        {
            "profile_id": profile,
            "apn": "internet",
            "pdp_type": "ipv4",
            "authentication": "pap",
            "username": "u",
            "password": "p",
        },
        cid=wds,
    )
    settings = d.ok("wds", "get_profile_settings", {"profile_id": profile}, cid=wds).values
    assert settings["apn"] == "internet" and "password" not in settings
    assert _start(d, wds, profile_index_3gpp=1).check()


def test_unknown_apn_cause_27_unless_configured() -> None:
    d = Driver("unknown-apn")
    wds = d.cid("wds")
    err = _start(d, wds, apn="wrong")
    assert _verbose(err) == ("3gpp", 27)
    assert judge(callend.from_message(err), apn="wrong").kind is Kind.UNKNOWN_APN
    assert _start(d, wds, apn="internet").check()


def test_no_call_before_registration() -> None:
    d = Driver("default", register_after=10)
    wds = d.cid("wds")
    err = _start(d, wds, apn="internet")
    assert err.values["call_end_reason"] == "generic_no_service"
    assert judge(callend.from_message(err)).kind is Kind.TRANSIENT


def test_call_drops_with_a_reason_after_n_seconds() -> None:
    d = Driver("call-drops", call_drop_after=5.0)
    wds = d.cid("wds")
    _start(d, wds, apn="internet").check()
    assert d.advance(4.9) == []
    (drop,) = d.advance(0.2)
    assert drop.name == "get_packet_service_status" and drop.frame.client_id == wds
    assert drop.values["connection_status"]["status"] == "disconnected"
    assert drop.values["verbose_call_end_reason"] == {"type": "3gpp", "reason": 36}
    assert drop.values["call_end_reason"] == "gsm_wcdma_network_end"
    assert d.state.calls == {}


def test_sierra_mc7455_refuses_802_3() -> None:
    d = Driver("sierra-mc7455")
    wda = d.cid("wda")
    fmt = d.ok("wda", "get_data_format", cid=wda).values
    assert fmt["link_layer_protocol"] == "raw_ip"
    err = d.error("wda", "set_data_format", {"link_layer_protocol": "ieee_802_3"}, cid=wda)
    assert err.result is not None and err.result.error_name == "INVALID_DATA_FORMAT"
    assert d.state.data_format == "raw_ip"
    ok = d.ok("wda", "set_data_format", {"link_layer_protocol": "raw_ip"}, cid=wda).values
    assert ok["link_layer_protocol"] == "raw_ip"


def test_default_modem_switches_to_raw_ip() -> None:
    d = Driver()
    wda = d.cid("wda")
    assert d.ok("wda", "get_data_format", cid=wda).values["link_layer_protocol"] == "ieee_802_3"
    d.ok("wda", "set_data_format", {"link_layer_protocol": "raw_ip"}, cid=wda)
    assert d.state.snapshot()["data_format"] == "raw_ip"


def test_bg96_call_works_but_dhcp_does_not() -> None:
    d = Driver("quectel-bg96")
    wds = d.cid("wds")
    _start(d, wds, apn="super", ip_family_preference="ipv4").check()
    settings = d.ok("wds", "get_current_settings", cid=wds).values
    assert settings["ipv4_address"] == "100.64.12.89"
    assert settings["primary_ipv4_dns"] == "8.8.8.8"
    assert d.state.snapshot()["dhcp_answers"] is False
    assert d.state.data_format == "raw_ip"
