"""The configuration rules of ``pyqmi doctor``: each proto qmi/pyqmi section against the facts.

A section is checked for what made the seed threads fail: a control device that does not
exist or is written with spaces (seed 001's ``/ dev / cdc-wdm0``), a ``pdptype`` outside
IP/IPV6/IPV4V6 (seed 001's ``ipv4``), ``auth none`` where the carrier wants credentials
(seed 000), and DHCP asked for on a raw-ip interface (seed 004's "udhcpc: no lease"). The
allowed values come from the daemon's schema, so the doctor and the daemon agree.
"""

from __future__ import annotations

import re

from pyqmi.cli.doctor_facts import ERROR, INFO, WARNING, Facts, Finding, NetLink, Section
from pyqmi.cli.doctor_modems import Modem
from pyqmi.config.device import CONTROL_NAME
from pyqmi.config.schema import OPTIONS_BY_NAME, PATH_CHARS

_PATH = re.compile(PATH_CHARS)
FALSE_WORDS = ("0", "false", "no", "off", "disabled")
TRUE_WORDS = ("1", "true", "yes", "on", "enabled")

# Carriers known (from the seed threads) to refuse a call without PAP/CHAP, by APN.
CREDENTIAL_APNS = {"internet": "Cyfrowy Polsat (Poland, seed 000)"}
PLACEHOLDER = "xxxx"  # carriers that want credentials mostly do not check them


def _uci_set(section: str, pairs: list[tuple[str, str]]) -> tuple[str, ...]:
    sets = [f"uci set network.{section}.{name}='{value}'" for name, value in pairs]
    return (*sets, "uci commit network", f"ifup {section}")


def _present(facts: Facts) -> list[str]:
    names = set(facts.dev_present or ())
    if facts.dev_present is None and facts.sysfs is not None:
        names = set(facts.sysfs.control)
    return sorted(names, key=_natural)


def _natural(name: str) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def check_device(section: Section, facts: Facts) -> list[Finding]:
    value, devpath = section.text("device"), section.text("devpath")
    existing = _present(facts)
    suggestion = f"/dev/{existing[0]}" if existing else "/dev/cdc-wdm0"
    where = f"option device of {section.name}"
    if not value:
        if devpath:
            return []
        text = f"{section.name} names no control device; set device (e.g. {suggestion})"
        fix = _uci_set(section.name, [("device", suggestion)])
        return [Finding(ERROR, "device-unset", text, fix, section=section.name)]
    if re.search(r"\s", value):
        compact = re.sub(r"\s+", "", value)
        target = compact if _PATH.fullmatch(compact) else suggestion
        text = f"{where} is '{value}': it has stray spaces; write '{target}'"
        fix = _uci_set(section.name, [("device", target)])
        return [Finding(ERROR, "device-spaces", text, fix, section=section.name)]
    if not _PATH.fullmatch(value) or not value.startswith("/dev/"):
        text = f"{where} is '{value}', not a path under /dev; write e.g. '{suggestion}'"
        fix = _uci_set(section.name, [("device", suggestion)])
        return [Finding(ERROR, "device-malformed", text, fix, section=section.name)]
    name = value[len("/dev/") :]
    if not CONTROL_NAME.fullmatch(name):
        text = (
            f"{where} is '{value}', which is not a QMI control device (a ttyUSB port is for "
            f"AT commands); write '{suggestion}'"
        )
        fix = _uci_set(section.name, [("device", suggestion)])
        return [Finding(ERROR, "device-not-qmi", text, fix, section=section.name)]
    if (facts.dev_present is not None or facts.sysfs is not None) and name not in existing:
        there = ", ".join(f"/dev/{n}" for n in existing) or "none"
        text = f"{where} is '{value}', which does not exist (QMI control devices: {there})"
        fix = _uci_set(section.name, [("device", suggestion)]) if existing else ()
        return [Finding(ERROR, "device-missing", text, fix, section=section.name)]
    return []


def check_pdptype(section: Section, facts: Facts) -> list[Finding]:
    raw = section.text("pdptype").strip()
    if not raw:
        return []
    option = OPTIONS_BY_NAME["pdptype"]
    allowed = ", ".join(option.choices)
    lowered = raw.lower()
    fix = _uci_set(section.name, [("pdptype", "IP")])
    if lowered in (choice.lower() for choice in option.choices):
        if section.proto == "qmi" and lowered == "ipv4v6":
            text = (
                f"{section.name} asks for dual stack (IPV4V6): if the carrier refuses it, "
                "qmi.sh does not fall back; use IP until dual stack is known to work"
            )
            return [Finding(INFO, "pdptype-dual", text, fix, section=section.name)]
        return []
    canonical = option.alias_map.get(lowered)
    if canonical is not None:
        fix = _uci_set(section.name, [("pdptype", canonical)])
        if section.proto == "qmi":  # seed 001: "ipv4 is not a valid option" for qmi.sh
            text = (
                f"pdptype '{raw}' of {section.name} is invalid for qmi.sh: allowed are "
                f"{allowed} (OpenWrt 19.07's qmi.sh fails on it, newer ones silently use IP); "
                f"write {canonical}"
            )
            return [Finding(ERROR, "pdptype-invalid", text, fix, section=section.name)]
        text = f"pdptype '{raw}' of {section.name} is read as {canonical}; write {canonical}"
        return [Finding(INFO, "pdptype-alias", text, fix, section=section.name)]
    text = f"pdptype '{raw}' of {section.name} is invalid: allowed are {allowed}"
    return [Finding(ERROR, "pdptype-invalid", text, fix, section=section.name)]


def check_auth(section: Section, facts: Facts) -> list[Finding]:
    auth = section.text("auth").strip().lower()
    credentials = section.text("username") or section.text("password")
    if auth not in ("none", "") or (auth == "" and credentials):
        return []
    carrier = CREDENTIAL_APNS.get(section.text("apn").strip().lower())
    if section.proto == "pyqmi":
        retries = all(
            section.text(name).lower() not in FALSE_WORDS for name in ("fallback", "fallback_auth")
        )
        if retries:
            return []
        severity, why = WARNING, "and fallback_auth is off, so pyqmi will not retry with PAP/CHAP"
    elif carrier is None and auth != "none":
        return []  # nothing written and nothing known of the carrier: no news
    else:
        severity = WARNING if carrier else INFO
        why = "and qmi.sh does not retry with PAP/CHAP"
    who = f"as {carrier} does with APN '{section.text('apn')}'" if carrier else "as some do"
    text = (
        f"{section.name} uses no authentication: a carrier may refuse a call without PAP/CHAP "
        f"({who}), {why}; set auth both with placeholder credentials"
    )
    pairs = [("auth", "both"), ("username", PLACEHOLDER), ("password", PLACEHOLDER)]
    return [
        Finding(severity, "auth-none", text, _uci_set(section.name, pairs), section=section.name)
    ]


def _net_of(section: Section, facts: Facts, found: tuple[Modem, ...]) -> NetLink | None:
    links = [link for modem in found for link in modem.net]
    if facts.sysfs is not None:
        links += [link for link in facts.sysfs.net if link not in links]
    name = section.text("device").strip().rsplit("/", 1)[-1]
    iface = facts.sysfs.control.get(name, "") if facts.sysfs is not None else ""
    mine = [link for link in links if iface and link.usb_interface == iface]
    if mine:
        return mine[0]
    return links[0] if len(links) == 1 else None


def check_dhcp(section: Section, facts: Facts, found: tuple[Modem, ...]) -> list[Finding]:
    dhcp = section.text("dhcp").strip().lower()
    wants = dhcp not in FALSE_WORDS if section.proto == "qmi" else dhcp in TRUE_WORDS
    link = _net_of(section, facts, found)
    if not wants or link is None:
        return []
    owner = next((m for m in found if link in m.net), None)
    raw_only = owner is not None and owner.known is not None and owner.known.raw_ip_only
    if not (link.raw_ip or raw_only):
        return []
    how = "qmi.sh's default when dhcp is unset" if section.proto == "qmi" and not dhcp else "dhcp 1"
    text = (
        f"{section.name} asks for DHCP on {link.name} ({how}), which is in raw-ip mode: many "
        "modems answer no DHCP there (seed 004, Quectel BG96: 'udhcpc: no lease'); take "
        "the address from the modem with dhcp 0"
    )
    fix = _uci_set(section.name, [("dhcp", "0")])
    return [Finding(WARNING, "dhcp-raw-ip", text, fix, section=section.name)]


def check_proto(section: Section, facts: Facts) -> list[Finding]:
    if section.proto != "qmi":
        return []
    text = f"{section.name} uses proto 'qmi' (qmi.sh and uqmi); pyqmi migrate converts it"
    return [Finding(INFO, "proto-qmi", text, ("pyqmi migrate", "pyqmi migrate --apply"),
                    section=section.name)]  # fmt: skip


def diagnose_config(facts: Facts, found: tuple[Modem, ...]) -> list[Finding]:
    findings: list[Finding] = []
    for section in facts.sections or ():
        for rule in (check_device, check_pdptype, check_auth, check_proto):
            findings += rule(section, facts)
        findings += check_dhcp(section, facts, found)
    return findings
