"""Read libqmi's "translated" TLV text and compare it with what pyqmi encoded.

libqmi prints a struct as ``[ a = '1' b = '{ [0] = 'x ' }' ]`` and an array as
``{ [0] = 'x ' [1] = 'y '}``, without escaping the nested quotes.  ``parse()``
turns that into a tree: a struct is a list of ``(name, value)`` pairs, an array
a plain list, anything else the scalar text.  Test strings never contain quotes
or brackets, so this simple reading is unambiguous.

``compare()`` walks the pyqmi ``Shape`` of a TLV next to the libqmi tree and
returns every disagreement with its path.  Fields are matched by position, not
by name (libqmi names fields its own way), so an extra, missing or reordered
field shows up as a disagreement.  Where libqmi shows a value in another form
than pyqmi (an IPv6 address as eight u16, a band mask as words, a 24-bit number
as three bytes) the expected value is converted to that form first.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from .layouts import Shape, describe

Tree = Any

_FIELD = re.compile(r"([\w ]+?) = '")
_ITEM = re.compile(r"\[(\d+)\] = '")
# A scalar ends at the quote that closes it, seen from what follows.
_STRUCT_END = re.compile(r"' (?=[\w ]+? = '|\])")
_ARRAY_END = re.compile(r" '(?= \[\d+\] = '|\s*\})")

# (field, pyqmi name) -> libqmi's text, where libqmi names the same value
# differently.  Each was checked by hand against libqmi's enum value.
ENUM_ALIASES: dict[tuple[str, str], str] = {
    # libqmi has flags (PAP=1 | CHAP=2, 3GPP=1 | 3GPP2=2) where pyqmi has an enum.
    ("authentication_preference", "both"): "pap, chap",
    ("authentication_preference", "none"): "none",
    ("authentication", "both"): "pap, chap",
    ("authentication", "none"): "none",
    ("technology_preference", "both"): "3gpp, 3gpp2",
    ("link_layer_protocol", "ieee_802_3"): "802-3",
    **{("sim_reject_info", f"sim_{name}"): name for name in ("unavailable", "available")},
    **{
        ("sim_reject_info", f"sim_{name}_invalid"): f"{name}_invalid"
        for name in ("cs", "ps", "cs_ps")
    },
    **{
        ("personalization_feature", f"cdma_{name}"): f"1x_{name}"
        for name in (
            *("network_type_1", "network_type_2", "hrpd"),
            *("service_provider", "corporate", "ruim"),
        )
    },
}
# Fields libqmi reads with the other signedness (same byte on the wire):
# the 3GPP universal time's time zone, quarter hours, is a guint8 in libqmi.
SIGNEDNESS_DIFFERS = frozenset({"time_zone"})
# pyqmi names that differ from libqmi's in every field of their enum.
GLOBAL_ALIASES: dict[str, str] = {
    # Service domain 4: QMI's "camped", libqmi's QMI_NAS_NETWORK_SERVICE_DOMAIN_UNKNOWN.
    "camped": "unknown",
}
# (field, pyqmi name) of values libqmi 1.32.2 has no name for: it prints "(null)".
LIBQMI_HAS_NO_NAME: frozenset[tuple[str, str]] = frozenset(
    {
        ("profile_type", "all"),  # 0xFF, "all profile types" of newer modems
        ("preference", "ethernet"),  # WDS IP family 12
        ("ip_family_preference", "ethernet"),
        ("ip_family", "ethernet"),
        ("profile_type", "epc"),  # 2
        ("pdp_type", "non_ip"),  # 4
        ("endpoint_type", "ethernet"),  # WDA endpoint 6
        ("link_layer_protocol", "ethernet_pdu"),  # WDA 3
        # NAS radio interface 0xFF: libqmi's enum value is -1, so it cannot name the u8.
        ("radio_interface", "unknown"),
        # UIM personalization features 12..17
        *(
            ("personalization_feature", f"gw_{name}")
            for name in (
                *("service_provider_name", "sp_ehplmn", "iccid", "impi"),
                *("network_subset_service_provider", "carrier"),
            )
        ),
    }
)


class ParseError(Exception):
    pass


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def expect(self, token: str) -> None:
        self.skip_spaces()
        if not self.text.startswith(token, self.pos):
            raise ParseError(f"expected {token!r} at {self.pos} in {self.text!r}")
        self.pos += len(token)

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def value(self, end: re.Pattern[str]) -> Tree:
        if self.peek() == "[":
            return self.struct()
        if self.peek() == "{":
            return self.array()
        found = end.search(self.text, self.pos)
        if found is None:
            raise ParseError(f"unterminated value at {self.pos} in {self.text!r}")
        scalar = self.text[self.pos : found.start()]
        self.pos = found.start()
        return scalar

    def struct(self) -> list[tuple[str, Tree]]:
        self.expect("[")
        fields: list[tuple[str, Tree]] = []
        while True:
            self.skip_spaces()
            if self.peek() == "]":
                self.pos += 1
                return fields
            match = _FIELD.match(self.text, self.pos)
            if match is None:
                raise ParseError(f"expected a field at {self.pos} in {self.text!r}")
            self.pos = match.end()
            fields.append((match.group(1), self.value(_STRUCT_END)))
            self.expect("'")

    def array(self) -> list[Tree]:
        self.expect("{")
        items: list[Tree] = []
        while True:
            self.skip_spaces()
            if self.peek() == "}":
                self.pos += 1
                return items
            match = _ITEM.match(self.text, self.pos)
            if match is None or int(match.group(1)) != len(items):
                raise ParseError(f"expected item [{len(items)}] at {self.pos} in {self.text!r}")
            self.pos = match.end()
            items.append(self.value(_ARRAY_END))
            self.expect("'")


def parse(translated: str) -> Tree:
    """The tree of one TLV's translated text."""
    reader = _Reader(translated)
    if translated.startswith(("[ ", "{ ", "{}")):
        tree = reader.struct() if translated[0] == "[" else reader.array()
        reader.skip_spaces()
        if reader.pos != len(translated):
            raise ParseError(f"trailing text after {reader.pos} in {translated!r}")
        return tree
    return translated


def _norm(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def _int(text: Tree) -> int | None:
    if isinstance(text, str) and re.fullmatch(r"-?\d+", text.strip()):
        return int(text.strip())
    return None


def _ints(tree: Tree) -> list[int] | None:
    if not isinstance(tree, list):
        return None
    values = [_int(item) for item in tree]
    return None if any(v is None for v in values) else values  # type: ignore[return-value]


def _words(tree: Tree) -> list[int] | None:
    """Band mask words shown as ``[ mask_0 = '1' ... ]``."""
    if not isinstance(tree, list) or not all(isinstance(f, tuple) for f in tree):
        return None
    return _ints([value for _, value in tree])


def _flag_names(text: str) -> list[str]:
    return [_norm(part) for part in text.split(",") if part.strip()]


class Comparer:
    """Collects disagreements between pyqmi's values and libqmi's tree."""

    def __init__(self, int_names: dict[str, tuple[bool, dict[int, str]]] | None = None) -> None:
        self.problems: list[str] = []
        # field -> (is a bit mask, libqmi's names) for fields pyqmi keeps as a number.
        self.int_names = int_names or {}

    def fail(self, path: str, expected: Any, tree: Tree, why: str = "") -> None:
        detail = f" ({why})" if why else ""
        self.problems.append(
            f"{path}: pyqmi put {describe(expected)}, libqmi read {describe(tree)}{detail}"
        )

    def compare(self, s: Shape, expected: Any, tree: Tree, path: str, field: str) -> None:
        single = isinstance(tree, list) and len(tree) == 1 and isinstance(tree[0], tuple)
        if s.kind != "struct" and single:
            # libqmi wraps this value in a struct of one field.
            tree = tree[0][1]
        handler = getattr(self, f"_{s.kind}")
        handler(s, expected, tree, path, field)

    def _struct(
        self, s: Shape, expected: dict[str, Any], tree: Tree, path: str, field: str
    ) -> None:
        if not isinstance(tree, list) or not all(isinstance(f, tuple) for f in tree):
            self.fail(path, expected, tree, "libqmi does not see a struct")
            return
        if len(tree) != len(s.fields):
            self.fail(
                path,
                list(s.fields),
                [name for name, _ in tree],
                f"pyqmi has {len(s.fields)} fields, libqmi {len(tree)}",
            )
            return
        for name, child, (lib_name, value) in zip(s.fields, s.children, tree, strict=True):
            self.compare(child, expected[name], value, f"{path}.{name}[libqmi {lib_name}]", name)

    def _array(self, s: Shape, expected: list[Any], tree: Tree, path: str, field: str) -> None:
        if not isinstance(tree, list) or len(tree) != len(expected):
            self.fail(path, expected, tree, "array length differs")
            return
        for i, (item, value) in enumerate(zip(expected, tree, strict=True)):
            self.compare(s.children[0], item, value, f"{path}[{i}]", field)

    def _int(self, s: Shape, expected: int, tree: Tree, path: str, field: str) -> None:
        is_mask, names = self.int_names.get(field, (False, {}))
        if is_mask or (names and _int(tree) is None):
            # libqmi names some plain numbers (the service in CTL messages) and
            # the bits of some masks (LTE bands are named "1", "2"...).
            if is_mask:
                wanted = ", ".join(name for bit, name in sorted(names.items()) if expected & bit)
            else:
                wanted = names.get(expected, "(null)")
            # No named bit set: libqmi prints "(null)" or "none".
            if tree != wanted and not (not wanted and tree in ("(null)", "none")):
                self.fail(path, expected, tree, f"libqmi calls {expected} {wanted!r}")
            return
        seen = _int(tree)
        if field in SIGNEDNESS_DIFFERS and seen is not None:
            seen = _signed(s, seen % (1 << s.bits)) if s.signed else seen % (1 << s.bits)
        if seen != expected:
            self.fail(path, expected, tree)

    def _bool(self, s: Shape, expected: bool, tree: Tree, path: str, field: str) -> None:
        text = tree.strip() if isinstance(tree, str) else tree
        seen = {"yes": True, "no": False, "1": True, "0": False}.get(text)
        if seen is not expected:
            self.fail(path, expected, tree)

    def _enum(self, s: Shape, expected: str, tree: Tree, path: str, field: str) -> None:
        number = _int(tree)
        if number is not None:
            # libqmi knows the field as a plain number (or the value has no nick).
            if number != s.names[expected] and number != _signed(s, s.names[expected]):
                self.fail(path, f"{expected}={s.names[expected]}", tree)
            return
        if not isinstance(tree, str):
            self.fail(path, expected, tree, "libqmi does not see an enum")
            return
        if tree == "(null)" and (field, expected) in LIBQMI_HAS_NO_NAME:
            return
        alias = ENUM_ALIASES.get((field, expected), GLOBAL_ALIASES.get(expected))
        if _norm(tree) not in (_norm(expected), alias and _norm(alias)):
            self.fail(path, f"{expected}={s.names[expected]}", tree, "enum name differs")

    def _flags(self, s: Shape, expected: list[str], tree: Tree, path: str, field: str) -> None:
        mask = 0
        for name in expected:
            mask |= s.names[name]
        number = _int(tree)
        if number is not None:
            if number != mask:
                self.fail(path, expected, tree)
            return
        if not isinstance(tree, str):
            self.fail(path, expected, tree, "libqmi does not see flags")
            return
        seen = sorted(_flag_names(tree))
        wanted = sorted(_norm(ENUM_ALIASES.get((field, name), name)) for name in expected)
        # No flag set: libqmi prints nothing, "none" or "(null)".
        if seen != wanted and not (not expected and seen in ([], ["none"], ["(null)"])):
            self.fail(path, expected, tree, "flag names differ")

    def _bands(self, s: Shape, expected: list[int], tree: Tree, path: str, field: str) -> None:
        mask = 0
        for band in expected:
            mask |= 1 << (band - 1)
        words = [(mask >> (64 * i)) & (2**64 - 1) for i in range(s.words)]
        seen_words = _words(tree)
        if seen_words is not None:
            if seen_words != words:
                self.fail(path, expected, tree, f"as words {words}")
            return
        if field in self.int_names:
            # libqmi names only the bands it knows.
            self._int(Shape("int", bits=64), mask, tree, path, field)
            return
        if not isinstance(tree, str):
            self.fail(path, expected, tree, "libqmi does not see a band mask")
            return
        # libqmi names each bit of a one-word LTE mask by its band number.
        seen = _flag_names(tree)
        if seen != [str(b) for b in expected] and not (not expected and tree == "(null)"):
            self.fail(path, expected, tree, "band list differs")

    def _text(self, s: Shape, expected: str, tree: Tree, path: str, field: str) -> None:
        if tree != expected:
            self.fail(path, expected, tree)

    _network_text = _text

    def _fixed_text(self, s: Shape, expected: str, tree: Tree, path: str, field: str) -> None:
        data = _ints(tree)
        if data is not None:
            wire = expected.encode("utf-8")
            pad = b"\xff" if s.max_bytes == 3 and wire else b"\x00"
            wire += pad * (s.max_bytes - len(wire))
            if bytes(d & 0xFF for d in data) != wire:
                self.fail(path, expected, tree)
            return
        if not isinstance(tree, str) or tree.rstrip("\x00\ufffd") != expected:
            self.fail(path, expected, tree)

    def _ipv4(self, s: Shape, expected: str, tree: Tree, path: str, field: str) -> None:
        number = _int(tree)
        if number is not None:
            if number != int(ipaddress.IPv4Address(expected)):
                self.fail(path, expected, tree, f"as u32 {int(ipaddress.IPv4Address(expected))}")
            return
        if tree != expected:
            self.fail(path, expected, tree)

    def _ipv6(self, s: Shape, expected: str, tree: Tree, path: str, field: str) -> None:
        packed = ipaddress.IPv6Address(expected).packed
        data = _ints(tree)
        if data is not None:
            if len(data) == 8:
                seen = b"".join(d.to_bytes(2, "big") for d in data)
            else:
                seen = bytes(d & 0xFF for d in data)
            if seen != packed:
                self.fail(path, expected, tree)
            return
        if not isinstance(tree, str) or ipaddress.IPv6Address(tree) != ipaddress.IPv6Address(
            expected
        ):
            self.fail(path, expected, tree)

    def _hex_bytes(self, s: Shape, expected: str, tree: Tree, path: str, field: str) -> None:
        data = _ints(tree)
        if data is None or bytes(data) != bytes.fromhex(expected):
            self.fail(path, expected, tree)

    def _bytes_int(self, s: Shape, expected: int, tree: Tree, path: str, field: str) -> None:
        size = s.bits // 8
        wire = expected.to_bytes(size, "big" if s.big_endian else "little", signed=s.signed)
        data = _ints(tree)
        if data is not None:
            if bytes(d & 0xFF for d in data) != wire:
                self.fail(path, expected, tree, f"as bytes {list(wire)}")
            return
        if _int(tree) != expected:
            self.fail(path, expected, tree)


def _signed(s: Shape, value: int) -> int:
    bits = s.bits
    return value - (1 << bits) if value >= 1 << (bits - 1) else value
