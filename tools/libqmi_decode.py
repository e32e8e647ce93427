#!/usr/bin/env python3
"""Decode QMI frames with libqmi itself, for interoperability tests.

``libqmi_decode.py --names qmi_service_get_string`` prints libqmi's name for
each value 0..255 (or 0..2**BITS-1 with a third argument) of that enum
instead, and ``--flag-names
qmi_dms_offline_reason_build_string_from_mask`` the name of each bit of a
flags type.

Reads a JSON list of hex strings (whole QMUX frames, 0x01 marker first) on
stdin and writes a JSON list with one entry per frame on stdout:

    {"error": null | "libqmi's error text",
     "service": "dms", "message": "Get IDs", "client": 1, "transaction": 7,
     "tlvs": [{"type": 17, "name": "Imei", "translated": "..."}, ...],
     "printable": "the whole text libqmi printed"}

It talks to libqmi-glib.so.5 through ctypes (no GObject introspection needed),
with libqmi's "show personal info" switch on so that test values are visible.
It imports nothing from pyqmi and runs under any Python 3.

Theory of operation
-------------------
``qmi_message_new_from_raw`` checks the framing; ``qmi_message_get_printable_full``
walks the TLVs with the message's generated printer, which is the same code
qmicli's --verbose-full uses.  Its output is a sequence of blocks::

    TLV:
      type       = "Imei" (0x11)
      length     = 15
      value      = 31:32:...
      translated = 123456789012345

and this tool only splits those blocks; making sense of ``translated`` is up to
the caller.  A TLV libqmi does not know has no ``translated`` line.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import re
import sys
from typing import Any

_TYPE_LINE = re.compile(r'^\s*type\s+= "(?P<name>[^"]*)" \(0x(?P<type>[0-9a-fA-F]+)\)\s*$')
_SERVICE_LINE = re.compile(r'^\s*service\s+= "(?P<service>[^"]*)"')
_MESSAGE_LINE = re.compile(r'^\s*message\s+= "(?P<message>[^"]*)"')
# A TLV libqmi has no printer for: ``type   = 0x15``.
_BARE_TYPE_LINE = re.compile(r"^\s*type\s+= 0x(?P<type>[0-9a-fA-F]+)\s*$")
_NUMBER_LINE = re.compile(r"^\s*(?P<key>client|transaction)\s+= (?P<number>\d+)\s*$")


class LibQmi:
    def __init__(self) -> None:
        glib_name = ctypes.util.find_library("glib-2.0") or "libglib-2.0.so.0"
        self.glib = ctypes.CDLL(glib_name)
        try:
            self.qmi = ctypes.CDLL("libqmi-glib.so.5")
        except OSError as exc:
            raise SystemExit(
                f"libqmi-glib.so.5 is not installed (package libqmi-glib5): {exc}"
            ) from None
        g, q = self.glib, self.qmi
        g.g_byte_array_new.restype = ctypes.c_void_p
        g.g_byte_array_append.restype = ctypes.c_void_p
        g.g_byte_array_append.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint]
        g.g_byte_array_unref.argtypes = [ctypes.c_void_p]
        g.g_free.argtypes = [ctypes.c_void_p]
        g.g_error_free.argtypes = [ctypes.c_void_p]
        q.qmi_message_new_from_raw.restype = ctypes.c_void_p
        q.qmi_message_new_from_raw.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
        q.qmi_message_get_printable_full.restype = ctypes.c_void_p
        q.qmi_message_get_printable_full.argtypes = [
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_char_p,
        ]
        q.qmi_message_unref.argtypes = [ctypes.c_void_p]
        q.qmi_message_context_new.restype = ctypes.c_void_p
        q.qmi_utils_set_show_personal_info.argtypes = [ctypes.c_int]
        q.qmi_utils_set_show_personal_info(1)
        self.context = q.qmi_message_context_new()

    def names(self, getter: str, bits: int) -> dict[int, str]:
        """libqmi's name for every value of a small enum, from its ``*_get_string``."""
        function = getattr(self.qmi, getter)
        function.restype = ctypes.c_char_p
        function.argtypes = [ctypes.c_int]
        out = {}
        for value in range(1 << bits):
            name = function(value)
            if name is not None:
                out[value] = name.decode()
        return out

    def flag_names(self, builder: str, bits: int) -> dict[int, str]:
        """libqmi's name for each bit of a flags type, from its ``*_build_string_from_mask``."""
        function = getattr(self.qmi, builder)
        function.restype = ctypes.c_void_p
        function.argtypes = [ctypes.c_uint64]
        out = {}
        for bit in range(bits):
            pointer = function(1 << bit)
            if pointer:
                name = ctypes.string_at(pointer).decode()
                self.glib.g_free(pointer)
                if name:
                    out[1 << bit] = name
        return out

    def printable(self, raw: bytes) -> tuple[str | None, str]:
        """(error, printable text) for one frame."""
        g, q = self.glib, self.qmi
        buffer = g.g_byte_array_new()
        g.g_byte_array_append(buffer, raw, len(raw))
        error = ctypes.c_void_p()
        message = q.qmi_message_new_from_raw(buffer, ctypes.byref(error))
        g.g_byte_array_unref(buffer)
        if not message:
            # GError is {GQuark domain; gint code; gchar *message}.
            text = "unknown error"
            if error.value:
                fields = ctypes.cast(error, ctypes.POINTER(ctypes.c_void_p * 2))
                address = fields.contents[1]
                if address:
                    text = ctypes.string_at(address).decode("utf-8", "replace")
                g.g_error_free(error)
            return text, ""
        pointer = q.qmi_message_get_printable_full(message, self.context, b"")
        if not pointer:
            q.qmi_message_unref(message)
            return "libqmi printed nothing", ""
        text = ctypes.string_at(pointer).decode("utf-8", "replace")
        g.g_free(pointer)
        q.qmi_message_unref(message)
        return None, text


def split_printable(text: str) -> dict[str, Any]:
    """Service, message name and TLV blocks of libqmi's printable text."""
    service = message = ""
    numbers: dict[str, int] = {}
    tlvs: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for line in text.splitlines():
        if current is None:
            if m := _SERVICE_LINE.match(line):
                service = m["service"]
            elif m := _MESSAGE_LINE.match(line):
                message = m["message"]
            elif m := _NUMBER_LINE.match(line):
                numbers[m["key"]] = int(m["number"])
        if line.strip() == "TLV:":
            current = {"type": None, "name": None, "translated": None}
            tlvs.append(current)
            continue
        if current is None:
            continue
        if m := _TYPE_LINE.match(line):
            current["type"] = int(m["type"], 16)
            current["name"] = m["name"]
        elif m := _BARE_TYPE_LINE.match(line):
            current["type"] = int(m["type"], 16)
        elif line.lstrip().startswith("translated = "):
            current["translated"] = line.split("translated = ", 1)[1]
        elif current["translated"] is not None and not re.match(r"^\s*\w+\s+=", line):
            # A translation that spans lines (a string with a newline in it).
            current["translated"] += "\n" + line
    return {"service": service, "message": message, **numbers, "tlvs": tlvs}


def main() -> int:
    lib = LibQmi()
    if len(sys.argv) in (3, 4) and sys.argv[1] == "--names":
        # --names qmi_service_get_string [BITS]: {value: name} of an enum (8 bits).
        bits = int(sys.argv[3]) if len(sys.argv) == 4 else 8
        json.dump(lib.names(sys.argv[2], bits), sys.stdout)
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "--flag-names":
        # --flag-names qmi_dms_offline_reason_build_string_from_mask: {bit: name}.
        json.dump(lib.flag_names(sys.argv[2], 64), sys.stdout)
        return 0
    frames = json.load(sys.stdin)
    out = []
    for hex_frame in frames:
        error, text = lib.printable(bytes.fromhex(hex_frame))
        entry: dict[str, Any] = {"error": error, "printable": text}
        entry.update(split_printable(text) if error is None else {"tlvs": []})
        out.append(entry)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
