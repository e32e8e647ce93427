"""Registration timing and NAS answers/indications; the RM521F falling off the bus."""

from __future__ import annotations

from .simdriver import Driver


def test_registration_after_delay_with_serving_system_indication() -> None:
    d = Driver("default", register_after=4.0)
    nas = d.cid("nas")
    ss = d.ok("nas", "get_serving_system", cid=nas).values["serving_system"]
    assert ss["registration_state"] == "not_registered_searching"
    assert ss["ps_attach_state"] == "detached"
    assert d.advance(3.9) == []
    inds = d.advance(0.2)
    names = [m.name for m in inds]
    assert names == ["get_serving_system", "system_info"]
    serving = inds[0]
    assert serving.frame.client_id == nas
    assert serving.values["serving_system"]["registration_state"] == "registered"
    assert serving.values["current_plmn"]["description"] == "Sim Mobile"
    assert inds[1].values["lte_service_status"]["service_status"] == "available"
    assert d.state.registered_at == 4.0


def test_register_indications_can_turn_them_off() -> None:
    d = Driver("default", register_after=1.0)
    nas = d.cid("nas")
    d.ok("nas", "register_indications", {"serving_system_events": False}, cid=nas)
    assert [m.name for m in d.advance(2)] == ["system_info"]


def test_registration_denied() -> None:
    d = Driver("registration-denied")
    nas = d.cid("nas")
    d.advance(1)
    ss = d.ok("nas", "get_serving_system", cid=nas).values["serving_system"]
    assert ss["registration_state"] == "registration_denied"
    info = d.ok("nas", "get_system_info", cid=nas).values
    assert info["lte_system_info_v2"]["registration_reject_cause"] == "plmn_not_allowed"


def test_signal_and_operator_values() -> None:
    d = Driver("archer-mr200", startup_silence=0)
    nas = d.cid("nas")
    d.advance(0)
    lte = d.ok("nas", "get_signal_info", cid=nas).values["lte_signal_strength"]
    assert lte == {"rssi": -88, "rsrq": -11, "rsrp": -114, "snr": 104}
    home = d.ok("nas", "get_home_network", cid=nas).values["home_network"]
    assert (home["mcc"], home["mnc"], home["description"]) == (250, 11, "Yota")


def test_rm521f_searches_on_weak_5g_then_drops_off_the_bus() -> None:
    d = Driver("quectel-rm521f", drop_off_bus_after=20.0)
    nas = d.cid("nas")
    d.advance(19)
    ss = d.ok("nas", "get_serving_system", cid=nas).values["serving_system"]
    assert ss["registration_state"] == "not_registered_searching"
    sig = d.ok("nas", "get_signal_info", cid=nas).values
    assert sig["nr5g_signal_strength"] == {"rsrp": -135, "snr": -50}
    info = d.ok("nas", "get_system_info", cid=nas).values
    assert info["nr5g_service_status"]["service_status"] == "none"
    d.advance(1.5)
    assert d.state.gone
    assert any(e.kind == "gone" for e in d.modem.events)
    # A device that is gone answers nothing at all.
    assert d.request("ctl", "get_version_info").response is None


def test_initiate_network_register_after_low_power() -> None:
    d = Driver("default")
    dms, nas = d.cid("dms"), d.cid("nas")
    d.ok("dms", "set_operating_mode", {"mode": "low_power"}, cid=dms)
    err = d.error("nas", "get_signal_info", cid=nas)
    assert err.result is not None and err.result.error_name == "NO_RADIO"
    d.ok("dms", "set_operating_mode", {"mode": "online"}, cid=dms)
    d.ok("nas", "initiate_network_register", {"action": "automatic"}, cid=nas)
    d.advance(0)
    assert d.state.registration == "registered"
