"""``pyqmi-sim``: serve a simulated QMI modem on a pty until SIGTERM/SIGINT.

Also ``python -m pyqmi.sim``. It is a command of its own, shipped in the OpenWrt package
pyqmi-sim, so that a router with only the package pyqmi carries no simulator.

Prints ``ready <link>`` on stdout once the link exists, so a parent process can wait
for that line instead of sleeping.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import signal
import sys
from collections.abc import Sequence

from pyqmi.cli.usage import OneLineParser, fail, non_negative_float
from pyqmi.sim.scenario_checks import ScenarioValueError, check_field
from pyqmi.sim.scenarios import SCENARIOS, UnknownScenario, scenario
from pyqmi.sim.server import run_sim

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario", default="default", help=f"one of: {', '.join(sorted(SCENARIOS))}"
    )
    parser.add_argument("--link", required=True, help="path to create as a symlink to the pty")
    parser.add_argument("--netns", help="network namespace for the simulated wwan0 data plane")
    parser.add_argument(
        "--latency", type=non_negative_float, metavar="MS", help="delay before each response"
    )
    parser.add_argument("--state-file", help="JSON file rewritten (atomically) on every change")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override a scenario field (numbers, true/false, none, or text)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request name")


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _scalar(kind: str, raw: str, what: str) -> object:
    if kind == "str":
        return raw
    if kind == "bool":
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        raise ValueError(f"{what}: expected true or false, got {raw!r}")
    try:
        return int(raw) if kind == "int" else float(raw)
    except ValueError:
        raise ValueError(f"{what}: expected a number ({kind}), got {raw!r}") from None


def _parse_override(text: str) -> tuple[str, object]:
    """``FIELD=VALUE`` as the scenario field's own type: ``pin=0012`` stays the text "0012"."""
    name, sep, raw = text.partition("=")
    kinds = {f.name: str(f.type) for f in dataclasses.fields(SCENARIOS["default"])}
    if not sep or name not in kinds:
        raise ValueError(f"--set {text!r}: expected FIELD=VALUE with FIELD one of the scenario's")
    kind, what = kinds[name].replace(" ", ""), f"--set {name}"
    optional = kind.endswith("|None")
    kind = kind.removesuffix("|None")
    if optional and raw.lower() in ("none", "null"):
        return name, None
    value: object
    if kind in ("str", "bool", "int", "float"):
        value = _scalar(kind, raw, what)
    elif kind.startswith("tuple[") and kind.endswith(",...]") and kind.count("[") == 1:
        item = kind[len("tuple[") : -len(",...]")]
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        value = tuple(_scalar(item, part, what) for part in parts)
    else:
        raise ValueError(f"{what}: a {kinds[name]} field cannot be set on the command line")
    try:
        check_field(name, value)
    except ScenarioValueError as exc:
        raise ValueError(f"--set {exc}") from None
    return name, value


async def _serve(args: argparse.Namespace) -> int:
    overrides = dict(_parse_override(item) for item in args.set)
    if args.latency is not None:
        overrides["latency_ms"] = args.latency
    sc = scenario(args.scenario, **overrides)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with run_sim(sc, args.link, netns=args.netns, state_file=args.state_file) as sim:
        print(f"ready {args.link}", flush=True)
        stopped = asyncio.ensure_future(stop.wait())
        gone = asyncio.ensure_future(sim.gone.wait())
        await asyncio.wait({stopped, gone}, return_when=asyncio.FIRST_COMPLETED)
        for task in (stopped, gone):
            task.cancel()
        if sim.gone.is_set():
            log.warning("sim: the simulated device dropped off the bus; exiting")
    return 0


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    try:
        return asyncio.run(_serve(args))
    except (UnknownScenario, ValueError, TypeError) as exc:
        return fail("pyqmi-sim", exc)
    except OSError as exc:
        print(f"pyqmi-sim: {exc}", file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = OneLineParser(
        prog="pyqmi-sim",
        description="serve a simulated QMI modem on a pty until SIGTERM or SIGINT",
        epilog="example:\n  pyqmi-sim --scenario pin-required --link /tmp/cdc-wdm9",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
