"""The ``pyqmi.<interface>`` ubus object and the redaction check on what it returns.

The daemon supplies a callback that returns its current state as a JSON-safe dict. Before a
reply leaves the process it is checked: a key naming a secret or a personal identifier
(PIN, PUK, password, IMSI, ICCID, IMEI, MSISDN) must not carry a value. A violation is a bug
in the daemon; the reply goes out with those values masked and the paths (never the values)
are logged as an error.

Methods: ``status`` (everything below), and the views ``signal``, ``cell``, ``sim`` and
``info``, each the keys ``interface`` and ``state`` plus its own part (``VIEWS``).  Asking
for ``cell`` (or ``status``) may start one bounded read of the cells in the daemon, at most
once per few seconds (``daemon/cellinfo.py``); the reply is what is known at that moment.

The status keys (stable: ``pyqmi status --json``, the LuCI page and scripts read them; a key
that is unknown is left out rather than sent empty, unless noted):

- ``interface``, ``device`` (the control device), ``state`` (the link machine's state:
  idle, opening, data_format, sim, radio, registering, connecting, connected, recovering,
  backoff, stopping, failed, stopped: ``session/states.py``), ``apn``, ``pdptype``,
  ``data_format`` ("" until agreed);
- ``identity``: ``manufacturer``, ``model``, ``revision`` (never the IMEI);
- ``sim``: ``card`` (present, absent, error), ``application`` (the SIM application's state,
  e.g. ready, pin1_or_upin_pin_required, puk1_or_puk_required), ``pin1`` (e.g. disabled,
  enabled_verified, blocked), ``pin1_retries``, ``puk1_retries`` (never ICCID or IMSI);
- ``registration``: ``state``, ``roaming`` (bool), ``operator``, ``mcc``, ``mnc``,
  ``technology``, ``signal`` ({``rssi``, ``rsrp``, ``rsrq``, ``snr``, ... in dBm/dB, those
  the modem reported});
- ``cell`` (once read): ``serving`` {``technology`` (lte, 5gnr, umts, gsm), ``cell_id``,
  ``tac`` or ``lac``, ``earfcn``/``nr_arfcn``/``uarfcn``/``arfcn``, ``band`` (B20, n78,
  ...), ``pci`` (``psc`` for UMTS, ``bsic`` for GSM), ``plmn``, ``rsrp``, ``rsrq``,
  ``rssi``}, ``nr`` (5G NSA: the NR cell, same keys plus ``snr``), ``neighbours`` [{
  ``technology``, ``earfcn``, ``band``, ``pci``, ``rsrp``, ``rsrq``, ``rssi``}], ``age``
  (seconds since the read), ``reading`` (bool: a read is under way);
- ``addresses`` [{``family`` (ipv4, ipv6), ``address`` (with /prefix), ``gateway``, ``dns``,
  ``mtu``}], ``attempts`` [{``family``, ``auth``, ``result``, ``reason``, ``time``}],
  ``error`` {``code``, ``message``} (the last one), ``notes`` [text].
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from typing import Any

from pyqmi.netifd.bus import Bus, MethodHandler

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


# method -> the status keys it returns (besides interface and state)
VIEWS: dict[str, tuple[str, ...]] = {
    "signal": ("registration",),
    "cell": ("cell", "registration"),
    "sim": ("sim",),
    "info": ("device", "identity", "data_format"),
}
ALWAYS = ("interface", "state")


def view(status: Mapping[str, Any], method: str) -> dict[str, Any]:
    """The part of a (checked) status reply that ``method`` returns."""
    keys = ALWAYS + VIEWS[method]
    return {key: status[key] for key in keys if key in status}


async def publish_status(
    bus: Bus,
    interface: str,
    supplier: StatusSupplier,
    on_ask: Mapping[str, Callable[[], object]] | None = None,
) -> str:
    """Publish ``pyqmi.<interface>`` with ``status`` and the ``VIEWS`` methods; returns the
    object name.  ``on_ask[method]()`` runs before that method's reply is built (the daemon
    starts a cell read there); it must not block, and its failure never fails the reply."""
    name = object_name(interface)
    hooks = dict(on_ask or {})

    def method(which: str) -> MethodHandler:
        def answer(_args: Mapping[str, Any]) -> Mapping[str, Any]:
            hook = hooks.get(which)
            if hook is not None:
                try:
                    hook()
                except Exception as exc:
                    log.error("%s %s: %s", name, which, exc)
            status = safe_status(supplier)
            return status if which == "status" else view(status, which)

        return answer

    await bus.add_object(name, {which: method(which) for which in ("status", *VIEWS)})
    return name
