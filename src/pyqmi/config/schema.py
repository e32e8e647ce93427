"""Every option a pyqmi interface accepts, in one declarative table.

The table is the single source for four consumers:

* ``validate.py`` turns netifd's option JSON into a ``Config`` using the kinds, defaults,
  ranges, allowed values, aliases and patterns declared here;
* ``shimgen.py`` writes the ``proto_config_add_*`` lines of ``pyqmi.sh`` from it, so netifd
  is told about exactly these options, except the secret ones: netifd copies every declared
  option into the JSON it puts on the shim's command line and, through the shim, into the
  daemon's environment, which crosses ubus. The daemon reads secrets from UCI itself;
* ``lucigen.py`` writes the LuCI data module (``pyqmi/schema.js``) from it, so the LuCI
  pages check what the daemon checks;
* tests compare each of them, and ``Config``'s fields, against it.

Patterns are regular expressions a non-empty value must match whole. They use only what
Python's ``re`` and JavaScript's ``RegExp`` read the same way (ASCII classes such as
``[0-9]``, no shorthand classes, no flags), because the LuCI page compiles the same text.

Options with origin ``QMI_SH`` keep the meaning OpenWrt's ``qmi.sh`` gives them, so an
existing ``proto 'qmi'`` section works unchanged under ``proto 'pyqmi'``. ``NETIFD_DEFAULTS``
are the four that ``proto_config_add_defaults`` declares; ``NETIFD_INTERFACE`` options are
generic interface options netifd hands to every protocol (qmi.sh reads them without
declaring them). ``PYQMI`` options are pyqmi's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from pyqmi.frozen import frozen

Value = str | int | bool | tuple[str, ...] | None


class Kind(StrEnum):
    """What a value is after validation."""

    STRING = "string"
    INT = "int"
    BOOL = "bool"
    LIST = "list"  # comma-separated words in UCI; a tuple in Config


class Origin(StrEnum):
    """Where an option comes from; decides how the shim declares it."""

    QMI_SH = "qmi.sh"  # declared by qmi.sh; same meaning here
    NETIFD_DEFAULTS = "netifd-defaults"  # declared through proto_config_add_defaults
    NETIFD_INTERFACE = "netifd-interface"  # interface option netifd passes; not declared
    PYQMI = "pyqmi"  # pyqmi's own


# How the shim declares each kind to netifd (lists travel as one comma-separated string).
SHIM_TYPES: Mapping[Kind, str] = MappingProxyType(
    {Kind.STRING: "string", Kind.INT: "int", Kind.BOOL: "boolean", Kind.LIST: "string"}
)


@frozen
class Option:
    """One option: its kind, default, limits, accepted spellings and documentation."""

    name: str
    kind: Kind
    default: Value  # value used when the option is absent or empty; None = unset
    help: str
    origin: Origin = Origin.QMI_SH
    minimum: int | None = None  # inclusive bounds of an INT
    maximum: int | None = None
    max_length: int | None = None  # longest STRING accepted, in characters
    choices: tuple[str, ...] = ()  # canonical values of a STRING or the words of a LIST
    aliases: tuple[tuple[str, str], ...] = ()  # (accepted spelling, canonical value)
    secret: bool = False  # never shown in errors, logs, repr or argv
    netifd_hint: str = ""  # netifd validation hint, written as "name:hint" in the shim
    pattern: str | None = None  # regex a non-empty value must match whole (Python and JS)

    @property
    def alias_map(self) -> dict[str, str]:
        """Lower-case alias -> canonical value."""
        return {alias.lower(): canonical for alias, canonical in self.aliases}

    def matches(self, value: str) -> bool:
        """Whether ``value`` has this option's form (True when it declares none)."""
        return self.pattern is None or re.fullmatch(self.pattern, value) is not None

    @property
    def shim_type(self) -> str:
        """The proto_config_add_<type> netifd is given for this option."""
        return SHIM_TYPES[self.kind]

    @property
    def declared_by_shim(self) -> bool:
        """True if the shim's generated block names this option itself (never a secret)."""
        return self.origin in (Origin.QMI_SH, Origin.PYQMI) and not self.secret


_DEF, _IFACE, _OWN = Origin.NETIFD_DEFAULTS, Origin.NETIFD_INTERFACE, Origin.PYQMI
_S, _I, _B, _L = Kind.STRING, Kind.INT, Kind.BOOL, Kind.LIST

PDP_TYPES = ("IP", "IPV6", "IPV4V6")
AUTH_TYPES = ("none", "pap", "chap", "both")
NETWORK_MODES = ("all", "lte", "umts", "gsm", "cdma", "td-scdma", "5gnr")
DATA_FORMATS = ("auto", "raw-ip", "802.3")

# Names of QMI control devices: cdc-wdmN (USB, qmi_wwan), wwanNqmiN (PCIe/MHI).
CONTROL_NAME = r"(cdc-wdm[0-9]+|wwan[0-9]+qmi[0-9]+)"
PATH_CHARS = r"/[A-Za-z0-9._/:+@-]*"  # an absolute path without spaces or odd characters
DEVICE_PATTERN = rf"{CONTROL_NAME}|/dev{PATH_CHARS}"  # a bare name is read as /dev/NAME
DEVPATH_PATTERN = rf"/sys{PATH_CHARS}"
APN_PATTERN = r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?"
TABLE_PATTERN = r"[A-Za-z0-9_.-]+"
HOST_PATTERN = r"[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?"  # a host name or an IP address
IPV6_MIN_MTU = 1280  # below it, an MTU is only valid with pdptype IP

OPTIONS: tuple[Option, ...] = (
    # --- qmi.sh options --------------------------------------------------------------
    Option("device", _S, "", netifd_hint="device", max_length=255, pattern=DEVICE_PATTERN,
           help="QMI control device: /dev/cdc-wdmN (USB) or /dev/wwanNqmiN (PCIe/MHI). "
                "A symlink to one is followed. Ignored when devpath finds a device."),
    Option("apn", _S, "", max_length=100, pattern=APN_PATTERN,
           help="Access point name for the (IPv4 or dual-stack) call; empty keeps the "
                "modem profile's APN."),
    Option("v6apn", _S, "", max_length=100, pattern=APN_PATTERN,
           help="APN for the separate IPv6 call; empty uses apn."),
    Option("auth", _S, "", choices=AUTH_TYPES,
           aliases=(("pap/chap", "both"), ("pap+chap", "both"), ("chap/pap", "both")),
           help="Authentication: none, pap, chap or both. Empty means both when a "
                "username or password is set, else none."),
    Option("username", _S, "", max_length=127, help="User name for PAP/CHAP."),
    Option("password", _S, "", max_length=127, secret=True, help="Password for PAP/CHAP."),
    Option("pincode", _S, "", secret=True, pattern=r"[0-9]{4,8}",
           help="SIM PIN, 4 to 8 digits; used only when the SIM asks for it."),
    Option("delay", _I, 0, minimum=0, maximum=300,
           help="Seconds to wait before touching the modem (slow modems after boot)."),
    Option("modes", _L, (), choices=NETWORK_MODES,
           aliases=(("nr5g", "5gnr"), ("nr", "5gnr"), ("5g", "5gnr"), ("4g", "lte"),
                    ("3g", "umts"), ("wcdma", "umts"), ("2g", "gsm"), ("tdscdma", "td-scdma")),
           help="Comma-separated radio access technologies the modem may use; empty "
                "leaves the modem's setting alone."),
    Option("pdptype", _S, "IP", choices=PDP_TYPES,
           aliases=(("ipv4", "IP"), ("dual", "IPV4V6"), ("dualstack", "IPV4V6"),
                    ("ipv4+ipv6", "IPV4V6")),
           help="IP family of the call: IP (IPv4), IPV6 or IPV4V6 (dual stack)."),
    Option("profile", _I, None, minimum=1, maximum=255,
           help="Modem profile index for the (IPv4 or dual-stack) call."),
    Option("v6profile", _I, None, minimum=1, maximum=255,
           help="Modem profile index for the IPv6 call; empty uses profile."),
    Option("devpath", _S, "", max_length=1024, pattern=DEVPATH_PATTERN,
           help="sysfs path of the modem (e.g. /sys/devices/.../usb1/1-2); its QMI "
                "control device is found under it. Takes precedence over device."),
    # Unlike qmi.sh, static from QMI is the default: many modems (e.g. Quectel BG96)
    # never answer DHCP on wwan0, while the call's QMI settings are always there.
    Option("dhcp", _B, False,
           help="IPv4 by DHCP on the data interface (1) or static from the modem (0, default)."),
    Option("dhcpv6", _B, False,
           help="IPv6 by DHCPv6/RA (1) or static from the modem (0)."),
    Option("sourcefilter", _B, True,
           help="Passed to the dhcpv6 sub-interface: filter IPv6 routes by source."),
    Option("delegate", _B, True,
           help="Passed to the dhcpv6 sub-interface: delegate the received prefix."),
    Option("autoconnect", _B, None,
           help="Let the modem redial by itself. Empty: on for IP, off otherwise."),
    Option("plmn", _S, "", pattern=r"0|[0-9]{5,6}",
           help="Network to register on as MCC+MNC (5 or 6 digits); 0 selects "
                "automatically; empty leaves it alone. A string so leading zeros survive."),
    Option("timeout", _I, 10, minimum=0, maximum=3600,
           help="Seconds to wait for the SIM and for registration; 0 waits forever."),
    Option("mtu", _I, None, minimum=68, maximum=9000,
           help="MTU of the data interface; empty keeps the kernel's."),
    # --- netifd defaults (proto_config_add_defaults) ---------------------------------
    Option("defaultroute", _B, True, origin=_DEF,
           help="Add a default route through the connection."),
    Option("peerdns", _B, True, origin=_DEF, help="Use the DNS servers the network gives."),
    Option("renew", _B, None, origin=_DEF,
           help="Declared by netifd's defaults; accepted and unused by pyqmi."),
    Option("metric", _I, 0, origin=_DEF, minimum=0, maximum=2147483647,
           help="Metric of the routes added for this interface."),
    # --- netifd interface options qmi.sh reads --------------------------------------
    Option("ip4table", _S, "", origin=_IFACE, max_length=64, pattern=TABLE_PATTERN,
           help="Routing table for IPv4 (passed to the dhcp sub-interface)."),
    Option("ip6table", _S, "", origin=_IFACE, max_length=64, pattern=TABLE_PATTERN,
           help="Routing table for IPv6 (passed to the dhcpv6 sub-interface)."),
    # --- pyqmi's own -----------------------------------------------------------------
    Option("fallback", _B, True, origin=_OWN,
           help="Master switch of the automatic fallbacks below (0 disables all)."),
    Option("fallback_pdp", _B, True, origin=_OWN,
           help="If the network rejects IPV4V6, retry as IP (then IPV6)."),
    Option("fallback_auth", _B, True, origin=_OWN,
           help="If the network rejects the authentication, retry with the other "
                "methods (none -> pap/chap with placeholder credentials)."),
    Option("retry_backoff_min", _I, 5, origin=_OWN, minimum=1, maximum=3600,
           help="First delay, in seconds, before retrying a failed connection."),
    Option("retry_backoff_max", _I, 300, origin=_OWN, minimum=1, maximum=86400,
           help="Cap, in seconds, of the doubling retry delay."),
    Option("max_attempts", _I, 0, origin=_OWN, minimum=0, maximum=10000,
           help="Failed connection attempts before giving up (0 = never give up)."),
    Option("registration_timeout", _I, None, origin=_OWN, minimum=0, maximum=3600,
           help="Seconds to wait for network registration; empty uses timeout; 0 "
                "waits forever."),
    Option("data_format", _S, "auto", origin=_OWN, choices=DATA_FORMATS,
           aliases=(("rawip", "raw-ip"), ("raw_ip", "raw-ip"), ("raw", "raw-ip"),
                    ("802-3", "802.3"), ("ethernet", "802.3")),
           help="Link-layer framing: auto (raw-ip when the driver supports it), raw-ip "
                "or 802.3."),
    Option("proxy", _B, False, origin=_OWN,
           help="Reach the modem through libqmi's qmi-proxy (started if needed), so "
                "qmicli -p or ModemManager can share it while the link is up."),
    Option("ubus_status", _B, True, origin=_OWN,
           help="Publish modem and connection status on ubus."),
    Option("debug", _B, False, origin=_OWN,
           help="Log every QMI exchange (secrets redacted)."),
    # --- self-healing (session/stall.py, session/ladder.py) --------------------------
    Option("roaming", _B, True, origin=_OWN,
           help="Allow a roaming registration (0 refuses it with ROAMING_DENIED)."),
    Option("stall_check", _I, 60, origin=_OWN, minimum=0, maximum=3600,
           help="Seconds between two reads of the data interface's packet counters while "
                "connected (the data-stall watchdog); 0 turns the watchdog off."),
    Option("stall_quiet", _I, 60, origin=_OWN, minimum=1, maximum=86400,
           help="Seconds without a packet received, while packets are sent, before the "
                "link counts as stalled. A link with no traffic either way is never stalled."),
    Option("stall_probe", _S, "", origin=_OWN, max_length=253, pattern=HOST_PATTERN,
           help="Host to ping through the link to confirm a suspected stall, and to test a "
                "link that carries no traffic (once per stall_quiet); empty: no probe."),
    Option("recover_redial", _B, True, origin=_OWN,
           help="Stalled link, first step: stop and re-dial the data call."),
    Option("recover_reregister", _B, True, origin=_OWN,
           help="Stalled link, second step: radio to low power and back online."),
    Option("recover_reset", _B, True, origin=_OWN,
           help="Stalled link, third step: reset the modem and wait for it to come back."),
)  # fmt: skip

OPTIONS_BY_NAME: Mapping[str, Option] = MappingProxyType({o.name: o for o in OPTIONS})
SECRET_OPTIONS: frozenset[str] = frozenset(o.name for o in OPTIONS if o.secret)


def shim_declarations() -> list[tuple[str, str]]:
    """(shim type, declared name) for every option the shim names itself, in table order."""
    declared = []
    for option in OPTIONS:
        if option.declared_by_shim:
            name = f"{option.name}:{option.netifd_hint}" if option.netifd_hint else option.name
            declared.append((option.shim_type, name))
    return declared
