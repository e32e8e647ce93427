"""WDS messages, typed: generated from pyqmi.qmi.catalog.wds.

Do not edit: change the catalog, then run ``python -m pyqmi.qmi.typegen``
(a test fails while this file is stale).  Design: ``pyqmi.qmi.typed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyqmi.qmi.catalog import wds as _catalog
from pyqmi.qmi.typed.base import EnumTables, Struct, WireEnum, lazy_enums
from pyqmi.qmi.typed.messages import Indication as _Indication
from pyqmi.qmi.typed.messages import Request as _Request
from pyqmi.qmi.typed.messages import Response as _Response

if TYPE_CHECKING:

    class Authentication(WireEnum):
        none = 0
        pap = 1
        chap = 2
        both = 3

    class IpFamily(WireEnum):
        unknown = 0
        ipv4 = 4
        ipv6 = 6
        unspecified = 8
        ethernet = 12

    class TechnologyPreference(WireEnum):
        _3gpp = 1
        _3gpp2 = 2
        both = 3

    class ExtendedTechnologyPreference(WireEnum):
        cdma = 32769
        umts = 32772
        epc = 34944
        embms = 34946
        modem_link_local = 34952

    class CallType(WireEnum):
        laptop = 0
        embedded = 1

    class CallEndReason(WireEnum):
        generic_unspecified = 1
        generic_client_end = 2
        generic_no_service = 3
        generic_fade = 4
        generic_release_normal = 5
        generic_access_attempt_in_progress = 6
        generic_access_failure = 7
        generic_redirection_or_handoff = 8
        generic_close_in_progress = 9
        generic_authentication_failed = 10
        generic_internal_error = 11
        cdma_lock = 500
        cdma_intercept = 501
        cdma_reorder = 502
        cdma_release_so_reject = 503
        cdma_incoming_call = 504
        cdma_alert_stop = 505
        cdma_activation = 506
        cdma_max_access_probes = 507
        cdma_ccs_not_supported_by_bs = 508
        cdma_no_response_from_bs = 509
        cdma_rejected_by_bs = 510
        cdma_incompatible = 511
        cdma_already_in_tc = 512
        cdma_user_call_originated_during_gps = 513
        cdma_user_call_originated_during_sms = 514
        cdma_no_service = 515
        gsm_wcdma_conference_failed = 1000
        gsm_wcdma_incoming_rejected = 1001
        gsm_wcdma_no_service = 1002
        gsm_wcdma_network_end = 1003
        gsm_wcdma_llc_sndcp_failure = 1004
        gsm_wcdma_insufficient_resources = 1005
        gsm_wcdma_option_temporarily_out_of_order = 1006
        gsm_wcdma_nsapi_already_used = 1007
        gsm_wcdma_regular_deactivation = 1008
        gsm_wcdma_network_failure = 1009
        gsm_wcdma_reattach_required = 1010
        gsm_wcdma_protocol_error = 1011
        gsm_wcdma_operator_determined_barring = 1012
        gsm_wcdma_unknown_apn = 1013
        gsm_wcdma_unknown_pdp = 1014
        gsm_wcdma_ggsn_reject = 1015
        gsm_wcdma_activation_reject = 1016
        gsm_wcdma_option_not_supported = 1017
        gsm_wcdma_option_unsubscribed = 1018
        gsm_wcdma_qos_not_accepted = 1019
        gsm_wcdma_tft_semantic_error = 1020
        gsm_wcdma_tft_syntax_error = 1021
        gsm_wcdma_unknown_pdp_context = 1022
        gsm_wcdma_filter_semantic_error = 1023
        gsm_wcdma_filter_syntax_error = 1024
        gsm_wcdma_pdp_without_active_tft = 1025
        gsm_wcdma_invalid_transaction_id = 1026
        gsm_wcdma_message_incorrect_semantic = 1027
        gsm_wcdma_invalid_mandatory_info = 1028
        gsm_wcdma_message_type_unsupported = 1029
        gsm_wcdma_message_type_noncompatible_state = 1030
        gsm_wcdma_unknown_info_element = 1031
        gsm_wcdma_conditional_ie_error = 1032
        gsm_wcdma_message_and_protocol_state_uncompatible = 1033
        gsm_wcdma_apn_type_conflict = 1034
        gsm_wcdma_no_gprs_context = 1035
        gsm_wcdma_feature_not_supported = 1036
        evdo_connection_deny_general_or_busy = 1500
        evdo_connection_deny_billing_or_authentication_failure = 1501
        evdo_hdr_change = 1502
        evdo_hdr_exit = 1503
        evdo_hdr_no_session = 1504
        evdo_hdr_origination_during_gps_fix = 1505
        evdo_hdr_connection_setup_timeout = 1506
        evdo_hdr_released_by_cm = 1507

    class VerboseCallEndReasonType(WireEnum):
        mip = 1
        internal = 2
        cm = 3
        _3gpp = 6
        ppp = 7
        ehrpd = 8
        ipv6 = 9

    class ConnectionStatus(WireEnum):
        unknown = 0
        disconnected = 1
        connected = 2
        suspended = 3
        authenticating = 4

    class ProfileType(WireEnum):
        _3gpp = 0
        _3gpp2 = 1
        epc = 2
        all = 255

    class PdpKind(WireEnum):
        ipv4 = 0
        ppp = 1
        ipv6 = 2
        ipv4_or_ipv6 = 3
        non_ip = 4

    class PdpHeaderCompression(WireEnum):
        off = 0
        manufacturer_preferred = 1
        rfc1144 = 2
        rfc2507 = 3
        rfc3095 = 4

    class PdpDataCompression(WireEnum):
        off = 0
        manufacturer_preferred = 1
        v42bis = 2
        v44 = 3

    class PdpAccessControl(WireEnum):
        none = 0
        reject = 1
        permission = 2

    class AddressAllocationPreference(WireEnum):
        nas = 0
        dhcp = 1

    class ProfileError(WireEnum):
        unknown = 0
        fail = 1
        invalid_handle = 2
        invalid_operation = 3
        invalid_profile_type = 4
        invalid_profile_number = 5
        invalid_profile_id = 6
        invalid_argument = 7
        registry_not_initialized = 8
        invalid_parameter_length = 9
        list_end = 10
        invalid_subscription_id = 11
        invalid_profile_family = 12
        _3gpp_invalid_profile_family = 1001
        _3gpp_access_error = 1002
        _3gpp_context_not_defined = 1003
        _3gpp_valid_flag_not_set = 1004
        _3gpp_read_only_flag_set = 1005
        _3gpp_out_of_profiles = 1006
        _3gpp2_invalid_profile_id = 1101

else:
    _ENUMS: EnumTables = {
        "Authentication": (
            WireEnum,
            {
                "none": 0,
                "pap": 1,
                "chap": 2,
                "both": 3,
            },
        ),
        "IpFamily": (
            WireEnum,
            {
                "unknown": 0,
                "ipv4": 4,
                "ipv6": 6,
                "unspecified": 8,
                "ethernet": 12,
            },
        ),
        "TechnologyPreference": (
            WireEnum,
            {
                "_3gpp": 1,
                "_3gpp2": 2,
                "both": 3,
            },
        ),
        "ExtendedTechnologyPreference": (
            WireEnum,
            {
                "cdma": 32769,
                "umts": 32772,
                "epc": 34944,
                "embms": 34946,
                "modem_link_local": 34952,
            },
        ),
        "CallType": (
            WireEnum,
            {
                "laptop": 0,
                "embedded": 1,
            },
        ),
        "CallEndReason": (
            WireEnum,
            {
                "generic_unspecified": 1,
                "generic_client_end": 2,
                "generic_no_service": 3,
                "generic_fade": 4,
                "generic_release_normal": 5,
                "generic_access_attempt_in_progress": 6,
                "generic_access_failure": 7,
                "generic_redirection_or_handoff": 8,
                "generic_close_in_progress": 9,
                "generic_authentication_failed": 10,
                "generic_internal_error": 11,
                "cdma_lock": 500,
                "cdma_intercept": 501,
                "cdma_reorder": 502,
                "cdma_release_so_reject": 503,
                "cdma_incoming_call": 504,
                "cdma_alert_stop": 505,
                "cdma_activation": 506,
                "cdma_max_access_probes": 507,
                "cdma_ccs_not_supported_by_bs": 508,
                "cdma_no_response_from_bs": 509,
                "cdma_rejected_by_bs": 510,
                "cdma_incompatible": 511,
                "cdma_already_in_tc": 512,
                "cdma_user_call_originated_during_gps": 513,
                "cdma_user_call_originated_during_sms": 514,
                "cdma_no_service": 515,
                "gsm_wcdma_conference_failed": 1000,
                "gsm_wcdma_incoming_rejected": 1001,
                "gsm_wcdma_no_service": 1002,
                "gsm_wcdma_network_end": 1003,
                "gsm_wcdma_llc_sndcp_failure": 1004,
                "gsm_wcdma_insufficient_resources": 1005,
                "gsm_wcdma_option_temporarily_out_of_order": 1006,
                "gsm_wcdma_nsapi_already_used": 1007,
                "gsm_wcdma_regular_deactivation": 1008,
                "gsm_wcdma_network_failure": 1009,
                "gsm_wcdma_reattach_required": 1010,
                "gsm_wcdma_protocol_error": 1011,
                "gsm_wcdma_operator_determined_barring": 1012,
                "gsm_wcdma_unknown_apn": 1013,
                "gsm_wcdma_unknown_pdp": 1014,
                "gsm_wcdma_ggsn_reject": 1015,
                "gsm_wcdma_activation_reject": 1016,
                "gsm_wcdma_option_not_supported": 1017,
                "gsm_wcdma_option_unsubscribed": 1018,
                "gsm_wcdma_qos_not_accepted": 1019,
                "gsm_wcdma_tft_semantic_error": 1020,
                "gsm_wcdma_tft_syntax_error": 1021,
                "gsm_wcdma_unknown_pdp_context": 1022,
                "gsm_wcdma_filter_semantic_error": 1023,
                "gsm_wcdma_filter_syntax_error": 1024,
                "gsm_wcdma_pdp_without_active_tft": 1025,
                "gsm_wcdma_invalid_transaction_id": 1026,
                "gsm_wcdma_message_incorrect_semantic": 1027,
                "gsm_wcdma_invalid_mandatory_info": 1028,
                "gsm_wcdma_message_type_unsupported": 1029,
                "gsm_wcdma_message_type_noncompatible_state": 1030,
                "gsm_wcdma_unknown_info_element": 1031,
                "gsm_wcdma_conditional_ie_error": 1032,
                "gsm_wcdma_message_and_protocol_state_uncompatible": 1033,
                "gsm_wcdma_apn_type_conflict": 1034,
                "gsm_wcdma_no_gprs_context": 1035,
                "gsm_wcdma_feature_not_supported": 1036,
                "evdo_connection_deny_general_or_busy": 1500,
                "evdo_connection_deny_billing_or_authentication_failure": 1501,
                "evdo_hdr_change": 1502,
                "evdo_hdr_exit": 1503,
                "evdo_hdr_no_session": 1504,
                "evdo_hdr_origination_during_gps_fix": 1505,
                "evdo_hdr_connection_setup_timeout": 1506,
                "evdo_hdr_released_by_cm": 1507,
            },
        ),
        "VerboseCallEndReasonType": (
            WireEnum,
            {
                "mip": 1,
                "internal": 2,
                "cm": 3,
                "_3gpp": 6,
                "ppp": 7,
                "ehrpd": 8,
                "ipv6": 9,
            },
        ),
        "ConnectionStatus": (
            WireEnum,
            {
                "unknown": 0,
                "disconnected": 1,
                "connected": 2,
                "suspended": 3,
                "authenticating": 4,
            },
        ),
        "ProfileType": (
            WireEnum,
            {
                "_3gpp": 0,
                "_3gpp2": 1,
                "epc": 2,
                "all": 255,
            },
        ),
        "PdpKind": (
            WireEnum,
            {
                "ipv4": 0,
                "ppp": 1,
                "ipv6": 2,
                "ipv4_or_ipv6": 3,
                "non_ip": 4,
            },
        ),
        "PdpHeaderCompression": (
            WireEnum,
            {
                "off": 0,
                "manufacturer_preferred": 1,
                "rfc1144": 2,
                "rfc2507": 3,
                "rfc3095": 4,
            },
        ),
        "PdpDataCompression": (
            WireEnum,
            {
                "off": 0,
                "manufacturer_preferred": 1,
                "v42bis": 2,
                "v44": 3,
            },
        ),
        "PdpAccessControl": (
            WireEnum,
            {
                "none": 0,
                "reject": 1,
                "permission": 2,
            },
        ),
        "AddressAllocationPreference": (
            WireEnum,
            {
                "nas": 0,
                "dhcp": 1,
            },
        ),
        "ProfileError": (
            WireEnum,
            {
                "unknown": 0,
                "fail": 1,
                "invalid_handle": 2,
                "invalid_operation": 3,
                "invalid_profile_type": 4,
                "invalid_profile_number": 5,
                "invalid_profile_id": 6,
                "invalid_argument": 7,
                "registry_not_initialized": 8,
                "invalid_parameter_length": 9,
                "list_end": 10,
                "invalid_subscription_id": 11,
                "invalid_profile_family": 12,
                "_3gpp_invalid_profile_family": 1001,
                "_3gpp_access_error": 1002,
                "_3gpp_context_not_defined": 1003,
                "_3gpp_valid_flag_not_set": 1004,
                "_3gpp_read_only_flag_set": 1005,
                "_3gpp_out_of_profiles": 1006,
                "_3gpp2_invalid_profile_id": 1101,
            },
        ),
    }
    __getattr__ = lazy_enums(globals(), _ENUMS)


class VerboseCallEndReason(Struct):
    type: VerboseCallEndReasonType | int
    reason: int
    _conv_ = {"type": "VerboseCallEndReasonType"}


class PacketServiceStatus(Struct):
    status: ConnectionStatus | int
    reconfiguration_required: bool
    _conv_ = {"status": "ConnectionStatus"}


class UmtsQos(Struct):
    traffic_class: int
    max_uplink_bitrate: int
    max_downlink_bitrate: int
    guaranteed_uplink_bitrate: int
    guaranteed_downlink_bitrate: int
    delivery_order: int
    max_sdu_size: int
    sdu_error_ratio: int
    residual_bit_error_ratio: int
    delivery_erroneous_sdu: int
    transfer_delay: int
    traffic_handling_priority: int


class GprsQos(Struct):
    precedence_class: int
    delay_class: int
    reliability_class: int
    peak_throughput_class: int
    mean_throughput_class: int


class UmtsQosSignaling(Struct):
    traffic_class: int
    max_uplink_bitrate: int
    max_downlink_bitrate: int
    guaranteed_uplink_bitrate: int
    guaranteed_downlink_bitrate: int
    delivery_order: int
    max_sdu_size: int
    sdu_error_ratio: int
    residual_bit_error_ratio: int
    delivery_erroneous_sdu: int
    transfer_delay: int
    traffic_handling_priority: int
    signaling_indication: int


class LteQos(Struct):
    qci: int
    guaranteed_downlink_bitrate: int
    max_downlink_bitrate: int
    guaranteed_uplink_bitrate: int
    max_uplink_bitrate: int


class VlanIdRange(Struct):
    start: int
    end: int


class ProfileId(Struct):
    profile_type: ProfileType | int
    profile_index: int
    _conv_ = {"profile_type": "ProfileType"}


class Profile(Struct):
    profile_type: ProfileType | int
    profile_index: int
    profile_name: str
    _conv_ = {"profile_type": "ProfileType"}


class Ipv6WithPrefix(Struct):
    address: str
    prefix_length: int


class OperatorReservedPco(Struct):
    mcc: int
    mnc: int
    mnc_includes_pcs_digit: bool
    app_specific_info: tuple[int, ...]
    container_id: int
    _conv_ = {"app_specific_info": (None,)}


class StartNetwork:
    """WDS Start Network (0x0020)."""

    class Response(_Response):
        _definition_ = _catalog.START_NETWORK
        packet_data_handle: int | None = None
        call_end_reason: CallEndReason | int | None = None
        verbose_call_end_reason: VerboseCallEndReason | None = None
        _conv_ = {
            "call_end_reason": "CallEndReason",
            "verbose_call_end_reason": "VerboseCallEndReason",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.START_NETWORK
        primary_ipv4_dns_preference: str | None = None
        secondary_ipv4_dns_preference: str | None = None
        primary_nbns_preference: str | None = None
        secondary_nbns_preference: str | None = None
        apn: str | None = None
        ipv4_address_preference: str | None = None
        authentication_preference: Authentication | int | None = None
        username: str | None = None
        password: str | None = None
        ip_family_preference: IpFamily | int | None = None
        technology_preference: TechnologyPreference | int | None = None
        profile_index_3gpp: int | None = None
        profile_index_3gpp2: int | None = None
        enable_autoconnect: bool | None = None
        extended_technology_preference: ExtendedTechnologyPreference | int | None = None
        call_type: CallType | int | None = None
        _conv_ = {
            "authentication_preference": "Authentication",
            "ip_family_preference": "IpFamily",
            "technology_preference": "TechnologyPreference",
            "extended_technology_preference": "ExtendedTechnologyPreference",
            "call_type": "CallType",
        }


class StopNetwork:
    """WDS Stop Network (0x0021)."""

    class Response(_Response):
        _definition_ = _catalog.STOP_NETWORK

    class Request(_Request[Response]):
        _definition_ = _catalog.STOP_NETWORK
        packet_data_handle: int | None = None
        disable_autoconnect: bool | None = None


class GetPacketServiceStatus:
    """WDS Packet Service Status (0x0022)."""

    class Response(_Response):
        _definition_ = _catalog.GET_PACKET_SERVICE_STATUS
        connection_status: ConnectionStatus | int | None = None
        _conv_ = {"connection_status": "ConnectionStatus"}

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_PACKET_SERVICE_STATUS

    class Indication(_Indication):
        _definition_ = _catalog.GET_PACKET_SERVICE_STATUS
        connection_status: PacketServiceStatus | None = None
        call_end_reason: CallEndReason | int | None = None
        verbose_call_end_reason: VerboseCallEndReason | None = None
        ip_family: IpFamily | int | None = None
        bearer_id: int | None = None
        xlat_capability: bool | None = None
        extended_technology_preference: ExtendedTechnologyPreference | int | None = None
        _conv_ = {
            "connection_status": "PacketServiceStatus",
            "call_end_reason": "CallEndReason",
            "verbose_call_end_reason": "VerboseCallEndReason",
            "ip_family": "IpFamily",
            "extended_technology_preference": "ExtendedTechnologyPreference",
        }


class CreateProfile:
    """WDS Create Profile (0x0027)."""

    class Response(_Response):
        _definition_ = _catalog.CREATE_PROFILE
        profile_id: ProfileId | None = None
        extended_error: ProfileError | int | None = None
        _conv_ = {"profile_id": "ProfileId", "extended_error": "ProfileError"}

    class Request(_Request[Response]):
        _definition_ = _catalog.CREATE_PROFILE
        profile_type: ProfileType | int | None = None
        profile_name: str | None = None
        pdp_type: PdpKind | int | None = None
        pdp_header_compression: PdpHeaderCompression | int | None = None
        pdp_data_compression: PdpDataCompression | int | None = None
        apn: str | None = None
        primary_ipv4_dns: str | None = None
        secondary_ipv4_dns: str | None = None
        umts_requested_qos: UmtsQos | None = None
        umts_minimum_qos: UmtsQos | None = None
        gprs_requested_qos: GprsQos | None = None
        gprs_minimum_qos: GprsQos | None = None
        username: str | None = None
        password: str | None = None
        authentication: Authentication | int | None = None
        ipv4_address_preference: str | None = None
        pcscf_address_using_pco: bool | None = None
        pdp_access_control: PdpAccessControl | int | None = None
        pcscf_address_using_dhcp: bool | None = None
        imcn_flag: bool | None = None
        pdp_context_number: int | None = None
        pdp_context_secondary: bool | None = None
        pdp_context_primary_id: int | None = None
        ipv6_address_preference: str | None = None
        umts_requested_qos_with_signaling: UmtsQosSignaling | None = None
        umts_minimum_qos_with_signaling: UmtsQosSignaling | None = None
        primary_ipv6_dns: str | None = None
        secondary_ipv6_dns: str | None = None
        address_allocation_preference: AddressAllocationPreference | int | None = None
        lte_qos: LteQos | None = None
        apn_disabled: bool | None = None
        roaming_disallowed: bool | None = None
        vlan_id_range: VlanIdRange | None = None
        apn_type_mask: int | None = None
        _conv_ = {
            "profile_type": "ProfileType",
            "pdp_type": "PdpKind",
            "pdp_header_compression": "PdpHeaderCompression",
            "pdp_data_compression": "PdpDataCompression",
            "umts_requested_qos": "UmtsQos",
            "umts_minimum_qos": "UmtsQos",
            "gprs_requested_qos": "GprsQos",
            "gprs_minimum_qos": "GprsQos",
            "authentication": "Authentication",
            "pdp_access_control": "PdpAccessControl",
            "umts_requested_qos_with_signaling": "UmtsQosSignaling",
            "umts_minimum_qos_with_signaling": "UmtsQosSignaling",
            "address_allocation_preference": "AddressAllocationPreference",
            "lte_qos": "LteQos",
            "vlan_id_range": "VlanIdRange",
        }


class ModifyProfile:
    """WDS Modify Profile (0x0028)."""

    class Response(_Response):
        _definition_ = _catalog.MODIFY_PROFILE
        extended_error: ProfileError | int | None = None
        _conv_ = {"extended_error": "ProfileError"}

    class Request(_Request[Response]):
        _definition_ = _catalog.MODIFY_PROFILE
        profile_id: ProfileId | None = None
        profile_name: str | None = None
        pdp_type: PdpKind | int | None = None
        pdp_header_compression: PdpHeaderCompression | int | None = None
        pdp_data_compression: PdpDataCompression | int | None = None
        apn: str | None = None
        primary_ipv4_dns: str | None = None
        secondary_ipv4_dns: str | None = None
        umts_requested_qos: UmtsQos | None = None
        umts_minimum_qos: UmtsQos | None = None
        gprs_requested_qos: GprsQos | None = None
        gprs_minimum_qos: GprsQos | None = None
        username: str | None = None
        password: str | None = None
        authentication: Authentication | int | None = None
        ipv4_address_preference: str | None = None
        pcscf_address_using_pco: bool | None = None
        pdp_access_control: PdpAccessControl | int | None = None
        pcscf_address_using_dhcp: bool | None = None
        imcn_flag: bool | None = None
        pdp_context_number: int | None = None
        pdp_context_secondary: bool | None = None
        pdp_context_primary_id: int | None = None
        ipv6_address_preference: str | None = None
        umts_requested_qos_with_signaling: UmtsQosSignaling | None = None
        umts_minimum_qos_with_signaling: UmtsQosSignaling | None = None
        primary_ipv6_dns: str | None = None
        secondary_ipv6_dns: str | None = None
        address_allocation_preference: AddressAllocationPreference | int | None = None
        lte_qos: LteQos | None = None
        apn_disabled: bool | None = None
        roaming_disallowed: bool | None = None
        vlan_id_range: VlanIdRange | None = None
        apn_type_mask: int | None = None
        clat_enabled: bool | None = None
        ipv6_prefix_delegation: bool | None = None
        _conv_ = {
            "profile_id": "ProfileId",
            "pdp_type": "PdpKind",
            "pdp_header_compression": "PdpHeaderCompression",
            "pdp_data_compression": "PdpDataCompression",
            "umts_requested_qos": "UmtsQos",
            "umts_minimum_qos": "UmtsQos",
            "gprs_requested_qos": "GprsQos",
            "gprs_minimum_qos": "GprsQos",
            "authentication": "Authentication",
            "pdp_access_control": "PdpAccessControl",
            "umts_requested_qos_with_signaling": "UmtsQosSignaling",
            "umts_minimum_qos_with_signaling": "UmtsQosSignaling",
            "address_allocation_preference": "AddressAllocationPreference",
            "lte_qos": "LteQos",
            "vlan_id_range": "VlanIdRange",
        }


class GetProfileList:
    """WDS Get Profile List (0x002a)."""

    class Response(_Response):
        _definition_ = _catalog.GET_PROFILE_LIST
        profiles: tuple[Profile, ...] | None = None
        extended_error: ProfileError | int | None = None
        _conv_ = {"profiles": ("Profile",), "extended_error": "ProfileError"}

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_PROFILE_LIST
        profile_type: ProfileType | int | None = None
        _conv_ = {"profile_type": "ProfileType"}


class GetProfileSettings:
    """WDS Get Profile Settings (0x002b)."""

    class Response(_Response):
        _definition_ = _catalog.GET_PROFILE_SETTINGS
        profile_name: str | None = None
        pdp_type: PdpKind | int | None = None
        pdp_header_compression: PdpHeaderCompression | int | None = None
        pdp_data_compression: PdpDataCompression | int | None = None
        apn: str | None = None
        primary_ipv4_dns: str | None = None
        secondary_ipv4_dns: str | None = None
        umts_requested_qos: UmtsQos | None = None
        umts_minimum_qos: UmtsQos | None = None
        gprs_requested_qos: GprsQos | None = None
        gprs_minimum_qos: GprsQos | None = None
        username: str | None = None
        password: str | None = None
        authentication: Authentication | int | None = None
        ipv4_address_preference: str | None = None
        pcscf_address_using_pco: bool | None = None
        pdp_access_control: PdpAccessControl | int | None = None
        pcscf_address_using_dhcp: bool | None = None
        imcn_flag: bool | None = None
        pdp_context_number: int | None = None
        pdp_context_secondary: bool | None = None
        pdp_context_primary_id: int | None = None
        ipv6_address_preference: str | None = None
        umts_requested_qos_with_signaling: UmtsQosSignaling | None = None
        umts_minimum_qos_with_signaling: UmtsQosSignaling | None = None
        primary_ipv6_dns: str | None = None
        secondary_ipv6_dns: str | None = None
        address_allocation_preference: AddressAllocationPreference | int | None = None
        lte_qos: LteQos | None = None
        apn_disabled: bool | None = None
        roaming_disallowed: bool | None = None
        vlan_id_range: VlanIdRange | None = None
        apn_type_mask: int | None = None
        clat_enabled: bool | None = None
        ipv6_prefix_delegation: bool | None = None
        extended_error: ProfileError | int | None = None
        _conv_ = {
            "pdp_type": "PdpKind",
            "pdp_header_compression": "PdpHeaderCompression",
            "pdp_data_compression": "PdpDataCompression",
            "umts_requested_qos": "UmtsQos",
            "umts_minimum_qos": "UmtsQos",
            "gprs_requested_qos": "GprsQos",
            "gprs_minimum_qos": "GprsQos",
            "authentication": "Authentication",
            "pdp_access_control": "PdpAccessControl",
            "umts_requested_qos_with_signaling": "UmtsQosSignaling",
            "umts_minimum_qos_with_signaling": "UmtsQosSignaling",
            "address_allocation_preference": "AddressAllocationPreference",
            "lte_qos": "LteQos",
            "vlan_id_range": "VlanIdRange",
            "extended_error": "ProfileError",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_PROFILE_SETTINGS
        profile_id: ProfileId | None = None
        _conv_ = {"profile_id": "ProfileId"}


class GetCurrentSettings:
    """WDS Get Current Settings (0x002d)."""

    class Response(_Response):
        _definition_ = _catalog.GET_CURRENT_SETTINGS
        profile_name: str | None = None
        pdp_type: PdpKind | int | None = None
        apn: str | None = None
        primary_ipv4_dns: str | None = None
        secondary_ipv4_dns: str | None = None
        umts_granted_qos: UmtsQos | None = None
        gprs_granted_qos: GprsQos | None = None
        username: str | None = None
        authentication: Authentication | int | None = None
        ipv4_address: str | None = None
        profile_id: ProfileId | None = None
        ipv4_gateway: str | None = None
        ipv4_subnet_mask: str | None = None
        pcscf_address_using_pco: int | None = None
        pcscf_server_addresses: tuple[str, ...] | None = None
        pcscf_domain_names: tuple[str, ...] | None = None
        ipv6_address: Ipv6WithPrefix | None = None
        ipv6_gateway: Ipv6WithPrefix | None = None
        primary_ipv6_dns: str | None = None
        secondary_ipv6_dns: str | None = None
        mtu: int | None = None
        domain_names: tuple[str, ...] | None = None
        ip_family: IpFamily | int | None = None
        imcn_flag: int | None = None
        extended_technology_preference: ExtendedTechnologyPreference | int | None = None
        operator_reserved_pco: OperatorReservedPco | None = None
        _conv_ = {
            "pdp_type": "PdpKind",
            "umts_granted_qos": "UmtsQos",
            "gprs_granted_qos": "GprsQos",
            "authentication": "Authentication",
            "profile_id": "ProfileId",
            "pcscf_server_addresses": (None,),
            "pcscf_domain_names": (None,),
            "ipv6_address": "Ipv6WithPrefix",
            "ipv6_gateway": "Ipv6WithPrefix",
            "domain_names": (None,),
            "ip_family": "IpFamily",
            "extended_technology_preference": "ExtendedTechnologyPreference",
            "operator_reserved_pco": "OperatorReservedPco",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_CURRENT_SETTINGS
        requested_settings: int | None = None


class SetIpFamily:
    """WDS Set IP Family (0x004d)."""

    class Response(_Response):
        _definition_ = _catalog.SET_IP_FAMILY

    class Request(_Request[Response]):
        _definition_ = _catalog.SET_IP_FAMILY
        preference: IpFamily | int | None = None
        _conv_ = {"preference": "IpFamily"}
