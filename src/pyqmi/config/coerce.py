"""Turn one raw option value into its schema kind, or raise a ConfigError that says why.

netifd hands the shim typed JSON (numbers for int options, true/false for booleans) but a
config may also arrive as plain strings (``ubus call network add_dynamic``, tests, a hand
written file), so every kind accepts both forms. Messages name the option, quote the bad
value (never for a secret option) and list what would be accepted.
"""

from __future__ import annotations

import re

from pyqmi.config.errors import INVALID_OPTION, ConfigError
from pyqmi.config.schema import Kind, Option, Value

_TRUE = frozenset({"1", "true", "yes", "on", "enabled"})
_FALSE = frozenset({"0", "false", "no", "off", "disabled"})
_INTEGER = re.compile(r"[+-]?\d+")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def shown(option: Option, value: object) -> str:
    """How a value appears in a message: quoted, or withheld for a secret option."""
    return "" if option.secret else f" '{value}'"


def invalid(option: Option, value: object, problem: str) -> ConfigError:
    """INVALID_OPTION naming the option and (unless secret) the value."""
    return ConfigError(
        INVALID_OPTION, f"option {option.name}{shown(option, value)} {problem}", option=option.name
    )


def _allowed(option: Option) -> str:
    text = ", ".join(option.choices)
    extra = [alias for alias, _ in option.aliases]
    return text + (f" (also accepted: {', '.join(extra)})" if extra else "")


def _choose(option: Option, word: str, notes: list[str]) -> str:
    """Map a word to its canonical choice, case-insensitively, noting aliases."""
    lowered = word.lower()
    for choice in option.choices:
        if choice.lower() == lowered:
            return choice
    canonical = option.alias_map.get(lowered)
    if canonical is None:
        raise invalid(option, word, f"is not one of {_allowed(option)}")
    notes.append(f"option {option.name} '{word}' read as '{canonical}'")
    return canonical


def _to_string(option: Option, raw: object, notes: list[str]) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise invalid(option, raw, "must be text")
    text = str(raw)
    if _CONTROL_CHARS.search(text):
        raise invalid(option, repr(text)[1:-1], "contains control characters; remove them")
    if option.max_length is not None and len(text) > option.max_length:
        limit = option.max_length
        raise invalid(option, text, f"is longer than {limit} characters")
    return _choose(option, text.strip(), notes) if option.choices else text


def _to_int(option: Option, raw: object) -> int:
    if isinstance(raw, bool):
        raise invalid(option, raw, "must be a whole number, not true/false")
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        number = int(raw.strip())
    else:
        raise invalid(option, raw, "is not a whole number")
    low, high = option.minimum, option.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise invalid(option, number, f"is out of range: use {low} to {high}")
    return number


def _to_bool(option: Option, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise invalid(option, raw, "is not a boolean: use 1 or 0 (also true/false, on/off, yes/no)")


def _to_list(option: Option, raw: object, notes: list[str]) -> tuple[str, ...]:
    if isinstance(raw, str):
        words = [word for word in re.split(r"[,\s]+", raw) if word]
    elif isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        words = [word for item in raw for word in re.split(r"[,\s]+", item) if word]
    else:
        raise invalid(option, raw, f"must be a comma-separated list of {_allowed(option)}")
    result: list[str] = []
    for word in words:
        canonical = _choose(option, word, notes)
        if canonical not in result:
            result.append(canonical)
    return tuple(result)


def is_absent(raw: object) -> bool:
    """None and empty text mean 'not set': the default applies (as in qmi.sh)."""
    return raw is None or (isinstance(raw, str) and raw.strip() == "") or raw == []


def coerce(option: Option, raw: object, notes: list[str]) -> Value:
    """The value of ``option`` given ``raw`` from the JSON (absent -> default)."""
    if is_absent(raw):
        return option.default
    if option.kind is Kind.STRING:
        return _to_string(option, raw, notes)
    if option.kind is Kind.INT:
        return _to_int(option, raw)
    if option.kind is Kind.BOOL:
        return _to_bool(option, raw)
    return _to_list(option, raw, notes)
