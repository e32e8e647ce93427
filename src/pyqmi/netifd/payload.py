"""Pure builders for ``ubus call network.interface notify_proto`` and ``network add_dynamic``.

Theory of operation: the daemon hands over facts (what the modem assigned, what the user
configured) as frozen dataclasses; the builders apply the reporting rules and return plain dicts
whose Python types marshal to the blobmsg types netifd's policies demand (see policy.py). No I/O.

Rules, with where they come from:
- Masks and netmasks are prefix lengths as decimal strings ("30", "64"): netifd's
  parse_netmask_string (utils.c) reads a string, taking a dotted quad or, for IPv6 only, a
  number; a number string works for both families. No leading zeros: it parses with base 0.
- The IPv6 address goes in as /128 and the modem's prefix as ``ip6prefix`` "net/len", the way
  qmi.sh reports it. netifd refuses an ip6prefix longer than /64 (proto.c parse_prefix_option)
  and then drops the gateway too, so a longer prefix is not reported as ip6prefix.
- Default routes (0.0.0.0/0, ::/0 via the gateway) only when defaultroute is on, peer DNS only
  when peerdns is on. netifd filters both again per interface (interface-ip.c enable_route,
  no_dns); doing it here too keeps the payload honest about what will be used.
- There is no MTU field in notify_proto (proto-ext.c notify_attr has none; qmi.sh runs
  ``ip link set mtu`` itself), so ``link_mtu`` only decides the value; the daemon sets it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Any, Literal

from pyqmi.frozen import field, frozen
from pyqmi.netifd.policy import check_dynamic, check_payload

ACTION_UPDATE = 0
ACTION_RUN_COMMAND = 1
ACTION_KILL_COMMAND = 2
ACTION_ERROR = 3
ACTION_BLOCK_RESTART = 4
ACTION_SET_AVAILABLE = 5
ACTION_HOST_DEPENDENCY = 6
ACTION_SETUP_FAILED = 7

# proto-ext.c fill_string_list / proto_ext_notify_error array sizes, minus their terminators.
MAX_COMMAND_ARGS = 62
MAX_COMMAND_ENV = 30
MAX_ERROR_ENTRIES = 15
MAX_IP6PREFIX_LENGTH = 64

Json = Any  # str | int | bool | float | list[Json] | dict[str, Json]


class ReportError(ValueError):
    """The facts handed to a builder cannot make a valid netifd message."""


@frozen
class Ipv4Config:
    """IPv4 settings the modem assigned (WDS get_current_settings)."""

    address: IPv4Address
    prefix_length: int
    gateway: IPv4Address | None = None
    dns: tuple[IPv4Address, ...] = ()
    mtu: int | None = None  # what the modem advertises

    def __post_init__(self) -> None:
        if not 0 < self.prefix_length <= 32:
            raise ReportError(f"IPv4 prefix length {self.prefix_length} is not 1..32")

    @property
    def network(self) -> IPv4Network:
        return IPv4Network((self.address, self.prefix_length), strict=False)


@frozen
class Ipv6Config:
    """IPv6 settings the modem assigned."""

    address: IPv6Address
    prefix_length: int
    gateway: IPv6Address | None = None
    dns: tuple[IPv6Address, ...] = ()
    mtu: int | None = None

    def __post_init__(self) -> None:
        if not 0 < self.prefix_length <= 128:
            raise ReportError(f"IPv6 prefix length {self.prefix_length} is not 1..128")

    @property
    def network(self) -> IPv6Network:
        return IPv6Network((self.address, self.prefix_length), strict=False)


@frozen
class ReportOptions:
    """The user's interface options that shape the report (uci defaultroute/peerdns/...)."""

    defaultroute: bool = True
    peerdns: bool = True
    metric: int | None = None  # None: netifd applies the interface metric itself
    mtu: int | None = None  # the ``mtu`` option; wins over the modem's value


@frozen
class LinkReport:
    """Everything one ``update`` (action 0) says about a connected link."""

    interface: str  # the logical netifd interface, e.g. "wwan"
    ifname: str  # the network device, e.g. "wwan0"
    ipv4: Ipv4Config | None = None
    ipv6: Ipv6Config | None = None
    options: ReportOptions = ReportOptions()
    dns_search: tuple[str, ...] = ()
    data: Mapping[str, Json] = field(default_factory=dict)  # shown in `ifstatus` "data"
    keep: bool = False  # keep the device and addresses netifd already has


def _base(action: int, interface: str) -> dict[str, Any]:
    if not interface:
        raise ReportError("interface name must not be empty")
    return {"action": action, "interface": interface}


def _ipv4_routes(v4: Ipv4Config, options: ReportOptions) -> list[dict[str, Any]]:
    routes: list[dict[str, Any]] = []
    if v4.gateway is None:
        return routes
    if v4.gateway not in v4.network:
        # An off-subnet gateway needs an on-link host route or the default route is refused.
        routes.append({"target": str(v4.gateway), "netmask": "32"})
    if options.defaultroute:
        routes.append({"target": "0.0.0.0", "netmask": "0", "gateway": str(v4.gateway)})
    return routes


def _ipv6_routes(v6: Ipv6Config, options: ReportOptions) -> list[dict[str, Any]]:
    routes: list[dict[str, Any]] = []
    if v6.gateway is None:
        return routes
    # The address is reported as /128, so the gateway is reached through a host route.
    routes.append({"target": str(v6.gateway), "netmask": "128"})
    if options.defaultroute:
        routes.append(
            {
                "target": "::",
                "netmask": "0",
                "gateway": str(v6.gateway),
                "source": str(v6.network),
            }
        )
    return routes


def _with_metric(routes: list[dict[str, Any]], metric: int | None) -> list[dict[str, Any]]:
    if metric is None:
        return routes
    return [{**route, "metric": metric} for route in routes]


def _dns(report: LinkReport) -> list[str]:
    servers: list[str] = []
    for config in (report.ipv4, report.ipv6):
        if config is not None:
            servers.extend(str(server) for server in config.dns if str(server) not in servers)
    return servers


def build_update(report: LinkReport) -> dict[str, Any]:
    """Action 0 with link-up true: the device, addresses, routes, DNS and data."""
    if not report.ifname:
        raise ReportError("ifname must not be empty for a link-up update")
    payload = _base(ACTION_UPDATE, report.interface)
    payload.update({"ifname": report.ifname, "link-up": True, "keep": report.keep})
    metric = report.options.metric
    if report.ipv4 is not None:
        v4 = report.ipv4
        payload["ipaddr"] = [{"ipaddr": str(v4.address), "mask": str(v4.prefix_length)}]
        if routes := _ipv4_routes(v4, report.options):
            payload["routes"] = _with_metric(routes, metric)
    if report.ipv6 is not None:
        v6 = report.ipv6
        payload["ip6addr"] = [{"ipaddr": str(v6.address), "mask": "128"}]
        if v6.prefix_length <= MAX_IP6PREFIX_LENGTH:
            payload["ip6prefix"] = [str(v6.network)]
        if routes := _ipv6_routes(v6, report.options):
            payload["routes6"] = _with_metric(routes, metric)
    if report.options.peerdns:
        if dns := _dns(report):
            payload["dns"] = dns
        if report.dns_search:
            payload["dns_search"] = list(report.dns_search)
    if report.data:
        payload["data"] = dict(report.data)
    check_payload(payload)
    return payload


def build_data_refresh(report: LinkReport) -> dict[str, Any]:
    """Action 0 for a link that is already up: only fresh ``data``.

    With ``keep`` and no ``ifname`` netifd keeps its device, addresses, routes and
    DNS as they are (proto-ext.c turns ``keep`` off whenever ``ifname`` is present).
    Repeating the settings here would duplicate the DNS servers: netifd appends
    them without flushing when it keeps the old ones (seen under real netifd).
    """
    payload = _base(ACTION_UPDATE, report.interface)
    payload.update({"link-up": True, "keep": True, "data": dict(report.data)})
    check_payload(payload)
    return payload


def build_link_down(interface: str) -> dict[str, Any]:
    """Action 0 with link-up false: netifd treats it as link lost."""
    return {**_base(ACTION_UPDATE, interface), "link-up": False}


def link_mtu(report: LinkReport) -> int | None:
    """The MTU the daemon should set on the device: the option, else the modem's smallest."""
    if report.options.mtu is not None:
        return report.options.mtu
    offered = [c.mtu for c in (report.ipv4, report.ipv6) if c is not None and c.mtu]
    return min(offered) if offered else None


def build_run_command(
    interface: str, command: Sequence[str], env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Action 1: netifd starts ``command`` as the interface's proto task."""
    if not command:
        raise ReportError("command must not be empty")
    if len(command) > MAX_COMMAND_ARGS:
        raise ReportError(f"netifd accepts at most {MAX_COMMAND_ARGS} command arguments")
    env = env or {}
    if len(env) > MAX_COMMAND_ENV:
        raise ReportError(f"netifd accepts at most {MAX_COMMAND_ENV} environment entries")
    for name in env:
        if not name or "=" in name:
            raise ReportError(f"bad environment variable name {name!r}")
    payload = {**_base(ACTION_RUN_COMMAND, interface), "command": list(command)}
    if env:
        payload["env"] = [f"{name}={value}" for name, value in env.items()]
    return payload


def build_kill_command(interface: str, signal: int | None = None) -> dict[str, Any]:
    """Action 2: signal the proto task; netifd sends SIGTERM when no signal is given."""
    payload = _base(ACTION_KILL_COMMAND, interface)
    if signal is not None:
        if not 0 < signal < 32:
            raise ReportError(f"signal {signal} is not 1..31 (netifd would send SIGTERM)")
        payload["signal"] = int(signal)
    return payload


def build_error(interface: str, code: str, *details: str) -> dict[str, Any]:
    """Action 3: an error code (e.g. PIN_FAILED) shown in ``ifstatus`` errors."""
    if not code:
        raise ReportError("error code must not be empty")
    if 1 + len(details) > MAX_ERROR_ENTRIES:
        raise ReportError(f"netifd accepts at most {MAX_ERROR_ENTRIES} error entries")
    return {**_base(ACTION_ERROR, interface), "error": [code, *details]}


def build_block_restart(interface: str) -> dict[str, Any]:
    """Action 4: stop netifd from restarting the interface by itself (autostart off)."""
    return _base(ACTION_BLOCK_RESTART, interface)


def build_set_available(interface: str, available: bool) -> dict[str, Any]:
    """Action 5: mark the interface (un)available, e.g. when the control device is gone."""
    return {**_base(ACTION_SET_AVAILABLE, interface), "available": bool(available)}


def build_host_dependency(
    interface: str, host: str | None = None, ifname: str | None = None
) -> dict[str, Any]:
    """Action 6: keep a host route to ``host`` (an IP literal) or depend on ``ifname``."""
    payload = _base(ACTION_HOST_DEPENDENCY, interface)
    if host:
        try:
            ipaddress.ip_address(host)
        except ValueError as exc:
            raise ReportError(f"host dependency {host!r} is not an IP address") from exc
        payload["host"] = host
    elif not ifname:
        raise ReportError("a host dependency needs a host address or an interface")
    if ifname:
        payload["ifname"] = ifname
    return payload


def build_setup_failed(interface: str) -> dict[str, Any]:
    """Action 7: setup failed; netifd tears the interface down."""
    return _base(ACTION_SETUP_FAILED, interface)


def build_dynamic_interface(
    parent: str,
    family: Literal[4, 6],
    *,
    zone: str | None = None,
    table: str | None = None,
    options: ReportOptions | None = None,
    dual_stack: bool = False,
) -> dict[str, Any]:
    """``network add_dynamic`` config for the ``<parent>_4`` (dhcp) / ``_6`` (dhcpv6) child."""
    if not parent:
        raise ReportError("parent interface name must not be empty")
    config: dict[str, Any] = {"name": f"{parent}_{family}", "ifname": f"@{parent}"}
    if family == 4:
        config["proto"] = "dhcp"
        if table:
            config["ip4table"] = table
    elif family == 6:
        if dual_stack:
            config["iface_464xlat"] = "0"  # IPv4 comes natively; no CLAT needed
        config["proto"] = "dhcpv6"
        if table:
            config["ip6table"] = table
        config["extendprefix"] = "1"  # RFC 7278: share the mobile /64 with the LAN
    else:
        raise ReportError(f"address family must be 4 or 6, not {family!r}")
    if options is not None:
        config["defaultroute"] = options.defaultroute
        config["peerdns"] = options.peerdns
        if options.metric is not None:
            config["metric"] = options.metric
    if zone:
        config["zone"] = zone
    check_dynamic(config)
    return config
