"""What the link machine knows that status readers may see, and the typed facts it is fed.

``Facts`` is the machine's own record (the ``pyqmi.<iface> status`` object is built from it,
``daemon/report.py``); only the machine writes it.  The other classes are the typed facts the
runner's operations return: the modem's identity, a data call's settings, a call that is up.
No secrets live here.
"""

from __future__ import annotations

from typing import Any

from pyqmi.frozen import field, frozen, mutable
from pyqmi.session.fallback import CallAttempt
from pyqmi.session.registration import Registration
from pyqmi.session.sim_policy import SimStatus

MAX_ATTEMPTS_KEPT = 20


@frozen
class Identity:
    """DMS manufacturer, model and revision; a field the modem refused is None."""

    manufacturer: str | None = None
    model: str | None = None
    revision: str | None = None

    def as_dict(self) -> dict[str, str]:
        pairs = (
            ("manufacturer", self.manufacturer),
            ("model", self.model),
            ("revision", self.revision),
        )
        return {key: value for key, value in pairs if value is not None}


@frozen
class CallSettings:
    """What WDS Get Current Settings reported for one family's call."""

    family: int
    address: str
    prefix_length: int
    gateway: str | None = None
    dns: tuple[str, ...] = ()
    mtu: int | None = None


@frozen
class Call:
    """A data call that is up: its WDS client, the modem's handle and the attempt that won."""

    family: int
    cid: int
    handle: int
    attempt: CallAttempt


@mutable
class AttemptRecord:
    family: int
    auth: str
    result: str  # "connected" or the failure category
    reason: str
    at: float = 0.0  # wall-clock time, stamped by the runner when the answer came

    def as_dict(self) -> dict[str, Any]:
        return {
            "family": f"ipv{self.family}",
            "auth": self.auth,
            "result": self.result,
            "reason": self.reason,
            "time": int(self.at),
        }


@mutable
class Facts:
    """Everything the daemon knows that status readers may see. No secrets."""

    device: str
    state: str = "idle"
    identity: dict[str, str] = field(default_factory=dict)
    data_format: str = ""
    sim: SimStatus | None = None
    registration: Registration | None = None
    settings: dict[int, CallSettings] = field(default_factory=dict)
    auth_in_use: str = ""
    pdptype_in_use: str = ""
    attempts: list[AttemptRecord] = field(default_factory=list)
    last_error: dict[str, str] | None = None
    notes: list[str] = field(default_factory=list)

    def record(self, attempt: AttemptRecord) -> None:
        self.attempts.append(attempt)
        del self.attempts[:-MAX_ATTEMPTS_KEPT]
