"""NAS registration: indications, scan and register, serving system, home network, operators."""

from __future__ import annotations

import construct as c

from pyqmi.qmi.catalog.nas.fields import call_barring, mcc_mnc, numbered, pcs_status, radio_item
from pyqmi.qmi.catalog.nas.text import network_text, plmn_digits, plmn_name, tail_network_text
from pyqmi.qmi.catalog.nas.values import (
    ATTACH_STATE,
    CHANGE_DURATION,
    COUNTRY_INITIALS,
    DATA_CAPABILITY,
    DESCRIPTION_DISPLAY,
    DESCRIPTION_ENCODING,
    HDR_PERSONALITY,
    NAME_DISPLAY_CONDITION,
    NETWORK_NAME_SOURCE,
    NETWORK_REGISTER_TYPE,
    NETWORK_SCAN_RESULT,
    NETWORK_SCAN_TYPE,
    NETWORK_STATUS,
    NETWORK_TYPE,
    PLMN_ENCODING,
    RADIO_INTERFACE,
    REGISTRATION_STATE,
    ROAMING_INDICATOR,
    SERVICE_DOMAIN,
    SERVICE_STATUS,
    SPARE_BITS,
)
from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import Layout, array8, array16, boolean, i8, i32, u8, u16, u32

S = Service.NAS

_plmn_with_description = c.Struct(*mcc_mnc, "description" / network_text())
_sid_nid = c.Struct("sid" / u16, "nid" / u16)

_plmn_name_fields = (
    "name_encoding" / PLMN_ENCODING,
    "short_country_initials" / COUNTRY_INITIALS,
    "long_name_spare_bits" / SPARE_BITS,
    "short_name_spare_bits" / SPARE_BITS,
    "long_name" / plmn_name("long_name_spare_bits"),
    "short_name" / plmn_name("short_name_spare_bits"),
)

REGISTER_INDICATIONS = MessageDef(
    S,
    0x0003,
    "register_indications",
    title="NAS Register Indications",
    request=(
        TlvDef(0x10, "system_selection_preference", boolean),
        TlvDef(0x12, "ddtm_events", boolean),
        TlvDef(0x13, "serving_system_events", boolean),
        TlvDef(0x14, "dual_standby_preference", boolean),
        TlvDef(0x15, "subscription_info", boolean),
        TlvDef(0x17, "network_time", boolean),
        TlvDef(0x18, "system_info", boolean),
        TlvDef(0x19, "signal_info", boolean),
        TlvDef(0x1A, "error_rate", boolean),
        TlvDef(0x1B, "hdr_new_uati_assigned", boolean),
        TlvDef(0x1C, "hdr_session_closed", boolean),
        TlvDef(0x1D, "managed_roaming", boolean),
        TlvDef(0x1E, "current_plmn_name", boolean),
        TlvDef(0x1F, "embms_status", boolean),
        TlvDef(0x20, "rf_band_information", boolean),
        TlvDef(
            0x21,
            "network_reject_information",
            c.Struct("enable" / boolean, "suppress_system_info" / boolean),
        ),
    ),
)

NETWORK_SCAN = MessageDef(
    S,
    0x0021,
    "network_scan",
    title="NAS Network Scan",
    request=(TlvDef(0x10, "network_type", NETWORK_SCAN_TYPE),),
    response=(
        TlvDef(
            0x10,
            "network_information",
            array16(
                c.Struct(
                    *mcc_mnc, "network_status" / NETWORK_STATUS, "description" / network_text()
                )
            ),
        ),
        TlvDef(0x11, "radio_access_technology", array16(c.Struct(*mcc_mnc, radio_item))),
        TlvDef(0x12, "mnc_pcs_digit_include_status", array16(pcs_status)),
        TlvDef(0x13, "network_scan_result", NETWORK_SCAN_RESULT),
    ),
)

INITIATE_NETWORK_REGISTER = MessageDef(
    S,
    0x0022,
    "initiate_network_register",
    title="NAS Initiate Network Register",
    request=(
        TlvDef(0x01, "action", NETWORK_REGISTER_TYPE),
        TlvDef(0x10, "manual_registration_info_3gpp", c.Struct(*mcc_mnc, radio_item)),
        TlvDef(0x11, "change_duration", CHANGE_DURATION),
        TlvDef(0x12, "mnc_pcs_digit_include_status", boolean),
    ),
)

_serving_system = c.Struct(
    "registration_state" / REGISTRATION_STATE,
    "cs_attach_state" / ATTACH_STATE,
    "ps_attach_state" / ATTACH_STATE,
    "selected_network" / NETWORK_TYPE,
    "radio_interfaces" / array8(RADIO_INTERFACE),
)
_detailed_service_status = c.Struct(
    "status" / SERVICE_STATUS,
    "capability" / SERVICE_DOMAIN,
    "hdr_status" / SERVICE_STATUS,
    "hdr_hybrid" / boolean,
    "forbidden" / boolean,
)
_serving_common = (
    TlvDef(0x01, "serving_system", _serving_system),
    TlvDef(0x10, "roaming_indicator", ROAMING_INDICATOR),
    TlvDef(0x11, "data_service_capability", array8(DATA_CAPABILITY)),
    TlvDef(0x12, "current_plmn", _plmn_with_description),
    TlvDef(0x13, "cdma_system_id", _sid_nid),
    TlvDef(
        0x14,
        "cdma_base_station_info",
        c.Struct("base_station_id" / u16, "latitude" / i32, "longitude" / i32),
    ),
    TlvDef(
        0x15,
        "roaming_indicator_list",
        array8(c.Struct(radio_item, "roaming_indicator" / ROAMING_INDICATOR)),
    ),
    TlvDef(0x16, "default_roaming_indicator", ROAMING_INDICATOR),
    TlvDef(
        0x17,
        "time_zone_3gpp2",
        c.Struct("leap_seconds" / u8, "local_time_offset" / i8, "daylight_saving_time" / boolean),
    ),
    TlvDef(0x18, "cdma_p_rev", u8),
)
# TLVs from 0x19 on are numbered differently in the response and the indication.
_serving_later: dict[str, Layout] = {
    "time_zone_3gpp": i8,  # quarter hours
    "daylight_saving_time_adjustment_3gpp": u8,
    "lac_3gpp": u16,
    "cid_3gpp": u32,
    "concurrent_service_info_3gpp2": boolean,
    "prl_indicator_3gpp2": boolean,
    "dtm_support": boolean,
    "detailed_service_status": _detailed_service_status,
    "cdma_system_info": c.Struct("mcc" / u16, "imsi_11_12" / u8),
    "hdr_personality": HDR_PERSONALITY,
    "lte_tac": u16,
    "call_barring_status": call_barring,
    "umts_primary_scrambling_code": u16,
    "mnc_pcs_digit_include_status": pcs_status,
    "network_name_source": NETWORK_NAME_SOURCE,
    "plmn_name_flag_3gpp": boolean,
    "universal_time_and_local_time_zone_3gpp": c.Struct(
        "year" / u16,
        "month" / u8,
        "day" / u8,
        "hour" / u8,
        "minute" / u8,
        "second" / u8,
        "time_zone" / i8,
    ),
    "plmn_not_changed_indication": boolean,
}


GET_SERVING_SYSTEM = MessageDef(
    S,
    0x0024,
    "get_serving_system",
    title="NAS Get Serving System",
    response=_serving_common
    + numbered(
        {
            0x1A: "time_zone_3gpp",
            0x1B: "daylight_saving_time_adjustment_3gpp",
            0x1C: "lac_3gpp",
            0x1D: "cid_3gpp",
            0x1E: "concurrent_service_info_3gpp2",
            0x1F: "prl_indicator_3gpp2",
            0x20: "dtm_support",
            0x21: "detailed_service_status",
            0x22: "cdma_system_info",
            0x23: "hdr_personality",
            0x24: "lte_tac",
            0x25: "call_barring_status",
            0x26: "umts_primary_scrambling_code",
            0x27: "mnc_pcs_digit_include_status",
            0x29: "network_name_source",
        },
        _serving_later,
    ),
    indication=_serving_common
    + numbered(
        {
            0x19: "plmn_name_flag_3gpp",
            0x1A: "time_zone_3gpp",
            0x1B: "daylight_saving_time_adjustment_3gpp",
            0x1C: "universal_time_and_local_time_zone_3gpp",
            0x1D: "lac_3gpp",
            0x1E: "cid_3gpp",
            0x1F: "concurrent_service_info_3gpp2",
            0x20: "prl_indicator_3gpp2",
            0x21: "dtm_support",
            0x22: "detailed_service_status",
            0x23: "cdma_system_info",
            0x24: "hdr_personality",
            0x25: "lte_tac",
            0x26: "call_barring_status",
            0x27: "plmn_not_changed_indication",
            0x28: "umts_primary_scrambling_code",
            0x29: "mnc_pcs_digit_include_status",
            0x2B: "network_name_source",
        },
        _serving_later,
    ),
)

GET_HOME_NETWORK = MessageDef(
    S,
    0x0025,
    "get_home_network",
    title="NAS Get Home Network",
    response=(
        TlvDef(0x01, "home_network", _plmn_with_description),
        TlvDef(0x10, "home_system_id", _sid_nid),
        TlvDef(
            0x11,
            "home_network_3gpp2_ext",
            c.Struct(
                *mcc_mnc,
                "display_description" / DESCRIPTION_DISPLAY,
                "description_encoding" / DESCRIPTION_ENCODING,
                "description" / array8(u8),
            ),
        ),
        TlvDef(
            0x12,
            "home_network_3gpp_mnc",
            c.Struct("is_3gpp" / boolean, "includes_pcs_digit" / boolean),
        ),
        TlvDef(0x13, "network_name_source", NETWORK_NAME_SOURCE),
    ),
)

GET_OPERATOR_NAME = MessageDef(
    S,
    0x0039,
    "get_operator_name",
    title="NAS Get Operator Name",
    response=(
        TlvDef(
            0x10,
            "service_provider_name",
            c.Struct("name_display_condition" / NAME_DISPLAY_CONDITION, "name" / network_text()),
        ),
        TlvDef(
            0x11,
            "operator_plmn_list",
            array16(
                c.Struct(
                    "mcc" / plmn_digits(),
                    "mnc" / plmn_digits(),
                    "lac1" / u16,
                    "lac2" / u16,
                    "plmn_name_record_identifier" / u8,
                )
            ),
        ),
        TlvDef(0x12, "operator_plmn_name", array8(c.Struct(*_plmn_name_fields))),
        TlvDef(0x13, "operator_string_name", tail_network_text()),
        TlvDef(0x14, "nitz_information", c.Struct(*_plmn_name_fields)),
    ),
)
