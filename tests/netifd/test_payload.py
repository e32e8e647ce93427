from ipaddress import IPv4Address, IPv6Address

import pytest

from pyqmi.netifd.payload import (
    Ipv4Config,
    Ipv6Config,
    LinkReport,
    ReportError,
    ReportOptions,
    build_block_restart,
    build_data_refresh,
    build_dynamic_interface,
    build_error,
    build_host_dependency,
    build_kill_command,
    build_link_down,
    build_run_command,
    build_set_available,
    build_setup_failed,
    build_update,
    link_mtu,
)
from pyqmi.netifd.policy import check_dynamic, check_payload

V4 = Ipv4Config(
    address=IPv4Address("10.64.12.34"),
    prefix_length=30,
    gateway=IPv4Address("10.64.12.33"),
    dns=(IPv4Address("10.11.12.13"), IPv4Address("10.11.12.14")),
    mtu=1500,
)
V6 = Ipv6Config(
    address=IPv6Address("2a00:1:2:3:a:b:c:d"),
    prefix_length=64,
    gateway=IPv6Address("2a00:1:2:3::1"),
    dns=(IPv6Address("2a00:1::53"),),
    mtu=1430,
)


def report(**options: object) -> LinkReport:
    return LinkReport(
        interface="wwan",
        ifname="wwan0",
        ipv4=V4,
        ipv6=V6,
        options=ReportOptions(**options),  # type: ignore[arg-type]
        data={"pdh_4": "123"},
    )


def test_typical_dual_stack_update_is_exact() -> None:
    assert build_update(report()) == {
        "action": 0,
        "interface": "wwan",
        "ifname": "wwan0",
        "link-up": True,
        "keep": False,
        "ipaddr": [{"ipaddr": "10.64.12.34", "mask": "30"}],
        "routes": [{"target": "0.0.0.0", "netmask": "0", "gateway": "10.64.12.33"}],
        "ip6addr": [{"ipaddr": "2a00:1:2:3:a:b:c:d", "mask": "128"}],
        "ip6prefix": ["2a00:1:2:3::/64"],
        "routes6": [
            {"target": "2a00:1:2:3::1", "netmask": "128"},
            {
                "target": "::",
                "netmask": "0",
                "gateway": "2a00:1:2:3::1",
                "source": "2a00:1:2:3::/64",
            },
        ],
        "dns": ["10.11.12.13", "10.11.12.14", "2a00:1::53"],
        "data": {"pdh_4": "123"},
    }


def test_masks_are_strings_so_netifd_keeps_them() -> None:
    payload = build_update(report())
    assert isinstance(payload["ipaddr"][0]["mask"], str)
    assert all(isinstance(r["netmask"], str) for r in payload["routes"] + payload["routes6"])


def test_defaultroute_off_drops_only_default_routes() -> None:
    payload = build_update(report(defaultroute=False))
    assert "routes" not in payload
    assert payload["routes6"] == [{"target": "2a00:1:2:3::1", "netmask": "128"}]
    assert payload["ipaddr"] == [{"ipaddr": "10.64.12.34", "mask": "30"}]


def test_peerdns_off_drops_dns() -> None:
    payload = build_update(report(peerdns=False))
    assert "dns" not in payload
    assert "dns_search" not in payload


def test_metric_is_put_on_every_route_when_set() -> None:
    payload = build_update(report(metric=20))
    assert {r["metric"] for r in payload["routes"] + payload["routes6"]} == {20}
    assert all("metric" not in r for r in build_update(report())["routes"])


def test_off_subnet_ipv4_gateway_gets_a_host_route_first() -> None:
    v4 = Ipv4Config(IPv4Address("100.70.1.2"), 32, gateway=IPv4Address("100.70.1.1"))
    payload = build_update(LinkReport("wwan", "wwan0", ipv4=v4))
    assert payload["routes"] == [
        {"target": "100.70.1.1", "netmask": "32"},
        {"target": "0.0.0.0", "netmask": "0", "gateway": "100.70.1.1"},
    ]


def test_ipv6_prefix_longer_than_64_is_not_delegated() -> None:
    v6 = Ipv6Config(IPv6Address("2a00::5"), 128, gateway=IPv6Address("fe80::1"))
    payload = build_update(LinkReport("wwan", "wwan0", ipv6=v6))
    assert "ip6prefix" not in payload
    assert payload["routes6"][1]["source"] == "2a00::5/128"


def test_duplicate_dns_servers_reported_once() -> None:
    v4 = Ipv4Config(IPv4Address("10.0.0.2"), 24, dns=(IPv4Address("10.0.0.1"),) * 2)
    assert build_update(LinkReport("wwan", "wwan0", ipv4=v4))["dns"] == ["10.0.0.1"]


def test_ipv4_only_update_has_no_ipv6_keys() -> None:
    payload = build_update(LinkReport("wwan", "wwan0", ipv4=V4, keep=True))
    assert payload["keep"] is True
    assert not {"ip6addr", "ip6prefix", "routes6"} & payload.keys()


def test_bad_prefix_and_empty_names_are_refused() -> None:
    with pytest.raises(ReportError):
        Ipv4Config(IPv4Address("10.0.0.1"), 33)
    with pytest.raises(ReportError):
        Ipv6Config(IPv6Address("::1"), 0)
    with pytest.raises(ReportError):
        build_update(LinkReport("wwan", "", ipv4=V4))
    with pytest.raises(ReportError):
        build_error("", "NO_DEVICE")


def test_link_mtu_option_wins_else_smallest_modem_value() -> None:
    assert link_mtu(report()) == 1430
    assert link_mtu(report(mtu=1280)) == 1280
    assert link_mtu(LinkReport("wwan", "wwan0")) is None


def test_small_actions_exact() -> None:
    assert build_link_down("wwan") == {"action": 0, "interface": "wwan", "link-up": False}
    assert build_error("wwan", "PIN_FAILED") == {
        "action": 3,
        "interface": "wwan",
        "error": ["PIN_FAILED"],
    }
    assert build_error("wwan", "CALL_FAILED", "ipv4", "detail")["error"] == [
        "CALL_FAILED",
        "ipv4",
        "detail",
    ]
    assert build_block_restart("wwan") == {"action": 4, "interface": "wwan"}
    assert build_set_available("wwan", False) == {
        "action": 5,
        "interface": "wwan",
        "available": False,
    }
    assert build_setup_failed("wwan") == {"action": 7, "interface": "wwan"}
    assert build_kill_command("wwan") == {"action": 2, "interface": "wwan"}
    assert build_kill_command("wwan", 15)["signal"] == 15


def test_run_command_env_as_assignments() -> None:
    payload = build_run_command("wwan", ["/usr/bin/pyqmi", "daemon"], {"IFACE": "wwan"})
    assert payload == {
        "action": 1,
        "interface": "wwan",
        "command": ["/usr/bin/pyqmi", "daemon"],
        "env": ["IFACE=wwan"],
    }
    with pytest.raises(ReportError):
        build_run_command("wwan", [])
    with pytest.raises(ReportError):
        build_run_command("wwan", ["x"] * 63)
    with pytest.raises(ReportError):
        build_run_command("wwan", ["x"], {"A=B": "c"})


def test_limits_of_error_and_signal() -> None:
    with pytest.raises(ReportError):
        build_error("wwan", "X", *["d"] * 15)
    with pytest.raises(ReportError):
        build_kill_command("wwan", 32)


def test_host_dependency() -> None:
    assert build_host_dependency("wwan", "192.0.2.1") == {
        "action": 6,
        "interface": "wwan",
        "host": "192.0.2.1",
    }
    assert build_host_dependency("wwan", ifname="lan")["ifname"] == "lan"
    with pytest.raises(ReportError):
        build_host_dependency("wwan", "example.org")
    with pytest.raises(ReportError):
        build_host_dependency("wwan")


def test_every_builder_output_passes_the_policy() -> None:
    payloads = [
        build_update(report()),
        build_update(report(defaultroute=False, peerdns=False, metric=5)),
        build_link_down("wwan"),
        build_run_command("wwan", ["a"], {"K": "v"}),
        build_kill_command("wwan", 9),
        build_error("wwan", "NO_CID"),
        build_block_restart("wwan"),
        build_set_available("wwan", True),
        build_host_dependency("wwan", "2001:db8::1", "lan"),
        build_setup_failed("wwan"),
    ]
    for payload in payloads:
        check_payload(payload)
    assert [p["action"] for p in payloads] == [0, 0, 0, 1, 2, 3, 4, 5, 6, 7]


def test_dynamic_dhcp_children() -> None:
    v4 = build_dynamic_interface("wwan", 4, zone="wan", options=ReportOptions(metric=10))
    assert v4 == {
        "name": "wwan_4",
        "ifname": "@wwan",
        "proto": "dhcp",
        "defaultroute": True,
        "peerdns": True,
        "metric": 10,
        "zone": "wan",
    }
    v6 = build_dynamic_interface("wwan", 6, table="100", dual_stack=True)
    assert v6 == {
        "name": "wwan_6",
        "ifname": "@wwan",
        "iface_464xlat": "0",
        "proto": "dhcpv6",
        "ip6table": "100",
        "extendprefix": "1",
    }
    check_dynamic(v4)
    check_dynamic(v6)
    with pytest.raises(ReportError):
        build_dynamic_interface("wwan", 5)  # type: ignore[arg-type]


def test_data_refresh_carries_only_data_with_keep_and_no_ifname() -> None:
    # keep without ifname: netifd keeps device, addresses, routes and DNS (proto-ext.c);
    # repeating DNS under keep would duplicate it (seen under real netifd, tests/e2e).
    body = build_data_refresh(report())
    assert body == {
        "action": 0,
        "interface": report().interface,
        "link-up": True,
        "keep": True,
        "data": dict(report().data),
    }
    check_payload(body)
