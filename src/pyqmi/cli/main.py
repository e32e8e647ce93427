"""``pyqmi`` entry point: a table of subcommands, each imported only when used.

Each subcommand module exposes ``add_arguments(parser)`` and ``run(args) -> int``. Only the
chosen subcommand's module is imported (found in argv before parsing), which keeps
``pyqmi daemon`` start-up cheap on a router and still lets ``pyqmi SUBCOMMAND --help`` show
that subcommand's options. A subcommand whose module ships in another package (the demo needs
the simulator, package pyqmi-sim) says which package to install instead of a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from pyqmi.cli.usage import BadInput, OneLineParser, fail
from pyqmi.frozen import frozen


@frozen
class Subcommand:
    module: str  # the module with add_arguments(parser) and run(args)
    summary: str  # one line, shown in ``pyqmi --help`` and atop the subcommand's help
    example: str  # shown at the end of ``pyqmi SUBCOMMAND --help``


SUBCOMMANDS: dict[str, Subcommand] = {
    "daemon": Subcommand(
        "pyqmi.daemon.cli",
        "run the connection daemon for one netifd interface (netifd starts it)",
        "pyqmi daemon --interface 4G\n"
        "  (normally started by /lib/netifd/proto/pyqmi.sh; the options come from\n"
        "  /etc/config/network, section '4G')",
    ),
    "status": Subcommand(
        "pyqmi.cli.status",
        "show a running interface's modem and link status (over ubus)",
        "pyqmi status 4G\npyqmi status 4G --json",
    ),
    "signal": Subcommand(
        "pyqmi.cli.modem",
        "show the signal levels and the network (the daemon's, or --device's)",
        "pyqmi signal 4G\npyqmi signal 4G --json\npyqmi signal --device /dev/cdc-wdm0",
    ),
    "cell": Subcommand(
        "pyqmi.cli.modem",
        "show the serving cell (ID, TAC, channel, band, PCI) and the neighbour cells",
        "pyqmi cell 4G\npyqmi cell --device /dev/cdc-wdm0 --json",
    ),
    "sim": Subcommand(
        "pyqmi.cli.modem",
        "show the SIM card: state, PIN and PUK tries left (ICCID/IMSI with --show-ids)",
        "pyqmi sim 4G\npyqmi sim --device /dev/cdc-wdm0 --show-ids",
    ),
    "info": Subcommand(
        "pyqmi.cli.modem",
        "show the modem: manufacturer, model, firmware (IMEI with --show-ids)",
        "pyqmi info 4G\npyqmi info --device /dev/cdc-wdm0 --show-ids --json",
    ),
    "connect": Subcommand(
        "pyqmi.cli.ifupdown",
        "bring a pyqmi interface up through netifd (ifup) and wait until it is up",
        "pyqmi connect 4G\npyqmi connect 4G --timeout 120\npyqmi connect 4G --no-wait",
    ),
    "disconnect": Subcommand(
        "pyqmi.cli.ifupdown",
        "take a pyqmi interface down through netifd (ifdown) and wait until it is down",
        "pyqmi disconnect 4G",
    ),
    "decode": Subcommand(
        "pyqmi.cli.decode",
        "decode one QMI frame given as hex and print it as JSON",
        "pyqmi decode 01 0c 00 00 02 01 00 01 00 25 00 00 00",
    ),
    "demo": Subcommand(
        "pyqmi.cli.demo",
        "connect to the built-in simulated modem and show each step (package pyqmi-sim)",
        "pyqmi demo\npyqmi demo --scenario zte-mf821 --no-netns\npyqmi demo --list",
    ),
    "doctor": Subcommand(
        "pyqmi.cli.doctor",
        "diagnose a modem that does not connect: USB, drivers, kernel log, configuration",
        "pyqmi doctor\npyqmi doctor --json\n"
        "pyqmi doctor --usb-devices usb.txt --kernel-log dmesg.txt --sysfs-root ./sys",
    ),
    "migrate": Subcommand(
        "pyqmi.cli.migrate",
        "convert proto 'qmi' interfaces to proto 'pyqmi' (dry run unless --apply)",
        "pyqmi migrate            # show the diff and what changes meaning\n"
        "pyqmi migrate --apply    # change /etc/config/network, keeping a backup\n"
        "pyqmi migrate --revert   # put the old file back, byte for byte",
    ),
    "unblock-pin": Subcommand(
        "pyqmi.cli.unblock",
        "unblock a SIM's PIN with its PUK (read from stdin, sent once; the daemon never does)",
        "pyqmi unblock-pin --device /dev/cdc-wdm0   # asks for the PUK and a new PIN",
    ),
}

# Modules that live in a package of their own on OpenWrt, and that package's name.
_OPTIONAL_PACKAGES = {"pyqmi.sim": "pyqmi-sim", "pyqmi.cli.demo": "pyqmi-sim"}
# `pyqmi sim` was the simulator before it became pyqmi-sim: its options get a pointer there.
_MOVED = {"sim": (("--scenario", "--link", "--set", "--latency"), "the simulated modem is "
          "the command pyqmi-sim (package pyqmi-sim); pyqmi sim shows the SIM card")}  # fmt: skip


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = OneLineParser(
        prog="pyqmi",
        description="QMI connection manager for OpenWrt (netifd protocol 'pyqmi')",
        epilog="Run 'pyqmi SUBCOMMAND --help' for a subcommand's options.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    parsers: dict[str, argparse.ArgumentParser] = {}
    for name, command in SUBCOMMANDS.items():
        parsers[name] = sub.add_parser(
            name,
            help=command.summary,
            description=command.summary,
            epilog="example:\n  " + command.example.replace("\n", "\n  "),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    return parser, parsers


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv: the first word that is not an option."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def _missing_package(exc: ModuleNotFoundError) -> str | None:
    name = exc.name or ""
    for prefix, package in _OPTIONAL_PACKAGES.items():
        if name == prefix or name.startswith(prefix + "."):
            return package
    return None


def _import_paused(name: str) -> ModuleType:
    """Import a subcommand's module with the cyclic garbage collector paused.

    Importing ``pyqmi.daemon.cli`` leaves some 25,000 container objects that live as long as
    the process (modules, classes, layouts); with the collector running, its collections keep
    walking them as they pile up.  Imports make little cyclic garbage, so the collector waits
    until they are done, and ``gc.freeze()`` then takes what they made out of every later
    collection's way: 15 M of the daemon's ~450 M instructions from exec to link-up
    (cachegrind, x86-64).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser, parsers = _parser()
    chosen = _chosen(args_list)
    if chosen in _MOVED:
        options, where = _MOVED[chosen]
        if any(arg.split("=")[0] in options for arg in args_list):
            print(f"pyqmi {chosen}: {where}", file=sys.stderr)
            return 2
    module = None
    if chosen in SUBCOMMANDS:
        try:
            module = _import_paused(SUBCOMMANDS[chosen].module)
        except ModuleNotFoundError as exc:
            package = _missing_package(exc)
            if package is None:
                raise
            print(
                f"pyqmi {chosen}: needs the package {package} (opkg install {package})",
                file=sys.stderr,
            )
            return 2
        module.add_arguments(parsers[chosen])
    args = parser.parse_args(args_list)  # exits with argparse's usage error when wrong
    assert module is not None  # parse_args accepted a subcommand, so it was chosen above
    try:
        result: int = module.run(args)
    except BadInput as exc:  # a value argparse could not judge: one line, status 2
        return fail(f"pyqmi {chosen}", exc)
    return result


if __name__ == "__main__":
    sys.exit(main())
