"""WDS: data calls (start/stop, status, current settings), IP family, profiles.

A call is judged by the network like this, in order: the modem must be registered;
the PDP type must be one the network grants (else 3GPP cause 50/51); the APN must be
known when the scenario lists APNs (cause 27); credentials must be offered with PAP
or CHAP when the scenario requires them (cause 29).  The PDP type comes from the
request's IP family, else the client's set_ip_family, else the profile: a profile
of type IPv4v6 is refused by an IPv4-only network, as the ZTE MF821 thread shows.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from pyqmi.qmi.message import Message
from pyqmi.sim.core import Context, SimError, handles
from pyqmi.sim.scenarios import (
    CAUSE_IPV4_ONLY_ALLOWED,
    CAUSE_IPV6_ONLY_ALLOWED,
    CAUSE_UNKNOWN_APN,
    CAUSE_USER_AUTHENTICATION_FAILED,
)
from pyqmi.sim.state import DataCall

log = logging.getLogger(__name__)

_FAMILY = {"ipv4": 4, "ipv6": 6}
_HANDLE_BASE = 0x8338D690
_MAX_PROFILES = 16


def client_family(ctx: Context, cid: int | None = None) -> int:
    return ctx.state.wds_ip_family.get(ctx.client_id if cid is None else cid, 4)


def _call_failed(reason: str, verbose_type: str, cause: int) -> SimError:
    return SimError(
        "CALL_FAILED",
        call_end_reason=reason,
        verbose_call_end_reason={"type": verbose_type, "reason": cause},
    )


def _requested_pdp(ctx: Context, req: Message, profile: dict[str, Any]) -> str:
    """ "ipv4", "ipv6" or "ipv4v6": what the modem asks the network for."""
    family = req.get("ip_family_preference")
    if family in _FAMILY:
        return str(family)
    if ctx.client_id in ctx.state.wds_ip_family:
        return "ipv4" if client_family(ctx) == 4 else "ipv6"
    pdp = profile.get("pdp_type", "ipv4_or_ipv6")
    return {"ipv4": "ipv4", "ipv6": "ipv6"}.get(str(pdp), "ipv4v6")


def _check_network(ctx: Context, req: Message, profile: dict[str, Any]) -> int:
    """Return the granted IP family or raise the network's rejection."""
    sc = ctx.scenario
    if ctx.state.registration != "registered":
        raise _call_failed("generic_no_service", "cm", 2001)
    pdp = _requested_pdp(ctx, req, profile)
    wanted = {"ipv4": {4}, "ipv6": {6}, "ipv4v6": {4, 6}}[pdp]
    if sc.reject_cause is not None and wanted & set(sc.reject_families):
        raise _call_failed("generic_unspecified", "3gpp", sc.reject_cause)
    if not wanted <= set(sc.ip_families):
        only = CAUSE_IPV4_ONLY_ALLOWED if 4 in sc.ip_families else CAUSE_IPV6_ONLY_ALLOWED
        raise _call_failed("generic_unspecified", "3gpp", only)
    apn = req.get("apn", profile.get("apn", ""))
    if sc.apns and apn not in sc.apns:
        raise _call_failed("generic_unspecified", "3gpp", CAUSE_UNKNOWN_APN)
    if sc.require_auth:
        auth = req.get("authentication_preference", profile.get("authentication", "none"))
        user = req.get("username", profile.get("username", ""))
        password = req.get("password", profile.get("password", ""))
        if auth in ("none", 0) or not user or not password:
            raise _call_failed("generic_unspecified", "3gpp", CAUSE_USER_AUTHENTICATION_FAILED)
    return 4 if 4 in wanted else 6


@handles("wds", "start_network")
def start_network(ctx: Context, req: Message) -> dict[str, Any]:
    st = ctx.state
    index = req.get("profile_index_3gpp", 1)
    profile = st.profiles.get(index)
    if profile is None:
        raise SimError("INVALID_PROFILE")
    family = _check_network(ctx, req, profile)
    for call in st.calls.values():
        if call.client_id == ctx.client_id and call.ip_family == family:
            raise SimError("NO_EFFECT", packet_data_handle=call.handle)
    st.calls_started += 1
    handle = (_HANDLE_BASE + st.calls_started * 0x10001) & 0xFFFFFFFF
    apn = str(req.get("apn", profile.get("apn", "")))
    call = DataCall(handle, ctx.client_id, family, apn, ctx.now)
    st.calls[handle] = call
    log.info("sim: call %08x up (IPv%d)", handle, family)
    _announce(ctx, call, "connected")
    ctx.event("call_up", handle=handle, ip_family=family)
    if ctx.scenario.call_drop_after is not None:
        ctx.schedule(ctx.scenario.call_drop_after, f"drop:{handle}", _drop(handle))
    return {"packet_data_handle": handle}


def _drop(handle: int) -> Any:
    def drop(ctx: Context) -> None:
        call = ctx.state.calls.get(handle)
        if call is not None:
            verbose = {"type": "3gpp", "reason": ctx.scenario.call_drop_cause}
            end_call(ctx, call, reason="gsm_wcdma_network_end", verbose=verbose)

    return drop


def end_call(
    ctx: Context, call: DataCall, reason: str, verbose: dict[str, Any] | None = None
) -> None:
    """Forget the call and tell the WDS clients of its family that it ended."""
    ctx.state.calls.pop(call.handle, None)
    ctx.cancel(f"drop:{call.handle}")
    log.info("sim: call %08x down (%s)", call.handle, reason)
    _announce(ctx, call, "disconnected", reason, verbose)
    ctx.event("call_down", handle=call.handle, ip_family=call.ip_family, reason=reason)


def _announce(
    ctx: Context,
    call: DataCall,
    status: str,
    reason: str | None = None,
    verbose: dict[str, Any] | None = None,
) -> None:
    clients = {
        cid
        for cid in ctx.state.clients.get("wds", set())
        if cid == call.client_id or client_family(ctx, cid) == call.ip_family
    }
    values: dict[str, Any] = {
        "connection_status": {"status": status, "reconfiguration_required": False},
        "ip_family": "ipv4" if call.ip_family == 4 else "ipv6",
    }
    if reason is not None:
        values["call_end_reason"] = reason
    if verbose is not None:
        values["verbose_call_end_reason"] = verbose
    ctx.indicate("wds", "get_packet_service_status", values, to=clients)


@handles("wds", "stop_network")
def stop_network(ctx: Context, req: Message) -> dict[str, Any]:
    handle = req.get("packet_data_handle")
    if handle is None:
        raise SimError("MISSING_ARGUMENT")
    call = ctx.state.calls.get(handle)
    if call is None:
        raise SimError("INVALID_HANDLE")
    end_call(ctx, call, reason="generic_client_end")
    return {}


def _call_of(ctx: Context) -> DataCall | None:
    """The call a client's status/settings queries are about."""
    own = ctx.state.calls_of(ctx.client_id)
    if own:
        return own[0]
    family = client_family(ctx)
    return next((c for c in ctx.state.calls.values() if c.ip_family == family), None)


@handles("wds", "get_packet_service_status")
def get_packet_service_status(ctx: Context, req: Message) -> dict[str, Any]:
    return {"connection_status": "connected" if _call_of(ctx) else "disconnected"}


@handles("wds", "set_ip_family")
def set_ip_family(ctx: Context, req: Message) -> dict[str, Any]:
    pref = req.get("preference")
    if pref not in ("ipv4", "ipv6", "unspecified"):
        raise SimError("INVALID_IP_FAMILY_PREFERENCE")
    if pref == "unspecified":
        ctx.state.wds_ip_family.pop(ctx.client_id, None)
    else:
        ctx.state.wds_ip_family[ctx.client_id] = _FAMILY[str(pref)]
    return {}


def call_settings(ctx: Context, call: DataCall) -> dict[str, Any]:
    sc = ctx.scenario
    values: dict[str, Any] = {
        "apn": call.apn,
        "mtu": sc.mtu,
        "ip_family": "ipv4" if call.ip_family == 4 else "ipv6",
        "pdp_type": "ipv4" if call.ip_family == 4 else "ipv6",
    }
    if call.ip_family == 4:
        mask = ipaddress.IPv4Network(f"0.0.0.0/{sc.ipv4_prefix}").netmask
        values |= {
            "ipv4_address": sc.ipv4_address,
            "ipv4_gateway": sc.ipv4_gateway,
            "ipv4_subnet_mask": str(mask),
        }
        for key, dns in zip(("primary_ipv4_dns", "secondary_ipv4_dns"), sc.ipv4_dns, strict=False):
            values[key] = dns
    else:
        values |= {
            "ipv6_address": {"address": sc.ipv6_address, "prefix_length": sc.ipv6_prefix},
            "ipv6_gateway": {"address": sc.ipv6_gateway, "prefix_length": sc.ipv6_prefix},
        }
        for key, dns in zip(("primary_ipv6_dns", "secondary_ipv6_dns"), sc.ipv6_dns, strict=False):
            values[key] = dns
    return values


@handles("wds", "get_current_settings")
def get_current_settings(ctx: Context, req: Message) -> dict[str, Any]:
    call = _call_of(ctx)
    if call is None:
        raise SimError("OUT_OF_CALL")
    return call_settings(ctx, call)


# --- profiles ---------------------------------------------------------------------

_PROFILE_KEYS = ("profile_name", "pdp_type", "apn", "username", "password", "authentication")


def _profile_index(req: Message) -> int:
    pid = req.get("profile_id")
    if pid is None:
        raise SimError("MISSING_ARGUMENT")
    if pid["profile_type"] != "3gpp":
        raise SimError("INVALID_PROFILE_TYPE")
    index: int = pid["profile_index"]
    return index


@handles("wds", "get_profile_list")
def get_profile_list(ctx: Context, req: Message) -> dict[str, Any]:
    profiles = [
        {"profile_type": "3gpp", "profile_index": i, "profile_name": p.get("profile_name", "")}
        for i, p in sorted(ctx.state.profiles.items())
    ]
    return {"profiles": profiles}


@handles("wds", "get_profile_settings")
def get_profile_settings(ctx: Context, req: Message) -> dict[str, Any]:
    profile = ctx.state.profiles.get(_profile_index(req))
    if profile is None:
        raise SimError("EXTENDED_INTERNAL", extended_error="invalid_profile_number")
    return {k: v for k, v in profile.items() if k != "password"}


@handles("wds", "modify_profile")
def modify_profile(ctx: Context, req: Message) -> dict[str, Any]:
    profile = ctx.state.profiles.get(_profile_index(req))
    if profile is None:
        raise SimError("EXTENDED_INTERNAL", extended_error="invalid_profile_number")
    profile.update({k: req.values[k] for k in _PROFILE_KEYS if k in req.values})
    return {}


@handles("wds", "create_profile")
def create_profile(ctx: Context, req: Message) -> dict[str, Any]:
    if req.get("profile_type") != "3gpp":
        raise SimError("INVALID_PROFILE_TYPE")
    free = [i for i in range(1, _MAX_PROFILES + 1) if i not in ctx.state.profiles]
    if not free:
        raise SimError("EXTENDED_INTERNAL", extended_error="3gpp_out_of_profiles")
    ctx.state.profiles[free[0]] = {k: req.values[k] for k in _PROFILE_KEYS if k in req.values}
    return {"profile_id": {"profile_type": "3gpp", "profile_index": free[0]}}
