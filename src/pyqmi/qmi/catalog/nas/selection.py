"""NAS system selection preference: which radios, bands and networks the modem may use."""

from __future__ import annotations

import construct as c

from pyqmi.qmi.catalog.nas.fields import mcc_mnc, pcs_status
from pyqmi.qmi.catalog.nas.values import (
    CDMA_PRL_PREFERENCE,
    CHANGE_DURATION,
    GSM_WCDMA_ACQUISITION_ORDER,
    NETWORK_SELECTION,
    RADIO_INTERFACE,
    RAT_MODE_PREFERENCE,
    REGISTRATION_RESTRICTION,
    ROAMING_PREFERENCE,
    SERVICE_DOMAIN_PREFERENCE,
    TD_SCDMA_BANDS,
    USAGE_PREFERENCE,
    VOICE_DOMAIN_PREFERENCE,
)
from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import array8, band_list, boolean, u64

S = Service.NAS

# Band masks: bit n is band n + 1.
_lte_bands = band_list(1)
_extended_lte_bands = band_list(4)
_nr5g_bands = band_list(8)

SET_SYSTEM_SELECTION_PREFERENCE = MessageDef(
    S,
    0x0033,
    "set_system_selection_preference",
    title="NAS Set System Selection Preference",
    request=(
        TlvDef(0x10, "emergency_mode", boolean),
        TlvDef(0x11, "mode_preference", RAT_MODE_PREFERENCE),
        TlvDef(0x12, "band_preference", u64),
        TlvDef(0x13, "cdma_prl_preference", CDMA_PRL_PREFERENCE),
        TlvDef(0x14, "roaming_preference", ROAMING_PREFERENCE),
        TlvDef(0x15, "lte_band_preference", _lte_bands),
        TlvDef(
            0x16,
            "network_selection_preference",
            c.Struct("mode" / NETWORK_SELECTION, *mcc_mnc),
        ),
        TlvDef(0x17, "change_duration", CHANGE_DURATION),
        TlvDef(0x18, "service_domain_preference", SERVICE_DOMAIN_PREFERENCE),
        TlvDef(0x19, "gsm_wcdma_acquisition_order_preference", GSM_WCDMA_ACQUISITION_ORDER),
        TlvDef(0x1A, "mnc_pcs_digit_include_status", boolean),
        TlvDef(0x1D, "td_scdma_band_preference", TD_SCDMA_BANDS),
        TlvDef(0x1E, "acquisition_order_preference", array8(RADIO_INTERFACE)),
        TlvDef(0x1F, "network_selection_registration_restriction", REGISTRATION_RESTRICTION),
        TlvDef(0x21, "usage_preference", USAGE_PREFERENCE),
        TlvDef(0x23, "voice_domain_preference", VOICE_DOMAIN_PREFERENCE),
        TlvDef(0x24, "extended_lte_band_preference", _extended_lte_bands),
        TlvDef(0x2F, "nr5g_sa_band_preference", _nr5g_bands),
        TlvDef(0x30, "nr5g_nsa_band_preference", _nr5g_bands),
    ),
)

GET_SYSTEM_SELECTION_PREFERENCE = MessageDef(
    S,
    0x0034,
    "get_system_selection_preference",
    title="NAS Get System Selection Preference",
    response=(
        TlvDef(0x10, "emergency_mode", boolean),
        TlvDef(0x11, "mode_preference", RAT_MODE_PREFERENCE),
        TlvDef(0x12, "band_preference", u64),
        TlvDef(0x13, "cdma_prl_preference", CDMA_PRL_PREFERENCE),
        TlvDef(0x14, "roaming_preference", ROAMING_PREFERENCE),
        TlvDef(0x15, "lte_band_preference", _lte_bands),
        TlvDef(0x16, "network_selection_preference", NETWORK_SELECTION),
        TlvDef(0x18, "service_domain_preference", SERVICE_DOMAIN_PREFERENCE),
        TlvDef(0x19, "gsm_wcdma_acquisition_order_preference", GSM_WCDMA_ACQUISITION_ORDER),
        TlvDef(0x1A, "td_scdma_band_preference", TD_SCDMA_BANDS),
        TlvDef(0x1B, "manual_network_selection", pcs_status),
        TlvDef(0x1C, "acquisition_order_preference", array8(RADIO_INTERFACE)),
        TlvDef(0x1D, "network_selection_registration_restriction", REGISTRATION_RESTRICTION),
        TlvDef(0x1F, "usage_preference", USAGE_PREFERENCE),
        TlvDef(0x20, "voice_domain_preference", VOICE_DOMAIN_PREFERENCE),
        TlvDef(0x22, "disabled_modes", RAT_MODE_PREFERENCE),
        TlvDef(0x23, "extended_lte_band_preference", _extended_lte_bands),
        TlvDef(0x2C, "nr5g_sa_band_preference", _nr5g_bands),
        TlvDef(0x2D, "nr5g_nsa_band_preference", _nr5g_bands),
    ),
)
