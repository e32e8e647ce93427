"""What the daemon tells netifd and status readers: pure builders from its facts."""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass, field
from typing import Any

from pyqmi.config.validate import Config
from pyqmi.daemon.modem import CallSettings
from pyqmi.netifd.payload import Ipv4Config, Ipv6Config, LinkReport, ReportOptions
from pyqmi.session.registration import Registration
from pyqmi.session.sim_policy import SimStatus

MAX_ATTEMPTS_KEPT = 20


@dataclass
class AttemptRecord:
    family: int
    auth: str
    result: str  # "connected" or the failure category
    reason: str
    at: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        return {
            "family": f"ipv{self.family}",
            "auth": self.auth,
            "result": self.result,
            "reason": self.reason,
            "time": int(self.at),
        }


@dataclass
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


def modem_data(config: Config, facts: Facts) -> dict[str, Any]:
    """The ``data`` table of the netifd update: modem facts, no personal fields."""
    data: dict[str, Any] = {"apn": config.apn, "pdptype": facts.pdptype_in_use or config.pdptype}
    if facts.auth_in_use:
        data["auth"] = facts.auth_in_use
    reg = facts.registration
    if reg is not None:
        data.update(
            {
                "registration": str(reg.state) + (" (roaming)" if reg.roaming else ""),
                "operator": reg.operator,
                "mcc": reg.mcc,
                "mnc": reg.mnc,
                "technology": reg.technology,
            }
        )
        data.update({k: v for k, v in reg.signal.as_dict().items()})
    if facts.data_format:
        data["data_format"] = facts.data_format
    for key in ("manufacturer", "model", "revision"):
        if key in facts.identity:
            data[key] = facts.identity[key]
    return data


def link_report(
    interface: str, ifname: str, config: Config, facts: Facts, options: ReportOptions
) -> LinkReport:
    """The link update's facts; ``options`` come from the report slice (``Report.netifd``)."""
    v4 = facts.settings.get(4)
    v6 = facts.settings.get(6)
    ipv4 = None
    if v4 is not None and not config.dhcp:
        ipv4 = Ipv4Config(
            address=ipaddress.IPv4Address(v4.address),
            prefix_length=v4.prefix_length,
            gateway=ipaddress.IPv4Address(v4.gateway) if v4.gateway else None,
            dns=tuple(ipaddress.IPv4Address(d) for d in v4.dns),
            mtu=v4.mtu,
        )
    ipv6 = None
    if v6 is not None and not config.dhcpv6:
        ipv6 = Ipv6Config(
            address=ipaddress.IPv6Address(v6.address),
            prefix_length=v6.prefix_length,
            gateway=ipaddress.IPv6Address(v6.gateway) if v6.gateway else None,
            dns=tuple(ipaddress.IPv6Address(d) for d in v6.dns),
            mtu=v6.mtu,
        )
    return LinkReport(
        interface=interface,
        ifname=ifname,
        ipv4=ipv4,
        ipv6=ipv6,
        options=options,
        data=modem_data(config, facts),
    )


def status(interface: str, config: Config, facts: Facts) -> dict[str, Any]:
    """The ``pyqmi.<interface> status`` reply."""
    out: dict[str, Any] = {
        "interface": interface,
        "device": facts.device,
        "state": facts.state,
        "apn": config.apn,
        "pdptype": config.pdptype,
        "data_format": facts.data_format,
        "identity": dict(facts.identity),
        "attempts": [a.as_dict() for a in facts.attempts],
        "addresses": [
            {
                "family": f"ipv{s.family}",
                "address": f"{s.address}/{s.prefix_length}",
                "gateway": s.gateway or "",
                "dns": list(s.dns),
                "mtu": s.mtu or 0,
            }
            for s in facts.settings.values()
        ],
        "notes": list(facts.notes),
    }
    if facts.sim is not None:
        out["sim"] = {
            "card": str(facts.sim.card),
            "application": str(facts.sim.app),
            "pin1": str(facts.sim.pin1),
            "pin1_retries": facts.sim.pin1_retries,
            "puk1_retries": facts.sim.puk1_retries,
        }
    reg = facts.registration
    if reg is not None:
        out["registration"] = {
            "state": str(reg.state),
            "roaming": reg.roaming,
            "operator": reg.operator,
            "mcc": reg.mcc,
            "mnc": reg.mnc,
            "technology": reg.technology,
            "signal": reg.signal.as_dict(),
        }
    if facts.last_error is not None:
        out["error"] = dict(facts.last_error)
    return out
