"""The kernel edge: SysfsKernel against a sysfs tree in a temp dir, FakeKernel, and the daemon
driving each through the Kernel protocol (raw_ip, ip link, MTU, the release) with no test hook.
"""

from __future__ import annotations

import inspect
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from pyqmi import frozen
from pyqmi.daemon import runner
from pyqmi.daemon.kernel import Counters, FakeKernel, Kernel, KernelError, SysfsKernel

from .harness import running


def make_sysfs(root: Path, *, control: str = "cdc-wdm0", cls: str = "usbmisc") -> Path:
    """A tree like /sys for one qmi_wwan modem: control device -> wwan0 with a raw_ip switch."""
    (root / "class" / cls / control / "device" / "net" / "wwan0").mkdir(parents=True)
    switch = root / "class" / "net" / "wwan0" / "qmi" / "raw_ip"
    switch.parent.mkdir(parents=True)
    switch.write_text("N\n")
    return switch


def fake_ip(tmp_path: Path, body: str) -> str:
    """An ``ip`` stand-in: a script that logs its arguments to ip.log, then runs ``body``."""
    script = tmp_path / "ip"
    log = tmp_path / "ip.log"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\n{body}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


# --- SysfsKernel against a fake sysfs tree ----------------------------------------------------


@pytest.mark.parametrize(("cls", "control"), [("usbmisc", "cdc-wdm0"), ("wwan", "wwan0qmi0")])
def test_sysfs_finds_the_data_interface_of_a_control_device(
    tmp_path: Path, cls: str, control: str
) -> None:
    make_sysfs(tmp_path, control=control, cls=cls)
    kernel = SysfsKernel(str(tmp_path))
    assert kernel.data_interface(f"/dev/{control}") == "wwan0"
    assert kernel.data_interface("/dev/cdc-wdm7") is None
    assert kernel.has_interface("wwan0") and not kernel.has_interface("wwan1")
    assert kernel.has_raw_ip_switch("wwan0")


def test_sysfs_with_a_given_name_does_not_look_it_up(tmp_path: Path) -> None:
    kernel = SysfsKernel(str(tmp_path), ifname="tun7")
    assert kernel.data_interface("/dev/cdc-wdm0") == "tun7"
    assert not kernel.has_interface("tun7")  # everything else is still the real tree


def test_sysfs_sets_raw_ip_and_leaves_a_matching_switch_alone(tmp_path: Path) -> None:
    switch = make_sysfs(tmp_path)
    kernel = SysfsKernel(str(tmp_path))
    kernel.set_raw_ip("wwan0", True)
    assert switch.read_text() == "Y"
    switch.write_text("Y\n")  # as the kernel shows it
    kernel.set_raw_ip("wwan0", True)
    assert switch.read_text() == "Y\n"  # already Y: not written again
    kernel.set_raw_ip("wwan0", False)
    assert switch.read_text() == "N"


def test_sysfs_without_a_switch_is_a_named_error(tmp_path: Path) -> None:
    (tmp_path / "class" / "net" / "wwan0").mkdir(parents=True)  # qmi_wwan before Linux 4.5
    kernel = SysfsKernel(str(tmp_path))
    assert kernel.has_interface("wwan0") and not kernel.has_raw_ip_switch("wwan0")
    with pytest.raises(KernelError) as caught:
        kernel.set_raw_ip("wwan0", True)
    assert str(caught.value) == f"cannot set {tmp_path}/class/net/wwan0/qmi/raw_ip to Y"


def test_sysfs_refused_write_is_logged_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    switch = make_sysfs(tmp_path)
    switch.unlink()
    switch.mkdir()  # opening a directory fails with an OSError other than "not found"
    with pytest.raises(KernelError, match=r"to Y$"):
        SysfsKernel(str(tmp_path)).set_raw_ip("wwan0", True)
    assert any("cannot set" in r.getMessage() for r in caplog.records)


def test_sysfs_release_is_the_running_kernels_unless_given() -> None:
    assert SysfsKernel().release() == os.uname().release
    assert SysfsKernel(kernel_release="4.4.61").release() == "4.4.61"


async def test_sysfs_runs_ip_for_link_down_and_mtu(tmp_path: Path) -> None:
    kernel = SysfsKernel(str(tmp_path), ip_command=fake_ip(tmp_path, "exit 0"))
    assert await kernel.link_down("wwan0")
    assert await kernel.set_mtu("wwan0", 1400)
    assert (tmp_path / "ip.log").read_text().splitlines() == [
        "link set dev wwan0 down",
        "link set dev wwan0 mtu 1400",
    ]


async def test_sysfs_ip_failures_are_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    failing = SysfsKernel(ip_command=fake_ip(tmp_path, "echo 'no such device' >&2; exit 1"))
    assert not await failing.set_mtu("wwan9", 1500)
    missing = SysfsKernel(ip_command=str(tmp_path / "no-ip-here"))
    assert not await missing.link_down("wwan9")
    hanging = SysfsKernel(ip_command=fake_ip(tmp_path, "exec sleep 30"))
    assert not await hanging.run_ip("link", "show", timeout=0.2)  # the bound, not a sync
    text = [r.getMessage() for r in caplog.records]
    assert "ip link set dev wwan9 mtu 1500 failed: no such device" in text
    assert any(t.startswith("cannot run ip link set dev wwan9 down") for t in text)
    assert "ip link show timed out" in text


# --- FakeKernel ----------------------------------------------------------------------------


async def test_fake_kernel_records_changes_and_refuses_like_the_real_one() -> None:
    kernel = FakeKernel(interfaces={"wwan0": False, "old0": None})
    assert kernel.has_raw_ip_switch("wwan0") and not kernel.has_raw_ip_switch("old0")
    assert await kernel.link_down("wwan0")
    kernel.set_raw_ip("wwan0", True)
    kernel.set_raw_ip("wwan0", True)  # no change, not recorded
    assert not await kernel.set_mtu("gone0", 1500)
    assert kernel.changes == [("down", "wwan0"), ("raw_ip", "wwan0", "Y"), ("mtu", "gone0", "1500")]
    with pytest.raises(KernelError):
        kernel.set_raw_ip("old0", True)
    with pytest.raises(KernelError):
        FakeKernel(interfaces={"wwan0": False}, refuse_raw_ip=True).set_raw_ip("wwan0", True)


def test_both_kernels_satisfy_the_protocol() -> None:
    def members(cls: type) -> set[str]:
        return {n for n, _ in inspect.getmembers(cls, callable) if not n.startswith("_")}

    wanted = members(Kernel)
    assert wanted <= members(SysfsKernel) and wanted <= members(FakeKernel)
    for name in wanted:
        proto = inspect.iscoroutinefunction(getattr(Kernel, name))
        assert inspect.iscoroutinefunction(getattr(SysfsKernel, name)) == proto, name
        assert inspect.iscoroutinefunction(getattr(FakeKernel, name)) == proto, name


def test_no_test_hook_is_left_in_the_daemons_logic() -> None:
    fields = set(frozen.field_names(runner.Deps))
    assert not fields & {"ifname", "sys_root"}
    daemon_dir = os.path.dirname(runner.__file__)
    for name in sorted(os.listdir(daemon_dir)):  # every module of the daemon, present or future
        if not name.endswith(".py") or name == "kernel.py":
            continue  # the kernel edge is the one place that knows sysfs and ip
        with open(os.path.join(daemon_dir, name), encoding="utf-8") as source:
            text = source.read()
        assert "deps.ifname" not in text and "sys_root" not in text, name
        assert "datapath" not in text, name
    assert "pyqmi.daemon.datapath" not in sys.modules


# --- the daemon through the Kernel ----------------------------------------------------------


async def test_raw_ip_switch_is_set_with_the_link_down_first(tmp_path: Path) -> None:
    kernel = FakeKernel(interfaces={"wwan0": False})
    async with running(tmp_path, "sierra-mc7455", deps_overrides={"kernel": kernel}) as run:
        up = await run.until_up()
    assert up["data"]["data_format"] == "raw-ip"
    assert kernel.changes[:2] == [("down", "wwan0"), ("raw_ip", "wwan0", "Y")]
    assert kernel.interfaces["wwan0"] is True


async def test_a_kernel_without_the_switch_gets_8023(tmp_path: Path) -> None:
    kernel = FakeKernel(interfaces={"wwan0": None})  # qmi_wwan before Linux 4.5
    async with running(tmp_path, deps_overrides={"kernel": kernel}) as run:
        up = await run.until_up()
        assert run.sim.state.data_format == "ieee_802_3"
    assert up["data"]["data_format"] == "802.3"
    assert not [c for c in kernel.changes if c[0] in ("down", "raw_ip")]


async def test_a_refused_switch_is_data_format_failed(tmp_path: Path) -> None:
    kernel = FakeKernel(interfaces={"wwan0": False}, refuse_raw_ip=True)
    overrides = {"kernel": kernel}
    async with running(tmp_path, "sierra-mc7455", deps_overrides=overrides) as run:
        await run.until(lambda: "DATA_FORMAT_FAILED" in run.errors())
        text = run.error_text("DATA_FORMAT_FAILED")
    assert text == "cannot set wwan0's raw_ip to Y: is another program using wwan0?"


@pytest.mark.parametrize(
    ("options", "mtu"),
    [
        ({"mtu": 1400}, "1400"),  # the option wins
        ({"mtu": 1400, "dhcp": 1}, "1400"),  # also with DHCP
        ({}, "1500"),  # else the modem's, from the static settings
        ({"dhcp": 1}, None),  # with DHCP the modem's settings are not reported: none set
    ],
)
async def test_the_link_mtu_is_the_option_else_the_modems(
    tmp_path: Path, options: dict[str, Any], mtu: str | None
) -> None:
    """The connect path's MTU rule: set on the interface by the daemon, never sent to netifd."""
    kernel = FakeKernel(interfaces={"wwan0": False})
    async with running(tmp_path, deps_overrides={"kernel": kernel}, **options) as run:
        up = await run.until_up()
        if options.get("dhcp"):
            await run.until(lambda: any(c.method == "add_dynamic" for c in run.bus.calls))
    sent = [c.args for c in run.bus.calls if c.method == "add_dynamic"] + [up]
    assert not [body for body in sent if "mtu" in body]
    assert [c for c in kernel.changes if c[0] == "mtu"] == ([("mtu", "wwan0", mtu)] if mtu else [])


async def test_no_interface_means_no_mtu_and_no_switch(tmp_path: Path) -> None:
    kernel = FakeKernel(ifname=None)  # no data interface known: the report names wwan0
    async with running(tmp_path, deps_overrides={"kernel": kernel}, mtu=1400) as run:
        up = await run.until_up()
    assert up["ifname"] == "wwan0" and kernel.changes == []


# --- packet counters and the probe (the data-stall watchdog's reads) ------------------------


def test_sysfs_counters_read_rx_and_tx_packets(tmp_path: Path) -> None:
    stats = tmp_path / "class" / "net" / "wwan0" / "statistics"
    stats.mkdir(parents=True)
    (stats / "rx_packets").write_text("1234\n")
    (stats / "tx_packets").write_text("99\n")
    kernel = SysfsKernel(sys_root=str(tmp_path))
    assert kernel.counters("wwan0") == Counters(1234, 99)
    assert kernel.counters("wwan9") is None  # no such interface: unreadable, not an error
    (stats / "tx_packets").write_text("garbage")
    assert kernel.counters("wwan0") is None


async def test_sysfs_probe_pings_once_through_the_interface(tmp_path: Path) -> None:
    args = tmp_path / "args"
    ping = tmp_path / "ping"
    ping.write_text(f'#!/bin/sh\necho "$@" > {args}\nexit 0\n')
    ping.chmod(0o755)
    assert await SysfsKernel(ping_command=str(ping)).probe("192.0.2.1", "wwan0", 2.0)
    assert args.read_text().split() == ["-c", "1", "-W", "2", "-I", "wwan0", "192.0.2.1"]
    ping.write_text("#!/bin/sh\nexit 1\n")
    assert not await SysfsKernel(ping_command=str(ping)).probe("192.0.2.1", "wwan0", 1.0)


async def test_fake_kernel_counts_traffic_and_answers_probes() -> None:
    kernel = FakeKernel()
    assert kernel.counters("wwan0") is None
    kernel.traffic("wwan0", rx=3, tx=5)
    kernel.traffic("wwan0", tx=1)
    assert kernel.counters("wwan0") == Counters(3, 6)
    assert await kernel.probe("192.0.2.1", "wwan0", 1.0)
    kernel.probe_answers = False
    assert not await kernel.probe("192.0.2.1", "wwan0", 1.0)
    assert kernel.probes == ["192.0.2.1", "192.0.2.1"]
