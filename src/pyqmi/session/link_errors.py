"""The errors the link machine reports for the device and the modem's refusals, worded once.

Each names what to change.  The codes are ``errors.ErrorCode``; the data-call failures are
``fallback``'s, the SIM's ``sim_policy``'s, registration's ``registration``'s.
"""

from __future__ import annotations

import re

from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.link_events import Fault, FaultKind


def device_error(device: str, fault: Fault) -> LinkError:
    """The error to report for a device that went away or stopped answering."""
    if fault.kind is FaultKind.GONE:
        return LinkError(
            ErrorCode.DEVICE_GONE,
            f"the modem at {device} went away ({fault.text}); it will be reopened when it is "
            "back. If this repeats, the modem may be short of power: use a powered USB hub",
        )
    if fault.kind is FaultKind.NOT_READY:
        return LinkError(
            ErrorCode.DEVICE_NOT_READY,
            f"the modem at {device} does not answer QMI ({fault.text}): check that it is in "
            "QMI mode and that no other program holds the port",
        )
    if fault.kind is FaultKind.OPEN:
        return LinkError(ErrorCode.NO_DEVICE, fault.text)
    if fault.kind is FaultKind.REFUSED:
        return LinkError(ErrorCode.CALL_FAILED, f"the modem refused a request: {fault.text}")
    return LinkError(
        ErrorCode.DEVICE_NOT_READY, f"the modem at {device} stopped answering ({fault.text})"
    )


def old_kernel_hint(release: str) -> str:
    """Why qmi_wwan may not bind at all: raw-ip-only modems need Linux 4.5 or newer."""
    match = re.match(r"(\d+)\.(\d+)", release)
    if match is None or (int(match[1]), int(match[2])) >= (4, 5):
        return ""
    return (
        f". This kernel ({release}) has no raw-ip support in qmi_wwan, so the driver does not "
        "bind to raw-ip-only modems (e.g. Sierra MC7455): upgrade to an OpenWrt with Linux 4.5 "
        "or newer"
    )


def no_device(device: str, waited: float, present: tuple[str, ...], kernel: str) -> LinkError:
    shown = ", ".join(present) or "none"
    return LinkError(
        ErrorCode.NO_DEVICE,
        f"control device {device} does not exist (waited {waited:.0f} s; "
        f"QMI control devices present: {shown}): check option device and that "
        "the modem is plugged in and in QMI mode" + old_kernel_hint(kernel),
    )


def no_cid(service: str, name: str) -> LinkError:
    return LinkError(
        ErrorCode.NO_CID,
        f"the modem gave no {service.upper()} client ID ({name}): other programs "
        "may hold them all; replug or reset the modem",
    )
