"""The sim's handler table: one typed handler per message, registered with ``@handles``.

``handles(wds.StartNetwork)`` registers a function ``(ctx, wds.StartNetwork.Request) ->
wds.StartNetwork.Response | None``; ``Registered.answer`` runs it on a decoded request
and gives the plain response values the core encodes (and ``ctx.default`` hands to an
override).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pyqmi.qmi.message import Message
from pyqmi.qmi.typed.messages import Request, Response

if TYPE_CHECKING:
    from pyqmi.sim.core import Context

# ``(ctx, typed request) -> typed response | None``; each handler annotates its own types.
Handler = Callable[["Context", Any], "Response | None"]
H = TypeVar("H", bound=Handler)


@dataclass(frozen=True)
class Registered:
    request: type[Request[Any]]
    response: type[Response]
    fn: Handler

    def answer(self, ctx: Context, request: Message) -> dict[str, Any]:
        """The handler's answer to a decoded request, as plain response values."""
        reply = self.fn(ctx, self.request.from_message(request))
        if reply is None:
            return {}
        if not isinstance(reply, self.response):
            raise TypeError(f"{self.fn.__name__} answered {reply!r}, not a {self.response}")
        return reply.values()


_HANDLERS: dict[tuple[int, str], Registered] = {}


def handles(message: type) -> Callable[[H], H]:
    """Register the decorated function as the answer to ``message``'s requests, where
    ``message`` is a typed namespace such as ``wds.StartNetwork``."""
    request: type[Request[Any]] = message.Request  # type: ignore[attr-defined]
    definition = request._definition_

    def register(fn: H) -> H:
        key = (definition.service, definition.name)
        if key in _HANDLERS:
            raise RuntimeError(f"two sim handlers for {message.__qualname__}")
        _HANDLERS[key] = Registered(request, request.response_class(), fn)
        return fn

    return register


def handler_for(service: int, name: str) -> Registered | None:
    return _HANDLERS.get((service, name))
