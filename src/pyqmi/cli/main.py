"""``pyqmi`` entry point: a table of subcommands, each imported only when used.

Each subcommand module exposes ``add_arguments(parser)`` and ``run(args) -> int``.
Importing lazily keeps ``pyqmi daemon`` start-up cheap on a router.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "decode": ("pyqmi.cli.decode", "decode one QMI frame given as hex and print it as JSON"),
    "sim": ("pyqmi.sim.cli", "serve a simulated QMI modem on a pty"),
    "daemon": ("pyqmi.daemon.cli", "run the connection daemon for one netifd interface"),
    "demo": ("pyqmi.cli.demo", "connect to the built-in simulated modem and show each step"),
    "status": ("pyqmi.cli.status", "show a running interface's modem and link status (over ubus)"),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pyqmi", description="QMI connection manager")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        module_parser = sub.add_parser(name, help=help_text, description=help_text)
        module_parser.set_defaults(_module=module_name)
    # Parse once to learn the subcommand, then let its module declare its options.
    args, _ = parser.parse_known_args(argv)
    module = importlib.import_module(args._module)
    module.add_arguments(sub.choices[args.command])
    args = parser.parse_args(argv)
    result: int = module.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
