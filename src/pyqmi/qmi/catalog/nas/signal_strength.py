"""NAS signal: the legacy Get Signal Strength and the per-technology Get Signal Info."""

from __future__ import annotations

import construct as c

from pyqmi.qmi.catalog.nas.fields import radio_item
from pyqmi.qmi.catalog.nas.values import EVDO_SINR_LEVEL, SIGNAL_STRENGTH_REQUEST
from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import array16, i8, i16, i32, u8, u16

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
GET_SIGNAL_INFO = MessageDef(
    S,
    0x004F,
    "get_signal_info",
    title="NAS Get Signal Info",
    response=(
        TlvDef(0x10, "cdma_signal_strength", c.Struct("rssi" / i8, "ecio" / i16)),
        TlvDef(
            0x11,
            "hdr_signal_strength",
            c.Struct("rssi" / i8, "ecio" / i16, "sinr" / EVDO_SINR_LEVEL, "io" / i32),
        ),
        TlvDef(0x12, "gsm_signal_strength", i8),
        TlvDef(0x13, "wcdma_signal_strength", c.Struct("rssi" / i8, "ecio" / i16)),
        TlvDef(
            0x14,
            "lte_signal_strength",
            c.Struct("rssi" / i8, "rsrq" / i8, "rsrp" / i16, "snr" / i16),
        ),
        TlvDef(0x15, "tdma_signal_strength", i8),
        TlvDef(
            0x16,
            "tdma_signal_strength_extended",
            c.Struct("rssi" / i32, "rscp" / i32, "ecio" / i32, "sinr" / i32),
        ),
        TlvDef(0x17, "nr5g_signal_strength", c.Struct("rsrp" / i16, "snr" / i16)),
        TlvDef(0x18, "nr5g_rsrq", i16),
        TlvDef(0x19, "wcdma_rscp", i16),
    ),
)
