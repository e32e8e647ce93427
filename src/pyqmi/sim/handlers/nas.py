"""NAS: registration, serving system, system info; their indications.  (Signal: nas_signal.)

The registration state itself is driven by ``lifecycle``; this module only renders it
in NAS terms.  While searching, the modem still reports the (weak) signal it sees,
as the RM521F thread shows; once registered it reports the serving PLMN and cell.
"""

from __future__ import annotations

from typing import Any

from pyqmi.qmi.message import Message
from pyqmi.sim.core import Context, SimError, handles
from pyqmi.sim.handlers import lifecycle, nas_signal

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


def serving_system(ctx: Context) -> dict[str, Any]:
    sc, st = ctx.scenario, ctx.state
    registered = st.registration == "registered"
    values: dict[str, Any] = {
        "serving_system": {
            "registration_state": _REGISTRATION[st.registration],
            "cs_attach_state": "attached" if registered else "detached",
            "ps_attach_state": "attached" if registered else "detached",
            "selected_network": "3gpp" if registered else "unknown",
            "radio_interfaces": [sc.technology] if registered else [],
        },
    }
    if registered:
        values |= {
            "roaming_indicator": "on" if sc.roaming else "off",
            "data_service_capability": [_DATA_CAPABILITY.get(sc.technology, "lte")],
            "current_plmn": {"mcc": sc.mcc, "mnc": sc.mnc, "description": sc.operator_name},
            "lac_3gpp": LAC,
            "cid_3gpp": CELL_ID,
        }
        if sc.technology in ("lte", "5gnr"):
            values["lte_tac"] = TAC
    return values


def _service(ctx: Context, tech: str) -> str:
    st = ctx.state
    if st.operating_mode != "online":
        return "power_save"
    if st.registration == "registered":
        return "available" if tech == ctx.scenario.technology else "none"
    if st.registration == "denied":
        return "limited"
    return "none"


def system_info(ctx: Context) -> dict[str, Any]:
    """System info values per radio technology the modem is capable of."""
    sc, st = ctx.scenario, ctx.state
    mcc, mnc = _plmn_text(ctx)
    values: dict[str, Any] = {}
    for tech in sc.capabilities:
        key = {"lte": "lte", "5gnr": "nr5g", "umts": "wcdma", "gsm": "gsm"}.get(tech)
        if key is None:
            continue
        service = _service(ctx, tech)
        status = {"service_status": service, "true_service_status": service}
        values[f"{key}_service_status"] = status | {"preferred_data_path": False}
        serving = service in ("available", "limited")
        denied = st.registration == "denied"
        info: dict[str, Any] = {
            "domain_valid": serving,
            "domain": "cs_ps" if service == "available" else "none",
            "service_capability_valid": serving,
            "service_capability": "cs_ps" if serving else "none",
            "roaming_status_valid": serving,
            "roaming_status": "on" if sc.roaming else "off",
            "forbidden_valid": serving,
            "forbidden": denied,
            "lac_valid": serving and tech in ("umts", "gsm"),
            "lac": LAC,
            "cid_valid": serving,
            "cid": CELL_ID,
            "registration_reject_info_valid": denied,
            "registration_reject_domain": "cs_ps" if denied else "none",
            "registration_reject_cause": (0x0B if tech == "5gnr" else "plmn_not_allowed")
            if denied
            else (0 if tech == "5gnr" else "none"),
            "network_id_valid": serving,
            "mcc": mcc,
            "mnc": mnc,
        }
        if tech in ("lte", "5gnr"):
            info |= {"tac_valid": serving, "tac": TAC}
        if tech == "umts":
            info |= {
                "hs_call_status_valid": False,
                "hs_call_status": "hsdpa_hsupa_unsupported",
                "hs_service_valid": False,
                "hs_service": "hsdpa_hsupa_unsupported",
                "primary_scrambling_code_valid": False,
                "primary_scrambling_code": 0,
            }
        if tech == "gsm":
            info |= {
                "egprs_support_valid": False,
                "egprs_support": False,
                "dtm_support_valid": False,
                "dtm_support": False,
            }
        values["nr5g_system_info" if key == "nr5g" else f"{key}_system_info_v2"] = info
    return values


def _listeners(ctx: Context, field: str) -> set[int]:
    off = ctx.state.nas_events_off
    return {cid for cid in ctx.state.clients.get("nas", set()) if field not in off.get(cid, ())}


def announce_registration(ctx: Context) -> None:
    """Serving system and system info indications to the NAS clients that want them."""
    nas_signal.arm_signal_steps(ctx)
    ctx.indicate(
        "nas", "get_serving_system", serving_system(ctx), _listeners(ctx, "serving_system_events")
    )
    ctx.indicate("nas", "system_info", system_info(ctx), _listeners(ctx, "system_info"))


@handles("nas", "register_indications")
def register_indications(ctx: Context, req: Message) -> dict[str, Any]:
    nas_signal.arm_signal_steps(ctx)
    if "signal_info" in req.values:
        nas_signal.subscribe(ctx, bool(req.values["signal_info"]))
    off = ctx.state.nas_events_off.setdefault(ctx.client_id, set())
    for field in _EVENT_FIELDS:
        if field in req.values:
            if req.values[field]:
                off.discard(field)
            else:
                off.add(field)
    return {}


@handles("nas", "get_serving_system")
def get_serving_system(ctx: Context, req: Message) -> dict[str, Any]:
    return serving_system(ctx)


@handles("nas", "get_system_info")
def get_system_info(ctx: Context, req: Message) -> dict[str, Any]:
    return system_info(ctx)


@handles("nas", "get_home_network")
def get_home_network(ctx: Context, req: Message) -> dict[str, Any]:
    sc = ctx.scenario
    return {"home_network": {"mcc": sc.mcc, "mnc": sc.mnc, "description": sc.operator_name}}


@handles("nas", "get_operator_name")
def get_operator_name(ctx: Context, req: Message) -> dict[str, Any]:
    return {"operator_string_name": ctx.scenario.operator_name}


@handles("nas", "initiate_network_register")
def initiate_network_register(ctx: Context, req: Message) -> dict[str, Any]:
    if req.get("action") != "automatic":
        raise SimError("NOT_SUPPORTED")
    lifecycle.maybe_search(ctx)
    return {}


@handles("nas", "get_system_selection_preference")
def get_system_selection_preference(ctx: Context, req: Message) -> dict[str, Any]:
    modes = [t for t in ("gsm", "umts", "lte", "5gnr") if t in ctx.scenario.capabilities]
    return {
        "mode_preference": modes,
        "network_selection_preference": "automatic",
        "roaming_preference": "any",
    }


@handles("nas", "set_system_selection_preference")
def set_system_selection_preference(ctx: Context, req: Message) -> dict[str, Any]:
    return {}


@handles("nas", "network_scan")
def network_scan(ctx: Context, req: Message) -> dict[str, Any]:
    nas_signal.require_radio(ctx)
    sc = ctx.scenario
    status = ["current_serving", "available", "home", "not_forbidden", "preferred"]
    if ctx.state.registration != "registered":
        status = ["available", "home", "not_forbidden", "preferred"]
    return {
        "network_information": [
            {
                "mcc": sc.mcc,
                "mnc": sc.mnc,
                "network_status": status,
                "description": sc.operator_name,
            }
        ],
        "radio_access_technology": [
            {"mcc": sc.mcc, "mnc": sc.mnc, "radio_interface": sc.technology}
        ],
        "network_scan_result": "success",
    }
