"""Opt-in real-stack test: the pyqmi shim under OpenWrt's own netifd, ubusd and jshn.

Skipped unless ``PYQMI_OPENWRT_ROOT`` names a local build of the OpenWrt user space pieces
(nothing of it lives in this repository, and no recipe to build it does either). Needs root,
``ip`` (iproute2), ``nsenter`` (util-linux), ``ping``, /dev/net/tun and overlayfs. Run as root
from the checkout: ``PYQMI_OPENWRT_ROOT=/path/to/root .venv/bin/pytest -q tests/e2e``.

Layout of ``$PYQMI_OPENWRT_ROOT`` (paths relative to it):

* ``sbin/ubusd``, ``sbin/netifd``: the daemons (netifd built for Linux, not DUMMY_MODE);
* ``usr/bin/ubus``, ``usr/bin/jshn``: the ubus command line tool and libubox's jshn;
* ``usr/share/libubox/jshn.sh``: libubox's shell JSON helpers;
* ``lib/netifd/netifd-proto.sh``, ``lib/netifd/utils.sh``: netifd's ``scripts/`` directory;
* ``lib/functions.sh``: OpenWrt base-files' shell library (the shim sources it);
* ``bin/sh``: an ash with OpenWrt's extensions (busybox ash; netifd-proto.sh uses ``[[``;
  Debian's busybox has it);
* ``lib/`` or ``usr/lib/``: the shared libraries the binaries need (libubox, libubus,
  libblobmsg_json, libuci, libudebug, libucode, libnl-tiny), put on LD_LIBRARY_PATH;
* ``python/``, put on PYTHONPATH: python-ubus (CZ-NIC, PyPI name ``ubus``) and pyuci
  (CZ-NIC, PyPI name ``pyuci``, module ``uci``), built for this interpreter against the
  libubus and libuci above (or importable by this interpreter already).

How the stack is put together: stack.py. This module: the shim's handler dump, a connect
with status, data refresh, ping and teardown, an invalid option, and an interface that has no
UCI section (``add_dynamic``). test_secrets.py: no PIN or password on ubus, argv, environ or
in the log.
"""

from __future__ import annotations

import json
import os
import select
import time
from collections.abc import Iterator

import pytest

from pyqmi.sim.scenarios import Scenario, scenario

from .stack import ROOT_ENV, SKIP_MESSAGE, Events, Stack, open_stack

if not os.environ.get(ROOT_ENV):
    pytest.skip(SKIP_MESSAGE, allow_module_level=True)

pytestmark = pytest.mark.timeout(180)

IFACE = "wwan"
BAD_IFACE = "wwanbad"  # a PIN that cannot be valid: the daemon must refuse and block restarts
DYN_IFACE = "wwandyn"  # added at run time: no UCI section
APN = "internet.e2e"
DYN_APN = "dynamic.e2e"
PASSWORD = "e2e-Secret-7781"  # must never show up in any process's argv
SECRET_OPTIONS = ("pincode", "password")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("openwrt")
    wwan = {"auto": "0", "apn": APN, "pdptype": "ip", "username": "e2e", "password": PASSWORD}
    wwan |= {"auth": "chap", "timeout": "20"}
    bad = {"auto": "0", "pincode": "12ab"}
    with open_stack(tmp, {IFACE: wwan, BAD_IFACE: bad}, IFACE) as opened:
        yield opened


def test_netifd_loads_the_shim_through_real_jshn(stack: Stack) -> None:
    handlers = stack.ubus("call", "network", "get_proto_handlers")
    assert "pyqmi" in handlers, f"netifd did not register the shim: {handlers}{stack.logs()}"
    shim = handlers["pyqmi"]
    assert shim["no_device"] is True, shim
    assert shim["init_available"] is True, shim
    options = shim.get("validate", {})
    for name in ("device", "apn", "pdptype", "dhcp", "ubus_status"):
        assert name in options, f"option {name} missing from the dump: {sorted(options)}"
    assert "defaultroute" in options  # proto_config_add_defaults
    # netifd hands the shim (on argv) and the daemon (over ubus) only declared options.
    declared = [name for name in SECRET_OPTIONS if name in options]
    assert not declared, f"the shim declares {declared}: netifd would pass them over ubus"


def test_ifup_status_ping_ifdown(stack: Stack) -> None:
    sc = scenario("default")
    assert stack.events is not None
    started = time.monotonic()
    stack.ubus("call", f"network.interface.{IFACE}", "up")
    stack.events.wait_for(f"ifup {IFACE}", 60.0)
    # Reported, not asserted: speed targets live in benchmarks (qmi.sh here: 5.2 s).
    print(f"real netifd: 'up' to the ifup hotplug event in {time.monotonic() - started:.3f} s")
    pid = _assert_up(stack, sc, IFACE, APN)
    assert f"options read from UCI section network.{IFACE}" in stack.log_text("netifd")
    _assert_data_refresh(stack, sc)
    _assert_down(stack, sc, IFACE, pid, stack.events)


def _assert_data_refresh(stack: Stack, sc: Scenario) -> None:
    """The daemon's data refresh (keep, no ifname) updates data and leaves the link alone."""
    import ipaddress

    from pyqmi.netifd.payload import Ipv4Config, LinkReport, build_data_refresh

    before = stack.status(IFACE)
    data = {**before["data"], "technology": "5gnr", "rsrp": -77}
    report = LinkReport(
        interface=IFACE,
        ifname="wwan0",
        ipv4=Ipv4Config(
            address=ipaddress.IPv4Address(sc.ipv4_address),
            prefix_length=sc.ipv4_prefix,
            gateway=ipaddress.IPv4Address(sc.ipv4_gateway),
            dns=tuple(ipaddress.IPv4Address(d) for d in sc.ipv4_dns),
        ),
        data=data,
    )
    stack.ubus("call", "network.interface", "notify_proto", json.dumps(build_data_refresh(report)))
    after = stack.status(IFACE)
    assert after["data"]["technology"] == "5gnr" and after["data"]["rsrp"] == -77, after
    assert after["up"] is True and after["l3_device"] == "wwan0"
    assert after["uptime"] >= before["uptime"], "netifd restarted the interface"
    assert after["ipv4-address"] == before["ipv4-address"]
    assert after["route"] == before["route"] and after["dns-server"] == before["dns-server"]
    ping = stack.run_in("ping", "-c", "1", "-W", "3", sc.ipv4_dns[0])
    assert ping.returncode == 0, ping.stdout + ping.stderr


def _assert_up(stack: Stack, sc: Scenario, iface: str, apn: str) -> int:
    """netifd's view, the kernel's, a ping, the daemon's own object; returns the daemon pid."""
    status = stack.status(iface)
    assert status["up"] is True, f"{status}{stack.logs()}"
    assert status["proto"] == "pyqmi"
    assert status["l3_device"] == "wwan0"
    assert {"address": sc.ipv4_address, "mask": sc.ipv4_prefix} in [
        {"address": a["address"], "mask": a["mask"]} for a in status["ipv4-address"]
    ]
    defaults = [r for r in status["route"] if r["target"] == "0.0.0.0" and r["mask"] == 0]
    assert defaults and defaults[0]["nexthop"] == sc.ipv4_gateway, status["route"]
    assert status["dns-server"] == list(sc.ipv4_dns)
    data = status["data"]
    assert data["apn"] == apn
    assert data["manufacturer"] and data["model"], data
    assert PASSWORD not in json.dumps(status)

    assert f"{sc.ipv4_address}/{sc.ipv4_prefix}" in stack.addresses()
    route = stack.run_in("ip", "-4", "route", "show", "default")
    assert f"via {sc.ipv4_gateway} dev wwan0" in route.stdout, route
    assert f"nameserver {sc.ipv4_dns[0]}" in (stack.tmp / "resolv.conf.auto").read_text()
    ping = stack.run_in("ping", "-c", "1", "-W", "3", sc.ipv4_dns[0])
    assert ping.returncode == 0, ping.stdout + ping.stderr

    pids = stack.daemon_pids(iface)
    assert len(pids) == 1, pids
    assert [c["apn"] for c in stack.sim_state()["calls"]] == [apn]

    # The daemon's own object, served through python-ubus while it holds the link.
    own = stack.ubus("call", f"pyqmi.{iface}", "status")
    assert own["state"] == "connected", own
    assert own["apn"] == apn
    assert [a["address"] for a in own["addresses"]] == [f"{sc.ipv4_address}/{sc.ipv4_prefix}"]
    assert PASSWORD not in json.dumps(own)
    return pids[0]


def _assert_down(
    stack: Stack, sc: Scenario, iface: str, pid: int, events: Events, *, dynamic: bool = False
) -> None:
    """After ifdown: daemon gone, call stopped, addresses and routes flushed, object withdrawn.

    netifd frees a ``dynamic`` interface once it is down, so it is asked for no status.
    """

    daemon = os.pidfd_open(pid)
    try:
        stack.ubus("call", f"network.interface.{iface}", "down")
        events.wait_for(f"ifdown {iface}", 30.0)  # sent when teardown starts
        exited, _, _ = select.select([daemon], [], [], 20.0)
        assert exited, f"the daemon did not exit on ifdown{stack.logs()}"
    finally:
        os.close(daemon)
    assert stack.daemon_pids(iface) == []
    # netifd flushes the addresses once it has reaped the proto task.
    deadline = time.monotonic() + 10
    while sc.ipv4_address in stack.addresses():
        assert time.monotonic() < deadline, f"address left on wwan0 after ifdown{stack.logs()}"
        time.sleep(0.05)
    if dynamic:
        left = stack.run_in(str(stack.root / "usr/bin/ubus"), "list", f"network.interface.{iface}")
        assert left.returncode != 0, f"netifd kept the dynamic interface: {left.stdout}"
    else:
        status = stack.status(iface)
        assert status["up"] is False
        assert not status.get("ipv4-address")
    route = stack.run_in("ip", "-4", "route", "show", "default")
    assert "wwan0" not in route.stdout, route
    assert stack.sim_state()["calls"] == [], stack.sim_state()
    assert f"Interface '{iface}' is now down" in stack.logs()
    gone = stack.run_in(str(stack.root / "usr/bin/ubus"), "list", f"pyqmi.{iface}")
    assert gone.returncode != 0, f"pyqmi.{iface} still on ubus: {gone.stdout}"


def test_invalid_option_is_reported_and_blocks_restart(stack: Stack) -> None:
    stack.ubus("call", f"network.interface.{BAD_IFACE}", "up")
    deadline = time.monotonic() + 20
    while True:
        status = stack.status(BAD_IFACE)
        if status.get("errors") and not stack.daemon_pids(BAD_IFACE):
            break
        assert time.monotonic() < deadline, f"no error reported: {status}{stack.logs()}"
        time.sleep(0.05)
    codes = [e.get("code") for e in status["errors"]]
    assert "PIN_INVALID" in codes, status["errors"]
    assert status["up"] is False
    assert status["autostart"] is False, "netifd would restart the daemon in a loop"
    assert "12ab" not in json.dumps(status)


def test_interface_without_uci_section_uses_netifd_options(stack: Stack) -> None:
    """``add_dynamic``: no section in /etc/config/network, so the daemon takes netifd's copy."""
    sc = scenario("default")
    assert stack.events is not None
    assert f"'{DYN_IFACE}'" not in (stack.tmp / "config/network").read_text()
    spec: dict[str, object] = {"name": DYN_IFACE, "proto": "pyqmi", "device": stack.device}
    spec |= {"apn": DYN_APN, "pdptype": "ip", "timeout": 20}
    stack.ubus("call", "network", "add_dynamic", json.dumps(spec))
    stack.events.wait_for(f"ifup {DYN_IFACE}", 60.0)  # a dynamic interface starts at once
    pid = _assert_up(stack, sc, DYN_IFACE, DYN_APN)
    log = stack.log_text("netifd")
    assert f"no UCI section network.{DYN_IFACE}" in log, log[-4000:]
    assert "using the options netifd passed" in log, log[-4000:]
    _assert_down(stack, sc, DYN_IFACE, pid, stack.events, dynamic=True)
