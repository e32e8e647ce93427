"""NAS signal: the legacy Get Signal Strength, the per-technology Get Signal Info, and
its push form: Config Signal Info sets report thresholds, the Signal Info indication
carries the same per-technology values when one is crossed (register_indications'
``signal_info`` turns it on)."""

from __future__ import annotations

import construct as c

from pyqmi.qmi.catalog.nas.fields import radio_item
from pyqmi.qmi.catalog.nas.values import EVDO_SINR_LEVEL, SIGNAL_STRENGTH_REQUEST
from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import array8, array16, i8, i16, i32, u8, u16

S = Service.NAS

GET_SIGNAL_STRENGTH = MessageDef(
    S,
    0x0020,
    "get_signal_strength",
    title="NAS Get Signal Strength",
    request=(TlvDef(0x10, "request_mask", SIGNAL_STRENGTH_REQUEST),),
    response=(
        TlvDef(0x01, "signal_strength", c.Struct("strength_dbm" / i8, radio_item)),
        TlvDef(0x10, "strength_list", array16(c.Struct("strength_dbm" / i8, radio_item))),
        # RSSI as a magnitude (-dBm); ECIO in -0.5 dB units.
        TlvDef(0x11, "rssi_list", array16(c.Struct("rssi" / u8, radio_item))),
        TlvDef(0x12, "ecio_list", array16(c.Struct("ecio" / u8, radio_item))),
        TlvDef(0x13, "io", i32),
        TlvDef(0x14, "sinr", EVDO_SINR_LEVEL),
        TlvDef(0x15, "error_rate_list", array16(c.Struct("rate" / u16, radio_item))),
        TlvDef(0x16, "rsrq", c.Struct("rsrq" / i8, radio_item)),
        TlvDef(0x17, "lte_snr", i16),  # 0.1 dB
        TlvDef(0x18, "lte_rsrp", i16),
    ),
)

# Units: RSSI/RSRP dBm, ECIO -0.5 dB (CDMA/HDR/WCDMA) or dB, RSRQ dB, SNR 0.1 dB.
_CDMA = TlvDef(0x10, "cdma_signal_strength", c.Struct("rssi" / i8, "ecio" / i16))
_HDR = TlvDef(
    0x11,
    "hdr_signal_strength",
    c.Struct("rssi" / i8, "ecio" / i16, "sinr" / EVDO_SINR_LEVEL, "io" / i32),
)
_GSM = TlvDef(0x12, "gsm_signal_strength", i8)
_WCDMA = TlvDef(0x13, "wcdma_signal_strength", c.Struct("rssi" / i8, "ecio" / i16))
_LTE = TlvDef(
    0x14,
    "lte_signal_strength",
    c.Struct("rssi" / i8, "rsrq" / i8, "rsrp" / i16, "snr" / i16),
)
_TDMA = TlvDef(0x15, "tdma_signal_strength", i8)
_NR5G = TlvDef(0x17, "nr5g_signal_strength", c.Struct("rsrp" / i16, "snr" / i16))
_NR5G_RSRQ = TlvDef(0x18, "nr5g_rsrq", i16)
_WCDMA_RSCP = TlvDef(0x19, "wcdma_rscp", i16)

GET_SIGNAL_INFO = MessageDef(
    S,
    0x004F,
    "get_signal_info",
    title="NAS Get Signal Info",
    response=(
        _CDMA,
        _HDR,
        _GSM,
        _WCDMA,
        _LTE,
        _TDMA,
        TlvDef(
            0x16,
            "tdma_signal_strength_extended",
            c.Struct("rssi" / i32, "rscp" / i32, "ecio" / i32, "sinr" / i32),
        ),
        _NR5G,
        _NR5G_RSRQ,
        _WCDMA_RSCP,
    ),
)

# Each threshold list has a u8 count; the values are in the units of the matching
# Get Signal Info field (SINR: the EV-DO level number, 0..8).  A report fires when a
# value crosses one of the listed thresholds.
CONFIG_SIGNAL_INFO = MessageDef(
    S,
    0x0050,
    "config_signal_info",
    title="NAS Config Signal Info",
    request=(
        TlvDef(0x10, "rssi_threshold", array8(i8)),
        TlvDef(0x11, "ecio_threshold", array8(i16)),
        TlvDef(0x12, "sinr_threshold", array8(u8)),
        TlvDef(0x13, "lte_snr_threshold", array8(i16)),
        TlvDef(0x14, "io_threshold", array8(i32)),
        TlvDef(0x15, "rsrq_threshold", array8(i8)),
        TlvDef(0x16, "rsrp_threshold", array8(i16)),
        # LTE reporting: rate and averaging period, as firmware codes (0 = default).
        TlvDef(0x17, "lte_report", c.Struct("rate" / u8, "average_period" / u8)),
        TlvDef(0x18, "rscp_threshold", array8(i8)),
    ),
)

# The push form of Get Signal Info: the same TLVs, minus the extended TD-SCDMA one.
SIGNAL_INFO = MessageDef(
    S,
    0x0051,
    "signal_info",
    title="NAS Signal Info",
    indication=(_CDMA, _HDR, _GSM, _WCDMA, _LTE, _TDMA, _NR5G, _NR5G_RSRQ, _WCDMA_RSCP),
)
