"""Typed requests, responses and indications: records bound to a catalog ``MessageDef``.

Each generated namespace (``wds.StartNetwork``) holds a ``Request`` (generic in its
``Response``, so ``client.request(wds.StartNetwork.Request(...))`` is typed as returning
``wds.StartNetwork.Response``), the ``Response`` and, for messages that have one, the
``Indication``.  Their fields are the TLVs of that direction, all optional.

A decoded message keeps the ``pyqmi.qmi.message.Message`` it came from (``.message``):
``.result``, ``.unknown``, ``.tlv_errors``, ``.check()`` and ``.redacted()`` answer from
it, exactly as before.  ``repr()`` of any of them hides the personal fields.  Equality
compares the fields only (not the result, nor the frame a message came in).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, Self, TypeVar, get_args

from pyqmi.qmi.frame import Frame, Kind
from pyqmi.qmi.message import REDACTED, Message, MessageDef, Result, decode, encode
from pyqmi.qmi.typed.base import Record


class TypedMessage(Record):
    """Common to requests, responses and indications."""

    _definition_: ClassVar[MessageDef]
    _kind_: ClassVar[Kind]
    _message: ClassVar[Message | None] = None  # set per instance by from_message()

    @classmethod
    def from_message(cls, message: Message) -> Self:
        """The typed view of a decoded message of this class's definition and kind."""
        if message.definition is not cls._definition_ or message.kind is not cls._kind_:
            raise ValueError(f"{message.name} {message.kind.value} is not a {cls.__qualname__}")
        obj = cls._from_plain(message.values)
        vars(obj)["_message"] = message
        return obj

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Self:
        """A message from plain values (enum names, dicts for structs, lists for arrays)."""
        extra = values.keys() - cls._field_set_
        if extra:
            raise TypeError(f"{cls.__qualname__} has no field(s) {sorted(extra)}")
        return cls._from_plain(values)

    @classmethod
    def from_frame(cls, frame: Frame) -> Self:
        return cls.from_message(decode(frame, cls._definition_))

    @property
    def message(self) -> Message | None:
        """The decoded message behind this one (None for one built here)."""
        return self._message

    @property
    def unknown(self) -> dict[int, bytes]:
        """TLVs the catalog does not know, raw by type."""
        return self._message.unknown if self._message else {}

    @property
    def tlv_errors(self) -> dict[str, str]:
        """TLVs that did not match their layout: name -> what was wrong."""
        return self._message.tlv_errors if self._message else {}

    def _plain(self) -> dict[str, Any]:
        values = super()._plain()
        if self._message is not None:
            # A decoded message builds its TLVs in the order the modem sent them.
            order = {name: index for index, name in enumerate(self._message.values)}
            values = dict(sorted(values.items(), key=lambda kv: order.get(kv[0], len(order))))
        return values

    def values(self) -> dict[str, Any]:
        """Plain values for ``message.encode`` (the set fields only)."""
        return self._plain()

    def to_frame(
        self, *, transaction_id: int = 0, client_id: int = 0, result: Result | None = None
    ) -> Frame:
        return encode(
            self._definition_,
            self._kind_,
            self._plain(),
            transaction_id=transaction_id,
            client_id=client_id,
            result=result,
        )

    def redacted(self) -> dict[str, Any]:
        """Plain values with the personal fields hidden: safe for logs and JSON."""
        if self._message is not None:
            return self._message.redacted()
        hidden = self._definition_.personal_fields
        return {k: (REDACTED if k in hidden else v) for k, v in self._plain().items()}

    def __repr__(self) -> str:
        hidden = self._definition_.personal_fields
        shown = self._shown()
        inner = ", ".join(f"{n}={REDACTED if n in hidden else repr(v)}" for n, v in shown.items())
        return f"{type(self).__qualname__}({inner})"


class Response(TypedMessage):
    _kind_ = Kind.RESPONSE

    @property
    def result(self) -> Result | None:
        """The result TLV (None for a response built here, before it is sent)."""
        return self._message.result if self._message else None

    def check(self) -> Self:
        """Raise ``QmiProtocolError`` when this is a failed response; else return self."""
        if self._message is not None:
            self._message.check()
        return self


R = TypeVar("R", bound=Response)


class Request(TypedMessage, Generic[R]):
    _kind_ = Kind.REQUEST
    # The Response class named in the generic base: ``class Request(Request[Response])``.
    _response_: ClassVar[type[Response]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in cls.__dict__.get("__orig_bases__", ()):
            for arg in get_args(base):
                if isinstance(arg, type) and issubclass(arg, Response):
                    cls._response_ = arg

    @classmethod
    def response_class(cls) -> type[R]:
        return cls._response_  # type: ignore[return-value]


class Indication(TypedMessage):
    _kind_ = Kind.INDICATION
