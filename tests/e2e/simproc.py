"""The simulator for the real-stack tests, with scenario overrides read as JSON from stdin.

``pyqmi-sim --set pin=...`` would put the card's PIN in the simulator's argv, where the
secrets test must find no PIN, and ``--set`` reads digits as a number, not as the text a PIN
is. So: ``python simproc.py --scenario NAME --link L --netns NS --state-file F < overrides``.
Prints ``ready <link>`` like ``pyqmi-sim`` and serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys

from pyqmi.sim import run_sim, scenario


async def _serve(args: argparse.Namespace, overrides: dict[str, object]) -> int:
    sc = scenario(args.scenario, **overrides)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with run_sim(sc, args.link, netns=args.netns, state_file=args.state_file):
        print(f"ready {args.link}", flush=True)
        await stop.wait()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--link", required=True)
    parser.add_argument("--netns", required=True)
    parser.add_argument("--state-file", required=True)
    args = parser.parse_args()
    overrides = json.loads(sys.stdin.read() or "{}")
    if not isinstance(overrides, dict):
        print("simproc: stdin must be a JSON object of scenario fields", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    return asyncio.run(_serve(args, overrides))


if __name__ == "__main__":
    sys.exit(main())
