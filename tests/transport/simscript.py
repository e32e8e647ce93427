"""Scripting helpers for transport tests: overrides for the simulator, and its core served
on a SOCK_SEQPACKET pair (cdc-wdm's message framing; the pty server is stream-framed).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

from pyqmi.qmi.message import Message
from pyqmi.sim import NO_REPLY, SimModem, scenario
from pyqmi.sim.core import Context
from pyqmi.sim.script import NoReply


class Held:
    """An override that answers nothing and keeps the requests, to be answered later."""

    def __init__(self) -> None:
        self.requests: list[Message] = []

    def __call__(self, ctx: Context, request: Message) -> NoReply:
        self.requests.append(request)
        return NO_REPLY


class Recorded:
    """An override that keeps each request and answers with ``answer`` (default: the
    registered handler's answer)."""

    def __init__(self, answer: Callable[[Message], dict[str, object]] | None = None) -> None:
        self.requests: list[Message] = []
        self.answer = answer

    def __call__(self, ctx: Context, request: Message) -> dict[str, object] | None:
        self.requests.append(request)
        return ctx.default(request) if self.answer is None else self.answer(request)


class IgnoreFirst:
    """An override that leaves the first ``count`` requests unanswered, then defers."""

    def __init__(self, count: int) -> None:
        self.left = count

    def __call__(self, ctx: Context, request: Message) -> dict[str, object] | NoReply | None:
        if self.left > 0:
            self.left -= 1
            return NO_REPLY
        return ctx.default(request)


class SeqpacketSim:
    """The simulator's core served on one end of a SOCK_SEQPACKET pair (like cdc-wdm: one
    message per read and write). ``fd`` is the client's end."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.modem = SimModem(scenario("default"))
        self.fd = theirs.detach()
        self._sock = ours
        self._sock.setblocking(False)
        self._loop = asyncio.get_running_loop()
        self._t0 = self._loop.time()  # the modem's clock starts at 0
        self._loop.add_reader(self._sock.fileno(), self._serve)

    def _serve(self) -> None:
        try:
            packet = self._sock.recv(0x10010)
        except BlockingIOError:
            return
        if not packet:
            self._loop.remove_reader(self._sock.fileno())
            return
        for out in self.modem.handle(packet, self._loop.time() - self._t0):
            self._sock.send(out.data)  # one message per packet; the default sim has no latency

    def close(self) -> None:
        if self._sock.fileno() >= 0:
            self._loop.remove_reader(self._sock.fileno())
            self._sock.close()
