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

from pyqmi.qmi.typed import wds
from pyqmi.sim.core import Context, SimError
from pyqmi.sim.registry import handles
from pyqmi.sim.scenarios import (
    CAUSE_IPV4_ONLY_ALLOWED,
    CAUSE_IPV6_ONLY_ALLOWED,
    CAUSE_UNKNOWN_APN,
    CAUSE_USER_AUTHENTICATION_FAILED,
)
from pyqmi.sim.state import DataCall

log = logging.getLogger(__name__)

_FAMILY = {wds.IpFamily.ipv4: 4, wds.IpFamily.ipv6: 6}
_HANDLE_BASE = 0x8338D690
_MAX_PROFILES = 16


def client_family(ctx: Context, cid: int | None = None) -> int:
    return ctx.state.wds_ip_family.get(ctx.client_id if cid is None else cid, 4)


def _ip_family(family: int) -> wds.IpFamily:
    return wds.IpFamily.ipv4 if family == 4 else wds.IpFamily.ipv6


def _call_failed(reason: str, verbose_type: str, cause: int) -> SimError:
    verbose = wds.VerboseCallEndReason(
        type=wds.VerboseCallEndReasonType.named(verbose_type), reason=cause
    )
    answer = wds.StartNetwork.Response(
        call_end_reason=wds.CallEndReason.named(reason), verbose_call_end_reason=verbose
    )
    return SimError("CALL_FAILED", answer)


def _or(value: Any, default: Any) -> Any:
    """A request field, or the profile's value when the request leaves it out."""
    return default if value is None else value


def _requested_pdp(ctx: Context, req: wds.StartNetwork.Request, profile: dict[str, Any]) -> str:
    """ "ipv4", "ipv6" or "ipv4v6": what the modem asks the network for."""
    family = req.ip_family_preference
    if family in _FAMILY:
        return str(family)
    if ctx.client_id in ctx.state.wds_ip_family:
        return "ipv4" if client_family(ctx) == 4 else "ipv6"
    pdp = profile.get("pdp_type", "ipv4_or_ipv6")
    return {"ipv4": "ipv4", "ipv6": "ipv6"}.get(str(pdp), "ipv4v6")


def _check_network(ctx: Context, req: wds.StartNetwork.Request, profile: dict[str, Any]) -> int:
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
    apn = _or(req.apn, profile.get("apn", ""))
    if sc.apns and apn not in sc.apns:
        raise _call_failed("generic_unspecified", "3gpp", CAUSE_UNKNOWN_APN)
    if sc.require_auth:
        auth = str(_or(req.authentication_preference, profile.get("authentication", "none")))
        user = _or(req.username, profile.get("username", ""))
        password = _or(req.password, profile.get("password", ""))
        if auth in ("none", "0") or not user or not password:
            raise _call_failed("generic_unspecified", "3gpp", CAUSE_USER_AUTHENTICATION_FAILED)
    return 4 if 4 in wanted else 6


@handles(wds.StartNetwork)
def start_network(ctx: Context, req: wds.StartNetwork.Request) -> wds.StartNetwork.Response:
    st = ctx.state
    profile = st.profiles.get(_or(req.profile_index_3gpp, 1))
    if profile is None:
        raise SimError("INVALID_PROFILE")
    family = _check_network(ctx, req, profile)
    for call in st.calls.values():
        if call.client_id == ctx.client_id and call.ip_family == family:
            raise SimError("NO_EFFECT", wds.StartNetwork.Response(packet_data_handle=call.handle))
    st.calls_started += 1
    st.data_stalled = False  # a fresh call carries data again (sim/faults.py "stall")
    handle = (_HANDLE_BASE + st.calls_started * 0x10001) & 0xFFFFFFFF
    apn = str(_or(req.apn, profile.get("apn", "")))
    call = DataCall(handle, ctx.client_id, family, apn, ctx.now)
    st.calls[handle] = call
    log.info("sim: call %08x up (IPv%d)", handle, family)
    _announce(ctx, call, wds.ConnectionStatus.connected)
    ctx.event("call_up", handle=handle, ip_family=family)
    if ctx.scenario.call_drop_after is not None:
        ctx.schedule(ctx.scenario.call_drop_after, f"drop:{handle}", _drop(handle))
    return wds.StartNetwork.Response(packet_data_handle=handle)


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
    _announce(ctx, call, wds.ConnectionStatus.disconnected, reason, verbose)
    ctx.event("call_down", handle=call.handle, ip_family=call.ip_family, reason=reason)


def _announce(
    ctx: Context,
    call: DataCall,
    status: wds.ConnectionStatus,
    reason: str | None = None,
    verbose: dict[str, Any] | None = None,
) -> None:
    clients = {
        cid
        for cid in ctx.state.clients.get("wds", set())
        if cid == call.client_id or client_family(ctx, cid) == call.ip_family
    }
    indication = wds.GetPacketServiceStatus.Indication(
        connection_status=wds.PacketServiceStatus(status=status, reconfiguration_required=False),
        call_end_reason=None if reason is None else wds.CallEndReason.named(reason),
        verbose_call_end_reason=None
        if verbose is None
        else wds.VerboseCallEndReason(
            type=wds.VerboseCallEndReasonType.named(verbose["type"]), reason=verbose["reason"]
        ),
        ip_family=_ip_family(call.ip_family),
    )
    ctx.indicate(indication, to=clients)


@handles(wds.StopNetwork)
def stop_network(ctx: Context, req: wds.StopNetwork.Request) -> None:
    handle = req.packet_data_handle
    if handle is None:
        raise SimError("MISSING_ARGUMENT")
    call = ctx.state.calls.get(handle)
    if call is None:
        raise SimError("INVALID_HANDLE")
    end_call(ctx, call, reason="generic_client_end")


def _call_of(ctx: Context) -> DataCall | None:
    """The call a client's status/settings queries are about."""
    own = ctx.state.calls_of(ctx.client_id)
    if own:
        return own[0]
    family = client_family(ctx)
    return next((c for c in ctx.state.calls.values() if c.ip_family == family), None)


@handles(wds.GetPacketServiceStatus)
def get_packet_service_status(
    ctx: Context, req: wds.GetPacketServiceStatus.Request
) -> wds.GetPacketServiceStatus.Response:
    status = wds.ConnectionStatus.connected if _call_of(ctx) else wds.ConnectionStatus.disconnected
    return wds.GetPacketServiceStatus.Response(connection_status=status)


@handles(wds.SetIpFamily)
def set_ip_family(ctx: Context, req: wds.SetIpFamily.Request) -> None:
    pref = req.preference
    if pref is wds.IpFamily.unspecified:
        ctx.state.wds_ip_family.pop(ctx.client_id, None)
    elif pref in _FAMILY:
        ctx.state.wds_ip_family[ctx.client_id] = _FAMILY[wds.IpFamily(pref)]
    else:
        raise SimError("INVALID_IP_FAMILY_PREFERENCE")


def call_settings(ctx: Context, call: DataCall) -> wds.GetCurrentSettings.Response:
    sc = ctx.scenario
    common: dict[str, Any] = {
        "apn": call.apn,
        "mtu": sc.mtu,
        "ip_family": _ip_family(call.ip_family),
        "pdp_type": wds.PdpKind.ipv4 if call.ip_family == 4 else wds.PdpKind.ipv6,
    }
    if call.ip_family == 4:
        dns4 = [*sc.ipv4_dns[:2], None, None]
        return wds.GetCurrentSettings.Response(
            **common,
            ipv4_address=sc.ipv4_address,
            ipv4_gateway=sc.ipv4_gateway,
            ipv4_subnet_mask=str(ipaddress.IPv4Network(f"0.0.0.0/{sc.ipv4_prefix}").netmask),
            primary_ipv4_dns=dns4[0],
            secondary_ipv4_dns=dns4[1],
        )
    dns6 = [*sc.ipv6_dns[:2], None, None]
    return wds.GetCurrentSettings.Response(
        **common,
        ipv6_address=wds.Ipv6WithPrefix(address=sc.ipv6_address, prefix_length=sc.ipv6_prefix),
        ipv6_gateway=wds.Ipv6WithPrefix(address=sc.ipv6_gateway, prefix_length=sc.ipv6_prefix),
        primary_ipv6_dns=dns6[0],
        secondary_ipv6_dns=dns6[1],
    )


@handles(wds.GetCurrentSettings)
def get_current_settings(
    ctx: Context, req: wds.GetCurrentSettings.Request
) -> wds.GetCurrentSettings.Response:
    call = _call_of(ctx)
    if call is None:
        raise SimError("OUT_OF_CALL")
    return call_settings(ctx, call)


# --- profiles ---------------------------------------------------------------------

# Profiles are kept as plain WDS values (what the state file shows).
_PROFILE_KEYS = ("profile_name", "pdp_type", "apn", "username", "password", "authentication")


def _profile_index(pid: wds.ProfileId | None) -> int:
    if pid is None:
        raise SimError("MISSING_ARGUMENT")
    if pid.profile_type is not wds.ProfileType._3gpp:
        raise SimError("INVALID_PROFILE_TYPE")
    return pid.profile_index


def _kept(req: wds.ModifyProfile.Request | wds.CreateProfile.Request) -> dict[str, Any]:
    values = req.values()
    return {k: values[k] for k in _PROFILE_KEYS if k in values}


@handles(wds.GetProfileList)
def get_profile_list(ctx: Context, req: wds.GetProfileList.Request) -> wds.GetProfileList.Response:
    profiles = tuple(
        wds.Profile(
            profile_type=wds.ProfileType._3gpp,
            profile_index=i,
            profile_name=p.get("profile_name", ""),
        )
        for i, p in sorted(ctx.state.profiles.items())
    )
    return wds.GetProfileList.Response(profiles=profiles)


def _no_profile() -> SimError:
    error = wds.ProfileError.invalid_profile_number
    return SimError("EXTENDED_INTERNAL", wds.GetProfileSettings.Response(extended_error=error))


@handles(wds.GetProfileSettings)
def get_profile_settings(
    ctx: Context, req: wds.GetProfileSettings.Request
) -> wds.GetProfileSettings.Response:
    profile = ctx.state.profiles.get(_profile_index(req.profile_id))
    if profile is None:
        raise _no_profile()
    shown = {k: v for k, v in profile.items() if k != "password"}
    return wds.GetProfileSettings.Response.from_values(shown)


@handles(wds.ModifyProfile)
def modify_profile(ctx: Context, req: wds.ModifyProfile.Request) -> None:
    profile = ctx.state.profiles.get(_profile_index(req.profile_id))
    if profile is None:
        raise _no_profile()
    profile.update(_kept(req))


@handles(wds.CreateProfile)
def create_profile(ctx: Context, req: wds.CreateProfile.Request) -> wds.CreateProfile.Response:
    if req.profile_type is not wds.ProfileType._3gpp:
        raise SimError("INVALID_PROFILE_TYPE")
    free = [i for i in range(1, _MAX_PROFILES + 1) if i not in ctx.state.profiles]
    if not free:
        error = wds.ProfileError._3gpp_out_of_profiles
        raise SimError("EXTENDED_INTERNAL", wds.CreateProfile.Response(extended_error=error))
    ctx.state.profiles[free[0]] = _kept(req)
    created = wds.ProfileId(profile_type=wds.ProfileType._3gpp, profile_index=free[0])
    return wds.CreateProfile.Response(profile_id=created)
