"""Named modem scenarios: each one is plain data describing how the simulated modem behaves.

A scenario never contains code.  ``SimModem`` reads these fields; tests tweak them with
``scenario("default", register_after=0.5)`` (a ``dataclasses.replace`` underneath).
Times are seconds after the modem powers on (the sim starts), so a test can reason about
them with the clock it passes to ``SimModem``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from pyqmi.sim import scenario_checks

# 3GPP TS 24.008 session management causes used below (verbose call end type "3gpp").
CAUSE_UNKNOWN_APN = 27
CAUSE_USER_AUTHENTICATION_FAILED = 29
CAUSE_OPTION_UNSUBSCRIBED = 33
CAUSE_IPV4_ONLY_ALLOWED = 50
CAUSE_IPV6_ONLY_ALLOWED = 51
CAUSE_REGULAR_DEACTIVATION = 36


@dataclass(frozen=True)
class Scenario:
    # Name used on the command line (``pyqmi-sim --scenario NAME``).
    name: str
    # One line for humans: what this scenario reproduces.
    description: str = "well-behaved LTE modem"

    # --- identity (DMS) ---
    # USB vendor:product id of the modem being imitated (informational; shown in state).
    usb_id: str = "2c7c:0125"
    # DMS get_manufacturer answer.
    manufacturer: str = "pyqmi"
    # DMS get_model answer.
    model: str = "SIM-LTE"
    # DMS get_revision answer (firmware version).
    revision: str = "SIM01A01M4G"
    # DMS get_ids IMEI (personal: never logged).
    imei: str = "359225050039973"
    # DMS get_ids IMEI software version.
    imei_software_version: str = "01"
    # DMS get_ids MEID (personal); empty means the TLV is left out.
    meid: str = ""
    # DMS get_ids ESN (personal); empty means the TLV is left out.
    esn: str = ""
    # DMS get_msisdn answer (personal).
    msisdn: str = "+447700900123"
    # ICCID of the SIM card (personal).
    iccid: str = "8944110068512345678"
    # IMSI of the SIM card (personal).
    imsi: str = "234101234567890"

    # --- SIM card and PIN (UIM / DMS) ---
    # A card is inserted; False reports the card as absent.
    card_present: bool = True
    # PIN1 protection is enabled on the card.
    pin_enabled: bool = False
    # The correct PIN1 (personal: never logged).
    pin: str = "1234"
    # PIN1 verify attempts left at power-on; 0 means PIN blocked (PUK needed).
    pin_retries: int = 3
    # The correct PUK1 (personal: never logged).
    puk: str = "12345678"
    # PUK1 unblock attempts left at power-on; 0 means the card is permanently blocked.
    puk_retries: int = 10
    # The modem implements the UIM service; False imitates old firmware (DMS PIN only).
    uim_supported: bool = True

    # --- registration (NAS) ---
    # Seconds after power-on (or after going online) until the modem registers;
    # None means it never registers.
    register_after: float | None = 0.0
    # The network refuses registration (NAS reports "registration_denied").
    registration_denied: bool = False
    # Mobile country code of the serving network.
    mcc: int = 234
    # Mobile network code of the serving network.
    mnc: int = 20
    # Network name reported by NAS.
    operator_name: str = "Sim Mobile"
    # Radio technology once registered: "lte", "5gnr", "umts" or "gsm".
    technology: str = "lte"
    # Radio technologies the modem is capable of (reported while searching).
    capabilities: tuple[str, ...] = ("lte", "umts", "gsm")
    # The serving network is a roaming partner.
    roaming: bool = False
    # Signal: RSSI in dBm.
    rssi: int = -68
    # Signal: LTE RSRQ in dB.
    rsrq: int = -9
    # Signal: LTE RSRP in dBm.
    rsrp: int = -95
    # Signal: LTE SNR in tenths of dB.
    snr: int = 104
    # Signal: 5G NR RSRP in dBm (used when "5gnr" is in capabilities).
    nr5g_rsrp: int = -100
    # Signal: 5G NR SNR in tenths of dB.
    nr5g_snr: int = 50
    # Signal: 5G NR RSRQ in dB.
    nr5g_rsrq: int = -11
    # Signal changes over time: (seconds after power-on, RSSI dBm, LTE RSRP dBm) each,
    # applied in time order.  NAS clients that turned signal_info indications on hear
    # about each change that crosses one of their thresholds (see handlers/nas.py).
    signal_steps: tuple[tuple[float, int, int], ...] = ()

    # --- cells (NAS Get Cell Location Info; the cell ID, LAC and TAC are handlers/nas.py's) ---
    # Serving LTE cell's EARFCN (6300: band 20) and physical cell ID.
    earfcn: int = 6300
    pci: int = 257
    # 5G NR cell (technology "5gnr": non-standalone, beside the LTE anchor): NR-ARFCN
    # (632448: band n78) and physical cell ID.
    nr_arfcn: int = 632448
    nr_pci: int = 501
    # Neighbour LTE cells on the serving EARFCN: (PCI, RSRP dBm, RSRQ dB) each.
    neighbours: tuple[tuple[int, int, int], ...] = ((102, -104, -13), (311, -111, -17))

    # --- data calls (WDS / WDA) ---
    # IP families the network grants: subset of {4, 6}.
    ip_families: tuple[int, ...] = (4, 6)
    # The network rejects calls without PAP/CHAP credentials (3GPP cause 29).
    require_auth: bool = False
    # APNs the network knows; empty means any APN (including none) is accepted.
    apns: tuple[str, ...] = ()
    # 3GPP cause the network refuses every data call with once registered (a new failure
    # rule's scenario needs no handler code); None means no such refusal.
    reject_cause: int | None = None
    # The IP families whose calls reject_cause refuses.
    reject_families: tuple[int, ...] = (4, 6)
    # Seconds after connecting until the network drops the call; None means never.
    call_drop_after: float | None = None
    # 3GPP cause carried by the drop indication (verbose call end reason).
    call_drop_cause: int = CAUSE_REGULAR_DEACTIVATION
    # WDA link-layer formats the modem accepts: subset of {"ieee_802_3", "raw_ip"}.
    data_formats: tuple[str, ...] = ("ieee_802_3", "raw_ip")
    # Link-layer format at power-on.
    initial_data_format: str = "ieee_802_3"
    # IPv4 settings handed out on connect (address, prefix length, gateway, DNS).
    ipv4_address: str = "10.64.12.89"
    ipv4_prefix: int = 30
    ipv4_gateway: str = "10.64.12.90"
    ipv4_dns: tuple[str, ...] = ("192.0.2.53", "192.0.2.54")
    # IPv6 settings handed out on connect.
    ipv6_address: str = "2001:db8:1:2::1"
    ipv6_prefix: int = 64
    ipv6_gateway: str = "2001:db8:1:2::2"
    ipv6_dns: tuple[str, ...] = ("2001:db8::53",)
    # MTU reported in the current settings.
    mtu: int = 1500
    # A DHCP server answers on the data interface (honoured by the data plane).
    dhcp_answers: bool = True

    # --- misbehaviour ---
    # Seconds after power-on during which the modem answers nothing, not even CTL.
    startup_silence: float = 0.0
    # Only CTL is answered (the readiness probe passes, then every service request is lost).
    services_silent: bool = False
    # Seconds after power-on when the device falls off the bus (pty closed); None = never.
    drop_off_bus_after: float | None = None
    # Operating mode at power-on: "online" or "low_power".
    initial_operating_mode: str = "online"
    # DMS Set Operating Mode "reset": None restarts the modem in place (client IDs dropped, a
    # CTL Sync indication); seconds: it falls off the bus and is back that much later.
    reset_leaves_bus: float | None = None
    # Faults played on cue (sim/faults.py), as (cue, kind, seconds) each, e.g.
    # ("wds.start_network", "vanish", 0.5): see faults.KINDS for the kinds.
    faults: tuple[tuple[str, str, float], ...] = ()

    # --- timing ---
    # Delay in milliseconds before every response.
    latency_ms: float = 0.0
    # Per-message extra delays in milliseconds, e.g. {"wds.start_network": 500}.
    message_latency_ms: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        scenario_checks.check(self)  # limits by kind: finite, not negative, known names
        for step in self.signal_steps:
            if not _is_signal_step(step):
                raise ValueError(
                    f"signal_steps: {step!r} is not (seconds >= 0, rssi dBm, rsrp dBm)"
                )

    def latency_for(self, service: str, message: str) -> float:
        """Seconds to wait before answering ``service.message``."""
        extra = self.message_latency_ms.get(f"{service}.{message}", 0.0)
        return (self.latency_ms + extra) / 1000.0


def _is_signal_step(step: object) -> bool:
    if not isinstance(step, tuple) or len(step) != 3:
        return False
    at, rssi, rsrp = step
    return (
        isinstance(at, int | float)
        and at >= 0
        and isinstance(rssi, int)
        and -128 <= rssi <= 127
        and isinstance(rsrp, int)
        and -32768 <= rsrp <= 32767
    )


def _s(name: str, **fields: Any) -> Scenario:
    return Scenario(name=name, **fields)


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        _s("default", description="well-behaved LTE modem, PIN disabled, IPv4 and IPv6"),
        _s(
            "pin-required",
            description="PIN enabled: 3 attempts, correct PIN 1234",
            pin_enabled=True,
        ),
        _s(
            "pin-last-attempt",
            description="PIN enabled with a single attempt left",
            pin_enabled=True,
            pin_retries=1,
        ),
        _s(
            "puk-locked",
            description="PIN blocked: the PUK is needed",
            pin_enabled=True,
            pin_retries=0,
        ),
        _s("no-sim", description="no card inserted", card_present=False, register_after=None),
        _s(
            "registration-denied",
            description="the network refuses registration",
            registration_denied=True,
        ),
        _s(
            "unknown-apn",
            description="calls fail with 3GPP cause 27 unless the APN is 'internet'",
            apns=("internet",),
        ),
        _s(
            "not-subscribed",
            description="the SIM's plan has no data: every call fails with 3GPP cause 33",
            reject_cause=CAUSE_OPTION_UNSUBSCRIBED,
        ),
        _s(
            "unresponsive",
            description="answers the CTL readiness probe, then every service request is lost",
            services_silent=True,
        ),
        _s(
            "call-drops",
            description="the data call is dropped by the network 5 s after connecting",
            call_drop_after=5.0,
        ),
        _s(
            "old-firmware",
            description="no UIM service: PIN status only through DMS",
            uim_supported=False,
            pin_enabled=True,
        ),
        _s(
            "zte-mf821",
            description="ZTE MF821: IPv4 only (cause 50) and PAP/CHAP required (cause 29)",
            usb_id="19d2:0167",
            manufacturer="ZTE INCORPORATED",
            model="MF821",
            revision="BD_P673A2V1.0.0B09",
            operator_name="Plus",
            mcc=260,
            mnc=1,
            ip_families=(4,),
            require_auth=True,
        ),
        _s(
            "archer-mr200",
            description="TP-Link Archer MR200 built-in modem: silent for 3 s after power-on",
            usb_id="05c6:9025",
            manufacturer="QUALCOMM INCORPORATED",
            model="MR200",
            revision="MPSS.JO.2.0.2.c1.1-00047-M8936FAAAANUZM-1",
            startup_silence=3.0,
            operator_name="Yota",
            mcc=250,
            mnc=11,
            rssi=-88,
            rsrq=-11,
            rsrp=-114,
        ),
        _s(
            "quectel-rm521f",
            description="Quectel RM521F-GL 5G: searches on a weak signal, then drops off the bus",
            usb_id="2c7c:0801",
            manufacturer="Quectel",
            model="RM521F-GL",
            revision="RM521FGLEAR05A02M4G",
            register_after=None,
            technology="5gnr",
            capabilities=("5gnr", "lte", "umts"),
            rssi=-111,
            rsrq=-19,
            rsrp=-128,
            snr=-30,
            nr5g_rsrp=-135,
            nr5g_snr=-50,
            nr5g_rsrq=-20,
            drop_off_bus_after=60.0,
            mcc=234,
            mnc=20,
            operator_name="3 UK",
            data_formats=("raw_ip",),
            initial_data_format="raw_ip",
        ),
        _s(
            "signal-fades",
            description="LTE signal fades 5 s after power-on and recovers at 10 s",
            signal_steps=((5.0, -85, -112), (10.0, -68, -95)),
        ),
        _s(
            "sierra-mc7455",
            description="Sierra Wireless MC7455: raw-ip only, 802.3 is refused",
            usb_id="1199:9071",
            manufacturer="Sierra Wireless, Incorporated",
            model="MC7455",
            revision="SWI9X30C_02.24.05.06",
            data_formats=("raw_ip",),
            initial_data_format="raw_ip",
        ),
        _s(
            "quectel-bg96",
            description="Quectel BG96: raw-ip; the call works but DHCP on wwan0 gets no lease",
            usb_id="2c7c:0296",
            manufacturer="Quectel",
            model="BG96",
            revision="BG96MAR02A07M1G",
            data_formats=("raw_ip",),
            initial_data_format="raw_ip",
            dhcp_answers=False,
            ip_families=(4,),
            mcc=310,
            mnc=410,
            operator_name="AT&T Twilio",
            ipv4_address="100.64.12.89",
            ipv4_gateway="100.64.12.90",
            ipv4_dns=("8.8.8.8", "8.8.4.4"),
        ),
    )
}


class UnknownScenario(ValueError):
    """No scenario of that name."""


def scenario(name: str, **overrides: Any) -> Scenario:
    """The scenario called ``name``, with ``overrides`` applied to its fields."""
    try:
        base = SCENARIOS[name]
    except KeyError:
        known = ", ".join(sorted(SCENARIOS))
        raise UnknownScenario(f"unknown scenario {name!r} (known: {known})") from None
    return dataclasses.replace(base, **overrides) if overrides else base
