"""Channel numbers to bands: the 3GPP downlink ranges, the narrowest NR band where they overlap."""

from __future__ import annotations

import pytest

from pyqmi.daemon.bands import gsm_band, lte_band, nr_band, umts_band


@pytest.mark.parametrize(
    ("earfcn", "band"),
    [(0, "B1"), (599, "B1"), (600, "B2"), (1300, "B3"), (1849, "B3"), (3100, "B7"),
     (3700, "B8"), (6300, "B20"), (9410, "B28"), (38000, "B38"), (40000, "B41"),
     (66886, "B66"), (599_999, None), (9900, None)],
)  # fmt: skip
def test_lte(earfcn: int, band: str | None) -> None:
    assert lte_band(earfcn) == band


@pytest.mark.parametrize(
    ("arfcn", "band"),
    [(632448, "n78"), (653333, "n78"), (653334, "n77"), (428000, "n1"), (436000, "n66"),
     (158200, "n20"), (152000, "n28"), (520000, "n38"), (504990, "n41"), (700000, "n79"),
     (100, None)],
)  # fmt: skip
def test_nr_names_the_narrowest_band_holding_the_channel(arfcn: int, band: str | None) -> None:
    assert nr_band(arfcn) == band


def test_umts_and_gsm() -> None:
    assert umts_band(10700) == "B1" and umts_band(3000) == "B8" and umts_band(1) is None
    assert gsm_band(62) == "900" and gsm_band(1000) == "900" and gsm_band(700) == "1800"
    assert gsm_band(300) is None
