"""The daemon against every simulated modem: exact netifd actions and payloads."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from pyqmi.daemon.kernel import FakeKernel
from pyqmi.netifd.policy import check_payload

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
        check_payload(up)
        status = run.bus.invoke("pyqmi.4G", "status", {}) if "pyqmi.4G" in run.bus.objects else None
        assert status is None  # the harness does not publish; the CLI does (tested below)
        assert run.daemon.status()["state"] == "connected"
        assert await run.stop() == 0
        # No link-up:false and no error during teardown: only the one update.
        assert run.actions == [UPDATE]
        assert all(not cids for cids in run.sim.state.clients.values())
        assert not run.sim.state.calls


async def test_dual_stack_reports_ipv6_too(tmp_path: Path) -> None:
    async with running(tmp_path, pdptype="ipv4v6") as run:
        up = await run.until_up()
        assert up["ip6addr"][0]["ipaddr"] == "2001:db8:1:2::1"
        assert "2001:db8::53" in up["dns"]
        assert up["data"]["pdptype"] == "IPV4V6"
        assert run.sim.state.client_count("wds") == 2


async def test_zte_mf821_falls_back_to_ip_and_pap(tmp_path: Path) -> None:
    """Seed 000: IPV4V6 and auth none rejected; the fix was pdptype IP + PAP."""
    async with running(tmp_path, "zte-mf821", pdptype="ipv4v6", auth="none") as run:
        up = await run.until_up()
        assert up["ipaddr"][0]["ipaddr"] == "10.64.12.89"
        assert "ip6addr" not in up
        assert up["data"]["auth"] == "pap" and up["data"]["pdptype"] == "IP"
        results = [(a["family"], a["auth"], a["result"]) for a in run.daemon.status()["attempts"]]
        assert results == [
            ("ipv4", "none", "auth_failed"),
            ("ipv4", "pap", "connected"),
            ("ipv6", "pap", "pdp_type_rejected"),
        ]
        assert any("pdptype 'IP'" in n for n in run.daemon.status()["notes"])
        assert run.actions == [UPDATE]


async def test_zte_without_fallbacks_names_the_fix(tmp_path: Path) -> None:
    async with running(tmp_path, "zte-mf821", pdptype="ip", fallback="0") as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.actions == [ERROR, BLOCK_RESTART]
        text = run.error_text("AUTH_FAILED")
        assert "auth, username and password" in text
        assert await run.task == 1


async def test_archer_mr200_silent_start_is_waited_out(tmp_path: Path) -> None:
    """Seed 001: the modem answers nothing for its first seconds."""
    async with running(tmp_path, "archer-mr200", {"startup_silence": 1.2}) as run:
        up = await run.until_up(within=6)
        assert up["ipaddr"][0]["ipaddr"] == "10.64.12.89"
        assert run.actions == [UPDATE]


async def test_rm521f_registration_then_device_loss_are_named(tmp_path: Path) -> None:
    """Seed 002: searching until timeout, then the modem falls off the USB bus."""
    overrides = {"drop_off_bus_after": 1.5}
    async with running(
        tmp_path, "quectel-rm521f", overrides, registration_timeout=1, max_attempts=3
    ) as run:
        await run.until(lambda: BLOCK_RESTART in run.actions, within=15)
        errors = run.errors()
        assert errors[0] == "NETWORK_REGISTRATION_FAILED"
        reg = run.error_text("NETWORK_REGISTRATION_FAILED")
        assert "searching" in reg and "5gnr" in reg and "RSRP" in reg and "antennas" in reg
        assert "DEVICE_GONE" in errors
        assert "powered USB hub" in run.error_text("DEVICE_GONE")
        assert run.actions[-1] == BLOCK_RESTART and UPDATE not in run.actions
        assert await run.task == 1


async def test_sierra_mc7455_uses_raw_ip(tmp_path: Path) -> None:
    """Seed 003: the MC7455 only does raw-ip."""
    async with running(tmp_path, "sierra-mc7455") as run:
        up = await run.until_up()
        assert up["data"]["data_format"] == "raw-ip"
        assert run.sim.state.data_format == "raw_ip"


async def test_sierra_mc7455_forced_8023_is_a_named_error(tmp_path: Path) -> None:
    async with running(tmp_path, "sierra-mc7455", data_format="802.3") as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.errors() == ["DATA_FORMAT_FAILED"]
        assert "data_format" in run.error_text("DATA_FORMAT_FAILED")


async def test_bg96_gets_a_static_config_without_dhcp(tmp_path: Path) -> None:
    """Seed 004: udhcpc got no lease; the QMI settings are the answer."""
    async with running(tmp_path, "quectel-bg96") as run:
        up = await run.until_up()
        sc = run.sim.modem.scenario
        assert up["ipaddr"] == [{"ipaddr": sc.ipv4_address, "mask": str(sc.ipv4_prefix)}]
        assert up["routes"][0]["gateway"] == sc.ipv4_gateway
        assert not [c for c in run.bus.calls if c.method == "add_dynamic"]


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
        assert run.actions == [ERROR, BLOCK_RESTART]
        assert run.errors() == ["PIN_FAILED"]
        assert run.sim.state.card.pin_retries == 2
        assert "9999" not in str(run.bus.notifications) and "9999" not in str(run.daemon.status())


async def test_last_pin_attempt_is_never_risked(tmp_path: Path) -> None:
    async with running(tmp_path, "pin-last-attempt", pincode="1234") as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.errors() == ["PIN_TRIES_BELOW_LIMIT"]
        assert run.sim.state.card.pin_retries == 1


async def test_missing_pin_option(tmp_path: Path) -> None:
    async with running(tmp_path, "pin-required") as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.errors() == ["PIN_REQUIRED"]
        assert "option pincode" in run.error_text("PIN_REQUIRED")


async def test_puk_locked(tmp_path: Path) -> None:
    async with running(tmp_path, "puk-locked", pincode="1234") as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.errors() == ["PUK_NEEDED"]


async def test_no_sim(tmp_path: Path) -> None:
    async with running(tmp_path, "no-sim") as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.errors() == ["SIM_MISSING"]
        assert "insert a SIM" in run.error_text("SIM_MISSING")


async def test_registration_denied_retries_then_gives_up(tmp_path: Path) -> None:
    async with running(
        tmp_path, "registration-denied", registration_timeout=1, max_attempts=2
    ) as run:
        await run.until(lambda: BLOCK_RESTART in run.actions, within=10)
        assert run.actions == [ERROR, ERROR, BLOCK_RESTART]
        assert run.errors() == ["NETWORK_REGISTRATION_FAILED"] * 2
        assert "refused the SIM" in run.error_text("NETWORK_REGISTRATION_FAILED")


async def test_unknown_apn_is_not_retried(tmp_path: Path) -> None:
    async with running(tmp_path, "unknown-apn", apn="wrong.apn") as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.actions == [ERROR, BLOCK_RESTART]
        text = run.error_text("UNKNOWN_APN")
        assert "'wrong.apn'" in text and "option apn" in text
        assert len(run.daemon.status()["attempts"]) == 1


async def test_unresponsive_modem_is_a_bounded_named_error(tmp_path: Path) -> None:
    async with running(tmp_path, "unresponsive", max_attempts=1) as run:
        await run.until(lambda: BLOCK_RESTART in run.actions, within=10)
        assert run.errors() == ["DEVICE_NOT_READY"]


async def test_call_drop_is_redialled_with_link_down_first(tmp_path: Path) -> None:
    async with running(tmp_path, "call-drops", {"call_drop_after": 0.3}) as run:
        await run.until_up()
        await run.until(lambda: len([u for u in run.updates() if u.get("link-up")]) >= 2, 8)
        assert run.actions[:4] == [UPDATE, UPDATE, ERROR, UPDATE]
        assert run.updates()[1] == {"action": 0, "interface": "4G", "link-up": False}
        assert run.errors()[0] == "CALL_DROPPED"
        assert "regular_deactivation" in run.error_text("CALL_DROPPED")
        assert run.task.done() is False


async def test_old_firmware_reads_pin_status_over_dms(tmp_path: Path) -> None:
    async with running(tmp_path, "old-firmware", pincode="1234") as run:
        await run.until_up()
        assert run.daemon.status()["sim"]["pin1"] == "enabled_verified"
        assert run.sim.state.card.pin_retries == 3
        assert "uim.get_card_status" not in run.sim.state.requests[-1:]


async def test_missing_device_is_no_device(tmp_path: Path) -> None:
    async with running(tmp_path, max_attempts=1) as run:
        run.daemon.config = dataclasses.replace(
            run.daemon.config, device=str(tmp_path / "cdc-wdm9")
        )
        run.daemon.deps.dev_root = tmp_path
        await run.until(lambda: BLOCK_RESTART in run.actions, within=5)
        assert run.errors() == ["NO_DEVICE"]
        text = run.error_text("NO_DEVICE")
        assert "cdc-wdm9" in text
        assert "QMI control devices present: /dev/cdc-wdm0)" in text


async def test_sigterm_while_waiting_forever_for_registration(tmp_path: Path) -> None:
    async with running(tmp_path, "quectel-rm521f", registration_timeout=0) as run:
        await run.until(lambda: run.daemon.status()["state"] == "registering")
        assert await run.stop(within=3) == 0
        assert run.actions == []
        assert all(not c for c in run.sim.state.clients.values())


async def test_sigterm_during_backoff_exits_quietly(tmp_path: Path) -> None:
    async with running(tmp_path, "registration-denied", registration_timeout=1) as run:
        await run.until(lambda: run.daemon.status()["state"] == "backoff", within=5)
        assert await run.stop(within=3) == 0
        assert run.actions == [ERROR]


async def test_teardown_with_a_silent_modem_stays_within_netifds_window(tmp_path: Path) -> None:
    # Real per-request teardown bounds: 6 silent requests would take 9 s without the budget.
    timings = dataclasses.replace(FAST, stop_timeout=1.5)
    async with running(tmp_path, timings=timings) as run:
        await run.until_up()
        # The modem goes mute, CTL included (release_cid is a CTL request).
        run.sim.modem.scenario = dataclasses.replace(run.sim.modem.scenario, startup_silence=1e6)
        start = asyncio.get_running_loop().time()
        assert await run.stop(within=6) == 0
        assert asyncio.get_running_loop().time() - start < 5.0
        # The IDs it could not release stay recorded for the next start.
        assert exists(run.daemon.cids.path)


async def test_signal_indications_refresh_netifd_data_without_polling(tmp_path: Path) -> None:
    timings = dataclasses.replace(FAST, data_refresh=0.0)
    async with running(tmp_path, timings=timings) as run:
        up = await run.until_up()
        assert up["data"]["rsrp"] == -95
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


async def test_small_signal_moves_do_not_touch_netifd(tmp_path: Path) -> None:
    async with running(tmp_path) as run:  # data_refresh 60 s: signal-only changes wait
        await run.until_up()
        run.sim.set_signal(rsrp=-112, rssi=-86)
        await run.until(lambda: run.daemon.status()["registration"]["signal"]["rsrp"] == -112)
        assert len(run.updates()) == 1


async def test_missing_device_on_an_old_kernel_names_the_kernel(tmp_path: Path) -> None:
    """Seed 003: on Linux 4.4 qmi_wwan does not bind to the raw-ip-only MC7455 at all."""
    async with running(tmp_path, "sierra-mc7455", max_attempts=1) as run:
        run.daemon.deps.kernel = FakeKernel(kernel_release="4.4.61")
        run.daemon.config = dataclasses.replace(
            run.daemon.config, device=str(tmp_path / "cdc-wdm9")
        )
        await run.until(lambda: BLOCK_RESTART in run.actions, within=5)
        text = run.error_text("NO_DEVICE")
        assert "(4.4.61) has no raw-ip support" in text and "Linux 4.5" in text


def test_current_kernels_get_no_driver_hint() -> None:
    from pyqmi.daemon.device import old_kernel_hint

    assert old_kernel_hint("6.6.73") == "" and old_kernel_hint("4.5.0") == ""
    assert "raw-ip" in old_kernel_hint("4.4.0-generic")
