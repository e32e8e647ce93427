"""SIM and PIN rules in the link machine: asked only when needed, sent at most once, never
with fewer than two attempts left, never again once rejected; the wait is bounded."""

from __future__ import annotations

import logging
from typing import Any

from pyqmi.config.slices import Sim
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.phase_sim import SimUnlock
from pyqmi.session.sim_policy import AppState, CardState, PinState, SimStatus

from .world import BLOCK_RESTART, ERROR, UPDATE, Drive

NEEDS_PIN = SimStatus(CardState.PRESENT, AppState.PIN_REQUIRED, PinState.ENABLED_NOT_VERIFIED, 3)
BUSY = SimStatus(CardState.PRESENT, AppState.DETECTED, PinState.NOT_INITIALIZED)


def test_pin_is_sent_once_when_asked_and_connects() -> None:
    d = Drive("pin-required", pincode="1234")
    d.run(until=d.is_up)
    (verify,) = d.ops(a.VerifyPin)
    assert verify.source == "uim" and "1234" not in repr(verify)
    assert d.world.pin_retries == 3 and d.netifd() == [UPDATE]
    assert "SIM asks for its PIN; 3 attempts left: sending it" in d.logs()
    assert d.facts.sim.pin1 is PinState.ENABLED_VERIFIED


def test_wrong_pin_is_tried_once_only() -> None:
    d = Drive("pin-required", pincode="9999")
    d.run()
    assert len(d.ops(a.VerifyPin)) == 1 and d.world.pin_retries == 2
    assert d.netifd() == [ERROR, BLOCK_RESTART] and d.errors() == ["PIN_FAILED"]
    assert "the SIM rejected the PIN" in d.logs(logging.ERROR)
    assert "9999" not in str(d.notified()) and "9999" not in str(d.facts)
    assert d.machine.exit_code == 1


def test_a_rejected_pin_stays_rejected_for_every_later_session() -> None:
    unlock = SimUnlock(Sim(pincode="9999"), timeout=0, poll=1.0)
    unlock.start(0.0)
    step = unlock.handle(e.SimRead(NEEDS_PIN), 0.0)
    assert step is not None and isinstance(step.actions[-1], a.VerifyPin)
    unlock.handle(e.PinVerified(False), 0.0)
    for now in (1.0, 100.0):  # a new session, a redial: the same answer
        unlock.start(now)
        step = unlock.handle(e.SimRead(NEEDS_PIN), now)
        assert step is not None and step.error is not None
        assert str(step.error.code) == "PIN_FAILED"
        assert not [x for x in step.actions if isinstance(x, a.VerifyPin)]


def test_last_pin_attempt_is_never_risked() -> None:
    d = Drive("pin-last-attempt", pincode="1234")
    d.run()
    assert d.errors() == ["PIN_TRIES_BELOW_LIMIT"] and d.ops(a.VerifyPin) == []
    assert d.world.pin_retries == 1


def test_unknown_attempt_count_is_never_risked() -> None:
    unlock = SimUnlock(Sim(pincode="1234"), timeout=0, poll=1.0)
    unlock.start(0.0)
    unknown = SimStatus(CardState.PRESENT, AppState.PIN_REQUIRED, PinState.ENABLED_NOT_VERIFIED)
    step = unlock.handle(e.SimRead(unknown), 0.0)
    assert step is not None and step.error is not None
    assert "an unknown number of PIN attempt(s)" in step.error.message


def test_missing_pin_option_puk_and_no_sim_are_permanent() -> None:
    cases: list[tuple[str, dict[str, Any], str, str]] = [
        ("pin-required", {}, "PIN_REQUIRED", "option pincode"),
        ("puk-locked", {"pincode": "1234"}, "PUK_NEEDED", "PUK"),
        ("no-sim", {}, "SIM_MISSING", "insert a SIM"),
    ]
    for name, options, code, words in cases:
        d = Drive(name, **options)
        d.run()
        assert d.netifd() == [ERROR, BLOCK_RESTART] and d.errors() == [code]
        assert words in d.error_text(code) and d.ops(a.VerifyPin) == []


def test_old_firmware_sends_the_pin_over_dms() -> None:
    d = Drive("old-firmware", pincode="1234")
    d.run(until=d.is_up)
    assert [v.source for v in d.ops(a.VerifyPin)] == ["dms"]
    assert d.facts.sim.source == "dms"


def test_an_initialising_card_is_polled_until_the_timeout() -> None:
    d = Drive(timeout=2, max_attempts=1)
    d.world.replies[a.ReadSim] = lambda op, now: e.SimRead(BUSY)
    d.run()
    assert len(d.ops(a.ReadSim)) == 21  # at 0 and every 0.1 s until 2 s
    text = d.error_text("SIM_NOT_INITIALIZED")
    assert "within 2 s (card present, application detected)" in text
    assert "option timeout" in text


def test_a_card_status_indication_ends_the_wait_at_once() -> None:
    d = Drive()
    d.world.replies[a.ReadSim] = lambda op, now: e.SimRead(BUSY)
    d.run(limit=0.05)  # the first read said "initialising"; the next poll is at 0.1 s
    ready = SimStatus(CardState.PRESENT, AppState.READY, PinState.DISABLED)
    d.feed(e.CardStatus(ready))
    assert d.states()[-1] == "radio" and len(d.ops(a.ReadSim)) == 1
