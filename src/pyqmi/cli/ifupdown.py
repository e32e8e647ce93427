"""``pyqmi connect|disconnect IFACE``: netifd's ifup/ifdown of a pyqmi interface, waited for.

Both go through netifd (``ubus call network.interface.<iface> up|down``), never around it:
netifd starts and stops the daemon as for ``ifup``/``ifdown``, so what it shows stays true.
The interface must be one netifd knows with proto 'pyqmi' (else exit status 2).  Then the
command waits, bounded by ``--timeout``, until netifd reports the interface up (connect) or
down (disconnect), polling its status; ``--no-wait`` returns once netifd took the request.

Exit status: 0 when the interface reached the state; 1 when it did not in time, or the
daemon reported an error that stops it (the error code is shown, as in ``ifstatus``); 2 for
bad usage, an unknown interface or one of another protocol.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from pyqmi.cli.modem_source import check_interface
from pyqmi.cli.usage import BadInput, fail, pause, positive_float, run_async
from pyqmi.netifd.bus import Bus, BusCallFailed, BusError, PythonUbusBus

POLL = 0.5  # seconds between looks at netifd's status
DEFAULT_TIMEOUT = 60.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("interface", help="the netifd interface, e.g. 4G")
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds to wait for netifd to report it (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--no-wait", action="store_true", help="return once netifd took the request"
    )


def _errors(status: dict[str, Any]) -> list[str]:
    return [str(err.get("code", "?")) for err in status.get("errors") or []]


def _addresses(status: dict[str, Any]) -> str:
    found = [f"{a['address']}/{a.get('mask', '?')}" for a in status.get("ipv4-address") or []]
    found += [f"{a['address']}/{a.get('mask', '?')}" for a in status.get("ipv6-address") or []]
    return ", ".join(found)


async def _status(bus: Bus, obj: str, interface: str) -> dict[str, Any]:
    try:
        replies = await bus.call(obj, "status", {})
    except BusCallFailed as exc:
        if "not found" in exc.reason.lower():
            raise BadInput(f"netifd has no interface {interface!r}") from None
        raise
    return replies[0] if replies else {}


async def switch(
    bus: Bus, interface: str, up: bool, timeout: float, wait: bool = True
) -> tuple[int, str]:
    """Ask netifd; wait for the state; (exit status, the line to print)."""
    obj = f"network.interface.{interface}"
    status = await _status(bus, obj, interface)
    proto = status.get("proto")
    if proto != "pyqmi":
        raise BadInput(f"interface {interface!r} has proto {proto!r}, not 'pyqmi'")
    if bool(status.get("up")) == up and not status.get("pending"):
        return 0, f"{interface}: already {'up' if up else 'down'}"
    await bus.call(obj, "up" if up else "down", {})
    if not wait:
        return 0, f"{interface}: netifd is bringing it {'up' if up else 'down'}"
    deadline = time.monotonic() + timeout
    while True:
        status = await _status(bus, obj, interface)
        if up and status.get("up"):
            return 0, f"{interface}: up" + (f", {_addresses(status)}" if _addresses(status) else "")
        if not up and not status.get("up") and not status.get("pending"):
            return 0, f"{interface}: down"
        if up and _errors(status) and not status.get("pending"):
            return 1, f"{interface}: not up: {', '.join(_errors(status))} (see ifstatus, logread)"
        if time.monotonic() >= deadline:
            last = f" (errors so far: {', '.join(_errors(status))})" if _errors(status) else ""
            state = "up" if up else "down"
            return 1, f"{interface}: not {state} after {timeout:g} s{last}"
        await pause(POLL)


def run(
    args: argparse.Namespace,
    connect_bus: Callable[[], Awaitable[Bus]] = PythonUbusBus.connect,
) -> int:
    prog = f"pyqmi {args.command}"
    interface = check_interface(args.interface)
    up = args.command == "connect"

    async def main() -> tuple[int, str]:
        bus = await connect_bus()
        try:
            return await switch(bus, interface, up, args.timeout, not args.no_wait)
        finally:
            await bus.close()

    try:
        code, line = run_async(main())
    except BadInput as exc:
        return fail(prog, exc)
    except BusError as exc:
        print(f"{prog}: cannot reach netifd: {exc}", file=sys.stderr)
        return 1
    print(line, file=sys.stdout if code == 0 else sys.stderr)
    return code
