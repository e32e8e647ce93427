"""NAS Get Cell Location Info: the serving cell and its neighbours, from the scenario.

Only a registered modem with its radio on knows its cells; otherwise the answer is
INFORMATION_UNAVAILABLE (radio off: NO_RADIO, as ``get_signal_info``).  The serving cell's
identity is the one ``handlers/nas.py`` reports in the serving system (cell ID, LAC, TAC),
its channel and physical cell ID the scenario's.  Levels go on the wire in tenths of a dB, as the
message carries them: the serving LTE cell at the modem's current RSRP/RSRQ/RSSI, then
the scenario's ``neighbours`` on the same EARFCN.  A "5gnr" modem is non-standalone: the
LTE anchor as above plus the NR cell (NR-ARFCN, PCI, its levels).  A "umts" or "gsm"
modem reports its 3G or 2G serving cell only.
"""

from __future__ import annotations

from pyqmi.qmi.typed import nas
from pyqmi.sim.core import Context, SimError
from pyqmi.sim.handlers import nas_signal
from pyqmi.sim.handlers.nas import CELL_ID, LAC, TAC
from pyqmi.sim.registry import handles

UARFCN = 10700  # a band 1 channel, for a "umts" modem
ARFCN = 62  # a GSM 900 channel, for a "gsm" modem


def _plmn(ctx: Context) -> nas.BcdPlmn:
    sc = ctx.scenario
    return nas.BcdPlmn(mcc=f"{sc.mcc:03d}", mnc=f"{sc.mnc:02d}")


def _lte(ctx: Context) -> nas.IntrafrequencyLte:
    sc, sig = ctx.scenario, ctx.state.signal
    serving = nas.LteCell(
        physical_cell_id=sc.pci,
        rsrq=sig.rsrq * 10,
        rsrp=sig.rsrp * 10,
        rssi=sig.rssi * 10,
        cell_selection_rx_level=max(0, sig.rsrp + 124),
    )
    neighbours = tuple(
        nas.LteCell(
            physical_cell_id=pci,
            rsrq=rsrq * 10,
            rsrp=rsrp * 10,
            rssi=(rsrp + 25) * 10,
            cell_selection_rx_level=max(0, rsrp + 124),
        )
        for pci, rsrp, rsrq in sc.neighbours
    )
    return nas.IntrafrequencyLte(
        ue_in_idle=False,
        plmn=_plmn(ctx),
        tracking_area_code=TAC,
        global_cell_id=CELL_ID,
        earfcn=sc.earfcn,
        serving_cell_id=sc.pci,
        cell_reselection_priority=5,
        s_non_intra_search_threshold=8,
        serving_cell_low_threshold=4,
        s_intra_search_threshold=31,
        cells=(serving, *neighbours),
    )


def _nr(ctx: Context) -> nas.Nr5gCell:
    sc, sig = ctx.scenario, ctx.state.signal
    return nas.Nr5gCell(
        plmn=_plmn(ctx),
        tracking_area_code=TAC,
        global_cell_id=CELL_ID << 8 | 1,
        physical_cell_id=sc.nr_pci,
        rsrq=sig.nr5g_rsrq * 10,
        rsrp=sig.nr5g_rsrp * 10,
        snr=sig.nr5g_snr,
    )


@handles(nas.GetCellLocationInfo)
def get_cell_location_info(
    ctx: Context, _request: nas.GetCellLocationInfo.Request
) -> nas.GetCellLocationInfo.Response:
    nas_signal.require_radio(ctx)
    if ctx.state.registration != "registered":  # searching or denied: no serving cell
        raise SimError("INFORMATION_UNAVAILABLE")
    sc, sig = ctx.scenario, ctx.state.signal
    if sc.technology == "umts":
        umts = nas.UmtsInfo(
            cell_id=CELL_ID & 0xFFFF, plmn=_plmn(ctx), lac=LAC, uarfcn=UARFCN,
            primary_scrambling_code=sc.pci, rscp=sig.rssi + 5, ecio=-10, cells=(),
            neighboring_geran=(),
        )  # fmt: skip
        return nas.GetCellLocationInfo.Response(umts_info=umts, umts_cell_id=CELL_ID)
    if sc.technology == "gsm":
        geran = nas.GeranInfo(
            cell_id=CELL_ID & 0xFFFF, plmn=_plmn(ctx), lac=LAC, arfcn=ARFCN, bsic=33,
            timing_advance=1, rx_level=max(0, sig.rssi + 110), cells=(),
        )  # fmt: skip
        return nas.GetCellLocationInfo.Response(geran_info=geran)
    if sc.technology == "5gnr":
        return nas.GetCellLocationInfo.Response(
            intrafrequency_lte_info=_lte(ctx),
            nr5g_arfcn=sc.nr_arfcn,
            nr5g_cell_information=_nr(ctx),
        )
    return nas.GetCellLocationInfo.Response(intrafrequency_lte_info=_lte(ctx), lte_timing_advance=3)
