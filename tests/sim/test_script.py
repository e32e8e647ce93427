"""Per-modem overrides of the simulator (sim/script.py): answer, stay silent, defer, restore."""

from __future__ import annotations

from typing import Any

import pytest

from pyqmi.qmi.codec import decode_bytes
from pyqmi.qmi.errors import UnknownMessage
from pyqmi.qmi.message import Message
from pyqmi.sim import NO_REPLY, SimError, response_to
from pyqmi.sim.core import Context

from .simdriver import Driver


def dms_client(d: Driver) -> int:
    reply = d.ok("ctl", "allocate_cid", {"service": 2})
    return int(reply.values["allocation"]["cid"])


def test_an_override_answers_instead_of_the_handler_on_its_modem_only() -> None:
    d, other = Driver(), Driver()
    d.modem.override("dms", "get_model", lambda ctx, req: {"model": "scripted"})
    assert d.ok("dms", "get_model", cid=dms_client(d)).values["model"] == "scripted"
    assert other.ok("dms", "get_model", cid=dms_client(other)).values["model"] == "SIM-LTE"
    d.modem.override("dms", "get_model", None)  # restored
    assert d.ok("dms", "get_model", cid=dms_client(d)).values["model"] == "SIM-LTE"


def test_no_reply_leaves_the_request_unanswered_and_respond_answers_it_later() -> None:
    d = Driver()
    held: list[Message] = []

    def hold(ctx: Context, request: Message) -> Any:
        held.append(request)
        return NO_REPLY

    d.modem.override("dms", "get_revision", hold)
    cid = dms_client(d)
    assert d.request("dms", "get_revision", cid=cid).response is None
    assert d.state.requests[-1] == "dms.get_revision"  # seen, just not answered
    late = decode_bytes(response_to(held[0], {"revision": "later"}))
    assert late.values["revision"] == "later" and late.frame.client_id == cid
    assert late.frame.transaction_id == held[0].frame.transaction_id
    failed = decode_bytes(response_to(held[0], error="NOT_PROVISIONED"))
    assert failed.result is not None and failed.result.error == 0x10


def test_an_override_may_count_and_defer_to_the_handler_or_fail() -> None:
    d = Driver()
    seen: list[int] = []

    def count(ctx: Context, request: Message) -> dict[str, Any] | None:
        seen.append(request.frame.transaction_id)
        return ctx.default(request)

    d.modem.override("ctl", "get_version_info", count)
    assert d.ok("ctl", "get_version_info").values["services"]
    assert len(seen) == 1

    def refuse(ctx: Context, request: Message) -> None:
        raise SimError("NOT_PROVISIONED")

    d.modem.override("dms", "get_msisdn", refuse)
    reply = d.request("dms", "get_msisdn", cid=dms_client(d)).response
    assert reply is not None and reply.result is not None and reply.result.error == 0x10


def test_overriding_an_unknown_message_is_refused() -> None:
    with pytest.raises(UnknownMessage, match="no_such_message"):
        Driver().modem.override("dms", "no_such_message", lambda ctx, req: {})
