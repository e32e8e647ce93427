"""NAS catalog: every message and kind survives build -> parse, real frames survive
parse -> build byte for byte, and the NAS-only layouts behave at their edges."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import pytest

from pyqmi.qmi import catalog, codec
from pyqmi.qmi.catalog import nas
from pyqmi.qmi.errors import TlvError
from pyqmi.qmi.frame import Frame, Kind, decode_frame, encode_frame
from pyqmi.qmi.message import MessageDef, Result, decode_tlv_value, encode_tlv_value
from pyqmi.qmi.services import Service

from .vectors import load_vectors

# ------------------------------------------------------------ representative values

_SYS_HEAD = {
    "domain_valid": True,
    "domain": "cs_ps",
    "service_capability_valid": True,
    "service_capability": "ps",
    "roaming_status_valid": True,
    "roaming_status": "on",
    "forbidden_valid": True,
    "forbidden": False,
}
_SYS_CELL = {
    "lac_valid": True,
    "lac": 0x1234,
    "cid_valid": True,
    "cid": 0x02E7F60C,
    "registration_reject_info_valid": True,
    "registration_reject_domain": "cs",
    "registration_reject_cause": "plmn_not_allowed",
    "network_id_valid": True,
    "mcc": "262",
    "mnc": "01",
}
_HS = {
    "hs_call_status_valid": True,
    "hs_call_status": "hsdpa_hsupa_supported",
    "hs_service_valid": True,
    "hs_service": "dc_hsdpa_plus_supported",
}
_STATUS3: dict[str, Any] = {"service_status": "available", "true_service_status": "limited"}
_STATUS3 |= {"preferred_data_path": True}
_PLMN_NAME = {
    "name_encoding": "gsm",
    "short_country_initials": "do_not_add",
    "long_name_spare_bits": "bits_28",
    "short_name_spare_bits": "unknown",
    "long_name": "Vodafone {DE}",
    "short_name": "voda",
}
_LTE_CELL = {
    "physical_cell_id": 301,
    "rsrq": -11,
    "rsrp": -95,
    "rssi": -70,
    "cell_selection_rx_level": 30,
}

# Values shared by every message whose field has this name.
SHARED: dict[str, Any] = {
    # serving system (response and indication)
    "serving_system": {
        "registration_state": "registered",
        "cs_attach_state": "attached",
        "ps_attach_state": "detached",
        "selected_network": "3gpp",
        "radio_interfaces": ["lte", "5gnr"],
    },
    "roaming_indicator": "off",
    "data_service_capability": ["lte", "dc_hsdpa_plus"],
    "current_plmn": {"mcc": 262, "mnc": 1, "description": "Telekom.de"},
    "cdma_system_id": {"sid": 4145, "nid": 65535},
    "cdma_base_station_info": {"base_station_id": 7, "latitude": -1000, "longitude": 2000},
    "roaming_indicator_list": [
        {"radio_interface": "lte", "roaming_indicator": "off"},
        {"radio_interface": "umts", "roaming_indicator": "on"},
    ],
    "default_roaming_indicator": "on",
    "time_zone_3gpp2": {"leap_seconds": 18, "local_time_offset": -10, "daylight_saving_time": True},
    "cdma_p_rev": 6,
    "time_zone_3gpp": 8,
    "daylight_saving_time_adjustment_3gpp": 1,
    "lac_3gpp": 24500,
    "cid_3gpp": 18045647,
    "concurrent_service_info_3gpp2": False,
    "prl_indicator_3gpp2": True,
    "dtm_support": True,
    "detailed_service_status": {
        "status": "available",
        "capability": "cs_ps",
        "hdr_status": "none",
        "hdr_hybrid": False,
        "forbidden": False,
    },
    "hdr_personality": "ehrpd",
    "lte_tac": 48717,
    "call_barring_status": {"cs_status": "normal_only", "ps_status": "unknown"},
    "umts_primary_scrambling_code": 290,
    "network_name_source": "nitz",
    "plmn_name_flag_3gpp": True,
    "universal_time_and_local_time_zone_3gpp": {
        "year": 2024,
        "month": 11,
        "day": 21,
        "hour": 14,
        "minute": 56,
        "second": 3,
        "time_zone": 4,
    },
    "plmn_not_changed_indication": False,
    # system info (response and indication)
    "cdma_service_status": {"service_status": "none", "preferred_data_path": False},
    "hdr_service_status": {"service_status": "power_save", "preferred_data_path": False},
    "gsm_service_status": _STATUS3,
    "wcdma_service_status": _STATUS3,
    "lte_service_status": _STATUS3,
    "td_scdma_service_status": _STATUS3,
    "nr5g_service_status": _STATUS3,
    "hdr_system_info": {
        **_SYS_HEAD,
        "prl_match_valid": True,
        "prl_match": True,
        "personality_valid": True,
        "personality": "hrpd",
        "protocol_revision_valid": True,
        "protocol_revision": "rel_a",
        "is_856_system_id_valid": True,
        "is_856_system_id": "00A1B2C3D4E5F607",
    },
    "gsm_system_info_v2": {
        **_SYS_HEAD,
        **_SYS_CELL,
        "egprs_support_valid": True,
        "egprs_support": True,
        "dtm_support_valid": False,
        "dtm_support": False,
    },
    "wcdma_system_info_v2": {
        **_SYS_HEAD,
        **_SYS_CELL,
        **_HS,
        "primary_scrambling_code_valid": True,
        "primary_scrambling_code": 290,
    },
    "lte_system_info_v2": {**_SYS_HEAD, **_SYS_CELL, "tac_valid": True, "tac": 63001},
    "nr5g_system_info": {
        **_SYS_HEAD,
        **_SYS_CELL,
        "registration_reject_cause": 62,  # plain u8 for NR5G
        "mnc": "260",
        "tac_valid": True,
        "tac": 1,
    },
    "td_scdma_system_info_v2": {
        **_SYS_HEAD,
        **_SYS_CELL,
        **_HS,
        "cell_parameter_id_valid": True,
        "cell_parameter_id": 77,
        "cell_broadcast_support_valid": True,
        "cell_broadcast_support": "on",
        "cs_call_barring_status_valid": True,
        "cs_call_barring_status": "emergency_only",
        "ps_call_barring_status_valid": True,
        "ps_call_barring_status": "no_calls",
        "cipher_domain_valid": True,
        "cipher_domain": "cs_ps",
    },
    "additional_cdma_system_info": {"geo_system_index": 3, "registration_period": 30},
    "additional_hdr_system_info": {"geo_system_index": 4},
    "additional_gsm_system_info": {"geo_system_index": 5, "cell_broadcast_support": "off"},
    "additional_wcdma_system_info": {"geo_system_index": 6, "cell_broadcast_support": "unknown"},
    "additional_lte_system_info": {"geo_system_index": 65535},
    "gsm_call_barring_status": {"cs_status": "all_calls", "ps_status": "no_calls"},
    "wcdma_call_barring_status": {"cs_status": "normal_only", "ps_status": "emergency_only"},
    "lte_voice_support": True,
    "gsm_cipher_domain": "cs",
    "wcdma_cipher_domain": "camped",
    "lte_embms_coverage_info_support": False,
    "sim_reject_info": "sim_cs_ps_invalid",
    "ims_voice_support": True,
    "lte_voice_domain": "ims",
    "cdma_registration_zone_id": 12,
    "gsm_routing_area_code": 9,
    "wcdma_routing_area_code": 10,
    "cdma_resolved_mcc": 310,
    "network_selection_registration_restriction": "camped_only",
    "lte_registration_domain": "cs_ps",
    "lte_embms_coverage_info_trace_id": 65535,
    "lte_cell_access_status": "emergency_only",
    "eutra_with_nr5g_availability": True,
    "dcnr_restriction_info": False,
    "nr5g_tracking_area_code": 0x0A0B0C,
    # system selection preference
    "emergency_mode": False,
    "mode_preference": ["umts", "lte", "5gnr"],
    "band_preference": 0x0002_0000_0068_0380,
    "cdma_prl_preference": "any",
    "roaming_preference": "not_off",
    "lte_band_preference": [1, 3, 7, 20, 28, 64],
    "change_duration": "permanent",
    "service_domain_preference": "cs_ps",
    "gsm_wcdma_acquisition_order_preference": "wcdma",
    "td_scdma_band_preference": ["a", "f"],
    "acquisition_order_preference": ["5gnr", "lte", "umts", "gsm"],
    "usage_preference": "data_centric",
    "voice_domain_preference": "ps_preferred",
    "extended_lte_band_preference": [1, 3, 7, 66, 71, 256],
    "nr5g_sa_band_preference": [1, 28, 78, 258, 512],
    "nr5g_nsa_band_preference": [3, 78],
    "disabled_modes": ["cdma_1x", "cdma_1xevdo"],
    "manual_network_selection": {"mcc": 310, "mnc": 260, "includes_pcs_digit": True},
}

# Fields whose layout differs between messages.
PER_MESSAGE: dict[str, dict[str, Any]] = {
    "register_indications": {
        "system_selection_preference": True,
        "ddtm_events": False,
        "serving_system_events": True,
        "dual_standby_preference": False,
        "subscription_info": False,
        "network_time": True,
        "system_info": True,
        "signal_info": True,
        "error_rate": False,
        "hdr_new_uati_assigned": False,
        "hdr_session_closed": False,
        "managed_roaming": False,
        "current_plmn_name": True,
        "embms_status": False,
        "rf_band_information": True,
        "network_reject_information": {"enable": True, "suppress_system_info": False},
    },
    "get_signal_strength": {
        "request_mask": ["rssi", "ecio", "rsrq", "lte_snr", "lte_rsrp"],
        "signal_strength": {"strength_dbm": -67, "radio_interface": "lte"},
        "strength_list": [
            {"strength_dbm": -67, "radio_interface": "lte"},
            {"strength_dbm": -101, "radio_interface": "umts"},
        ],
        "rssi_list": [{"rssi": 67, "radio_interface": "lte"}],
        "ecio_list": [{"ecio": 17, "radio_interface": "umts"}],
        "io": -106,
        "sinr": "level_8",
        "error_rate_list": [{"rate": 3, "radio_interface": "cdma_1x"}],
        "rsrq": {"rsrq": -9, "radio_interface": "lte"},
        "lte_snr": 134,
        "lte_rsrp": -96,
    },
    "network_scan": {
        "network_type": ["gsm", "umts", "lte", "5gnr"],
        "network_information": [
            {
                "mcc": 214,
                "mnc": 1,
                "network_status": ["available", "roaming", "not_forbidden", "not_preferred"],
                "description": "voda ES",
            },
            {
                "mcc": 214,
                "mnc": 3,
                "network_status": ["current_serving", "home"],
                "description": "",
            },
        ],
        "radio_access_technology": [
            {"mcc": 214, "mnc": 1, "radio_interface": "gsm"},
            {"mcc": 214, "mnc": 3, "radio_interface": "5gnr"},
        ],
        "mnc_pcs_digit_include_status": [{"mcc": 310, "mnc": 26, "includes_pcs_digit": True}],
        "network_scan_result": "abort",
    },
    "initiate_network_register": {
        "action": "manual",
        "manual_registration_info_3gpp": {"mcc": 262, "mnc": 2, "radio_interface": "lte"},
        "change_duration": "power_cycle",
        "mnc_pcs_digit_include_status": False,
    },
    "get_serving_system": {
        "cdma_system_info": {"mcc": 310, "imsi_11_12": 4},
        "mnc_pcs_digit_include_status": {"mcc": 222, "mnc": 50, "includes_pcs_digit": False},
    },
    "get_home_network": {
        "home_network": {"mcc": 222, "mnc": 50, "description": "iliad"},
        "home_system_id": {"sid": 1, "nid": 2},
        "home_network_3gpp2_ext": {
            "mcc": 310,
            "mnc": 4,
            "display_description": "yes",
            "description_encoding": "ascii7",
            "description": list(b"Verizon"),
        },
        "home_network_3gpp_mnc": {"is_3gpp": True, "includes_pcs_digit": False},
        "network_name_source": "operator_plmn_list_and_plmn_network_name",
    },
    "set_system_selection_preference": {
        "network_selection_preference": {"mode": "manual", "mcc": 262, "mnc": 3},
        "mnc_pcs_digit_include_status": True,
    },
    "get_system_selection_preference": {"network_selection_preference": "automatic"},
    "get_operator_name": {
        "service_provider_name": {
            "name_display_condition": ["display_registered_plmn_if_known_network"],
            "name": "Free",
        },
        "operator_plmn_list": [
            {"mcc": "530", "mnc": "24", "lac1": 1, "lac2": 65534, "plmn_name_record_identifier": 5},
            {"mcc": "310", "mnc": "260", "lac1": 0, "lac2": 0, "plmn_name_record_identifier": 0},
        ],
        "operator_plmn_name": [
            _PLMN_NAME,
            {**_PLMN_NAME, "name_encoding": "ucs2le", "long_name": "Мегафон €", "short_name": ""},
        ],
        "operator_string_name": "2degrees",
        "nitz_information": {
            **_PLMN_NAME,
            "long_name": "1&1",
            "long_name_spare_bits": "bits_68",
            "short_name": "[1&1]",
        },
    },
    "get_cell_location_info": {
        "geran_info": {
            "cell_id": 2306,
            "plmn": {"mcc": "214", "mnc": "03"},
            "lac": 1142,
            "arfcn": 989,
            "bsic": 0,
            "timing_advance": 0xFFFFFFFF,
            "rx_level": 50,
            "cells": [
                {
                    "cell_id": 2190,
                    "plmn": {"mcc": "310", "mnc": "260"},
                    "lac": 1142,
                    "arfcn": 976,
                    "bsic": 40,
                    "rx_level": 40,
                }
            ],
        },
        "umts_info": {
            "cell_id": 0xFFFF,
            "plmn": {"mcc": "234", "mnc": "15"},
            "lac": 179,
            "uarfcn": 10700,
            "primary_scrambling_code": 290,
            "rscp": -88,
            "ecio": -7,
            "cells": [{"uarfcn": 10700, "primary_scrambling_code": 12, "rscp": -99, "ecio": -12}],
            "neighboring_geran": [
                {"arfcn": 77, "network_color_code": 1, "base_station_color_code": 2, "rssi": -80}
            ],
        },
        "cdma_info": {
            "system_id": 4145,
            "network_id": 1,
            "base_station_id": 2,
            "reference_pn": 3,
            "latitude": 4,
            "longitude": 5,
        },
        "intrafrequency_lte_info": {
            "ue_in_idle": True,
            "plmn": {"mcc": "999", "mnc": "40"},
            "tracking_area_code": 153,
            "global_cell_id": 115201,
            "earfcn": 43390,
            "serving_cell_id": 0,
            "cell_reselection_priority": 1,
            "s_non_intra_search_threshold": 62,
            "serving_cell_low_threshold": 40,
            "s_intra_search_threshold": 62,
            "cells": [_LTE_CELL, {**_LTE_CELL, "physical_cell_id": 302}],
        },
        "interfrequency_lte_info": {
            "ue_in_idle": False,
            "frequencies": [
                {
                    "earfcn": 6300,
                    "cell_selection_rx_level_low_threshold": 4,
                    "cell_selection_rx_level_high_threshold": 10,
                    "cell_reselection_priority": 5,
                    "cells": [_LTE_CELL],
                }
            ],
        },
        "lte_info_neighboring_gsm": {
            "ue_in_idle": True,
            "frequencies": [
                {
                    "cell_reselection_priority": 2,
                    "cell_reselection_high_threshold": 3,
                    "cell_reselection_low_threshold": 4,
                    "ncc_permitted": 255,
                    "cells": [
                        {
                            "arfcn": 77,
                            "band_is_1900": False,
                            "cell_id_valid": True,
                            "bsic": 17,
                            "rssi": -81,
                            "cell_selection_rx_level": 20,
                        }
                    ],
                }
            ],
        },
        "lte_info_neighboring_wcdma": {
            "ue_in_idle": True,
            "frequencies": [
                {
                    "uarfcn": 10700,
                    "cell_reselection_priority": 1,
                    "cell_reselection_high_threshold": 300,
                    "cell_reselection_low_threshold": 200,
                    "cells": [
                        {
                            "primary_scrambling_code": 290,
                            "cpich_rscp": -95,
                            "cpich_ecno": -10,
                            "cell_selection_rx_level": 12,
                        }
                    ],
                }
            ],
        },
        "umts_cell_id": 18045647,
        "umts_info_neighboring_lte": {
            "rrc_state": "cell_dch",
            "frequencies": [
                {
                    "earfcn": 6300,
                    "physical_cell_id": 301,
                    "rsrp": -95.5,
                    "rsrq": -10.25,
                    "cell_selection_rx_level": 8,
                    "is_tdd": False,
                }
            ],
        },
        "lte_timing_advance": 0xFFFFFFFF,
        "nr5g_arfcn": 636666,
        "nr5g_cell_information": {
            "plmn": {"mcc": "262", "mnc": "01"},
            "tracking_area_code": 0x00C0FE,
            "global_cell_id": 0x1_2345_6789,
            "physical_cell_id": 1007,
            "rsrq": -110,
            "rsrp": -850,
            "snr": 120,
        },
    },
    "get_system_info": {"cdma_system_info": None},  # filled below
    "system_info": {"cdma_system_info": None},
    "get_signal_info": {
        "cdma_signal_strength": {"rssi": -75, "ecio": -10},
        "hdr_signal_strength": {"rssi": -80, "ecio": -5, "sinr": "level_3", "io": -100},
        "gsm_signal_strength": -77,
        "wcdma_signal_strength": {"rssi": -70, "ecio": -8},
        "lte_signal_strength": {"rssi": -60, "rsrq": -9, "rsrp": -90, "snr": 132},
        "tdma_signal_strength": -83,
        "tdma_signal_strength_extended": {"rssi": -83, "rscp": -90, "ecio": -4, "sinr": 12},
        "nr5g_signal_strength": {"rsrp": -85, "snr": 210},
        "nr5g_rsrq": -11,
        "wcdma_rscp": -92,
    },
    "config_signal_info": {
        "rssi_threshold": [-95, -85, -75, -65],
        "ecio_threshold": [-20, -10],
        "sinr_threshold": [2, 5, 8],
        "lte_snr_threshold": [-50, 0, 100, 200],
        "io_threshold": [-110, -90],
        "rsrq_threshold": [-15, -10],
        "rsrp_threshold": [-120, -110, -100, -90],
        "lte_report": {"rate": 1, "average_period": 2},
        "rscp_threshold": [],
    },
}
# The indication carries the same values as the response (without 0x16).
PER_MESSAGE["signal_info"] = {
    k: v for k, v in PER_MESSAGE["get_signal_info"].items() if k != "tdma_signal_strength_extended"
}
_CDMA_SYSTEM_INFO = {
    **_SYS_HEAD,
    "prl_match_valid": True,
    "prl_match": False,
    "p_rev_valid": True,
    "p_rev": 6,
    "base_station_p_rev_valid": True,
    "base_station_p_rev": 7,
    "concurrent_service_support_valid": False,
    "concurrent_service_support": False,
    "cdma_system_id_valid": True,
    "sid": 4145,
    "nid": 65535,
    "base_station_info_valid": True,
    "base_station_id": 12,
    "base_station_latitude": -12345,
    "base_station_longitude": 67890,
    "packet_zone_valid": True,
    "packet_zone": 3,
    "network_id_valid": True,
    "mcc": "310",
    "mnc": "00",
}
PER_MESSAGE["get_system_info"]["cdma_system_info"] = _CDMA_SYSTEM_INFO
PER_MESSAGE["system_info"]["cdma_system_info"] = _CDMA_SYSTEM_INFO

CASES = [
    (m, kind)
    for m in nas.MESSAGES
    for kind in (Kind.REQUEST, Kind.RESPONSE, Kind.INDICATION)
    if kind is not Kind.INDICATION or m.indication is not None
]


def representative(defn: MessageDef, kind: Kind) -> dict[str, Any]:
    own = PER_MESSAGE.get(defn.name, {})
    return {t.name: own[t.name] if t.name in own else SHARED[t.name] for t in defn.tlvs_for(kind)}


def _id(case: tuple[MessageDef, Kind]) -> str:
    return f"{case[0].name}-{case[1].value}"


# ------------------------------------------------------------ the catalog itself


def test_catalog_has_exactly_the_agreed_messages() -> None:
    ids = {m.name: m.message_id for m in nas.MESSAGES}
    assert ids == {
        "register_indications": 0x03,
        "get_signal_strength": 0x20,
        "network_scan": 0x21,
        "initiate_network_register": 0x22,
        "get_serving_system": 0x24,
        "get_home_network": 0x25,
        "set_system_selection_preference": 0x33,
        "get_system_selection_preference": 0x34,
        "get_operator_name": 0x39,
        "get_cell_location_info": 0x43,
        "get_system_info": 0x4D,
        "system_info": 0x4E,
        "get_signal_info": 0x4F,
        "config_signal_info": 0x50,
        "signal_info": 0x51,
    }
    assert all(m.service == Service.NAS for m in nas.MESSAGES)
    assert catalog.get("nas", "get_serving_system").indication is not None
    assert catalog.get("nas", "system_info").indication is not None
    assert catalog.lookup(Service.NAS, 0x4D) is nas.GET_SYSTEM_INFO


def test_tlv_types_and_names_are_unique_per_kind() -> None:
    for defn, kind in CASES:
        tlvs = defn.tlvs_for(kind)
        assert len({t.type for t in tlvs}) == len(tlvs), (defn.name, kind)
        assert len({t.name for t in tlvs}) == len(tlvs), (defn.name, kind)
        assert 0x02 not in {t.type for t in tlvs} or kind is Kind.REQUEST


def test_nas_declares_nothing_personal() -> None:
    assert all(not m.personal_fields for m in nas.MESSAGES)


def test_5g_tlvs_are_declared() -> None:
    def names(defn: MessageDef, kind: Kind) -> dict[str, int]:
        return {t.name: t.type for t in defn.tlvs_for(kind)}

    sysinfo = names(nas.GET_SYSTEM_INFO, Kind.RESPONSE)
    assert sysinfo["nr5g_service_status"] == 0x4A
    assert sysinfo["nr5g_system_info"] == 0x4B
    assert sysinfo["nr5g_tracking_area_code"] == 0x50
    assert sysinfo["lte_system_info_v2"] == 0x19
    ind = names(nas.SYSTEM_INFO, Kind.INDICATION)
    assert (ind["nr5g_service_status"], ind["nr5g_system_info"]) == (0x4C, 0x4D)
    signal = names(nas.GET_SIGNAL_INFO, Kind.RESPONSE)
    assert (signal["nr5g_signal_strength"], signal["nr5g_rsrq"]) == (0x17, 0x18)
    assert nas.RADIO_INTERFACE_VALUES["5gnr"] == 0x0C


def test_signal_info_indication_mirrors_get_signal_info() -> None:
    def types(defn: MessageDef, kind: Kind) -> dict[int, str]:
        return {t.type: t.name for t in defn.tlvs_for(kind)}

    response = types(nas.GET_SIGNAL_INFO, Kind.RESPONSE)
    indication = types(nas.SIGNAL_INFO, Kind.INDICATION)
    del response[0x16]  # extended TD-SCDMA is a response-only TLV
    assert indication == response
    assert nas.SIGNAL_INFO.request == () and nas.SIGNAL_INFO.response == ()
    assert _tlv(nas.REGISTER_INDICATIONS, Kind.REQUEST, "signal_info").type == 0x19


def test_config_signal_info_request_bytes() -> None:
    values = {
        "rssi_threshold": [-90, -70],
        "rsrp_threshold": [-110, -95],
        "lte_snr_threshold": [-5],
        "lte_report": {"rate": 1, "average_period": 2},
    }
    frame = decode_frame(codec.build(nas.CONFIG_SIGNAL_INFO, Kind.REQUEST, values))
    assert frame.message_id == 0x0050
    assert dict(frame.tlvs) == {
        0x10: bytes.fromhex("02a6ba"),  # u8 count, i8 dBm each
        0x16: bytes.fromhex("0292ffa1ff"),  # u8 count, i16 dBm each
        0x13: bytes.fromhex("01fbff"),
        0x17: bytes.fromhex("0102"),
    }
    with pytest.raises(TlvError, match="rssi_threshold"):
        codec.build(nas.CONFIG_SIGNAL_INFO, Kind.REQUEST, {"rssi_threshold": [-200]})


# ------------------------------------------------------------ parse of build


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_parse_of_build_gives_the_values_back(case: tuple[MessageDef, Kind]) -> None:
    defn, kind = case
    values = representative(defn, kind)
    result = Result(0, 0) if kind is Kind.RESPONSE else None
    data = codec.build(defn, kind, values, transaction_id=0x1234, client_id=7, result=result)
    message = codec.decode_bytes(data)
    assert message.definition is defn
    assert message.kind is kind
    assert message.frame.transaction_id == 0x1234
    assert message.frame.client_id == 7
    assert message.tlv_errors == {}
    assert message.unknown == {}
    assert message.values == values
    assert message.result == result
    # ... and the decoded values build the very same bytes again.
    again = codec.build(
        defn, kind, message.values, transaction_id=0x1234, client_id=7, result=result
    )
    assert again == data


def test_every_declared_tlv_is_exercised() -> None:
    exercised = {(d.name, k, name) for d, k in CASES for name in representative(d, k)}
    declared = {(d.name, k, t.name) for d, k in CASES for t in d.tlvs_for(k)}
    assert exercised == declared
    assert len(declared) > 200


# ------------------------------------------------------------ build of parse (real frames)


def _real_nas_frames() -> list[tuple[str, bytes]]:
    vectors = load_vectors()
    out = []
    for v in vectors:
        if v.get("service_id") != 3 or v.get("stream"):
            continue
        if v["name"].endswith("/short"):
            continue  # truncated on purpose
        out.append((v["name"], bytes.fromhex(v["hex"])))
    return out


REAL = _real_nas_frames()


def test_real_frames_were_found() -> None:
    assert len(REAL) >= 20


@pytest.mark.parametrize(("name", "data"), REAL, ids=[n for n, _ in REAL])
def test_build_of_parse_gives_the_same_bytes(name: str, data: bytes) -> None:
    message = codec.decode_bytes(data)
    defn = message.definition
    if defn is None:
        # 0x0044 and the vendor 0x5556 message are not in the NAS catalog.
        assert message.frame.message_id in (0x0044, 0x5556)
        assert message.values == {}
        assert encode_frame(message.frame) == data
        return
    by_type = {t.type: t for t in defn.tlvs_for(message.kind)}
    rebuilt: list[tuple[int, bytes]] = []
    for tlv_type, raw in message.frame.tlvs:
        tlv = by_type.get(tlv_type)
        if tlv is None or tlv.name in message.tlv_errors:
            assert tlv_type == 0x02 or tlv_type in message.unknown or tlv is not None
            rebuilt.append((tlv_type, raw))
            continue
        again = encode_tlv_value(tlv, message.values[tlv.name])
        assert again == raw, f"{tlv.name}: {again.hex()} != {raw.hex()}"
        rebuilt.append((tlv_type, again))
    frame = Frame(
        service=message.frame.service,
        client_id=message.frame.client_id,
        kind=message.kind,
        transaction_id=message.frame.transaction_id,
        message_id=message.frame.message_id,
        tlvs=tuple(rebuilt),
        qmux_flags=message.frame.qmux_flags,
    )
    assert encode_frame(frame) == data


def test_whole_frame_rebuilds_through_codec_build_when_every_tlv_is_known() -> None:
    hits = 0
    for _name, data in REAL:
        message = codec.decode_bytes(data)
        if message.definition is None or message.unknown or message.tlv_errors:
            continue
        if message.kind is Kind.RESPONSE and message.result is None:
            continue
        again = codec.build(
            message.definition,
            message.kind,
            message.values,
            transaction_id=message.frame.transaction_id,
            client_id=message.frame.client_id,
            result=message.result,
        )
        assert again == data
        hits += 1
    assert hits >= 10


# ------------------------------------------------------------ NAS layouts at their edges


def _tlv(defn: MessageDef, kind: Kind, name: str) -> Any:
    return next(t for t in defn.tlvs_for(kind) if t.name == name)


def test_gsm7_round_trip_with_extension_characters() -> None:
    text = "Iliad {1&1} [€] ~^|\\ @£ äöü"
    assert nas.gsm7_unpack(nas.gsm7_pack(text)) == text
    assert nas.gsm7_pack("Iliad") == bytes.fromhex("49763a4c06")
    # Seven octets hold eight septets: a seven-character text must not grow an '@'.
    assert nas.gsm7_unpack(nas.gsm7_pack("1234567")) == "1234567"
    assert nas.gsm7_unpack(nas.gsm7_pack("12345678")) == "12345678"


def test_gsm7_refuses_characters_it_cannot_encode() -> None:
    tlv = _tlv(nas.GET_OPERATOR_NAME, Kind.RESPONSE, "nitz_information")
    with pytest.raises(TlvError, match=r"GSM 03\.38"):
        encode_tlv_value(tlv, {**_PLMN_NAME, "long_name": "中国移动"})


def test_plain_description_is_encoded_as_utf8_and_decoded_gsm7_keeps_its_bytes() -> None:
    tlv = _tlv(nas.GET_SERVING_SYSTEM, Kind.RESPONSE, "current_plmn")
    plain = encode_tlv_value(tlv, {"mcc": 222, "mnc": 50, "description": "Iliad"})
    assert plain == bytes.fromhex("de003200") + b"\x05Iliad"
    packed = bytes.fromhex("de0032000549763a4c06")
    decoded = tlv.layout.parse(packed)
    assert decoded.description == "Iliad"
    assert encode_tlv_value(tlv, {"mcc": 222, "mnc": 50, "description": decoded.description}) == (
        packed
    )


def test_wire_text_survives_copy_and_pickle() -> None:
    text = nas.WireText("Iliad", bytes.fromhex("49763a4c06"), "network_text")
    for clone in (copy.deepcopy(text), pickle.loads(pickle.dumps(text)), copy.copy(text)):
        assert clone == "Iliad"
        assert isinstance(clone, nas.WireText)
        assert clone.wire == text.wire
        assert clone.codec == "network_text"
    assert json.dumps({"d": text}) == '{"d": "Iliad"}'


def test_plmn_digits_pad_short_values_with_ff_and_empty_with_nul() -> None:
    layout = nas.plmn_digits()
    assert layout.build("24") == b"24\xff"
    assert layout.build("530") == b"530"
    assert layout.build("") == b"\x00\x00\x00"
    assert layout.parse(b"24\xff") == "24"
    assert layout.parse(b"\x00\x00\x00") == ""
    assert layout.parse(b"53\xff") == "53"
    tlv = _tlv(nas.GET_SYSTEM_INFO, Kind.RESPONSE, "lte_system_info_v2")
    with pytest.raises(TlvError, match="does not fit"):
        encode_tlv_value(tlv, {**SHARED["lte_system_info_v2"], "mcc": "2620"})


def test_flags_keep_unknown_bits_and_refuse_unknown_names() -> None:
    status = nas.NETWORK_STATUS
    assert status.parse(b"\xaa") == ["available", "roaming", "not_forbidden", "not_preferred"]
    assert status.build(["current_serving", "home"]) == b"\x05"
    assert status.build(0xA9) == b"\xa9"
    mode = nas.RAT_MODE_PREFERENCE
    assert mode.parse(b"\x18\x01") == ["umts", "lte", 256]
    assert mode.build(["umts", "lte", 256]) == b"\x18\x01"
    tlv = _tlv(nas.SET_SYSTEM_SELECTION_PREFERENCE, Kind.REQUEST, "mode_preference")
    with pytest.raises(TlvError, match="unknown flag 'wimax'"):
        encode_tlv_value(tlv, ["lte", "wimax"])


def test_band_lists_map_bits_to_band_numbers() -> None:
    assert nas.band_list(1).build([1, 3, 7, 20]) == (0b1000_0000_0000_0100_0101).to_bytes(
        8, "little"
    )
    ext = nas.band_list(4).build([66])
    assert ext == bytes(8) + (1 << 1).to_bytes(8, "little") + bytes(16)
    assert nas.band_list(4).parse(ext) == [66]
    tlv = _tlv(nas.SET_SYSTEM_SELECTION_PREFERENCE, Kind.REQUEST, "lte_band_preference")
    with pytest.raises(TlvError, match=r"band 65 is outside 1\.\.64"):
        encode_tlv_value(tlv, [65])


def test_bcd_plmn() -> None:
    layout = nas.bcd_plmn()
    assert layout.build({"mcc": "234", "mnc": "15"}) == bytes.fromhex("32f451")
    assert layout.parse(bytes.fromhex("32f451")) == {"mcc": "234", "mnc": "15"}
    assert layout.build({"mcc": "310", "mnc": "260"}) == bytes.fromhex("130062")
    assert layout.parse(bytes.fromhex("130062")) == {"mcc": "310", "mnc": "260"}
    tlv = _tlv(nas.GET_CELL_LOCATION_INFO, Kind.RESPONSE, "nr5g_cell_information")
    bad = {**PER_MESSAGE["get_cell_location_info"]["nr5g_cell_information"]}
    bad["plmn"] = {"mcc": "26", "mnc": "01"}
    with pytest.raises(TlvError, match="not 3 \\+ 2 or 3 digits"):
        encode_tlv_value(tlv, bad)


def test_unknown_enum_values_decode_to_numbers_and_rebuild() -> None:
    tlv = _tlv(nas.GET_SERVING_SYSTEM, Kind.RESPONSE, "serving_system")
    raw = bytes.fromhex("07010102010d")  # state 7 and radio interface 0x0D have no names
    value = decode_tlv_value(tlv, raw)
    assert value["registration_state"] == 7
    assert value["radio_interfaces"] == [0x0D]
    assert value["selected_network"] == "3gpp"
    assert encode_tlv_value(tlv, value) == raw


def test_bad_enum_name_is_a_clear_tlv_error() -> None:
    defn = nas.INITIATE_NETWORK_REGISTER
    with pytest.raises(TlvError, match="action"):
        codec.build(defn, Kind.REQUEST, {"action": "sideways"})


def test_truncated_tlv_is_reported_not_raised() -> None:
    defn = nas.GET_SIGNAL_INFO
    frame = decode_frame(
        codec.build(defn, Kind.RESPONSE, {"gsm_signal_strength": -77, "nr5g_rsrq": -11})
    )
    broken = Frame(
        service=frame.service,
        client_id=frame.client_id,
        kind=frame.kind,
        transaction_id=frame.transaction_id,
        message_id=frame.message_id,
        tlvs=(*frame.tlvs, (0x14, b"\xc4\xf7")),  # LTE needs 6 bytes
    )
    message = codec.decode_message(broken)
    assert message.values == {"gsm_signal_strength": -77, "nr5g_rsrq": -11}
    assert "overflow" in message.tlv_errors["lte_signal_strength"]
