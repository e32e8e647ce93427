"""UIM: card status (and its indication), PIN verify/unblock, file reads, SIM power."""

from __future__ import annotations

import logging
from typing import Any

from pyqmi.qmi.message import Message
from pyqmi.sim.core import Context, SimError, handles
from pyqmi.sim.handlers import card, lifecycle

log = logging.getLogger(__name__)

USIM_AID = "a0000000871002ff44ff1289ffffffff"
NO_APPLICATION = 0xFFFF
EVENT_CARD_STATUS = 1 << 0
EF_ICCID = 0x2FE2
EF_IMSI = 0x6F07

_APP_STATE = {
    "disabled": "ready",
    "enabled_verified": "ready",
    "enabled_not_verified": "pin1_or_upin_pin_required",
    "blocked": "puk1_or_upin_puk_required",
    "permanently_blocked": "pin1_blocked",
}


def card_status(ctx: Context) -> dict[str, Any]:
    """The card status TLV value for the current state."""
    c = ctx.state.card
    cards: list[dict[str, Any]] = []
    index = NO_APPLICATION
    if not c.present or not c.powered:
        cards.append(
            {
                "card_state": "absent" if not c.present else "error",
                "upin_state": "not_initialized",
                "upin_retries": 0,
                "upuk_retries": 0,
                "error_code": "no_atr_received" if not c.present else "power_down",
                "applications": [],
            }
        )
    else:
        index = 0x0000  # slot 0, application 0
        app = {
            "type": "usim",
            "state": _APP_STATE[c.pin_state],
            "personalization_state": "ready",
            "personalization_feature": "unknown",
            "personalization_retries": 0,
            "personalization_unblock_retries": 0,
            "aid": USIM_AID,
            "upin_replaces_pin1": False,
            "pin1_state": c.pin_state,
            "pin1_retries": c.pin_retries,
            "puk1_retries": c.puk_retries,
            "pin2_state": "enabled_not_verified",
            "pin2_retries": 3,
            "puk2_retries": 10,
        }
        cards.append(
            {
                "card_state": "present",
                "upin_state": "not_initialized",
                "upin_retries": 0,
                "upuk_retries": 0,
                "error_code": "unknown",
                "applications": [app],
            }
        )
    return {
        "index_gw_primary": index,
        "index_1x_primary": NO_APPLICATION,
        "index_gw_secondary": NO_APPLICATION,
        "index_1x_secondary": NO_APPLICATION,
        "cards": cards,
    }


def announce_card(ctx: Context) -> None:
    """Send the card status indication to UIM clients registered for it."""
    if not ctx.scenario.uim_supported or not ctx.state.uim_event_clients:
        return
    ctx.indicate(
        "uim", "card_status", {"card_status": card_status(ctx)}, to=ctx.state.uim_event_clients
    )


@handles("uim", "get_card_status")
def get_card_status(ctx: Context, req: Message) -> dict[str, Any]:
    return {"card_status": card_status(ctx)}


@handles("uim", "register_events")
def register_events(ctx: Context, req: Message) -> dict[str, Any]:
    mask = req.get("event_mask")
    if mask is None:
        raise SimError("MISSING_ARGUMENT")
    if mask & EVENT_CARD_STATUS:
        ctx.state.uim_event_clients.add(ctx.client_id)
    else:
        ctx.state.uim_event_clients.discard(ctx.client_id)
    return {"event_mask": mask & EVENT_CARD_STATUS}


def _retries(ctx: Context) -> dict[str, Any]:
    c = ctx.state.card
    return {"retries_remaining": {"verify_left": c.pin_retries, "unblock_left": c.puk_retries}}


def _pin_info(req: Message) -> dict[str, Any]:
    info = req.get("info")
    if info is None:
        raise SimError("MISSING_ARGUMENT")
    if info["pin_id"] != "pin1":
        raise SimError("INVALID_PIN_ID")
    result: dict[str, Any] = info
    return result


@handles("uim", "verify_pin")
def verify_pin(ctx: Context, req: Message) -> dict[str, Any]:
    info = _pin_info(req)
    error = card.verify_pin(ctx, info["pin"])
    if error:
        raise SimError(error, **_retries(ctx))
    return _retries(ctx)


@handles("uim", "unblock_pin")
def unblock_pin(ctx: Context, req: Message) -> dict[str, Any]:
    info = _pin_info(req)
    error = card.unblock_pin(ctx, info["puk"], info["new_pin"])
    if error:
        raise SimError(error, **_retries(ctx))
    return _retries(ctx)


def _bcd_swapped(digits: str) -> str:
    """Digits as SIM files store them: nibble-swapped BCD, padded with F."""
    if len(digits) % 2:
        digits += "f"
    return "".join(digits[i + 1] + digits[i] for i in range(0, len(digits), 2))


@handles("uim", "read_transparent")
def read_transparent(ctx: Context, req: Message) -> dict[str, Any]:
    card.require_present(ctx)
    file = req.get("file") or {}
    file_id = file.get("file_id")
    if file_id == EF_ICCID:
        data = _bcd_swapped(ctx.scenario.iccid)
    elif file_id == EF_IMSI:
        card.require_ready(ctx)
        imsi = "9" + ctx.scenario.imsi  # first nibble: odd parity, type IMSI
        data = "08" + _bcd_swapped(imsi)
    else:
        raise SimError("SIM_FILE_NOT_FOUND", card_result={"sw1": 0x6A, "sw2": 0x82})
    return {"card_result": {"sw1": 0x90, "sw2": 0x00}, "read_result": data}


@handles("uim", "power_off_sim")
def power_off_sim(ctx: Context, req: Message) -> dict[str, Any]:
    ctx.state.card.powered = False
    ctx.state.card.pin_verified = False
    lifecycle.detach(ctx)
    announce_card(ctx)
    return {}


@handles("uim", "power_on_sim")
def power_on_sim(ctx: Context, req: Message) -> dict[str, Any]:
    ctx.state.card.powered = True
    announce_card(ctx)
    lifecycle.maybe_search(ctx)
    return {}
