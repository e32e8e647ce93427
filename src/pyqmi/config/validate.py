"""From an interface's raw options to frozen ``Slices`` (and ``Config``), or one ConfigError.

The raw options are the interface's UCI section (all text, lists as lists) or the JSON netifd
passed (typed); ``sources.py`` picks one. Both go through the same rules below.

Order of work: every option is coerced to its schema kind (``coerce.py``), then the rules
that one option's kind cannot express are checked (PIN, PLMN, APN, device), then the rules
between options, then the values that depend on others are resolved (auth, autoconnect,
registration_timeout). The first problem raises; readings worth telling the user about
(an alias, an ignored option) are returned as notes for the daemon to log.

Unknown keys are ignored: UCI and netifd carry generic interface options (proto, ifname, ...).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pyqmi.config.coerce import coerce, invalid
from pyqmi.config.device import CONTROL_NAME, DeviceRoots, check_form, resolve_device
from pyqmi.config.errors import CONFIG_INVALID, PIN_INVALID, ConfigError
from pyqmi.config.schema import IPV6_MIN_MTU, OPTIONS, OPTIONS_BY_NAME, SECRET_OPTIONS
from pyqmi.config.slices import Slices, build_slices
from pyqmi.frozen import as_dict, field, frozen

ENV_VAR = "PYQMI_CONFIG"


@frozen
class Config:
    """One interface's validated settings. Secrets are left out of repr."""

    device: str  # control device (/dev/cdc-wdmN, /dev/wwanNqmiN); as configured if unchecked
    apn: str  # APN of the IPv4 / dual-stack call; "" keeps the profile's
    v6apn: str  # APN of the separate IPv6 call; "" means use apn (slices.Call.ipv6_apn)
    auth: str  # none | pap | chap | both (resolved: never empty)
    username: str  # PAP/CHAP user name, "" if none
    password: str = field(repr=False)  # PAP/CHAP password, "" if none; secret
    pincode: str = field(repr=False)  # SIM PIN (4-8 digits) or ""; secret
    delay: int  # seconds to wait before the first request
    modes: tuple[str, ...]  # allowed radio technologies; () leaves the modem's setting
    pdptype: str  # IP | IPV6 | IPV4V6
    profile: int | None  # profile index of the IPv4 / dual-stack call
    v6profile: int | None  # profile index of the IPv6 call; None means use profile
    devpath: str  # sysfs path the device was found under, "" if not used
    dhcp: bool  # IPv4 by DHCP (True) or static from the modem (False)
    dhcpv6: bool  # IPv6 by DHCPv6/RA (True) or static from the modem (False)
    sourcefilter: bool  # forwarded to the dhcpv6 sub-interface
    delegate: bool  # forwarded to the dhcpv6 sub-interface
    autoconnect: bool  # modem redials by itself (resolved: qmi.sh's default per pdptype)
    plmn: str  # "" leave alone, "0" automatic, else 5-6 digit MCC+MNC
    timeout: int  # seconds to wait for SIM and registration; 0 = forever
    mtu: int | None  # MTU of the data interface; None keeps the kernel's
    defaultroute: bool  # add a default route
    peerdns: bool  # use the network's DNS servers
    renew: bool | None  # netifd default option; unused
    metric: int  # route metric
    ip4table: str  # IPv4 routing table for the dhcp sub-interface, "" for main
    ip6table: str  # IPv6 routing table for the dhcpv6 sub-interface, "" for main
    fallback: bool  # master switch of automatic fallbacks
    fallback_pdp: bool  # IPV4V6 rejected -> try IP, then IPV6 (slices.Call.pdp_fallback)
    fallback_auth: bool  # auth rejected -> try the other methods (slices.Call.auth_fallback)
    retry_backoff_min: int  # first retry delay, seconds
    retry_backoff_max: int  # cap of the doubling retry delay, seconds (>= min)
    max_attempts: int  # failed attempts before giving up; 0 = never
    registration_timeout: int  # seconds to wait for registration (resolved); 0 = forever
    data_format: str  # auto | raw-ip | 802.3
    proxy: bool  # open the device through libqmi's qmi-proxy (shared with qmicli -p)
    ubus_status: bool  # publish status on ubus
    debug: bool  # log every QMI exchange, redacted
    roaming: bool  # a roaming registration is allowed
    stall_check: int  # seconds between counter reads while connected; 0 = no watchdog
    stall_quiet: int  # seconds without rx while tx rises before a stall
    stall_probe: str  # host pinged to confirm a stall or test an idle link; "" = none
    recover_redial: bool  # stalled: re-dial the call
    recover_reregister: bool  # stalled: radio low power, then online
    recover_reset: bool  # stalled: reset the modem

    def redacted(self) -> dict[str, Any]:
        """All settings as plain data, secrets replaced by '***' when set (for logs/ubus)."""
        data = as_dict(self)
        for name in SECRET_OPTIONS:
            if data[name]:
                data[name] = "***"
        return data


@frozen
class Loaded:
    """A validated config, its slices, and what is worth logging about how it was read."""

    config: Config
    notes: tuple[str, ...]
    slices: Slices  # the same settings, one frozen slice per part of the daemon


def _check_single_options(values: dict[str, Any], notes: list[str]) -> None:
    pin = values["pincode"]
    if pin and not OPTIONS_BY_NAME["pincode"].matches(pin):
        raise ConfigError(
            PIN_INVALID,
            "option pincode is not 4 to 8 digits; set it to the SIM's PIN or remove it",
            option="pincode",
        )
    plmn = values["plmn"]
    if plmn and not OPTIONS_BY_NAME["plmn"].matches(plmn):
        raise invalid(
            OPTIONS_BY_NAME["plmn"], plmn, "is not 5 or 6 digits (MCC+MNC, e.g. 26201) or 0"
        )
    for name in ("apn", "v6apn"):
        if values[name] and not OPTIONS_BY_NAME[name].matches(values[name]):
            raise invalid(
                OPTIONS_BY_NAME[name],
                values[name],
                "may only contain letters, digits, '.', '-' and '_' (no spaces)",
            )
    for name in ("ip4table", "ip6table"):
        if values[name] and not OPTIONS_BY_NAME[name].matches(values[name]):
            raise invalid(OPTIONS_BY_NAME[name], values[name], "is not a routing table name")
    probe = values["stall_probe"]
    if probe and not OPTIONS_BY_NAME["stall_probe"].matches(probe):
        raise invalid(OPTIONS_BY_NAME["stall_probe"], probe, "is not a host name or IP address")
    if "all" in values["modes"] and len(values["modes"]) > 1:
        notes.append("option modes: 'all' already includes every mode; using all")
        values["modes"] = ("all",)


def _check_relations(values: dict[str, Any], notes: list[str]) -> None:
    if values["retry_backoff_max"] < values["retry_backoff_min"]:
        raise invalid(
            OPTIONS_BY_NAME["retry_backoff_max"],
            values["retry_backoff_max"],
            f"is below retry_backoff_min ({values['retry_backoff_min']}); raise it or "
            "lower retry_backoff_min",
        )
    mtu, pdptype = values["mtu"], values["pdptype"]
    if mtu is not None and mtu < IPV6_MIN_MTU and pdptype != "IP":
        raise invalid(
            OPTIONS_BY_NAME["mtu"],
            mtu,
            f"is below {IPV6_MIN_MTU}, the IPv6 minimum, but pdptype is {pdptype}; "
            f"use at least {IPV6_MIN_MTU} or pdptype IP",
        )
    if pdptype == "IP":
        for name in ("v6apn", "v6profile"):
            if values[name] not in ("", None):
                notes.append(f"option {name} is unused with pdptype IP")


def _resolve(values: dict[str, Any], notes: list[str]) -> None:
    credentials = bool(values["username"] or values["password"])
    if values["auth"] == "":
        values["auth"] = "both" if credentials else "none"
        if credentials:
            notes.append("option auth not set; using both (PAP or CHAP) since credentials are")
    elif values["auth"] == "none" and credentials:
        notes.append("option auth is none; username and password are not sent")
    if values["autoconnect"] is None:
        values["autoconnect"] = values["pdptype"] == "IP"  # qmi.sh's default
    if values["registration_timeout"] is None:
        values["registration_timeout"] = values["timeout"]


def _fix_bare_device(values: dict[str, Any], notes: list[str]) -> None:
    device = values["device"]
    if device and "/" not in device and CONTROL_NAME.fullmatch(device.strip()):
        values["device"] = f"/dev/{device.strip()}"
        notes.append(f"option device '{device}' read as '{values['device']}'")


def validate(
    raw: Mapping[str, object],
    *,
    roots: DeviceRoots | None = None,
    check_device: bool = True,
) -> Loaded:
    """Validate netifd's options. With ``check_device`` the control device must exist now
    (found through devpath or device); without it only the shape of both paths is checked.
    """
    if not isinstance(raw, Mapping):
        raise ConfigError(CONFIG_INVALID, "the interface options are not a JSON object")
    roots = roots or DeviceRoots()
    notes: list[str] = []
    values: dict[str, Any] = {}
    for option in OPTIONS:
        values[option.name] = coerce(option, raw.get(option.name), notes)
    _fix_bare_device(values, notes)
    _check_single_options(values, notes)
    _check_relations(values, notes)
    _resolve(values, notes)
    if check_device:
        values["device"], device_notes = resolve_device(values["device"], values["devpath"], roots)
        notes.extend(device_notes)
    else:
        check_form(values["device"], values["devpath"], roots)
    return Loaded(Config(**values), tuple(notes), build_slices(values))


def parse_options_json(text: str | None) -> dict[str, Any]:
    """The JSON object of options the shim exported (``PYQMI_CONFIG``), or CONFIG_INVALID."""
    if text is None or not text.strip():
        raise ConfigError(
            CONFIG_INVALID, f"no options were passed ({ENV_VAR} is empty); start through netifd"
        )
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            CONFIG_INVALID, f"{ENV_VAR} is not valid JSON ({exc.msg} at {exc.pos})"
        ) from None
    except RecursionError:
        raise ConfigError(CONFIG_INVALID, f"{ENV_VAR} is nested too deeply") from None
    if not isinstance(raw, dict):
        raise ConfigError(CONFIG_INVALID, f"{ENV_VAR} is not a JSON object")
    return raw


def validate_json(text: str | None, **kwargs: Any) -> Loaded:
    """``validate`` for the JSON text the shim exports (``PYQMI_CONFIG``)."""
    return validate(parse_options_json(text), **kwargs)


def validate_environ(environ: Mapping[str, str], **kwargs: Any) -> Loaded:
    """``validate_json`` of ``environ[PYQMI_CONFIG]``."""
    return validate_json(environ.get(ENV_VAR), **kwargs)
