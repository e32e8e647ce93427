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

from typing import Any, ClassVar

from pyqmi.frozen import field, frozen
from pyqmi.session.fallback import CallAttempt

# ---- operations -----------------------------------------------------------------------


@frozen
class Operation:
    """Something the runner does that ends in exactly one result event."""

    # Abandoning it half-way undoes nothing (it only reads): SIGTERM need not wait for it.
    cancellable: ClassVar[bool] = False


@frozen
class CheckDevice(Operation):
    """Does the control device node exist?  DevicePresent / DeviceAbsent."""

    path: str
    cancellable: ClassVar[bool] = True


@frozen
class OpenDevice(Operation):
    """Open and probe the device (directly or through qmi-proxy); release stale IDs."""

    path: str
    proxy: bool
    cancellable: ClassVar[bool] = True


@frozen
class AllocateClient(Operation):
    """A client ID for ``service`` (saved at once, so a killed run's IDs are released)."""

    service: str


@frozen
class ReadIdentity(Operation):
    cancellable: ClassVar[bool] = True


@frozen
class ReadDataFormat(Operation):
    cancellable: ClassVar[bool] = True


@frozen
class SetDataFormat(Operation):
    protocol: str  # "raw_ip" or "ieee_802_3"


@frozen
class SetRawIp(Operation):
    """Take the data interface down and set qmi_wwan's raw_ip flag to match the modem."""

    ifname: str
    raw: bool


@frozen
class ReadSim(Operation):
    """Card status over UIM, or the PIN status over DMS on firmware without UIM."""

    cancellable: ClassVar[bool] = True


@frozen
class VerifyPin(Operation):
    source: str  # "uim" or "dms": where the status came from
    pin: str = field(repr=False)


@frozen
class ReadOperatingMode(Operation):
    cancellable: ClassVar[bool] = True


@frozen
class SetOnline(Operation):
    pass


@frozen
class SubscribeNas(Operation):
    """Serving-system and signal indications (best effort: a refusal is only logged)."""


@frozen
class SetModes(Operation):
    modes: tuple[str, ...]  # option modes, e.g. ("lte", "umts") or ("all",)


@frozen
class SetPlmn(Operation):
    plmn: str  # "0" for automatic, else MCC+MNC


@frozen
class ReadRegistration(Operation):
    """Serving system plus signal."""

    cancellable: ClassVar[bool] = True


@frozen
class OpenWds(Operation):
    """A WDS client for one family (``new``: a second one beside the first)."""

    family: int
    new: bool


@frozen
class StartCall(Operation):
    cid: int
    attempt: CallAttempt
    apn: str
    profile: int | None
    username: str
    password: str = field(repr=False)
    autoconnect: bool = False


@frozen
class ReadSettings(Operation):
    cid: int
    family: int
    cancellable: ClassVar[bool] = True


@frozen
class StopCall(Operation):
    family: int
    cid: int
    handle: int
    timeout: float


@frozen
class WatchSim(Operation):
    """Card status indications on (UIM register events), once the link is up."""

    cancellable: ClassVar[bool] = True


@frozen
class ReadCounters(Operation):
    """The data interface's packet counters (the watchdog's one read): ``CountersRead``."""

    ifname: str
    cancellable: ClassVar[bool] = True


@frozen
class Probe(Operation):
    """One ping to ``host`` through ``ifname``, bounded by ``timeout``: ``ProbeDone``."""

    host: str
    ifname: str
    timeout: float
    cancellable: ClassVar[bool] = True


@frozen
class Reregister(Operation):
    """Radio to low power, then online again: the modem registers afresh (calls end)."""


@frozen
class ResetModem(Operation):
    """DMS Set Operating Mode reset: the modem restarts (and usually leaves the bus)."""


@frozen
class ReleaseClients(Operation):
    """Release every client ID we hold, each request bounded by ``timeout``."""

    timeout: float


# ---- effects --------------------------------------------------------------------------


@frozen
class Log:
    """A line for the system log, exactly as users see it."""

    level: int  # logging.INFO ...
    text: str
    logger: str = "pyqmi.daemon"


@frozen
class Notify:
    """``ubus call network.interface notify_proto`` with a body from ``netifd.payload``."""

    body: dict[str, Any]


@frozen
class StartDataPath:
    """netifd's DHCP sub-interface for one family (``ubus call network add_dynamic``)."""

    body: dict[str, Any]


@frozen
class SetMtu:
    ifname: str
    mtu: int


@frozen
class CloseDevice:
    """Close the control device (its client IDs were released or are left to the next start).

    ``forget``: the modem dropped them itself (it reset): none is left to release."""

    forget: bool = False


@frozen
class Cancel:
    """Abandon the operation in flight; its result will not come."""


@frozen
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
    | WatchSim
    | ReadCounters
    | Probe
    | Reregister
    | ResetModem
    | ReleaseClients
    | Log
    | Notify
    | StartDataPath
    | SetMtu
    | CloseDevice
    | Cancel
    | Exit
)
