"""The limits of a scenario's fields, checked when a ``Scenario`` is made.

A value the simulator cannot act on (a negative or non-finite delay, a technology it does
not know, a PIN counter below zero) must be refused when it is given, with one sentence
naming the field, the value and what is allowed, not accepted and then turned into a
simulator that fails every request and goes silent.  ``check(scenario)`` raises
``ScenarioValueError`` (a ``ValueError``) with that sentence.

The rules are by kind, so a field added later is covered when it fits one: every number
must be finite; delays, times, counters and sizes must not be negative; a few fields
allow only a list of names.
"""

from __future__ import annotations

import math
from typing import Any

# Numbers that count, time or size something: never below zero.
NON_NEGATIVE_SUFFIXES = ("_ms", "_after", "_retries", "_silence", "_prefix")
NON_NEGATIVE = frozenset({"mtu", "mcc", "mnc"})
# Fields that name one of a few things, and the things.
TECHNOLOGIES = ("lte", "5gnr", "umts", "gsm")
DATA_FORMATS = ("ieee_802_3", "raw_ip")
CHOICES: dict[str, tuple[Any, ...]] = {
    "technology": TECHNOLOGIES,
    "capabilities": TECHNOLOGIES,
    "initial_data_format": DATA_FORMATS,
    "data_formats": DATA_FORMATS,
    "initial_operating_mode": ("online", "low_power"),
    "ip_families": (4, 6),
    "reject_families": (4, 6),
}
UPPER = {"mcc": 999, "mnc": 999, "mtu": 65535, "ipv4_prefix": 32, "ipv6_prefix": 128}


class ScenarioValueError(ValueError):
    """A scenario field holds a value the simulator cannot act on."""


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _non_negative(name: str) -> bool:
    return name in NON_NEGATIVE or name.endswith(NON_NEGATIVE_SUFFIXES)


def check_field(name: str, value: object) -> None:
    """Raise ScenarioValueError unless ``value`` is allowed in field ``name``."""
    items = value if isinstance(value, tuple) else (value,)
    if isinstance(value, dict):
        items = tuple(value.values())
    for item in items:
        if not _number(item):
            continue
        if not math.isfinite(item):
            raise ScenarioValueError(f"{name}: {item!r} is not a finite number")
        if _non_negative(name) and item < 0:
            raise ScenarioValueError(f"{name}: {item!r} is below 0 (it may not be negative)")
        if name in UPPER and item > UPPER[name]:
            raise ScenarioValueError(f"{name}: {item!r} is above {UPPER[name]}")
    allowed = CHOICES.get(name)
    if allowed is not None:
        for item in items:
            if item not in allowed:
                shown = ", ".join(str(a) for a in allowed)
                raise ScenarioValueError(f"{name}: {item!r} is not one of {shown}")


def check(scenario: object) -> None:
    """Check every field of a scenario (a dataclass instance)."""
    for name, value in vars(scenario).items():
        check_field(name, value)
