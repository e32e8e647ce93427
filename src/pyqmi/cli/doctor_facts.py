"""What ``pyqmi doctor`` knows about a router, as plain frozen values, and what it concludes.

Theory of operation: each reader (``doctor_usb``, ``doctor_sysfs``, ``doctor_klog``,
``doctor_config``) turns one source into one of the values below and does nothing else; the
diagnosis (``doctor_rules``, ``doctor_config_rules``) is a pure function from ``Facts`` to
``Finding``s, so every rule is tested from a fixture without a router. A source that could
not be read is ``None`` (with the reason in ``Facts.unread``): a rule that needs it stays
silent rather than guessing.
"""

from __future__ import annotations

from dataclasses import field

from pyqmi.frozen import frozen

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


@frozen
class UsbInterface:
    number: int
    cls: int
    subclass: int
    protocol: int
    endpoints: int
    driver: str | None  # None: no driver bound ("(none)")


@frozen
class UsbDevice:
    """One device of /sys/kernel/debug/usb/devices."""

    bus: int
    level: int
    parent: int  # device number of the parent hub (0 for a root hub)
    port: int  # 0-based port on the parent, as the file has it
    number: int  # device number on the bus
    speed: str
    vid: int
    pid: int
    cls: int
    manufacturer: str
    product: str
    config: int  # active configuration number
    interfaces: tuple[UsbInterface, ...]
    path: str = ""  # kernel name, e.g. "1-1.2" (filled in by the parser from the tree)

    @property
    def id(self) -> str:
        return f"{self.vid:04x}:{self.pid:04x}"

    def interface_name(self, number: int) -> str:
        """The kernel's name of interface ``number``, e.g. ``1-1:1.4``."""
        return f"{self.path}:{self.config}.{number}"


@frozen
class NetLink:
    """A network interface with qmi_wwan's ``qmi`` attributes."""

    name: str
    usb_interface: str  # e.g. "1-1:1.4"; "" when sysfs has no device link
    raw_ip: bool | None  # qmi/raw_ip is Y / N; None: no raw_ip attribute (kernel < 4.5)


@frozen
class Sysfs:
    """What /sys says (or the tree given with --sysfs-root)."""

    control: dict[str, str]  # cdc-wdmN / wwanNqmiN -> USB interface name ("" if unknown)
    net: tuple[NetLink, ...]
    usb_drivers: frozenset[str] | None  # /sys/bus/usb/drivers; None if absent
    serial_drivers: frozenset[str] | None  # /sys/bus/usb-serial/drivers (option1, ...)
    tty_usb: dict[str, str]  # ttyUSBn -> USB interface name ("" if unknown)


@frozen
class KernelLog:
    release: tuple[int, ...] | None  # from "Linux version X.Y.Z"
    registered: frozenset[str]  # "usbcore: registered new interface driver X"
    has_boot: bool  # the log reaches back to driver registration (boot)
    disconnects: dict[str, int]  # USB port path -> "USB disconnect" count
    over_current: tuple[str, ...]  # ports with an over-current report
    tty_attached: dict[str, tuple[str, ...]]  # port path -> ttyUSBn attached
    net_registered: dict[str, str]  # USB interface name -> net interface (qmi_wwan line)
    unknown_symbol: frozenset[str]  # modules that failed to load (Unknown symbol / version)
    port_timeouts: dict[str, int]  # ModemManager "port ttyUSBn timed out N times": max N


@frozen
class Section:
    """One ``config interface`` section of /etc/config/network with proto qmi or pyqmi."""

    name: str
    options: dict[str, str | list[str]] = field(repr=False)

    @property
    def proto(self) -> str:
        value = self.options.get("proto", "")
        return value if isinstance(value, str) else ""

    def text(self, name: str) -> str:
        value = self.options.get(name, "")
        return value if isinstance(value, str) else " ".join(value)


@frozen
class Facts:
    usb: tuple[UsbDevice, ...] | None
    sysfs: Sysfs | None
    klog: KernelLog | None
    sections: tuple[Section, ...] | None
    dev_present: frozenset[str] | None  # names under /dev that are QMI control devices
    kernel_release: tuple[int, ...] | None = None  # uname, when reading the live system
    unread: tuple[str, ...] = ()  # one line per source that could not be read


@frozen
class Finding:
    severity: str  # ERROR, WARNING or INFO
    code: str  # stable name, e.g. "qmi-no-driver"
    text: str  # one line (wrapped only for printing)
    fix: tuple[str, ...] = ()  # shell commands to paste, in order
    modem: str = ""  # the modem's port path, "" for a finding about the config or the log
    section: str = ""  # the network section concerned


def release_text(release: tuple[int, ...] | None) -> str:
    return ".".join(str(part) for part in release) if release else "unknown"
