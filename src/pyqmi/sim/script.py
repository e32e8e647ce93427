"""Scripting one simulated modem from a test: overrides, held requests, late answers.

Theory of operation
-------------------
The registered handlers (``sim/handlers``) are the modem every test shares. A test that
needs a modem to behave otherwise for one message installs an override on its own modem,
``sim.override("dms", "get_model", fn)`` (``SimModem.override``): ``fn`` takes what a
handler takes, ``(ctx, request)``, and answers instead of the handler. It may

* return response values (or raise ``SimError``), like a handler;
* delegate with ``ctx.default(request)``, e.g. after counting the request;
* return ``NO_REPLY`` to leave the request unanswered: a mute modem, a probe that is
  ignored, or a request held to be answered later, in any order, with
  ``sim.respond(request, values)`` (its bytes come from ``response_to``).

Raw bytes (garbage, half frames, stray responses, indications for any client ID) go out
with ``sim.write(data)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pyqmi.qmi.frame import Kind, encode_frame
from pyqmi.qmi.message import Message, Result, encode
from pyqmi.qmi.protocol_errors import PROTOCOL_ERRORS

if TYPE_CHECKING:
    from pyqmi.sim.core import Context

_ERROR_CODES = {name: code for code, name in PROTOCOL_ERRORS.items()}


class NoReply:
    """What an override returns to leave a request unanswered (for now)."""

    def __repr__(self) -> str:
        return "NO_REPLY"


NO_REPLY = NoReply()
Override = Callable[["Context", Message], "dict[str, Any] | NoReply | None"]


def response_to(
    request: Message, values: Mapping[str, Any] | None = None, *, error: str | None = None
) -> bytes:
    """The encoded response to ``request``: success with ``values``, or the named error."""
    if request.definition is None:
        raise ValueError(f"cannot answer an unknown message ({request.frame.message_id:#x})")
    frame = encode(
        request.definition,
        Kind.RESPONSE,
        dict(values or {}),
        transaction_id=request.frame.transaction_id,
        client_id=request.frame.client_id,
        result=Result(1, _ERROR_CODES[error]) if error else Result(0, 0),
    )
    return encode_frame(frame)
