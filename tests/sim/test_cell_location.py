"""NAS Get Cell Location Info from the simulator, read by libqmi's own qmicli and by pyqmi.

qmicli decodes the simulator's frames with libqmi's layouts, so a field in the wrong place
or unit shows here; pyqmi's ``cell_facts`` reads the same answer for ``pyqmi cell``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pyqmi.daemon.cellinfo import cell_facts
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.qmi.typed import nas

from . import test_qmicli as q
from .simdriver import Driver

needs_qmicli = pytest.mark.skipif(q.QMICLI is None, reason="qmicli is not installed")


def cells(driver: Driver) -> dict[str, object]:
    message = driver.ok("nas", "get_cell_location_info", cid=driver.cid("nas"))
    return cell_facts(nas.GetCellLocationInfo.Response.from_message(message))


def test_umts_and_gsm_modems_report_their_serving_cell() -> None:
    umts = cells(Driver(technology="umts", capabilities=("umts",)))
    assert umts["serving"] == {"technology": "umts", "cell_id": 0x01C2D3E, "lac": 0x1A2B,
                               "uarfcn": 10700, "band": "B1", "psc": 257,
                               "plmn": "23420"}  # fmt: skip
    gsm = cells(Driver(technology="gsm", capabilities=("gsm",)))
    assert gsm["serving"]["arfcn"] == 62 and gsm["serving"]["band"] == "900"  # type: ignore[index]


def test_an_unregistered_modem_knows_no_cell() -> None:
    driver = Driver(register_after=None)
    reply = driver.error("nas", "get_cell_location_info", cid=driver.cid("nas"))
    with pytest.raises(QmiProtocolError, match="INFORMATION_UNAVAILABLE"):
        reply.check()
    assert reply.values == {}


@needs_qmicli
async def test_qmicli_reads_the_lte_serving_cell_and_neighbours(tmp_path: Path) -> None:
    async with q.sim_at(tmp_path) as (sim, link):
        rc, out = await q.qmicli(link, "direct", "--nas-get-cell-location-info")
        assert rc == 0, out
        lte = out.split("Intrafrequency LTE Info")[1]
        assert q.field(lte, "Tracking Area Code") == "15437"
        assert q.field(lte, "Global Cell ID") == str(0x01C2D3E)
        assert "'6300' (E-UTRA band 20" in lte  # libqmi names the band from the EARFCN
        assert q.field(lte, "Serving Cell ID") == "257"
        cells = lte.split("Cell [")[1:]
        assert [q.field(c, "Physical Cell ID") for c in cells] == ["257", "102", "311"]
        assert q.field(cells[0], "RSRP") == "-95.0"  # tenths of a dB on the wire
        assert q.field(cells[1], "RSRQ") == "-13.0"
        assert all(not cids for cids in sim.state.clients.values())


@needs_qmicli
async def test_qmicli_reads_the_5g_nsa_cell(tmp_path: Path) -> None:
    async with q.sim_at(tmp_path, technology="5gnr", capabilities=("lte", "5gnr")) as (_, link):
        rc, out = await q.qmicli(link, "direct", "--nas-get-cell-location-info")
        assert rc == 0, out
        assert q.field(out, "5GNR ARFCN") == "632448"
        nr = out.split("5GNR cell information")[1]
        assert q.field(nr, "Physical Cell ID") == "501"
        assert q.field(nr, "RSRP") == "-100.0 dBm" and q.field(nr, "SNR") == "5.0 dB"
