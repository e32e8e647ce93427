"""Waiting for network registration, driven by NAS serving-system indications.

The wait reacts to indications at once and re-reads the serving system only
when none came for ``registration_recheck`` seconds, so a modem that never
indicates still gets through.  The whole wait is bounded by option
``registration_timeout``; its error names the last state the network reported.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from pyqmi.daemon import modem
from pyqmi.qmi.message import Message
from pyqmi.session.registration import Registration, timeout_error
from pyqmi.session.states import LinkState
from pyqmi.transport import QmiClient

if TYPE_CHECKING:
    from pyqmi.daemon.runner import Daemon

log = logging.getLogger("pyqmi.daemon")


async def wait_registered(daemon: Daemon, client: QmiClient) -> Registration:
    """Return the registration once the modem is registered; raises ``LinkError`` on timeout."""
    daemon.machine.move(LinkState.REGISTERING)
    changed = asyncio.Event()

    def on_serving(msg: Message) -> None:
        update_registration(daemon, msg.values)
        changed.set()

    sub = client.subscribe("nas", "get_serving_system", on_serving)
    try:
        started = time.monotonic()
        deadline = daemon.deadline(daemon.config.registration_timeout)
        reg = await modem.read_registration(client)
        daemon.facts.registration = reg
        while not reg.registered:
            daemon.check_stopped()
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                raise timeout_error(reg, now - started)
            wait = daemon.t.registration_recheck
            if deadline is not None:
                wait = min(wait, deadline - now)
            if await _indicated(daemon, changed, wait):
                reg = daemon.facts.registration or reg
            else:
                reg = await modem.read_registration(client)
                daemon.facts.registration = reg
        log.info("registered: %s", reg.describe())
        return reg
    finally:
        sub.cancel()


async def _indicated(daemon: Daemon, changed: asyncio.Event, wait: float) -> bool:
    """Wait up to ``wait`` s for an indication or a stop; True when an indication came."""
    changed.clear()
    stop = asyncio.ensure_future(daemon.stop_requested.wait())
    change = asyncio.ensure_future(changed.wait())
    await asyncio.wait({stop, change}, timeout=wait, return_when="FIRST_COMPLETED")
    stop.cancel()
    change.cancel()
    return changed.is_set()


def update_registration(daemon: Daemon, serving: dict[str, Any]) -> None:
    """Take a serving-system report into the facts, keeping the last signal reading."""
    old = daemon.facts.registration
    signal = old.signal if old is not None else None
    reg = modem.registration_from(serving, None)
    if signal is not None:
        reg = Registration(**{**reg.__dict__, "signal": signal})
    if old is None or old.state != reg.state or old.technology != reg.technology:
        log.info("network: %s", reg.describe())
    daemon.facts.registration = reg
