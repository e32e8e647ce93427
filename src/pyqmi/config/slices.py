"""One interface's validated settings, cut into the slices the parts of the daemon need.

Theory of operation
-------------------
Validation (``validate.py``) resolves every option once and hands the values to
``build_slices``, which returns a frozen ``Slices``: the call policy, the waits, the report
options, the radio, the SIM and the device. Each part of the daemon is given only the slice
it reads, so a change to one option touches the slice that holds it and the part that reads
it, nothing else. Every schema option lands in exactly one slice, except ``renew``, which
netifd declares and pyqmi never reads (tests/config/test_slices.py checks this against the
schema).

The slices are plain ``@frozen`` values (``pyqmi.frozen``): nothing here parses, checks or
resolves (that is validation's job), and nothing can change them after they are built.
Secrets (password, pincode) are kept but left out of every repr.

The report slice is the one source of what netifd is told about the user's options:
``Report.netifd`` is the ``ReportOptions`` both the link update and the dynamic
sub-interfaces are built from. The MTU rule it carries: netifd never receives an MTU (neither
notify_proto nor add_dynamic has one); the daemon sets it on the data interface itself
(``ip link set mtu``), the option winning over the smallest MTU the modem offers
(``netifd.payload.link_mtu``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pyqmi.frozen import field, field_names, frozen, replace
from pyqmi.netifd.payload import ReportOptions


@frozen
class CallPolicy:
    """How the data calls are made, and which fallbacks are allowed."""

    apn: str  # APN of the IPv4 / dual-stack call; "" keeps the profile's
    v6apn: str  # APN of the separate IPv6 call; "" means use apn (see ipv6_apn)
    auth: str  # none | pap | chap | both (resolved: never empty)
    username: str  # PAP/CHAP user name, "" if none
    password: str = field(repr=False)  # PAP/CHAP password, "" if none; secret
    pdptype: str  # IP | IPV6 | IPV4V6
    profile: int | None  # profile index of the IPv4 / dual-stack call
    v6profile: int | None  # profile index of the IPv6 call; None means use profile
    autoconnect: bool  # modem redials by itself (resolved: qmi.sh's default per pdptype)
    fallback: bool  # master switch of automatic fallbacks
    fallback_pdp: bool  # IPV4V6 rejected -> try IP, then IPV6 (see pdp_fallback)
    fallback_auth: bool  # auth rejected -> try the other methods (see auth_fallback)

    @property
    def pdp_fallback(self) -> bool:
        """Whether a rejected IPV4V6 call may be retried with a single family."""
        return self.fallback and self.fallback_pdp

    @property
    def auth_fallback(self) -> bool:
        """Whether a rejected authentication may be retried with other methods."""
        return self.fallback and self.fallback_auth

    @property
    def wants_ipv4(self) -> bool:
        return self.pdptype in ("IP", "IPV4V6")

    @property
    def wants_ipv6(self) -> bool:
        return self.pdptype in ("IPV6", "IPV4V6")

    @property
    def dual_stack(self) -> bool:
        return self.pdptype == "IPV4V6"

    @property
    def ipv6_apn(self) -> str:
        return self.v6apn or self.apn

    @property
    def ipv6_profile(self) -> int | None:
        return self.v6profile if self.v6profile is not None else self.profile


@frozen
class Waits:
    """How long to wait, and how often to retry, in seconds and attempts."""

    timeout: int  # for the SIM to be ready; 0 = forever
    registration_timeout: int  # for network registration (resolved from timeout); 0 = forever
    delay: int  # before the first request to the modem
    retry_backoff_min: int  # first retry delay
    retry_backoff_max: int  # cap of the doubling retry delay (>= retry_backoff_min)
    max_attempts: int  # failed attempts before giving up; 0 = never


@frozen
class Report:
    """What the user asked netifd and status readers to be told, and how."""

    dhcp: bool  # IPv4 by DHCP (the <iface>_4 sub-interface) or static from the modem
    dhcpv6: bool  # IPv6 by DHCPv6/RA (the <iface>_6 sub-interface) or static from the modem
    sourcefilter: bool  # for the dhcpv6 sub-interface (accepted; netifd's default applies)
    delegate: bool  # for the dhcpv6 sub-interface (accepted; netifd's default applies)
    mtu: int | None  # MTU set on the data interface; None takes the modem's, else the kernel's
    defaultroute: bool  # add a default route
    peerdns: bool  # use the network's DNS servers
    metric: int  # route metric; 0 leaves it to netifd
    ip4table: str  # IPv4 routing table of the dhcp sub-interface, "" for main
    ip6table: str  # IPv6 routing table of the dhcpv6 sub-interface, "" for main
    ubus_status: bool  # publish the pyqmi.<iface> status object on ubus

    @property
    def netifd(self) -> ReportOptions:
        """The options every netifd payload is built from (link update and sub-interfaces)."""
        return ReportOptions(
            defaultroute=self.defaultroute,
            peerdns=self.peerdns,
            metric=self.metric or None,
            mtu=self.mtu,
        )

    def table(self, family: int) -> str | None:
        """The routing table of the family's dynamic sub-interface; None for main."""
        return (self.ip4table if family == 4 else self.ip6table) or None


@frozen
class Radio:
    """What the modem may register with, set before registering."""

    modes: tuple[str, ...]  # allowed radio technologies; () leaves the modem's setting
    plmn: str  # "" leave alone, "0" automatic, else 5-6 digit MCC+MNC
    roaming: bool  # a roaming registration is allowed (else ROAMING_DENIED)


@frozen
class Sim:
    """How to unlock the SIM."""

    pincode: str = field(repr=False)  # SIM PIN (4-8 digits) or ""; secret


@frozen
class Device:
    """Which modem, reached how, with which framing."""

    device: str  # control device (/dev/cdc-wdmN, /dev/wwanNqmiN); as configured if unchecked
    devpath: str  # sysfs path the device was found under, "" if not used
    data_format: str  # auto | raw-ip | 802.3
    proxy: bool  # open the device through libqmi's qmi-proxy (shared with qmicli -p)
    debug: bool  # log every QMI exchange, redacted


@frozen
class Heal:
    """How a connected link is watched for a data stall, and the recovery steps allowed."""

    stall_check: int  # seconds between two counter reads; 0 = no watchdog
    stall_quiet: int  # seconds without a packet received, while sending, before a stall
    stall_probe: str  # host pinged to confirm a stall or test an idle link; "" = no probe
    recover_redial: bool  # rung 1: stop and re-dial the call
    recover_reregister: bool  # rung 2: radio low power, then online
    recover_reset: bool  # rung 3: reset the modem


@frozen
class Slices:
    """All of one interface's settings, one slice per part of the daemon."""

    call: CallPolicy
    waits: Waits
    report: Report
    radio: Radio
    sim: Sim
    device: Device
    heal: Heal

    @property
    def secrets(self) -> tuple[str, ...]:
        """The secret values that are set, for the log mask."""
        return tuple(s for s in (self.call.password, self.sim.pincode) if s)

    def with_device(self, device: str) -> Slices:
        """The same settings on another control device (a test's pty, the demo's simulator)."""
        return replace(self, device=replace(self.device, device=device))


# Slices' fields and the class of each, in order (tests check this against Slices).
SLICE_TYPES: Mapping[str, type[Any]] = MappingProxyType(
    {
        "call": CallPolicy,
        "waits": Waits,
        "report": Report,
        "radio": Radio,
        "sim": Sim,
        "device": Device,
        "heal": Heal,
    }
)
UNSLICED: frozenset[str] = frozenset({"renew"})  # declared by netifd, never read


def _pick(cls: type[Any], values: Mapping[str, Any]) -> Any:
    return cls(**{name: values[name] for name in field_names(cls)})


def build_slices(values: Mapping[str, Any]) -> Slices:
    """The slices of fully validated and resolved option values (name -> value).

    ``values`` must hold every sliced option; validation passes its resolved table, and
    ``build_slices(frozen.as_dict(config))`` cuts an existing ``Config``.
    """
    return Slices(**{name: _pick(cls, values) for name, cls in SLICE_TYPES.items()})
