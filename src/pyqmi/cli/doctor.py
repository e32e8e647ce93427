"""``pyqmi doctor``: why does the modem not connect? Names each problem and its fix.

Sources (each replaceable by a file or a tree, which is how the tests feed it the seed
threads' dumps): the USB device list (``/sys/kernel/debug/usb/devices``, ``--usb-devices``;
without debugfs, sysfs's ``bus/usb/devices``),
sysfs (``/sys``, ``--sysfs-root``), the kernel log (``dmesg``, ``--kernel-log``: dmesg or
logread text), the QMI control devices in ``/dev`` (``--dev-root``) and the network
configuration through pyuci (``--uci-confdir``). A source given on the command line that
cannot be read is bad input (one line, exit status 2); a default source that cannot be read
is reported in the output and the rest is still diagnosed. Exit status: 0 when nothing is
wrong, 1 when there are errors among the findings, 2 for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys

from pyqmi.cli import doctor_klog, doctor_sysfs, doctor_usb, doctor_usb_sysfs
from pyqmi.cli.doctor_config import interface_sections
from pyqmi.cli.doctor_config_rules import diagnose_config
from pyqmi.cli.doctor_facts import ERROR, Facts, Finding, KernelLog, Section, Sysfs, UsbDevice
from pyqmi.cli.doctor_modems import Modem
from pyqmi.cli.doctor_report import DEFAULT_WIDTH, emit, json_report, text_report
from pyqmi.cli.doctor_rules import diagnose_modems
from pyqmi.config.errors import ConfigError

PROG = "pyqmi doctor"


class DoctorInputError(Exception):
    """A source named on the command line cannot be read."""


def _width(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 40 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{value} is outside 40..1000")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--usb-devices",
        metavar="FILE",
        help=f"a copy of {doctor_usb.DEFAULT_PATH} (default: that file)",
    )
    parser.add_argument("--sysfs-root", metavar="DIR", help="read sysfs from DIR (default /sys)")
    parser.add_argument(
        "--kernel-log", metavar="FILE", help="dmesg or logread output (default: run dmesg)"
    )
    parser.add_argument(
        "--dev-root", metavar="DIR", help="where control devices are (default /dev)"
    )
    parser.add_argument(
        "--uci-confdir",
        metavar="DIR",
        help="UCI config directory holding 'network' (default /etc/config)",
    )
    parser.add_argument("--no-config", action="store_true", help="do not read the network config")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument(
        "--width",
        type=_width,
        default=DEFAULT_WIDTH,
        help=f"wrap the text report at this many columns (default {DEFAULT_WIDTH})",
    )


def _usb(args: argparse.Namespace, unread: list[str]) -> tuple[UsbDevice, ...] | None:
    """The USB dump named, else debugfs's (under the sysfs root), else sysfs's device list."""
    root = args.sysfs_root or "/sys"
    path = args.usb_devices or os.path.join(root, "kernel", "debug", "usb", "devices")
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return doctor_usb.parse(file.read())
    except doctor_usb.UsbDevicesError as exc:
        raise DoctorInputError(f"{path}: {exc}") from None
    except OSError as exc:
        why = f"cannot read {path}: {exc.strerror or exc}"
        if args.usb_devices:
            raise DoctorInputError(why) from None
    devices = doctor_usb_sysfs.read(root)
    if devices is None:
        unread.append(f"{why} (mount debugfs: mount -t debugfs debugfs /sys/kernel/debug)")
    return devices


def _sysfs(args: argparse.Namespace, unread: list[str]) -> Sysfs | None:
    try:
        return doctor_sysfs.read(args.sysfs_root or "/sys")
    except doctor_sysfs.SysfsError as exc:
        if args.sysfs_root:
            raise DoctorInputError(str(exc)) from None
        unread.append(str(exc))
        return None


def _klog(args: argparse.Namespace, unread: list[str]) -> KernelLog | None:
    try:
        if args.kernel_log:
            return doctor_klog.read_file(args.kernel_log)
        return doctor_klog.read_dmesg()
    except doctor_klog.KernelLogError as exc:
        if args.kernel_log:
            raise DoctorInputError(str(exc)) from None
        unread.append(str(exc))
        return None


def _sections(args: argparse.Namespace, unread: list[str]) -> tuple[Section, ...] | None:
    if args.no_config:
        return None
    if args.uci_confdir and not os.path.isdir(args.uci_confdir):
        raise DoctorInputError(f"--uci-confdir {args.uci_confdir}: not a directory")
    try:
        return interface_sections(args.uci_confdir)
    except ConfigError as exc:
        if args.uci_confdir:
            raise DoctorInputError(str(exc)) from None
        unread.append(f"network configuration: {exc}")
        return None


def gather(args: argparse.Namespace) -> Facts:
    """Every source the arguments name (raises DoctorInputError for an explicit bad one)."""
    unread: list[str] = []
    if args.dev_root and not os.path.isdir(args.dev_root):
        raise DoctorInputError(f"--dev-root {args.dev_root}: not a directory")
    live = not (args.usb_devices or args.sysfs_root or args.kernel_log)
    dev_root = args.dev_root or ("/dev" if live else None)
    release = None
    if live:
        parts = os.uname().release.split("-")[0].split(".")
        release = tuple(int(p) for p in parts if p.isdigit()) or None
    return Facts(
        usb=_usb(args, unread),
        sysfs=_sysfs(args, unread),
        klog=_klog(args, unread),
        sections=_sections(args, unread),
        dev_present=doctor_sysfs.dev_control_devices(dev_root) if dev_root else None,
        kernel_release=release,
        unread=tuple(unread),
    )


def diagnose(facts: Facts) -> tuple[tuple[Modem, ...], list[Finding]]:
    """The modems found and every finding, modem rules first."""
    found, findings = diagnose_modems(facts)
    return found, findings + diagnose_config(facts, found)


def run(args: argparse.Namespace) -> int:
    try:
        facts = gather(args)
    except DoctorInputError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    found, findings = diagnose(facts)
    if args.json:
        emit(json_report(facts, found, findings))
    else:
        emit(text_report(facts, found, findings, args.width))
    return 1 if any(f.severity == ERROR for f in findings) else 0
