"""The link machine's input: every event is a frozen dataclass, named by where it comes from.

Four kinds (uqmid names events by origin the same way):

- from the daemon: ``Start``, ``Stop`` (SIGTERM), ``Tick`` (the one timer fired);
- from the device: ``DeviceAbsent``/``DevicePresent`` (the node), ``DeviceOpened``,
  ``DeviceLost``, ``ModemReset`` (every client ID dropped);
- the result of the one operation in flight: a typed result (``SimRead``, ``CallStarted``...),
  ``OpDone`` for an operation that returns nothing, or ``OpFailed`` with a ``Fault``;
- indications: ``ServingSystem``, ``SignalInfo``, ``PacketStatus``, ``CardStatus``.

The runner turns transport exceptions into ``Fault``s at one boundary, so the machine never
sees an exception and every fact it acts on is typed.
"""

from __future__ import annotations

import enum

from pyqmi.frozen import frozen
from pyqmi.qmi.callend import CallEnd
from pyqmi.session.facts import CallSettings, Identity
from pyqmi.session.link_actions import Operation
from pyqmi.session.registration import Registration, Signal
from pyqmi.session.sim_policy import SimStatus

# ---- from the daemon ------------------------------------------------------------------


@frozen
class Start:
    """The daemon starts: open the device and connect."""


@frozen
class Stop:
    """SIGTERM from netifd: tear down within the budget and exit 0."""


@frozen
class Tick:
    """The timer armed from ``next_deadline()`` fired."""


# ---- from the device ------------------------------------------------------------------


@frozen
class DevicePresent:
    """The control device node exists."""


@frozen
class DeviceAbsent:
    """The control device node does not exist (yet)."""

    present: tuple[str, ...] = ()  # the QMI control devices that do exist
    kernel: str = ""  # the kernel release, for the driver hint


class RawIpSupport(enum.Enum):
    """What the kernel's qmi_wwan offers for the data interface's framing."""

    SWITCH = "switch"  # a raw_ip flag to set (Linux 4.5 and later)
    NONE = "none"  # a net device without the flag: 802.3 only (Linux < 4.5)
    UNKNOWN = "unknown"  # no net device seen: nothing to set, raw-ip not ruled out


@frozen
class KernelLink:
    """The data interface the kernel gave the modem, as far as the runner could see."""

    ifname: str | None = None  # None: not found
    raw_ip: RawIpSupport = RawIpSupport.UNKNOWN
    net_device: bool = False  # the interface exists (its MTU can be set)


@frozen
class DeviceOpened:
    """The device answered its probe; IDs a killed run left are released already."""

    kernel: KernelLink = KernelLink()


@frozen
class DeviceLost:
    """The control device closed under us (unplugged, USB reset)."""

    detail: str = ""


@frozen
class ModemReset:
    """The modem dropped every client ID (a CTL Sync indication, or IDs revoked): it reset."""

    detail: str = ""


# ---- the result of an operation -------------------------------------------------------


class FaultKind(enum.Enum):
    REFUSED = "refused"  # the modem answered with a failure result
    GONE = "gone"  # the device went away
    NOT_READY = "not_ready"  # it never answered the readiness probe
    TIMEOUT = "timeout"  # a request got no answer in time
    OPEN = "open"  # the device could not be opened at all
    NO_CLIENT = "no_client"  # a request for a service we hold no client ID of
    UNEXPECTED = "unexpected"  # anything else: an answer that could not be read


@frozen
class Fault:
    """Why an operation failed.  ``name`` is the QMI error name for REFUSED."""

    kind: FaultKind
    text: str  # the whole explanation, as the transport worded it
    name: str = ""

    @property
    def device_failed(self) -> bool:
        return self.kind in (FaultKind.GONE, FaultKind.NOT_READY, FaultKind.TIMEOUT)


@frozen
class OpFailed:
    op: Operation
    fault: Fault


@frozen
class OpDone:
    """An operation that has no result of its own finished."""

    op: Operation


@frozen
class OpenFailed:
    """Opening failed with an error already named (qmi-proxy's, ``daemon/proxy.py``)."""

    code: str
    message: str
    permanent: bool = False


@frozen
class ClientAllocated:
    service: str
    cid: int


@frozen
class IdentityRead:
    identity: Identity


@frozen
class DataFormatRead:
    protocol: str  # the modem's link layer protocol, e.g. "raw_ip", "ieee_802_3"


@frozen
class DataFormatSet:
    protocol: str  # what the modem says it uses now


@frozen
class RawIpSet:
    error: str = ""  # why the kernel refused (e.g. "cannot set <path> to Y"); "" when set


@frozen
class SimRead:
    status: SimStatus


@frozen
class PinVerified:
    accepted: bool  # False: the SIM rejected it, or it was not sent (refused_before)
    refused_before: str = ""  # not sent: the SIM refused this PIN before a restart (why)


@frozen
class ModeRead:
    mode: str  # DMS operating mode, e.g. "online", "low_power"


@frozen
class RegistrationRead:
    registration: Registration


@frozen
class WdsReady:
    family: int
    cid: int


@frozen
class CallStarted:
    family: int
    handle: int
    at: float = 0.0  # wall-clock time of the answer, for the status object


@frozen
class CallFailed:
    family: int
    end: CallEnd
    at: float = 0.0


@frozen
class SettingsRead:
    family: int
    settings: CallSettings | None  # None: the call reports no address


@frozen
class ClientsReleased:
    every: bool  # False: some stay in the state file for the next start


@frozen
class CountersRead:
    """The data interface's packet counters; None when they could not be read."""

    rx: int | None
    tx: int | None


@frozen
class ProbeDone:
    answered: bool  # the probe host answered through the link


# ---- indications ----------------------------------------------------------------------


@frozen
class ServingSystem:
    """NAS serving system indication (no signal: the machine keeps the last reading)."""

    registration: Registration


@frozen
class SignalInfo:
    signal: Signal


@frozen
class PacketStatus:
    """WDS packet service status indication for one of our WDS clients."""

    cid: int | None  # None: sent to every client (broadcast)
    connected: bool
    end: CallEnd


@frozen
class CardStatus:
    """UIM card status indication."""

    status: SimStatus


Event = (
    Start
    | Stop
    | Tick
    | DevicePresent
    | DeviceAbsent
    | DeviceOpened
    | DeviceLost
    | ModemReset
    | OpFailed
    | OpDone
    | OpenFailed
    | ClientAllocated
    | IdentityRead
    | DataFormatRead
    | DataFormatSet
    | RawIpSet
    | SimRead
    | PinVerified
    | ModeRead
    | RegistrationRead
    | WdsReady
    | CallStarted
    | CallFailed
    | SettingsRead
    | ClientsReleased
    | CountersRead
    | ProbeDone
    | ServingSystem
    | SignalInfo
    | PacketStatus
    | CardStatus
)
# The answers to an operation: exactly one of these follows every operation the machine asks.
RESULTS = (
    DevicePresent,
    DeviceAbsent,
    DeviceOpened,
    OpFailed,
    OpDone,
    OpenFailed,
    ClientAllocated,
    IdentityRead,
    DataFormatRead,
    DataFormatSet,
    RawIpSet,
    SimRead,
    PinVerified,
    ModeRead,
    RegistrationRead,
    WdsReady,
    CallStarted,
    CallFailed,
    SettingsRead,
    ClientsReleased,
    CountersRead,
    ProbeDone,
)
