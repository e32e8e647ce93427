"""The daemon end to end over the simulator's pty: the I/O edges the link machine cannot see.

Every policy rule (the connect order, PIN rules, fallbacks, backoff, max_attempts, refresh
rate limits, the teardown budget, SIGTERM in every wait) is tested in virtual time in
tests/session/.  These tests prove what only real I/O shows: the requests each operation
sends and how the answers and indications decode, the transport's faults reaching the
machine, netifd's payloads through the bus, the client IDs given back, and the runner's one
timer and cancellation on a real event loop.
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from pyqmi import frozen
from pyqmi.config.validate import validate
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.runner import Daemon, Deps
from pyqmi.netifd.policy import check_payload
from pyqmi.netifd.recording import RecordingBus

from .harness import FAST, exists, running

UPDATE, ERROR, BLOCK_RESTART = 0, 3, 4


async def test_default_modem_connects_and_tears_down_cleanly(tmp_path: Path) -> None:
    async with running(tmp_path) as run:
        up = await run.until_up()
        assert up["ifname"] == "wwan0"
        assert up["ipaddr"] == [{"ipaddr": "10.64.12.89", "mask": "30"}]
        assert up["routes"] == [{"target": "0.0.0.0", "netmask": "0", "gateway": "10.64.12.90"}]
        assert up["dns"] == ["192.0.2.53", "192.0.2.54"]
        assert up["data"]["operator"] == "Sim Mobile" and up["data"]["technology"] == "lte"
        assert up["data"]["auth"] == "none" and up["data"]["pdptype"] == "IP"
        assert up["data"]["manufacturer"] == "pyqmi" and up["data"]["rsrp"] == -95
        check_payload(up)
        status = run.daemon.status()
        assert status["state"] == "connected" and status["sim"]["application"] == "ready"
        assert status["addresses"][0]["address"] == "10.64.12.89/30"
        assert await run.stop() == 0
        # No link-up:false and no error during teardown: only the one update.
        assert run.actions == [UPDATE]
        assert all(not cids for cids in run.sim.state.clients.values())
        assert not run.sim.state.calls
        assert run.daemon.status()["state"] == "stopped"


async def test_dual_stack_reports_ipv6_too(tmp_path: Path) -> None:
    async with running(tmp_path, pdptype="ipv4v6") as run:
        up = await run.until_up()
        assert up["ip6addr"][0]["ipaddr"] == "2001:db8:1:2::1"
        assert "2001:db8::53" in up["dns"]
        assert up["data"]["pdptype"] == "IPV4V6"
        assert run.sim.state.client_count("wds") == 2


async def test_zte_mf821_falls_back_to_ip_and_pap(tmp_path: Path) -> None:
    """Seed 000 over the wire: the modem's call-end reasons decode, placeholder credentials
    go out in the start request, and the network takes them."""
    async with running(tmp_path, "zte-mf821", pdptype="ipv4v6", auth="none") as run:
        up = await run.until_up()
        assert "ip6addr" not in up
        assert up["data"]["auth"] == "pap" and up["data"]["pdptype"] == "IP"
        results = [(a["family"], a["auth"], a["result"]) for a in run.daemon.status()["attempts"]]
        assert results == [
            ("ipv4", "none", "auth_failed"),
            ("ipv4", "pap", "connected"),
            ("ipv6", "pap", "pdp_type_rejected"),
        ]
        assert all(a["time"] > 1_600_000_000 for a in run.daemon.status()["attempts"])
        assert run.actions == [UPDATE]


async def test_a_silent_modem_is_probed_until_it_answers(tmp_path: Path) -> None:
    """Seed 001's edge: the readiness probe of a modem that answers nothing at first."""
    async with running(tmp_path, "archer-mr200", {"startup_silence": 0.6}) as run:
        up = await run.until_up(within=6)
        assert up["ipaddr"][0]["ipaddr"] == "10.64.12.89"
        assert run.actions == [UPDATE]


async def test_raw_ip_only_modem_and_kernel_agree(tmp_path: Path) -> None:
    """Seed 003's edge: WDA over the wire and the kernel's raw_ip switch."""
    kernel = FakeKernel(interfaces={"wwan0": False})
    async with running(tmp_path, "sierra-mc7455", deps_overrides={"kernel": kernel}) as run:
        up = await run.until_up()
        assert up["data"]["data_format"] == "raw-ip" and run.sim.state.data_format == "raw_ip"
    assert kernel.changes[:2] == [("down", "wwan0"), ("raw_ip", "wwan0", "Y")]
    assert ("mtu", "wwan0", "1500") in kernel.changes


async def test_dhcp_option_adds_the_dynamic_interface(tmp_path: Path) -> None:
    async with running(tmp_path, dhcp="1") as run:
        up = await run.until_up()
        assert "ipaddr" not in up
        await run.until(lambda: any(c.method == "add_dynamic" for c in run.bus.calls))
        dyn = next(c for c in run.bus.calls if c.method == "add_dynamic")
        assert dyn.args["name"] == "4G_4" and dyn.args["proto"] == "dhcp"


async def test_pin_is_sent_once_and_connects(tmp_path: Path) -> None:
    async with running(tmp_path, "pin-required", pincode="1234") as run:
        await run.until_up()
        assert run.sim.state.card.pin_retries == 3


async def test_wrong_pin_is_tried_once_only(tmp_path: Path) -> None:
    async with running(tmp_path, "pin-required", pincode="9999") as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.actions == [ERROR, BLOCK_RESTART] and run.errors() == ["PIN_FAILED"]
        assert run.sim.state.card.pin_retries == 2
        assert "9999" not in str(run.bus.notifications) and "9999" not in str(run.daemon.status())
        assert await run.task == 1


async def test_old_firmware_reads_pin_status_over_dms(tmp_path: Path) -> None:
    async with running(tmp_path, "old-firmware", pincode="1234") as run:
        await run.until_up()
        assert run.daemon.status()["sim"]["pin1"] == "enabled_verified"
        assert run.sim.state.card.pin_retries == 3


async def test_unresponsive_modem_is_a_bounded_named_error(tmp_path: Path) -> None:
    timings = frozen.replace(FAST, request_timeout=0.3)
    async with running(tmp_path, "unresponsive", timings=timings, max_attempts=1) as run:
        await run.until(lambda: BLOCK_RESTART in run.actions, within=5)
        assert run.errors() == ["DEVICE_NOT_READY"]
        assert "stopped answering (no response to DMS Get" in run.error_text("DEVICE_NOT_READY")


async def test_call_drop_is_redialled_with_link_down_first(tmp_path: Path) -> None:
    async with running(tmp_path, "call-drops", {"call_drop_after": 0.2}) as run:
        await run.until_up()
        await run.until(lambda: len([u for u in run.updates() if u.get("link-up")]) >= 2, 8)
        assert run.actions[:4] == [UPDATE, UPDATE, ERROR, UPDATE]
        assert run.updates()[1] == {"action": 0, "interface": "4G", "link-up": False}
        assert run.errors()[0] == "CALL_DROPPED"
        assert "IPv4: 3gpp:regular_deactivation (36)" in run.error_text("CALL_DROPPED")
        assert run.task.done() is False


async def test_a_device_that_falls_off_the_bus_is_device_gone(tmp_path: Path) -> None:
    async with running(tmp_path, "default", {"drop_off_bus_after": 0.3}, max_attempts=1) as run:
        await run.until_up()
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.actions == [UPDATE, ERROR, BLOCK_RESTART]
        text = run.error_text("DEVICE_GONE")
        assert "is gone: the control device closed" in text and "powered USB hub" in text


async def test_signal_indications_refresh_netifd_data_without_polling(tmp_path: Path) -> None:
    timings = frozen.replace(FAST, data_refresh=0.0)
    async with running(tmp_path, timings=timings) as run:
        up = await run.until_up()
        assert up["data"]["rsrp"] == -95
        # The one request after link-up, card-status indications on, is the connect's own.
        await run.until(lambda: "uim.register_events" in run.sim.state.requests)
        requests_before = len(run.sim.state.requests)
        run.sim.set_signal(rsrp=-94)  # crosses no threshold: the modem stays quiet
        run.sim.set_signal(rsrp=-112, rssi=-86)  # crosses -105 / -95 dBm
        await run.until(lambda: len(run.updates()) == 2)
        refresh = run.updates()[1]
        assert refresh == {
            "action": 0,
            "interface": "4G",
            "link-up": True,
            "keep": True,
            "data": {**up["data"], "rsrp": -112, "rssi": -86},
        }
        assert run.daemon.status()["registration"]["signal"]["rsrp"] == -112
        # Driven by the modem's indication: the daemon asked nothing new.
        assert len(run.sim.state.requests) == requests_before


async def test_teardown_with_a_mute_modem_ends_on_the_budget(tmp_path: Path) -> None:
    """The runner's timer and cancellation for real: the budget (shrunk here) ends it."""
    timings = frozen.replace(FAST, stop_timeout=1.5, teardown_budget=0.8)
    async with running(tmp_path, timings=timings) as run:
        await run.until_up()
        # The modem goes mute, CTL included (release_cid is a CTL request).
        run.sim.modem.scenario = dataclasses.replace(run.sim.modem.scenario, startup_silence=1e6)
        start = asyncio.get_running_loop().time()
        assert await run.stop(within=3) == 0
        assert 0.8 <= asyncio.get_running_loop().time() - start < 1.5
        # The IDs it could not release stay recorded for the next start.
        assert exists(run.daemon.cids.path)


async def test_missing_device_lists_the_devices_there(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "cdc-wdm1").touch()
    config = validate({"device": "/dev/cdc-wdm0", "max_attempts": "1"}, check_device=False)
    slices = config.slices.with_device(str(dev / "cdc-wdm0"))
    bus = RecordingBus()
    timings = frozen.replace(FAST, device_wait=0.3)
    kernel = FakeKernel(kernel_release="4.4.61")
    deps = Deps(bus=bus, state_dir=tmp_path, dev_root=str(dev), kernel=kernel, timings=timings)
    assert await asyncio.wait_for(Daemon("4G", slices, deps).run(), 5) == 1
    assert bus.actions == [ERROR, BLOCK_RESTART]
    text = bus.notifications[0]["error"][1]
    assert "QMI control devices present: /dev/cdc-wdm1)" in text
    assert "(4.4.61) has no raw-ip support" in text
