"""Where ``pyqmi signal|cell|sim|info`` get their facts: the daemon over ubus, or the device.

Theory of operation
-------------------
A modem has one owner.  When a pyqmi daemon runs for the interface, the daemon owns the
modem and the CLI only asks it (``ubus call pyqmi.<iface> <view>``): it never opens a
device the daemon holds, so it cannot disturb the link or steal an indication.

- ``pyqmi cell 4G``: ask ``pyqmi.4G``; no such object means no daemon runs for 4G, and
  the error says to give ``--device`` to read the modem directly.
- ``pyqmi cell --device /dev/cdc-wdm0``: first look at who holds that device (the
  ``/proc/*/fd`` links of every process we may see).  A pyqmi daemon: ask it instead (its
  interface comes from its command line).  Another program (ModemManager, qmicli, uqmi):
  refuse, naming it.  Nobody: open it ourselves (``modem_direct``), every request bounded;
  through qmi-proxy when qmi-proxy holds it (that is what qmi-proxy is for).  The
  simulator (pyqmi-sim) holds both ends of its pty: it is the modem, not a holder.

``Answer`` is what came back: the status-shaped dict (``netifd/status.py`` lists its keys)
and where it came from, for the note the human output prints.
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable
from typing import Any

from pyqmi.cli.usage import BadInput, pause
from pyqmi.frozen import frozen
from pyqmi.netifd.bus import Bus, BusError
from pyqmi.netifd.status import object_name

INTERFACE_NAME = re.compile(r"[A-Za-z0-9_]{1,15}")
CELL_WAIT = 4.0  # seconds to wait for a cell read the daemon started for us
CELL_POLL = 0.25


class SourceError(Exception):
    """The facts could not be had (no daemon, device busy, modem silent): exit status 1."""


@frozen
class Answer:
    status: dict[str, Any]
    source: str  # "daemon" or "device"
    note: str = ""


def check_interface(name: str) -> str:
    if not INTERFACE_NAME.fullmatch(name):
        raise BadInput(
            f"interface name {name!r} is not a netifd interface name "
            "(letters, digits and '_', at most 15)"
        )
    return name


def check_device(path: str, dev_root: str = "/dev") -> str:
    """An existing character device given by an absolute path, else BadInput naming those
    that exist."""
    if path != path.strip() or not path.startswith("/"):
        raise BadInput(f"device {path!r} is not an absolute path such as /dev/cdc-wdm0")
    if not os.path.exists(path):
        from pyqmi.config.device import list_control_devices  # only for the message

        present = ", ".join(list_control_devices(dev_root)) or "none"
        raise BadInput(f"device {path} does not exist (QMI control devices present: {present})")
    return path


def holders(path: str, proc: str = "/proc") -> list[tuple[int, list[str]]]:
    """The processes (pid, argv) with ``path`` open, as far as we may look."""
    target = os.path.realpath(path)
    found = []
    me = os.getpid()
    for entry in os.listdir(proc):
        if not entry.isdigit() or int(entry) == me:
            continue
        fd_dir = os.path.join(proc, entry, "fd")
        try:
            links = [os.readlink(os.path.join(fd_dir, fd)) for fd in os.listdir(fd_dir)]
        except OSError:
            continue  # gone, or not ours to see
        if target not in links:
            continue
        try:
            with open(os.path.join(proc, entry, "cmdline"), "rb") as f:
                argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
        except OSError:
            argv = []
        found.append((int(entry), argv))
    return found


def is_simulator(argv: list[str]) -> bool:
    """pyqmi-sim holds its own pty's both ends: it is the modem, not a user of it."""
    return any(os.path.basename(arg) == "pyqmi-sim" or arg == "pyqmi.sim" for arg in argv[:4])


def is_proxy(argv: list[str]) -> bool:
    """libqmi's qmi-proxy shares the device: reading through it disturbs nobody."""
    return bool(argv) and os.path.basename(argv[0]) == "qmi-proxy"


def daemon_interface(argv: list[str]) -> str | None:
    """The interface of a ``pyqmi daemon --interface X`` command line, else None."""
    words = [os.path.basename(a) for a in argv[:3]]
    if "daemon" not in argv or not any(w.startswith("pyqmi") for w in words):
        return None
    for i, arg in enumerate(argv):
        if arg == "--interface" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--interface="):
            return arg.split("=", 1)[1]
    return None


async def ask_daemon(bus: Bus, interface: str, view: str) -> dict[str, Any]:
    """One view of the daemon's status object; SourceError when no daemon answers."""
    try:
        replies = await bus.call(object_name(interface), view, {})
    except BusError as exc:
        raise SourceError(
            f"no pyqmi daemon answers for interface {interface!r} ({exc}); is it up with "
            "proto 'pyqmi' and option ubus_status 1? Without a daemon, give --device "
            "/dev/cdc-wdmN to read the modem directly"
        ) from None
    if not replies:
        raise SourceError(f"{object_name(interface)} {view} gave no reply")
    return replies[0]


async def ask_cell(bus: Bus, interface: str, wait: float = CELL_WAIT) -> dict[str, Any]:
    """The ``cell`` view, re-asked (bounded) while the read it started is under way."""
    reply = await ask_daemon(bus, interface, "cell")
    waited = 0.0
    while (reply.get("cell") or {}).get("reading") and waited < wait:
        await pause(CELL_POLL)
        waited += CELL_POLL
        reply = await ask_daemon(bus, interface, "cell")
    return reply


Direct = Callable[[str, bool], Awaitable[dict[str, Any]]]  # (device, via qmi-proxy)


async def fetch(
    view: str,
    interface: str | None,
    device: str | None,
    connect_bus: Callable[[], Awaitable[Bus]],
    direct: Direct,
    proc: str = "/proc",
) -> Answer:
    """The facts for ``view``, from the daemon that owns the modem or from the device."""
    note = ""
    if device is not None:
        owners = [(pid, argv) for pid, argv in holders(device, proc) if not is_simulator(argv)]
        proxied = any(is_proxy(argv) for _, argv in owners)
        owners = [(pid, argv) for pid, argv in owners if not is_proxy(argv)]
        ours = [(pid, daemon_interface(argv)) for pid, argv in owners]
        daemons = [(pid, name) for pid, name in ours if name]
        if daemons:
            pid, name = daemons[0]
            assert name is not None
            if interface is not None and interface != name:
                raise BadInput(f"{device} belongs to interface {name!r}, not {interface!r}")
            interface = name
            note = f"{device} is held by the pyqmi daemon of {name} (pid {pid}): asked it"
        elif owners:
            pid, argv = owners[0]
            who = " ".join(argv) or "?"
            raise SourceError(
                f"{device} is held by pid {pid} ({who}); stop it first, or use its own tools"
            )
        else:
            how = " through qmi-proxy" if proxied else ""
            answer = await direct(device, proxied)
            return Answer(answer, "device", f"read from {device}{how}; no daemon holds it")
    assert interface is not None
    try:
        bus = await connect_bus()
    except BusError as exc:
        raise SourceError(
            f"cannot ask the daemon of {interface!r}: {exc}; without a daemon, give --device "
            "/dev/cdc-wdmN to read the modem directly"
        ) from None
    try:
        if view == "cell":
            status = await ask_cell(bus, interface)
        else:
            status = await ask_daemon(bus, interface, view)
    finally:
        await bus.close()
    return Answer(status, "daemon", note)
