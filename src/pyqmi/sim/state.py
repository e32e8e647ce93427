"""The simulated modem's live state, readable by tests and dumped as JSON.

Everything a test may want to assert on lives here: allocated client ids per service,
SIM/PIN counters, registration, signal levels, data calls, data format, operating mode.  Secrets
(PIN, PUK, IMEI...) stay in the scenario and never reach ``snapshot()``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from pyqmi.sim.scenarios import Scenario

DEFAULT_PROFILE = {"profile_name": "default", "apn": "", "pdp_type": "ipv4_or_ipv6"}


@dataclass
class SimCard:
    present: bool
    pin_enabled: bool
    pin_verified: bool
    pin_retries: int
    puk_retries: int
    # The codes themselves: secrets, kept out of repr and snapshot().
    pin_code: str = field(default="", repr=False)
    puk_code: str = field(default="", repr=False)
    # False after UIM power_off_sim until power_on_sim.
    powered: bool = True

    @property
    def pin_state(self) -> str:
        """PIN1 state in DMS/UIM terms."""
        if self.puk_retries == 0:
            return "permanently_blocked"
        if self.pin_retries == 0:
            return "blocked"
        if not self.pin_enabled:
            return "disabled"
        return "enabled_verified" if self.pin_verified else "enabled_not_verified"

    @property
    def ready(self) -> bool:
        """The card can be used by the network stack (PIN not in the way)."""
        return self.present and self.powered and self.pin_state in ("disabled", "enabled_verified")


@dataclass
class SignalLevels:
    """What the radio measures now; starts from the scenario, moved by ``nas.set_signal``."""

    rssi: int  # dBm
    rsrq: int  # LTE, dB
    rsrp: int  # LTE, dBm
    snr: int  # LTE, 0.1 dB
    nr5g_rsrp: int  # dBm
    nr5g_snr: int  # 0.1 dB
    nr5g_rsrq: int  # dB

    @classmethod
    def of(cls, sc: Scenario) -> SignalLevels:
        return cls(sc.rssi, sc.rsrq, sc.rsrp, sc.snr, sc.nr5g_rsrp, sc.nr5g_snr, sc.nr5g_rsrq)


@dataclass
class DataCall:
    handle: int
    client_id: int
    ip_family: int
    apn: str
    connected_at: float


@dataclass
class ModemState:
    scenario: str
    usb_id: str
    card: SimCard
    operating_mode: str
    data_format: str
    signal: SignalLevels
    # "not_registered", "searching", "registered" or "denied".
    registration: str = "searching"
    registered_at: float | None = None
    # Allocated client ids per service name ("wds", "nas"...).
    clients: dict[str, set[int]] = field(default_factory=dict)
    # Client ids that were ever handed out per service (for leak hunting).
    allocations: dict[str, int] = field(default_factory=dict)
    # IP family preference per WDS client id (set_ip_family); default 4.
    wds_ip_family: dict[int, int] = field(default_factory=dict)
    # NAS client id -> indications it turned off ("serving_system_events", "system_info").
    nas_events_off: dict[int, set[str]] = field(default_factory=dict)
    # NAS client ids that turned signal_info indications on (register_indications).
    nas_signal_clients: set[int] = field(default_factory=set)
    # NAS client id -> its last config_signal_info request (threshold lists, lte_report).
    nas_signal_config: dict[int, dict[str, Any]] = field(default_factory=dict)
    # The scenario's signal_steps have timers (armed at the first NAS activity).
    signal_steps_armed: bool = False
    # UIM client ids that registered for card status events.
    uim_event_clients: set[int] = field(default_factory=set)
    calls: dict[int, DataCall] = field(default_factory=dict)
    # Packet data handles handed out so far (the next handle derives from it).
    calls_started: int = 0
    # 3GPP profiles by index: settings as WDS field names (apn, pdp_type, auth...).
    profiles: dict[int, dict[str, Any]] = field(
        default_factory=lambda: {
            1: {"profile_name": "default", "apn": "", "pdp_type": "ipv4_or_ipv6"}
        }
    )
    # Every (service, message name) received, in order (names only, no values).
    requests: list[str] = field(default_factory=list)
    gone: bool = False
    dhcp_answers: bool = True
    # Faults being played (sim/faults.py): mute until then, extra seconds per answer, the
    # calls carry no data.
    silent_until: float = 0.0
    extra_latency: float = 0.0
    data_stalled: bool = False

    @classmethod
    def power_on(cls, sc: Scenario) -> ModemState:
        card = SimCard(
            present=sc.card_present,
            pin_enabled=sc.pin_enabled or sc.pin_retries == 0,
            pin_verified=False,
            pin_retries=sc.pin_retries,
            puk_retries=sc.puk_retries,
            pin_code=sc.pin,
            puk_code=sc.puk,
        )
        return cls(
            scenario=sc.name,
            usb_id=sc.usb_id,
            card=card,
            operating_mode=sc.initial_operating_mode,
            data_format=sc.initial_data_format,
            signal=SignalLevels.of(sc),
            dhcp_answers=sc.dhcp_answers,
        )

    def client_count(self, service: str) -> int:
        return len(self.clients.get(service, ()))

    def calls_of(self, client_id: int) -> list[DataCall]:
        return [c for c in self.calls.values() if c.client_id == client_id]

    def snapshot(self) -> dict[str, Any]:
        """Plain JSON-able view (no secrets)."""
        return {
            "scenario": self.scenario,
            "usb_id": self.usb_id,
            "gone": self.gone,
            "operating_mode": self.operating_mode,
            "data_format": self.data_format,
            "dhcp_answers": self.dhcp_answers,
            "sim": {
                "present": self.card.present,
                "pin_state": self.card.pin_state,
                "pin_retries": self.card.pin_retries,
                "puk_retries": self.card.puk_retries,
            },
            "registration": self.registration,
            "signal": dataclasses.asdict(self.signal),
            "clients": {svc: sorted(cids) for svc, cids in sorted(self.clients.items())},
            "allocations": dict(sorted(self.allocations.items())),
            "calls": [
                {
                    "handle": c.handle,
                    "client_id": c.client_id,
                    "ip_family": c.ip_family,
                    "apn": c.apn,
                }
                for c in self.calls.values()
            ],
            "calls_started": self.calls_started,
        }
