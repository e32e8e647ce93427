"""Print what ``pyqmi doctor`` found: for people (80 columns by default) or as JSON.

The text report has one block per modem (identity, every interface with its driver, the
QMI control port, the net interface and raw-ip), then the findings, worst first, each with
its fix. Prose is wrapped to the width; commands never are, so that each pastes whole.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from typing import Any

from pyqmi.cli.doctor_facts import ERROR, INFO, SEVERITIES, WARNING, Facts, Finding
from pyqmi.cli.doctor_modems import Modem

DEFAULT_WIDTH = 80
_LABEL = {ERROR: "ERROR", WARNING: "WARNING", INFO: "note"}


def emit(text: str) -> None:
    """Print ``text``; a reader that went away (``| head``) is not an error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit


def ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


def _raw_ip(modem: Modem) -> str:
    if not modem.net:
        return "unknown (no net interface)"
    states = []
    for link in modem.net:
        if link.raw_ip is None:
            states.append(f"{link.name}: no qmi/raw_ip (802.3 only; raw-ip needs Linux 4.5+)")
        else:
            states.append(f"{link.name}: supported, {'on' if link.raw_ip else 'off'}")
    return "; ".join(states)


def _modem_lines(modem: Modem, width: int) -> list[str]:
    device = modem.device
    lines = textwrap.wrap(
        f"Modem on USB {modem.path}: {modem.label}", width, subsequent_indent="  "
    )
    strings = " / ".join(s for s in (device.manufacturer, device.product) if s)
    if strings:
        lines += textwrap.wrap(strings, width, initial_indent="  ", subsequent_indent="  ")
    if modem.known is not None:
        qmi = (
            "by class ff/ff/ff"
            if modem.known.dynamic
            else ", ".join(str(n) for n in modem.known.qmi_interfaces)
        )
        serial = modem.known.serial_driver or "not in the tables"
        lines.append(f"  kernel tables: QMI on interface {qmi}; serial driver {serial}")
    else:
        lines.append("  kernel tables: this VID:PID is not in qmi_wwan's list")
    for iface in device.interfaces:
        role = "QMI" if iface.number in modem.qmi else ""
        klass = f"{iface.cls:02x}/{iface.subclass:02x}/{iface.protocol:02x}"
        lines.append(
            f"  if {iface.number:<2} {klass}  {iface.driver or '(none)':<12} {role}".rstrip()
        )
    control = ", ".join(f"/dev/{name}" for name in modem.control) or "none found"
    net = ", ".join(link.name for link in modem.net) or "none found"
    lines.append(f"  QMI control port: {control}; net interface: {net}")
    lines += textwrap.wrap(
        f"raw-ip: {_raw_ip(modem)}", width, initial_indent="  ", subsequent_indent="    "
    )
    if modem.ttys:
        lines.append(f"  serial ports: {', '.join(modem.ttys)}")
    return lines


def _finding_lines(finding: Finding, width: int) -> list[str]:
    head = f"{_LABEL[finding.severity]} [{finding.code}] "
    lines = textwrap.wrap(
        head + finding.text, width, subsequent_indent="  ", break_on_hyphens=False
    )
    if finding.fix:
        lines.append("  fix:")
        lines += [f"    {command}" for command in finding.fix]
    return lines


def text_report(
    facts: Facts, found: tuple[Modem, ...], findings: list[Finding], width: int = DEFAULT_WIDTH
) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    lines = [
        f"pyqmi doctor: {len(found)} modem{'s' * (len(found) != 1)}, {errors} "
        f"error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    ]
    for line in facts.unread:
        lines += textwrap.wrap(f"not read: {line}", width, subsequent_indent="  ")
    for modem in found:
        lines += ["", *_modem_lines(modem, width)]
    if facts.sections:
        names = ", ".join(f"{s.name} ({s.proto})" for s in facts.sections)
        lines += ["", *textwrap.wrap(f"Interfaces: {names}", width, subsequent_indent="  ")]
    for finding in ordered(findings):
        lines += ["", *_finding_lines(finding, width)]
    if not findings:
        lines += ["", "No problems found" + (" in what could be read." if facts.unread else ".")]
    return "\n".join(lines)


def _modem_json(modem: Modem) -> dict[str, Any]:
    device = modem.device
    known = modem.known
    return {
        "path": modem.path,
        "id": device.id,
        "manufacturer": device.manufacturer,
        "product": device.product,
        "speed": device.speed,
        "known": None
        if known is None
        else {
            "vendor": known.vendor,
            "name": known.name,
            "qmi_interfaces": "class" if known.dynamic else list(known.qmi_interfaces),
            "serial_driver": known.serial_driver,
        },
        "interfaces": [
            {
                "number": i.number,
                "class": f"{i.cls:02x}/{i.subclass:02x}/{i.protocol:02x}",
                "driver": i.driver,
                "qmi": i.number in modem.qmi,
            }
            for i in device.interfaces
        ],
        "control": [f"/dev/{name}" for name in modem.control],
        "net": [{"name": link.name, "raw_ip": link.raw_ip} for link in modem.net],
        "serial_ports": list(modem.ttys),
    }


def json_report(facts: Facts, found: tuple[Modem, ...], findings: list[Finding]) -> str:
    data = {
        "modems": [_modem_json(modem) for modem in found],
        "interfaces": [{"name": s.name, "proto": s.proto} for s in facts.sections or ()],
        "findings": [
            {
                "severity": f.severity,
                "code": f.code,
                "text": f.text,
                "fix": list(f.fix),
                "modem": f.modem,
                "section": f.section,
            }
            for f in ordered(findings)
        ],
        "not_read": list(facts.unread),
    }
    return json.dumps(data, indent=2)
