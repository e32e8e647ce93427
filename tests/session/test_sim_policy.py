import pytest

from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.sim_policy import AppState, CardState, Decision, PinState, SimStatus, decide


def status(
    card: CardState = CardState.PRESENT,
    app: AppState = AppState.READY,
    pin1: PinState = PinState.DISABLED,
    tries: int | None = 3,
    puk: int | None = 10,
) -> SimStatus:
    return SimStatus(card, app, pin1, tries, puk)


def error_of(s: SimStatus, *, have_pin: bool = True, pin_rejected: bool = False) -> LinkError:
    with pytest.raises(LinkError) as info:
        decide(s, have_pin=have_pin, pin_rejected=pin_rejected)
    return info.value


def test_ready_sim_needs_nothing() -> None:
    assert decide(status(), have_pin=False, pin_rejected=False) is Decision.READY


def test_initialising_sim_waits() -> None:
    s = status(app=AppState.DETECTED, pin1=PinState.NOT_INITIALIZED)
    assert decide(s, have_pin=False, pin_rejected=False) is Decision.WAIT


def test_pin_is_sent_with_enough_tries() -> None:
    s = status(app=AppState.PIN_REQUIRED, pin1=PinState.ENABLED_NOT_VERIFIED, tries=2)
    assert decide(s, have_pin=True, pin_rejected=False) is Decision.VERIFY_PIN


@pytest.mark.parametrize("tries", [1, 0, None])
def test_pin_never_risked_on_last_or_unknown_try(tries: int | None) -> None:
    s = status(app=AppState.PIN_REQUIRED, pin1=PinState.ENABLED_NOT_VERIFIED, tries=tries)
    err = error_of(s)
    assert err.code is ErrorCode.PIN_TRIES_BELOW_LIMIT
    assert err.permanent


def test_rejected_pin_is_not_retried() -> None:
    s = status(app=AppState.PIN_REQUIRED, pin1=PinState.ENABLED_NOT_VERIFIED, tries=2)
    err = error_of(s, pin_rejected=True)
    assert err.code is ErrorCode.PIN_FAILED
    assert "pincode" in err.message


def test_missing_pin_option_is_named() -> None:
    s = status(app=AppState.PIN_REQUIRED, pin1=PinState.ENABLED_NOT_VERIFIED)
    err = error_of(s, have_pin=False)
    assert err.code is ErrorCode.PIN_REQUIRED
    assert "option pincode" in err.message


def test_blocked_pin_needs_puk() -> None:
    err = error_of(status(app=AppState.PUK_REQUIRED, pin1=PinState.BLOCKED, tries=0, puk=9))
    assert err.code is ErrorCode.PUK_NEEDED
    assert "9 PUK attempts" in err.message


def test_absent_card() -> None:
    err = error_of(status(card=CardState.ABSENT, app=AppState.UNKNOWN))
    assert err.code is ErrorCode.SIM_MISSING
    assert err.permanent


def test_dms_fallback_without_app_state() -> None:
    s = SimStatus(CardState.PRESENT, AppState.UNKNOWN, PinState.ENABLED_VERIFIED, 3, 10, "dms")
    assert decide(s, have_pin=True, pin_rejected=False) is Decision.READY
