"""netifd's ``data`` kept fresh from indications, without flooding it: network changes at once,
signal changes of 5 dB or more at most once per ``data_refresh``, nothing else."""

from __future__ import annotations

from typing import Any

from pyqmi import frozen
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.registration import RegState, Signal

from .world import FAST, UPDATE, Drive, cause

SIXTY = frozen.replace(FAST, data_refresh=60.0, signal_refresh=30.0)


def connected(**timings: Any) -> Drive:
    d = Drive(timings=frozen.replace(SIXTY, **timings))
    d.run(until=lambda: d.is_up() and d.machine.pending is None)  # card events on, too
    return d


def refreshes(d: Drive) -> list[dict[str, object]]:
    return [u for u in d.updates() if u.get("keep")]


def test_a_big_signal_move_refreshes_netifds_data_with_keep() -> None:
    d = connected(data_refresh=0.0)
    up = d.up()
    d.feed(e.SignalInfo(Signal(rssi=-86, rsrp=-112, rsrq=-9, snr=10.4)))
    (refresh,) = refreshes(d)
    assert refresh == {
        "action": 0,
        "interface": "4G",
        "link-up": True,
        "keep": True,
        "data": {**up["data"], "rsrp": -112, "rssi": -86},
    }
    assert "network facts changed: refreshing netifd's data" in d.logs()
    assert d.facts.registration.signal.rsrp == -112
    assert d.ops(a.ReadRegistration)[-1:] == d.ops(a.ReadRegistration)[:1]  # no new read


def test_small_signal_moves_are_kept_but_not_sent() -> None:
    d = connected(data_refresh=0.0)
    d.feed(e.SignalInfo(Signal(rssi=-70, rsrp=-99, rsrq=-9, snr=10.4)))
    assert refreshes(d) == [] and d.facts.registration.signal.rsrp == -99


def test_signal_only_changes_wait_for_data_refresh() -> None:
    d = connected()
    d.now = 10.0
    d.feed(e.SignalInfo(Signal(rssi=-86, rsrp=-112)))
    assert refreshes(d) == []  # 10 s after the link-up: too soon
    d.now = 61.0
    d.feed(e.SignalInfo(Signal(rssi=-90, rsrp=-118)))
    assert len(refreshes(d)) == 1
    d.now = 62.0
    d.feed(e.SignalInfo(Signal(rssi=-70, rsrp=-95)))
    assert len(refreshes(d)) == 1  # one a minute at most


def test_a_network_change_goes_out_at_once_and_rereads_the_signal_once() -> None:
    d = connected()
    reads = len(d.ops(a.ReadRegistration))
    d.now = 1.0
    d.replace_scenario(operator_name="Other", mnc=30)
    roaming = d.world.registration(1.0)
    d.feed(e.ServingSystem(roaming))
    (refresh,) = refreshes(d)
    assert refresh["data"]["operator"] == "Other"  # type: ignore[index]
    assert len(d.ops(a.ReadRegistration)) == reads + 1  # the signal, read again
    d.run(limit=1.0)  # its answer: the same network, so nothing more to send
    d.now = 2.0
    d.feed(e.ServingSystem(frozen.replace(roaming, operator="Third")))
    assert len(refreshes(d)) == 2
    assert len(d.ops(a.ReadRegistration)) == reads + 1  # at most once per signal_refresh
    assert "network: registered on Third" not in " ".join(d.logs())  # same state and technology


def test_a_registration_change_is_logged_once() -> None:
    d = connected()
    d.replace_scenario(register_after=None)
    lost = d.world.registration(0.0)
    assert lost.state is RegState.SEARCHING
    d.feed(e.ServingSystem(lost))
    d.run(limit=0.0)
    d.feed(e.ServingSystem(lost))
    lines = [t for t in d.logs() if t.startswith("network: searching")]
    assert len(lines) == 1


def test_nothing_is_refreshed_after_a_drop() -> None:
    d = connected(data_refresh=0.0)
    cid = d.ops(a.StartCall)[-1].cid
    d.feed(e.PacketStatus(cid, False, cause(36)))
    d.feed(e.SignalInfo(Signal(rssi=-100, rsrp=-120)))
    assert refreshes(d) == [] and d.netifd()[:2] == [UPDATE, UPDATE]
