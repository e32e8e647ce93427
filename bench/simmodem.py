"""``python -m bench.simmodem``: pyqmi-sim with a timeline, for the daemon benchmarks.

Theory of operation
-------------------
The bench's modem is ``pyqmi-sim`` (``pyqmi.sim.server.run_sim`` with a named scenario), in a
process of its own, never in the measured one. This launcher adds three things the bench needs
and ``python -m pyqmi.sim`` has no option for:

* scenario overrides as JSON (``--set-json``), for fields the command line cannot set
  (``message_latency_ms`` is a dict: 300 ms for Start Network);
* ``--lacking SERVICE.MESSAGE,...``: those requests are answered INVALID_QMI_COMMAND, as a
  modem without the optional messages answers. The scenario has no field for this; the
  launcher uses the simulator's per-modem override (``lack``);
* a timeline written to ``--log`` on SIGTERM: every request's name, arrival time and the time
  its answer was due (arrival plus the scenario's latency), when the modem registered and when
  it dropped a call. Times are ``time.monotonic()`` (asyncio's clock, the daemon stand-in's
  clock too), so the bench can line them up with what the daemon said on the bus.

It wraps the modem's two entry points, ``handle(data, now)`` and ``tick(now)``, which return
the frames to send (``Outgoing.at`` is the due time on the sim's clock), and reads the modem's
state after each: nothing inside the simulator changes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from collections.abc import Sequence
from typing import Any

from pyqmi.qmi.services import service_name
from pyqmi.sim import core
from pyqmi.sim.scenarios import scenario
from pyqmi.sim.server import RunningSim, run_sim


class Timeline:
    """What the modem saw and did, in monotonic seconds."""

    def __init__(self, sim: RunningSim) -> None:
        loop = asyncio.get_running_loop()
        self.offset = loop.time() - sim.now()  # sim clock + offset = monotonic
        self.sim = sim
        self.requests: list[dict[str, Any]] = []
        self.drops: list[float] = []
        inner_handle, inner_tick = sim.modem.handle, sim.modem.tick

        def handle(data: bytes, now: float) -> list[Any]:
            seen = len(sim.state.requests)
            out = inner_handle(data, now)
            due = max((item.at for item in out), default=now)
            for name in sim.state.requests[seen:]:
                self.requests.append(
                    {"name": name, "at": now + self.offset, "due": due + self.offset}
                )
            return out

        def tick(now: float) -> list[Any]:
            calls = len(sim.state.calls)
            out = inner_tick(now)
            if len(sim.state.calls) < calls:
                self.drops.append(now + self.offset)
            return out

        sim.modem.handle = handle  # type: ignore[method-assign]
        sim.modem.tick = tick  # type: ignore[method-assign]

    def to_json(self) -> dict[str, Any]:
        registered = self.sim.state.registered_at
        return {
            "requests": self.requests,
            "registered": None if registered is None else registered + self.offset,
            "drops": self.drops,
        }


def lack(sim: RunningSim, names: Sequence[str]) -> None:
    """Answer the named requests INVALID_QMI_COMMAND on this modem.

    Through the simulator's per-modem override (``RunningSim.override``); a simulator older
    than that API gets the same answer by narrowing its handler lookup in this process."""
    override = getattr(sim, "override", None)
    if override is not None:

        def unsupported(ctx: Any, request: Any) -> Any:
            raise core.SimError("INVALID_QMI_COMMAND")

        for label in names:
            service, _, message = label.partition(".")
            override(service, message, unsupported)
        return
    lookup = getattr(core, "handler_for", None)
    if lookup is None:
        raise SystemExit("bench.simmodem: this simulator has neither override nor handler_for")
    missing = set(names)

    def handler_for(service: int, name: str) -> Any:
        label = f"{service_name(service).lower()}.{name}"
        return None if label in missing else lookup(service, name)

    setattr(core, "handler_for", handler_for)  # noqa: B010 - the name may not exist (typed)


async def serve(args: argparse.Namespace) -> int:
    overrides = json.loads(args.set_json) if args.set_json else {}
    sc = scenario(args.scenario, **overrides)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with run_sim(sc, args.link) as sim:
        if args.lacking:
            lack(sim, [name.strip() for name in args.lacking.split(",") if name.strip()])
        timeline = Timeline(sim)
        print(f"ready {args.link}", flush=True)
        await stop.wait()
    if args.log:
        write_log(args.log, timeline.to_json())
    return 0


def write_log(path: str, data: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        json.dump(data, out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.simmodem", description=__doc__)
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--link", required=True)
    parser.add_argument("--set-json", default="", help="scenario overrides as a JSON object")
    parser.add_argument("--lacking", default="", help="SERVICE.MESSAGE,... answered unsupported")
    parser.add_argument("--log", default="", help="write the timeline here on SIGTERM")
    return asyncio.run(serve(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
