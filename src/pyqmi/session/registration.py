"""Network registration: a typed view of the serving system, and what it means."""

from __future__ import annotations

import enum

from pyqmi.frozen import field, frozen
from pyqmi.session.errors import ErrorCode, LinkError


class RegState(enum.StrEnum):
    NOT_REGISTERED = "not_registered"
    REGISTERED = "registered"
    SEARCHING = "searching"
    DENIED = "denied"
    UNKNOWN = "unknown"


@frozen
class Signal:
    rssi: int | None = None
    rsrp: int | None = None
    rsrq: int | None = None
    snr: float | None = None

    def describe(self) -> str:
        parts = [
            f"{name.upper()} {value}"
            for name, value in (
                ("rssi", self.rssi),
                ("rsrp", self.rsrp),
                ("rsrq", self.rsrq),
                ("snr", self.snr),
            )
            if value is not None
        ]
        return ", ".join(parts) if parts else "no signal report"

    def as_dict(self) -> dict[str, int | float]:
        out: dict[str, int | float] = {}
        for name in ("rssi", "rsrp", "rsrq", "snr"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@frozen
class Registration:
    state: RegState = RegState.UNKNOWN
    roaming: bool = False
    ps_attached: bool | None = None
    technology: str = "none"  # e.g. "lte", "5gnr", "umts"
    mcc: str = ""
    mnc: str = ""
    operator: str = ""
    signal: Signal = field(default_factory=Signal)

    @property
    def registered(self) -> bool:
        return self.state is RegState.REGISTERED

    def describe(self) -> str:
        where = self.operator or (f"{self.mcc}{self.mnc}" if self.mcc else "no operator")
        roam = ", roaming" if self.roaming else ""
        shown = "searching" if self.state is RegState.SEARCHING else str(self.state)
        return f"{shown}{roam} on {where}, technology {self.technology}, {self.signal.describe()}"


def roaming_denied(reg: Registration) -> LinkError:
    """A roaming registration while option roaming is 0 (transient: home may come back)."""
    return LinkError(
        ErrorCode.ROAMING_DENIED,
        f"registered on a roaming network ({reg.describe()}) and option roaming is 0: "
        "waiting for the home network (set roaming 1 to allow roaming)",
    )


def timeout_error(last: Registration, waited: float) -> LinkError:
    """The error for a registration that did not happen within ``waited`` seconds."""
    if last.state is RegState.DENIED:
        hint = (
            "the network refused the SIM: check that the SIM is active and allowed on this "
            "network (option plmn, roaming)"
        )
    elif last.state is RegState.SEARCHING:
        hint = "no usable cell found: check the antennas, the bands (option modes) and coverage"
    else:
        hint = "the modem did not register: check the SIM, the antennas and option modes/plmn"
    return LinkError(
        ErrorCode.NETWORK_REGISTRATION_FAILED,
        f"not registered after {waited:.0f} s (last seen: {last.describe()}): {hint}",
    )
