"""The sim's handler table: typed handlers, one per message, answering through the core."""

from __future__ import annotations

import pytest

import pyqmi.sim.handlers  # noqa: F401  (registers them)
from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import dms, wds
from pyqmi.sim.core import Context
from pyqmi.sim.registry import handler_for, handles

from .simdriver import Driver


def test_a_message_has_one_handler() -> None:
    registered = handler_for(int(Service.WDS), "start_network")
    assert registered is not None
    assert registered.request is wds.StartNetwork.Request
    assert registered.response is wds.StartNetwork.Response
    with pytest.raises(RuntimeError, match="two sim handlers for StartNetwork"):
        handles(wds.StartNetwork)(lambda ctx, req: None)


def test_an_override_still_gets_the_handlers_plain_answer() -> None:
    d = Driver()
    seen: list[object] = []

    def counting(ctx: Context, request: object) -> object:
        seen.append(request)
        return ctx.default(request)  # type: ignore[arg-type]

    d.modem.override("dms", "get_model", counting)  # type: ignore[arg-type]
    cid = d.cid("dms")
    assert d.ok("dms", "get_model", cid=cid).values == {"model": d.modem.scenario.model}
    assert len(seen) == 1


def test_a_handler_answering_the_wrong_class_is_an_internal_error() -> None:
    d = Driver()
    original = handler_for(int(Service.DMS), "get_revision")
    assert original is not None
    bad = type(original)(original.request, original.response, lambda c, r: dms.GetModel.Response())
    d.modem.override("dms", "get_revision", bad.answer)
    error = d.error("dms", "get_revision", cid=d.cid("dms"))
    assert error.result is not None and error.result.error_name == "INTERNAL"
