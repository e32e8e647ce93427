"""Signal levels that move: config_signal_info thresholds, signal_info indications,
the scenario's signal_steps and ``nas_signal.set_signal``."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyqmi.qmi.codec import decode_bytes
from pyqmi.qmi.frame import Kind
from pyqmi.qmi.message import Message
from pyqmi.sim import run_sim, scenario
from pyqmi.sim.handlers import nas_signal

from .simdriver import Driver
from .test_server import PtyClient

DEFAULT_LTE = {"rssi": -68, "rsrq": -9, "rsrp": -95, "snr": 104}


def set_signal(d: Driver, **levels: int) -> list[Message]:
    return [decode_bytes(o.data) for o in nas_signal.set_signal(d.modem, d.now, **levels)]


def subscribed(d: Driver, **thresholds: list[int]) -> int:
    nas = d.cid("nas")
    d.ok("nas", "register_indications", {"signal_info": True}, cid=nas)
    if thresholds:
        d.ok("nas", "config_signal_info", thresholds, cid=nas)
    return nas


def test_subscribed_client_hears_the_new_values_and_the_others_do_not() -> None:
    d = Driver("default")
    quiet = d.cid("nas")
    d.ok("nas", "config_signal_info", {"rsrp_threshold": [-100]}, cid=quiet)  # not registered
    nas = subscribed(d)
    out = set_signal(d, rssi=-80, rsrp=-112)
    assert [(m.name, m.kind, m.frame.client_id) for m in out] == [
        ("signal_info", Kind.INDICATION, nas)
    ]
    assert out[0].values == {
        "lte_signal_strength": {**DEFAULT_LTE, "rssi": -80, "rsrp": -112},
    }
    # The poll agrees with the push.
    polled = d.ok("nas", "get_signal_info", cid=quiet).values["lte_signal_strength"]
    assert polled == out[0].values["lte_signal_strength"]
    assert d.state.snapshot()["signal"]["rsrp"] == -112


def test_no_indication_without_register_indications() -> None:
    d = Driver("default")
    nas = d.cid("nas")
    d.ok("nas", "config_signal_info", {"rsrp_threshold": [-100, -90]}, cid=nas)
    assert set_signal(d, rsrp=-120) == []
    d.ok("nas", "register_indications", {"signal_info": False}, cid=nas)
    assert set_signal(d, rsrp=-80) == []
    assert d.ok("nas", "get_signal_info", cid=nas).values["lte_signal_strength"]["rsrp"] == -80


def test_only_changes_across_a_threshold_are_reported() -> None:
    d = Driver("default")
    subscribed(d, rsrp_threshold=[-110, -100], lte_snr_threshold=[0])
    assert set_signal(d, rsrp=-99) == []  # -95 -> -99: same side of both
    assert set_signal(d, rssi=-100) == []  # no RSSI thresholds: not heard
    down = set_signal(d, rsrp=-101)
    assert [m.values["lte_signal_strength"]["rsrp"] for m in down] == [-101]
    assert len(set_signal(d, rsrp=-111)) == 1
    # A value equal to a threshold counts as above it.
    assert len(set_signal(d, rsrp=-110)) == 1
    assert set_signal(d, rsrp=-109) == []
    assert len(set_signal(d, snr=-5)) == 1
    assert len(set_signal(d, rsrp=-130, snr=-20)) == 1  # one indication per change


def test_without_thresholds_every_change_is_reported() -> None:
    d = Driver("default")
    subscribed(d)
    assert len(set_signal(d, rsrq=-10)) == 1
    assert set_signal(d, rsrq=-10) == []  # no change, nothing to say


def test_new_config_replaces_the_old_one_and_unsubscribing_stops_reports() -> None:
    d = Driver("default")
    nas = subscribed(d, rsrp_threshold=[-100])
    d.ok("nas", "config_signal_info", {"rssi_threshold": [-70]}, cid=nas)
    assert set_signal(d, rsrp=-105) == []
    assert len(set_signal(d, rssi=-72)) == 1
    assert d.state.nas_signal_config[nas] == {"rssi_threshold": [-70]}
    d.ok("nas", "register_indications", {"signal_info": False}, cid=nas)
    assert set_signal(d, rssi=-60) == []


def test_released_client_is_forgotten() -> None:
    d = Driver("default")
    nas = subscribed(d, rsrp_threshold=[-100])
    d.ok("ctl", "release_cid", {"release": {"service": 3, "cid": nas}})
    assert set_signal(d, rsrp=-120) == []
    assert nas not in d.state.nas_signal_clients
    assert nas not in d.state.nas_signal_config


def test_radio_off_changes_the_levels_silently() -> None:
    d = Driver("default")
    dms = d.cid("dms")
    nas = subscribed(d)
    d.ok("dms", "set_operating_mode", {"mode": "low_power"}, cid=dms)
    assert set_signal(d, rsrp=-120) == []
    d.ok("dms", "set_operating_mode", {"mode": "online"}, cid=dms)
    d.advance(0)
    assert d.ok("nas", "get_signal_info", cid=nas).values["lte_signal_strength"]["rsrp"] == -120


def test_5g_modem_reports_nr5g_values() -> None:
    d = Driver("quectel-rm521f")
    subscribed(d)
    out = set_signal(d, nr5g_rsrp=-100, nr5g_snr=30)
    assert out[0].values["nr5g_signal_strength"] == {"rsrp": -100, "snr": 30}
    assert out[0].values["nr5g_rsrq"] == -20


def test_signal_steps_arrive_on_time() -> None:
    d = Driver("signal-fades")
    nas = subscribed(d, rsrp_threshold=[-105])
    assert d.advance(4.9) == []
    faded = d.advance(0.2)
    assert [(m.name, m.frame.client_id) for m in faded] == [("signal_info", nas)]
    assert faded[0].values["lte_signal_strength"] == {**DEFAULT_LTE, "rssi": -85, "rsrp": -112}
    recovered = d.advance(5.0)
    assert recovered[0].values["lte_signal_strength"] == DEFAULT_LTE
    assert d.modem.pending_timers == []


def test_steps_already_due_apply_before_anyone_can_listen() -> None:
    d = Driver("default", initial_operating_mode="low_power", signal_steps=((2.0, -90, -118),))
    dms, nas = d.cid("dms"), d.cid("nas")
    d.advance(5)
    d.ok("dms", "set_operating_mode", {"mode": "online"}, cid=dms)
    d.advance(0)
    lte = d.ok("nas", "get_signal_info", cid=nas).values["lte_signal_strength"]
    assert (lte["rssi"], lte["rsrp"]) == (-90, -118)


def test_bad_levels_and_steps_are_named_errors() -> None:
    d = Driver("default")
    with pytest.raises(nas_signal.BadSignalLevel, match="unknown signal level 'rscp'"):
        nas_signal.set_signal(d.modem, 0.0, rscp=-90)
    with pytest.raises(
        nas_signal.BadSignalLevel, match=r"rssi=-200: not an integer in -128\.\.127"
    ):
        nas_signal.set_signal(d.modem, 0.0, rssi=-200)
    assert d.state.signal.rssi == -68
    with pytest.raises(ValueError, match="signal_steps"):
        scenario("default", signal_steps=((1.0, -70),))
    with pytest.raises(ValueError, match="signal_steps"):
        scenario("default", signal_steps=((-1.0, -70, -95),))


async def test_signal_steps_reach_a_client_on_the_pty(tmp_path: Path) -> None:
    link = tmp_path / "cdc-wdm0"
    sc = scenario("default", signal_steps=((0.3, -90, -115),))
    async with run_sim(sc, link):
        client = PtyClient(link)
        try:
            client.send("ctl", "allocate_cid", {"service": 3})
            cid = (await client.receive(5)).values["allocation"]["cid"]
            client.send("nas", "register_indications", {"signal_info": True}, client_id=cid)
            assert (await client.receive(5)).check().name == "register_indications"
            ind = await client.receive(5)
            assert (ind.name, ind.kind, ind.frame.client_id) == (
                "signal_info",
                Kind.INDICATION,
                cid,
            )
            lte = ind.values["lte_signal_strength"]
            assert (lte["rssi"], lte["rsrp"]) == (-90, -115)
        finally:
            client.close()
