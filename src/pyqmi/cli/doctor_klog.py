"""Read the kernel log (``dmesg``, or ``logread`` output, or a file) for what matters to a modem.

Each fact is one kind of kernel line, found anywhere in a line so that ``dmesg`` output
(``[   14.8] usb 1-1: ...``) and ``logread`` output (``... kern.info kernel: [14.8] usb ...``)
read alike:

* ``Linux version 4.4.61 ...``: the kernel release (raw-ip needs 4.5);
* ``usbcore: registered new interface driver qmi_wwan``: a driver that is loaded; the log
  reaches back to boot when it has such lines, so a driver *missing* from them is not loaded;
* ``usb 2-1: USB disconnect, device number 2``: the device on port 2-1 left the bus;
  ``over-current`` reports name a port whose device draws too much;
* ``usb 1-1: GSM modem (1-port) converter now attached to ttyUSB0``: a serial port appeared;
* ``qmi_wwan 1-1:1.4 wwan0: register 'qmi_wwan' ...``: the net interface of a QMI interface;
* ``qmi_wwan: Unknown symbol ...`` / ``disagrees about version of symbol``: a module built for
  another kernel (force-installed), which therefore did not load;
* ModemManager's ``port ttyUSB2 timed out 4 consecutive times`` (in ``logread``).
"""

from __future__ import annotations

import re
import subprocess

from pyqmi.cli.doctor_facts import KernelLog

_RELEASE = re.compile(r"Linux version (\d+)\.(\d+)(?:\.(\d+))?")
_REGISTERED = re.compile(r"usbcore: registered new (?:interface |device )?driver (\S+)")
_DISCONNECT = re.compile(r"\busb (\d+-[\d.]+): USB disconnect")
_OVER_CURRENT = re.compile(r"\busb (\S+?):? .*over-current")
_ATTACHED = re.compile(r"\busb (\d+-[\d.]+): .*converter now attached to (ttyUSB\d+)")
_NET = re.compile(r"\bqmi_wwan (\d+-[\d.]+:\d+\.\d+) (\S+): register 'qmi_wwan'")
_SYMBOL = re.compile(r"\b(\w+): (?:Unknown symbol|disagrees about version of symbol)")
_TIMEOUT = re.compile(r"port (ttyUSB\d+) timed out (\d+) consecutive times")

DMESG_TIMEOUT = 10.0


class KernelLogError(OSError):
    """The kernel log cannot be read."""


def parse(text: str) -> KernelLog:
    release: tuple[int, ...] | None = None
    registered: set[str] = set()
    disconnects: dict[str, int] = {}
    over_current: list[str] = []
    attached: dict[str, list[str]] = {}
    net: dict[str, str] = {}
    unknown: set[str] = set()
    timeouts: dict[str, int] = {}
    for line in text.splitlines():
        if release is None and (match := _RELEASE.search(line)):
            release = tuple(int(part) for part in match.groups() if part is not None)
        if match := _REGISTERED.search(line):
            registered.add(match.group(1))
        elif match := _DISCONNECT.search(line):
            disconnects[match.group(1)] = disconnects.get(match.group(1), 0) + 1
        elif match := _ATTACHED.search(line):
            attached.setdefault(match.group(1), []).append(match.group(2))
        elif match := _NET.search(line):
            net[match.group(1)] = match.group(2)
        elif match := _SYMBOL.search(line):
            unknown.add(match.group(1))
        elif match := _TIMEOUT.search(line):
            port, count = match.group(1), int(match.group(2))
            timeouts[port] = max(timeouts.get(port, 0), count)
        elif "over-current" in line and (match := _OVER_CURRENT.search(line)):
            over_current.append(match.group(1))
    return KernelLog(
        release=release,
        registered=frozenset(registered),
        has_boot=bool(registered),
        disconnects=disconnects,
        over_current=tuple(dict.fromkeys(over_current)),
        tty_attached={port: tuple(ttys) for port, ttys in attached.items()},
        net_registered=net,
        unknown_symbol=frozenset(unknown),
        port_timeouts=timeouts,
    )


def read_file(path: str) -> KernelLog:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return parse(file.read())
    except OSError as exc:
        raise KernelLogError(f"cannot read the kernel log {path}: {exc.strerror or exc}") from None


def read_dmesg() -> KernelLog:
    """The live kernel log from ``dmesg`` (bounded in time)."""
    try:
        done = subprocess.run(
            ["dmesg"], capture_output=True, text=True, timeout=DMESG_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KernelLogError(f"cannot run dmesg: {exc}") from None
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise KernelLogError(f"dmesg failed: {why[0]}")
    return parse(done.stdout)
