"""NAS enums and bit masks: the value tables and the layouts built on them.

The ``*_VALUES`` tables are plain dicts, so code can map names to numbers
without going through construct.
"""

from __future__ import annotations

import construct as c

from pyqmi.qmi.types import enum8, enum16, enum32, flags8, flags16, flags64, i32

RADIO_INTERFACE_VALUES = {
    "none": 0x00,
    "cdma_1x": 0x01,
    "cdma_1xevdo": 0x02,
    "amps": 0x03,
    "gsm": 0x04,
    "umts": 0x05,
    "lte": 0x08,
    "td_scdma": 0x09,
    "5gnr": 0x0C,
    "unknown": 0xFF,  # -1 as the signed byte some TLVs use; "no change" in requests
}
REGISTRATION_STATE_VALUES = {
    "not_registered": 0,
    "registered": 1,
    "not_registered_searching": 2,
    "registration_denied": 3,
    "unknown": 4,
}
SERVICE_DOMAIN_VALUES = {"none": 0, "cs": 1, "ps": 2, "cs_ps": 3, "camped": 4}
ROAMING_STATUS_VALUES = {
    "off": 0x00,
    "on": 0x01,
    "blink": 0x02,
    "out_of_neighborhood": 0x03,
    "out_of_building": 0x04,
    "preferred_system": 0x05,
    "available_system": 0x06,
    "alliance_partner": 0x07,
    "premium_partner": 0x08,
    "full_service": 0x09,
    "partial_service": 0x0A,
    "banner_on": 0x0B,
    "banner_off": 0x0C,
}
REJECT_CAUSE_VALUES = {
    "none": 0x00,
    "imsi_unknown_in_hlr": 0x02,
    "illegal_ue": 0x03,
    "imsi_unknown_in_vlr": 0x04,
    "imei_not_accepted": 0x05,
    "illegal_me": 0x06,
    "ps_services_not_allowed": 0x07,
    "ps_and_non_ps_services_not_allowed": 0x08,
    "ue_identity_not_derived_by_network": 0x09,
    "implicitly_detached": 0x0A,
    "plmn_not_allowed": 0x0B,
    "location_area_not_allowed": 0x0C,
    "roaming_in_location_area_not_allowed": 0x0D,
    "ps_services_in_location_area_not_allowed": 0x0E,
    "no_suitable_cells_in_location_area": 0x0F,
    "msc_temporarily_not_reachable": 0x10,
    "network_failure": 0x11,
    "cs_domain_not_available": 0x12,
    "esm_failure": 0x13,
    "mac_failure": 0x14,
    "synch_failure": 0x15,
    "congestion": 0x16,
    "ue_security_capabilities_mismatch": 0x17,
    "security_mode_rejected_unspecified": 0x18,
    "csg_not_authorized": 0x19,
    "non_eps_authentication_unacceptable": 0x1A,
    "sms_provided_by_gprs_in_routing_area": 0x1C,
    "redirection_to_5gcn_required": 0x1F,
    "service_option_not_supported": 0x20,
    "requested_service_option_not_subscribed": 0x21,
    "service_option_temporarily_out_of_order": 0x22,
    "requested_service_option_not_authorized": 0x23,
    "call_cannot_be_identified": 0x26,
    "cs_service_temporarily_not_available": 0x27,
    "no_eps_bearer_context_activated": 0x28,
    "severe_network_failure": 0x2A,
    **{f"retry_upon_entry_into_new_cell_{n}": 0x30 + n for n in range(16)},
    "semantically_incorrect_message": 0x5F,
    "invalid_mandatory_information": 0x60,
    "message_type_non_existent": 0x61,
    "message_type_not_compatible": 0x62,
    "information_element_non_existent": 0x63,
    "conditional_information_element_error": 0x64,
    "message_not_compatible": 0x65,
    "unspecified_protocol_error": 0x6F,
}
SPARE_BITS_VALUES = {"unknown": 0, "bit_8": 1, "bits_78": 2, "bits_68": 3, "bits_58": 4}
SPARE_BITS_VALUES |= {"bits_48": 5, "bits_38": 6, "bits_28": 7}

RADIO_INTERFACE = enum8(**RADIO_INTERFACE_VALUES)
REGISTRATION_STATE = enum8(**REGISTRATION_STATE_VALUES)
SERVICE_DOMAIN = enum8(**SERVICE_DOMAIN_VALUES)
ROAMING_STATUS = enum8(**ROAMING_STATUS_VALUES)
REJECT_CAUSE = enum8(**REJECT_CAUSE_VALUES)
ATTACH_STATE = enum8(unknown=0, attached=1, detached=2)
NETWORK_TYPE = enum8(unknown=0, **{"3gpp2": 1, "3gpp": 2})
ROAMING_INDICATOR = enum8(on=0, off=1)
SERVICE_STATUS = enum8(none=0, limited=1, available=2, limited_regional=3, power_save=4)
DATA_CAPABILITY = enum8(
    none=0x00,
    gprs=0x01,
    edge=0x02,
    hsdpa=0x03,
    hsupa=0x04,
    wcdma=0x05,
    cdma=0x06,
    evdo_rev_0=0x07,
    evdo_rev_a=0x08,
    gsm=0x09,
    evdo_rev_b=0x0A,
    lte=0x0B,
    hsdpa_plus=0x0C,
    dc_hsdpa_plus=0x0D,
)
CALL_BARRING_STATUS = c.Enum(
    i32, normal_only=0, emergency_only=1, no_calls=2, all_calls=3, unknown=-1
)
HDR_PERSONALITY = enum8(unknown=0, hrpd=1, ehrpd=2)
HDR_PROTOCOL_REVISION = enum8(none=0, rel_0=1, rel_a=2, rel_b=3)
WCDMA_HS_SERVICE = enum8(
    hsdpa_hsupa_unsupported=0,
    hsdpa_supported=1,
    hsupa_supported=2,
    hsdpa_hsupa_supported=3,
    hsdpa_plus_supported=4,
    hsdpa_plus_hsupa_supported=5,
    dc_hsdpa_plus_supported=6,
    dc_hsdpa_plus_hsupa_supported=7,
)
CELL_BROADCAST = enum32(unknown=0, off=1, on=2)
SIM_REJECT_STATE = enum32(
    sim_unavailable=0, sim_available=1, sim_cs_invalid=2, sim_ps_invalid=3, sim_cs_ps_invalid=4
)
LTE_VOICE_DOMAIN = enum32(none=0, ims=1, **{"1x": 2, "3gpp": 3})
LTE_REGISTRATION_DOMAIN = enum32(not_applicable=0, cs_only=1, ps_only=2, cs_ps=3, limited_service=4)
LTE_CELL_ACCESS_STATUS = enum32(
    normal_only=0, emergency_only=1, no_calls=2, all_calls=3, unknown=0xFF
)
REGISTRATION_RESTRICTION = enum32(unrestricted=0, camped_only=1, limited=2)
NETWORK_NAME_SOURCE = enum32(
    unknown=0,
    operator_plmn_list_and_plmn_network_name=1,
    common_pcn_handset_specification_and_operator_name_string=2,
    nitz=3,
    se13=4,
    mcc_mnc=5,
    service_provider_name=6,
)
EVDO_SINR_LEVEL = enum8(**{f"level_{n}": n for n in range(9)})
CHANGE_DURATION = enum8(power_cycle=0, permanent=1)
NETWORK_REGISTER_TYPE = enum8(automatic=1, manual=2)
NETWORK_SCAN_RESULT = enum32(success=0, abort=1, radio_link_failure=2)
NETWORK_SELECTION = enum8(automatic=0, manual=1)
CDMA_PRL_PREFERENCE = enum16(a_side_only=1, b_side_only=2, any=0x3FFF)
ROAMING_PREFERENCE = enum16(off=1, not_off=2, not_flashing=3, any=0xFF)
SERVICE_DOMAIN_PREFERENCE = enum32(cs_only=0, ps_only=1, cs_ps=2, ps_attach=3, ps_detach=4)
GSM_WCDMA_ACQUISITION_ORDER = enum32(automatic=0, gsm=1, wcdma=2)
USAGE_PREFERENCE = enum32(unknown=0, voice_centric=1, data_centric=2)
VOICE_DOMAIN_PREFERENCE = enum32(cs_only=0, ps_only=1, cs_preferred=2, ps_preferred=3)
DESCRIPTION_DISPLAY = enum8(no=0, yes=1, unknown=0xFF)
DESCRIPTION_ENCODING = enum8(unspecified=0, ascii7=1, unicode=4, gsm=9)
PLMN_ENCODING = enum8(gsm=0, ucs2le=1)
COUNTRY_INITIALS = enum8(do_not_add=0, add=1, unspecified=0xFF)
SPARE_BITS = enum8(**SPARE_BITS_VALUES)
WCDMA_RRC_STATE = enum32(disconnected=0, cell_pch=1, ura_pch=2, cell_fach=3, cell_dch=4)

NETWORK_STATUS = flags8(
    current_serving=1 << 0,
    available=1 << 1,
    home=1 << 2,
    roaming=1 << 3,
    forbidden=1 << 4,
    not_forbidden=1 << 5,
    preferred=1 << 6,
    not_preferred=1 << 7,
)
NETWORK_SCAN_TYPE = flags8(gsm=1, umts=2, lte=4, td_scdma=8, **{"5gnr": 16})
RAT_MODE_PREFERENCE = flags16(
    cdma_1x=1 << 0,
    cdma_1xevdo=1 << 1,
    gsm=1 << 2,
    umts=1 << 3,
    lte=1 << 4,
    td_scdma=1 << 5,
    **{"5gnr": 1 << 6},
)
SIGNAL_STRENGTH_REQUEST = flags16(
    rssi=1 << 0,
    ecio=1 << 1,
    io=1 << 2,
    sinr=1 << 3,
    error_rate=1 << 4,
    rsrq=1 << 5,
    lte_snr=1 << 6,
    lte_rsrp=1 << 7,
)
NAME_DISPLAY_CONDITION = flags8(
    display_registered_plmn_if_known_network=1,
    display_spn_not_required_if_unknown_network=2,
)
TD_SCDMA_BANDS = flags64(**{b: 1 << i for i, b in enumerate("abcdef")})
