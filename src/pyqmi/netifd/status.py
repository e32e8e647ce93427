"""The ``pyqmi.<interface>`` ubus object and the redaction check on what it returns.

The daemon supplies a callback that returns its current state as a JSON-safe dict. Before a
reply leaves the process it is checked: a key naming a secret or a personal identifier
(PIN, PUK, password, IMSI, ICCID, IMEI, MSISDN) must not carry a value. A violation is a bug
in the daemon; the reply goes out with those values masked and the paths (never the values)
are logged as an error.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from typing import Any

from pyqmi.netifd.bus import Bus

log = logging.getLogger(__name__)

SECRET_KEYS = frozenset({"pin", "puk", "password", "imsi", "iccid", "imei", "msisdn", "pincode"})
MASK = "***"

StatusSupplier = Callable[[], Mapping[str, Any]]


class StatusNotJson(TypeError):
    """The status dict holds something JSON (and so ubus) cannot carry."""


def object_name(interface: str) -> str:
    return f"pyqmi.{interface}"


def _carries_value(value: object) -> bool:
    return value not in (None, "", [], {})


def redact_status(status: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy with secret-named keys masked, and the paths that needed it."""
    leaks: list[str] = []

    def walk(value: Any, path: str) -> Any:
        if isinstance(value, Mapping):
            out: dict[str, Any] = {}
            for key, item in value.items():
                where = f"{path}.{key}" if path else str(key)
                if str(key).lower() in SECRET_KEYS and _carries_value(item):
                    leaks.append(where)
                    out[key] = MASK
                else:
                    out[key] = walk(item, where)
            return out
        if isinstance(value, list | tuple):
            return [walk(item, f"{path}[{i}]") for i, item in enumerate(value)]
        return value

    return walk(status, ""), leaks


def check_json_safe(value: Any, path: str = "") -> None:
    """Raise StatusNotJson unless ``value`` is None/str/int/bool/finite float/list/dict."""
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise StatusNotJson(f"{path or '<root>'}: {value} is not valid JSON")
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            check_json_safe(item, f"{path}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise StatusNotJson(f"{path or '<root>'}: key {key!r} is not a string")
            check_json_safe(item, f"{path}.{key}" if path else key)
        return
    raise StatusNotJson(f"{path or '<root>'}: {type(value).__name__} is not JSON-safe")


def safe_status(supplier: StatusSupplier) -> dict[str, Any]:
    """Run the supplier and return what may be sent: checked, and redacted if it must be."""
    try:
        status = supplier()
        check_json_safe(status)
    except Exception as exc:
        log.error("status unavailable: %s", exc)
        return {"error": "status unavailable"}
    clean, leaks = redact_status(status)
    if leaks:
        log.error("status carried secret fields %s; masked", ", ".join(leaks))
    return clean


async def publish_status(bus: Bus, interface: str, supplier: StatusSupplier) -> str:
    """Publish ``pyqmi.<interface>`` with a ``status`` method; returns the object name."""
    name = object_name(interface)

    def status(_args: Mapping[str, Any]) -> Mapping[str, Any]:
        return safe_status(supplier)

    await bus.add_object(name, {"status": status})
    return name
