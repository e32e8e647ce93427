"""The link machine's output: frozen dataclasses the runner carries out, in order.

Two kinds:

- **Operations** (``Operation`` subclasses) take time: the runner runs the one in flight and
  feeds its result back as an event (``link_events.RESULTS``).  Each is one step the policy
  decides on, named for what it achieves; its QMI requests live in ``daemon/modem.py``.
- **Effects** are carried out at once, in order, with no result: a log line, a netifd
  notification, the MTU, a DHCP sub-interface, closing the device, cancelling the operation
  in flight, exiting.

Secrets (the PIN, the password) ride in operations only, never in a repr.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from pyqmi.session.fallback import CallAttempt

# ---- operations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """Something the runner does that ends in exactly one result event."""

    # Abandoning it half-way undoes nothing (it only reads): SIGTERM need not wait for it.
    cancellable: ClassVar[bool] = False


@dataclass(frozen=True)
class CheckDevice(Operation):
    """Does the control device node exist?  DevicePresent / DeviceAbsent."""

    path: str
    cancellable: ClassVar[bool] = True


@dataclass(frozen=True)
class OpenDevice(Operation):
    """Open and probe the device (directly or through qmi-proxy); release stale IDs."""

    path: str
    proxy: bool
    cancellable: ClassVar[bool] = True


@dataclass(frozen=True)
class AllocateClient(Operation):
    """A client ID for ``service`` (saved at once, so a killed run's IDs are released)."""

    service: str


@dataclass(frozen=True)
class ReadIdentity(Operation):
    cancellable: ClassVar[bool] = True


@dataclass(frozen=True)
class ReadDataFormat(Operation):
    cancellable: ClassVar[bool] = True


@dataclass(frozen=True)
class SetDataFormat(Operation):
    protocol: str  # "raw_ip" or "ieee_802_3"


@dataclass(frozen=True)
class SetRawIp(Operation):
    """Take the data interface down and set qmi_wwan's raw_ip flag to match the modem."""

    ifname: str
    raw: bool


@dataclass(frozen=True)
class ReadSim(Operation):
    """Card status over UIM, or the PIN status over DMS on firmware without UIM."""

    cancellable: ClassVar[bool] = True


@dataclass(frozen=True)
class VerifyPin(Operation):
    source: str  # "uim" or "dms": where the status came from
    pin: str = field(repr=False)


@dataclass(frozen=True)
class ReadOperatingMode(Operation):
    cancellable: ClassVar[bool] = True


@dataclass(frozen=True)
class SetOnline(Operation):
    pass


@dataclass(frozen=True)
class SubscribeNas(Operation):
    """Serving-system and signal indications (best effort: a refusal is only logged)."""


@dataclass(frozen=True)
class SetModes(Operation):
    modes: tuple[str, ...]  # option modes, e.g. ("lte", "umts") or ("all",)


@dataclass(frozen=True)
class SetPlmn(Operation):
    plmn: str  # "0" for automatic, else MCC+MNC


@dataclass(frozen=True)
class ReadRegistration(Operation):
    """Serving system plus signal."""

    cancellable: ClassVar[bool] = True


@dataclass(frozen=True)
class OpenWds(Operation):
    """A WDS client for one family (``new``: a second one beside the first)."""

    family: int
    new: bool


@dataclass(frozen=True)
class StartCall(Operation):
    cid: int
    attempt: CallAttempt
    apn: str
    profile: int | None
    username: str
    password: str = field(repr=False)
    autoconnect: bool = False


@dataclass(frozen=True)
class ReadSettings(Operation):
    cid: int
    family: int
    cancellable: ClassVar[bool] = True


@dataclass(frozen=True)
class StopCall(Operation):
    family: int
    cid: int
    handle: int
    timeout: float


@dataclass(frozen=True)
class ReleaseClients(Operation):
    """Release every client ID we hold, each request bounded by ``timeout``."""

    timeout: float


# ---- effects --------------------------------------------------------------------------


@dataclass(frozen=True)
class Log:
    """A line for the system log, exactly as users see it."""

    level: int  # logging.INFO ...
    text: str
    logger: str = "pyqmi.daemon"


@dataclass(frozen=True)
class Notify:
    """``ubus call network.interface notify_proto`` with a body from ``netifd.payload``."""

    body: dict[str, Any]


@dataclass(frozen=True)
class StartDataPath:
    """netifd's DHCP sub-interface for one family (``ubus call network add_dynamic``)."""

    body: dict[str, Any]


@dataclass(frozen=True)
class SetMtu:
    ifname: str
    mtu: int


@dataclass(frozen=True)
class CloseDevice:
    """Close the control device (its client IDs were released or are left to the next start)."""


@dataclass(frozen=True)
class Cancel:
    """Abandon the operation in flight; its result will not come."""


@dataclass(frozen=True)
class Exit:
    code: int


Action = (
    CheckDevice
    | OpenDevice
    | AllocateClient
    | ReadIdentity
    | ReadDataFormat
    | SetDataFormat
    | SetRawIp
    | ReadSim
    | VerifyPin
    | ReadOperatingMode
    | SetOnline
    | SubscribeNas
    | SetModes
    | SetPlmn
    | ReadRegistration
    | OpenWds
    | StartCall
    | ReadSettings
    | StopCall
    | ReleaseClients
    | Log
    | Notify
    | StartDataPath
    | SetMtu
    | CloseDevice
    | Cancel
    | Exit
)
