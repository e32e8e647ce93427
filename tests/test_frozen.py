"""``@frozen`` and ``@mutable`` behave as ``@dataclass(frozen=True)`` and ``@dataclass`` do,
for what pyqmi relies on."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from typing import ClassVar

import pytest

from pyqmi.frozen import FrozenInstanceError, as_dict, field, field_names, frozen, mutable, replace


@frozen
class Base:
    kind: ClassVar[str] = "base"


@frozen
class Login(Base):
    user: str
    password: str = field(repr=False)
    port: int = 22
    tags: list[str] = field(default_factory=list)


@frozen
class Checked:
    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError("low above high")


@frozen
class Shown:
    value: int

    def __repr__(self) -> str:
        return "<shown>"


@dataclasses.dataclass(frozen=True)
class Twin:
    user: str
    password: str = dataclasses.field(repr=False)
    port: int = 22
    tags: list[str] = dataclasses.field(default_factory=list)


def test_arguments_defaults_and_repr_match_a_frozen_dataclass() -> None:
    ours = Login("ann", "secret", tags=["a"])
    theirs = Twin("ann", "secret", tags=["a"])
    assert repr(ours) == repr(theirs).replace("Twin", "Login")
    assert "secret" not in repr(ours)
    assert (ours.user, ours.password, ours.port, ours.tags) == ("ann", "secret", 22, ["a"])
    assert Login("bob", password="x").tags == []
    assert Login("bob", password="x").tags is not Login("bob", password="x").tags
    assert Login.kind == "base"
    assert Login.__match_args__ == ("user", "password", "port", "tags")


def test_equality_hash_and_frozenness() -> None:
    assert Checked(1, 2) == Checked(low=1, high=2)
    assert Checked(1, 2) != Checked(1, 3)
    assert hash(Checked(1, 2)) == hash((1, 2))
    assert Base() == Base()
    assert Base() != Login("a", "b")
    with pytest.raises(FrozenInstanceError):
        Checked(1, 2).low = 5  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del Checked(1, 2).low


def test_post_init_and_an_own_method_stay() -> None:
    with pytest.raises(ValueError, match="low above high"):
        Checked(3, 2)
    assert repr(Shown(1)) == "<shown>"
    match Checked(1, 2):
        case Checked(low, high):
            assert (low, high) == (1, 2)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Checked(1),  # type: ignore[call-arg]
        lambda: Checked(1, 2, 3),  # type: ignore[call-arg]
        lambda: Checked(1, low=2),  # type: ignore[call-arg, misc]
        lambda: Checked(1, 2, width=3),  # type: ignore[call-arg]
    ],
)
def test_wrong_arguments_are_a_type_error(make: object) -> None:
    with pytest.raises(TypeError):
        make()  # type: ignore[operator]


@frozen
class Tagged:
    value: int
    note: str = field(default="", compare=False)


def test_an_uncompared_field_and_replace() -> None:
    assert Tagged(1, "a") == Tagged(1, "b")
    assert hash(Tagged(1, "a")) == hash(Tagged(1, "b"))
    changed = replace(Login("ann", "secret", tags=["a"]), port=2222)
    assert changed == Login("ann", "secret", 2222, ["a"])
    with pytest.raises(TypeError):
        replace(Twin("ann", "x"), port=1)


def test_field_names_in_order() -> None:
    assert field_names(Login) == ("user", "password", "port", "tags")
    assert field_names(Checked(1, 2)) == ("low", "high")


@mutable
class Counter:
    name: str
    hits: int = 0
    seen: list[str] = field(default_factory=list)
    secret: str = field(default="", repr=False)


@dataclasses.dataclass
class CounterTwin:
    name: str
    hits: int = 0
    seen: list[str] = dataclasses.field(default_factory=list)
    secret: str = dataclasses.field(default="", repr=False)


def test_mutable_is_a_plain_dataclass() -> None:
    ours, theirs = Counter("a", secret="s"), CounterTwin("a", secret="s")
    assert repr(ours) == repr(theirs).replace("CounterTwin", "Counter")
    ours.hits += 1
    ours.seen.append("x")
    assert ours == Counter("a", 1, ["x"], "s")
    assert ours != Counter("a")
    assert Counter("a").seen is not Counter("a").seen
    with pytest.raises(TypeError):
        hash(ours)
    assert as_dict(ours) == {"name": "a", "hits": 1, "seen": ["x"], "secret": "s"}
    assert replace(ours, hits=5).hits == 5 and field_names(Counter)[:2] == ("name", "hits")


def test_a_dataclasses_field_is_read_too() -> None:
    @frozen
    class Old:
        value: int
        note: str = dataclasses.field(default="", repr=False, compare=False)
        items: list[int] = dataclasses.field(default_factory=list)

    assert repr(Old(1, "n")).endswith("Old(value=1, items=[])")
    assert Old(1, "a") == Old(1, "b") and Old(1).items == []
    with pytest.raises(ValueError):
        field(default=1, default_factory=list)  # type: ignore[call-overload]


def test_frozen_imports_no_dataclasses() -> None:
    code = "import sys, pyqmi.frozen; print('dataclasses' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "False", done.stderr
