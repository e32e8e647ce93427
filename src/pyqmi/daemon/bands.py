"""The band a channel number lies in: LTE EARFCN, NR-ARFCN, UMTS UARFCN, GSM ARFCN.

Downlink channel ranges as 3GPP lists them (TS 36.101 table 5.7.3-1 for LTE, TS 38.104
table 5.4.2.3-1 for NR, TS 25.101 for UMTS), for the bands routers meet; a channel
outside every listed range has no band (``None``).  NR bands overlap (n78 lies inside n77,
n1 inside n66): the narrowest range that holds the channel is named, which is the band a
modem in that channel most likely uses; the channel itself is always shown beside it.
"""

from __future__ import annotations

# band number -> (first, last) downlink channel
LTE: dict[int, tuple[int, int]] = {
    1: (0, 599), 2: (600, 1199), 3: (1200, 1949), 4: (1950, 2399), 5: (2400, 2649),
    7: (2750, 3449), 8: (3450, 3799), 12: (5010, 5179), 13: (5180, 5279),
    14: (5280, 5379), 17: (5730, 5849), 18: (5850, 5999), 19: (6000, 6149),
    20: (6150, 6449), 25: (8040, 8689), 26: (8690, 9039), 28: (9210, 9659),
    29: (9660, 9769), 30: (9770, 9869), 32: (9920, 10359), 38: (37750, 38249),
    39: (38250, 38649), 40: (38650, 39649), 41: (39650, 41589), 42: (41590, 43589),
    43: (43590, 45589), 46: (46790, 54539), 48: (55240, 56739), 66: (66436, 67335),
    71: (68586, 68935),
}  # fmt: skip
NR: dict[int, tuple[int, int]] = {
    1: (422000, 434000), 3: (361000, 376000), 5: (173800, 178800), 7: (524000, 538000),
    8: (185000, 192000), 20: (158200, 164200), 28: (151600, 160600), 38: (514000, 524000),
    40: (460000, 480000), 41: (499200, 537999), 66: (422000, 440000), 71: (123400, 130400),
    77: (620000, 680000), 78: (620000, 653333), 79: (693334, 733333),
    257: (2054166, 2104165), 258: (2016667, 2070832), 260: (2229166, 2279165),
    261: (2070833, 2084999),
}  # fmt: skip
UMTS: dict[int, tuple[int, int]] = {
    1: (10562, 10838), 2: (9662, 9938), 3: (1162, 1513), 4: (1537, 1738), 5: (4357, 4458),
    8: (2937, 3088),
}  # fmt: skip


def _narrowest(table: dict[int, tuple[int, int]], channel: int) -> int | None:
    holding = [(last - first, band) for band, (first, last) in table.items()]
    holding = [
        (width, band) for width, band in holding if table[band][0] <= channel <= table[band][1]
    ]
    return min(holding)[1] if holding else None


def lte_band(earfcn: int) -> str | None:
    """``"B20"`` for EARFCN 6300."""
    band = _narrowest(LTE, earfcn)
    return None if band is None else f"B{band}"


def nr_band(nr_arfcn: int) -> str | None:
    """``"n78"`` for NR-ARFCN 632448."""
    band = _narrowest(NR, nr_arfcn)
    return None if band is None else f"n{band}"


def umts_band(uarfcn: int) -> str | None:
    """``"B1"`` for UARFCN 10700 (UMTS bands are written with Roman numerals too: I)."""
    band = _narrowest(UMTS, uarfcn)
    return None if band is None else f"B{band}"


def gsm_band(arfcn: int) -> str | None:
    """``"900"`` or ``"1800"`` (1800 and 1900 share ARFCNs 512-810: 1800 is named)."""
    if 0 <= arfcn <= 124 or 975 <= arfcn <= 1023:
        return "900"
    if 512 <= arfcn <= 885:
        return "1800"
    return None
