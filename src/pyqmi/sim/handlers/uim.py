"""UIM: card status (and its indication), PIN verify/unblock, file reads, SIM power."""

from __future__ import annotations

import logging
from typing import TypeVar

from pyqmi.qmi.typed import uim
from pyqmi.sim.core import Context, SimError
from pyqmi.sim.handlers import card, lifecycle
from pyqmi.sim.registry import handles

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


def _card(state: str, error: str, applications: tuple[uim.Application, ...]) -> uim.Card:
    return uim.Card(
        card_state=uim.CardState.named(state),
        upin_state=uim.PinState.not_initialized,
        upin_retries=0,
        upuk_retries=0,
        error_code=uim.CardError.named(error),
        applications=applications,
    )


def card_status(ctx: Context) -> uim.CardStatusInfo:
    """The card status TLV value for the current state."""
    c = ctx.state.card
    index = NO_APPLICATION
    if not c.present or not c.powered:
        absent = not c.present
        cards = (
            _card(
                "absent" if absent else "error", "no_atr_received" if absent else "power_down", ()
            ),
        )
    else:
        index = 0x0000  # slot 0, application 0
        app = uim.Application(
            type=uim.ApplicationType.usim,
            state=uim.ApplicationState.named(_APP_STATE[c.pin_state]),
            personalization_state=uim.PersonalizationState.ready,
            personalization_feature=uim.PersonalizationFeature.unknown,
            personalization_retries=0,
            personalization_unblock_retries=0,
            aid=USIM_AID,
            upin_replaces_pin1=False,
            pin1_state=uim.PinState.named(c.pin_state),
            pin1_retries=c.pin_retries,
            puk1_retries=c.puk_retries,
            pin2_state=uim.PinState.enabled_not_verified,
            pin2_retries=3,
            puk2_retries=10,
        )
        cards = (_card("present", "unknown", (app,)),)
    return uim.CardStatusInfo(
        index_gw_primary=index,
        index_1x_primary=NO_APPLICATION,
        index_gw_secondary=NO_APPLICATION,
        index_1x_secondary=NO_APPLICATION,
        cards=cards,
    )


def announce_card(ctx: Context) -> None:
    """Send the card status indication to UIM clients registered for it."""
    if not ctx.scenario.uim_supported or not ctx.state.uim_event_clients:
        return
    indication = uim.CardStatus.Indication(card_status=card_status(ctx))
    ctx.indicate(indication, to=ctx.state.uim_event_clients)


@handles(uim.GetCardStatus)
def get_card_status(ctx: Context, req: uim.GetCardStatus.Request) -> uim.GetCardStatus.Response:
    return uim.GetCardStatus.Response(card_status=card_status(ctx))


@handles(uim.RegisterEvents)
def register_events(ctx: Context, req: uim.RegisterEvents.Request) -> uim.RegisterEvents.Response:
    mask = req.event_mask
    if mask is None:
        raise SimError("MISSING_ARGUMENT")
    if mask & EVENT_CARD_STATUS:
        ctx.state.uim_event_clients.add(ctx.client_id)
    else:
        ctx.state.uim_event_clients.discard(ctx.client_id)
    return uim.RegisterEvents.Response(event_mask=mask & EVENT_CARD_STATUS)


def _retries(ctx: Context) -> uim.Retries:
    c = ctx.state.card
    return uim.Retries(verify_left=c.pin_retries, unblock_left=c.puk_retries)


Info = TypeVar("Info", uim.VerifyPinInfo, uim.UnblockPinInfo)


def _pin1(info: Info | None) -> Info:
    if info is None:
        raise SimError("MISSING_ARGUMENT")
    if info.pin_id is not uim.PinId.pin1:
        raise SimError("INVALID_PIN_ID")
    return info


@handles(uim.VerifyPin)
def verify_pin(ctx: Context, req: uim.VerifyPin.Request) -> uim.VerifyPin.Response:
    error = card.verify_pin(ctx, _pin1(req.info).pin)
    answer = uim.VerifyPin.Response(retries_remaining=_retries(ctx))
    if error:
        raise SimError(error, answer)
    return answer


@handles(uim.UnblockPin)
def unblock_pin(ctx: Context, req: uim.UnblockPin.Request) -> uim.UnblockPin.Response:
    info = _pin1(req.info)
    error = card.unblock_pin(ctx, info.puk, info.new_pin)
    answer = uim.UnblockPin.Response(retries_remaining=_retries(ctx))
    if error:
        raise SimError(error, answer)
    return answer


def _bcd_swapped(digits: str) -> str:
    """Digits as SIM files store them: nibble-swapped BCD, padded with F."""
    if len(digits) % 2:
        digits += "f"
    return "".join(digits[i + 1] + digits[i] for i in range(0, len(digits), 2))


@handles(uim.ReadTransparent)
def read_transparent(
    ctx: Context, req: uim.ReadTransparent.Request
) -> uim.ReadTransparent.Response:
    card.require_present(ctx)
    file_id = req.file.file_id if req.file else None
    if file_id == EF_ICCID:
        data = _bcd_swapped(ctx.scenario.iccid)
    elif file_id == EF_IMSI:
        card.require_ready(ctx)
        imsi = "9" + ctx.scenario.imsi  # first nibble: odd parity, type IMSI
        data = "08" + _bcd_swapped(imsi)
    else:
        not_found = uim.CardResult(sw1=0x6A, sw2=0x82)
        raise SimError("SIM_FILE_NOT_FOUND", uim.ReadTransparent.Response(card_result=not_found))
    return uim.ReadTransparent.Response(
        card_result=uim.CardResult(sw1=0x90, sw2=0x00), read_result=data
    )


@handles(uim.PowerOffSim)
def power_off_sim(ctx: Context, req: uim.PowerOffSim.Request) -> None:
    ctx.state.card.powered = False
    ctx.state.card.pin_verified = False
    lifecycle.detach(ctx)
    announce_card(ctx)


@handles(uim.PowerOnSim)
def power_on_sim(ctx: Context, req: uim.PowerOnSim.Request) -> None:
    ctx.state.card.powered = True
    announce_card(ctx)
    lifecycle.maybe_search(ctx)
