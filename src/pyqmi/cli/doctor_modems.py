"""Which USB devices are modems, and what each one has: QMI interfaces, ports, drivers.

A device is a modem when the kernel tables know its VID:PID (``modem_table``), when one of
its interfaces is bound to a modem driver, or when it comes from a modem vendor and has
vendor-specific interfaces. Its QMI interfaces are the table's numbers (or, for the IDs
qmi_wwan matches by class, the ff/ff/ff interfaces with more than two endpoints; for
Huawei, the protocols qmi_wwan lists), else whatever qmi_wwan is bound to. Control ports,
net interfaces and ttyUSB ports are matched to the modem by their USB interface name
(``1-1:1.4`` belongs to ``1-1``), from sysfs first and the kernel log second.
"""

from __future__ import annotations

from pyqmi.cli import modem_table
from pyqmi.cli.doctor_facts import Facts, NetLink, UsbDevice, UsbInterface
from pyqmi.cli.modem_table import KnownModem
from pyqmi.frozen import frozen

MODEM_DRIVERS = frozenset({"qmi_wwan", "option", "qcserial", "cdc_mbim", "cdc_wdm", "cdc_ether"})
SERIAL_DRIVERS = frozenset({"option", "qcserial", "usb_serial_generic", "sierra"})
VENDOR_CLASS = 0xFF
STORAGE_CLASS = 0x08
USERSPACE = "usbfs"  # a program holds the interface through libusb (e.g. adb)

# The OpenWrt package of each kernel module the doctor may ask for.
PACKAGES = {
    "qmi_wwan": "kmod-usb-net-qmi-wwan",
    "cdc_wdm": "kmod-usb-wdm",
    "option": "kmod-usb-serial-option",
    "qcserial": "kmod-usb-serial-qualcomm",
}


@frozen
class Modem:
    device: UsbDevice
    known: KnownModem | None
    qmi: tuple[int, ...]  # QMI interface numbers present on the device
    control: tuple[str, ...]  # cdc-wdmN / wwanNqmiN of this modem
    net: tuple[NetLink, ...]  # its qmi_wwan net interfaces
    ttys: tuple[str, ...]  # its ttyUSB ports

    @property
    def path(self) -> str:
        return self.device.path

    @property
    def vendor(self) -> str:
        known = self.known.vendor if self.known else modem_table.VENDORS.get(self.device.vid)
        return known or self.device.manufacturer or "unknown vendor"

    @property
    def label(self) -> str:
        name = self.known.name if self.known and self.known.name else self.device.product
        return f"{self.device.id} {self.vendor} {name}".strip()

    @property
    def serial_interfaces(self) -> tuple[UsbInterface, ...]:
        """Vendor-specific interfaces that are not QMI: the serial functions."""
        return tuple(
            i for i in self.device.interfaces if i.cls == VENDOR_CLASS and i.number not in self.qmi
        )

    @property
    def expected_serial(self) -> str | None:
        return self.known.serial_driver if self.known else None

    @property
    def is_quectel(self) -> bool:
        if self.known is not None:
            return self.known.quectel
        return self.device.vid == modem_table.QUECTEL or "quectel" in self.vendor.lower()


def _qmi_interfaces(device: UsbDevice, known: KnownModem | None) -> tuple[int, ...]:
    vendor = [i for i in device.interfaces if i.cls == VENDOR_CLASS]
    if known is not None and known.dynamic:
        found = [i.number for i in vendor if i.subclass == 0xFF and i.protocol == 0xFF]
        return tuple(n for n in found if _endpoints(device, n) != 2)
    if known is not None:
        return tuple(i.number for i in vendor if i.number in known.qmi_interfaces)
    if device.vid == modem_table.HUAWEI:
        protocols = modem_table.HUAWEI_QMI_PROTOCOLS
        return tuple(i.number for i in vendor if i.subclass == 1 and i.protocol in protocols)
    return tuple(i.number for i in device.interfaces if i.driver == "qmi_wwan")


def _endpoints(device: UsbDevice, number: int) -> int:
    return next((i.endpoints for i in device.interfaces if i.number == number), 0)


def _is_modem(device: UsbDevice, known: KnownModem | None) -> bool:
    if device.level == 0 or device.cls == 0x09:
        return False
    if known is not None:
        return True
    if any(i.driver in MODEM_DRIVERS for i in device.interfaces):
        return True
    vendor = any(i.cls == VENDOR_CLASS for i in device.interfaces)
    return vendor and device.vid in modem_table.VENDORS


def _mine(path: str, interface: str) -> bool:
    return interface.startswith(path + ":")


def modems(facts: Facts) -> tuple[Modem, ...]:
    found = []
    for device in facts.usb or ():
        known = modem_table.lookup(device.vid, device.pid)
        if not _is_modem(device, known):
            continue
        path = device.path
        control: list[str] = []
        net: list[NetLink] = []
        ttys: list[str] = []
        if facts.sysfs is not None:
            control = [n for n, i in sorted(facts.sysfs.control.items()) if _mine(path, i)]
            net = [link for link in facts.sysfs.net if _mine(path, link.usb_interface)]
            ttys = [n for n, i in sorted(facts.sysfs.tty_usb.items()) if _mine(path, i)]
        if facts.klog is not None:
            if not net:
                for iface, name in facts.klog.net_registered.items():
                    if _mine(path, iface):
                        net.append(NetLink(name, iface, None))
            if not ttys:
                ttys = list(facts.klog.tty_attached.get(path, ()))
        found.append(
            Modem(device, known, _qmi_interfaces(device, known), tuple(control), tuple(net),
                  tuple(ttys))
        )  # fmt: skip
    return tuple(found)


def loaded_drivers(facts: Facts) -> frozenset[str] | None:
    """Drivers known to be loaded, or None when no source can tell which are not."""
    bound = {i.driver for d in facts.usb or () for i in d.interfaces if i.driver}
    if facts.sysfs is not None and facts.sysfs.usb_drivers is not None:
        return frozenset(facts.sysfs.usb_drivers | bound)
    if facts.klog is not None and facts.klog.has_boot:
        return frozenset(facts.klog.registered | bound)
    return None
