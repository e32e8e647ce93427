"""WDS (service 0x01): data calls, profiles and the settings of a running call.

Layouts follow libqmi's qmi-service-wds.json.  Addresses are plain strings:
IPv4 as dotted quads, IPv6 in the usual compressed form.  Call end reasons are
named from the tables in ``pyqmi.qmi.callend``; ``callend.from_message()``
reads them as facts (``pyqmi.session.failures`` decides what they mean).
"""

from __future__ import annotations

import construct as c

from pyqmi.qmi.callend import CALL_END_REASONS, VERBOSE_TYPES
from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import (
    array8,
    boolean,
    enum8,
    enum16,
    i8,
    i16,
    ipv4,
    ipv6,
    string8,
    string16,
    tail_string,
    u8,
    u16,
    u32,
    u64,
)

S = Service.WDS

IP_FAMILY = enum8(unknown=0, ipv4=4, ipv6=6, unspecified=8, ethernet=12)
# A bitmask on the wire (PAP=1, CHAP=2); "both" lets the modem pick.
AUTHENTICATION = enum8(none=0, pap=1, chap=2, both=3)
PDP_TYPE = enum8(ipv4=0, ppp=1, ipv6=2, ipv4_or_ipv6=3, non_ip=4)
PROFILE_TYPE = enum8(**{"3gpp": 0, "3gpp2": 1, "epc": 2, "all": 255})
CONNECTION_STATUS = enum8(unknown=0, disconnected=1, connected=2, suspended=3, authenticating=4)
TECHNOLOGY_PREFERENCE = enum8(**{"3gpp": 1, "3gpp2": 2, "both": 3})
EXTENDED_TECHNOLOGY_PREFERENCE = enum16(
    cdma=32769, umts=32772, epc=34944, embms=34946, modem_link_local=34952
)
CALL_TYPE = enum8(laptop=0, embedded=1)
CALL_END_REASON = enum16(**{name: value for value, name in CALL_END_REASONS.items()})
VERBOSE_CALL_END_REASON = c.Struct(
    "type" / enum16(**{name: value for value, name in VERBOSE_TYPES.items()}),
    # Its meaning depends on the type: see callend.verbose_reason_name().
    "reason" / i16,
)
PDP_HEADER_COMPRESSION = enum8(off=0, manufacturer_preferred=1, rfc1144=2, rfc2507=3, rfc3095=4)
PDP_DATA_COMPRESSION = enum8(off=0, manufacturer_preferred=1, v42bis=2, v44=3)
PDP_ACCESS_CONTROL = enum8(none=0, reject=1, permission=2)
ADDRESS_ALLOCATION_PREFERENCE = enum8(nas=0, dhcp=1)
PROFILE_ERROR = enum16(
    unknown=0,
    fail=1,
    invalid_handle=2,
    invalid_operation=3,
    invalid_profile_type=4,
    invalid_profile_number=5,
    invalid_profile_id=6,
    invalid_argument=7,
    registry_not_initialized=8,
    invalid_parameter_length=9,
    list_end=10,
    invalid_subscription_id=11,
    invalid_profile_family=12,
    **{
        "3gpp_invalid_profile_family": 1001,
        "3gpp_access_error": 1002,
        "3gpp_context_not_defined": 1003,
        "3gpp_valid_flag_not_set": 1004,
        "3gpp_read_only_flag_set": 1005,
        "3gpp_out_of_profiles": 1006,
        "3gpp2_invalid_profile_id": 1101,
    },
)

# Bits of get_current_settings' "requested_settings"; see requested_settings().
REQUESTED_SETTINGS: dict[str, int] = {
    "profile_id": 1 << 0,
    "profile_name": 1 << 1,
    "pdp_type": 1 << 2,
    "apn_name": 1 << 3,
    "dns_address": 1 << 4,
    "granted_qos": 1 << 5,
    "username": 1 << 6,
    "auth_protocol": 1 << 7,
    "ip_address": 1 << 8,
    "gateway_info": 1 << 9,
    "pcscf_address": 1 << 10,
    "pcscf_server_address_list": 1 << 11,
    "pcscf_domain_name_list": 1 << 12,
    "mtu": 1 << 13,
    "domain_name_list": 1 << 14,
    "ip_family": 1 << 15,
    "imcn_flag": 1 << 16,
    "extended_technology": 1 << 17,
    "operator_reserved_pco": 1 << 18,
}


def requested_settings(*names: str) -> int:
    """The bitmask for ``get_current_settings`` from names in ``REQUESTED_SETTINGS``."""
    unknown = sorted(set(names) - set(REQUESTED_SETTINGS))
    if unknown:
        raise ValueError(f"unknown requested setting(s) {unknown}")
    mask = 0
    for name in names:
        mask |= REQUESTED_SETTINGS[name]
    return mask


_profile_id = c.Struct("profile_type" / PROFILE_TYPE, "profile_index" / u8)
_umts_qos = c.Struct(
    "traffic_class" / u8,
    "max_uplink_bitrate" / u32,
    "max_downlink_bitrate" / u32,
    "guaranteed_uplink_bitrate" / u32,
    "guaranteed_downlink_bitrate" / u32,
    "delivery_order" / u8,
    "max_sdu_size" / u32,
    "sdu_error_ratio" / u8,
    "residual_bit_error_ratio" / u8,
    "delivery_erroneous_sdu" / u8,
    "transfer_delay" / u32,
    "traffic_handling_priority" / u32,
)
_umts_qos_signaling = c.Struct(*_umts_qos.subcons, "signaling_indication" / i8)
_gprs_qos = c.Struct(
    "precedence_class" / u32,
    "delay_class" / u32,
    "reliability_class" / u32,
    "peak_throughput_class" / u32,
    "mean_throughput_class" / u32,
)
_lte_qos = c.Struct(
    "qci" / u8,
    "guaranteed_downlink_bitrate" / u32,
    "max_downlink_bitrate" / u32,
    "guaranteed_uplink_bitrate" / u32,
    "max_uplink_bitrate" / u32,
)
_ipv6_with_prefix = c.Struct("address" / ipv6(), "prefix_length" / u8)

_PROFILE_SETTINGS = (
    TlvDef(0x10, "profile_name", tail_string()),
    TlvDef(0x11, "pdp_type", PDP_TYPE),
    TlvDef(0x12, "pdp_header_compression", PDP_HEADER_COMPRESSION),
    TlvDef(0x13, "pdp_data_compression", PDP_DATA_COMPRESSION),
    TlvDef(0x14, "apn", tail_string()),
    TlvDef(0x15, "primary_ipv4_dns", ipv4()),
    TlvDef(0x16, "secondary_ipv4_dns", ipv4()),
    TlvDef(0x17, "umts_requested_qos", _umts_qos),
    TlvDef(0x18, "umts_minimum_qos", _umts_qos),
    TlvDef(0x19, "gprs_requested_qos", _gprs_qos),
    TlvDef(0x1A, "gprs_minimum_qos", _gprs_qos),
    TlvDef(0x1B, "username", tail_string(), personal=True),
    TlvDef(0x1C, "password", tail_string(), personal=True),
    TlvDef(0x1D, "authentication", AUTHENTICATION),
    TlvDef(0x1E, "ipv4_address_preference", ipv4()),
    TlvDef(0x1F, "pcscf_address_using_pco", boolean),
    TlvDef(0x20, "pdp_access_control", PDP_ACCESS_CONTROL),
    TlvDef(0x21, "pcscf_address_using_dhcp", boolean),
    TlvDef(0x22, "imcn_flag", boolean),
    TlvDef(0x25, "pdp_context_number", u8),
    TlvDef(0x26, "pdp_context_secondary", boolean),
    TlvDef(0x27, "pdp_context_primary_id", u8),
    TlvDef(0x28, "ipv6_address_preference", ipv6()),
    TlvDef(0x29, "umts_requested_qos_with_signaling", _umts_qos_signaling),
    TlvDef(0x2A, "umts_minimum_qos_with_signaling", _umts_qos_signaling),
    TlvDef(0x2B, "primary_ipv6_dns", ipv6()),
    TlvDef(0x2C, "secondary_ipv6_dns", ipv6()),
    TlvDef(0x2D, "address_allocation_preference", ADDRESS_ALLOCATION_PREFERENCE),
    TlvDef(0x2E, "lte_qos", _lte_qos),
    TlvDef(0x2F, "apn_disabled", boolean),
    TlvDef(0x3E, "roaming_disallowed", boolean),
    TlvDef(0x50, "vlan_id_range", c.Struct("start" / u16, "end" / u16)),
    TlvDef(0xDD, "apn_type_mask", u64),
)
# Only in modify_profile requests and get_profile_settings responses.
_PROFILE_SETTINGS_LATE = (
    TlvDef(0xDE, "clat_enabled", boolean),
    TlvDef(0xDF, "ipv6_prefix_delegation", boolean),
)
_PROFILE_ERROR = TlvDef(0xE0, "extended_error", PROFILE_ERROR)

START_NETWORK = MessageDef(
    S,
    0x0020,
    "start_network",
    title="WDS Start Network",
    request=(
        TlvDef(0x10, "primary_ipv4_dns_preference", ipv4()),
        TlvDef(0x11, "secondary_ipv4_dns_preference", ipv4()),
        TlvDef(0x12, "primary_nbns_preference", ipv4()),
        TlvDef(0x13, "secondary_nbns_preference", ipv4()),
        TlvDef(0x14, "apn", tail_string()),
        TlvDef(0x15, "ipv4_address_preference", ipv4()),
        TlvDef(0x16, "authentication_preference", AUTHENTICATION),
        TlvDef(0x17, "username", tail_string(), personal=True),
        TlvDef(0x18, "password", tail_string(), personal=True),
        TlvDef(0x19, "ip_family_preference", IP_FAMILY),
        TlvDef(0x30, "technology_preference", TECHNOLOGY_PREFERENCE),
        TlvDef(0x31, "profile_index_3gpp", u8),
        TlvDef(0x32, "profile_index_3gpp2", u8),
        TlvDef(0x33, "enable_autoconnect", boolean),
        TlvDef(0x34, "extended_technology_preference", EXTENDED_TECHNOLOGY_PREFERENCE),
        TlvDef(0x35, "call_type", CALL_TYPE),
    ),
    response=(
        TlvDef(0x01, "packet_data_handle", u32),
        TlvDef(0x10, "call_end_reason", CALL_END_REASON),
        TlvDef(0x11, "verbose_call_end_reason", VERBOSE_CALL_END_REASON),
    ),
)
STOP_NETWORK = MessageDef(
    S,
    0x0021,
    "stop_network",
    title="WDS Stop Network",
    request=(
        TlvDef(0x01, "packet_data_handle", u32),
        TlvDef(0x10, "disable_autoconnect", boolean),
    ),
)
GET_PACKET_SERVICE_STATUS = MessageDef(
    S,
    0x0022,
    "get_packet_service_status",
    title="WDS Packet Service Status",
    response=(TlvDef(0x01, "connection_status", CONNECTION_STATUS),),
    indication=(
        TlvDef(
            0x01,
            "connection_status",
            c.Struct("status" / CONNECTION_STATUS, "reconfiguration_required" / boolean),
        ),
        TlvDef(0x10, "call_end_reason", CALL_END_REASON),
        TlvDef(0x11, "verbose_call_end_reason", VERBOSE_CALL_END_REASON),
        TlvDef(0x12, "ip_family", IP_FAMILY),
        TlvDef(0x14, "bearer_id", u8),
        TlvDef(0x15, "xlat_capability", boolean),
        TlvDef(0x34, "extended_technology_preference", EXTENDED_TECHNOLOGY_PREFERENCE),
    ),
)
CREATE_PROFILE = MessageDef(
    S,
    0x0027,
    "create_profile",
    title="WDS Create Profile",
    request=(TlvDef(0x01, "profile_type", PROFILE_TYPE), *_PROFILE_SETTINGS),
    response=(TlvDef(0x01, "profile_id", _profile_id), _PROFILE_ERROR),
)
MODIFY_PROFILE = MessageDef(
    S,
    0x0028,
    "modify_profile",
    title="WDS Modify Profile",
    request=(
        TlvDef(0x01, "profile_id", _profile_id),
        *_PROFILE_SETTINGS,
        *_PROFILE_SETTINGS_LATE,
    ),
    response=(_PROFILE_ERROR,),
)
GET_PROFILE_LIST = MessageDef(
    S,
    0x002A,
    "get_profile_list",
    title="WDS Get Profile List",
    request=(TlvDef(0x10, "profile_type", PROFILE_TYPE),),
    response=(
        TlvDef(
            0x01,
            "profiles",
            array8(
                c.Struct(
                    "profile_type" / PROFILE_TYPE,
                    "profile_index" / u8,
                    "profile_name" / string8(),
                )
            ),
        ),
        _PROFILE_ERROR,
    ),
)
GET_PROFILE_SETTINGS = MessageDef(
    S,
    0x002B,
    "get_profile_settings",
    title="WDS Get Profile Settings",
    request=(TlvDef(0x01, "profile_id", _profile_id),),
    response=(*_PROFILE_SETTINGS, *_PROFILE_SETTINGS_LATE, _PROFILE_ERROR),
)
GET_CURRENT_SETTINGS = MessageDef(
    S,
    0x002D,
    "get_current_settings",
    title="WDS Get Current Settings",
    request=(TlvDef(0x10, "requested_settings", u32),),
    response=(
        TlvDef(0x10, "profile_name", tail_string()),
        TlvDef(0x11, "pdp_type", PDP_TYPE),
        TlvDef(0x14, "apn", tail_string()),
        TlvDef(0x15, "primary_ipv4_dns", ipv4()),
        TlvDef(0x16, "secondary_ipv4_dns", ipv4()),
        TlvDef(0x17, "umts_granted_qos", _umts_qos),
        TlvDef(0x19, "gprs_granted_qos", _gprs_qos),
        TlvDef(0x1B, "username", tail_string(), personal=True),
        TlvDef(0x1D, "authentication", AUTHENTICATION),
        TlvDef(0x1E, "ipv4_address", ipv4()),
        TlvDef(0x1F, "profile_id", _profile_id),
        TlvDef(0x20, "ipv4_gateway", ipv4()),
        TlvDef(0x21, "ipv4_subnet_mask", ipv4()),
        TlvDef(0x22, "pcscf_address_using_pco", u8),
        TlvDef(0x23, "pcscf_server_addresses", array8(ipv4())),
        TlvDef(0x24, "pcscf_domain_names", array8(string16())),
        TlvDef(0x25, "ipv6_address", _ipv6_with_prefix),
        TlvDef(0x26, "ipv6_gateway", _ipv6_with_prefix),
        TlvDef(0x27, "primary_ipv6_dns", ipv6()),
        TlvDef(0x28, "secondary_ipv6_dns", ipv6()),
        TlvDef(0x29, "mtu", u32),
        TlvDef(0x2A, "domain_names", array8(string16())),
        TlvDef(0x2B, "ip_family", IP_FAMILY),
        TlvDef(0x2C, "imcn_flag", i8),
        TlvDef(0x2D, "extended_technology_preference", EXTENDED_TECHNOLOGY_PREFERENCE),
        TlvDef(
            0x2F,
            "operator_reserved_pco",
            c.Struct(
                "mcc" / u16,
                "mnc" / u16,
                "mnc_includes_pcs_digit" / boolean,
                "app_specific_info" / array8(u8),
                "container_id" / u16,
            ),
        ),
    ),
)
SET_IP_FAMILY = MessageDef(
    S,
    0x004D,
    "set_ip_family",
    title="WDS Set IP Family",
    request=(TlvDef(0x01, "preference", IP_FAMILY),),
)

MESSAGES = (
    START_NETWORK,
    STOP_NETWORK,
    GET_PACKET_SERVICE_STATUS,
    CREATE_PROFILE,
    MODIFY_PROFILE,
    GET_PROFILE_LIST,
    GET_PROFILE_SETTINGS,
    GET_CURRENT_SETTINGS,
    SET_IP_FAMILY,
)
