"""What ``pyqmi demo`` prints, and the recording bus that tells it when netifd heard something.

``LogPrinter`` shows the daemon's and the simulator's log records as they happen, stamped with
seconds since the demo started and with secrets masked. ``DemoBus`` is a ``RecordingBus`` that
also notes, at the first link-up payload, how long the connect took and what the simulated
modem saw (QMI requests, client IDs allocated).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

from pyqmi.config.schema import SECRET_OPTIONS
from pyqmi.logsetup import SecretFilter
from pyqmi.netifd.payload import ACTION_UPDATE
from pyqmi.netifd.recording import RecordingBus
from pyqmi.sim import RunningSim


class LogPrinter(logging.Handler):
    """Prints log records live as ``+1.234 s  [who] message``, secrets masked."""

    WHO = (
        ("pyqmi.sim", "sim"),
        ("pyqmi.session", "state"),
        ("pyqmi.transport", "qmi"),
        ("pyqmi", "daemon"),
    )

    def __init__(self, t0: float, secret_filter: SecretFilter) -> None:
        super().__init__(logging.INFO)
        self.wall0 = time.time() - (time.monotonic() - t0)  # t0 on the records' clock
        self.addFilter(secret_filter)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            who = next(w for prefix, w in self.WHO if record.name.startswith(prefix))
            text = record.getMessage()
            if record.levelno >= logging.WARNING:
                text = f"{record.levelname}: {text}"
            stamp = record.created - self.wall0
            print(f"  {f'+{max(stamp, 0.0):.3f}':>7} s  [{who:<6}] {text}", flush=True)
        except Exception:  # a log line must never break the demo
            self.handleError(record)


def heading(text: str) -> None:
    print(f"\n== {text} ==", flush=True)


def say(text: str) -> None:
    print(f"  {text}", flush=True)


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=False)


def uci_section(interface: str, raw: Mapping[str, str]) -> str:
    """The sample configuration as an /etc/config/network section, secrets masked."""
    lines = [f"config interface '{interface}'", "\toption proto 'pyqmi'"]
    for name, value in raw.items():
        shown = "***" if name in SECRET_OPTIONS and value else value
        lines.append(f"\toption {name} '{shown}'")
    return "\n".join(lines)


class DemoBus(RecordingBus):
    """A RecordingBus that also notes when each notify_proto came and what the modem saw."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = asyncio.Event()
        self.sim: RunningSim | None = None
        self.link_up: dict[str, Any] | None = None  # seconds, requests, client_ids
        self.started = 0.0

    async def notify_proto(self, payload: Mapping[str, Any]) -> None:
        await super().notify_proto(payload)
        if payload.get("action") == ACTION_UPDATE and self.link_up is None and self.sim:
            state = self.sim.state
            self.link_up = {
                "seconds": time.monotonic() - self.started,
                "requests": len(state.requests),
                "client_ids": sum(state.allocations.values()),
            }
        self.changed.set()
