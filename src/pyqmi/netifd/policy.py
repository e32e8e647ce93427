"""The blobmsg type policies netifd applies to what we send it, kept as data.

Theory of operation: python-ubus turns a Python dict into JSON and libubox turns that JSON into
a blobmsg (str -> STRING, bool -> BOOL, int -> INT32, list -> ARRAY, dict -> TABLE). netifd then
parses the message with fixed policies, and a field whose blobmsg type differs from its policy
is silently dropped: a netmask sent as an int, or ``link-up`` sent as the string "1", simply
vanishes and the interface comes up half-configured. ``check_payload`` applies the same
policies here and raises instead, so a type slip fails a test rather than a router.

Source facts (openwrt/netifd): the top-level policy is ``notify_attr`` in proto-ext.c; the
address/gateway keys of an update are parsed from the same message by ``proto_ip_attributes``
and the per-address tables by ``proto_ip_addr`` (both proto.c); route tables by ``route_attr``
(interface-ip.c); the ``interface`` key by ``iface_policy`` (ubus.c); ``network add_dynamic``
takes an interface config parsed by ``iface_attrs`` (interface.c).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from pyqmi.frozen import frozen

INT32_MIN = -(2**31)
UINT32_MAX = 2**32 - 1


class BlobType(enum.Enum):
    STRING = "string"
    BOOL = "bool"
    INT32 = "int32"
    ARRAY = "array"
    TABLE = "table"


@frozen
class Field:
    """One policy entry: the blobmsg type, and for arrays/tables what they hold."""

    type: BlobType
    items: BlobType | None = None  # element type of an ARRAY
    table: Mapping[str, Field] | None = None  # policy of TABLE elements (or of a TABLE itself)


STR, BOOL, INT = Field(BlobType.STRING), Field(BlobType.BOOL), Field(BlobType.INT32)
STRING_LIST = Field(BlobType.ARRAY, items=BlobType.STRING)

# proto.c proto_ip_addr: one entry of "ipaddr" / "ip6addr".
ADDRESS_POLICY: Mapping[str, Field] = {
    "ipaddr": STR,
    "mask": STR,
    "broadcast": STR,
    "ptp": STR,
    "preferred": INT,
    "valid": INT,
    "offlink": BOOL,
    "class": STR,
}

# interface-ip.c route_attr: one entry of "routes" / "routes6".
ROUTE_POLICY: Mapping[str, Field] = {
    "interface": STR,
    "target": STR,
    "netmask": STR,
    "gateway": STR,
    "metric": INT,
    "mtu": INT,
    "table": STR,
    "valid": INT,
    "source": STR,
    "onlink": BOOL,
    "type": STR,
    "proto": STR,
    "disabled": BOOL,
}

# interface-ip.c neighbor_attr.
NEIGHBOR_POLICY: Mapping[str, Field] = {
    "interface": STR,
    "ipaddr": STR,
    "mac": STR,
    "proxy": BOOL,
    "router": BOOL,
}

# proto-ext.c notify_attr, plus proto.c proto_ip_attributes (read from the same update
# message) and ubus.c iface_policy ("interface").
NOTIFY_POLICY: Mapping[str, Field] = {
    "action": INT,
    "interface": STR,
    "error": STRING_LIST,
    "command": STRING_LIST,
    "env": STRING_LIST,
    "signal": INT,
    "available": BOOL,
    "link-up": BOOL,
    "ifname": STR,
    "address-external": BOOL,
    "routes": Field(BlobType.ARRAY, items=BlobType.TABLE, table=ROUTE_POLICY),
    "routes6": Field(BlobType.ARRAY, items=BlobType.TABLE, table=ROUTE_POLICY),
    "tunnel": Field(BlobType.TABLE),
    "data": Field(BlobType.TABLE),
    "keep": BOOL,
    "host": STR,
    "dns": STRING_LIST,
    "dns_search": STRING_LIST,
    "neighbor": Field(BlobType.ARRAY, items=BlobType.TABLE, table=NEIGHBOR_POLICY),
    "neighbor6": Field(BlobType.ARRAY, items=BlobType.TABLE, table=NEIGHBOR_POLICY),
    "ipaddr": Field(BlobType.ARRAY, items=BlobType.TABLE, table=ADDRESS_POLICY),
    "ip6addr": Field(BlobType.ARRAY, items=BlobType.TABLE, table=ADDRESS_POLICY),
    "netmask": STR,
    "broadcast": STR,
    "ptpaddr": STR,
    "gateway": STR,
    "ip6gw": STR,
    "ip6prefix": STRING_LIST,
    "ip6deprecated": BOOL,
}

# Keys each action cannot do without (proto-ext.c returns INVALID_ARGUMENT when absent).
REQUIRED_BY_ACTION: Mapping[int, tuple[str, ...]] = {
    0: ("link-up",),
    1: ("command",),
    2: (),
    3: ("error",),
    4: (),
    5: ("available",),
    6: (),
    7: (),
}

# interface.c iface_attrs (the subset a dynamic child interface uses), plus "name" (ubus.c
# dynamic_policy), "proto", and the dhcpv6 options qmi.sh passes as strings.
DYNAMIC_POLICY: Mapping[str, Field] = {
    "name": STR,
    "ifname": STR,
    "proto": STR,
    "zone": STR,
    "ip4table": STR,
    "ip6table": STR,
    "defaultroute": BOOL,
    "peerdns": BOOL,
    "metric": INT,
    "extendprefix": STR,
    "iface_464xlat": STR,
}


class PayloadError(ValueError):
    """A payload netifd would reject or silently mangle."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class PayloadTypeError(PayloadError):
    """A field whose Python type would marshal to the wrong blobmsg type."""


class UnknownField(PayloadError):
    """A key netifd has no policy for (it would be ignored: most likely a typo)."""


class MissingField(PayloadError):
    """A key the action needs is absent."""


def blob_type_of(value: object) -> BlobType | None:
    """The blobmsg type python-ubus/libubox would produce for ``value``, or None."""
    if isinstance(value, bool):  # before int: bool is an int subclass but marshals as BOOL
        return BlobType.BOOL
    if isinstance(value, int):
        return BlobType.INT32 if INT32_MIN <= value <= UINT32_MAX else None
    if isinstance(value, str):
        return BlobType.STRING
    if isinstance(value, list | tuple):
        return BlobType.ARRAY
    if isinstance(value, dict):
        return BlobType.TABLE
    return None


def _check_value(path: str, value: object, field: Field) -> None:
    got = blob_type_of(value)
    if got is not field.type:
        shown = type(value).__name__ if got is None else got.value
        raise PayloadTypeError(path, f"expected {field.type.value}, got {shown} ({value!r})")
    if field.type is BlobType.ARRAY and field.items is not None:
        assert isinstance(value, list | tuple)
        element = Field(field.items, table=field.table)
        for index, item in enumerate(value):
            _check_value(f"{path}[{index}]", item, element)
    elif field.type is BlobType.TABLE and field.table is not None:
        assert isinstance(value, dict)
        _check_table(path, value, field.table)


def _check_table(path: str, table: Mapping[str, Any], policy: Mapping[str, Field]) -> None:
    for key, value in table.items():
        where = f"{path}.{key}" if path else str(key)
        field = policy.get(key)
        if field is None:
            raise UnknownField(where, "no such field in netifd's policy")
        _check_value(where, value, field)


def check_payload(payload: Mapping[str, Any]) -> None:
    """Raise a PayloadError unless ``payload`` is a well-typed ``notify_proto`` message."""
    for key in ("action", "interface"):
        if key not in payload:
            raise MissingField(key, "every notify_proto message needs it")
    _check_table("", payload, NOTIFY_POLICY)
    action = payload["action"]
    if action not in REQUIRED_BY_ACTION:
        raise PayloadError("action", f"unknown action {action}")
    for key in REQUIRED_BY_ACTION[action]:
        if key not in payload:
            raise MissingField(key, f"action {action} needs it")


def check_dynamic(config: Mapping[str, Any]) -> None:
    """Raise a PayloadError unless ``config`` is a well-typed ``network add_dynamic`` message."""
    if "name" not in config:
        raise MissingField("name", "add_dynamic needs the new interface's name")
    _check_table("", config, DYNAMIC_POLICY)
