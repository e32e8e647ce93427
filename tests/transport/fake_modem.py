"""A scripted fake modem for transport tests, built on the real codec.

It serves one end of a pty pair (stream framing, like a USB serial port) or of a
SOCK_SEQPACKET socketpair (one message per read/write, like cdc-wdm) from the
test's own event loop.  Requests are decoded with ``codec``; answers are built
with ``codec.build(..., Kind.RESPONSE, ...)``.

Scripting: ``on(service, name, handler)``.  A handler gets the decoded request
and returns the response values (a dict), a ``Reply`` (values plus a result), or
``None`` to stay silent (the test may answer later with ``respond()``).  CTL
version info, allocate/release cid and sync have working defaults.
"""

from __future__ import annotations

import asyncio
import os
import socket
import tty
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pyqmi.qmi import catalog, codec
from pyqmi.qmi.frame import Frame, FrameExtractor, Kind, encode_frame
from pyqmi.qmi.message import Message, Result
from pyqmi.qmi.services import Service


@dataclass
class Reply:
    values: Mapping[str, Any] = field(default_factory=dict)
    error: int = 0  # a QMI protocol error code; 0 is success


Answer = Mapping[str, Any] | Reply | None
Handler = Callable[[Message], Answer]

INVALID_CLIENT_ID = 7


class FakeModem:
    def __init__(self, fd: int, *, stream: bool, path: str | None = None) -> None:
        self.fd: int | None = fd
        self.stream = stream
        self.path = path  # the pty slave path a client opens
        self.requests: list[Message] = []  # every request received, decoded
        self.cids: dict[int, set[int]] = {}  # service -> cids handed out and not released
        self.ignore_probes = 0  # version-info / sync requests to drop before answering
        self.split_writes: int | None = None  # write frames in chunks of this many bytes
        self._next_cid: dict[int, int] = {}
        self._handlers: dict[tuple[int, int], Handler] = {}
        self._extractor = FrameExtractor()
        self._keep: list[int] = []
        self._arrived = asyncio.Event()
        self._install_defaults()
        os.set_blocking(fd, False)
        asyncio.get_running_loop().add_reader(fd, self._on_readable)

    # -- construction --------------------------------------------------------------------

    @classmethod
    def on_pty(cls) -> FakeModem:
        """Serve the master side of a new pty; a client opens ``modem.path``."""
        master, slave = os.openpty()
        tty.setraw(slave)
        modem = cls(master, stream=True, path=os.ttyname(slave))
        modem._keep.append(slave)  # so the pty lives until close()
        return modem

    @classmethod
    def on_seqpacket(cls) -> tuple[FakeModem, int]:
        """Serve one end of a SOCK_SEQPACKET pair; returns the client's end as an fd."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        modem = cls(ours.detach(), stream=False)
        return modem, theirs.detach()

    # -- scripting -----------------------------------------------------------------------

    def on(self, service: int | str, name: str, handler: Handler) -> None:
        definition = catalog.get(service, name)
        self._handlers[(definition.service, definition.message_id)] = handler

    def respond(
        self, request: Message, values: Mapping[str, Any] | None = None, error: int = 0
    ) -> None:
        """Answer ``request`` now (for handlers that returned None)."""
        assert request.definition is not None
        result = Result(1, error) if error else Result(0, 0)
        data = codec.build(
            request.definition,
            Kind.RESPONSE,
            values,
            transaction_id=request.frame.transaction_id,
            client_id=request.frame.client_id,
            result=result,
        )
        self.write(data)

    def indicate(self, frame: Frame) -> None:
        self.write(encode_frame(frame))

    def write(self, data: bytes) -> None:
        """Send raw bytes to the client (whole, or in ``split_writes`` chunks)."""
        assert self.fd is not None, "fake modem closed"
        if not self.stream or self.split_writes is None:
            os.write(self.fd, data)
            return
        for i in range(0, len(data), self.split_writes):
            os.write(self.fd, data[i : i + self.split_writes])

    async def wait_requests(self, count: int, within: float = 5.0) -> list[Message]:
        """Wait (bounded) until at least ``count`` requests have arrived."""
        async with asyncio.timeout(within):
            while len(self.requests) < count:
                self._arrived.clear()
                await self._arrived.wait()
        return self.requests

    def close(self) -> None:
        """Hang up: the client sees EOF or EIO."""
        fd, self.fd = self.fd, None
        if fd is None:
            return
        asyncio.get_running_loop().remove_reader(fd)
        os.close(fd)
        for extra in self._keep:
            os.close(extra)
        self._keep.clear()

    # -- serving -------------------------------------------------------------------------

    def _on_readable(self) -> None:
        assert self.fd is not None
        try:
            data = os.read(self.fd, 0x10010)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(self.fd)
            return
        extractor = self._extractor if self.stream else FrameExtractor()
        for item in extractor.feed(data):
            if isinstance(item, Frame) and item.kind is Kind.REQUEST:
                self._serve(codec.decode_message(item))

    def _serve(self, request: Message) -> None:
        self.requests.append(request)
        self._arrived.set()
        handler = self._handlers.get((request.frame.service, request.frame.message_id))
        if handler is None:
            return  # unknown messages get no answer, like a mute modem
        answer = handler(request)
        if answer is None:
            return
        if isinstance(answer, Reply):
            self.respond(request, answer.values, answer.error)
        else:
            self.respond(request, answer)

    def _install_defaults(self) -> None:
        self.on(Service.CTL, "get_version_info", self._version_info)
        self.on(Service.CTL, "sync", self._sync)
        self.on(Service.CTL, "allocate_cid", self._allocate)
        self.on(Service.CTL, "release_cid", self._release)

    def _probe_ignored(self) -> bool:
        if self.ignore_probes > 0:
            self.ignore_probes -= 1
            return True
        return False

    def _version_info(self, request: Message) -> Answer:
        if self._probe_ignored():
            return None
        services = [{"service": int(s), "major": 1, "minor": 9} for s in (0, 1, 2, 3, 0x0B)]
        return {"services": services}

    def _sync(self, request: Message) -> Answer:
        if self._probe_ignored():
            return None
        self.cids.clear()
        return {}

    def _allocate(self, request: Message) -> Answer:
        service = request.values["service"]
        cid = self._next_cid.get(service, 1)
        self._next_cid[service] = cid + 1
        self.cids.setdefault(service, set()).add(cid)
        return {"allocation": {"service": service, "cid": cid}}

    def _release(self, request: Message) -> Answer:
        release = request.values["release"]
        held = self.cids.get(release["service"], set())
        if release["cid"] not in held:
            return Reply({"release": release}, INVALID_CLIENT_ID)
        held.discard(release["cid"])
        return {"release": release}
