"""NAS cell location info: the serving cell and its neighbours for each technology."""

from __future__ import annotations

import construct as c

from pyqmi.qmi.catalog.nas.fields import nr5g_tac
from pyqmi.qmi.catalog.nas.text import bcd_plmn
from pyqmi.qmi.catalog.nas.values import WCDMA_RRC_STATE
from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import array8, boolean, i16, u8, u16, u32, u64

S = Service.NAS

_geran_cell = c.Struct(
    "cell_id" / u32,
    "plmn" / bcd_plmn(),
    "lac" / u16,
    "arfcn" / u16,
    "bsic" / u8,
    "rx_level" / u16,
)
_geran_info = c.Struct(
    "cell_id" / u32,
    "plmn" / bcd_plmn(),
    "lac" / u16,
    "arfcn" / u16,
    "bsic" / u8,
    "timing_advance" / u32,
    "rx_level" / u16,
    "cells" / array8(_geran_cell),
)
_umts_info = c.Struct(
    "cell_id" / u16,
    "plmn" / bcd_plmn(),
    "lac" / u16,
    "uarfcn" / u16,
    "primary_scrambling_code" / u16,
    "rscp" / i16,
    "ecio" / i16,
    "cells"
    / array8(c.Struct("uarfcn" / u16, "primary_scrambling_code" / u16, "rscp" / i16, "ecio" / i16)),
    "neighboring_geran"
    / array8(
        c.Struct(
            "arfcn" / u16,
            "network_color_code" / u8,
            "base_station_color_code" / u8,
            "rssi" / i16,
        )
    ),
)
_cdma_info = c.Struct(
    "system_id" / u16,
    "network_id" / u16,
    "base_station_id" / u16,
    "reference_pn" / u16,
    "latitude" / u32,
    "longitude" / u32,
)
_lte_cell = c.Struct(
    "physical_cell_id" / u16,
    "rsrq" / i16,
    "rsrp" / i16,
    "rssi" / i16,
    "cell_selection_rx_level" / i16,
)
_intrafrequency_lte = c.Struct(
    "ue_in_idle" / boolean,
    "plmn" / bcd_plmn(),
    "tracking_area_code" / u16,
    "global_cell_id" / u32,
    "earfcn" / u16,
    "serving_cell_id" / u16,
    "cell_reselection_priority" / u8,
    "s_non_intra_search_threshold" / u8,
    "serving_cell_low_threshold" / u8,
    "s_intra_search_threshold" / u8,
    "cells" / array8(_lte_cell),
)
_interfrequency_lte = c.Struct(
    "ue_in_idle" / boolean,
    "frequencies"
    / array8(
        c.Struct(
            "earfcn" / u16,
            "cell_selection_rx_level_low_threshold" / u8,
            "cell_selection_rx_level_high_threshold" / u8,
            "cell_reselection_priority" / u8,
            "cells" / array8(_lte_cell),
        )
    ),
)
_lte_neighboring_gsm = c.Struct(
    "ue_in_idle" / boolean,
    "frequencies"
    / array8(
        c.Struct(
            "cell_reselection_priority" / u8,
            "cell_reselection_high_threshold" / u8,
            "cell_reselection_low_threshold" / u8,
            "ncc_permitted" / u8,
            "cells"
            / array8(
                c.Struct(
                    "arfcn" / u16,
                    "band_is_1900" / boolean,
                    "cell_id_valid" / boolean,
                    "bsic" / u8,
                    "rssi" / i16,
                    "cell_selection_rx_level" / i16,
                )
            ),
        )
    ),
)
_lte_neighboring_wcdma = c.Struct(
    "ue_in_idle" / boolean,
    "frequencies"
    / array8(
        c.Struct(
            "uarfcn" / u16,
            "cell_reselection_priority" / u8,
            "cell_reselection_high_threshold" / u16,
            "cell_reselection_low_threshold" / u16,
            "cells"
            / array8(
                c.Struct(
                    "primary_scrambling_code" / u16,
                    "cpich_rscp" / i16,
                    "cpich_ecno" / i16,
                    "cell_selection_rx_level" / i16,
                )
            ),
        )
    ),
)
_umts_neighboring_lte = c.Struct(
    "rrc_state" / WCDMA_RRC_STATE,
    "frequencies"
    / array8(
        c.Struct(
            "earfcn" / u16,
            "physical_cell_id" / u16,
            "rsrp" / c.Float32l,
            "rsrq" / c.Float32l,
            "cell_selection_rx_level" / i16,
            "is_tdd" / boolean,
        )
    ),
)
_nr5g_cell = c.Struct(
    "plmn" / bcd_plmn(),
    "tracking_area_code" / nr5g_tac,
    "global_cell_id" / u64,
    "physical_cell_id" / u16,
    "rsrq" / i16,
    "rsrp" / i16,
    "snr" / i16,
)


GET_CELL_LOCATION_INFO = MessageDef(
    S,
    0x0043,
    "get_cell_location_info",
    title="NAS Get Cell Location Info",
    response=(
        TlvDef(0x10, "geran_info", _geran_info),
        TlvDef(0x11, "umts_info", _umts_info),
        TlvDef(0x12, "cdma_info", _cdma_info),
        TlvDef(0x13, "intrafrequency_lte_info", _intrafrequency_lte),
        TlvDef(0x14, "interfrequency_lte_info", _interfrequency_lte),
        TlvDef(0x15, "lte_info_neighboring_gsm", _lte_neighboring_gsm),
        TlvDef(0x16, "lte_info_neighboring_wcdma", _lte_neighboring_wcdma),
        TlvDef(0x17, "umts_cell_id", u32),
        TlvDef(0x18, "umts_info_neighboring_lte", _umts_neighboring_lte),
        TlvDef(0x1E, "lte_timing_advance", u32),
        TlvDef(0x2E, "nr5g_arfcn", u32),
        TlvDef(0x2F, "nr5g_cell_information", _nr5g_cell),
    ),
)
