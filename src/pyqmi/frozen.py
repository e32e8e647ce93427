"""``@frozen``: a frozen dataclass without ``@dataclass``'s cost at import.

Theory of operation
-------------------
``@dataclass`` writes the source of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` for every class and compiles it with ``exec``: about
1 M instructions a class, and the link machine declares some sixty events and actions, all
imported before the daemon does anything.  ``@frozen`` gives the same value semantics with
methods shared by every class: the decorator only records the field names (the class's
annotations after those of its ``@frozen`` bases, ``ClassVar`` ones left out), their
defaults and the fields hidden from ``repr``, and sets ``__match_args__``.  An instance keeps
its fields in its ``__dict__``, as a frozen dataclass does.

What it keeps from ``@dataclass(frozen=True)``: positional or keyword arguments in field
order, defaults (a plain value or ``dataclasses.field(default=..., default_factory=...,
repr=..., compare=...)``), the same ``repr`` (``Name(a=1, b='x')``, ``repr=False`` fields
left out), equality of the (compared) field values between instances of the same class only,
their hash, ``FrozenInstanceError`` on assignment, ``__post_init__`` called after the fields
are set, and a method the class defines itself (a ``__repr__``) kept. What it does not give:
``dataclasses.fields``/``asdict`` (they need ``@dataclass``; a class that needs those stays
a dataclass); ``replace`` and ``field_names`` here are ``dataclasses.replace`` and ``fields`` for
``@frozen`` values. mypy reads
a ``@frozen`` class as a frozen dataclass (``dataclass_transform``).
``pyqmi.qmi.typed.base.Record`` is the keyword-only counterpart for the generated QMI
messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, field
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)
V = TypeVar("V")

_CLASSVAR = ("ClassVar", "typing.ClassVar")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: T) -> T:
    """Make ``cls`` a frozen value class (see the module comment)."""
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
        if isinstance(value, Field):
            if not value.repr:
                hidden.add(name)
            if not value.compare:
                uncompared.add(name)
            if value.default_factory is not MISSING:
                factories[name] = value.default_factory
            value = value.default
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
    added.update({k: m for k, m in _METHODS.items() if own.get(k) is None})
    for name, value in added.items():
        setattr(cls, name, value)
    return cls


def replace(value: V, /, **changes: Any) -> V:
    """A copy of the ``@frozen`` ``value`` with ``changes`` (field name -> new value)."""
    cls: Any = type(value)
    if not hasattr(cls, "_frozen_fields_"):
        raise TypeError(f"replace() needs a @frozen value, not {cls.__qualname__}")
    fields = {name: vars(value)[name] for name in cls._frozen_fields_}
    new: V = cls(**(fields | changes))
    return new


def field_names(cls: type | object) -> tuple[str, ...]:
    """The field names of a ``@frozen`` class (or value), in order."""
    names: tuple[str, ...] = getattr(cls, "_frozen_fields_")  # noqa: B009 (set by @frozen)
    return names


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


_METHODS: dict[str, Callable[..., Any]] = {
    "__init__": _init,
    "__repr__": _repr,
    "__eq__": _eq,
    "__hash__": _hash,
    "__setattr__": _setattr,
    "__delattr__": _delattr,
}
