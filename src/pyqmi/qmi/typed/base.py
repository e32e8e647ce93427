"""The runtime under the generated typed messages: records, wire enums, conversions.

``Record`` is a frozen, keyword-only value class that mypy reads as a dataclass
(``dataclass_transform``) but that costs no ``@dataclass`` code generation at import:
``__init_subclass__`` only notes the annotated field names, and one shared ``__init__``
fills them.  ``Struct`` records (the value of a structured TLV, an item of an array)
need every field; the TLV fields of ``Request``, ``Response`` and ``Indication`` are all
optional (None = the TLV is absent).

Conversion, in both directions, goes through the plain values of ``pyqmi.qmi.message``
(dicts, lists, names), so the construct layouts stay the one codec and every plain-value
behaviour is kept: redaction, ``.unknown``, ``.tlv_errors``, byte-exact re-encoding of
texts (a ``WireText`` passes through untouched).  A generated class lists the fields
that need converting in ``_conv_``: the name of a ``WireEnum``, ``WireFlag`` or
``Struct`` class of its module, or a 1-tuple ``(item,)`` for an array (``(None,)``: an
array of plain items).  Names are looked up once, at the first decode.

Enums are what an import pays for: Python 3.11 spends ~100 us per IntEnum class and
~15 us per member, and the catalog has 74 enums with 600 members.  So a generated module
declares its enums for mypy under ``TYPE_CHECKING`` and, at run time, makes each one
from a member table on first use (``lazy_enums``: the module's ``__getattr__``).  Both
come from the same catalog entry in the same generator run, and the tests compare them.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Self, dataclass_transform

from pyqmi.frozen import FrozenInstanceError
from pyqmi.qmi.message import REDACTED

# How a field's plain value becomes typed: the name of a class with ``_from_wire``, or
# (item,) for an array of such (None: of plain values).
Conv = str | tuple[Any, ...]


class WireEnum(enum.IntEnum):
    """An enum of the wire.  Member names are the catalog's names; one that starts with a
    digit gets a leading "_" (``ProfileType._3gpp``), which ``wire_name`` drops.

    ``str()`` and an empty ``format()`` give the wire name, as the plain values did.  A
    number the catalog does not name is not a member: such a field holds the plain
    ``int`` (hence the ``Enum | int`` field types), so a new firmware value never fails a
    decode and code must say what it does with one.
    """

    @property
    def wire_name(self) -> str:
        return _wire_name(self._name_)

    def __str__(self) -> str:
        return self.wire_name

    def __format__(self, spec: str) -> str:
        return self.wire_name if not spec else int.__format__(self, spec)

    @classmethod
    def named(cls, wire_name: str) -> Self:
        """The member with this wire name ("3gpp" too); ``ValueError`` when there is none."""
        return cls._member_map_[_python_name(cls, wire_name)]  # type: ignore[return-value]

    @classmethod
    def _from_wire(cls, value: Any) -> Self | int:
        if isinstance(value, str):
            return cls._member_map_[_python_name(cls, value)]  # type: ignore[return-value]
        member = cls._value2member_map_.get(value)
        return int(value) if member is None else member  # type: ignore[return-value]


class WireFlag(enum.IntFlag):
    """A bit mask of the wire; bits the catalog does not name are kept in the value."""

    @classmethod
    def named(cls, *wire_names: str) -> Self:
        """The mask of these wire names (``RatModePreference.named("lte", "5gnr")``)."""
        return cls._from_wire(wire_names)

    @classmethod
    def _from_wire(cls, value: Any) -> Self:
        if isinstance(value, int):
            return cls(value)
        mask = 0
        for item in value:
            if isinstance(item, int):
                mask |= item
            else:
                mask |= cls._member_map_[_python_name(cls, item)]._value_
        return cls(mask)

    def wire_names(self) -> list[str | int]:
        """Set bits as the plain values show them: names in bit order, unnamed bits as ints."""
        out: list[str | int] = []
        rest = int(self)
        for member in type(self):
            bit = int(member)
            if bit and rest & bit == bit:
                out.append(_wire_name(member._name_ or ""))
                rest &= ~bit
        bit = 1
        while rest:
            if rest & bit:
                out.append(bit)
                rest &= ~bit
            bit <<= 1
        return out


def _wire_name(name: str) -> str:
    return name[1:] if name[:1] == "_" else name


def _python_name(cls: type[enum.Enum], wire: str) -> str:
    """The member name for a wire name (see ``WireEnum``); ValueError when there is none."""
    for name in (wire, "_" + wire):
        if name in cls._member_map_:
            return name
    raise ValueError(f"{cls.__name__} has no member {wire!r}")


@dataclass_transform(kw_only_default=True, frozen_default=True)
class Record:
    """A frozen value with named fields; see the module comment."""

    _fields_: ClassVar[tuple[str, ...]] = ()
    _field_set_: ClassVar[frozenset[str]] = frozenset()
    _conv_: ClassVar[Mapping[str, Conv]] = {}
    _required_: ClassVar[bool] = False
    # A Struct found inside a personal TLV (a PIN, a PUK): its repr hides every field.
    _personal_: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The class's own annotations, in order (inspect.get_annotations would cost an import).
        cls._fields_ = tuple(cls.__dict__.get("__annotations__", ()))  # noqa: RUF063
        cls._field_set_ = frozenset(cls._fields_)

    def __init__(self, **values: Any) -> None:
        cls = type(self)
        extra = values.keys() - cls._field_set_
        if extra:
            raise TypeError(f"{cls.__qualname__} has no field(s) {sorted(extra)}")
        if cls._required_ and len(values) != len(cls._fields_):
            missing = [n for n in cls._fields_ if n not in values]
            raise TypeError(f"{cls.__qualname__} needs field(s) {missing}")
        vars(self).update({name: values.get(name) for name in cls._fields_})

    @classmethod
    def _converters(cls) -> dict[str, Any]:
        """``_conv_`` with the class names resolved (once per class)."""
        found: dict[str, Any] | None = cls.__dict__.get("_resolved_")
        if found is None:
            module = sys.modules[cls.__module__]
            found = {name: _resolve(module, conv) for name, conv in cls._conv_.items()}
            type.__setattr__(cls, "_resolved_", found)
        return found

    @classmethod
    def _from_plain(cls, values: Mapping[str, Any]) -> Self:
        """A record from plain values (as ``message.decode`` gives them)."""
        obj = cls.__new__(cls)
        conv = cls._converters()
        fields = {}
        for name in cls._fields_:
            value = values.get(name)
            if value is not None and name in conv:
                value = _typed(conv[name], value)
            fields[name] = value
        vars(obj).update(fields)
        return obj

    _from_wire = _from_plain

    def _plain(self) -> dict[str, Any]:
        """The plain values of the set fields (what ``message.encode`` takes)."""
        out = {}
        for name in self._fields_:
            value = vars(self)[name]
            if value is not None:
                out[name] = plain(value)
        return out

    def _items(self) -> tuple[Any, ...]:
        return tuple(vars(self)[name] for name in self._fields_)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._items() == other._items()

    def __hash__(self) -> int:
        return hash((type(self), self._items()))

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _shown(self) -> dict[str, Any]:
        return {n: v for n in self._fields_ if (v := vars(self)[n]) is not None}

    def __repr__(self) -> str:
        if self._personal_:
            return f"{type(self).__qualname__}({REDACTED})"
        inner = ", ".join(f"{n}={v!r}" for n, v in self._shown().items())
        return f"{type(self).__qualname__}({inner})"


class Struct(Record):
    """A structured TLV value or array item: every field is required."""

    _required_ = True


def _resolve(module: Any, conv: Conv) -> Any:
    if isinstance(conv, str):
        return getattr(module, conv)
    return tuple(None if item is None else _resolve(module, item) for item in conv)


def _typed(conv: Any, value: Any) -> Any:
    if type(conv) is tuple:
        item = conv[0]
        if item is None:
            return tuple(value)
        return tuple(_typed(item, v) for v in value)
    return conv._from_wire(value)


def plain(value: Any) -> Any:
    """A typed value as the plain values show it (enums as their names)."""
    if isinstance(value, Record):
        return value._plain()
    if isinstance(value, WireEnum):
        return value.wire_name
    if isinstance(value, WireFlag):
        return value.wire_names()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


EnumTables = Mapping[str, tuple[type[WireEnum] | type[WireFlag], Mapping[str, int]]]


def lazy_enums(namespace: dict[str, Any], tables: EnumTables) -> Callable[[str], Any]:
    """A module ``__getattr__`` that makes the enum ``name`` from ``tables`` on first use."""
    module = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        table = tables.get(name)
        if table is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        base: Any = table[0]  # EnumType's functional form, which typeshed does not spell
        made = base(name, table[1], module=module, qualname=name)
        namespace[name] = made
        return made

    return __getattr__
