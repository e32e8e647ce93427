"""NAS messages, typed: generated from pyqmi.qmi.catalog.nas.

Do not edit: change the catalog, then run ``python -m pyqmi.qmi.typegen``
(a test fails while this file is stale).  Design: ``pyqmi.qmi.typed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyqmi.qmi.catalog import nas as _catalog
from pyqmi.qmi.typed.base import EnumTables, Struct, WireEnum, WireFlag, lazy_enums
from pyqmi.qmi.typed.messages import Indication as _Indication
from pyqmi.qmi.typed.messages import Request as _Request
from pyqmi.qmi.typed.messages import Response as _Response

if TYPE_CHECKING:

    class SignalStrengthRequest(WireFlag):
        rssi = 1
        ecio = 2
        io = 4
        sinr = 8
        error_rate = 16
        rsrq = 32
        lte_snr = 64
        lte_rsrp = 128

    class RadioInterface(WireEnum):
        none = 0
        cdma_1x = 1
        cdma_1xevdo = 2
        amps = 3
        gsm = 4
        umts = 5
        lte = 8
        td_scdma = 9
        _5gnr = 12
        unknown = 255

    class EvdoSinrLevel(WireEnum):
        level_0 = 0
        level_1 = 1
        level_2 = 2
        level_3 = 3
        level_4 = 4
        level_5 = 5
        level_6 = 6
        level_7 = 7
        level_8 = 8

    class NetworkScanType(WireFlag):
        gsm = 1
        umts = 2
        lte = 4
        td_scdma = 8
        _5gnr = 16

    class NetworkStatus(WireFlag):
        current_serving = 1
        available = 2
        home = 4
        roaming = 8
        forbidden = 16
        not_forbidden = 32
        preferred = 64
        not_preferred = 128

    class NetworkScanResult(WireEnum):
        success = 0
        abort = 1
        radio_link_failure = 2

    class NetworkRegisterType(WireEnum):
        automatic = 1
        manual = 2

    class ChangeDuration(WireEnum):
        power_cycle = 0
        permanent = 1

    class RegistrationState(WireEnum):
        not_registered = 0
        registered = 1
        not_registered_searching = 2
        registration_denied = 3
        unknown = 4

    class AttachState(WireEnum):
        unknown = 0
        attached = 1
        detached = 2

    class NetworkType(WireEnum):
        unknown = 0
        _3gpp2 = 1
        _3gpp = 2

    class RoamingIndicator(WireEnum):
        on = 0
        off = 1

    class DataCapability(WireEnum):
        none = 0
        gprs = 1
        edge = 2
        hsdpa = 3
        hsupa = 4
        wcdma = 5
        cdma = 6
        evdo_rev_0 = 7
        evdo_rev_a = 8
        gsm = 9
        evdo_rev_b = 10
        lte = 11
        hsdpa_plus = 12
        dc_hsdpa_plus = 13

    class ServiceStatus(WireEnum):
        none = 0
        limited = 1
        available = 2
        limited_regional = 3
        power_save = 4

    class ServiceDomain(WireEnum):
        none = 0
        cs = 1
        ps = 2
        cs_ps = 3
        camped = 4

    class HdrPersonality(WireEnum):
        unknown = 0
        hrpd = 1
        ehrpd = 2

    class CallBarringStatus(WireEnum):
        unknown = -1
        normal_only = 0
        emergency_only = 1
        no_calls = 2
        all_calls = 3

    class NetworkNameSource(WireEnum):
        unknown = 0
        operator_plmn_list_and_plmn_network_name = 1
        common_pcn_handset_specification_and_operator_name_string = 2
        nitz = 3
        se13 = 4
        mcc_mnc = 5
        service_provider_name = 6

    class DescriptionDisplay(WireEnum):
        no = 0
        yes = 1
        unknown = 255

    class DescriptionEncoding(WireEnum):
        unspecified = 0
        ascii7 = 1
        unicode = 4
        gsm = 9

    class RatModePreference(WireFlag):
        cdma_1x = 1
        cdma_1xevdo = 2
        gsm = 4
        umts = 8
        lte = 16
        td_scdma = 32
        _5gnr = 64

    class CdmaPrlPreference(WireEnum):
        a_side_only = 1
        b_side_only = 2
        any = 16383

    class RoamingPreference(WireEnum):
        off = 1
        not_off = 2
        not_flashing = 3
        any = 255

    class NetworkSelection(WireEnum):
        automatic = 0
        manual = 1

    class ServiceDomainPreference(WireEnum):
        cs_only = 0
        ps_only = 1
        cs_ps = 2
        ps_attach = 3
        ps_detach = 4

    class GsmWcdmaAcquisitionOrder(WireEnum):
        automatic = 0
        gsm = 1
        wcdma = 2

    class TdScdmaBands(WireFlag):
        a = 1
        b = 2
        c = 4
        d = 8
        e = 16
        f = 32

    class RegistrationRestriction(WireEnum):
        unrestricted = 0
        camped_only = 1
        limited = 2

    class UsagePreference(WireEnum):
        unknown = 0
        voice_centric = 1
        data_centric = 2

    class VoiceDomainPreference(WireEnum):
        cs_only = 0
        ps_only = 1
        cs_preferred = 2
        ps_preferred = 3

    class NameDisplayCondition(WireFlag):
        display_registered_plmn_if_known_network = 1
        display_spn_not_required_if_unknown_network = 2

    class PlmnEncoding(WireEnum):
        gsm = 0
        ucs2le = 1

    class CountryInitials(WireEnum):
        do_not_add = 0
        add = 1
        unspecified = 255

    class SpareBits(WireEnum):
        unknown = 0
        bit_8 = 1
        bits_78 = 2
        bits_68 = 3
        bits_58 = 4
        bits_48 = 5
        bits_38 = 6
        bits_28 = 7

    class WcdmaRrcState(WireEnum):
        disconnected = 0
        cell_pch = 1
        ura_pch = 2
        cell_fach = 3
        cell_dch = 4

    class RoamingStatus(WireEnum):
        off = 0
        on = 1
        blink = 2
        out_of_neighborhood = 3
        out_of_building = 4
        preferred_system = 5
        available_system = 6
        alliance_partner = 7
        premium_partner = 8
        full_service = 9
        partial_service = 10
        banner_on = 11
        banner_off = 12

    class HdrProtocolRevision(WireEnum):
        none = 0
        rel_0 = 1
        rel_a = 2
        rel_b = 3

    class RejectCause(WireEnum):
        none = 0
        imsi_unknown_in_hlr = 2
        illegal_ue = 3
        imsi_unknown_in_vlr = 4
        imei_not_accepted = 5
        illegal_me = 6
        ps_services_not_allowed = 7
        ps_and_non_ps_services_not_allowed = 8
        ue_identity_not_derived_by_network = 9
        implicitly_detached = 10
        plmn_not_allowed = 11
        location_area_not_allowed = 12
        roaming_in_location_area_not_allowed = 13
        ps_services_in_location_area_not_allowed = 14
        no_suitable_cells_in_location_area = 15
        msc_temporarily_not_reachable = 16
        network_failure = 17
        cs_domain_not_available = 18
        esm_failure = 19
        mac_failure = 20
        synch_failure = 21
        congestion = 22
        ue_security_capabilities_mismatch = 23
        security_mode_rejected_unspecified = 24
        csg_not_authorized = 25
        non_eps_authentication_unacceptable = 26
        sms_provided_by_gprs_in_routing_area = 28
        redirection_to_5gcn_required = 31
        service_option_not_supported = 32
        requested_service_option_not_subscribed = 33
        service_option_temporarily_out_of_order = 34
        requested_service_option_not_authorized = 35
        call_cannot_be_identified = 38
        cs_service_temporarily_not_available = 39
        no_eps_bearer_context_activated = 40
        severe_network_failure = 42
        retry_upon_entry_into_new_cell_0 = 48
        retry_upon_entry_into_new_cell_1 = 49
        retry_upon_entry_into_new_cell_2 = 50
        retry_upon_entry_into_new_cell_3 = 51
        retry_upon_entry_into_new_cell_4 = 52
        retry_upon_entry_into_new_cell_5 = 53
        retry_upon_entry_into_new_cell_6 = 54
        retry_upon_entry_into_new_cell_7 = 55
        retry_upon_entry_into_new_cell_8 = 56
        retry_upon_entry_into_new_cell_9 = 57
        retry_upon_entry_into_new_cell_10 = 58
        retry_upon_entry_into_new_cell_11 = 59
        retry_upon_entry_into_new_cell_12 = 60
        retry_upon_entry_into_new_cell_13 = 61
        retry_upon_entry_into_new_cell_14 = 62
        retry_upon_entry_into_new_cell_15 = 63
        semantically_incorrect_message = 95
        invalid_mandatory_information = 96
        message_type_non_existent = 97
        message_type_not_compatible = 98
        information_element_non_existent = 99
        conditional_information_element_error = 100
        message_not_compatible = 101
        unspecified_protocol_error = 111

    class WcdmaHsService(WireEnum):
        hsdpa_hsupa_unsupported = 0
        hsdpa_supported = 1
        hsupa_supported = 2
        hsdpa_hsupa_supported = 3
        hsdpa_plus_supported = 4
        hsdpa_plus_hsupa_supported = 5
        dc_hsdpa_plus_supported = 6
        dc_hsdpa_plus_hsupa_supported = 7

    class CellBroadcast(WireEnum):
        unknown = 0
        off = 1
        on = 2

    class SimRejectState(WireEnum):
        sim_unavailable = 0
        sim_available = 1
        sim_cs_invalid = 2
        sim_ps_invalid = 3
        sim_cs_ps_invalid = 4

    class LteVoiceDomain(WireEnum):
        none = 0
        ims = 1
        _1x = 2
        _3gpp = 3

    class LteRegistrationDomain(WireEnum):
        not_applicable = 0
        cs_only = 1
        ps_only = 2
        cs_ps = 3
        limited_service = 4

    class LteCellAccessStatus(WireEnum):
        normal_only = 0
        emergency_only = 1
        no_calls = 2
        all_calls = 3
        unknown = 255

else:
    _ENUMS: EnumTables = {
        "SignalStrengthRequest": (
            WireFlag,
            {
                "rssi": 1,
                "ecio": 2,
                "io": 4,
                "sinr": 8,
                "error_rate": 16,
                "rsrq": 32,
                "lte_snr": 64,
                "lte_rsrp": 128,
            },
        ),
        "RadioInterface": (
            WireEnum,
            {
                "none": 0,
                "cdma_1x": 1,
                "cdma_1xevdo": 2,
                "amps": 3,
                "gsm": 4,
                "umts": 5,
                "lte": 8,
                "td_scdma": 9,
                "_5gnr": 12,
                "unknown": 255,
            },
        ),
        "EvdoSinrLevel": (
            WireEnum,
            {
                "level_0": 0,
                "level_1": 1,
                "level_2": 2,
                "level_3": 3,
                "level_4": 4,
                "level_5": 5,
                "level_6": 6,
                "level_7": 7,
                "level_8": 8,
            },
        ),
        "NetworkScanType": (
            WireFlag,
            {
                "gsm": 1,
                "umts": 2,
                "lte": 4,
                "td_scdma": 8,
                "_5gnr": 16,
            },
        ),
        "NetworkStatus": (
            WireFlag,
            {
                "current_serving": 1,
                "available": 2,
                "home": 4,
                "roaming": 8,
                "forbidden": 16,
                "not_forbidden": 32,
                "preferred": 64,
                "not_preferred": 128,
            },
        ),
        "NetworkScanResult": (
            WireEnum,
            {
                "success": 0,
                "abort": 1,
                "radio_link_failure": 2,
            },
        ),
        "NetworkRegisterType": (
            WireEnum,
            {
                "automatic": 1,
                "manual": 2,
            },
        ),
        "ChangeDuration": (
            WireEnum,
            {
                "power_cycle": 0,
                "permanent": 1,
            },
        ),
        "RegistrationState": (
            WireEnum,
            {
                "not_registered": 0,
                "registered": 1,
                "not_registered_searching": 2,
                "registration_denied": 3,
                "unknown": 4,
            },
        ),
        "AttachState": (
            WireEnum,
            {
                "unknown": 0,
                "attached": 1,
                "detached": 2,
            },
        ),
        "NetworkType": (
            WireEnum,
            {
                "unknown": 0,
                "_3gpp2": 1,
                "_3gpp": 2,
            },
        ),
        "RoamingIndicator": (
            WireEnum,
            {
                "on": 0,
                "off": 1,
            },
        ),
        "DataCapability": (
            WireEnum,
            {
                "none": 0,
                "gprs": 1,
                "edge": 2,
                "hsdpa": 3,
                "hsupa": 4,
                "wcdma": 5,
                "cdma": 6,
                "evdo_rev_0": 7,
                "evdo_rev_a": 8,
                "gsm": 9,
                "evdo_rev_b": 10,
                "lte": 11,
                "hsdpa_plus": 12,
                "dc_hsdpa_plus": 13,
            },
        ),
        "ServiceStatus": (
            WireEnum,
            {
                "none": 0,
                "limited": 1,
                "available": 2,
                "limited_regional": 3,
                "power_save": 4,
            },
        ),
        "ServiceDomain": (
            WireEnum,
            {
                "none": 0,
                "cs": 1,
                "ps": 2,
                "cs_ps": 3,
                "camped": 4,
            },
        ),
        "HdrPersonality": (
            WireEnum,
            {
                "unknown": 0,
                "hrpd": 1,
                "ehrpd": 2,
            },
        ),
        "CallBarringStatus": (
            WireEnum,
            {
                "unknown": -1,
                "normal_only": 0,
                "emergency_only": 1,
                "no_calls": 2,
                "all_calls": 3,
            },
        ),
        "NetworkNameSource": (
            WireEnum,
            {
                "unknown": 0,
                "operator_plmn_list_and_plmn_network_name": 1,
                "common_pcn_handset_specification_and_operator_name_string": 2,
                "nitz": 3,
                "se13": 4,
                "mcc_mnc": 5,
                "service_provider_name": 6,
            },
        ),
        "DescriptionDisplay": (
            WireEnum,
            {
                "no": 0,
                "yes": 1,
                "unknown": 255,
            },
        ),
        "DescriptionEncoding": (
            WireEnum,
            {
                "unspecified": 0,
                "ascii7": 1,
                "unicode": 4,
                "gsm": 9,
            },
        ),
        "RatModePreference": (
            WireFlag,
            {
                "cdma_1x": 1,
                "cdma_1xevdo": 2,
                "gsm": 4,
                "umts": 8,
                "lte": 16,
                "td_scdma": 32,
                "_5gnr": 64,
            },
        ),
        "CdmaPrlPreference": (
            WireEnum,
            {
                "a_side_only": 1,
                "b_side_only": 2,
                "any": 16383,
            },
        ),
        "RoamingPreference": (
            WireEnum,
            {
                "off": 1,
                "not_off": 2,
                "not_flashing": 3,
                "any": 255,
            },
        ),
        "NetworkSelection": (
            WireEnum,
            {
                "automatic": 0,
                "manual": 1,
            },
        ),
        "ServiceDomainPreference": (
            WireEnum,
            {
                "cs_only": 0,
                "ps_only": 1,
                "cs_ps": 2,
                "ps_attach": 3,
                "ps_detach": 4,
            },
        ),
        "GsmWcdmaAcquisitionOrder": (
            WireEnum,
            {
                "automatic": 0,
                "gsm": 1,
                "wcdma": 2,
            },
        ),
        "TdScdmaBands": (
            WireFlag,
            {
                "a": 1,
                "b": 2,
                "c": 4,
                "d": 8,
                "e": 16,
                "f": 32,
            },
        ),
        "RegistrationRestriction": (
            WireEnum,
            {
                "unrestricted": 0,
                "camped_only": 1,
                "limited": 2,
            },
        ),
        "UsagePreference": (
            WireEnum,
            {
                "unknown": 0,
                "voice_centric": 1,
                "data_centric": 2,
            },
        ),
        "VoiceDomainPreference": (
            WireEnum,
            {
                "cs_only": 0,
                "ps_only": 1,
                "cs_preferred": 2,
                "ps_preferred": 3,
            },
        ),
        "NameDisplayCondition": (
            WireFlag,
            {
                "display_registered_plmn_if_known_network": 1,
                "display_spn_not_required_if_unknown_network": 2,
            },
        ),
        "PlmnEncoding": (
            WireEnum,
            {
                "gsm": 0,
                "ucs2le": 1,
            },
        ),
        "CountryInitials": (
            WireEnum,
            {
                "do_not_add": 0,
                "add": 1,
                "unspecified": 255,
            },
        ),
        "SpareBits": (
            WireEnum,
            {
                "unknown": 0,
                "bit_8": 1,
                "bits_78": 2,
                "bits_68": 3,
                "bits_58": 4,
                "bits_48": 5,
                "bits_38": 6,
                "bits_28": 7,
            },
        ),
        "WcdmaRrcState": (
            WireEnum,
            {
                "disconnected": 0,
                "cell_pch": 1,
                "ura_pch": 2,
                "cell_fach": 3,
                "cell_dch": 4,
            },
        ),
        "RoamingStatus": (
            WireEnum,
            {
                "off": 0,
                "on": 1,
                "blink": 2,
                "out_of_neighborhood": 3,
                "out_of_building": 4,
                "preferred_system": 5,
                "available_system": 6,
                "alliance_partner": 7,
                "premium_partner": 8,
                "full_service": 9,
                "partial_service": 10,
                "banner_on": 11,
                "banner_off": 12,
            },
        ),
        "HdrProtocolRevision": (
            WireEnum,
            {
                "none": 0,
                "rel_0": 1,
                "rel_a": 2,
                "rel_b": 3,
            },
        ),
        "RejectCause": (
            WireEnum,
            {
                "none": 0,
                "imsi_unknown_in_hlr": 2,
                "illegal_ue": 3,
                "imsi_unknown_in_vlr": 4,
                "imei_not_accepted": 5,
                "illegal_me": 6,
                "ps_services_not_allowed": 7,
                "ps_and_non_ps_services_not_allowed": 8,
                "ue_identity_not_derived_by_network": 9,
                "implicitly_detached": 10,
                "plmn_not_allowed": 11,
                "location_area_not_allowed": 12,
                "roaming_in_location_area_not_allowed": 13,
                "ps_services_in_location_area_not_allowed": 14,
                "no_suitable_cells_in_location_area": 15,
                "msc_temporarily_not_reachable": 16,
                "network_failure": 17,
                "cs_domain_not_available": 18,
                "esm_failure": 19,
                "mac_failure": 20,
                "synch_failure": 21,
                "congestion": 22,
                "ue_security_capabilities_mismatch": 23,
                "security_mode_rejected_unspecified": 24,
                "csg_not_authorized": 25,
                "non_eps_authentication_unacceptable": 26,
                "sms_provided_by_gprs_in_routing_area": 28,
                "redirection_to_5gcn_required": 31,
                "service_option_not_supported": 32,
                "requested_service_option_not_subscribed": 33,
                "service_option_temporarily_out_of_order": 34,
                "requested_service_option_not_authorized": 35,
                "call_cannot_be_identified": 38,
                "cs_service_temporarily_not_available": 39,
                "no_eps_bearer_context_activated": 40,
                "severe_network_failure": 42,
                "retry_upon_entry_into_new_cell_0": 48,
                "retry_upon_entry_into_new_cell_1": 49,
                "retry_upon_entry_into_new_cell_2": 50,
                "retry_upon_entry_into_new_cell_3": 51,
                "retry_upon_entry_into_new_cell_4": 52,
                "retry_upon_entry_into_new_cell_5": 53,
                "retry_upon_entry_into_new_cell_6": 54,
                "retry_upon_entry_into_new_cell_7": 55,
                "retry_upon_entry_into_new_cell_8": 56,
                "retry_upon_entry_into_new_cell_9": 57,
                "retry_upon_entry_into_new_cell_10": 58,
                "retry_upon_entry_into_new_cell_11": 59,
                "retry_upon_entry_into_new_cell_12": 60,
                "retry_upon_entry_into_new_cell_13": 61,
                "retry_upon_entry_into_new_cell_14": 62,
                "retry_upon_entry_into_new_cell_15": 63,
                "semantically_incorrect_message": 95,
                "invalid_mandatory_information": 96,
                "message_type_non_existent": 97,
                "message_type_not_compatible": 98,
                "information_element_non_existent": 99,
                "conditional_information_element_error": 100,
                "message_not_compatible": 101,
                "unspecified_protocol_error": 111,
            },
        ),
        "WcdmaHsService": (
            WireEnum,
            {
                "hsdpa_hsupa_unsupported": 0,
                "hsdpa_supported": 1,
                "hsupa_supported": 2,
                "hsdpa_hsupa_supported": 3,
                "hsdpa_plus_supported": 4,
                "hsdpa_plus_hsupa_supported": 5,
                "dc_hsdpa_plus_supported": 6,
                "dc_hsdpa_plus_hsupa_supported": 7,
            },
        ),
        "CellBroadcast": (
            WireEnum,
            {
                "unknown": 0,
                "off": 1,
                "on": 2,
            },
        ),
        "SimRejectState": (
            WireEnum,
            {
                "sim_unavailable": 0,
                "sim_available": 1,
                "sim_cs_invalid": 2,
                "sim_ps_invalid": 3,
                "sim_cs_ps_invalid": 4,
            },
        ),
        "LteVoiceDomain": (
            WireEnum,
            {
                "none": 0,
                "ims": 1,
                "_1x": 2,
                "_3gpp": 3,
            },
        ),
        "LteRegistrationDomain": (
            WireEnum,
            {
                "not_applicable": 0,
                "cs_only": 1,
                "ps_only": 2,
                "cs_ps": 3,
                "limited_service": 4,
            },
        ),
        "LteCellAccessStatus": (
            WireEnum,
            {
                "normal_only": 0,
                "emergency_only": 1,
                "no_calls": 2,
                "all_calls": 3,
                "unknown": 255,
            },
        ),
    }
    __getattr__ = lazy_enums(globals(), _ENUMS)


class NetworkRejectInformation(Struct):
    enable: bool
    suppress_system_info: bool


class SignalStrength(Struct):
    strength_dbm: int
    radio_interface: RadioInterface | int
    _conv_ = {"radio_interface": "RadioInterface"}


class Rssi(Struct):
    rssi: int
    radio_interface: RadioInterface | int
    _conv_ = {"radio_interface": "RadioInterface"}


class Ecio(Struct):
    ecio: int
    radio_interface: RadioInterface | int
    _conv_ = {"radio_interface": "RadioInterface"}


class ErrorRate(Struct):
    rate: int
    radio_interface: RadioInterface | int
    _conv_ = {"radio_interface": "RadioInterface"}


class Rsrq(Struct):
    rsrq: int
    radio_interface: RadioInterface | int
    _conv_ = {"radio_interface": "RadioInterface"}


class ScannedNetwork(Struct):
    mcc: int
    mnc: int
    network_status: NetworkStatus
    description: str
    _conv_ = {"network_status": "NetworkStatus"}


class ScannedRadio(Struct):
    mcc: int
    mnc: int
    radio_interface: RadioInterface | int
    _conv_ = {"radio_interface": "RadioInterface"}


class PcsStatus(Struct):
    mcc: int
    mnc: int
    includes_pcs_digit: bool


class ServingSystem(Struct):
    registration_state: RegistrationState | int
    cs_attach_state: AttachState | int
    ps_attach_state: AttachState | int
    selected_network: NetworkType | int
    radio_interfaces: tuple[RadioInterface | int, ...]
    _conv_ = {
        "registration_state": "RegistrationState",
        "cs_attach_state": "AttachState",
        "ps_attach_state": "AttachState",
        "selected_network": "NetworkType",
        "radio_interfaces": ("RadioInterface",),
    }


class PlmnWithDescription(Struct):
    mcc: int
    mnc: int
    description: str


class SidNid(Struct):
    sid: int
    nid: int


class CdmaBaseStationInfo(Struct):
    base_station_id: int
    latitude: int
    longitude: int


class RoamingIndicatorEntry(Struct):
    radio_interface: RadioInterface | int
    roaming_indicator: RoamingIndicator | int
    _conv_ = {"radio_interface": "RadioInterface", "roaming_indicator": "RoamingIndicator"}


class TimeZone3gpp2(Struct):
    leap_seconds: int
    local_time_offset: int
    daylight_saving_time: bool


class DetailedServiceStatus(Struct):
    status: ServiceStatus | int
    capability: ServiceDomain | int
    hdr_status: ServiceStatus | int
    hdr_hybrid: bool
    forbidden: bool
    _conv_ = {
        "status": "ServiceStatus",
        "capability": "ServiceDomain",
        "hdr_status": "ServiceStatus",
    }


class CdmaSystemInfo(Struct):
    mcc: int
    imsi_11_12: int


class CallBarring(Struct):
    cs_status: CallBarringStatus | int
    ps_status: CallBarringStatus | int
    _conv_ = {"cs_status": "CallBarringStatus", "ps_status": "CallBarringStatus"}


class UniversalTimeAndLocalTimeZone3gpp(Struct):
    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    time_zone: int


class HomeNetwork3gpp2Ext(Struct):
    mcc: int
    mnc: int
    display_description: DescriptionDisplay | int
    description_encoding: DescriptionEncoding | int
    description: tuple[int, ...]
    _conv_ = {
        "display_description": "DescriptionDisplay",
        "description_encoding": "DescriptionEncoding",
        "description": (None,),
    }


class HomeNetwork3gppMnc(Struct):
    is_3gpp: bool
    includes_pcs_digit: bool


class NetworkSelectionPreference(Struct):
    mode: NetworkSelection | int
    mcc: int
    mnc: int
    _conv_ = {"mode": "NetworkSelection"}


class ServiceProviderName(Struct):
    name_display_condition: NameDisplayCondition
    name: str
    _conv_ = {"name_display_condition": "NameDisplayCondition"}


class OperatorPlmn(Struct):
    mcc: str
    mnc: str
    lac1: int
    lac2: int
    plmn_name_record_identifier: int


class OperatorPlmnName(Struct):
    name_encoding: PlmnEncoding | int
    short_country_initials: CountryInitials | int
    long_name_spare_bits: SpareBits | int
    short_name_spare_bits: SpareBits | int
    long_name: str
    short_name: str
    _conv_ = {
        "name_encoding": "PlmnEncoding",
        "short_country_initials": "CountryInitials",
        "long_name_spare_bits": "SpareBits",
        "short_name_spare_bits": "SpareBits",
    }


class BcdPlmn(Struct):
    mcc: str
    mnc: str


class GeranCell(Struct):
    cell_id: int
    plmn: BcdPlmn
    lac: int
    arfcn: int
    bsic: int
    rx_level: int
    _conv_ = {"plmn": "BcdPlmn"}


class GeranInfo(Struct):
    cell_id: int
    plmn: BcdPlmn
    lac: int
    arfcn: int
    bsic: int
    timing_advance: int
    rx_level: int
    cells: tuple[GeranCell, ...]
    _conv_ = {"plmn": "BcdPlmn", "cells": ("GeranCell",)}


class UmtsCell(Struct):
    uarfcn: int
    primary_scrambling_code: int
    rscp: int
    ecio: int


class UmtsGeranCell(Struct):
    arfcn: int
    network_color_code: int
    base_station_color_code: int
    rssi: int


class UmtsInfo(Struct):
    cell_id: int
    plmn: BcdPlmn
    lac: int
    uarfcn: int
    primary_scrambling_code: int
    rscp: int
    ecio: int
    cells: tuple[UmtsCell, ...]
    neighboring_geran: tuple[UmtsGeranCell, ...]
    _conv_ = {"plmn": "BcdPlmn", "cells": ("UmtsCell",), "neighboring_geran": ("UmtsGeranCell",)}


class CdmaInfo(Struct):
    system_id: int
    network_id: int
    base_station_id: int
    reference_pn: int
    latitude: int
    longitude: int


class LteCell(Struct):
    physical_cell_id: int
    rsrq: int
    rsrp: int
    rssi: int
    cell_selection_rx_level: int


class IntrafrequencyLte(Struct):
    ue_in_idle: bool
    plmn: BcdPlmn
    tracking_area_code: int
    global_cell_id: int
    earfcn: int
    serving_cell_id: int
    cell_reselection_priority: int
    s_non_intra_search_threshold: int
    serving_cell_low_threshold: int
    s_intra_search_threshold: int
    cells: tuple[LteCell, ...]
    _conv_ = {"plmn": "BcdPlmn", "cells": ("LteCell",)}


class LteFrequency(Struct):
    earfcn: int
    cell_selection_rx_level_low_threshold: int
    cell_selection_rx_level_high_threshold: int
    cell_reselection_priority: int
    cells: tuple[LteCell, ...]
    _conv_ = {"cells": ("LteCell",)}


class InterfrequencyLte(Struct):
    ue_in_idle: bool
    frequencies: tuple[LteFrequency, ...]
    _conv_ = {"frequencies": ("LteFrequency",)}


class LteNeighboringGsmCell(Struct):
    arfcn: int
    band_is_1900: bool
    cell_id_valid: bool
    bsic: int
    rssi: int
    cell_selection_rx_level: int


class LteNeighboringGsmFrequency(Struct):
    cell_reselection_priority: int
    cell_reselection_high_threshold: int
    cell_reselection_low_threshold: int
    ncc_permitted: int
    cells: tuple[LteNeighboringGsmCell, ...]
    _conv_ = {"cells": ("LteNeighboringGsmCell",)}


class LteNeighboringGsm(Struct):
    ue_in_idle: bool
    frequencies: tuple[LteNeighboringGsmFrequency, ...]
    _conv_ = {"frequencies": ("LteNeighboringGsmFrequency",)}


class LteNeighboringWcdmaCell(Struct):
    primary_scrambling_code: int
    cpich_rscp: int
    cpich_ecno: int
    cell_selection_rx_level: int


class LteNeighboringWcdmaFrequency(Struct):
    uarfcn: int
    cell_reselection_priority: int
    cell_reselection_high_threshold: int
    cell_reselection_low_threshold: int
    cells: tuple[LteNeighboringWcdmaCell, ...]
    _conv_ = {"cells": ("LteNeighboringWcdmaCell",)}


class LteNeighboringWcdma(Struct):
    ue_in_idle: bool
    frequencies: tuple[LteNeighboringWcdmaFrequency, ...]
    _conv_ = {"frequencies": ("LteNeighboringWcdmaFrequency",)}


class UmtsNeighboringLteFrequency(Struct):
    earfcn: int
    physical_cell_id: int
    rsrp: float
    rsrq: float
    cell_selection_rx_level: int
    is_tdd: bool


class UmtsNeighboringLte(Struct):
    rrc_state: WcdmaRrcState | int
    frequencies: tuple[UmtsNeighboringLteFrequency, ...]
    _conv_ = {"rrc_state": "WcdmaRrcState", "frequencies": ("UmtsNeighboringLteFrequency",)}


class Nr5gCell(Struct):
    plmn: BcdPlmn
    tracking_area_code: int
    global_cell_id: int
    physical_cell_id: int
    rsrq: int
    rsrp: int
    snr: int
    _conv_ = {"plmn": "BcdPlmn"}


class ServiceStatusInfo(Struct):
    service_status: ServiceStatus | int
    preferred_data_path: bool
    _conv_ = {"service_status": "ServiceStatus"}


class TrueServiceStatusInfo(Struct):
    service_status: ServiceStatus | int
    true_service_status: ServiceStatus | int
    preferred_data_path: bool
    _conv_ = {"service_status": "ServiceStatus", "true_service_status": "ServiceStatus"}


class CdmaSys(Struct):
    domain_valid: bool
    domain: ServiceDomain | int
    service_capability_valid: bool
    service_capability: ServiceDomain | int
    roaming_status_valid: bool
    roaming_status: RoamingStatus | int
    forbidden_valid: bool
    forbidden: bool
    prl_match_valid: bool
    prl_match: bool
    p_rev_valid: bool
    p_rev: int
    base_station_p_rev_valid: bool
    base_station_p_rev: int
    concurrent_service_support_valid: bool
    concurrent_service_support: bool
    cdma_system_id_valid: bool
    sid: int
    nid: int
    base_station_info_valid: bool
    base_station_id: int
    base_station_latitude: int
    base_station_longitude: int
    packet_zone_valid: bool
    packet_zone: int
    network_id_valid: bool
    mcc: str
    mnc: str
    _conv_ = {
        "domain": "ServiceDomain",
        "service_capability": "ServiceDomain",
        "roaming_status": "RoamingStatus",
    }


class HdrSys(Struct):
    domain_valid: bool
    domain: ServiceDomain | int
    service_capability_valid: bool
    service_capability: ServiceDomain | int
    roaming_status_valid: bool
    roaming_status: RoamingStatus | int
    forbidden_valid: bool
    forbidden: bool
    prl_match_valid: bool
    prl_match: bool
    personality_valid: bool
    personality: HdrPersonality | int
    protocol_revision_valid: bool
    protocol_revision: HdrProtocolRevision | int
    is_856_system_id_valid: bool
    is_856_system_id: str
    _conv_ = {
        "domain": "ServiceDomain",
        "service_capability": "ServiceDomain",
        "roaming_status": "RoamingStatus",
        "personality": "HdrPersonality",
        "protocol_revision": "HdrProtocolRevision",
    }


class GsmSys(Struct):
    domain_valid: bool
    domain: ServiceDomain | int
    service_capability_valid: bool
    service_capability: ServiceDomain | int
    roaming_status_valid: bool
    roaming_status: RoamingStatus | int
    forbidden_valid: bool
    forbidden: bool
    lac_valid: bool
    lac: int
    cid_valid: bool
    cid: int
    registration_reject_info_valid: bool
    registration_reject_domain: ServiceDomain | int
    registration_reject_cause: RejectCause | int
    network_id_valid: bool
    mcc: str
    mnc: str
    egprs_support_valid: bool
    egprs_support: bool
    dtm_support_valid: bool
    dtm_support: bool
    _conv_ = {
        "domain": "ServiceDomain",
        "service_capability": "ServiceDomain",
        "roaming_status": "RoamingStatus",
        "registration_reject_domain": "ServiceDomain",
        "registration_reject_cause": "RejectCause",
    }


class WcdmaSys(Struct):
    domain_valid: bool
    domain: ServiceDomain | int
    service_capability_valid: bool
    service_capability: ServiceDomain | int
    roaming_status_valid: bool
    roaming_status: RoamingStatus | int
    forbidden_valid: bool
    forbidden: bool
    lac_valid: bool
    lac: int
    cid_valid: bool
    cid: int
    registration_reject_info_valid: bool
    registration_reject_domain: ServiceDomain | int
    registration_reject_cause: RejectCause | int
    network_id_valid: bool
    mcc: str
    mnc: str
    hs_call_status_valid: bool
    hs_call_status: WcdmaHsService | int
    hs_service_valid: bool
    hs_service: WcdmaHsService | int
    primary_scrambling_code_valid: bool
    primary_scrambling_code: int
    _conv_ = {
        "domain": "ServiceDomain",
        "service_capability": "ServiceDomain",
        "roaming_status": "RoamingStatus",
        "registration_reject_domain": "ServiceDomain",
        "registration_reject_cause": "RejectCause",
        "hs_call_status": "WcdmaHsService",
        "hs_service": "WcdmaHsService",
    }


class LteSys(Struct):
    domain_valid: bool
    domain: ServiceDomain | int
    service_capability_valid: bool
    service_capability: ServiceDomain | int
    roaming_status_valid: bool
    roaming_status: RoamingStatus | int
    forbidden_valid: bool
    forbidden: bool
    lac_valid: bool
    lac: int
    cid_valid: bool
    cid: int
    registration_reject_info_valid: bool
    registration_reject_domain: ServiceDomain | int
    registration_reject_cause: RejectCause | int
    network_id_valid: bool
    mcc: str
    mnc: str
    tac_valid: bool
    tac: int
    _conv_ = {
        "domain": "ServiceDomain",
        "service_capability": "ServiceDomain",
        "roaming_status": "RoamingStatus",
        "registration_reject_domain": "ServiceDomain",
        "registration_reject_cause": "RejectCause",
    }


class AdditionalCdmaSystemInfo(Struct):
    geo_system_index: int
    registration_period: int


class AdditionalHdrSystemInfo(Struct):
    geo_system_index: int


class GeoBroadcast(Struct):
    geo_system_index: int
    cell_broadcast_support: CellBroadcast | int
    _conv_ = {"cell_broadcast_support": "CellBroadcast"}


class TdScdmaSys(Struct):
    domain_valid: bool
    domain: ServiceDomain | int
    service_capability_valid: bool
    service_capability: ServiceDomain | int
    roaming_status_valid: bool
    roaming_status: RoamingStatus | int
    forbidden_valid: bool
    forbidden: bool
    lac_valid: bool
    lac: int
    cid_valid: bool
    cid: int
    registration_reject_info_valid: bool
    registration_reject_domain: ServiceDomain | int
    registration_reject_cause: RejectCause | int
    network_id_valid: bool
    mcc: str
    mnc: str
    hs_call_status_valid: bool
    hs_call_status: WcdmaHsService | int
    hs_service_valid: bool
    hs_service: WcdmaHsService | int
    cell_parameter_id_valid: bool
    cell_parameter_id: int
    cell_broadcast_support_valid: bool
    cell_broadcast_support: CellBroadcast | int
    cs_call_barring_status_valid: bool
    cs_call_barring_status: CallBarringStatus | int
    ps_call_barring_status_valid: bool
    ps_call_barring_status: CallBarringStatus | int
    cipher_domain_valid: bool
    cipher_domain: ServiceDomain | int
    _conv_ = {
        "domain": "ServiceDomain",
        "service_capability": "ServiceDomain",
        "roaming_status": "RoamingStatus",
        "registration_reject_domain": "ServiceDomain",
        "registration_reject_cause": "RejectCause",
        "hs_call_status": "WcdmaHsService",
        "hs_service": "WcdmaHsService",
        "cell_broadcast_support": "CellBroadcast",
        "cs_call_barring_status": "CallBarringStatus",
        "ps_call_barring_status": "CallBarringStatus",
        "cipher_domain": "ServiceDomain",
    }


class Nr5gSys(Struct):
    domain_valid: bool
    domain: ServiceDomain | int
    service_capability_valid: bool
    service_capability: ServiceDomain | int
    roaming_status_valid: bool
    roaming_status: RoamingStatus | int
    forbidden_valid: bool
    forbidden: bool
    lac_valid: bool
    lac: int
    cid_valid: bool
    cid: int
    registration_reject_info_valid: bool
    registration_reject_domain: ServiceDomain | int
    registration_reject_cause: int
    network_id_valid: bool
    mcc: str
    mnc: str
    tac_valid: bool
    tac: int
    _conv_ = {
        "domain": "ServiceDomain",
        "service_capability": "ServiceDomain",
        "roaming_status": "RoamingStatus",
        "registration_reject_domain": "ServiceDomain",
    }


class RssiEcio(Struct):
    rssi: int
    ecio: int


class HdrSignalStrength(Struct):
    rssi: int
    ecio: int
    sinr: EvdoSinrLevel | int
    io: int
    _conv_ = {"sinr": "EvdoSinrLevel"}


class LteSignalStrength(Struct):
    rssi: int
    rsrq: int
    rsrp: int
    snr: int


class TdmaSignalStrengthExtended(Struct):
    rssi: int
    rscp: int
    ecio: int
    sinr: int


class Nr5gSignalStrength(Struct):
    rsrp: int
    snr: int


class LteReport(Struct):
    rate: int
    average_period: int


class RegisterIndications:
    """NAS Register Indications (0x0003)."""

    class Response(_Response):
        _definition_ = _catalog.REGISTER_INDICATIONS

    class Request(_Request[Response]):
        _definition_ = _catalog.REGISTER_INDICATIONS
        system_selection_preference: bool | None = None
        ddtm_events: bool | None = None
        serving_system_events: bool | None = None
        dual_standby_preference: bool | None = None
        subscription_info: bool | None = None
        network_time: bool | None = None
        system_info: bool | None = None
        signal_info: bool | None = None
        error_rate: bool | None = None
        hdr_new_uati_assigned: bool | None = None
        hdr_session_closed: bool | None = None
        managed_roaming: bool | None = None
        current_plmn_name: bool | None = None
        embms_status: bool | None = None
        rf_band_information: bool | None = None
        network_reject_information: NetworkRejectInformation | None = None
        _conv_ = {"network_reject_information": "NetworkRejectInformation"}


class GetSignalStrength:
    """NAS Get Signal Strength (0x0020)."""

    class Response(_Response):
        _definition_ = _catalog.GET_SIGNAL_STRENGTH
        signal_strength: SignalStrength | None = None
        strength_list: tuple[SignalStrength, ...] | None = None
        rssi_list: tuple[Rssi, ...] | None = None
        ecio_list: tuple[Ecio, ...] | None = None
        io: int | None = None
        sinr: EvdoSinrLevel | int | None = None
        error_rate_list: tuple[ErrorRate, ...] | None = None
        rsrq: Rsrq | None = None
        lte_snr: int | None = None
        lte_rsrp: int | None = None
        _conv_ = {
            "signal_strength": "SignalStrength",
            "strength_list": ("SignalStrength",),
            "rssi_list": ("Rssi",),
            "ecio_list": ("Ecio",),
            "sinr": "EvdoSinrLevel",
            "error_rate_list": ("ErrorRate",),
            "rsrq": "Rsrq",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_SIGNAL_STRENGTH
        request_mask: SignalStrengthRequest | None = None
        _conv_ = {"request_mask": "SignalStrengthRequest"}


class NetworkScan:
    """NAS Network Scan (0x0021)."""

    class Response(_Response):
        _definition_ = _catalog.NETWORK_SCAN
        network_information: tuple[ScannedNetwork, ...] | None = None
        radio_access_technology: tuple[ScannedRadio, ...] | None = None
        mnc_pcs_digit_include_status: tuple[PcsStatus, ...] | None = None
        network_scan_result: NetworkScanResult | int | None = None
        _conv_ = {
            "network_information": ("ScannedNetwork",),
            "radio_access_technology": ("ScannedRadio",),
            "mnc_pcs_digit_include_status": ("PcsStatus",),
            "network_scan_result": "NetworkScanResult",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.NETWORK_SCAN
        network_type: NetworkScanType | None = None
        _conv_ = {"network_type": "NetworkScanType"}


class InitiateNetworkRegister:
    """NAS Initiate Network Register (0x0022)."""

    class Response(_Response):
        _definition_ = _catalog.INITIATE_NETWORK_REGISTER

    class Request(_Request[Response]):
        _definition_ = _catalog.INITIATE_NETWORK_REGISTER
        action: NetworkRegisterType | int | None = None
        manual_registration_info_3gpp: ScannedRadio | None = None
        change_duration: ChangeDuration | int | None = None
        mnc_pcs_digit_include_status: bool | None = None
        _conv_ = {
            "action": "NetworkRegisterType",
            "manual_registration_info_3gpp": "ScannedRadio",
            "change_duration": "ChangeDuration",
        }


class GetServingSystem:
    """NAS Get Serving System (0x0024)."""

    class Response(_Response):
        _definition_ = _catalog.GET_SERVING_SYSTEM
        serving_system: ServingSystem | None = None
        roaming_indicator: RoamingIndicator | int | None = None
        data_service_capability: tuple[DataCapability | int, ...] | None = None
        current_plmn: PlmnWithDescription | None = None
        cdma_system_id: SidNid | None = None
        cdma_base_station_info: CdmaBaseStationInfo | None = None
        roaming_indicator_list: tuple[RoamingIndicatorEntry, ...] | None = None
        default_roaming_indicator: RoamingIndicator | int | None = None
        time_zone_3gpp2: TimeZone3gpp2 | None = None
        cdma_p_rev: int | None = None
        time_zone_3gpp: int | None = None
        daylight_saving_time_adjustment_3gpp: int | None = None
        lac_3gpp: int | None = None
        cid_3gpp: int | None = None
        concurrent_service_info_3gpp2: bool | None = None
        prl_indicator_3gpp2: bool | None = None
        dtm_support: bool | None = None
        detailed_service_status: DetailedServiceStatus | None = None
        cdma_system_info: CdmaSystemInfo | None = None
        hdr_personality: HdrPersonality | int | None = None
        lte_tac: int | None = None
        call_barring_status: CallBarring | None = None
        umts_primary_scrambling_code: int | None = None
        mnc_pcs_digit_include_status: PcsStatus | None = None
        network_name_source: NetworkNameSource | int | None = None
        _conv_ = {
            "serving_system": "ServingSystem",
            "roaming_indicator": "RoamingIndicator",
            "data_service_capability": ("DataCapability",),
            "current_plmn": "PlmnWithDescription",
            "cdma_system_id": "SidNid",
            "cdma_base_station_info": "CdmaBaseStationInfo",
            "roaming_indicator_list": ("RoamingIndicatorEntry",),
            "default_roaming_indicator": "RoamingIndicator",
            "time_zone_3gpp2": "TimeZone3gpp2",
            "detailed_service_status": "DetailedServiceStatus",
            "cdma_system_info": "CdmaSystemInfo",
            "hdr_personality": "HdrPersonality",
            "call_barring_status": "CallBarring",
            "mnc_pcs_digit_include_status": "PcsStatus",
            "network_name_source": "NetworkNameSource",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_SERVING_SYSTEM

    class Indication(_Indication):
        _definition_ = _catalog.GET_SERVING_SYSTEM
        serving_system: ServingSystem | None = None
        roaming_indicator: RoamingIndicator | int | None = None
        data_service_capability: tuple[DataCapability | int, ...] | None = None
        current_plmn: PlmnWithDescription | None = None
        cdma_system_id: SidNid | None = None
        cdma_base_station_info: CdmaBaseStationInfo | None = None
        roaming_indicator_list: tuple[RoamingIndicatorEntry, ...] | None = None
        default_roaming_indicator: RoamingIndicator | int | None = None
        time_zone_3gpp2: TimeZone3gpp2 | None = None
        cdma_p_rev: int | None = None
        plmn_name_flag_3gpp: bool | None = None
        time_zone_3gpp: int | None = None
        daylight_saving_time_adjustment_3gpp: int | None = None
        universal_time_and_local_time_zone_3gpp: UniversalTimeAndLocalTimeZone3gpp | None = None
        lac_3gpp: int | None = None
        cid_3gpp: int | None = None
        concurrent_service_info_3gpp2: bool | None = None
        prl_indicator_3gpp2: bool | None = None
        dtm_support: bool | None = None
        detailed_service_status: DetailedServiceStatus | None = None
        cdma_system_info: CdmaSystemInfo | None = None
        hdr_personality: HdrPersonality | int | None = None
        lte_tac: int | None = None
        call_barring_status: CallBarring | None = None
        plmn_not_changed_indication: bool | None = None
        umts_primary_scrambling_code: int | None = None
        mnc_pcs_digit_include_status: PcsStatus | None = None
        network_name_source: NetworkNameSource | int | None = None
        _conv_ = {
            "serving_system": "ServingSystem",
            "roaming_indicator": "RoamingIndicator",
            "data_service_capability": ("DataCapability",),
            "current_plmn": "PlmnWithDescription",
            "cdma_system_id": "SidNid",
            "cdma_base_station_info": "CdmaBaseStationInfo",
            "roaming_indicator_list": ("RoamingIndicatorEntry",),
            "default_roaming_indicator": "RoamingIndicator",
            "time_zone_3gpp2": "TimeZone3gpp2",
            "universal_time_and_local_time_zone_3gpp": "UniversalTimeAndLocalTimeZone3gpp",
            "detailed_service_status": "DetailedServiceStatus",
            "cdma_system_info": "CdmaSystemInfo",
            "hdr_personality": "HdrPersonality",
            "call_barring_status": "CallBarring",
            "mnc_pcs_digit_include_status": "PcsStatus",
            "network_name_source": "NetworkNameSource",
        }


class GetHomeNetwork:
    """NAS Get Home Network (0x0025)."""

    class Response(_Response):
        _definition_ = _catalog.GET_HOME_NETWORK
        home_network: PlmnWithDescription | None = None
        home_system_id: SidNid | None = None
        home_network_3gpp2_ext: HomeNetwork3gpp2Ext | None = None
        home_network_3gpp_mnc: HomeNetwork3gppMnc | None = None
        network_name_source: NetworkNameSource | int | None = None
        _conv_ = {
            "home_network": "PlmnWithDescription",
            "home_system_id": "SidNid",
            "home_network_3gpp2_ext": "HomeNetwork3gpp2Ext",
            "home_network_3gpp_mnc": "HomeNetwork3gppMnc",
            "network_name_source": "NetworkNameSource",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_HOME_NETWORK


class SetSystemSelectionPreference:
    """NAS Set System Selection Preference (0x0033)."""

    class Response(_Response):
        _definition_ = _catalog.SET_SYSTEM_SELECTION_PREFERENCE

    class Request(_Request[Response]):
        _definition_ = _catalog.SET_SYSTEM_SELECTION_PREFERENCE
        emergency_mode: bool | None = None
        mode_preference: RatModePreference | None = None
        band_preference: int | None = None
        cdma_prl_preference: CdmaPrlPreference | int | None = None
        roaming_preference: RoamingPreference | int | None = None
        lte_band_preference: tuple[int, ...] | None = None
        network_selection_preference: NetworkSelectionPreference | None = None
        change_duration: ChangeDuration | int | None = None
        service_domain_preference: ServiceDomainPreference | int | None = None
        gsm_wcdma_acquisition_order_preference: GsmWcdmaAcquisitionOrder | int | None = None
        mnc_pcs_digit_include_status: bool | None = None
        td_scdma_band_preference: TdScdmaBands | None = None
        acquisition_order_preference: tuple[RadioInterface | int, ...] | None = None
        network_selection_registration_restriction: RegistrationRestriction | int | None = None
        usage_preference: UsagePreference | int | None = None
        voice_domain_preference: VoiceDomainPreference | int | None = None
        extended_lte_band_preference: tuple[int, ...] | None = None
        nr5g_sa_band_preference: tuple[int, ...] | None = None
        nr5g_nsa_band_preference: tuple[int, ...] | None = None
        _conv_ = {
            "mode_preference": "RatModePreference",
            "cdma_prl_preference": "CdmaPrlPreference",
            "roaming_preference": "RoamingPreference",
            "lte_band_preference": (None,),
            "network_selection_preference": "NetworkSelectionPreference",
            "change_duration": "ChangeDuration",
            "service_domain_preference": "ServiceDomainPreference",
            "gsm_wcdma_acquisition_order_preference": "GsmWcdmaAcquisitionOrder",
            "td_scdma_band_preference": "TdScdmaBands",
            "acquisition_order_preference": ("RadioInterface",),
            "network_selection_registration_restriction": "RegistrationRestriction",
            "usage_preference": "UsagePreference",
            "voice_domain_preference": "VoiceDomainPreference",
            "extended_lte_band_preference": (None,),
            "nr5g_sa_band_preference": (None,),
            "nr5g_nsa_band_preference": (None,),
        }


class GetSystemSelectionPreference:
    """NAS Get System Selection Preference (0x0034)."""

    class Response(_Response):
        _definition_ = _catalog.GET_SYSTEM_SELECTION_PREFERENCE
        emergency_mode: bool | None = None
        mode_preference: RatModePreference | None = None
        band_preference: int | None = None
        cdma_prl_preference: CdmaPrlPreference | int | None = None
        roaming_preference: RoamingPreference | int | None = None
        lte_band_preference: tuple[int, ...] | None = None
        network_selection_preference: NetworkSelection | int | None = None
        service_domain_preference: ServiceDomainPreference | int | None = None
        gsm_wcdma_acquisition_order_preference: GsmWcdmaAcquisitionOrder | int | None = None
        td_scdma_band_preference: TdScdmaBands | None = None
        manual_network_selection: PcsStatus | None = None
        acquisition_order_preference: tuple[RadioInterface | int, ...] | None = None
        network_selection_registration_restriction: RegistrationRestriction | int | None = None
        usage_preference: UsagePreference | int | None = None
        voice_domain_preference: VoiceDomainPreference | int | None = None
        disabled_modes: RatModePreference | None = None
        extended_lte_band_preference: tuple[int, ...] | None = None
        nr5g_sa_band_preference: tuple[int, ...] | None = None
        nr5g_nsa_band_preference: tuple[int, ...] | None = None
        _conv_ = {
            "mode_preference": "RatModePreference",
            "cdma_prl_preference": "CdmaPrlPreference",
            "roaming_preference": "RoamingPreference",
            "lte_band_preference": (None,),
            "network_selection_preference": "NetworkSelection",
            "service_domain_preference": "ServiceDomainPreference",
            "gsm_wcdma_acquisition_order_preference": "GsmWcdmaAcquisitionOrder",
            "td_scdma_band_preference": "TdScdmaBands",
            "manual_network_selection": "PcsStatus",
            "acquisition_order_preference": ("RadioInterface",),
            "network_selection_registration_restriction": "RegistrationRestriction",
            "usage_preference": "UsagePreference",
            "voice_domain_preference": "VoiceDomainPreference",
            "disabled_modes": "RatModePreference",
            "extended_lte_band_preference": (None,),
            "nr5g_sa_band_preference": (None,),
            "nr5g_nsa_band_preference": (None,),
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_SYSTEM_SELECTION_PREFERENCE


class GetOperatorName:
    """NAS Get Operator Name (0x0039)."""

    class Response(_Response):
        _definition_ = _catalog.GET_OPERATOR_NAME
        service_provider_name: ServiceProviderName | None = None
        operator_plmn_list: tuple[OperatorPlmn, ...] | None = None
        operator_plmn_name: tuple[OperatorPlmnName, ...] | None = None
        operator_string_name: str | None = None
        nitz_information: OperatorPlmnName | None = None
        _conv_ = {
            "service_provider_name": "ServiceProviderName",
            "operator_plmn_list": ("OperatorPlmn",),
            "operator_plmn_name": ("OperatorPlmnName",),
            "nitz_information": "OperatorPlmnName",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_OPERATOR_NAME


class GetCellLocationInfo:
    """NAS Get Cell Location Info (0x0043)."""

    class Response(_Response):
        _definition_ = _catalog.GET_CELL_LOCATION_INFO
        geran_info: GeranInfo | None = None
        umts_info: UmtsInfo | None = None
        cdma_info: CdmaInfo | None = None
        intrafrequency_lte_info: IntrafrequencyLte | None = None
        interfrequency_lte_info: InterfrequencyLte | None = None
        lte_info_neighboring_gsm: LteNeighboringGsm | None = None
        lte_info_neighboring_wcdma: LteNeighboringWcdma | None = None
        umts_cell_id: int | None = None
        umts_info_neighboring_lte: UmtsNeighboringLte | None = None
        lte_timing_advance: int | None = None
        nr5g_arfcn: int | None = None
        nr5g_cell_information: Nr5gCell | None = None
        _conv_ = {
            "geran_info": "GeranInfo",
            "umts_info": "UmtsInfo",
            "cdma_info": "CdmaInfo",
            "intrafrequency_lte_info": "IntrafrequencyLte",
            "interfrequency_lte_info": "InterfrequencyLte",
            "lte_info_neighboring_gsm": "LteNeighboringGsm",
            "lte_info_neighboring_wcdma": "LteNeighboringWcdma",
            "umts_info_neighboring_lte": "UmtsNeighboringLte",
            "nr5g_cell_information": "Nr5gCell",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_CELL_LOCATION_INFO


class GetSystemInfo:
    """NAS Get System Info (0x004d)."""

    class Response(_Response):
        _definition_ = _catalog.GET_SYSTEM_INFO
        cdma_service_status: ServiceStatusInfo | None = None
        hdr_service_status: ServiceStatusInfo | None = None
        gsm_service_status: TrueServiceStatusInfo | None = None
        wcdma_service_status: TrueServiceStatusInfo | None = None
        lte_service_status: TrueServiceStatusInfo | None = None
        cdma_system_info: CdmaSys | None = None
        hdr_system_info: HdrSys | None = None
        gsm_system_info_v2: GsmSys | None = None
        wcdma_system_info_v2: WcdmaSys | None = None
        lte_system_info_v2: LteSys | None = None
        additional_cdma_system_info: AdditionalCdmaSystemInfo | None = None
        additional_hdr_system_info: AdditionalHdrSystemInfo | None = None
        additional_gsm_system_info: GeoBroadcast | None = None
        additional_wcdma_system_info: GeoBroadcast | None = None
        additional_lte_system_info: AdditionalHdrSystemInfo | None = None
        gsm_call_barring_status: CallBarring | None = None
        wcdma_call_barring_status: CallBarring | None = None
        lte_voice_support: bool | None = None
        gsm_cipher_domain: ServiceDomain | int | None = None
        wcdma_cipher_domain: ServiceDomain | int | None = None
        td_scdma_service_status: TrueServiceStatusInfo | None = None
        td_scdma_system_info_v2: TdScdmaSys | None = None
        lte_embms_coverage_info_support: bool | None = None
        sim_reject_info: SimRejectState | int | None = None
        ims_voice_support: bool | None = None
        lte_voice_domain: LteVoiceDomain | int | None = None
        cdma_registration_zone_id: int | None = None
        gsm_routing_area_code: int | None = None
        wcdma_routing_area_code: int | None = None
        cdma_resolved_mcc: int | None = None
        network_selection_registration_restriction: RegistrationRestriction | int | None = None
        lte_registration_domain: LteRegistrationDomain | int | None = None
        lte_embms_coverage_info_trace_id: int | None = None
        lte_cell_access_status: LteCellAccessStatus | int | None = None
        nr5g_service_status: TrueServiceStatusInfo | None = None
        nr5g_system_info: Nr5gSys | None = None
        eutra_with_nr5g_availability: bool | None = None
        dcnr_restriction_info: bool | None = None
        nr5g_tracking_area_code: int | None = None
        _conv_ = {
            "cdma_service_status": "ServiceStatusInfo",
            "hdr_service_status": "ServiceStatusInfo",
            "gsm_service_status": "TrueServiceStatusInfo",
            "wcdma_service_status": "TrueServiceStatusInfo",
            "lte_service_status": "TrueServiceStatusInfo",
            "cdma_system_info": "CdmaSys",
            "hdr_system_info": "HdrSys",
            "gsm_system_info_v2": "GsmSys",
            "wcdma_system_info_v2": "WcdmaSys",
            "lte_system_info_v2": "LteSys",
            "additional_cdma_system_info": "AdditionalCdmaSystemInfo",
            "additional_hdr_system_info": "AdditionalHdrSystemInfo",
            "additional_gsm_system_info": "GeoBroadcast",
            "additional_wcdma_system_info": "GeoBroadcast",
            "additional_lte_system_info": "AdditionalHdrSystemInfo",
            "gsm_call_barring_status": "CallBarring",
            "wcdma_call_barring_status": "CallBarring",
            "gsm_cipher_domain": "ServiceDomain",
            "wcdma_cipher_domain": "ServiceDomain",
            "td_scdma_service_status": "TrueServiceStatusInfo",
            "td_scdma_system_info_v2": "TdScdmaSys",
            "sim_reject_info": "SimRejectState",
            "lte_voice_domain": "LteVoiceDomain",
            "network_selection_registration_restriction": "RegistrationRestriction",
            "lte_registration_domain": "LteRegistrationDomain",
            "lte_cell_access_status": "LteCellAccessStatus",
            "nr5g_service_status": "TrueServiceStatusInfo",
            "nr5g_system_info": "Nr5gSys",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_SYSTEM_INFO


class SystemInfo:
    """NAS System Info (0x004e)."""

    class Indication(_Indication):
        _definition_ = _catalog.SYSTEM_INFO
        cdma_service_status: ServiceStatusInfo | None = None
        hdr_service_status: ServiceStatusInfo | None = None
        gsm_service_status: TrueServiceStatusInfo | None = None
        wcdma_service_status: TrueServiceStatusInfo | None = None
        lte_service_status: TrueServiceStatusInfo | None = None
        cdma_system_info: CdmaSys | None = None
        hdr_system_info: HdrSys | None = None
        gsm_system_info_v2: GsmSys | None = None
        wcdma_system_info_v2: WcdmaSys | None = None
        lte_system_info_v2: LteSys | None = None
        additional_cdma_system_info: AdditionalCdmaSystemInfo | None = None
        additional_hdr_system_info: AdditionalHdrSystemInfo | None = None
        additional_gsm_system_info: GeoBroadcast | None = None
        additional_wcdma_system_info: GeoBroadcast | None = None
        additional_lte_system_info: AdditionalHdrSystemInfo | None = None
        gsm_call_barring_status: CallBarring | None = None
        wcdma_call_barring_status: CallBarring | None = None
        lte_voice_support: bool | None = None
        gsm_cipher_domain: ServiceDomain | int | None = None
        wcdma_cipher_domain: ServiceDomain | int | None = None
        plmn_not_changed_indication: bool | None = None
        td_scdma_service_status: TrueServiceStatusInfo | None = None
        td_scdma_system_info_v2: TdScdmaSys | None = None
        lte_embms_coverage_info_support: bool | None = None
        sim_reject_info: SimRejectState | int | None = None
        nr5g_service_status: TrueServiceStatusInfo | None = None
        nr5g_system_info: Nr5gSys | None = None
        eutra_with_nr5g_availability: bool | None = None
        dcnr_restriction_info: bool | None = None
        nr5g_tracking_area_code: int | None = None
        _conv_ = {
            "cdma_service_status": "ServiceStatusInfo",
            "hdr_service_status": "ServiceStatusInfo",
            "gsm_service_status": "TrueServiceStatusInfo",
            "wcdma_service_status": "TrueServiceStatusInfo",
            "lte_service_status": "TrueServiceStatusInfo",
            "cdma_system_info": "CdmaSys",
            "hdr_system_info": "HdrSys",
            "gsm_system_info_v2": "GsmSys",
            "wcdma_system_info_v2": "WcdmaSys",
            "lte_system_info_v2": "LteSys",
            "additional_cdma_system_info": "AdditionalCdmaSystemInfo",
            "additional_hdr_system_info": "AdditionalHdrSystemInfo",
            "additional_gsm_system_info": "GeoBroadcast",
            "additional_wcdma_system_info": "GeoBroadcast",
            "additional_lte_system_info": "AdditionalHdrSystemInfo",
            "gsm_call_barring_status": "CallBarring",
            "wcdma_call_barring_status": "CallBarring",
            "gsm_cipher_domain": "ServiceDomain",
            "wcdma_cipher_domain": "ServiceDomain",
            "td_scdma_service_status": "TrueServiceStatusInfo",
            "td_scdma_system_info_v2": "TdScdmaSys",
            "sim_reject_info": "SimRejectState",
            "nr5g_service_status": "TrueServiceStatusInfo",
            "nr5g_system_info": "Nr5gSys",
        }


class GetSignalInfo:
    """NAS Get Signal Info (0x004f)."""

    class Response(_Response):
        _definition_ = _catalog.GET_SIGNAL_INFO
        cdma_signal_strength: RssiEcio | None = None
        hdr_signal_strength: HdrSignalStrength | None = None
        gsm_signal_strength: int | None = None
        wcdma_signal_strength: RssiEcio | None = None
        lte_signal_strength: LteSignalStrength | None = None
        tdma_signal_strength: int | None = None
        tdma_signal_strength_extended: TdmaSignalStrengthExtended | None = None
        nr5g_signal_strength: Nr5gSignalStrength | None = None
        nr5g_rsrq: int | None = None
        wcdma_rscp: int | None = None
        _conv_ = {
            "cdma_signal_strength": "RssiEcio",
            "hdr_signal_strength": "HdrSignalStrength",
            "wcdma_signal_strength": "RssiEcio",
            "lte_signal_strength": "LteSignalStrength",
            "tdma_signal_strength_extended": "TdmaSignalStrengthExtended",
            "nr5g_signal_strength": "Nr5gSignalStrength",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_SIGNAL_INFO


class ConfigSignalInfo:
    """NAS Config Signal Info (0x0050)."""

    class Response(_Response):
        _definition_ = _catalog.CONFIG_SIGNAL_INFO

    class Request(_Request[Response]):
        _definition_ = _catalog.CONFIG_SIGNAL_INFO
        rssi_threshold: tuple[int, ...] | None = None
        ecio_threshold: tuple[int, ...] | None = None
        sinr_threshold: tuple[int, ...] | None = None
        lte_snr_threshold: tuple[int, ...] | None = None
        io_threshold: tuple[int, ...] | None = None
        rsrq_threshold: tuple[int, ...] | None = None
        rsrp_threshold: tuple[int, ...] | None = None
        lte_report: LteReport | None = None
        rscp_threshold: tuple[int, ...] | None = None
        _conv_ = {
            "rssi_threshold": (None,),
            "ecio_threshold": (None,),
            "sinr_threshold": (None,),
            "lte_snr_threshold": (None,),
            "io_threshold": (None,),
            "rsrq_threshold": (None,),
            "rsrp_threshold": (None,),
            "lte_report": "LteReport",
            "rscp_threshold": (None,),
        }


class SignalInfo:
    """NAS Signal Info (0x0051)."""

    class Indication(_Indication):
        _definition_ = _catalog.SIGNAL_INFO
        cdma_signal_strength: RssiEcio | None = None
        hdr_signal_strength: HdrSignalStrength | None = None
        gsm_signal_strength: int | None = None
        wcdma_signal_strength: RssiEcio | None = None
        lte_signal_strength: LteSignalStrength | None = None
        tdma_signal_strength: int | None = None
        nr5g_signal_strength: Nr5gSignalStrength | None = None
        nr5g_rsrq: int | None = None
        wcdma_rscp: int | None = None
        _conv_ = {
            "cdma_signal_strength": "RssiEcio",
            "hdr_signal_strength": "HdrSignalStrength",
            "wcdma_signal_strength": "RssiEcio",
            "lte_signal_strength": "LteSignalStrength",
            "nr5g_signal_strength": "Nr5gSignalStrength",
        }
