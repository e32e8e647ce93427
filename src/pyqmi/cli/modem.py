"""``pyqmi signal|cell|sim|info [IFACE] [--device PATH]``: the modem's facts for a person.

One module for the four views (``SUBCOMMANDS`` names it for each; ``args.command`` says
which).  With an interface the running daemon is asked over ubus; with ``--device`` the
device is read directly unless a daemon holds it (then that daemon is asked): see
``modem_source``.  ``--json`` prints the status-shaped dict (keys: ``netifd/status.py``).

Exit status: 0 with the facts; 1 when they could not be had (no daemon, the device is held
by another program, the modem did not answer in time); 2 for bad usage or a bad value.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from pyqmi.cli import modem_render
from pyqmi.cli.modem_source import Answer, SourceError, check_device, check_interface, fetch
from pyqmi.cli.usage import BadInput, fail, positive_float, run_async
from pyqmi.netifd.bus import Bus, PythonUbusBus
from pyqmi.qmi.errors import QmiError

IDS = {"sim": ("iccid", "imsi"), "info": ("imei",)}
DEFAULT_TIMEOUT = 5.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    view = parser.prog.split()[-1]
    parser.add_argument("interface", nargs="?", help="the netifd interface, e.g. 4G")
    parser.add_argument(
        "--device", metavar="PATH", help="read this control device (when no daemon owns it)"
    )
    parser.add_argument("--json", action="store_true", help="print the facts as JSON")
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds each request to the modem may take (default {DEFAULT_TIMEOUT:g})",
    )
    if view in IDS:
        names = " and ".join(k.upper() for k in IDS[view])
        parser.add_argument(
            "--show-ids", action="store_true", help=f"show the {names} (hidden by default)"
        )


def _direct(
    view: str, timeout: float, ids: tuple[str, ...]
) -> Callable[[str, bool], Awaitable[Any]]:
    async def read(path: str, proxy: bool) -> dict[str, Any]:
        from pyqmi.cli.modem_direct import read_device  # the transport only when needed

        return await read_device(path, view, timeout=timeout, ids=ids, proxy=proxy)

    return read


def _with_ids(view: str, answer: Answer, show: bool) -> dict[str, Any]:
    status = dict(answer.status)
    if show and answer.source == "daemon":
        status["ids"] = {}
        status["ids_note"] = (
            "identifiers are not shared by the daemon; with the interface down, "
            f"pyqmi {view} --device PATH --show-ids reads them"
        )
    return status


def run(
    args: argparse.Namespace,
    connect_bus: Callable[[], Awaitable[Bus]] = PythonUbusBus.connect,
) -> int:
    view: str = args.command
    prog = f"pyqmi {view}"
    show = bool(getattr(args, "show_ids", False))
    if args.interface is None and args.device is None:
        raise BadInput("give an interface (e.g. 4G) or --device /dev/cdc-wdmN")
    interface = None if args.interface is None else check_interface(args.interface)
    device = None if args.device is None else check_device(args.device)
    direct = _direct(view, args.timeout, IDS.get(view, ()) if show else ())
    try:
        answer = run_async(fetch(view, interface, device, connect_bus, direct))
    except SourceError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 1
    except (QmiError, OSError) as exc:
        where = device or interface
        print(f"{prog}: the modem at {where} did not answer: {exc}", file=sys.stderr)
        return 1
    except BadInput as exc:
        return fail(prog, exc)
    status = _with_ids(view, answer, show)
    if args.json:
        print(json.dumps(status, indent=2, sort_keys=True))
    else:
        print(modem_render.render(view, status, answer.note))
    return 0
