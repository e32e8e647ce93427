"""What netifd is told about the link: pure builders from the machine's facts and two slices.

``modem_data`` is the ``data`` table of a link update (modem facts, no personal fields);
``link_report`` the facts ``netifd.payload`` turns into a notify_proto body.  The report slice
(``config.slices.Report``) says whether a family goes to netifd statically or through its
DHCP sub-interface, and carries the ``ReportOptions``; the call slice names the APN and PDP
type shown before the call says what is in use.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from pyqmi.config.slices import CallPolicy, Report
from pyqmi.netifd.payload import Ipv4Config, Ipv6Config, LinkReport
from pyqmi.session.facts import Facts


def modem_data(call: CallPolicy, facts: Facts) -> dict[str, Any]:
    """The ``data`` table of the netifd update: modem facts, no personal fields."""
    data: dict[str, Any] = {"apn": call.apn, "pdptype": facts.pdptype_in_use or call.pdptype}
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
        data.update(reg.signal.as_dict())
    if facts.data_format:
        data["data_format"] = facts.data_format
    for key in ("manufacturer", "model", "revision"):
        if key in facts.identity:
            data[key] = facts.identity[key]
    return data


def link_report(
    interface: str, ifname: str, call: CallPolicy, report: Report, facts: Facts
) -> LinkReport:
    """The link update's facts; a family reported through DHCP carries no static config."""
    v4 = facts.settings.get(4)
    v6 = facts.settings.get(6)
    ipv4 = None
    if v4 is not None and not report.dhcp:
        ipv4 = Ipv4Config(
            address=ipaddress.IPv4Address(v4.address),
            prefix_length=v4.prefix_length,
            gateway=ipaddress.IPv4Address(v4.gateway) if v4.gateway else None,
            dns=tuple(ipaddress.IPv4Address(d) for d in v4.dns),
            mtu=v4.mtu,
        )
    ipv6 = None
    if v6 is not None and not report.dhcpv6:
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
        options=report.netifd,
        data=modem_data(call, facts),
    )
