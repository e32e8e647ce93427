"""RecordingBus: the in-memory stand-in for ubus that daemon tests run against.

It keeps every call in order (deep-copied, so later mutation by the caller cannot rewrite
history), validates every notify_proto and add_dynamic message against netifd's policies,
answers with canned replies, fails on request, and lets a test call the methods of objects
the code under test published (e.g. ``pyqmi.wwan status``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pyqmi.netifd.bus import BusCallFailed, BusError, MethodHandler
from pyqmi.netifd.policy import check_dynamic, check_payload


@dataclass(frozen=True)
class RecordedCall:
    obj: str
    method: str
    args: dict[str, Any]
    failed: bool = False


@dataclass
class _Failure:
    obj: str
    method: str
    times: int
    reason: str


class RecordingBus:
    """A Bus that records instead of talking to ubusd."""

    def __init__(self) -> None:
        self.calls: list[RecordedCall] = []
        self.objects: dict[str, dict[str, MethodHandler]] = {}
        self.closed = False
        self._failures: list[_Failure] = []
        self._replies: dict[tuple[str, str], list[dict[str, Any]]] = {}

    # -- test controls --------------------------------------------------------------------
    def fail(
        self, obj: str, method: str, *, times: int = 1, reason: str = "injected failure"
    ) -> None:
        """Make the next ``times`` calls of obj/method raise BusCallFailed."""
        self._failures.append(_Failure(obj, method, times, reason))

    def reply_with(self, obj: str, method: str, replies: list[dict[str, Any]]) -> None:
        """Answer every later obj/method call with ``replies``."""
        self._replies[(obj, method)] = copy.deepcopy(replies)

    @property
    def notifications(self) -> list[dict[str, Any]]:
        """The notify_proto payloads that went out, in order (failed ones excluded)."""
        return [
            c.args
            for c in self.calls
            if (c.obj, c.method) == ("network.interface", "notify_proto") and not c.failed
        ]

    @property
    def actions(self) -> list[int]:
        return [payload["action"] for payload in self.notifications]

    def invoke(
        self, name: str, method: str, args: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Call a method of a published object, as ``ubus call <name> <method>`` would."""
        handler = self.objects.get(name, {}).get(method)
        if handler is None:
            raise BusError(f"no ubus object method {name} {method}")
        return copy.deepcopy(dict(handler(dict(args or {}))))

    # -- Bus ------------------------------------------------------------------------------
    async def call(self, obj: str, method: str, args: Mapping[str, Any]) -> list[dict[str, Any]]:
        if self.closed:
            raise BusError("bus is closed")
        if (obj, method) == ("network", "add_dynamic"):
            check_dynamic(args)
        recorded = copy.deepcopy(dict(args))
        failure = self._take_failure(obj, method)
        if failure is not None:
            self.calls.append(RecordedCall(obj, method, recorded, failed=True))
            raise BusCallFailed(obj, method, failure)
        self.calls.append(RecordedCall(obj, method, recorded))
        if (obj, method) not in self._replies and method in self.objects.get(obj, {}):
            return [self.invoke(obj, method, args)]  # a published object answers, as on ubus
        return copy.deepcopy(self._replies.get((obj, method), []))

    async def notify_proto(self, payload: Mapping[str, Any]) -> None:
        check_payload(payload)
        await self.call("network.interface", "notify_proto", payload)

    async def add_object(self, name: str, methods: Mapping[str, MethodHandler]) -> None:
        if self.closed:
            raise BusError("bus is closed")
        if name in self.objects:
            raise BusCallFailed("ubus", f"add {name}", "object already exists")
        self.objects[name] = dict(methods)

    async def close(self) -> None:
        self.objects.clear()
        self.closed = True

    def _take_failure(self, obj: str, method: str) -> str | None:
        for failure in self._failures:
            if (failure.obj, failure.method) == (obj, method) and failure.times > 0:
                failure.times -= 1
                return failure.reason
        return None
