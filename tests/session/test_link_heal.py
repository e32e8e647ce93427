"""The link heals itself, in virtual time: the data-stall watchdog and its one timer, the
recovery ladder rung by rung (each one logged, bounded, and turned off by its option), a modem
reset seen from outside, revoked client IDs, the SIM removed and back, registration lost,
roaming refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pyqmi import frozen
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.registration import Registration, RegState
from pyqmi.session.sim_policy import AppState, CardState, PinState, SimStatus

from .world import BLOCK_RESTART, ERROR, FAST, UPDATE, Drive

QUICK = frozen.replace(FAST, reset_wait=5.0)


def ups(d: Drive) -> int:
    return len([u for u in d.updates() if u.get("link-up")])


def downs(d: Drive) -> int:
    return len([u for u in d.updates() if u.get("link-up") is False])


def connected(d: Drive, count: int = 1) -> Callable[[], bool]:
    return lambda: ups(d) >= count and d.machine.state.value == "connected"


def stalled(rx: int = 100) -> Callable[[float], tuple[int, int]]:
    """Packets go out at 5 a second; nothing comes in after the first ``rx``."""
    return lambda now: (rx, int(now * 5))


def recovery_logs(d: Drive) -> list[str]:
    return [t.split(": recovery step ")[1] for t in d.logs() if ": recovery step " in t]


# ---- the watchdog and its one timer ----------------------------------------------------------


def test_the_only_timer_while_connected_is_the_counter_read_at_stall_check() -> None:
    d = Drive()
    d.run(until=connected(d))
    d.run(until=lambda: d.machine.pending is None)
    up_at = d.now
    assert d.ops(a.ReadCounters) == [a.ReadCounters("wwan0")]  # the baseline, read at link-up
    assert d.machine.next_deadline() == up_at + 60  # default stall_check: once a minute
    d.run(limit=up_at + 3600)
    reads = d.ops(a.ReadCounters)
    assert len(reads) == 61  # an hour of an idle link: one read a minute, nothing else
    assert d.netifd() == [UPDATE] and d.machine.state.value == "connected"  # never flapped


def test_stall_check_zero_leaves_no_timer_at_all_while_connected() -> None:
    d = Drive(stall_check=0)
    d.run(until=connected(d))
    d.run(until=lambda: d.machine.pending is None)
    assert d.machine.next_deadline() is None and d.ops(a.ReadCounters) == []


def test_traffic_both_ways_or_only_received_is_never_a_stall() -> None:
    d = Drive(world={"packets": lambda now: (int(now * 3), int(now * 2))})
    d.run(limit=1000.0)
    assert d.ops(a.Reregister) == [] and d.netifd() == [UPDATE]
    d = Drive(world={"packets": lambda now: (int(now), 7)})
    d.run(limit=1000.0)
    assert d.netifd() == [UPDATE]


def test_a_stall_redials_first_and_traffic_afterwards_starts_the_ladder_over() -> None:
    flowing = {"yes": False}

    def packets(now: float) -> tuple[int, int]:
        return (int(now * 4) if flowing["yes"] else 100, int(now * 5))

    d = Drive(world={"packets": packets})
    d.run(until=connected(d, 2), limit=1000.0)
    assert recovery_logs(d) == ["1: re-dial the call"]
    assert "data stall on wwan0 (300 packets sent and none received in 60 s)" in " ".join(d.logs())
    (stop,) = d.ops(a.StopCall)
    assert stop.family == 4 and stop.timeout == FAST.stop_timeout  # bounded
    assert d.netifd() == [UPDATE, UPDATE, UPDATE]  # up, down, up: no error for a redial
    assert d.states()[-4:] == ["recovering", "registering", "connecting", "connected"]
    flowing["yes"] = True
    d.run(until=lambda: not d.machine.ladder.climbing, limit=d.now + 200)
    assert any(t.startswith("data flows again on wwan0 after: re-dial") for t in d.logs())


def test_a_lasting_stall_climbs_every_rung_then_reports_data_stalled_with_backoff() -> None:
    d = Drive(timings=QUICK, world={"packets": stalled()})
    d.run(until=lambda: "DATA_STALLED" in d.errors(), limit=2000.0)
    assert recovery_logs(d) == [
        "1: re-dial the call",
        "2: re-register (radio low power, then online)",
        "3: reset the modem",
        "4: report DATA_STALLED and retry with backoff",
    ]
    assert len(d.ops(a.Reregister)) == 1 and len(d.ops(a.ResetModem)) == 1
    text = d.error_text("DATA_STALLED")
    assert "tried: re-dial the call, then re-register" in text and "reset the modem" in text
    assert BLOCK_RESTART not in d.netifd()  # transient: it keeps retrying
    closes = [x for x in d.actions if isinstance(x, a.CloseDevice)]
    assert closes == [a.CloseDevice(forget=True), a.CloseDevice()]  # the reset, the report
    # Still stalled: it stays at the top rung and backs off longer each time.
    d.run(until=lambda: d.errors().count("DATA_STALLED") == 3, limit=d.now + 3000)
    retries = [float(t.split()[2]) for t in d.logs() if t.startswith("retrying in")]
    assert retries[-3:] == [2.0, 4.0, 8.0] and len(d.ops(a.ResetModem)) == 1


def test_a_modem_leaving_the_bus_after_the_reset_is_reopened_without_an_error() -> None:
    d = Drive(timings=QUICK, recover_redial=0, recover_reregister=0, world={"packets": stalled()})
    d.run(until=lambda: bool(d.ops(a.ResetModem)), limit=1000.0)
    d.run(until=lambda: d.machine.pending is None, limit=d.now + 1)
    assert recovery_logs(d) == ["1: reset the modem"]  # the other rungs are off
    d.lose_device()
    d.world.gone = False
    d.run(until=connected(d, 2), limit=d.now + 100)
    assert d.errors() == [] and "the modem left the bus to reset: reopening it" in d.logs()
    assert len(d.ops(a.OpenDevice)) == 2


def test_every_rung_turned_off_reports_at_once() -> None:
    off = {"recover_redial": 0, "recover_reregister": 0, "recover_reset": 0}
    d = Drive(world={"packets": stalled()}, **off)
    d.run(until=lambda: bool(d.errors()), limit=1000.0)
    assert d.errors() == ["DATA_STALLED"]
    assert "tried: nothing (every recovery step is turned off)" in d.error_text("DATA_STALLED")


def test_the_probe_tests_an_idle_link_and_a_dead_one_climbs_the_ladder() -> None:
    d = Drive(stall_probe="192.0.2.1", world={"probe_answers": True})
    d.run(limit=400.0)
    assert len(d.ops(a.Probe)) >= 4 and d.netifd() == [UPDATE]  # idle, probed, fine
    assert d.ops(a.Probe)[0] == a.Probe("192.0.2.1", "wwan0", FAST.stall_probe)
    d.world.probe_answers = False
    d.run(until=lambda: bool(d.ops(a.StopCall)), limit=d.now + 200)
    assert recovery_logs(d)[0] == "1: re-dial the call"
    assert "no traffic either way" in " ".join(d.logs()) and "probe got no answer" in " ".join(
        d.logs()
    )


def test_an_answered_probe_overrules_a_suspected_stall() -> None:
    d = Drive(stall_probe="192.0.2.1", world={"packets": stalled()})
    d.run(limit=600.0)
    assert d.ops(a.Probe) and d.ops(a.StopCall) == [] and d.netifd() == [UPDATE]


def test_unreadable_counters_are_no_stall() -> None:
    d = Drive(world={"packets": lambda now: None})
    d.run(limit=600.0)
    assert d.netifd() == [UPDATE] and len(d.ops(a.ReadCounters)) == 11


# ---- the modem reset seen from outside, revoked client IDs -------------------------------------


def test_a_modem_reset_indication_reconnects_with_only_a_short_link_down() -> None:
    d = Drive()
    d.run(until=connected(d))
    d.feed(e.ModemReset("CTL sync indication"))
    d.run(until=connected(d, 2), limit=d.now + 30)
    assert d.netifd() == [UPDATE, UPDATE, UPDATE] and d.errors() == []
    assert a.CloseDevice(forget=True) in d.actions and len(d.ops(a.OpenDevice)) == 2
    assert "the modem reset (CTL sync indication): reconnecting" in d.logs()


@pytest.mark.parametrize("op", [a.ReadSim, a.ReadRegistration, a.StartCall])
def test_revoked_client_ids_in_any_phase_reopen_the_modem(op: type[a.Operation]) -> None:
    d = Drive()
    revoked = {"left": 1}

    def answer(asked: a.Operation, now: float) -> e.Event:
        revoked["left"] -= 1
        if revoked["left"] == 0:
            text = "modem answered with error INVALID_CLIENT_ID"
            return e.OpFailed(asked, e.Fault(e.FaultKind.REFUSED, text, "INVALID_CLIENT_ID"))
        del d.world.replies[op]
        return d.world.answer(asked, now)[1]  # type: ignore[index]

    d.world.replies[op] = answer
    d.run(until=connected(d), limit=60.0)
    assert d.errors() == [] and len(d.ops(a.OpenDevice)) == 2
    assert "the modem revoked our client IDs (it reset)" in d.logs()


def test_repeated_resets_back_off() -> None:
    d = Drive()
    d.run(until=connected(d))
    d.world.replies[a.ReadIdentity] = lambda op, now: e.OpFailed(
        op, e.Fault(e.FaultKind.REFUSED, "revoked", "INVALID_CLIENT_ID")
    )
    d.feed(e.ModemReset("CTL sync indication"))
    d.run(until=lambda: len(d.ops(a.OpenDevice)) == 4, limit=d.now + 60)
    assert [t for t in d.logs() if "revoked" in t] == [
        "the modem revoked our client IDs (it reset)"
    ] * 2
    assert d.now >= 3.0  # 0 s, then 1 s and 2 s of backoff


# ---- the SIM, registration, roaming ------------------------------------------------------------

ABSENT = SimStatus(CardState.ABSENT, AppState.UNKNOWN, PinState.NOT_INITIALIZED)


def test_the_sim_removed_while_connected_is_named_and_the_link_returns_with_it() -> None:
    d = Drive(timeout=5)
    d.run(until=connected(d))
    d.replace_scenario(card_present=False)
    d.feed(e.CardStatus(ABSENT))
    assert downs(d) == 1  # at once; the error once the device is closed
    d.run(until=lambda: bool(d.errors()), limit=d.now + 5)
    assert d.errors() == ["SIM_MISSING"]
    assert "removed" in d.error_text("SIM_MISSING")
    d.run(until=lambda: d.errors().count("SIM_MISSING") == 2, limit=d.now + 60)  # waited 5 s
    assert BLOCK_RESTART not in d.netifd()  # not permanent: it was there
    d.replace_scenario(card_present=True)
    d.run(until=connected(d, 2), limit=d.now + 60)
    assert d.machine.state.value == "connected"


def test_no_sim_at_start_is_still_permanent() -> None:
    d = Drive("no-sim")
    d.run()
    assert d.errors() == ["SIM_MISSING"] and d.netifd()[-1] == BLOCK_RESTART


def test_registration_lost_is_reported_and_redialled_once_registered_again() -> None:
    d = Drive()
    d.run(until=connected(d))
    lost_at = d.now
    d.feed(e.ServingSystem(Registration(state=RegState.SEARCHING, technology="lte")))
    assert d.errors() == [] and downs(d) == 0  # a grace for a handover's moment of searching
    assert d.machine.next_deadline() == lost_at + FAST.registration_grace
    d.run(until=lambda: bool(d.errors()), limit=d.now + 30)
    assert d.errors() == ["REGISTRATION_LOST"] and downs(d) == 1
    assert d.now == lost_at + FAST.registration_grace
    d.run(until=connected(d, 2), limit=d.now + 30)
    assert d.states()[-4:] == ["backoff", "registering", "connecting", "connected"]
    assert len(d.ops(a.OpenDevice)) == 1  # the same device session


def test_registration_back_within_the_grace_keeps_the_link() -> None:
    d = Drive()
    d.run(until=connected(d))
    d.feed(e.ServingSystem(Registration(state=RegState.SEARCHING, technology="lte")))
    d.now += 3.0
    d.feed(e.ServingSystem(d.world.registration(d.now)))
    d.run(limit=d.now + 60)
    assert d.errors() == [] and d.netifd() == [UPDATE]
    assert any(t.startswith("network back: registered") for t in d.logs())


def test_roaming_zero_refuses_a_roaming_registration() -> None:
    d = Drive(sim={"roaming": True}, roaming=0, registration_timeout=5)
    d.run(until=lambda: len(d.errors()) == 2, limit=60.0)
    assert d.errors() == ["ROAMING_DENIED"] * 2 and d.ops(a.StartCall) == []
    assert "option roaming is 0" in d.error_text("ROAMING_DENIED")
    assert BLOCK_RESTART not in d.netifd()


def test_roaming_allowed_by_default_and_refused_when_it_starts_while_connected() -> None:
    d = Drive(sim={"roaming": True})
    d.run(until=connected(d))
    d = Drive(roaming=0)
    d.run(until=connected(d))
    roaming = frozen.replace(d.world.registration(d.now), roaming=True)
    d.feed(e.ServingSystem(roaming))
    assert downs(d) == 1
    d.run(until=lambda: bool(d.errors()), limit=d.now + 5)
    assert d.errors() == ["ROAMING_DENIED"]
    assert a.ReleaseClients in [type(x) for x in d.actions]  # the calls end with the clients
    assert ERROR in d.netifd()
