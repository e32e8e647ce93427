"""Human output of ``pyqmi signal|cell|sim|info``: short lines that fit 80 columns.

Each renderer takes the status-shaped dict (``netifd/status.py`` lists the keys) and
returns lines; a fact the modem did not give is left out, never shown as "None".
Identifiers appear only when the dict carries them (``ids``, read with ``--show-ids``);
otherwise their line says they are hidden and how to show them.
"""

from __future__ import annotations

import os
import textwrap
from typing import Any

WIDTH = 80
# RSRP (dBm) from which 1..5 bars show, as the usual LTE scales draw them.
BARS_RSRP = (-120, -110, -100, -90, -80)
BARS_RSSI = (-105, -95, -85, -75, -65)


def bars(signal: dict[str, Any]) -> str:
    """``[###--]``: RSRP when known (LTE, 5G), else RSSI."""
    if "rsrp" in signal:
        value, steps = float(signal["rsrp"]), BARS_RSRP
    elif "rssi" in signal:
        value, steps = float(signal["rssi"]), BARS_RSSI
    else:
        return ""
    count = sum(1 for step in steps if value >= step)
    return "[" + "#" * count + "-" * (len(steps) - count) + "]"


def _head(status: dict[str, Any]) -> str:
    name = status.get("interface") or os.path.basename(status.get("device") or "") or "modem"
    return f"{name}: {status.get('state', '?')}"


def _registration(reg: dict[str, Any]) -> str:
    roam = " (roaming)" if reg.get("roaming") else ""
    plmn = f"{reg.get('mcc', '')}{reg.get('mnc', '')}"
    where = f" on {reg.get('operator') or '?'} ({plmn})" if plmn else ""
    tech = f", {reg['technology']}" if reg.get("technology") else ""
    return f"{reg.get('state', '?')}{roam}{where}{tech}"


UNITS = {"rssi": "dBm", "rsrp": "dBm", "rsrq": "dB", "snr": "dB"}


def signal(status: dict[str, Any]) -> list[str]:
    reg = status.get("registration")
    if not reg:
        return [f"{_head(status)}; no network facts yet"]
    sig = reg.get("signal") or {}
    lines = [f"{_head(status)}, {_registration(reg)}"]
    if not sig:
        lines.append("  no signal reported")
    for key in ("rssi", "rsrp", "rsrq", "snr"):
        if key in sig:
            lines.append(f"  {key.upper():<5}{sig[key]:>7} {UNITS[key]}")
    if bars(sig):
        lines.append(f"  level {bars(sig)}")
    return lines


def _cell_id(serving: dict[str, Any]) -> str:
    text = f"cell ID {serving['cell_id']}"
    if serving.get("technology") == "lte":  # 28 bits: eNodeB ID and the cell's own 8
        text += f" (eNB {serving['cell_id'] >> 8}, cell {serving['cell_id'] & 0xFF})"
    return text


CHANNELS = (("earfcn", "EARFCN"), ("nr_arfcn", "NR-ARFCN"), ("uarfcn", "UARFCN"),
            ("arfcn", "ARFCN"))  # fmt: skip


def _channel(cell: dict[str, Any]) -> str:
    for key, label in CHANNELS:
        if key in cell:
            band = f" ({cell['band']})" if cell.get("band") else ""
            return f"{label} {cell[key]}{band}"
    return ""


def _levels(cell: dict[str, Any]) -> str:
    found = [
        f"{k.upper()} {cell[k]} {UNITS[k]}" for k in ("rsrp", "rsrq", "rssi", "snr") if k in cell
    ]
    return ", ".join(found)


def _serving_lines(label: str, cell: dict[str, Any]) -> list[str]:
    first = [f"{label} ({cell.get('technology', '?')})"]
    if "cell_id" in cell:
        first.append(_cell_id(cell))
    for key, name in (("tac", "TAC"), ("lac", "LAC"), ("plmn", "PLMN")):
        if key in cell:
            first.append(f"{name} {cell[key]}")
    second = [x for x in (_channel(cell),) if x]
    for key, name in (("pci", "PCI"), ("psc", "PSC"), ("bsic", "BSIC")):
        if key in cell:
            second.append(f"{name} {cell[key]}")
    lines = ["  " + ", ".join(first), "    " + ", ".join(second)]
    if _levels(cell):
        lines.append("    " + _levels(cell))
    return [line for line in lines if line.strip()]


def cell(status: dict[str, Any]) -> list[str]:
    info = status.get("cell") or {}
    lines = [_head(status) + (f", {_registration(status['registration'])}"
                              if status.get("registration") else "")]  # fmt: skip
    if info.get("error"):
        return [*lines, f"  the modem gave no cell information ({info['error']})"]
    if "serving" not in info:
        busy = " (a read is under way: ask again)" if info.get("reading") else ""
        return [*lines, f"  no serving cell known{busy}"]
    lines += _serving_lines("serving cell", info["serving"])
    if info.get("nr"):
        lines += _serving_lines("5G NR cell", info["nr"])
    neighbours = info.get("neighbours") or []
    if neighbours:
        lines.append(f"  neighbours ({len(neighbours)}):")
        lines.append(f"    {'tech':<6}{'channel':>8}  {'band':<5}{'PCI':>5}{'RSRP':>9}{'RSRQ':>8}")
        for n in neighbours:
            channel = n.get("earfcn", n.get("nr_arfcn", n.get("uarfcn", n.get("arfcn", ""))))
            lines.append(
                f"    {n.get('technology', ''):<6}{channel!s:>8}  {n.get('band', ''):<5}"
                f"{n.get('pci', '')!s:>5}{n.get('rsrp', '')!s:>9}{n.get('rsrq', '')!s:>8}"
            )
    else:
        lines.append("  no neighbour cells reported")
    if "age" in info:
        lines.append(f"  (read {info['age']} s ago)")
    return lines


def _hidden(status: dict[str, Any], keys: tuple[str, ...]) -> str:
    ids = status.get("ids")
    if ids is None:
        them = "them" if len(keys) > 1 else "it"
        return "  " + ", ".join(k.upper() for k in keys) + f" hidden (--show-ids shows {them})"
    if status.get("ids_note"):
        return f"  {status['ids_note']}"
    shown = [f"{k.upper()} {ids[k]}" for k in keys if k in ids]
    return "  " + (", ".join(shown) if shown else "the modem gave no identifiers")


def sim(status: dict[str, Any]) -> list[str]:
    card = status.get("sim")
    if not card:
        return [f"{_head(status)}; the SIM has not been read yet"]
    lines = [f"{_head(status)}, SIM card {card.get('card', '?')}, {card.get('application', '?')}"]
    tries = []
    if card.get("pin1_retries") is not None:
        tries.append(f"{card['pin1_retries']} PIN tries left")
    if card.get("puk1_retries") is not None:
        tries.append(f"{card['puk1_retries']} PUK tries left")
    lines.append(f"  PIN1 {card.get('pin1', '?')}" + (f"; {', '.join(tries)}" if tries else ""))
    lines.append(_hidden(status, ("iccid", "imsi")))
    return lines


def info(status: dict[str, Any]) -> list[str]:
    ident = status.get("identity") or {}
    name = " ".join(x for x in (ident.get("manufacturer"), ident.get("model")) if x) or "?"
    lines = [f"{_head(status)}, modem {name}"]
    if ident.get("revision"):
        lines.append(f"  firmware {ident['revision']}")
    device = status.get("device")
    if device:
        fmt = f", data format {status['data_format']}" if status.get("data_format") else ""
        lines.append(f"  control device {device}{fmt}")
    if status.get("operating_mode"):
        lines.append(f"  operating mode {status['operating_mode']}")
    lines.append(_hidden(status, ("imei",)))
    return lines


RENDER = {"signal": signal, "cell": cell, "sim": sim, "info": info}


def render(view: str, status: dict[str, Any], note: str = "") -> str:
    lines = RENDER[view](status)
    if note:
        lines.append(f"  ({note})")
    return "\n".join(fit(line) for line in lines)


def fit(line: str) -> str:
    """A line longer than 80 columns wrapped at spaces, continued 2 columns further in."""
    if len(line) <= WIDTH:
        return line
    indent = " " * (len(line) - len(line.lstrip()))
    return "\n".join(
        textwrap.wrap(
            line.strip(),
            WIDTH,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_on_hyphens=False,
        )
    )
