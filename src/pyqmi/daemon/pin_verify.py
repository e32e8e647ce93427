"""The VerifyPin operation with its last guard: no PIN goes to a card that refused it.

Theory of operation
-------------------
The link machine asks for ``VerifyPin`` only when its rules allow (``sim_policy``: the SIM
asks, at least two attempts left, not refused in this daemon's life). Here, at the edge,
the card's ICCID is read and its marker (``pin_marker.py``) consulted before the PIN goes
out, so a PIN refused before a restart or a reboot is not sent again either. The ICCID is
read only on this path: a connect without a PIN sends no extra request (UIM Read
Transparent of EF ICCID, or DMS UIM Get ICCID on firmware without UIM).

The answer is ``PinVerified``: accepted, refused now (and remembered), or not sent because
it was refused before (``refused_before`` says why, for the error the machine reports).
"""

from __future__ import annotations

import logging

from pyqmi.daemon.pin_marker import UNKNOWN_ICCID, PinMarkers
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.qmi.typed import dms, uim
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.transport import QmiClient

log = logging.getLogger("pyqmi.modem")

EF_ICCID = 0x2FE2
MF_PATH = (0x00, 0x3F)  # the master file 3F00, little-endian as QMI carries a path
# Errors that mean "the SIM refused this PIN".
PIN_REJECTED = frozenset({"INCORRECT_PIN", "PIN_BLOCKED", "PIN_ALWAYS_BLOCKED", "ACCESS_DENIED"})


def iccid_from_ef(data: str) -> str:
    """EF ICCID as hex text (nibble-swapped BCD, padded with F) -> its digits."""
    swapped = "".join(data[i + 1 : i + 2] + data[i : i + 1] for i in range(0, len(data), 2))
    return swapped.lower().rstrip("f")


async def read_iccid(client: QmiClient, source: str) -> str:
    """The card's ICCID, or ``UNKNOWN_ICCID`` when the modem will not say."""
    try:
        if source == "uim":
            session = uim.Session(type=uim.SessionType.primary_gw_provisioning, aid="")
            where = uim.File(file_id=EF_ICCID, path=MF_PATH)
            read = uim.ReadInfo(offset=0, length=0)
            answer = await client.request(
                uim.ReadTransparent.Request(session=session, file=where, read_info=read)
            )
            iccid = iccid_from_ef(answer.read_result or "")
        else:
            iccid = (await client.request(dms.UimGetIccid.Request())).iccid or ""
    except QmiProtocolError as exc:
        log.info("the ICCID cannot be read (%s): the PIN is remembered for an unknown SIM", exc)
        return UNKNOWN_ICCID
    return iccid or UNKNOWN_ICCID


async def send_pin(client: QmiClient, op: a.VerifyPin) -> bool:
    """Send the PIN once; the SIM's refusal is an answer (False), not a failure."""
    try:
        if op.source == "uim":
            session = uim.Session(type=uim.SessionType.primary_gw_provisioning, aid="")
            info = uim.VerifyPinInfo(pin_id=uim.PinId.pin1, pin=op.pin)
            await client.request(uim.VerifyPin.Request(session=session, info=info))
        else:
            pin = dms.VerifyPinInfo(pin_id=1, pin=op.pin)
            await client.request(dms.UimVerifyPin.Request(info=pin))
    except QmiProtocolError as exc:
        if exc.name in PIN_REJECTED:
            return False
        raise
    return True


async def verify_pin(client: QmiClient, op: a.VerifyPin, markers: PinMarkers) -> e.Event:
    iccid = await read_iccid(client, op.source)
    before = markers.refused(iccid, op.pin)
    if before is not None:
        log.error("not sending the PIN: %s", before)
        return e.PinVerified(False, refused_before=before)
    accepted = await send_pin(client, op)
    if accepted:
        markers.forget(iccid)
    else:
        markers.remember(iccid, op.pin)
    return e.PinVerified(accepted)
