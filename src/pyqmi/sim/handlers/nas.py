"""NAS: registration, serving system, system info; their indications.  (Signal: nas_signal.)

The registration state itself is driven by ``lifecycle``; this module only renders it
in NAS terms.  While searching, the modem still reports the (weak) signal it sees,
as the RM521F thread shows; once registered it reports the serving PLMN and cell.
"""

from __future__ import annotations

from typing import Any

from pyqmi.qmi.typed import nas
from pyqmi.sim.core import Context, SimError
from pyqmi.sim.handlers import lifecycle, nas_signal
from pyqmi.sim.registry import handles

_REGISTRATION = {
    "not_registered": "not_registered",
    "searching": "not_registered_searching",
    "registered": "registered",
    "denied": "registration_denied",
}
_DATA_CAPABILITY = {"lte": "lte", "5gnr": "lte", "umts": "hsdpa_plus", "gsm": "edge"}
# Fixed cell identity of the simulated network.
LAC = 0x1A2B
CELL_ID = 0x01C2D3E
TAC = 0x3C4D
# NAS client id -> indications it turned off with register_indications.
_EVENT_FIELDS = ("serving_system_events", "system_info")


def _plmn_text(ctx: Context) -> tuple[str, str]:
    sc = ctx.scenario
    return f"{sc.mcc:03d}", f"{sc.mnc:02d}"


def serving_system(ctx: Context) -> nas.GetServingSystem.Response:
    sc, st = ctx.scenario, ctx.state
    registered = st.registration == "registered"
    attach = nas.AttachState.attached if registered else nas.AttachState.detached
    system = nas.ServingSystem(
        registration_state=nas.RegistrationState.named(_REGISTRATION[st.registration]),
        cs_attach_state=attach,
        ps_attach_state=attach,
        selected_network=nas.NetworkType._3gpp if registered else nas.NetworkType.unknown,
        radio_interfaces=(nas.RadioInterface.named(sc.technology),) if registered else (),
    )
    if not registered:
        return nas.GetServingSystem.Response(serving_system=system)
    return nas.GetServingSystem.Response(
        serving_system=system,
        roaming_indicator=nas.RoamingIndicator.on if sc.roaming else nas.RoamingIndicator.off,
        data_service_capability=(
            nas.DataCapability.named(_DATA_CAPABILITY.get(sc.technology, "lte")),
        ),
        current_plmn=nas.PlmnWithDescription(mcc=sc.mcc, mnc=sc.mnc, description=sc.operator_name),
        lac_3gpp=LAC,
        cid_3gpp=CELL_ID,
        lte_tac=TAC if sc.technology in ("lte", "5gnr") else None,
    )


def _service(ctx: Context, tech: str) -> nas.ServiceStatus:
    st = ctx.state
    if st.operating_mode != "online":
        return nas.ServiceStatus.power_save
    if st.registration == "registered":
        if tech == ctx.scenario.technology:
            return nas.ServiceStatus.available
        return nas.ServiceStatus.none
    if st.registration == "denied":
        return nas.ServiceStatus.limited
    return nas.ServiceStatus.none


# Per technology: the system info TLVs' name stem, and the struct of its system info.
_SYSTEMS: dict[str, tuple[str, type[Any]]] = {
    "lte": ("lte", nas.LteSys),
    "5gnr": ("nr5g", nas.Nr5gSys),
    "umts": ("wcdma", nas.WcdmaSys),
    "gsm": ("gsm", nas.GsmSys),
}


def _system(ctx: Context, tech: str, service: nas.ServiceStatus) -> dict[str, Any]:
    """The fields every technology's system info shares."""
    mcc, mnc = _plmn_text(ctx)
    serving = service in (nas.ServiceStatus.available, nas.ServiceStatus.limited)
    denied = ctx.state.registration == "denied"
    cs_ps, none = nas.ServiceDomain.cs_ps, nas.ServiceDomain.none
    if tech == "5gnr":  # its reject cause is a plain number
        cause: int = 0x0B if denied else 0
    else:
        cause = nas.RejectCause.plmn_not_allowed if denied else nas.RejectCause.none
    return {
        "domain_valid": serving,
        "domain": cs_ps if service is nas.ServiceStatus.available else none,
        "service_capability_valid": serving,
        "service_capability": cs_ps if serving else none,
        "roaming_status_valid": serving,
        "roaming_status": nas.RoamingStatus.on if ctx.scenario.roaming else nas.RoamingStatus.off,
        "forbidden_valid": serving,
        "forbidden": denied,
        "lac_valid": serving and tech in ("umts", "gsm"),
        "lac": LAC,
        "cid_valid": serving,
        "cid": CELL_ID,
        "registration_reject_info_valid": denied,
        "registration_reject_domain": cs_ps if denied else none,
        "registration_reject_cause": cause,
        "network_id_valid": serving,
        "mcc": mcc,
        "mnc": mnc,
    }


def _extra(tech: str, serving: bool) -> dict[str, Any]:
    """The fields only one technology's system info has."""
    if tech in ("lte", "5gnr"):
        return {"tac_valid": serving, "tac": TAC}
    if tech == "umts":
        unsupported = nas.WcdmaHsService.hsdpa_hsupa_unsupported
        return {
            "hs_call_status_valid": False,
            "hs_call_status": unsupported,
            "hs_service_valid": False,
            "hs_service": unsupported,
            "primary_scrambling_code_valid": False,
            "primary_scrambling_code": 0,
        }
    return {
        "egprs_support_valid": False,
        "egprs_support": False,
        "dtm_support_valid": False,
        "dtm_support": False,
    }


def system_info(ctx: Context) -> nas.GetSystemInfo.Response:
    """System info per radio technology the modem is capable of."""
    fields: dict[str, Any] = {}
    for tech in ctx.scenario.capabilities:
        if tech not in _SYSTEMS:
            continue
        key, struct = _SYSTEMS[tech]
        service = _service(ctx, tech)
        fields[f"{key}_service_status"] = nas.TrueServiceStatusInfo(
            service_status=service, true_service_status=service, preferred_data_path=False
        )
        info = _system(ctx, tech, service)
        info |= _extra(tech, bool(info["service_capability_valid"]))
        fields["nr5g_system_info" if key == "nr5g" else f"{key}_system_info_v2"] = struct(**info)
    return nas.GetSystemInfo.Response(**fields)


def _listeners(ctx: Context, field: str) -> set[int]:
    off = ctx.state.nas_events_off
    return {cid for cid in ctx.state.clients.get("nas", set()) if field not in off.get(cid, ())}


def announce_registration(ctx: Context) -> None:
    """Serving system and system info indications to the NAS clients that want them."""
    nas_signal.arm_signal_steps(ctx)
    serving = nas.GetServingSystem.Indication.from_values(serving_system(ctx).values())
    ctx.indicate(serving, _listeners(ctx, "serving_system_events"))
    info = nas.SystemInfo.Indication.from_values(system_info(ctx).values())
    ctx.indicate(info, _listeners(ctx, "system_info"))


@handles(nas.RegisterIndications)
def register_indications(ctx: Context, req: nas.RegisterIndications.Request) -> None:
    nas_signal.arm_signal_steps(ctx)
    if req.signal_info is not None:
        nas_signal.subscribe(ctx, req.signal_info)
    off = ctx.state.nas_events_off.setdefault(ctx.client_id, set())
    switches = {"serving_system_events": req.serving_system_events, "system_info": req.system_info}
    for field in _EVENT_FIELDS:
        on = switches[field]
        if on is True:
            off.discard(field)
        elif on is False:
            off.add(field)


@handles(nas.GetServingSystem)
def get_serving_system(
    ctx: Context, req: nas.GetServingSystem.Request
) -> nas.GetServingSystem.Response:
    return serving_system(ctx)


@handles(nas.GetSystemInfo)
def get_system_info(ctx: Context, req: nas.GetSystemInfo.Request) -> nas.GetSystemInfo.Response:
    return system_info(ctx)


@handles(nas.GetHomeNetwork)
def get_home_network(ctx: Context, req: nas.GetHomeNetwork.Request) -> nas.GetHomeNetwork.Response:
    sc = ctx.scenario
    home = nas.PlmnWithDescription(mcc=sc.mcc, mnc=sc.mnc, description=sc.operator_name)
    return nas.GetHomeNetwork.Response(home_network=home)


@handles(nas.GetOperatorName)
def get_operator_name(
    ctx: Context, req: nas.GetOperatorName.Request
) -> nas.GetOperatorName.Response:
    return nas.GetOperatorName.Response(operator_string_name=ctx.scenario.operator_name)


@handles(nas.InitiateNetworkRegister)
def initiate_network_register(ctx: Context, req: nas.InitiateNetworkRegister.Request) -> None:
    if req.action is not nas.NetworkRegisterType.automatic:
        raise SimError("NOT_SUPPORTED")
    lifecycle.maybe_search(ctx)


@handles(nas.GetSystemSelectionPreference)
def get_system_selection_preference(
    ctx: Context, req: nas.GetSystemSelectionPreference.Request
) -> nas.GetSystemSelectionPreference.Response:
    modes = [t for t in ("gsm", "umts", "lte", "5gnr") if t in ctx.scenario.capabilities]
    return nas.GetSystemSelectionPreference.Response(
        mode_preference=nas.RatModePreference.named(*modes),
        network_selection_preference=nas.NetworkSelection.automatic,
        roaming_preference=nas.RoamingPreference.any,
    )


@handles(nas.SetSystemSelectionPreference)
def set_system_selection_preference(
    ctx: Context, req: nas.SetSystemSelectionPreference.Request
) -> None:
    """Accepted and not modelled: the sim's radio does what the scenario says."""


@handles(nas.NetworkScan)
def network_scan(ctx: Context, req: nas.NetworkScan.Request) -> nas.NetworkScan.Response:
    nas_signal.require_radio(ctx)
    sc = ctx.scenario
    status = nas.NetworkStatus.named("available", "home", "not_forbidden", "preferred")
    if ctx.state.registration == "registered":
        status |= nas.NetworkStatus.current_serving
    network = nas.ScannedNetwork(
        mcc=sc.mcc, mnc=sc.mnc, network_status=status, description=sc.operator_name
    )
    radio = nas.ScannedRadio(
        mcc=sc.mcc, mnc=sc.mnc, radio_interface=nas.RadioInterface.named(sc.technology)
    )
    return nas.NetworkScan.Response(
        network_information=(network,),
        radio_access_technology=(radio,),
        network_scan_result=nas.NetworkScanResult.success,
    )
