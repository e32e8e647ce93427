"""Whatever the modem does, the link machine makes only legal moves and always ends on SIGTERM.

A seeded random modem refuses, times out or vanishes at any operation, and indications,
losses, modem resets and stalls arrive at random moments; the machine must never raise (an
illegal transition, two operations in flight), never idle with nothing in flight and no
deadline unless the link is up, and after SIGTERM exit within netifd's window.
"""

from __future__ import annotations

import random

import pytest

from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.registration import Registration, RegState

from .world import Drive, cause, refused

FAULTS = (e.FaultKind.REFUSED, e.FaultKind.TIMEOUT, e.FaultKind.GONE)


def chaotic(d: Drive, rng: random.Random) -> None:
    original = d.world.answer

    def answer(op: a.Operation, now: float) -> tuple[float, e.Event] | None:
        roll = rng.random()
        if roll < 0.08 and not isinstance(op, a.CheckDevice):
            kind = rng.choice(FAULTS)
            fault = refused(op).fault if kind is e.FaultKind.REFUSED else e.Fault(kind, "x")
            return (now + rng.random(), e.OpFailed(op, fault))
        if roll < 0.1 and isinstance(op, a.StartCall):
            return (now, e.CallFailed(op.attempt.family, cause(rng.choice((26, 27, 29, 50)))))
        return original(op, now)

    d.world.answer = answer  # type: ignore[method-assign]


@pytest.mark.parametrize("seed", range(40))
def test_random_modem_behaviour_never_breaks_the_machine(seed: int) -> None:
    rng = random.Random(seed)
    stalled = rng.random() < 0.3  # the data plane: sometimes nothing arrives
    d = Drive(
        pdptype=rng.choice(["ip", "ipv4v6"]),
        max_attempts=rng.choice([0, 3]),
        stall_check=rng.choice([0, 5]),
        stall_quiet=5,
        world={"packets": (lambda now: (1, int(now))) if stalled else (lambda now: (0, 0))},
    )
    chaotic(d, rng)
    for _ in range(rng.randint(1, 6)):
        d.at(
            rng.uniform(0, 30),
            rng.choice(
                [
                    e.DeviceLost("gone"),
                    e.PacketStatus(None, False, cause(36)),
                    e.SignalInfo(d.world.registration(0).signal),
                    e.ServingSystem(d.world.registration(0)),
                    e.ModemReset("CTL Sync indication"),
                    e.CardStatus(d.world.sim_status()),
                    e.ServingSystem(Registration(state=RegState.SEARCHING)),
                ]
            ),
        )
    d.run(limit=40.0)
    if d.machine.exit_code is None:
        waiting = d.machine.pending is not None or d.machine.next_deadline() is not None
        assert waiting or d.machine.state.value == "connected"  # only a link up may idle
        start = d.now
        assert d.stop() in (0, 1)
        assert d.now - start <= 4.0
    assert d.machine.state.value == "stopped"
