"""Faults the simulated modem plays on cue, as data: ``Fault("wds.start_network", "vanish")``.

Theory of operation
-------------------
A ``Fault`` names its cue, its kind and a duration; a scenario lists them (``faults``, as
``(cue, kind, seconds)``) or a test adds one (``sim.play(fault)``).  The cue is a request name
(``"wds.start_network"``): the fault plays when the modem receives that request the first
time, before the request is answered, so the request itself meets the fault.  A cue
``"wds.get_current_settings+0.3"`` plays it that many seconds after the request instead (the
link is up by then).  Each fault plays once.  ``KINDS`` is the table of what each kind does;
``play(modem, fault, now)`` does it, with the core's own timers for the way back.

- ``vanish``: the device falls off the bus (the pty closes: the client reads EOF/EIO) and comes
  back ``seconds`` later as a modem just powered on (``RunningSim`` reopens the pty);
- ``silent``: nothing is answered, not even CTL, for ``seconds``;
- ``reset``: the modem restarts in place: every client ID dropped, calls ended, a CTL Sync
  indication to every client (libqmi's sign of a reset), registration afresh;
- ``drop``: every call ends with a packet service indication (the network's regular end);
- ``stall``: the calls stay up but no data arrives (``ModemState.data_stalled``, until a
  call is started again; a test's kernel reads the counters from it);
- ``sim_removed``: the card goes (calls end, registration lost, card status indication) and is
  back after ``seconds``;
- ``deregister``: registration is lost (calls end) and regained after ``seconds``;
- ``slow``: answers take ``seconds`` more, for the next ``seconds`` (a 2 s modem: one or two
  answers, then the usual pace);
- ``stray``: a response for another client ID and an indication for a client not ours;
- ``garbage``: bytes that are no frame, and a truncated frame, mixed into the stream.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyqmi.qmi.frame import Frame, Kind, encode_frame
from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import ctl, nas, wds

if TYPE_CHECKING:
    from pyqmi.sim.core import Context

log = logging.getLogger(__name__)

STRANGER_CID = 0x7E  # a client ID the daemon never holds


@dataclass(frozen=True)
class Fault:
    cue: str  # "service.message" (before its answer) or "service.message+SECONDS"
    kind: str  # a key of KINDS
    seconds: float = 0.5  # how long it lasts (vanish, silent, sim_removed, deregister, slow)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.kind!r} (known: {', '.join(sorted(KINDS))})")

    @property
    def request(self) -> str:
        return self.cue.partition("+")[0]

    @property
    def delay(self) -> float | None:
        """Seconds after the cue; None: before the cue's answer."""
        _, plus, after = self.cue.partition("+")
        return float(after) if plus else None


def _vanish(ctx: Context, fault: Fault) -> None:
    log.warning("sim: fault: the device vanishes for %g s", fault.seconds)
    ctx.state.gone = True
    ctx.state.calls.clear()
    ctx.event("gone", back_after=fault.seconds)


def _silent(ctx: Context, fault: Fault) -> None:
    ctx.state.silent_until = ctx.now + fault.seconds


def reset_in_place(ctx: Context) -> None:
    """The modem restarts without leaving the bus: IDs dropped, then a CTL Sync indication."""
    log.warning("sim: the modem resets")
    ctx.modem.reboot(ctx.now)
    sync = encode_frame(ctl.Sync.Indication().to_frame(client_id=0))
    ctx.modem.send_raw(sync, ctx.now)


def _reset(ctx: Context, fault: Fault) -> None:
    reset_in_place(ctx)


def _drop(ctx: Context, fault: Fault) -> None:
    from pyqmi.sim.handlers import wds as wds_handlers

    verbose = {"type": "3gpp", "reason": ctx.scenario.call_drop_cause}
    for call in list(ctx.state.calls.values()):
        wds_handlers.end_call(ctx, call, reason="gsm_wcdma_network_end", verbose=verbose)


def _stall(ctx: Context, fault: Fault) -> None:
    ctx.state.data_stalled = True


def _sim_removed(ctx: Context, fault: Fault) -> None:
    from pyqmi.sim.handlers import lifecycle, uim

    ctx.state.card.present = False
    uim.announce_card(ctx)  # the card status first, then the network goes with the card
    lifecycle.detach(ctx)

    def back(ctx: Context) -> None:
        ctx.state.card.present = True
        uim.announce_card(ctx)
        lifecycle.maybe_search(ctx)

    ctx.schedule(fault.seconds, "fault:sim_back", back)


def _deregister(ctx: Context, fault: Fault) -> None:
    from pyqmi.sim.handlers import lifecycle

    lifecycle.detach(ctx)
    ctx.schedule(fault.seconds, "fault:register", lifecycle.maybe_search)


def _slow(ctx: Context, fault: Fault) -> None:
    ctx.state.extra_latency = fault.seconds

    def back(ctx: Context) -> None:
        ctx.state.extra_latency = 0.0

    ctx.schedule(fault.seconds, "fault:pace", back)


def _stray(ctx: Context, fault: Fault) -> None:
    other = wds.GetPacketServiceStatus.Indication(
        connection_status=wds.PacketServiceStatus(
            status=wds.ConnectionStatus.disconnected, reconfiguration_required=False
        )
    )
    ctx.modem.send_raw(encode_frame(other.to_frame(client_id=STRANGER_CID)), ctx.now)
    serving = nas.GetServingSystem.Indication()
    ctx.modem.send_raw(encode_frame(serving.to_frame(client_id=STRANGER_CID)), ctx.now)
    response = Frame(int(Service.DMS), STRANGER_CID, Kind.RESPONSE, 0x4242, 0x0022, ())
    ctx.modem.send_raw(encode_frame(response), ctx.now)


def _garbage(ctx: Context, fault: Fault) -> None:
    ctx.modem.send_raw(b"\x00\xff garbage \x7e\x7e", ctx.now)
    frame = encode_frame(Frame(int(Service.NAS), 1, Kind.INDICATION, 7, 0x0024, ((0x10, b"x"),)))
    ctx.modem.send_raw(frame[: len(frame) // 2], ctx.now)  # cut short: the rest never comes
    ctx.modem.send_raw(b"\x01\x05\x00", ctx.now)  # a QMUX header that lies about its length


KINDS: dict[str, Callable[[Context, Fault], None]] = {
    "vanish": _vanish,
    "silent": _silent,
    "reset": _reset,
    "drop": _drop,
    "stall": _stall,
    "sim_removed": _sim_removed,
    "deregister": _deregister,
    "slow": _slow,
    "stray": _stray,
    "garbage": _garbage,
}


def play(ctx: Context, fault: Fault) -> None:
    log.info("sim: fault %s on %s", fault.kind, fault.cue)
    KINDS[fault.kind](ctx, fault)
