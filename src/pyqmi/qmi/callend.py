"""Why a data call ended, in words a user can act on.

Theory of operation
-------------------
WDS reports a failed or dropped data call with two TLVs, in the Start Network
response and in the Packet Service Status indication:

* 0x10 "call end reason": one flat u16 table (generic, CDMA, GSM/WCDMA, EV-DO).
* 0x11 "verbose call end reason": a type (MIP, internal, CM, 3GPP, PPP, eHRPD,
  IPv6) and a reason whose meaning depends on the type.  For the 3GPP type the
  reason is the network's own session management cause (TS 24.008 / 24.301),
  which is the most precise answer a modem gives.

``classify()`` turns those numbers into a ``CallFailure``: a name for every
number (a readable fallback such as ``unknown_77`` for numbers not in the
tables), a ``FailureCategory`` that the connection policy acts on, and a
sentence telling the user what to change.  The verbose reason decides the
category when it has one; otherwise the flat reason is consulted.

The numbers and names follow libqmi's QmiWdsCallEndReason and
QmiWdsVerboseCallEndReason* enums, lower-cased without their prefixes.
This module is pure: no I/O, no construct.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pyqmi.qmi.message import Message


class FailureCategory(enum.StrEnum):
    """What kind of problem ended the call; the connection policy keys on this."""

    PDP_TYPE_REJECTED = "pdp_type_rejected"  # IPv4/IPv6 choice refused: change pdptype
    AUTH_FAILED = "auth_failed"  # username/password/auth refused
    UNKNOWN_APN = "unknown_apn"  # the APN does not exist (or is malformed)
    NOT_SUBSCRIBED = "not_subscribed"  # the SIM's plan does not allow this service
    TRANSIENT = "transient"  # coverage, congestion, throttling: retry later
    OTHER = "other"

    @property
    def is_configuration_error(self) -> bool:
        """True when retrying with the same settings will fail the same way."""
        return self in _CONFIGURATION_ERRORS


_CONFIGURATION_ERRORS = frozenset(
    {
        FailureCategory.PDP_TYPE_REJECTED,
        FailureCategory.AUTH_FAILED,
        FailureCategory.UNKNOWN_APN,
        FailureCategory.NOT_SUBSCRIBED,
    }
)

# --- TLV 0x10: call end reason -------------------------------------------------

CALL_END_REASONS: dict[int, str] = {
    1: "generic_unspecified",
    2: "generic_client_end",
    3: "generic_no_service",
    4: "generic_fade",
    5: "generic_release_normal",
    6: "generic_access_attempt_in_progress",
    7: "generic_access_failure",
    8: "generic_redirection_or_handoff",
    9: "generic_close_in_progress",
    10: "generic_authentication_failed",
    11: "generic_internal_error",
    500: "cdma_lock",
    501: "cdma_intercept",
    502: "cdma_reorder",
    503: "cdma_release_so_reject",
    504: "cdma_incoming_call",
    505: "cdma_alert_stop",
    506: "cdma_activation",
    507: "cdma_max_access_probes",
    508: "cdma_ccs_not_supported_by_bs",
    509: "cdma_no_response_from_bs",
    510: "cdma_rejected_by_bs",
    511: "cdma_incompatible",
    512: "cdma_already_in_tc",
    513: "cdma_user_call_originated_during_gps",
    514: "cdma_user_call_originated_during_sms",
    515: "cdma_no_service",
    1000: "gsm_wcdma_conference_failed",
    1001: "gsm_wcdma_incoming_rejected",
    1002: "gsm_wcdma_no_service",
    1003: "gsm_wcdma_network_end",
    1004: "gsm_wcdma_llc_sndcp_failure",
    1005: "gsm_wcdma_insufficient_resources",
    1006: "gsm_wcdma_option_temporarily_out_of_order",
    1007: "gsm_wcdma_nsapi_already_used",
    1008: "gsm_wcdma_regular_deactivation",
    1009: "gsm_wcdma_network_failure",
    1010: "gsm_wcdma_reattach_required",
    1011: "gsm_wcdma_protocol_error",
    1012: "gsm_wcdma_operator_determined_barring",
    1013: "gsm_wcdma_unknown_apn",
    1014: "gsm_wcdma_unknown_pdp",
    1015: "gsm_wcdma_ggsn_reject",
    1016: "gsm_wcdma_activation_reject",
    1017: "gsm_wcdma_option_not_supported",
    1018: "gsm_wcdma_option_unsubscribed",
    1019: "gsm_wcdma_qos_not_accepted",
    1020: "gsm_wcdma_tft_semantic_error",
    1021: "gsm_wcdma_tft_syntax_error",
    1022: "gsm_wcdma_unknown_pdp_context",
    1023: "gsm_wcdma_filter_semantic_error",
    1024: "gsm_wcdma_filter_syntax_error",
    1025: "gsm_wcdma_pdp_without_active_tft",
    1026: "gsm_wcdma_invalid_transaction_id",
    1027: "gsm_wcdma_message_incorrect_semantic",
    1028: "gsm_wcdma_invalid_mandatory_info",
    1029: "gsm_wcdma_message_type_unsupported",
    1030: "gsm_wcdma_message_type_noncompatible_state",
    1031: "gsm_wcdma_unknown_info_element",
    1032: "gsm_wcdma_conditional_ie_error",
    1033: "gsm_wcdma_message_and_protocol_state_uncompatible",
    1034: "gsm_wcdma_apn_type_conflict",
    1035: "gsm_wcdma_no_gprs_context",
    1036: "gsm_wcdma_feature_not_supported",
    1500: "evdo_connection_deny_general_or_busy",
    1501: "evdo_connection_deny_billing_or_authentication_failure",
    1502: "evdo_hdr_change",
    1503: "evdo_hdr_exit",
    1504: "evdo_hdr_no_session",
    1505: "evdo_hdr_origination_during_gps_fix",
    1506: "evdo_hdr_connection_setup_timeout",
    1507: "evdo_hdr_released_by_cm",
}

# --- TLV 0x11: verbose call end reason ------------------------------------------

TYPE_MIP = 1
TYPE_INTERNAL = 2
TYPE_CM = 3
TYPE_3GPP = 6
TYPE_PPP = 7
TYPE_EHRPD = 8
TYPE_IPV6 = 9

VERBOSE_TYPES: dict[int, str] = {
    TYPE_MIP: "mip",
    TYPE_INTERNAL: "internal",
    TYPE_CM: "cm",
    TYPE_3GPP: "3gpp",
    TYPE_PPP: "ppp",
    TYPE_EHRPD: "ehrpd",
    TYPE_IPV6: "ipv6",
}

# Mobile IP (CDMA only).
_MIP: dict[int, str] = {
    -1: "error_reason_unknown",
    64: "fa_error_reason_unspecified",
    65: "fa_error_administratively_prohibited",
    66: "fa_error_insufficient_resources",
    67: "fa_error_mobile_node_authentication_failure",
    68: "fa_error_ha_authentication_failure",
    69: "fa_error_requested_lifetime_too_long",
    70: "fa_error_malformed_request",
    71: "fa_error_malformed_reply",
    72: "fa_error_encapsulation_unavailable",
    73: "fa_error_vjhc_unavailable",
    74: "fa_error_reverse_tunnel_unavailable",
    75: "fa_error_reverse_tunnel_mandatory_and_t_bit_not_set",
    79: "fa_error_delivery_style_not_supported",
    97: "fa_error_missing_nai",
    98: "fa_error_missing_ha",
    99: "fa_error_missing_home_address",
    104: "fa_error_unknown_challenge",
    105: "fa_error_missing_challenge",
    106: "fa_error_stale_challenge",
    128: "ha_error_reason_unspecified",
    129: "ha_error_administratively_prohibited",
    130: "ha_error_insufficient_resources",
    131: "ha_error_mobile_node_authentication_failure",
    132: "ha_error_fa_authentication_failure",
    133: "ha_error_registration_id_mismatch",
    134: "ha_error_malformed_request",
    136: "ha_error_unknown_ha_address",
    137: "ha_error_reverse_tunnel_unavailable",
    138: "ha_error_reverse_tunnel_mandatory_and_t_bit_not_set",
    139: "ha_error_encapsulation_unavailable",
}

# Reasons raised inside the modem's data stack.
_INTERNAL: dict[int, str] = {
    201: "error",
    202: "call_ended",
    203: "unknown_internal_cause",
    204: "unknown_cause",
    205: "close_in_progress",
    206: "network_initiated_termination",
    207: "app_preempted",
    208: "pdn_ipv4_call_disallowed",
    209: "pdn_ipv4_call_throttled",
    210: "pdn_ipv6_call_disallowed",
    211: "pdn_ipv6_call_throttled",
    212: "modem_restart",
    213: "pdp_ppp_not_supported",
    214: "unpreferred_rat",
    215: "physical_link_close_in_progress",
    216: "apn_pending_handover",
    217: "profile_bearer_incompatible",
    218: "mmgdsi_card_event",
    219: "lpm_or_power_down",
    220: "apn_disabled",
    221: "mpit_expired",
    222: "ipv6_address_transfer_failed",
    223: "trat_swap_failed",
    224: "ehrpd_to_hrpd_fallback",
    225: "mandatory_apn_disabled",
    226: "mip_config_failure",
    227: "pdn_inactivity_timer_expired",
    228: "max_v4_connections",
    229: "max_v6_connections",
    230: "apn_mismatch",
    231: "ip_version_mismatch",
    232: "dun_call_disallowed",
    233: "invalid_profile",
    234: "epc_nonepc_transition",
    235: "invalid_profile_id",
    236: "call_already_present",
    237: "interface_in_use",
    238: "ip_pdp_mismatch",
    239: "apn_disallowed_on_roaming",
    240: "apn_parameter_change",
    241: "interface_in_use_config_match",
    242: "null_apn_disallowed",
    243: "thermal_mitigation",
    244: "subs_id_mismatch",
    245: "data_settings_disabled",
    246: "data_roaming_settings_disabled",
    247: "apn_format_invalid",
    248: "dds_call_abort",
    249: "validation_failure",
    251: "profiles_not_compatible",
    252: "null_resolved_apn_no_match",
    253: "invalid_apn_name",
    254: "dds_switch_in_progress",
    255: "call_disallowed_in_roaming",
    256: "mo_exceptional_not_supported",
    257: "non_ip_not_supported",
    258: "error_pdn_non_ip_call_throttled",
    259: "error_pdn_non_ip_call_disallowed",
    261: "error_non_ip_type_mismatch",
    262: "error_max_nb_pdn_reached",
    263: "invalid_apn",
    264: "slice_not_allowed",
    265: "routing_fail",
    266: "routing_changed",
    267: "local_area_data_network_data_network_name_not_available",
    268: "apn_type_mismatch",
}

# Call manager reasons.  The CDMA (500-525) and HDR (1500-1515) ranges are left
# out; they decode to the readable fallback.
_CM: dict[int, str] = {
    1000: "conference_failed",
    1001: "incoming_rejected",
    1002: "no_gateway_service",
    1003: "no_gprs_context",
    1004: "illegal_ms",
    1005: "illegal_me",
    1006: "gprs_and_non_gprs_services_not_allowed",
    1007: "gprs_services_not_allowed",
    1008: "ms_identity_not_derived_by_the_network",
    1009: "implicitly_detached",
    1010: "plmn_not_allowed",
    1011: "la_not_allowed",
    1012: "gprs_services_not_allowed_in_plmn",
    1013: "pdp_duplicate",
    1014: "ue_rat_change",
    1015: "congestion",
    1016: "no_pdp_context_activated",
    1017: "access_class_dsac_rejection",
    1018: "pdp_activate_max_retry_failed",
    1019: "rab_failure",
    1020: "eps_service_not_allowed",
    1021: "tracking_area_not_allowed",
    1022: "roaming_not_allowed_in_tracking_area",
    1023: "no_suitable_cells_in_tracking_area",
    1024: "not_authorized_closed_subscriber_group",
    1025: "esm_unknown_eps_bearer_context",
    1026: "drb_released_at_rrc",
    1027: "nas_signal_connection_released",
    1028: "emm_detached",
    1029: "emm_attach_failed",
    1030: "emm_attach_started",
    1031: "lte_nas_service_request_failed",
    1032: "esm_active_dedicated_bearer_reactivated_by_nw",
    1033: "esm_lower_layer_failure",
    1034: "esm_sync_up_with_nw",
    1035: "esm_nw_activated_dedicated_bearer_with_id_of_default_bearer",
    1036: "esm_bad_ota_message",
    1037: "esm_ds_rejected_call",
    1038: "esm_context_transferred_due_to_irat",
    1039: "ds_explicit_deact",
    1040: "esm_local_cause_none",
    1041: "lte_nas_service_request_failed_no_throttle",
    1042: "acl_failure",
    1043: "lte_nas_service_request_failed_ds_disallow",
    1044: "emm_t3417_expired",
    1045: "emm_t3417_ext_expired",
    1046: "lrrc_ul_data_confirmation_failure_txn",
    1047: "lrrc_ul_data_confirmation_failure_handover",
    1048: "lrrc_ul_data_confirmation_failure_conn_rel",
    1049: "lrrc_ul_data_confirmation_failure_rlf",
    1050: "lrrc_ul_data_confirmation_failure_ctrl_not_conn",
    1051: "lrrc_connection_establishment_failure",
    1052: "lrrc_connection_establishment_failure_aborted",
    1053: "lrrc_connection_establishment_failure_access_barred",
    1054: "lrrc_connection_establishment_failure_cell_reselection",
    1055: "lrrc_connection_establishment_failure_config_failure",
    1056: "lrrc_connection_establishment_failure_timer_expired",
    1057: "lrrc_connection_establishment_failure_link_failure",
    1058: "lrrc_connection_establishment_failure_not_camped",
    1059: "lrrc_connection_establishment_failure_si_failure",
    1060: "lrrc_connection_establishment_failure_rejected",
    1061: "lrrc_connection_release_normal",
    1062: "lrrc_connection_release_rlf",
    1063: "lrrc_connection_release_cre_failure",
    1064: "lrrc_connection_release_oos_during_cre",
    1065: "lrrc_connection_release_aborted",
    1066: "lrrc_connection_release_sib_read_error",
    1067: "detach_with_reattach_lte_nw_detach",
    1068: "detach_without_reattach_lte_nw_detach",
    1069: "esm_proc_timeout",
    1070: "invalid_connection_id",
    1071: "invalid_nsapi",
    1072: "invalid_pri_nsapi",
    1073: "invalid_field",
    1074: "radio_access_bearer_setup_failure",
    1075: "pdp_establish_max_timeout",
    1076: "pdp_modify_max_timeout",
    1077: "pdp_inactive_max_timeout",
    1078: "pdp_lowerlayer_error",
    1079: "ppd_unknown_reason",
    1080: "pdp_modify_collision",
    1081: "pdp_mbms_request_collision",
    1082: "mbms_duplicate",
    1083: "sm_ps_detached",
    1084: "sm_no_radio_available",
    1085: "sm_abort_service_not_available",
    1086: "message_exceeds_max_l2_limit",
    1087: "sm_nas_service_request_failure",
    1088: "rrc_connection_establishment_failure_request_error",
    1089: "rrc_connection_establishment_failure_tai_change",
    1090: "rrc_connection_establishment_failure_rf_unavailable",
    1091: "rrc_connection_release_aborted_inter_rat_success",
    1092: "rrc_connection_release_rlf_sec_not_active",
    1093: "rrc_connection_release_inter_rat_to_lte_aborted",
    1094: "rrc_connection_release_inter_rat_from_lte_to_geran_cco_success",
    1095: "rrc_connection_release_inter_rat_from_lte_to_geran_cco_aborted",
    1096: "imsi_unknown_in_home_subscriber_server",
    1097: "imei_not_accepted",
    1098: "eps_services_and_non_eps_services_not_allowed",
    1099: "eps_services_not_allowed_in_plmn",
    1100: "msc_temporarily_not_reachable",
    1101: "cs_domain_not_available",
    1102: "esm_failure",
    1103: "mac_failure",
    1104: "synchronization_failure",
    1105: "ue_security_capabilities_mismatch",
    1106: "security_mode_reject_unspecified",
    1107: "non_eps_auth_unacceptable",
    1108: "cs_fallback_call_establishment_not_allowed",
    1109: "no_eps_bearer_context_activated",
    1110: "emm_invalid_state",
    1111: "nas_layer_failure",
    1112: "multi_pdn_not_allowed",
    1113: "embms_not_enabled",
    1114: "pending_redial_call_cleanup",
    1115: "embms_regular_deactivation",
    1116: "tlb_regular_deactivation",
    1117: "lower_layer_registration_failure",
    1118: "detach_eps_services_not_allowed",
    1119: "sm_internal_pdp_deactivation",
    2000: "client_end",
    2001: "no_service",
    2002: "fade",
    2003: "release_normal",
    2004: "access_attempt_in_progress",
    2005: "access_failure",
    2006: "redirection_or_handoff",
    2500: "offline",
    2501: "emergency_mode",
    2502: "phone_in_use",
    2503: "invalid_mode",
    2504: "invalid_sim_state",
    2505: "no_collocated_hdr",
    2506: "call_control_rejected",
    2507: "emm_detached_psm",
    2508: "dual_switch",
    2509: "call_manager",
    2510: "invalid_class3_apn",
    2511: "mplmn_in_progress",
}

# The network's session management cause.
_3GPP: dict[int, str] = {
    8: "operator_determined_barring",
    25: "llc_sndcp_failure",
    26: "insufficient_resources",
    27: "unknown_apn",
    28: "unknown_pdp",
    29: "authentication_failed",
    30: "ggsn_reject",
    31: "activation_reject",
    32: "option_not_supported",
    33: "option_unsubscribed",
    34: "option_temporarily_out_of_order",
    35: "nsapi_already_used",
    36: "regular_deactivation",
    37: "qos_not_accepted",
    38: "network_failure",
    39: "reattach_required",
    40: "feature_not_supported",
    41: "tft_semantic_error",
    42: "tft_syntax_error",
    43: "unknown_pdp_context",
    44: "filter_semantic_error",
    45: "filter_syntax_error",
    46: "pdp_without_active_tft",
    50: "ipv4_only_allowed",
    51: "ipv6_only_allowed",
    52: "single_address_bearer_only",
    53: "esm_info_not_received",
    54: "pdn_connection_does_not_exist",
    55: "multiple_connection_to_same_pdn_not_allowed",
    81: "invalid_transaction_id",
    95: "message_incorrect_semantic",
    96: "invalid_mandatory_info",
    97: "message_type_unsupported",
    98: "message_type_noncompatible_state",
    99: "unknown_info_element",
    100: "conditional_ie_error",
    101: "message_and_protocol_state_uncompatible",
    111: "protocol_error",
    112: "apn_type_conflict",
    113: "invalid_proxy_call_session_control_function_address",
    114: "internal_call_preempted_by_high_priority_apn",
    115: "emm_access_barred",
    116: "emergency_interface_only",
    117: "interface_mismatch",
    118: "companion_interface_in_use",
    119: "ip_address_mismatch",
    120: "interface_and_policy_family_mismatch",
    121: "emm_access_barred_infinite_retry",
    122: "authentication_failure_on_emergency_call",
    123: "invalid_dns_address",
    124: "invalid_proxy_call_session_control_function_dns_address",
    125: "test_loopback_mode_a_or_b_enabled",
    126: "emm_access_barred_eab",
    127: "call_preempted_by_emergency_apn",
    128: "ue_init_detach_or_disconnect",
}

_PPP: dict[int, str] = {
    -1: "unknown",
    1: "timeout",
    2: "authentication_failure",
    3: "option_mismatch",
    31: "pap_failure",
    32: "chap_failure",
    33: "close_in_progress",
}

_EHRPD: dict[int, str] = {
    1: "subscription_limited_to_ipv4",
    2: "subscription_limited_to_ipv6",
    4: "vsncp_timeout",
    5: "vsncp_failure",
    6: "vsncp_3gpp2_general_error",
    7: "vsncp_3gpp2_unauthenticated_apn",
    8: "vsncp_3gpp2_pdn_limit_exceeded",
    9: "vsncp_3gpp2_no_pdn_gateway",
    10: "vsncp_3gpp2_pdn_gateway_unreachable",
    11: "vsncp_3gpp2_pdn_gateway_rejected",
    12: "vsncp_3gpp2_insufficient_parameters",
    13: "vsncp_3gpp2_resource_unavailable",
    14: "vsncp_3gpp2_administratively_prohibited",
    15: "vsncp_3gpp2_pdn_id_in_use",
    16: "vsncp_3gpp2_subscription_limitation",
    17: "vsncp_3gpp2_pdn_exists_for_this_apn",
}

_IPV6: dict[int, str] = {
    1: "prefix_unavailable",
    2: "hrpd_ipv6_disabled",
    3: "disabled",
}

VERBOSE_REASONS: dict[int, dict[int, str]] = {
    TYPE_MIP: _MIP,
    TYPE_INTERNAL: _INTERNAL,
    TYPE_CM: _CM,
    TYPE_3GPP: _3GPP,
    TYPE_PPP: _PPP,
    TYPE_EHRPD: _EHRPD,
    TYPE_IPV6: _IPV6,
}

# --- Categories --------------------------------------------------------------

_PDP = FailureCategory.PDP_TYPE_REJECTED
_AUTH = FailureCategory.AUTH_FAILED
_APN = FailureCategory.UNKNOWN_APN
_SUBS = FailureCategory.NOT_SUBSCRIBED
_LATER = FailureCategory.TRANSIENT

_CALL_END_CATEGORY: dict[int, FailureCategory] = {
    3: _LATER,  # generic_no_service
    4: _LATER,  # generic_fade
    6: _LATER,  # generic_access_attempt_in_progress
    7: _LATER,  # generic_access_failure
    8: _LATER,  # generic_redirection_or_handoff
    10: _AUTH,  # generic_authentication_failed
    515: _LATER,  # cdma_no_service
    1002: _LATER,  # gsm_wcdma_no_service
    1005: _LATER,  # gsm_wcdma_insufficient_resources
    1006: _LATER,  # gsm_wcdma_option_temporarily_out_of_order
    1009: _LATER,  # gsm_wcdma_network_failure
    1010: _LATER,  # gsm_wcdma_reattach_required
    1012: _SUBS,  # gsm_wcdma_operator_determined_barring
    1013: _APN,  # gsm_wcdma_unknown_apn
    1014: _PDP,  # gsm_wcdma_unknown_pdp
    1018: _SUBS,  # gsm_wcdma_option_unsubscribed
    1501: _AUTH,  # evdo_connection_deny_billing_or_authentication_failure
}

_VERBOSE_CATEGORY: dict[tuple[int, int], FailureCategory] = {
    (TYPE_MIP, 67): _AUTH,  # fa_error_mobile_node_authentication_failure
    (TYPE_MIP, 131): _AUTH,  # ha_error_mobile_node_authentication_failure
    (TYPE_INTERNAL, 208): _PDP,  # pdn_ipv4_call_disallowed
    (TYPE_INTERNAL, 209): _LATER,  # pdn_ipv4_call_throttled
    (TYPE_INTERNAL, 210): _PDP,  # pdn_ipv6_call_disallowed
    (TYPE_INTERNAL, 211): _LATER,  # pdn_ipv6_call_throttled
    (TYPE_INTERNAL, 212): _LATER,  # modem_restart
    (TYPE_INTERNAL, 215): _LATER,  # physical_link_close_in_progress
    (TYPE_INTERNAL, 231): _PDP,  # ip_version_mismatch
    (TYPE_INTERNAL, 238): _PDP,  # ip_pdp_mismatch
    (TYPE_INTERNAL, 247): _APN,  # apn_format_invalid
    (TYPE_INTERNAL, 253): _APN,  # invalid_apn_name
    (TYPE_INTERNAL, 263): _APN,  # invalid_apn
    (TYPE_CM, 1015): _LATER,  # congestion
    (TYPE_CM, 2001): _LATER,  # no_service
    (TYPE_CM, 2002): _LATER,  # fade
    (TYPE_CM, 2005): _LATER,  # access_failure
    (TYPE_3GPP, 8): _SUBS,  # operator_determined_barring
    (TYPE_3GPP, 26): _LATER,  # insufficient_resources
    (TYPE_3GPP, 27): _APN,  # unknown_apn
    (TYPE_3GPP, 28): _PDP,  # unknown_pdp (unknown PDP address or PDP type)
    (TYPE_3GPP, 29): _AUTH,  # authentication_failed
    (TYPE_3GPP, 33): _SUBS,  # option_unsubscribed
    (TYPE_3GPP, 34): _LATER,  # option_temporarily_out_of_order
    (TYPE_3GPP, 38): _LATER,  # network_failure
    (TYPE_3GPP, 39): _LATER,  # reattach_required
    (TYPE_3GPP, 50): _PDP,  # ipv4_only_allowed
    (TYPE_3GPP, 51): _PDP,  # ipv6_only_allowed
    (TYPE_3GPP, 52): _PDP,  # single_address_bearer_only
    (TYPE_PPP, 2): _AUTH,  # authentication_failure
    (TYPE_PPP, 31): _AUTH,  # pap_failure
    (TYPE_PPP, 32): _AUTH,  # chap_failure
    (TYPE_EHRPD, 1): _PDP,  # subscription_limited_to_ipv4
    (TYPE_EHRPD, 2): _PDP,  # subscription_limited_to_ipv6
    (TYPE_IPV6, 2): _PDP,  # hrpd_ipv6_disabled
    (TYPE_IPV6, 3): _PDP,  # disabled
}

# --- What to tell the user -----------------------------------------------------
# ``{apn}`` becomes "APN 'x'" (or "the APN" when unknown); ``{reason}`` the names.

_CATEGORY_MEANING: dict[FailureCategory, str] = {
    _PDP: "the network refused the requested IP type on {apn}: check option pdptype",
    _AUTH: "the network refused the login for {apn}: check options username, password and auth",
    _APN: "the network does not know {apn}: check option apn",
    _SUBS: "the SIM's subscription does not allow {apn}: check option apn or ask the operator",
    _LATER: "temporary failure, retrying later may succeed: {reason}",
    FailureCategory.OTHER: "the data call failed: {reason}",
}

_ONLY_V4 = "the network allows only IPv4 on {apn}: set option pdptype to ip"
_ONLY_V6 = "the network allows only IPv6 on {apn}: set option pdptype to ipv6"
_REJECTED = (
    "the network rejected the data call on {apn} without a specific cause: "
    "check options apn, username, password and pdptype"
)

_VERBOSE_MEANING: dict[tuple[int, int], str] = {
    (TYPE_INTERNAL, 208): "the modem does not allow IPv4 on {apn}: set option pdptype to ipv6",
    (TYPE_INTERNAL, 210): "the modem does not allow IPv6 on {apn}: set option pdptype to ip",
    (TYPE_INTERNAL, 209): "the modem is holding back IPv4 calls after failures: retry later",
    (TYPE_INTERNAL, 211): "the modem is holding back IPv6 calls after failures: retry later",
    (TYPE_INTERNAL, 247): "the modem refused {apn} as malformed: check option apn",
    (TYPE_INTERNAL, 253): "the modem refused {apn} as invalid: check option apn",
    (TYPE_INTERNAL, 263): "the modem refused {apn} as invalid: check option apn",
    (TYPE_3GPP, 8): "the operator has barred data for this SIM: ask the operator",
    (TYPE_3GPP, 30): _REJECTED,
    (TYPE_3GPP, 31): _REJECTED,
    (TYPE_3GPP, 50): _ONLY_V4,
    (TYPE_3GPP, 51): _ONLY_V6,
    (TYPE_3GPP, 52): (
        "the network allows only one IP version at a time on {apn}: "
        "set option pdptype to ip or ipv6"
    ),
    (TYPE_EHRPD, 1): "the subscription allows only IPv4: set option pdptype to ip",
    (TYPE_EHRPD, 2): "the subscription allows only IPv6: set option pdptype to ipv6",
    (TYPE_IPV6, 2): "IPv6 is disabled: set option pdptype to ip",
    (TYPE_IPV6, 3): "IPv6 is disabled: set option pdptype to ip",
}

_CALL_END_MEANING: dict[int, str] = {
    1012: "the operator has barred data for this SIM: ask the operator",
    1015: _REJECTED,
    1016: _REJECTED,
}

_NO_REASON = "the data call failed and the modem gave no reason"

# PDP type rejections that say which IP version the network would accept.
_ALLOWED_FAMILY: dict[tuple[int, int], int] = {
    (TYPE_3GPP, 50): 4,  # ipv4_only_allowed
    (TYPE_3GPP, 51): 6,  # ipv6_only_allowed
    (TYPE_EHRPD, 1): 4,  # subscription_limited_to_ipv4
    (TYPE_EHRPD, 2): 6,  # subscription_limited_to_ipv6
    (TYPE_IPV6, 2): 4,  # hrpd_ipv6_disabled
    (TYPE_IPV6, 3): 4,  # disabled
}


# --- Names ---------------------------------------------------------------------


def call_end_reason_name(reason: int) -> str:
    """The name of a TLV 0x10 value, or ``unknown_<n>`` when unknown."""
    return CALL_END_REASONS.get(reason, f"unknown_{reason}")


def verbose_type_name(verbose_type: int) -> str:
    """The name of a verbose reason type, or ``unknown_type_<n>`` when unknown."""
    return VERBOSE_TYPES.get(verbose_type, f"unknown_type_{verbose_type}")


def verbose_reason_name(verbose_type: int, reason: int) -> str:
    """The name of a verbose reason within its type, e.g. ``unknown_apn``.

    Unknown numbers give ``unknown_<n>``.
    """
    return VERBOSE_REASONS.get(verbose_type, {}).get(reason, f"unknown_{reason}")


_CALL_END_BY_NAME = {name: value for value, name in CALL_END_REASONS.items()}
_TYPE_BY_NAME = {name: value for value, name in VERBOSE_TYPES.items()}


# --- The result ----------------------------------------------------------------


@dataclass(frozen=True)
class CallFailure:
    """A decoded call failure: names, a category and advice for the user."""

    category: FailureCategory
    meaning: str
    call_end_reason: int | None = None
    call_end_reason_name: str | None = None
    verbose_type: int | None = None
    verbose_type_name: str | None = None
    verbose_reason: int | None = None
    verbose_reason_name: str | None = None
    # For PDP type rejections: the only IP version (4 or 6) the network accepts,
    # when it says so (3GPP 50/51); None otherwise.
    allowed_family: int | None = None

    @property
    def reason(self) -> str:
        """The raw reasons in short form, e.g. ``3gpp:unknown_apn (27)``."""
        parts: list[str] = []
        if self.verbose_type is not None and self.verbose_reason is not None:
            parts.append(
                f"{self.verbose_type_name}:{self.verbose_reason_name} ({self.verbose_reason})"
            )
        if self.call_end_reason is not None:
            parts.append(f"{self.call_end_reason_name} ({self.call_end_reason})")
        return ", ".join(parts) or "no reason given"

    def __str__(self) -> str:
        if self.reason in self.meaning:
            return self.meaning
        return f"{self.meaning} [{self.reason}]"


def _apn_phrase(apn: str | None) -> str:
    if apn is None:
        return "the APN"
    if apn == "":
        return "the empty APN (the modem's default)"
    return f"APN {apn!r}"


def classify(
    call_end_reason: int | None,
    verbose_type: int | None,
    verbose_reason: int | None,
    *,
    apn: str | None = None,
) -> CallFailure:
    """Decode the call end reason TLVs (any may be missing) into a ``CallFailure``.

    ``apn`` is only used to word the advice.
    """
    verbose: tuple[int, int] | None = None
    if verbose_type is not None and verbose_reason is not None:
        verbose = (verbose_type, verbose_reason)

    by_verbose = _VERBOSE_CATEGORY.get(verbose) if verbose else None
    by_call_end = None if call_end_reason is None else _CALL_END_CATEGORY.get(call_end_reason)
    verbose_text = _VERBOSE_MEANING.get(verbose) if verbose else None
    call_end_text = None if call_end_reason is None else _CALL_END_MEANING.get(call_end_reason)
    category = by_verbose or by_call_end or FailureCategory.OTHER
    if by_verbose is not None:
        template = verbose_text
    elif by_call_end is not None:
        template = call_end_text
    else:
        template = verbose_text or call_end_text

    failure = CallFailure(
        category=category,
        meaning="",
        call_end_reason=call_end_reason,
        call_end_reason_name=(
            None if call_end_reason is None else call_end_reason_name(call_end_reason)
        ),
        verbose_type=verbose_type,
        verbose_type_name=None if verbose_type is None else verbose_type_name(verbose_type),
        verbose_reason=verbose_reason,
        verbose_reason_name=(
            None if verbose is None else verbose_reason_name(verbose[0], verbose[1])
        ),
    )
    if template is None:
        nothing = call_end_reason is None and verbose is None
        template = _NO_REASON if nothing else _CATEGORY_MEANING[category]
    meaning = template.format(apn=_apn_phrase(apn), reason=failure.reason)
    allowed = _ALLOWED_FAMILY.get(verbose) if verbose else None
    return dataclasses.replace(failure, meaning=meaning, allowed_family=allowed)


# --- From decoded messages ----------------------------------------------------


def _as_number(value: Any, by_name: Mapping[str, int]) -> int | None:
    """A decoded enum value (its name, or the bare number when unnamed) as a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return by_name.get(value)
    return None


def classify_message(message: Message, *, apn: str | None = None) -> CallFailure:
    """Classify a decoded Start Network response or Packet Service Status indication.

    Call it when the message reports a failure or a disconnection; TLVs that are
    missing or failed to parse count as "no reason given".
    """
    call_end = _as_number(message.values.get("call_end_reason"), _CALL_END_BY_NAME)
    verbose_type: int | None = None
    verbose_reason: int | None = None
    verbose = message.values.get("verbose_call_end_reason")
    if isinstance(verbose, Mapping):
        verbose_type = _as_number(verbose.get("type"), _TYPE_BY_NAME)
        reason = verbose.get("reason")
        if isinstance(reason, int) and not isinstance(reason, bool):
            verbose_reason = reason
    return classify(call_end, verbose_type, verbose_reason, apn=apn)
