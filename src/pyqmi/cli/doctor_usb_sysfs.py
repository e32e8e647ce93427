"""The USB device list from sysfs, for a router whose debugfs is not mounted.

``/sys/bus/usb/devices`` holds one entry per device, named by its kernel path (``usb1`` for a
root hub, ``1-1``, ``1-1.4``), with the attributes usb/devices shows (``idVendor``,
``idProduct``, ``manufacturer``, ``product``, ``bDeviceClass``, ``busnum``, ``devnum``,
``speed``, ``bConfigurationValue``), and one entry per interface of the active
configuration (``1-1:1.4``: ``bInterfaceNumber``, ``bInterfaceClass``,
``bInterfaceSubClass``, ``bInterfaceProtocol``, ``bNumEndpoints``, and a ``driver`` link
when one is bound). The result is the same ``UsbDevice`` values ``doctor_usb.parse`` gives,
so every rule works from either source.
"""

from __future__ import annotations

import os

from pyqmi.cli.doctor_facts import UsbDevice, UsbInterface


def _attr(path: str, name: str) -> str:
    try:
        with open(os.path.join(path, name), encoding="utf-8", errors="replace") as file:
            return file.read().strip()
    except OSError:
        return ""


def _hex(text: str) -> int:
    try:
        return int(text, 16)
    except ValueError:
        return 0


def _dec(text: str, default: int = 0) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _interface(path: str) -> UsbInterface:
    link = os.path.join(path, "driver")
    driver = os.path.basename(os.path.realpath(link)) if os.path.exists(link) else None
    return UsbInterface(
        number=_hex(_attr(path, "bInterfaceNumber")),
        cls=_hex(_attr(path, "bInterfaceClass")),
        subclass=_hex(_attr(path, "bInterfaceSubClass")),
        protocol=_hex(_attr(path, "bInterfaceProtocol")),
        endpoints=_hex(_attr(path, "bNumEndpoints")),
        driver=driver,
    )


def _level(name: str) -> int:
    if name.startswith("usb"):
        return 0
    return 1 + name.partition("-")[2].count(".")


def read(root: str = "/sys") -> tuple[UsbDevice, ...] | None:
    """The devices under ``root``/bus/usb/devices, or None if that directory is missing."""
    base = os.path.join(root, "bus", "usb", "devices")
    try:
        names = sorted(os.listdir(base))
    except OSError:
        return None
    interfaces: dict[str, list[UsbInterface]] = {}
    for name in names:
        if ":" in name:
            device, _, _ = name.partition(":")
            interfaces.setdefault(device, []).append(_interface(os.path.join(base, name)))
    devices = []
    for name in names:
        if ":" in name:
            continue
        path = os.path.join(base, name)
        found = sorted(interfaces.get(name, []), key=lambda i: i.number)
        devices.append(
            UsbDevice(
                bus=_dec(_attr(path, "busnum")),
                level=_level(name),
                parent=0,
                port=0,
                number=_dec(_attr(path, "devnum")),
                speed=_attr(path, "speed"),
                vid=_hex(_attr(path, "idVendor")),
                pid=_hex(_attr(path, "idProduct")),
                cls=_hex(_attr(path, "bDeviceClass")),
                manufacturer=_attr(path, "manufacturer"),
                product=_attr(path, "product"),
                config=_dec(_attr(path, "bConfigurationValue"), 1),
                interfaces=tuple(found),
                path=name,
            )
        )
    return tuple(devices)
