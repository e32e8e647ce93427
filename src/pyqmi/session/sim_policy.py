"""SIM and PIN decisions, from a typed view of the card.

The one rule that matters most: a PIN is sent only when the SIM asks for it and
at least ``MIN_PIN_TRIES`` attempts remain, and a PIN the SIM rejected is never
sent again.  Losing the last attempt locks the SIM behind its PUK.
"""

from __future__ import annotations

import enum

from pyqmi.frozen import frozen
from pyqmi.session.errors import ErrorCode, LinkError

MIN_PIN_TRIES = 2


class CardState(enum.StrEnum):
    ABSENT = "absent"
    PRESENT = "present"
    ERROR = "error"
    UNKNOWN = "unknown"


class PinState(enum.StrEnum):
    NOT_INITIALIZED = "not_initialized"
    ENABLED_NOT_VERIFIED = "enabled_not_verified"
    ENABLED_VERIFIED = "enabled_verified"
    DISABLED = "disabled"
    BLOCKED = "blocked"
    PERMANENTLY_BLOCKED = "permanently_blocked"
    UNBLOCKED = "unblocked"
    CHANGED = "changed"


class AppState(enum.StrEnum):
    UNKNOWN = "unknown"
    DETECTED = "detected"
    PIN_REQUIRED = "pin_required"
    PUK_REQUIRED = "puk_required"
    PERSONALIZATION = "personalization"
    PIN_BLOCKED = "pin_blocked"
    ILLEGAL = "illegal"
    READY = "ready"


@frozen
class SimStatus:
    """What the daemon learnt from UIM Get Card Status (or DMS on old firmware)."""

    card: CardState
    app: AppState
    pin1: PinState
    pin1_retries: int | None = None  # None: the modem did not say
    puk1_retries: int | None = None
    source: str = "uim"  # "uim" or "dms"


class Decision(enum.Enum):
    READY = "ready"
    WAIT = "wait"  # still initialising: ask again later (bounded by the caller)
    VERIFY_PIN = "verify_pin"


_PIN_DONE = {PinState.ENABLED_VERIFIED, PinState.DISABLED, PinState.UNBLOCKED, PinState.CHANGED}


def decide(status: SimStatus, *, have_pin: bool, pin_rejected: bool) -> Decision:
    """What to do next with this SIM.  Raises ``LinkError`` for what no wait can fix."""
    if status.card is CardState.ABSENT:
        raise LinkError(
            ErrorCode.SIM_MISSING,
            "no SIM card detected: insert a SIM card (check it is seated and the right slot)",
            permanent=True,
        )
    if status.card is CardState.ERROR:
        raise LinkError(
            ErrorCode.SIM_NOT_INITIALIZED,
            "the modem reports a SIM card error: reseat or replace the SIM card",
        )
    if status.pin1 is PinState.PERMANENTLY_BLOCKED:
        raise LinkError(
            ErrorCode.PUK_NEEDED,
            "the SIM is permanently blocked: contact the operator for a new SIM",
            permanent=True,
        )
    puk_states = (AppState.PUK_REQUIRED, AppState.PIN_BLOCKED)
    if status.pin1 is PinState.BLOCKED or status.app in puk_states:
        left = "" if status.puk1_retries is None else f" ({status.puk1_retries} PUK attempts left)"
        raise LinkError(
            ErrorCode.PUK_NEEDED,
            f"the SIM PIN is blocked{left}: unblock it with the PUK in a phone or with "
            "'pyqmi unblock-pin --device <control device>', then set pincode",
            permanent=True,
        )
    if status.app is AppState.ILLEGAL:
        raise LinkError(
            ErrorCode.SIM_NOT_INITIALIZED,
            "the network has marked this SIM illegal: contact the operator",
            permanent=True,
        )
    if status.pin1 is PinState.ENABLED_NOT_VERIFIED or status.app is AppState.PIN_REQUIRED:
        return _pin_needed(status, have_pin=have_pin, pin_rejected=pin_rejected)
    if status.app is AppState.READY or (status.source == "dms" and status.pin1 in _PIN_DONE):
        return Decision.READY
    return Decision.WAIT


def refused_before(why: str) -> LinkError:
    """The PIN was not sent: the SIM refused it before this daemon started (a marker)."""
    return LinkError(
        ErrorCode.PIN_FAILED,
        f"{why}: it is not sent again, so that the SIM does not lock; set option pincode "
        "to the right PIN (a changed pincode is tried once)",
        permanent=True,
    )


def _pin_needed(status: SimStatus, *, have_pin: bool, pin_rejected: bool) -> Decision:
    if pin_rejected:
        raise LinkError(
            ErrorCode.PIN_FAILED,
            "the SIM rejected option pincode: set the right PIN (it is not retried, "
            "so that the SIM does not lock)",
            permanent=True,
        )
    if not have_pin:
        raise LinkError(
            ErrorCode.PIN_REQUIRED,
            "the SIM asks for a PIN: set option pincode, or disable the PIN on the SIM",
            permanent=True,
        )
    tries = status.pin1_retries
    if tries is None or tries < MIN_PIN_TRIES:
        shown = "an unknown number of" if tries is None else str(tries)
        raise LinkError(
            ErrorCode.PIN_TRIES_BELOW_LIMIT,
            f"the SIM has {shown} PIN attempt(s) left; pyqmi will not risk locking it: "
            "enter the PIN once by hand (e.g. in a phone), then reconnect",
            permanent=True,
        )
    return Decision.VERIFY_PIN
