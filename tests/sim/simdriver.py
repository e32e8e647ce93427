"""Helpers to drive ``SimModem`` in-process with real QMI frames."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyqmi.qmi import catalog
from pyqmi.qmi.codec import build, decode_bytes
from pyqmi.qmi.frame import Kind
from pyqmi.qmi.message import Message
from pyqmi.qmi.services import service_by_name
from pyqmi.sim import SimModem, scenario


@dataclass
class Reply:
    response: Message | None
    indications: list[Message]


class Driver:
    """Sends requests to a ``SimModem`` with an explicit clock and decodes what it says."""

    def __init__(self, name: str = "default", **overrides: Any) -> None:
        self.modem = SimModem(scenario(name, **overrides), now=0.0)
        self.now = 0.0
        self._txn = 0

    @property
    def state(self) -> Any:
        return self.modem.state

    def advance(self, seconds: float) -> list[Message]:
        """Move the clock on; return the indications timers emitted."""
        self.now += seconds
        return [decode_bytes(o.data) for o in self.modem.tick(self.now)]

    def raw(self, data: bytes) -> list[Message]:
        return [decode_bytes(o.data) for o in self.modem.handle(data, self.now)]

    def request(
        self, service: str, name: str, values: dict[str, Any] | None = None, cid: int = 0
    ) -> Reply:
        self._txn += 1
        data = build(
            catalog.get(service, name),
            Kind.REQUEST,
            values or {},
            transaction_id=self._txn if service != "ctl" else self._txn & 0xFF,
            client_id=cid,
        )
        out = self.raw(data)
        responses = [m for m in out if m.kind is Kind.RESPONSE]
        assert len(responses) <= 1
        return Reply(
            responses[0] if responses else None, [m for m in out if m.kind is Kind.INDICATION]
        )

    def ok(
        self, service: str, name: str, values: dict[str, Any] | None = None, cid: int = 0
    ) -> Message:
        reply = self.request(service, name, values, cid)
        assert reply.response is not None, f"{service}.{name}: no answer"
        return reply.response.check()

    def error(
        self, service: str, name: str, values: dict[str, Any] | None = None, cid: int = 0
    ) -> Message:
        reply = self.request(service, name, values, cid)
        assert reply.response is not None and reply.response.result is not None
        assert not reply.response.result.ok, f"{service}.{name} unexpectedly succeeded"
        return reply.response

    def cid(self, service: str) -> int:
        number = int(service_by_name(service))
        msg = self.ok("ctl", "allocate_cid", {"service": number})
        cid: int = msg.values["allocation"]["cid"]
        return cid
