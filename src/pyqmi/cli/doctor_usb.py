"""Parse /sys/kernel/debug/usb/devices (usbfs' device list) into ``UsbDevice`` values.

The file is a series of blocks, one per device, each line tagged by its first letter:
``T:`` topology (bus, level, parent device number, port, device number, speed), ``D:``
device class, ``P:`` vendor and product IDs, ``S:`` strings, ``C:`` a configuration (``C:*``
the active one), ``I:`` an interface setting (``I:*`` the active one, with ``Driver=``) and
``E:`` endpoints. Only the active configuration's active settings are kept. Text after the
fields is ignored, so a dump pasted with the user's remarks (``Driver=qcserial **should be
option**``, seed 003) still reads.

The kernel's name of a device (``1-1``, ``2-1.3``) is rebuilt from the tree: a device on a
root hub is ``BUS-PORT``, one on another hub is ``PARENT.PORT`` (ports counted from 1, the
file counts from 0). A block whose parent is not in the dump (an excerpt) is named as if
its parent were the root hub when its level is 1.
"""

from __future__ import annotations

import re

from pyqmi.cli.doctor_facts import UsbDevice, UsbInterface
from pyqmi.frozen import replace

DEFAULT_PATH = "/sys/kernel/debug/usb/devices"

_FIELD = re.compile(r"([A-Za-z#]+)=\s*(\S*)")


class UsbDevicesError(ValueError):
    """The text is not a usb/devices dump."""


def _fields(line: str) -> dict[str, str]:
    return {key: value for key, value in _FIELD.findall(line[2:])}


def _hex(value: str, default: int = 0) -> int:
    try:
        return int(value[:2] if len(value) > 2 and "(" in value else value, 16)
    except ValueError:
        return default


def _int(value: str, default: int = 0) -> int:
    try:
        return int(value)
    except ValueError:
        return default


class _Block:
    def __init__(self, fields: dict[str, str]) -> None:
        self.topology = fields
        self.device: dict[str, str] = {}
        self.product: dict[str, str] = {}
        self.strings: dict[str, str] = {}
        self.config = 0
        self.in_active = False
        self.any_star = False
        self.interfaces: list[UsbInterface] = []
        self.unstarred: list[UsbInterface] = []

    def add_interface(self, line: str) -> None:
        fields = _fields(line)
        driver = fields.get("Driver", "(none)")
        iface = UsbInterface(
            number=_int(fields.get("If#", "0")),
            cls=_hex(fields.get("Cls", "0")),
            subclass=_hex(fields.get("Sub", "0")),
            protocol=_hex(fields.get("Prot", "0")),
            endpoints=_int(fields.get("#EPs", "0")),
            driver=None if driver in ("(none)", "") else driver,
        )
        if line.startswith("I:*"):
            self.any_star = True
            if self.in_active:
                self.interfaces.append(iface)
        elif fields.get("Alt", "0") == "0" and self.in_active:
            self.unstarred.append(iface)

    def build(self) -> UsbDevice:
        t = self.topology
        return UsbDevice(
            bus=_int(t.get("Bus", "0")),
            level=_int(t.get("Lev", "0")),
            parent=_int(t.get("Prnt", "0")),
            port=_int(t.get("Port", "0")),
            number=_int(t.get("Dev#", "0")),
            speed=t.get("Spd", ""),
            vid=_hex(self.product.get("Vendor", "0")),
            pid=_hex(self.product.get("ProdID", "0")),
            cls=_hex(self.device.get("Cls", "0")),
            manufacturer=self.strings.get("Manufacturer", ""),
            product=self.strings.get("Product", ""),
            config=self.config or 1,
            interfaces=tuple(self.interfaces if self.any_star else self.unstarred),
        )


def parse(text: str) -> tuple[UsbDevice, ...]:
    """Every device in the dump, with its kernel path filled in."""
    blocks: list[_Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if len(line) < 2 or line[1] != ":":
            continue
        tag = line[0]
        if tag == "T":
            blocks.append(_Block(_fields(line)))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if tag == "D":
            block.device = _fields(line)
        elif tag == "P":
            block.product = _fields(line)
        elif tag == "S":
            key, _, value = line[2:].strip().partition("=")
            block.strings[key.strip()] = value.strip()
        elif tag == "C":
            block.in_active = line.startswith("C:*")
            if block.in_active:
                block.config = _int(_fields(line).get("Cfg#", "1"), 1)
        elif tag == "I":
            block.add_interface(line)
    if not blocks and text.strip():
        raise UsbDevicesError("no 'T:' lines: this is not a /sys/kernel/debug/usb/devices dump")
    return _with_paths([block.build() for block in blocks])


def _with_paths(devices: list[UsbDevice]) -> tuple[UsbDevice, ...]:
    by_number = {(device.bus, device.number): device for device in devices}
    paths: dict[tuple[int, int], str] = {}

    def path_of(device: UsbDevice, depth: int = 0) -> str:
        key = (device.bus, device.number)
        if key in paths:
            return paths[key]
        if device.level == 0:
            path = f"usb{device.bus}"
        else:
            parent = by_number.get((device.bus, device.parent))
            if parent is None or parent.level == 0 or depth > 8:
                prefix = f"{device.bus}-" if parent is None or parent.level == 0 else "?"
                path = f"{prefix}{device.port + 1}"
            else:
                path = f"{path_of(parent, depth + 1)}.{device.port + 1}"
        paths[key] = path
        return path

    return tuple(replace(device, path=path_of(device)) for device in devices)


def kernel_release(devices: tuple[UsbDevice, ...]) -> tuple[int, ...] | None:
    """The kernel version a root hub names (``Manufacturer=Linux 6.1.67 xhci-hcd``)."""
    for device in devices:
        match = re.match(r"Linux (\d+)\.(\d+)(?:\.(\d+))?", device.manufacturer)
        if device.level == 0 and match:
            return tuple(int(part) for part in match.groups() if part is not None)
    return None
