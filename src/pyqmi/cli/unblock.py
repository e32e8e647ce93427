"""``pyqmi unblock-pin --device DEV``: the one way pyqmi sends a PUK, when the user asks.

The daemon never sends a PUK: a SIM that asks for it is ``PUK_NEEDED``, a permanent error
that names this command. Here the user gives the PUK and a new PIN on standard input (a
prompt without echo on a terminal, else two lines), never on the command line or in the
environment, where other users' ``ps`` would see them. Before anything is sent:

* both are checked (PUK: 8 digits; PIN: 4 to 8 digits), so a typo costs no attempt;
* the SIM must ask for its PUK (PIN blocked): otherwise nothing is sent;
* at least two PUK attempts must be left: a wrong PUK at the last one blocks the SIM for
  good, so that one is left to a phone or the operator.

The PUK goes out once (UIM Unblock PIN, or DMS UIM Unblock PIN on firmware without UIM)
and a refusal is reported with the attempts left, never retried. On success the card's
refused-PIN marker (daemon/pin_marker.py) goes, and the message says to set option
``pincode`` to the new PIN. Exit codes: 0 unblocked, 1 refused or not sent, 2 bad input.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from pyqmi.cli.modem_direct import open_device, release_and_close
from pyqmi.cli.modem_source import check_device
from pyqmi.cli.usage import BadInput, fail, positive_float, run_async
from pyqmi.daemon import modem
from pyqmi.daemon.pin_marker import DEFAULT_DIR, PinMarkers
from pyqmi.daemon.pin_verify import read_iccid
from pyqmi.frozen import frozen
from pyqmi.qmi.errors import QmiError, QmiProtocolError
from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import dms, uim
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.sim_policy import MIN_PIN_TRIES, AppState, PinState, SimStatus
from pyqmi.transport import QmiClient, TransportError


class BadSecret(ValueError):
    """The PUK or the new PIN is malformed (the message never shows the value)."""


@frozen
class Outcome:
    code: int  # the exit code
    message: str


def read_secrets(stream: TextIO, *, prompt: bool) -> tuple[str, str]:
    """The PUK and the new PIN, from a no-echo prompt or two lines of ``stream``."""
    if prompt:
        puk = getpass.getpass("PUK: ")
        pin = getpass.getpass("new PIN: ")
        if getpass.getpass("new PIN again: ") != pin:
            raise BadSecret("the two new PINs differ")
    else:
        puk, pin = stream.readline().strip(), stream.readline().strip()
    if not (len(puk) == 8 and puk.isdigit()):
        raise BadSecret("the PUK must be 8 digits")
    if not (4 <= len(pin) <= 8 and pin.isdigit()):
        raise BadSecret("the new PIN must be 4 to 8 digits")
    return puk, pin


def refusal(status: SimStatus) -> str | None:
    """Why the PUK must not be sent to this SIM now, or None."""
    asks = status.pin1 is PinState.BLOCKED or status.app in (
        AppState.PUK_REQUIRED,
        AppState.PIN_BLOCKED,
    )
    if status.pin1 is PinState.PERMANENTLY_BLOCKED:
        return "the SIM is permanently blocked: contact the operator for a new SIM"
    if not asks:
        return f"the SIM does not ask for its PUK (PIN {status.pin1}): nothing was sent"
    left = status.puk1_retries
    if left is None or left < MIN_PIN_TRIES:
        shown = "an unknown number of" if left is None else str(left)
        return (
            f"the SIM has {shown} PUK attempt(s) left; a wrong PUK now would block it for "
            "good, so pyqmi does not risk it: unblock it in a phone or ask the operator"
        )
    return None


async def _send_puk(client: QmiClient, source: str, puk: str, pin: str) -> None:
    if source == "uim":
        session = uim.Session(type=uim.SessionType.primary_gw_provisioning, aid="")
        info = uim.UnblockPinInfo(pin_id=uim.PinId.pin1, puk=puk, new_pin=pin)
        await client.request(uim.UnblockPin.Request(session=session, info=info))
    else:
        await client.request(
            dms.UimUnblockPin.Request(info=dms.UnblockPinInfo(pin_id=1, puk=puk, new_pin=pin))
        )


async def _unblock(client: QmiClient, puk: str, pin: str, markers: PinMarkers) -> Outcome:
    await client.allocate(Service.DMS)
    read = await modem.read_sim(client, a.ReadSim())
    assert isinstance(read, e.SimRead)
    why = refusal(read.status)
    if why is not None:
        return Outcome(1, why)
    iccid = await read_iccid(client, read.status.source)
    try:
        await _send_puk(client, read.status.source, puk, pin)
    except QmiProtocolError as exc:
        after = await modem.read_sim(client, a.ReadSim())
        left = after.status.puk1_retries if isinstance(after, e.SimRead) else None
        shown = "" if left is None else f" ({left} PUK attempts left)"
        return Outcome(1, f"the SIM refused the PUK: {exc.name}{shown}; it is not retried")
    markers.forget(iccid)
    return Outcome(
        0,
        "PIN unblocked and set to the new PIN: set option pincode to it "
        "(uci set network.<interface>.pincode=...; uci commit network), then ifup",
    )


async def unblock(
    path: str, puk: str, pin: str, *, markers: PinMarkers, timeout: float = 5.0
) -> Outcome:
    """Open ``path``, send the PUK once if the SIM asks for it and may, release, close."""
    try:
        client = await open_device(path, timeout=timeout)
    except (TransportError, OSError) as exc:
        return Outcome(1, f"cannot open {path}: {exc}")
    try:
        return await _unblock(client, puk, pin, markers)
    except (QmiError, TransportError) as exc:
        return Outcome(1, f"{path}: {exc}; nothing more was sent")
    finally:
        await release_and_close(client)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", required=True, help="the control device, e.g. /dev/cdc-wdm0")
    parser.add_argument(
        "--sim-state-dir",
        default=DEFAULT_DIR,
        metavar="DIR",
        help="where the daemon remembers refused PINs (default: %(default)s)",
    )
    parser.add_argument("--timeout", type=positive_float, default=5.0, help="seconds per request")


def run(args: argparse.Namespace) -> int:
    prog = "pyqmi unblock-pin"
    try:
        device = check_device(args.device)
        puk, pin = read_secrets(sys.stdin, prompt=sys.stdin.isatty())
    except (BadInput, BadSecret) as exc:
        return fail(prog, f"{exc}; nothing was sent")
    markers = PinMarkers(args.sim_state_dir)
    outcome = run_async(unblock(device, puk, pin, markers=markers, timeout=args.timeout))
    print(outcome.message, file=sys.stdout if outcome.code == 0 else sys.stderr)
    return outcome.code
