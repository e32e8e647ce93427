"""DMS: identity, operating mode, and the legacy PIN messages."""

from __future__ import annotations

from typing import Any

from pyqmi.qmi.message import Message
from pyqmi.sim.core import Context, SimError, handles
from pyqmi.sim.handlers import card, lifecycle


@handles("dms", "get_manufacturer")
def get_manufacturer(ctx: Context, req: Message) -> dict[str, Any]:
    return {"manufacturer": ctx.scenario.manufacturer}


@handles("dms", "get_model")
def get_model(ctx: Context, req: Message) -> dict[str, Any]:
    return {"model": ctx.scenario.model}


@handles("dms", "get_revision")
def get_revision(ctx: Context, req: Message) -> dict[str, Any]:
    return {"revision": ctx.scenario.revision}


@handles("dms", "get_ids")
def get_ids(ctx: Context, req: Message) -> dict[str, Any]:
    sc = ctx.scenario
    values: dict[str, Any] = {"imei": sc.imei, "imei_software_version": sc.imei_software_version}
    if sc.esn:
        values["esn"] = sc.esn
    if sc.meid:
        values["meid"] = sc.meid
    return values


@handles("dms", "get_msisdn")
def get_msisdn(ctx: Context, req: Message) -> dict[str, Any]:
    card.require_ready(ctx)
    return {"msisdn": ctx.scenario.msisdn}


@handles("dms", "uim_get_iccid")
def uim_get_iccid(ctx: Context, req: Message) -> dict[str, Any]:
    card.require_present(ctx)
    return {"iccid": ctx.scenario.iccid}


@handles("dms", "uim_get_imsi")
def uim_get_imsi(ctx: Context, req: Message) -> dict[str, Any]:
    card.require_ready(ctx)
    return {"imsi": ctx.scenario.imsi}


@handles("dms", "uim_get_pin_status")
def uim_get_pin_status(ctx: Context, req: Message) -> dict[str, Any]:
    card.require_present(ctx)
    c = ctx.state.card
    return {
        "pin1_status": {
            "current_status": c.pin_state,
            "verify_retries_left": c.pin_retries,
            "unblock_retries_left": c.puk_retries,
        },
        "pin2_status": {
            "current_status": "enabled_not_verified",
            "verify_retries_left": 3,
            "unblock_retries_left": 10,
        },
    }


def _retries(ctx: Context) -> dict[str, Any]:
    c = ctx.state.card
    return {
        "retries": {"verify_retries_left": c.pin_retries, "unblock_retries_left": c.puk_retries}
    }


@handles("dms", "uim_verify_pin")
def uim_verify_pin(ctx: Context, req: Message) -> dict[str, Any]:
    info = req.get("info")
    if info is None:
        raise SimError("MISSING_ARGUMENT")
    if info["pin_id"] != 1:
        raise SimError("INVALID_PIN_ID")
    error = card.verify_pin(ctx, info["pin"])
    if error:
        raise SimError(error, **_retries(ctx))
    return _retries(ctx)


@handles("dms", "uim_unblock_pin")
def uim_unblock_pin(ctx: Context, req: Message) -> dict[str, Any]:
    info = req.get("info")
    if info is None:
        raise SimError("MISSING_ARGUMENT")
    if info["pin_id"] != 1:
        raise SimError("INVALID_PIN_ID")
    error = card.unblock_pin(ctx, info["puk"], info["new_pin"])
    if error:
        raise SimError(error, **_retries(ctx))
    return _retries(ctx)


@handles("dms", "get_operating_mode")
def get_operating_mode(ctx: Context, req: Message) -> dict[str, Any]:
    return {"mode": ctx.state.operating_mode, "hardware_restricted": False}


_SETTABLE_MODES = ("online", "low_power", "persistent_low_power", "offline")


@handles("dms", "set_operating_mode")
def set_operating_mode(ctx: Context, req: Message) -> dict[str, Any]:
    mode = req.get("mode")
    if mode is None:
        raise SimError("MISSING_ARGUMENT")
    if mode not in _SETTABLE_MODES:
        raise SimError("INVALID_TRANSITION")
    if ctx.state.operating_mode == "offline" and mode != "offline":
        # Firmware only leaves "offline" through a reset.
        raise SimError("INVALID_TRANSITION")
    lifecycle.set_operating_mode(ctx, str(mode))
    return {}
