"""Requests in flight on one port: transaction ids, the futures, the bound on each wait.

``Exchange.transact()`` builds a request frame with a fresh transaction id, registers a
future under its ``ResponseKey`` *before* writing (so an answer faster than the await is
never lost), writes, and waits at most ``timeout``.  ``complete()`` hands a response
frame to its future; one nobody waits for is counted and dropped.  ``fail_all()`` fails
every pending request at once (device gone, client closed).
"""

# Explicit per-call time bounds are this API's contract (every await has one).

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from pyqmi import loop
from pyqmi.qmi import codec
from pyqmi.qmi.frame import Frame, Kind
from pyqmi.qmi.message import Message, MessageDef
from pyqmi.qmi.services import service_name
from pyqmi.transport.errors import RequestTimeout
from pyqmi.transport.routing import ResponseKey, TransactionIds
from pyqmi.transport.stats import TransportStats

log = logging.getLogger("pyqmi.transport.client")


class Exchange:
    def __init__(self, name: str, send: Callable[[bytes], None], stats: TransportStats) -> None:
        self.name = name
        self.pending: dict[ResponseKey, loop.FutureLike[Frame]] = {}
        self._send = send
        self._stats = stats
        self._txns = TransactionIds()

    async def transact(
        self,
        definition: MessageDef,
        values: Mapping[str, Any] | None,
        client_id: int,
        timeout: float,
    ) -> Message:
        """Send one request and return the decoded response (``RequestTimeout`` after
        ``timeout`` seconds)."""
        label = definition.title or f"{service_name(definition.service)} {definition.name}"
        service, message_id = definition.service, definition.message_id

        def busy(txn: int) -> bool:
            return ResponseKey(service, client_id, txn, message_id) in self.pending

        txn = self._txns.next(service, client_id, busy)
        data = codec.build(
            definition, Kind.REQUEST, values, transaction_id=txn, client_id=client_id
        )
        key = ResponseKey(service, client_id, txn, message_id)
        future: loop.FutureLike[Frame] = loop.current().create_future()
        self.pending[key] = future  # registered before the write: no lost fast answers
        try:
            log.debug("%s: -> %s cid=%d txn=%d", self.name, label, client_id, txn)
            self._send(data)
            self._stats.requests_sent += 1
            frame = await loop.bounded(future, timeout)
        except TimeoutError:
            self._stats.timeouts += 1
            log.debug("%s: %s timed out after %g s", self.name, label, timeout)
            raise RequestTimeout(label, timeout) from None
        finally:
            if self.pending.get(key) is future:
                del self.pending[key]
            if future.done() and not future.cancelled():
                future.exception()  # mark retrieved; the caller already has it
        message = codec.decode_message(frame)
        log.debug("%s: <- %r", self.name, message)
        return message

    def complete(self, frame: Frame) -> None:
        """A response frame read from the port: to its waiting request, or dropped."""
        future = self.pending.get(ResponseKey.of(frame))
        if future is None or future.done():
            self._stats.responses_dropped += 1
            log.debug(
                "%s: dropped unexpected response %s 0x%04x cid=%d txn=%d",
                self.name,
                service_name(frame.service),
                frame.message_id,
                frame.client_id,
                frame.transaction_id,
            )
            return
        self._stats.responses_received += 1
        future.set_result(frame)

    def fail_all(self, error: BaseException) -> None:
        for future in self.pending.values():
            if not future.done():
                future.set_exception(error)
        self.pending.clear()
