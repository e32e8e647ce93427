"""Reading a modem that no daemon owns: open the device, ask, release every client ID.

The same operations the daemon uses (``daemon/modem.py``: identity, SIM, registration and
signal) and the same status builder (``daemon/report.py``), so ``pyqmi sim --device`` and
``pyqmi sim 4G`` print the same thing.  Every request is bounded by ``timeout`` (the open's
readiness probe too); the client IDs allocated here are released before the device is
closed, also when a request failed, each release bounded.

Identifiers (IMEI, ICCID, IMSI) are read only when asked for (``show_ids``) and go under
the key ``ids``, which only the CLI prints: the daemon never puts them on ubus.
"""

from __future__ import annotations

from typing import Any

from pyqmi.daemon import modem
from pyqmi.daemon.cellinfo import cell_facts
from pyqmi.daemon.report import status
from pyqmi.frozen import frozen
from pyqmi.netifd.status import view as project
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import dms, nas
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.facts import Facts
from pyqmi.transport import QmiClient

RELEASE_WAIT = 1.0  # seconds for each client ID's release


@frozen
class _NoCall:
    """No configuration is involved: the status shows no call options."""

    apn: str = ""
    pdptype: str = ""


NO_CALL = _NoCall()


async def _ids(client: QmiClient, want: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    asks: list[tuple[str, Any]] = []
    if "imei" in want:
        asks.append(("imei", dms.GetIds.Request()))
    if "iccid" in want:
        asks.append(("iccid", dms.UimGetIccid.Request()))
    if "imsi" in want:
        asks.append(("imsi", dms.UimGetImsi.Request()))
    for key, request in asks:
        try:
            answer = await client.request(request)
        except QmiProtocolError:
            continue  # this firmware does not say; left out
        value = getattr(answer, key, None)
        if value:
            found[key] = str(value)
    return found


async def _read(client: QmiClient, view: str, ids: tuple[str, ...]) -> dict[str, Any]:
    facts = Facts(device=client.name, state="no daemon")
    extra: dict[str, Any] = {}
    if view in ("info", "sim"):
        await client.allocate(Service.DMS)
    if view == "info":
        read = await modem.read_identity(client, a.ReadIdentity())
        assert isinstance(read, e.IdentityRead)
        facts.identity.update(read.identity.as_dict())
        try:
            mode = await client.request(dms.GetOperatingMode.Request())
            extra["operating_mode"] = str(mode.mode)
        except QmiProtocolError:
            pass
    if view == "sim":
        read_sim = await modem.read_sim(client, a.ReadSim())
        assert isinstance(read_sim, e.SimRead)
        facts.sim = read_sim.status
    if view in ("signal", "cell"):
        await client.allocate(Service.NAS)
        reg = await modem.read_registration(client, a.ReadRegistration())
        assert isinstance(reg, e.RegistrationRead)
        facts.registration = reg.registration
    if view == "cell":
        try:
            answer = await client.request(nas.GetCellLocationInfo.Request())
            extra["cell"] = cell_facts(answer)
        except QmiProtocolError as exc:
            extra["cell"] = {"error": exc.name}
    if ids:
        extra["ids"] = await _ids(client, ids)
    out = project(status("", NO_CALL, facts), view)  # the daemon's view, same keys
    out.pop("interface", None)
    out["device"] = client.name
    out.update(extra)
    return out


async def read_device(
    path: str, view: str, *, timeout: float, ids: tuple[str, ...] = (), proxy: bool = False
) -> dict[str, Any]:
    """Open ``path`` (through qmi-proxy with ``proxy``), read ``view``'s facts, release our
    client IDs, close."""
    client = await open_device(path, timeout=timeout, proxy=proxy)
    try:
        return await _read(client, view, ids)
    finally:
        await release_and_close(client)


async def open_device(path: str, *, timeout: float, proxy: bool = False) -> QmiClient:
    """Open ``path`` for one CLI command: the modem is probed for about ``timeout`` seconds."""
    return await QmiClient.open(
        path,
        timeout=timeout,
        probe_attempts=max(1, int(timeout)),
        probe_timeout=1.0,
        proxy=proxy,
    )


async def release_and_close(client: QmiClient) -> None:
    """Give back every client ID the command took (bounded), then close the device."""
    try:
        if client.is_open:
            await client.release_all(timeout=RELEASE_WAIT)
    finally:
        await client.close()
