"""Before registration: who the modem is, the SIM unlocked, the radio online.

Each step takes the daemon and moves no link state itself; the runner's connect
flow announces the step first.  The SIM step polls the card while it
initialises and sends the PIN at most once per daemon: a rejected PIN is never
retried, so the SIM's retry counter is not burnt by restarts.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from pyqmi.daemon import modem
from pyqmi.daemon.radio import apply_modes_and_plmn, subscribe_indications
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.sim_policy import Decision, decide
from pyqmi.transport import QmiClient

if TYPE_CHECKING:
    from pyqmi.daemon.runner import Daemon

log = logging.getLogger("pyqmi.daemon")

IDENTITY_REQUESTS = (
    ("get_manufacturer", "manufacturer"),
    ("get_model", "model"),
    ("get_revision", "revision"),
)


async def identify(daemon: Daemon, client: QmiClient) -> None:
    """Read the manufacturer, model and revision into the facts; a refused one is skipped."""
    identity = daemon.facts.identity
    for name, key in IDENTITY_REQUESTS:
        try:
            msg = await client.request("dms", name)
        except QmiProtocolError:
            continue
        identity[key] = str(msg.get(key, ""))
    log.info(
        "modem: %s %s (%s)",
        identity.get("manufacturer", "?"),
        identity.get("model", "?"),
        identity.get("revision", "?"),
    )


async def unlock_sim(daemon: Daemon, client: QmiClient) -> None:
    """Return once the SIM is ready, sending the PIN when it asks; bounded by option timeout."""
    config = daemon.config
    deadline = daemon.deadline(config.timeout)
    while True:
        daemon.check_stopped()
        sim = await modem.read_sim(client)
        daemon.facts.sim = sim
        decision = decide(sim, have_pin=bool(config.pincode), pin_rejected=daemon.pin_rejected)
        if decision is Decision.READY:
            log.info("SIM ready (%s)", sim.source)
            return
        if decision is Decision.VERIFY_PIN:
            log.info("SIM asks for its PIN; %s attempts left: sending it", sim.pin1_retries)
            if not await modem.verify_pin(client, sim, config.pincode):
                daemon.pin_rejected = True
                log.error("the SIM rejected the PIN")
            continue
        if deadline is not None and time.monotonic() >= deadline:
            raise LinkError(
                ErrorCode.SIM_NOT_INITIALIZED,
                f"the SIM did not become ready within {config.timeout} s "
                f"(card {sim.card}, application {sim.app}): reseat the SIM or raise "
                "option timeout",
            )
        await daemon.pause(daemon.t.sim_poll)


async def radio_online(daemon: Daemon, client: QmiClient) -> None:
    """Put the modem online, then subscribe to NAS and apply the radio preferences."""
    mode = await client.request("dms", "get_operating_mode")
    if str(mode.get("mode")) != "online":
        log.info("operating mode %s: setting online", mode.get("mode"))
        try:
            await client.request("dms", "set_operating_mode", {"mode": "online"})
        except QmiProtocolError as exc:
            raise LinkError(
                ErrorCode.MODE_FAILED,
                f"the modem refused to go online ({exc.name}): check the RF kill switch "
                "(W_DISABLE) and the modem's firmware",
            ) from None
    await daemon.allocate(client, "nas")
    await subscribe_indications(client)
    await apply_modes_and_plmn(client, daemon.config)
