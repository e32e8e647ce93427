"""USB IDs of common QMI modems: where their QMI function is, and which driver takes the rest.

Facts, written here as data, read from the Linux kernel's own tables (Linux 6.18.y, the tree
at commit 9594c960d8b1f9ab9042cd5b029acc2af2a12eb5 of the BG9OXA/linux-6.18.y mirror):

* ``drivers/net/usb/qmi_wwan.c``, table ``products[]``: the QMI interface number of each
  device qmi_wwan matches by number (its ``QMI_FIXED_INTF`` and ``QMI_QUIRK_SET_DTR`` rows;
  ``QMI_GOBI_DEVICE`` is interface 0, ``QMI_GOBI1K_DEVICE`` interface 3), the Quectel and
  Qualcomm IDs it matches by class instead (vendor-specific class, subclass and protocol all
  0xff, with more than the two endpoints of the DIAG function: written ``*`` below), and the
  Huawei interface protocols it matches for vendor 12d1 (subclass 0x01);
* ``drivers/usb/serial/qcserial.c``: the Sierra Wireless IDs of its ``DEVICE_SWI`` rows, whose
  serial functions (0 DM, 2 NMEA, 3 modem) qcserial drives; the Gobi IDs are qcserial's too
  (qmi_wwan's Gobi macros say so). The other vendors here ship their serial functions for
  ``option`` (drivers/usb/serial/option.c).

Only the vendors that pyqmi's users meet are listed: Quectel, Sierra Wireless, Telit, ZTE,
Huawei, Fibocom and Qualcomm's reference IDs (05c6), every row qmi_wwan has for them.
Rows are ``"PID:IFACES"`` words (hex product ID, interface numbers joined by commas, or
``*``); ``lookup(vid, pid)`` turns them into a ``KnownModem``.
"""

from __future__ import annotations

from pyqmi.frozen import frozen

QUECTEL, SIERRA, TELIT, ZTE, HUAWEI, QUALCOMM = 0x2C7C, 0x1199, 0x1BC7, 0x19D2, 0x12D1, 0x05C6
FIBOCOM, FIBOCOM_OLD = 0x2CB7, 0x1508

VENDORS: dict[int, str] = {
    QUECTEL: "Quectel",
    SIERRA: "Sierra Wireless",
    TELIT: "Telit",
    ZTE: "ZTE",
    HUAWEI: "Huawei",
    FIBOCOM: "Fibocom",
    FIBOCOM_OLD: "Fibocom",
    QUALCOMM: "Qualcomm",
}

# The serial driver that, per the kernel tables, takes a vendor's other interfaces.
SERIAL_DRIVER: dict[int, str] = {
    QUECTEL: "option",
    TELIT: "option",
    ZTE: "option",
    HUAWEI: "option",
    FIBOCOM: "option",
    FIBOCOM_OLD: "option",
    SIERRA: "qcserial",
}

# qmi_wwan's rows, per vendor.
_QMI_ROWS: dict[int, str] = {
    QUECTEL: "0121:4 0122:* 0125:* 013d:* 0191:4 0195:4 0296:4 0306:* 030b:* 030e:4 0316:3 "
    "0512:* 0620:* 0800:* 0801:*",
    SIERRA: "68a2:8,19 68c0:8,10 901c:8 901f:8 9041:8,10 9051:8 9053:8 9054:8 9055:8 9056:8 "
    "9057:8 9061:8 9063:8,10 9071:8,10 9079:8,10 907b:8,10 9091:8 c081:8 "
    "68a5:0 68a9:0 9001:0 9002:0 9003:0 9004:0 9005:0 9006:0 9007:0 9008:0 9009:0 900a:0 "
    "9011:0 9013:0 9015:0 9019:0 901b:0",
    TELIT: "0991:0 1031:3 1034:2 1037:4 1038:3 103a:0 1040:2 1050:2 1057:2 1060:2 1070:2 "
    "1077:2 1080:2 10a0:0 10a4:0 10a9:0 10b0:0 10c0:0 10c4:0 10c8:0 10d0:0 1100:3 1101:3 "
    "1200:5 1201:2 1230:2 1250:0 1260:2 1261:2 1900:1 3000:0 3001:0",
    ZTE: "0002:1 0012:1 0017:3 0019:3 0021:4 0025:1 0031:4 0042:4 0049:5 0052:4 0055:1 "
    "0058:4 0063:4 0104:4 0113:5 0118:5 0121:5 0123:4 0124:5 0125:6 0126:5 0130:1 0133:3 "
    "0141:5 0157:5 0158:3 0167:4 0168:4 0176:3 0178:3 0189:4 0191:4 0199:1 0200:1 0257:3 "
    "0265:4 0284:4 0326:4 0396:3 0412:4 1008:4 1010:4 1012:4 1018:3 1021:2 1245:4 1247:4 "
    "1252:4 1254:4 1255:3,4 1256:4 1270:5 1275:3 1401:2 1402:2 1424:2 1425:2 1426:2 "
    "1428:2 1432:3 1485:5 2002:4 fff3:3",
    HUAWEI: "140c:1 14ac:1 14f1:0",
    FIBOCOM: "0104:4 0112:0",
    FIBOCOM_OLD: "1001:4",
    QUALCOMM: "6001:3 7000:0 7001:1 7002:1 7101:1,2,3 7102:1,2,3 8000:7 8001:6 9000:4 "
    "9003:4 9005:2 900a:4 900b:2 900c:4,5,6 900d:5 900f:3,4,5 9010:4,5 9011:3,4 9021:1 "
    "9022:2 9025:4 9026:3 902e:5 9031:5 9032:4 9033:3,4,5,6 9034:3,4,5,6,7 9035:4 9036:3 "
    "9037:5 9038:4 903b:7 903c:6 903d:6 903e:5 9043:3 9046:3,4,5 9047:2,3,4 "
    "9048:4,5,6,7,8 904c:5,6,7,8 9050:3 9052:4 9053:6,7 9054:5,6 9055:3,4,5,6,7 9056:3 "
    "9062:2,3,4,5,6,7,8,9 9064:3 9065:6,7 9066:5,6 9067:1 9068:2,3,4,5,6,7 9069:5,6,7,8 "
    "9070:4,5 9075:5 9076:4,5,6,7,8 9077:3,4,5,6 9078:3 9079:4,5,6,7,8 9080:5,6,7,8 "
    "9083:3 9084:4 9091:2 90b2:3 90db:2 920d:0,5 9625:4 9215:0,4 f601:* "
    "920b:0 9225:0 9245:0 9265:0 9235:0 9275:0 9205:0 "
    "9212:3 9001:3 9002:3 9202:3 9203:3 9222:3 9009:3",
}

# Gobi devices (qmi_wwan's Gobi macros): their serial functions are qcserial's.
_GOBI: dict[int, str] = {
    SIERRA: "68a5 68a9 9001 9002 9003 9004 9005 9006 9007 9008 9009 900a 9011 9013 9015 9019 901b",
    QUALCOMM: "920b 9225 9245 9265 9235 9275 9205 9215 9212 9001 9002 9202 9203 9222 9009",
    HUAWEI: "14f1",
    ZTE: "fff3",
}

# Huawei: qmi_wwan matches vendor 12d1 interfaces of class 0xff, subclass 0x01 and these
# protocols (CDC-union control interfaces and combined ones).
HUAWEI_QMI_PROTOCOLS = frozenset({0x07, 0x09, 0x11, 0x37, 0x39, 0x67, 0x69})

# Model names, from the kernel tables' comments and the seed threads (05c6:9025 is also the
# built-in modem of the TP-Link Archer MR200, seed 001).
NAMES: dict[tuple[int, int], str] = {
    (QUECTEL, 0x0121): "EC21", (QUECTEL, 0x0122): "RG650V", (QUECTEL, 0x0125): "EC25/EC20",
    (QUECTEL, 0x013D): "RG660QB", (QUECTEL, 0x0191): "EG91", (QUECTEL, 0x0195): "EG95",
    (QUECTEL, 0x0296): "BG96", (QUECTEL, 0x0306): "EP06/EG06/EM06",
    (QUECTEL, 0x030B): "EM060K/EG120K", (QUECTEL, 0x030E): "EM05G", (QUECTEL, 0x0316): "RG255C",
    (QUECTEL, 0x0512): "EG12/EM12", (QUECTEL, 0x0620): "EM160R-GL",
    (QUECTEL, 0x0800): "RM500Q-GL", (QUECTEL, 0x0801): "RM520N/RM521F",
    (SIERRA, 0x68A2): "MC7700/MC7710", (SIERRA, 0x68C0): "MC7304/MC7354",
    (SIERRA, 0x901C): "EM7700", (SIERRA, 0x901F): "EM7355", (SIERRA, 0x9041): "MC7305/MC7355",
    (SIERRA, 0x9051): "AirCard 340U", (SIERRA, 0x9055): "AirCard 341U",
    (SIERRA, 0x9063): "EM7305", (SIERRA, 0x9071): "MC74xx", (SIERRA, 0x9079): "EM74xx",
    (SIERRA, 0x907B): "EM74xx", (SIERRA, 0x9091): "EM7565", (SIERRA, 0xC081): "EM7590",
    (SIERRA, 0x9011): "MC8305", (SIERRA, 0x9013): "MC8355", (SIERRA, 0x901B): "MC7770",
    (TELIT, 0x1031): "LE910C1-EUX", (TELIT, 0x1034): "LE910C4-WWX", (TELIT, 0x1040): "LE922A",
    (TELIT, 0x1050): "FN980", (TELIT, 0x1060): "LN920", (TELIT, 0x1070): "FN990A",
    (TELIT, 0x1080): "FE990A", (TELIT, 0x1100): "ME910", (TELIT, 0x1200): "LE920",
    (TELIT, 0x1201): "LE920/LE920A4", (TELIT, 0x1230): "LE910Cx", (TELIT, 0x1900): "LN940",
    (TELIT, 0x3000): "FN912",
    (ZTE, 0x0157): "MF683", (ZTE, 0x0167): "MF820D/MF821", (ZTE, 0x0189): "MF290",
    (ZTE, 0x0199): "MF820S", (ZTE, 0x0257): "MF821", (ZTE, 0x0284): "MF880",
    (ZTE, 0x0326): "MF821D", (ZTE, 0x0396): "ZM8620", (ZTE, 0x1270): "MF667",
    (ZTE, 0x1402): "MF60", (ZTE, 0x1426): "MF91", (ZTE, 0x1432): "ME3620",
    (ZTE, 0x1485): "MF286D",
    (HUAWEI, 0x140C): "E173", (HUAWEI, 0x14AC): "E1820",
    (FIBOCOM, 0x0104): "NL678", (FIBOCOM, 0x0112): "FG132", (FIBOCOM_OLD, 0x1001): "NL668",
    (QUALCOMM, 0x9025): "(Archer MR200 built-in, Alcatel TL131)",
    (QUALCOMM, 0x9215): "Quectel EC20", (QUALCOMM, 0x90B2): "u-blox R410M",
}  # fmt: skip

# Modems that speak only raw-ip (MDM9x30 generation: qmi_wwan's DTR comment names the
# MC7455); qmi_wwan binds them only from Linux 4.5 on, which added raw-ip.
RAW_IP_ONLY = frozenset({(SIERRA, 0x9071), (SIERRA, 0x9079), (SIERRA, 0x907B)})
RAW_IP_KERNEL = (4, 5)
DYNAMIC = -1  # "*": the QMI interface is found by class, not by number


@frozen
class KnownModem:
    """What the kernel tables say about one VID:PID."""

    vid: int
    pid: int
    vendor: str
    name: str
    qmi_interfaces: tuple[int, ...]  # DYNAMIC alone: matched by class ff/ff/ff
    serial_driver: str | None  # "option" or "qcserial"; None when the tables do not say

    @property
    def dynamic(self) -> bool:
        return self.qmi_interfaces == (DYNAMIC,)

    @property
    def raw_ip_only(self) -> bool:
        return (self.vid, self.pid) in RAW_IP_ONLY

    @property
    def quectel(self) -> bool:
        return self.vid == QUECTEL or self.name.startswith("Quectel")


def _parse(row: str) -> dict[int, tuple[int, ...]]:
    found: dict[int, tuple[int, ...]] = {}
    for word in row.split():
        pid, _, numbers = word.partition(":")
        ifaces = (DYNAMIC,) if numbers == "*" else tuple(int(n) for n in numbers.split(","))
        key = int(pid, 16)
        found[key] = tuple(sorted(set(found.get(key, ()) + ifaces)))
    return found


_TABLE: dict[int, dict[int, tuple[int, ...]]] = {}


def _table() -> dict[int, dict[int, tuple[int, ...]]]:
    if not _TABLE:
        for vid, row in _QMI_ROWS.items():
            _TABLE[vid] = _parse(row)
    return _TABLE


def _is_gobi(vid: int, pid: int) -> bool:
    return f"{pid:04x}" in _GOBI.get(vid, "").split()


def lookup(vid: int, pid: int) -> KnownModem | None:
    """The table's entry for ``vid:pid``, or None when qmi_wwan does not list it."""
    interfaces = _table().get(vid, {}).get(pid)
    if interfaces is None:
        return None
    serial = "qcserial" if _is_gobi(vid, pid) else SERIAL_DRIVER.get(vid)
    return KnownModem(vid, pid, VENDORS[vid], NAMES.get((vid, pid), ""), interfaces, serial)


def known_ids() -> list[tuple[int, int]]:
    """Every VID:PID in the table (for tests and ``--list``)."""
    return sorted((vid, pid) for vid, rows in _table().items() for pid in rows)
