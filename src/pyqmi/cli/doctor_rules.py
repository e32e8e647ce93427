"""The modem rules of ``pyqmi doctor``: facts about USB, sysfs and the kernel log in, findings out.

Each rule is a function ``(modem, context) -> list[Finding]`` (or, for the log and the bus as
a whole, ``(facts, context)``), pure, tested from the seed fixtures. A rule says what is
wrong in one line and gives the commands that fix it; where the fix is not a command
(upgrade the kernel, a powered hub) the commands are the ones that check it.
"""

from __future__ import annotations

from collections.abc import Callable

from pyqmi.cli import modem_table
from pyqmi.cli.doctor_facts import ERROR, INFO, WARNING, Facts, Finding, release_text
from pyqmi.cli.doctor_modems import (
    PACKAGES,
    SERIAL_DRIVERS,
    USERSPACE,
    Modem,
    loaded_drivers,
    modems,
)
from pyqmi.cli.doctor_usb import kernel_release
from pyqmi.frozen import frozen

DISCONNECTS_MEANING_POWER = 2  # one disconnect is an unplug; more is a modem falling off
MM_TIMEOUTS_MEANING_POWER = 3


@frozen
class Context:
    release: tuple[int, ...] | None
    loaded: frozenset[str] | None


def _numbers(numbers: list[int] | tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in numbers)


def _ifaces(numbers: list[int] | tuple[int, ...]) -> str:
    """``interface 4`` or ``interfaces 0, 2, 3``."""
    return f"interface{'s' * (len(numbers) > 1)} {_numbers(numbers)}"


def _rebind(modem: Modem, number: int, old: str, new: str) -> tuple[str, ...]:
    name = modem.device.interface_name(number)
    return (
        f"echo {name} > /sys/bus/usb/drivers/{old}/unbind",
        f"echo {name} > /sys/bus/usb/drivers/{new}/bind",
    )


def _new_id_line(modem: Modem) -> str:
    return f'echo "{modem.device.vid:04x} {modem.device.pid:04x} ff" > ' + (
        "/sys/bus/usb-serial/drivers/option1/new_id"
    )


def qmi_without_driver(modem: Modem, ctx: Context) -> list[Finding]:
    unbound = [i.number for i in modem.device.interfaces if i.number in modem.qmi and not i.driver]
    if not unbound:
        return []
    if ctx.loaded is not None and "qmi_wwan" not in ctx.loaded:
        return []  # the missing module is the finding (modules_missing)
    where = f"QMI {_ifaces(unbound)} of {modem.label} has no driver"
    raw_only = modem.known is not None and modem.known.raw_ip_only
    old = ctx.release is not None and ctx.release[:2] < modem_table.RAW_IP_KERNEL
    if raw_only and (old or ctx.release is None):
        kernel = f"this kernel is {release_text(ctx.release)}" if old else "check uname -r"
        text = (
            f"{where}: the modem speaks only raw-ip, which qmi_wwan supports from Linux 4.5 on "
            f"({kernel}), so qmi_wwan leaves it alone; upgrade to a release with Linux 4.5 "
            "or later (LEDE 17.01 and later), or use the modem over PPP (proto 3g) meanwhile"
        )
        fix: tuple[str, ...] = ("uname -r", "opkg install comgt  # for PPP (proto 3g) meanwhile")
        return [Finding(ERROR, "qmi-no-driver-raw-ip", text, fix, modem.path)]
    text = f"{where}, though qmi_wwan is loaded: bind it by hand to test"
    fix = tuple(
        f"echo {modem.device.interface_name(n)} > /sys/bus/usb/drivers/qmi_wwan/bind"
        for n in unbound
    )
    return [Finding(WARNING, "qmi-no-driver", text, fix, modem.path)]


def serial_binding(modem: Modem, ctx: Context) -> list[Finding]:
    expected = modem.expected_serial
    findings = []
    for iface in modem.device.interfaces:
        if iface.number in modem.qmi and iface.driver in SERIAL_DRIVERS:
            text = (
                f"interface {iface.number} of {modem.label} is its QMI function but "
                f"{iface.driver} holds it (a new_id line that did not exclude it?); give it "
                "to qmi_wwan"
            )
            fix = _rebind(modem, iface.number, iface.driver or "", "qmi_wwan")
            findings.append(Finding(ERROR, "qmi-taken-by-serial", text, fix, modem.path))
    wrong = [
        i for i in modem.serial_interfaces
        if expected and i.driver in SERIAL_DRIVERS and i.driver != expected
    ]  # fmt: skip
    if wrong:
        held = wrong[0].driver or ""
        text = (
            f"serial {_ifaces([i.number for i in wrong])} of {modem.label} bound "
            f"to {held}, but the kernel's tables give {modem.vendor} modems to {expected}; "
            f"rebind, and remove what taught {held} this ID (grep new_id /etc/rc.local)"
        )
        fix = tuple(c for i in wrong for c in _rebind(modem, i.number, held, expected or ""))
        findings.append(Finding(ERROR, "serial-driver-mismatch", text, fix, modem.path))
    right = [i.number for i in modem.serial_interfaces if expected and i.driver == expected]
    if right and not wrong:
        text = (
            f"serial {_ifaces(right)} of {modem.label} bound to {expected}, as the "
            f"kernel's tables expect for {modem.vendor} (not a problem)"
        )
        findings.append(Finding(INFO, "serial-driver-ok", text, (), modem.path))
    return findings


def serial_unbound(modem: Modem, ctx: Context) -> list[Finding]:
    unbound = [i.number for i in modem.serial_interfaces if i.driver is None]
    if not unbound or modem.ttys:
        return []
    expected = modem.expected_serial or "option"
    if ctx.loaded is not None and expected not in ctx.loaded:
        return []  # the missing module is the finding
    if expected != "option":
        text = (
            f"no ttyUSB ports for {modem.label}: {_ifaces(unbound)} without a driver "
            f"though {expected} is loaded; bind them"
        )
        fix = tuple(
            f"echo {modem.device.interface_name(n)} > /sys/bus/usb/drivers/{expected}/bind"
            for n in unbound
        )
        return [Finding(ERROR, "serial-unbound", text, fix, modem.path)]
    line = _new_id_line(modem)
    held = [i.number for i in modem.serial_interfaces if i.driver == USERSPACE]
    also = f"; {_ifaces(held)} held by a program (usbfs)" if held else ""
    text = (
        f"no ttyUSB ports for {modem.label}: option does not know this ID, so "
        f"{_ifaces(unbound)} got no driver{also}; tell option with new_id and make it "
        "persistent in /etc/rc.local (before 'exit 0')"
    )
    persist = (
        f"grep -qs '{modem.device.vid:04x} {modem.device.pid:04x} ff' /etc/rc.local || "
        f"sed -i '/^exit 0/i {line}' /etc/rc.local"
    )
    return [Finding(ERROR, "serial-unbound", text, (line, persist), modem.path)]


def modules_missing(modem: Modem, ctx: Context) -> list[Finding]:
    if ctx.loaded is None:
        return []
    needed = []
    if any(i.number in modem.qmi and not i.driver for i in modem.device.interfaces):
        needed += ["qmi_wwan", "cdc_wdm"]
    if any(i.driver is None for i in modem.serial_interfaces) and not modem.ttys:
        needed.append(modem.expected_serial or "option")
    missing = [name for name in needed if name not in ctx.loaded]
    if not missing:
        return []
    packages = " ".join(PACKAGES[name] for name in missing)
    text = (
        f"{modem.label} is present but the kernel module {', '.join(missing)} is not "
        f"loaded: install {packages}"
    )
    fix = ("opkg update", f"opkg install {packages}")
    return [Finding(ERROR, "module-missing", text, fix, modem.path)]


def quectel_commands(modem: Modem, ctx: Context) -> list[Finding]:
    vid = modem.device.vid
    if modem.is_quectel or vid not in modem_table.VENDORS or vid == modem_table.QUALCOMM:
        return []  # a Qualcomm reference ID can be any brand's (05c6:9215 is a Quectel EC20)
    if modem.qmi:
        instead = (
            f"its QMI function ({_ifaces(modem.qmi)}) is already there, so no mode switch is needed"
        )
    else:
        instead = "to change its USB composition use " + _VENDOR_MODE.get(
            modem.device.vid, "usb-modeswitch (package usb-modeswitch)"
        )
    text = (
        f'AT+QCFG (e.g. AT+QCFG="usbnet") is a Quectel command: this {modem.vendor} modem '
        f"answers ERROR to it; {instead}"
    )
    return [Finding(INFO, "at-qcfg-not-quectel", text, (), modem.path)]


_VENDOR_MODE = {
    modem_table.SIERRA: "AT!USBCOMP (Sierra)",
    modem_table.TELIT: "AT#USBCFG (Telit)",
    modem_table.FIBOCOM: "AT+GTUSBMODE (Fibocom)",
    modem_table.FIBOCOM_OLD: "AT+GTUSBMODE (Fibocom)",
}

MODEM_RULES: tuple[Callable[[Modem, Context], list[Finding]], ...] = (
    modules_missing,
    qmi_without_driver,
    serial_binding,
    serial_unbound,
    quectel_commands,
)


def off_the_bus(facts: Facts, found: tuple[Modem, ...]) -> list[Finding]:
    log = facts.klog
    if log is None:
        return []
    findings = []
    paths = {m.path for m in found}
    for port, count in sorted(log.disconnects.items()):
        mine = port in paths or not paths
        if count >= DISCONNECTS_MEANING_POWER and mine:
            text = (
                f"the device on USB port {port} left the bus {count} times (kernel log): the "
                "modem is falling off the bus, usually for lack of power; put a powered USB "
                "hub (or the modem's own supply) between router and modem"
            )
            fix = (f"dmesg | grep -E 'usb {port}[:.]'",)
            findings.append(Finding(ERROR, "usb-disconnects", text, fix, port))
    for port in log.over_current:
        text = f"USB port {port} reported over-current: the modem draws more than it gives"
        findings.append(Finding(ERROR, "usb-over-current", text, ("dmesg | grep -i current",)))
    worst = max(log.port_timeouts.values(), default=0)
    if worst >= MM_TIMEOUTS_MEANING_POWER and not findings:
        ports = ", ".join(sorted(log.port_timeouts))
        text = (
            f"ModemManager saw {ports} time out {worst} times in a row: the modem stops "
            "answering, as one about to fall off the bus does; check its power supply"
        )
        findings.append(Finding(WARNING, "port-timeouts", text, ("dmesg | grep -i usb",)))
    return findings


def broken_modules(facts: Facts) -> list[Finding]:
    if facts.klog is None:
        return []
    findings = []
    for name in sorted(facts.klog.unknown_symbol & set(PACKAGES)):
        package = PACKAGES[name]
        text = (
            f"the module {name} did not load: it was built for another kernel (force-installed "
            f"{package}?); install the {package} of this release"
        )
        fix = (f"opkg remove --force-depends {package}", "opkg update", f"opkg install {package}")
        findings.append(Finding(ERROR, "module-wrong-kernel", text, fix))
    return findings


def diagnose_modems(facts: Facts) -> tuple[tuple[Modem, ...], list[Finding]]:
    found = modems(facts)
    release = facts.klog.release if facts.klog and facts.klog.release else None
    if release is None and facts.usb:
        release = kernel_release(facts.usb)
    ctx = Context(release or facts.kernel_release, loaded_drivers(facts))
    findings = broken_modules(facts)
    for modem in found:
        for rule in MODEM_RULES:
            findings += rule(modem, ctx)
    findings += off_the_bus(facts, found)
    if facts.usb is not None and not found:
        text = "no QMI modem on the USB bus (is it plugged in, and in QMI mode?)"
        findings.append(Finding(WARNING, "no-modem", text, ("cat /sys/kernel/debug/usb/devices",)))
    return found, findings
