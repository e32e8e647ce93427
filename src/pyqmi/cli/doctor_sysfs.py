"""Read what sysfs says about QMI modems: control ports, net interfaces, raw-ip, drivers.

Where (relative to the root, ``/sys`` or ``--sysfs-root DIR``):

* ``class/usbmisc/cdc-wdmN`` (USB) and ``class/wwan/wwanNqmiN`` (PCIe/MHI): the control
  ports; ``.../device`` links to the USB interface (``1-1:1.4``) they belong to;
* ``class/net/NAME/qmi/``: a qmi_wwan network interface; ``qmi/raw_ip`` (Linux 4.5 and later)
  says whether it is in raw-ip mode; ``class/net/NAME/device`` links to its USB interface;
* ``bus/usb/drivers/`` and ``bus/usb-serial/drivers/``: the USB and USB-serial drivers that
  are loaded (qmi_wwan, cdc_wdm, option, qcserial; option1 and qcserial on the serial bus);
* ``bus/usb-serial/devices/ttyUSBn``: serial ports, linking to their USB interface.

Only ``os`` is used (the router's python3-light). A root that is not a directory is a
``SysfsError``; a part that is missing is simply absent (no such drivers, no ports).
"""

from __future__ import annotations

import os

from pyqmi.cli.doctor_facts import NetLink, Sysfs
from pyqmi.config.device import CONTROL_NAME


class SysfsError(OSError):
    """The sysfs root cannot be read."""


def _names(path: str) -> list[str]:
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []


def _interface_of(path: str) -> str:
    """The USB interface name (``1-1:1.4``) that ``path/device`` leads to, or ""."""
    link = os.path.join(path, "device")
    if not os.path.exists(link):
        return ""
    name = os.path.basename(os.path.realpath(link))
    return name if ":" in name else ""


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as file:
            return file.read().strip()
    except OSError:
        return None


def _drivers(path: str) -> frozenset[str] | None:
    return frozenset(_names(path)) if os.path.isdir(path) else None


def read(root: str = "/sys") -> Sysfs:
    """The facts under ``root``; raises SysfsError if ``root`` is not a readable directory."""
    try:
        os.listdir(root)
    except OSError as exc:
        raise SysfsError(f"cannot read sysfs at {root}: {exc.strerror or exc}") from None
    control: dict[str, str] = {}
    for cls in ("usbmisc", "wwan"):
        base = os.path.join(root, "class", cls)
        for name in _names(base):
            if CONTROL_NAME.fullmatch(name):
                control[name] = _interface_of(os.path.join(base, name))
    net: list[NetLink] = []
    net_base = os.path.join(root, "class", "net")
    for name in _names(net_base):
        qmi = os.path.join(net_base, name, "qmi")
        if not os.path.isdir(qmi):
            continue
        flag = _read(os.path.join(qmi, "raw_ip"))
        raw_ip = None if flag is None else flag.upper().startswith("Y")
        net.append(NetLink(name, _interface_of(os.path.join(net_base, name)), raw_ip))
    tty: dict[str, str] = {}
    serial_devices = os.path.join(root, "bus", "usb-serial", "devices")
    for name in _names(serial_devices):
        if name.startswith("ttyUSB"):
            real = os.path.realpath(os.path.join(serial_devices, name))
            parent = os.path.basename(os.path.dirname(real))
            tty[name] = parent if ":" in parent else ""
    return Sysfs(
        control=control,
        net=tuple(net),
        usb_drivers=_drivers(os.path.join(root, "bus", "usb", "drivers")),
        serial_drivers=_drivers(os.path.join(root, "bus", "usb-serial", "drivers")),
        tty_usb=tty,
    )


def dev_control_devices(dev_root: str = "/dev") -> frozenset[str] | None:
    """The QMI control device names present under ``dev_root`` (None if unreadable)."""
    try:
        names = os.listdir(dev_root)
    except OSError:
        return None
    return frozenset(name for name in names if CONTROL_NAME.fullmatch(name))
