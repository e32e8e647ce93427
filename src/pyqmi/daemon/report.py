"""The ``pyqmi.<interface> status`` object, built from the link machine's facts.

What netifd is told is ``session/report.py``; the facts are ``session/facts.py`` (re-exported
here for the LuCI page's tests, which build status replies from them).
"""

from __future__ import annotations

from typing import Any, Protocol

from pyqmi.session.facts import AttemptRecord, CallSettings, Facts

__all__ = ["AttemptRecord", "CallSettings", "Facts", "status"]


class Shown(Protocol):
    """The two options the status object shows (the call slice, or a whole Config)."""

    @property
    def apn(self) -> str: ...

    @property
    def pdptype(self) -> str: ...


def status(interface: str, config: Shown, facts: Facts) -> dict[str, Any]:
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
