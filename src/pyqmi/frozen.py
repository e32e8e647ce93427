"""``@frozen`` and ``@mutable``: dataclasses without ``dataclasses`` on the daemon's path.

Theory of operation
-------------------
``@dataclass`` writes the source of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` for every class and compiles it with ``exec``: about
1 M instructions a class, and the link machine declares some sixty events and actions, all
imported before the daemon does anything.  Importing ``dataclasses`` at all costs more again:
it imports ``inspect``, which imports ``ast``, ``dis``, ``tokenize`` and more (~30 M
instructions and ~1 MiB of resident memory once nothing else needs them).  So this module
is the one place pyqmi's daemon gets value classes from, and it imports no ``dataclasses``.

The decorators give the same value semantics with methods shared by every class: they only
record the field names (the class's annotations after those of its decorated bases,
``ClassVar`` ones left out), their defaults and the fields hidden from ``repr``, and set
``__match_args__``.  An instance keeps its fields in its ``__dict__``, as a dataclass does.

``@frozen`` is ``@dataclass(frozen=True)``: positional or keyword arguments in field order,
defaults (a plain value or ``field(default=..., default_factory=..., repr=..., compare=...)``),
the same ``repr`` (``Name(a=1, b='x')``, ``repr=False`` fields left out), equality of the
(compared) field values between instances of the same class only, their hash,
``FrozenInstanceError`` on assignment, ``__post_init__`` called after the fields are set,
and a method the class defines itself (a ``__repr__``) kept.  ``@mutable`` is ``@dataclass``:
the same without the hash (``__hash__`` is None) and with assignment allowed.
``replace``, ``field_names`` and ``as_dict`` are ``dataclasses.replace``, ``fields`` and
(shallow) ``asdict`` for these classes.  A ``dataclasses.field()`` is read too (it can only
exist once ``dataclasses`` is loaded), for code not yet moved to ``field`` here.
mypy reads the classes as dataclasses (``dataclass_transform``).
``pyqmi.qmi.typed.base.Record`` is the keyword-only counterpart for the generated QMI
messages.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)
V = TypeVar("V")

_CLASSVAR = ("ClassVar", "typing.ClassVar")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a ``@frozen`` value (or a typed QMI message)."""


class Field:
    """What ``field()`` returns: a field's default, default factory, and repr/compare flags."""

    __slots__ = ("compare", "default", "default_factory", "repr")

    def __init__(self, default: Any, default_factory: Any, repr: bool, compare: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


@overload
def field(*, default: V, repr: bool = True, compare: bool = True) -> V: ...
@overload
def field(*, default_factory: Callable[[], V], repr: bool = True, compare: bool = True) -> V: ...
@overload
def field(*, repr: bool = True, compare: bool = True) -> Any: ...
def field(
    *,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field's options, as ``dataclasses.field`` takes them (these four only)."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("a field cannot have both a default and a default_factory")
    return Field(default, default_factory, repr, compare)


def _as_field(value: object) -> Field | None:
    if isinstance(value, Field):
        return value
    dataclasses = sys.modules.get("dataclasses")
    if dataclasses is None or not isinstance(value, dataclasses.Field):
        return None
    lost = dataclasses.MISSING

    def missing(x: object) -> object:
        return MISSING if x is lost else x

    return Field(missing(value.default), missing(value.default_factory), value.repr, value.compare)


def _record(cls: T, methods: dict[str, Callable[..., Any]]) -> T:
    names: list[str] = list(getattr(cls, "_frozen_fields_", ()))
    defaults: dict[str, Any] = dict(getattr(cls, "_frozen_defaults_", {}))
    factories: dict[str, Callable[[], Any]] = dict(getattr(cls, "_frozen_factories_", {}))
    hidden: set[str] = set(getattr(cls, "_frozen_hidden_", ()))
    uncompared = set(getattr(cls, "_frozen_fields_", ())) - set(
        getattr(cls, "_frozen_compared_", ())
    )
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if isinstance(annotation, str) and annotation.startswith(_CLASSVAR):
            continue
        if name not in names:
            names.append(name)
        value = cls.__dict__.get(name, MISSING)
        defaults.pop(name, None)
        factories.pop(name, None)
        hidden.discard(name)
        uncompared.discard(name)
        spec = _as_field(value)
        if spec is not None:
            if not spec.repr:
                hidden.add(name)
            if not spec.compare:
                uncompared.add(name)
            if spec.default_factory is not MISSING:
                factories[name] = spec.default_factory
            value = spec.default
            if value is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value)
        if value is not MISSING:
            defaults[name] = value
    added: dict[str, object] = {
        "_frozen_fields_": tuple(names),
        "_frozen_defaults_": defaults,
        "_frozen_factories_": factories,
        "_frozen_hidden_": frozenset(hidden),
        "_frozen_compared_": tuple(n for n in names if n not in uncompared),
        "__match_args__": tuple(names),
    }
    # As @dataclass does, a method the class body defines stays (``__hash__`` is None there
    # when the body defines only ``__eq__``).
    own = cls.__dict__
    added.update({k: m for k, m in methods.items() if own.get(k) is None})
    for name, value in added.items():
        setattr(cls, name, value)
    return cls


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: T) -> T:
    """Make ``cls`` a frozen value class (see the module comment)."""
    return _record(cls, _FROZEN)


@dataclass_transform(field_specifiers=(field, Field))
def mutable(cls: T) -> T:
    """Make ``cls`` a mutable record, as plain ``@dataclass`` does (see the module comment)."""
    record = _record(cls, _MUTABLE)
    if record.__dict__.get("__hash__") is None:  # unhashable unless the body defines one
        record.__hash__ = None  # type: ignore[assignment]
    return record


def replace(value: V, /, **changes: Any) -> V:
    """A copy of the ``@frozen`` or ``@mutable`` ``value`` with ``changes`` (name -> value)."""
    cls: Any = type(value)
    if not hasattr(cls, "_frozen_fields_"):
        raise TypeError(f"replace() needs a @frozen value, not {cls.__qualname__}")
    fields = {name: vars(value)[name] for name in cls._frozen_fields_}
    new: V = cls(**(fields | changes))
    return new


def field_names(cls: type | object) -> tuple[str, ...]:
    """The field names of a ``@frozen`` or ``@mutable`` class (or value), in order."""
    names: tuple[str, ...] = getattr(cls, "_frozen_fields_")  # noqa: B009 (set by @frozen)
    return names


def as_dict(value: object) -> dict[str, Any]:
    """The fields of a ``@frozen`` or ``@mutable`` value, by name, in order (not recursive)."""
    fields = vars(value)
    return {name: fields[name] for name in field_names(value)}


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    names: tuple[str, ...] = cls._frozen_fields_
    if len(args) > len(names):
        raise TypeError(f"{cls.__qualname__} takes {len(names)} arguments, not {len(args)}")
    values = dict(zip(names, args, strict=False))
    for name, value in kwargs.items():
        if name in values or name not in names:
            what = "got two values for" if name in values else "has no field"
            raise TypeError(f"{cls.__qualname__} {what} {name!r}")
        values[name] = value
    if len(values) < len(names):
        for name in names:
            if name in values:
                continue
            if name in cls._frozen_defaults_:
                values[name] = cls._frozen_defaults_[name]
            elif name in cls._frozen_factories_:
                values[name] = cls._frozen_factories_[name]()
            else:
                raise TypeError(f"{cls.__qualname__} needs field {name!r}")
    vars(self).update(values)
    post = getattr(self, "__post_init__", None)
    if post is not None:
        post()


def _items(self: Any) -> tuple[Any, ...]:
    fields = vars(self)
    return tuple(fields[name] for name in type(self)._frozen_compared_)


def _repr(self: Any) -> str:
    cls = type(self)
    fields = vars(self)
    shown = (n for n in cls._frozen_fields_ if n not in cls._frozen_hidden_)
    return f"{cls.__qualname__}({', '.join(f'{n}={fields[n]!r}' for n in shown)})"


def _eq(self: Any, other: object) -> Any:  # bool, or NotImplemented for another class
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _items(self) == _items(other)


def _hash(self: Any) -> int:
    return hash(_items(self))


def _setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


_MUTABLE: dict[str, Callable[..., Any]] = {
    "__init__": _init,
    "__repr__": _repr,
    "__eq__": _eq,
}
_FROZEN: dict[str, Callable[..., Any]] = {
    **_MUTABLE,
    "__hash__": _hash,
    "__setattr__": _setattr,
    "__delattr__": _delattr,
}
