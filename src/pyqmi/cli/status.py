"""``pyqmi status IFACE``: what the running daemon knows, read over ubus.

It asks the daemon's ``pyqmi.<iface>`` object and never opens the modem, so it
works while the link is up and cannot disturb it.  Exit status: 0 with the status, 1 when no
daemon answers, 2 for a bad interface name.  The keys of ``--json``: ``netifd/status.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from pyqmi import loop
from pyqmi.cli.modem_render import fit
from pyqmi.cli.modem_source import check_interface
from pyqmi.netifd.bus import Bus, BusError, PythonUbusBus
from pyqmi.netifd.status import object_name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("interface", help="the netifd interface, e.g. 4G")
    parser.add_argument("--json", action="store_true", help="print the raw status object")


def render(status: dict[str, Any]) -> str:
    """A short human-readable summary of a status reply."""
    lines = [
        f"{status.get('interface', '?')}: {status.get('state', '?')} ({status.get('device', '')})"
    ]
    ident = status.get("identity") or {}
    if ident:
        lines.append(f"  modem: {ident.get('manufacturer', '')} {ident.get('model', '')}".rstrip())
    sim = status.get("sim")
    if sim:
        lines.append(f"  SIM: {sim.get('application')}, PIN {sim.get('pin1')}")
    reg = status.get("registration")
    if reg:
        signal = ", ".join(f"{k.upper()} {v}" for k, v in (reg.get("signal") or {}).items())
        roam = " (roaming)" if reg.get("roaming") else ""
        lines.append(
            f"  network: {reg.get('state')}{roam} on {reg.get('operator') or '?'} "
            f"({reg.get('mcc')}{reg.get('mnc')}), {reg.get('technology')}; {signal}"
        )
    serving = (status.get("cell") or {}).get("serving")
    if serving:
        ident = ", ".join(
            f"{label} {serving[key]}"
            for key, label in (("cell_id", "cell"), ("tac", "TAC"), ("lac", "LAC"),
                               ("earfcn", "EARFCN"), ("nr_arfcn", "NR-ARFCN"),
                               ("band", "band"), ("pci", "PCI"))
            if key in serving
        )  # fmt: skip
        lines.append(f"  serving cell: {ident}")
    for addr in status.get("addresses") or []:
        lines.append(f"  {addr['family']}: {addr['address']} via {addr.get('gateway') or '-'}")
    error = status.get("error")
    if error:
        lines.append(f"  last error: {error.get('code')}: {error.get('message')}")
    for attempt in (status.get("attempts") or [])[-5:]:
        reason = f" ({attempt['reason']})" if attempt.get("reason") else ""
        lines.append(
            f"  call {attempt['family']} auth={attempt['auth']}: {attempt['result']}{reason}"
        )
    for note in status.get("notes") or []:
        lines.append(f"  note: {note}")
    return "\n".join(fit(line) for line in lines)  # 80 columns


async def fetch(interface: str, connect_bus: Callable[[], Awaitable[Bus]]) -> dict[str, Any]:
    bus = await connect_bus()
    try:
        replies = await bus.call(object_name(interface), "status", {})
    finally:
        await bus.close()
    if not replies:
        raise BusError(f"{object_name(interface)} gave no reply")
    return replies[0]


def run(
    args: argparse.Namespace,
    connect_bus: Callable[[], Awaitable[Bus]] = PythonUbusBus.connect,
) -> int:
    interface = check_interface(args.interface)  # bad input: one line, status 2
    try:
        status = loop.run(fetch(interface, connect_bus))
    except BusError as exc:
        print(
            f"pyqmi status: no status for interface {args.interface!r}: {exc} "
            "(is the interface up with proto 'pyqmi' and option ubus_status 1?)",
            file=sys.stderr,
        )
        return 1
    print(json.dumps(status, indent=2, sort_keys=True) if args.json else render(status))
    return 0
