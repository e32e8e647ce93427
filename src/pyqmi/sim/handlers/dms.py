"""DMS: identity, operating mode, and the legacy PIN messages."""

from __future__ import annotations

from pyqmi.qmi.typed import dms
from pyqmi.sim import faults
from pyqmi.sim.core import Context, SimError
from pyqmi.sim.handlers import card, lifecycle
from pyqmi.sim.registry import handles

RESET_AFTER = 0.05  # seconds between answering a reset and doing it


@handles(dms.GetManufacturer)
def get_manufacturer(
    ctx: Context, req: dms.GetManufacturer.Request
) -> dms.GetManufacturer.Response:
    return dms.GetManufacturer.Response(manufacturer=ctx.scenario.manufacturer)


@handles(dms.GetModel)
def get_model(ctx: Context, req: dms.GetModel.Request) -> dms.GetModel.Response:
    return dms.GetModel.Response(model=ctx.scenario.model)


@handles(dms.GetRevision)
def get_revision(ctx: Context, req: dms.GetRevision.Request) -> dms.GetRevision.Response:
    return dms.GetRevision.Response(revision=ctx.scenario.revision)


@handles(dms.GetIds)
def get_ids(ctx: Context, req: dms.GetIds.Request) -> dms.GetIds.Response:
    sc = ctx.scenario
    return dms.GetIds.Response(
        esn=sc.esn or None,
        imei=sc.imei,
        meid=sc.meid or None,
        imei_software_version=sc.imei_software_version,
    )


@handles(dms.GetMsisdn)
def get_msisdn(ctx: Context, req: dms.GetMsisdn.Request) -> dms.GetMsisdn.Response:
    card.require_ready(ctx)
    return dms.GetMsisdn.Response(msisdn=ctx.scenario.msisdn)


@handles(dms.UimGetIccid)
def uim_get_iccid(ctx: Context, req: dms.UimGetIccid.Request) -> dms.UimGetIccid.Response:
    card.require_present(ctx)
    return dms.UimGetIccid.Response(iccid=ctx.scenario.iccid)


@handles(dms.UimGetImsi)
def uim_get_imsi(ctx: Context, req: dms.UimGetImsi.Request) -> dms.UimGetImsi.Response:
    card.require_ready(ctx)
    return dms.UimGetImsi.Response(imsi=ctx.scenario.imsi)


@handles(dms.UimGetPinStatus)
def uim_get_pin_status(
    ctx: Context, req: dms.UimGetPinStatus.Request
) -> dms.UimGetPinStatus.Response:
    card.require_present(ctx)
    c = ctx.state.card
    return dms.UimGetPinStatus.Response(
        pin1_status=dms.PinStatusInfo(
            current_status=dms.PinStatus.named(c.pin_state),
            verify_retries_left=c.pin_retries,
            unblock_retries_left=c.puk_retries,
        ),
        pin2_status=dms.PinStatusInfo(
            current_status=dms.PinStatus.enabled_not_verified,
            verify_retries_left=3,
            unblock_retries_left=10,
        ),
    )


def _retries(ctx: Context) -> dms.Retries:
    c = ctx.state.card
    return dms.Retries(verify_retries_left=c.pin_retries, unblock_retries_left=c.puk_retries)


@handles(dms.UimVerifyPin)
def uim_verify_pin(ctx: Context, req: dms.UimVerifyPin.Request) -> dms.UimVerifyPin.Response:
    info = req.info
    if info is None:
        raise SimError("MISSING_ARGUMENT")
    if info.pin_id != 1:
        raise SimError("INVALID_PIN_ID")
    error = card.verify_pin(ctx, info.pin)
    answer = dms.UimVerifyPin.Response(retries=_retries(ctx))
    if error:
        raise SimError(error, answer)
    return answer


@handles(dms.UimUnblockPin)
def uim_unblock_pin(ctx: Context, req: dms.UimUnblockPin.Request) -> dms.UimUnblockPin.Response:
    info = req.info
    if info is None:
        raise SimError("MISSING_ARGUMENT")
    if info.pin_id != 1:
        raise SimError("INVALID_PIN_ID")
    error = card.unblock_pin(ctx, info.puk, info.new_pin)
    answer = dms.UimUnblockPin.Response(retries=_retries(ctx))
    if error:
        raise SimError(error, answer)
    return answer


@handles(dms.GetOperatingMode)
def get_operating_mode(
    ctx: Context, req: dms.GetOperatingMode.Request
) -> dms.GetOperatingMode.Response:
    return dms.GetOperatingMode.Response(
        mode=dms.OperatingMode.named(ctx.state.operating_mode), hardware_restricted=False
    )


_SETTABLE_MODES = (
    dms.OperatingMode.online,
    dms.OperatingMode.low_power,
    dms.OperatingMode.persistent_low_power,
    dms.OperatingMode.offline,
)


@handles(dms.SetOperatingMode)
def set_operating_mode(ctx: Context, req: dms.SetOperatingMode.Request) -> None:
    mode = req.mode
    if mode is None:
        raise SimError("MISSING_ARGUMENT")
    if mode is dms.OperatingMode.reset:
        # Answered first; then the modem restarts, in place or off the bus and back.
        leaves = ctx.scenario.reset_leaves_bus
        if leaves is None:
            ctx.schedule(RESET_AFTER, "reset", faults.reset_in_place)
        else:
            ctx.schedule(
                RESET_AFTER, "reset", lambda c: faults.play(c, faults.Fault("", "vanish", leaves))
            )
        return
    if mode not in _SETTABLE_MODES:
        raise SimError("INVALID_TRANSITION")
    if ctx.state.operating_mode == "offline" and mode is not dms.OperatingMode.offline:
        # Firmware only leaves "offline" through a reset.
        raise SimError("INVALID_TRANSITION")
    lifecycle.set_operating_mode(ctx, str(mode))
