"""NAS system info: per-technology service status and cell identity (request and indication)."""

from __future__ import annotations

from typing import Any

import construct as c

from pyqmi.qmi.catalog.nas.fields import call_barring, nr5g_tac, numbered
from pyqmi.qmi.catalog.nas.text import fixed_text, plmn_digits
from pyqmi.qmi.catalog.nas.values import (
    CALL_BARRING_STATUS,
    CELL_BROADCAST,
    HDR_PERSONALITY,
    HDR_PROTOCOL_REVISION,
    LTE_CELL_ACCESS_STATUS,
    LTE_REGISTRATION_DOMAIN,
    LTE_VOICE_DOMAIN,
    REGISTRATION_RESTRICTION,
    REJECT_CAUSE,
    ROAMING_STATUS,
    SERVICE_DOMAIN,
    SERVICE_STATUS,
    SIM_REJECT_STATE,
    WCDMA_HS_SERVICE,
)
from pyqmi.qmi.message import MessageDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import Layout, boolean, i32, u8, u16, u32

S = Service.NAS

_status2 = c.Struct("service_status" / SERVICE_STATUS, "preferred_data_path" / boolean)
_status3 = c.Struct(
    "service_status" / SERVICE_STATUS,
    "true_service_status" / SERVICE_STATUS,
    "preferred_data_path" / boolean,
)
_sys_head = (
    "domain_valid" / boolean,
    "domain" / SERVICE_DOMAIN,
    "service_capability_valid" / boolean,
    "service_capability" / SERVICE_DOMAIN,
    "roaming_status_valid" / boolean,
    "roaming_status" / ROAMING_STATUS,
    "forbidden_valid" / boolean,
    "forbidden" / boolean,
)


def _sys_cell(reject_cause: Layout) -> tuple[Any, ...]:
    return (
        "lac_valid" / boolean,
        "lac" / u16,
        "cid_valid" / boolean,
        "cid" / u32,
        "registration_reject_info_valid" / boolean,
        "registration_reject_domain" / SERVICE_DOMAIN,
        "registration_reject_cause" / reject_cause,
        "network_id_valid" / boolean,
        "mcc" / plmn_digits(),
        "mnc" / plmn_digits(),
    )


_hs = (
    "hs_call_status_valid" / boolean,
    "hs_call_status" / WCDMA_HS_SERVICE,
    "hs_service_valid" / boolean,
    "hs_service" / WCDMA_HS_SERVICE,
)
_tac = ("tac_valid" / boolean, "tac" / u16)
_cdma_sys = c.Struct(
    *_sys_head,
    "prl_match_valid" / boolean,
    "prl_match" / boolean,
    "p_rev_valid" / boolean,
    "p_rev" / u8,
    "base_station_p_rev_valid" / boolean,
    "base_station_p_rev" / u8,
    "concurrent_service_support_valid" / boolean,
    "concurrent_service_support" / boolean,
    "cdma_system_id_valid" / boolean,
    "sid" / u16,
    "nid" / u16,
    "base_station_info_valid" / boolean,
    "base_station_id" / u16,
    "base_station_latitude" / i32,
    "base_station_longitude" / i32,
    "packet_zone_valid" / boolean,
    "packet_zone" / u16,
    "network_id_valid" / boolean,
    "mcc" / plmn_digits(),
    "mnc" / plmn_digits(),
)
_hdr_sys = c.Struct(
    *_sys_head,
    "prl_match_valid" / boolean,
    "prl_match" / boolean,
    "personality_valid" / boolean,
    "personality" / HDR_PERSONALITY,
    "protocol_revision_valid" / boolean,
    "protocol_revision" / HDR_PROTOCOL_REVISION,
    "is_856_system_id_valid" / boolean,
    "is_856_system_id" / fixed_text(16),
)
_gsm_sys = c.Struct(
    *_sys_head,
    *_sys_cell(REJECT_CAUSE),
    "egprs_support_valid" / boolean,
    "egprs_support" / boolean,
    "dtm_support_valid" / boolean,
    "dtm_support" / boolean,
)
_wcdma_sys = c.Struct(
    *_sys_head,
    *_sys_cell(REJECT_CAUSE),
    *_hs,
    "primary_scrambling_code_valid" / boolean,
    "primary_scrambling_code" / u16,
)
_lte_sys = c.Struct(*_sys_head, *_sys_cell(REJECT_CAUSE), *_tac)
_nr5g_sys = c.Struct(*_sys_head, *_sys_cell(u8), *_tac)
_td_scdma_sys = c.Struct(
    *_sys_head,
    *_sys_cell(REJECT_CAUSE),
    *_hs,
    "cell_parameter_id_valid" / boolean,
    "cell_parameter_id" / u16,
    "cell_broadcast_support_valid" / boolean,
    "cell_broadcast_support" / CELL_BROADCAST,
    "cs_call_barring_status_valid" / boolean,
    "cs_call_barring_status" / CALL_BARRING_STATUS,
    "ps_call_barring_status_valid" / boolean,
    "ps_call_barring_status" / CALL_BARRING_STATUS,
    "cipher_domain_valid" / boolean,
    "cipher_domain" / SERVICE_DOMAIN,
)
_geo_broadcast = c.Struct("geo_system_index" / u16, "cell_broadcast_support" / CELL_BROADCAST)

_system_info_layouts: dict[str, Layout] = {
    "cdma_service_status": _status2,
    "hdr_service_status": _status2,
    "gsm_service_status": _status3,
    "wcdma_service_status": _status3,
    "lte_service_status": _status3,
    "cdma_system_info": _cdma_sys,
    "hdr_system_info": _hdr_sys,
    "gsm_system_info_v2": _gsm_sys,
    "wcdma_system_info_v2": _wcdma_sys,
    "lte_system_info_v2": _lte_sys,
    "additional_cdma_system_info": c.Struct("geo_system_index" / u16, "registration_period" / u16),
    "additional_hdr_system_info": c.Struct("geo_system_index" / u16),
    "additional_gsm_system_info": _geo_broadcast,
    "additional_wcdma_system_info": _geo_broadcast,
    "additional_lte_system_info": c.Struct("geo_system_index" / u16),
    "gsm_call_barring_status": call_barring,
    "wcdma_call_barring_status": call_barring,
    "lte_voice_support": boolean,
    "gsm_cipher_domain": SERVICE_DOMAIN,
    "wcdma_cipher_domain": SERVICE_DOMAIN,
    "td_scdma_service_status": _status3,
    "td_scdma_system_info_v2": _td_scdma_sys,
    "lte_embms_coverage_info_support": boolean,
    "sim_reject_info": SIM_REJECT_STATE,
    "ims_voice_support": boolean,
    "lte_voice_domain": LTE_VOICE_DOMAIN,
    "cdma_registration_zone_id": u16,
    "gsm_routing_area_code": u8,
    "wcdma_routing_area_code": u8,
    "cdma_resolved_mcc": u16,
    "network_selection_registration_restriction": REGISTRATION_RESTRICTION,
    "lte_registration_domain": LTE_REGISTRATION_DOMAIN,
    "lte_embms_coverage_info_trace_id": u16,
    "lte_cell_access_status": LTE_CELL_ACCESS_STATUS,
    "nr5g_service_status": _status3,
    "nr5g_system_info": _nr5g_sys,
    "eutra_with_nr5g_availability": boolean,
    "dcnr_restriction_info": boolean,
    "nr5g_tracking_area_code": nr5g_tac,
    "plmn_not_changed_indication": boolean,
}
_system_info_first = {
    0x10: "cdma_service_status",
    0x11: "hdr_service_status",
    0x12: "gsm_service_status",
    0x13: "wcdma_service_status",
    0x14: "lte_service_status",
    0x15: "cdma_system_info",
    0x16: "hdr_system_info",
    0x17: "gsm_system_info_v2",
    0x18: "wcdma_system_info_v2",
    0x19: "lte_system_info_v2",
    0x1A: "additional_cdma_system_info",
    0x1B: "additional_hdr_system_info",
    0x1C: "additional_gsm_system_info",
    0x1D: "additional_wcdma_system_info",
    0x1E: "additional_lte_system_info",
    0x1F: "gsm_call_barring_status",
    0x20: "wcdma_call_barring_status",
    0x21: "lte_voice_support",
    0x22: "gsm_cipher_domain",
    0x23: "wcdma_cipher_domain",
}

GET_SYSTEM_INFO = MessageDef(
    S,
    0x004D,
    "get_system_info",
    title="NAS Get System Info",
    response=numbered(
        _system_info_first
        | {
            0x24: "td_scdma_service_status",
            0x25: "td_scdma_system_info_v2",
            0x26: "lte_embms_coverage_info_support",
            0x27: "sim_reject_info",
            0x29: "ims_voice_support",
            0x2A: "lte_voice_domain",
            0x2B: "cdma_registration_zone_id",
            0x2C: "gsm_routing_area_code",
            0x2D: "wcdma_routing_area_code",
            0x2E: "cdma_resolved_mcc",
            0x2F: "network_selection_registration_restriction",
            0x31: "lte_registration_domain",
            0x34: "lte_embms_coverage_info_trace_id",
            0x44: "lte_cell_access_status",
            0x4A: "nr5g_service_status",
            0x4B: "nr5g_system_info",
            0x4E: "eutra_with_nr5g_availability",
            0x4F: "dcnr_restriction_info",
            0x50: "nr5g_tracking_area_code",
        },
        _system_info_layouts,
    ),
)

SYSTEM_INFO = MessageDef(
    S,
    0x004E,
    "system_info",
    title="NAS System Info",
    indication=numbered(
        _system_info_first
        | {
            0x24: "plmn_not_changed_indication",
            0x25: "td_scdma_service_status",
            0x26: "td_scdma_system_info_v2",
            0x27: "lte_embms_coverage_info_support",
            0x28: "sim_reject_info",
            0x4C: "nr5g_service_status",
            0x4D: "nr5g_system_info",
            0x50: "eutra_with_nr5g_availability",
            0x51: "dcnr_restriction_info",
            0x52: "nr5g_tracking_area_code",
        },
        _system_info_layouts,
    ),
)
