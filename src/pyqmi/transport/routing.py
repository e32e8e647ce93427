"""Pure bookkeeping for the client: transaction ids, response keys, indication routing.

Nothing here does I/O or touches the event loop, so it is tested with plain frames.

- A request is answered by the response with the same (service, client id,
  transaction id, message id): ``ResponseKey``.
- Transaction ids count per (service, client id): 8-bit for CTL, 16-bit for every
  other service, never 0 (libqmi and modems treat 0 as "none"), skipping ids that
  are still waiting for an answer.
- An indication goes to the subscribers of its (service, message id) when it is
  addressed to one of our client ids, to the broadcast id 0xFF, or comes from CTL
  (which has no client ids).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection

from pyqmi.frozen import frozen
from pyqmi.qmi.frame import CTL_SERVICE, Frame
from pyqmi.qmi.message import Message

log = logging.getLogger("pyqmi.transport.routing")

BROADCAST_CID = 0xFF

IndicationCallback = Callable[[Message], None]


@frozen
class ResponseKey:
    service: int
    client_id: int
    transaction_id: int
    message_id: int

    @classmethod
    def of(cls, frame: Frame) -> ResponseKey:
        return cls(frame.service, frame.client_id, frame.transaction_id, frame.message_id)


class TransactionIds:
    """Hands out transaction ids per (service, client id)."""

    def __init__(self) -> None:
        self._last: dict[tuple[int, int], int] = {}

    def next(
        self, service: int, client_id: int, busy: Callable[[int], bool] = lambda _: False
    ) -> int:
        limit = 0xFF if service == CTL_SERVICE else 0xFFFF
        last = self._last.get((service, client_id), 0)
        for _ in range(limit):
            last = last % limit + 1
            if not busy(last):
                self._last[(service, client_id)] = last
                return last
        raise RuntimeError(f"all {limit} transaction ids of service {service} are in flight")


class Subscription:
    """A handle for one indication callback; ``cancel()`` stops deliveries."""

    def __init__(self, registry: Subscriptions, key: tuple[int, int], callback: IndicationCallback):
        self._registry = registry
        self.key = key
        self.callback = callback
        self.active = True

    def cancel(self) -> None:
        if self.active:
            self.active = False
            self._registry.remove(self)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()


class Subscriptions:
    """Indication subscribers keyed by (service, message id)."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[int, int], list[Subscription]] = {}

    def add(self, service: int, message_id: int, callback: IndicationCallback) -> Subscription:
        sub = Subscription(self, (service, message_id), callback)
        self._by_key.setdefault(sub.key, []).append(sub)
        return sub

    def remove(self, sub: Subscription) -> None:
        subs = self._by_key.get(sub.key, [])
        if sub in subs:
            subs.remove(sub)
        if not subs:
            self._by_key.pop(sub.key, None)

    def targets(self, frame: Frame, own_cids: Collection[int]) -> list[Subscription]:
        """Subscribers that should see this indication frame."""
        subs = self._by_key.get((frame.service, frame.message_id))
        if not subs:
            return []
        addressed = (
            frame.service == CTL_SERVICE
            or frame.client_id == BROADCAST_CID
            or frame.client_id in own_cids
        )
        return list(subs) if addressed else []

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())
