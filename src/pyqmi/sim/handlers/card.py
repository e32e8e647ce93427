"""The SIM card's PIN/PUK logic, shared by the DMS and UIM handlers.

Counters follow real cards: a wrong PIN costs one attempt and the last one blocks
the PIN; the PUK then unblocks it and sets a new PIN; running out of PUK attempts
blocks the card for good.  Every change is announced to UIM clients that asked for
card status events, and a newly usable card lets the modem start registering.
"""

from __future__ import annotations

from pyqmi.sim.core import Context, SimError
from pyqmi.sim.handlers import lifecycle

PIN_MAX_RETRIES = 3
PUK_MAX_RETRIES = 10


def require_present(ctx: Context) -> None:
    if not ctx.state.card.present:
        raise SimError("UIM_UNINITIALIZED")


def require_ready(ctx: Context) -> None:
    require_present(ctx)
    if not ctx.state.card.ready:
        raise SimError("PIN_RESTRICTION")


def verify_pin(ctx: Context, pin: str) -> str | None:
    """Check PIN1; return a QMI error name, or None when it was right."""
    card = ctx.state.card
    if not card.present:
        return "UIM_UNINITIALIZED"
    if card.puk_retries == 0:
        return "PIN_ALWAYS_BLOCKED"
    if card.pin_retries == 0:
        return "PIN_BLOCKED"
    if pin == card.pin_code:
        card.pin_retries = PIN_MAX_RETRIES
        card.pin_verified = True
        _changed(ctx)
        return None
    card.pin_retries -= 1
    _changed(ctx)
    return "PIN_BLOCKED" if card.pin_retries == 0 else "INCORRECT_PIN"


def unblock_pin(ctx: Context, puk: str, new_pin: str) -> str | None:
    """Check PUK1 and set a new PIN1; return a QMI error name, or None on success."""
    card = ctx.state.card
    if not card.present:
        return "UIM_UNINITIALIZED"
    if card.puk_retries == 0:
        return "PIN_ALWAYS_BLOCKED"
    if not 4 <= len(new_pin) <= 8 or not new_pin.isdigit():
        return "INVALID_ARGUMENT"
    if puk == card.puk_code:
        card.pin_code = new_pin
        card.pin_enabled = True
        card.pin_verified = True
        card.pin_retries = PIN_MAX_RETRIES
        card.puk_retries = PUK_MAX_RETRIES
        _changed(ctx)
        return None
    card.puk_retries -= 1
    _changed(ctx)
    return "PIN_ALWAYS_BLOCKED" if card.puk_retries == 0 else "INCORRECT_PIN"


def _changed(ctx: Context) -> None:
    from pyqmi.sim.handlers import uim

    uim.announce_card(ctx)
    if ctx.state.card.ready:
        lifecycle.maybe_search(ctx)
