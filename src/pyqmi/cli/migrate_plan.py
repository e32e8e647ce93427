"""What changes when a ``proto 'qmi'`` section becomes ``proto 'pyqmi'``: renames and notes.

Pure: a section's options in, a ``SectionPlan`` out. The option names are compared as read
from OpenWrt's qmi.sh (openwrt/openwrt, package/network/utils/uqmi, commit 002e1fd6e21b:
``device apn v6apn auth username password pincode delay modes pdptype profile v6profile
dhcp dhcpv6 autoconnect plmn timeout mtu``, netifd's defaults, ``ip4table ip6table``; older
releases also ``devpath``, ``sourcefilter``, ``delegate``) and from pyqmi's schema: every one
has the same name in pyqmi, so ``RENAMES`` is empty and every option is kept as it is. A
rename would be one row here.

What the plan points out, per section:

* ``meaning``: an option (or its absence) that pyqmi reads differently from qmi.sh: ``dhcp``
  unset (qmi.sh: DHCP; pyqmi: the modem's static settings), a ``pdptype`` outside
  IP/IPV6/IPV4V6 (qmi.sh silently used IP), ``auth`` unset with credentials (qmi.sh sent no
  type; pyqmi tries both), a ``plmn`` that is not 5 or 6 digits (qmi.sh read a number);
* ``refused``: what pyqmi's validation would reject (the daemon's own message);
* ``unknown``: an option neither pyqmi nor netifd knows, kept untouched.
"""

from __future__ import annotations

from pyqmi.cli.doctor_facts import Section
from pyqmi.config.errors import ConfigError
from pyqmi.config.schema import OPTIONS_BY_NAME
from pyqmi.config.validate import validate
from pyqmi.frozen import frozen

RENAMES: dict[str, str] = {}  # qmi.sh option name -> pyqmi's, where they differ (none do)

# Options netifd itself reads from every interface section (interface.c), not the protocol's.
NETIFD_OPTIONS = frozenset(
    {
        "proto", "auto", "disabled", "ifname", "ipv6", "force_link", "dns", "dns_metric",
        "dns_search", "ip6assign", "ip6hint", "ip6class", "ip6ifaceid", "ip6weight",
        "macaddr", "interface", "jail", "jail_ifname", "tags", "type",
    }
)  # fmt: skip

MEANING, REFUSED, UNKNOWN, RENAMED = "meaning", "refused", "unknown", "renamed"


@frozen
class Note:
    section: str
    option: str
    kind: str  # MEANING, REFUSED, UNKNOWN or RENAMED
    text: str
    fix: str = ""  # a command that keeps qmi.sh's behaviour or repairs the value


@frozen
class SectionPlan:
    name: str
    renames: tuple[tuple[str, str], ...]  # (qmi.sh name, pyqmi name) present in the section
    notes: tuple[Note, ...]


def _set(section: str, option: str, value: str) -> str:
    return f"uci set network.{section}.{option}='{value}'; uci commit network"


def _meaning(section: Section) -> list[Note]:
    name = section.name
    notes = []
    if "dhcp" not in section.options:
        notes.append(Note(name, "dhcp", MEANING,
            "dhcp is unset: qmi.sh then took the IPv4 address by DHCP, pyqmi takes the "
            "modem's static settings (which works where DHCP on raw-ip does not); to keep "
            "DHCP set dhcp 1", _set(name, "dhcp", "1")))  # fmt: skip
    pdptype = section.text("pdptype").strip()
    option = OPTIONS_BY_NAME["pdptype"]
    if pdptype and pdptype.lower() not in (c.lower() for c in option.choices):
        canonical = option.alias_map.get(pdptype.lower())
        if canonical is not None:
            text = f"pdptype '{pdptype}' is read by pyqmi as {canonical}; write {canonical}"
        else:
            text = (
                f"pdptype '{pdptype}': qmi.sh silently used IP for it, pyqmi refuses it "
                f"(allowed: {', '.join(option.choices)})"
            )
        notes.append(Note(name, "pdptype", MEANING, text, _set(name, "pdptype", canonical or "IP")))
    if not section.text("auth") and (section.text("username") or "password" in section.options):
        notes.append(Note(name, "auth", MEANING,
            "auth is unset but credentials are given: qmi.sh sent no authentication type "
            "(the modem's default), pyqmi offers both PAP and CHAP"))  # fmt: skip
    plmn = section.text("plmn").strip()
    if plmn and not OPTIONS_BY_NAME["plmn"].matches(plmn):
        notes.append(Note(name, "plmn", MEANING,
            f"plmn '{plmn}': qmi.sh read it as a number, pyqmi wants 0 or MCC+MNC as 5 or 6 "
            "digits (leading zeros kept)"))  # fmt: skip
    return notes


def _refused(section: Section, raw: dict[str, object]) -> list[Note]:
    try:
        validate(raw, check_device=False)
    except ConfigError as exc:
        option = exc.option or ""
        return [Note(section.name, option, REFUSED, f"pyqmi would refuse this section: {exc}")]
    return []


def plan_section(section: Section) -> SectionPlan:
    """What migrating ``section`` (proto qmi) renames and what it should tell the user."""
    renames = tuple((old, new) for old, new in RENAMES.items() if old in section.options)
    raw: dict[str, object] = {RENAMES.get(k, k): v for k, v in section.options.items()}
    notes = [
        Note(section.name, old, RENAMED, f"option {old} is called {new} in pyqmi")
        for old, new in renames
    ]
    notes += _meaning(section)
    notes += [n for n in _refused(section, raw) if n.option not in {m.option for m in notes}]
    for key in section.options:
        name = RENAMES.get(key, key)
        if name not in OPTIONS_BY_NAME and name not in NETIFD_OPTIONS:
            notes.append(Note(section.name, key, UNKNOWN,
                f"option {key} is neither pyqmi's nor netifd's: kept as it is, pyqmi "
                "ignores it (a typo?)"))  # fmt: skip
    return SectionPlan(section.name, renames, tuple(notes))
