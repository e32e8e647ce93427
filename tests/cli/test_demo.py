"""``pyqmi demo``: the whole stack against the simulator, read back from what it prints."""

from __future__ import annotations

import os
import re
import shutil
import struct
from pathlib import Path

import pytest

from pyqmi.cli import demo_netns, demo_output, icmp_probe
from pyqmi.cli.main import main
from pyqmi.sim import SCENARIOS

CAN_NETNS = os.geteuid() == 0 and shutil.which("ip") is not None and Path("/dev/net/tun").exists()


def run_demo(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["demo", *argv])
    return code, capsys.readouterr().out


def test_default_scenario_shows_link_up_payload_status_and_clean_teardown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_demo(capsys, "--no-netns")
    assert code == 0
    # The sample configuration, PIN masked.
    assert "option proto 'pyqmi'" in out
    assert "option pincode '***'" in out
    assert "option pincode '1234'" not in out
    # Connect steps, live, with relative timestamps.
    assert re.search(r"\+\d+\.\d{3} s  \[state \] state registering -> connecting", out)
    # The link-up payload netifd would get: address, mask as a string, route, DNS.
    assert '"action": 0' in out
    assert '"ipaddr": "10.64.12.89"' in out
    assert '"mask": "30"' in out
    assert '"gateway": "10.64.12.90"' in out
    assert re.search(r'"dns": \[\s*"192\.0\.2\.53",\s*"192\.0\.2\.54"\s*\]', out)
    # The ubus status object, taken while connected.
    assert "== ubus call pyqmi.wwan status ==" in out
    assert '"state": "connected"' in out
    assert '"address": "10.64.12.89/30"' in out
    # The cost next to qmi.sh's, with numbers that come from the simulator.
    cost = re.search(r"QMI requests\s+(\d+)\s+46", out)
    cids = re.search(r"client IDs allocated\s+(\d+)\s+14", out)
    assert cost is not None and 0 < int(cost.group(1)) < 46
    assert cids is not None and 0 < int(cids.group(1)) < 14
    # Teardown through daemon.stop(): the call stopped, nothing left on the modem.
    assert "stopping the daemon" in out
    assert "stopped IPv4 call" in out
    assert "daemon exit status: 0" in out
    assert "data calls still up on the modem: 0" in out
    assert "client IDs the modem still holds: 0" in out
    assert "== data path" not in out  # --no-netns


@pytest.mark.parametrize(
    ("scenario", "error"), [("puk-locked", "PUK_NEEDED"), ("unknown-apn", "UNKNOWN_APN")]
)
def test_failing_scenario_shows_named_error_and_block_restart(
    capsys: pytest.CaptureFixture[str], scenario: str, error: str
) -> None:
    code, out = run_demo(capsys, "--no-netns", "--scenario", scenario)
    assert code == 0  # the demo succeeded in showing the failure
    assert f'"{error}"' in out  # in the action 3 payload
    assert f"error reported to netifd: {error}:" in out
    assert '"action": 4' in out
    assert "netifd was told to block restarts" in out
    assert f'"code": "{error}"' in out  # the status object carries it too
    assert '"action": 0' not in out
    assert "client IDs the modem still holds: 0" in out


def test_unknown_apn_scenario_gets_an_apn_the_network_does_not_know(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_demo(capsys, "--no-netns", "--scenario", "unknown-apn", "--apn", "internet")
    assert code == 0
    assert '"action": 0' in out  # with the right APN the same network connects


def test_list_names_every_scenario_with_its_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_demo(capsys, "--list")
    assert code == 0
    for name, sc in SCENARIOS.items():
        assert re.search(rf"^{re.escape(name)} +{re.escape(sc.description)}$", out, re.M)


def test_unknown_scenario_is_a_named_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["demo", "--scenario", "no-such-modem"])
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown scenario 'no-such-modem'" in err
    assert err.count("\n") == 1


def test_a_bad_apn_is_one_named_line_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["demo", "--no-netns", "--apn", "bad apn!"])
    assert code == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "pyqmi demo: INVALID_OPTION: option apn 'bad apn!' may only contain letters, "
        "digits, '.', '-' and '_' (no spaces)\n"
    )
    assert "connecting" not in captured.out  # refused before anything started


def test_without_root_the_namespace_part_is_skipped_with_a_reason(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    code, out = run_demo(capsys)
    assert code == 0
    assert "Not running as root: skipping the network namespace and the ping." in out
    assert "data path" not in out
    assert '"action": 0' in out


@pytest.mark.skipif(not CAN_NETNS, reason="needs root, ip and /dev/net/tun")
@pytest.mark.parametrize("tool", ["auto", "python"])
def test_as_root_pings_through_the_simulated_link_and_removes_the_namespace(
    capsys: pytest.CaptureFixture[str], tool: str
) -> None:
    code, out = run_demo(capsys, "--ping-with", tool)
    assert code == 0
    netns = re.search(r"namespace (pyqmi-demo-[\w-]+)", out)
    assert netns is not None
    ns = netns.group(1)
    assert f"$ ip -n {ns} addr add 10.64.12.89/30 dev wwan0" in out
    assert f"$ ip -n {ns} link set wwan0 up" in out
    assert f"$ ip -n {ns} route add default via 10.64.12.90" in out
    assert "ping through the simulated link: OK" in out
    assert re.search(r"3 packets transmitted, 3 received", out)
    assert not demo_netns.netns_exists(ns)


def test_sample_config_masks_every_secret() -> None:
    text = demo_output.uci_section(
        "wwan", {"apn": "internet", "pincode": "4321", "password": "hunter2"}
    )
    assert "option pincode '***'" in text
    assert "option password '***'" in text
    assert "4321" not in text and "hunter2" not in text
    assert "option apn 'internet'" in text


def test_address_plan_reads_what_netifd_would_apply() -> None:
    update = {
        "ipaddr": [{"ipaddr": "10.0.0.2", "mask": "30"}],
        "routes": [
            {"target": "10.0.0.1", "netmask": "32"},
            {"target": "0.0.0.0", "netmask": "0", "gateway": "10.0.0.1"},
        ],
        "dns": ["2001:db8::53", "192.0.2.1"],
    }
    assert demo_netns.address_plan(update) == ("10.0.0.2/30", "10.0.0.1", "192.0.2.1")
    with pytest.raises(ValueError, match="no IPv4 address"):
        demo_netns.address_plan({"ip6addr": [{"ipaddr": "2001:db8::1", "mask": "128"}]})


def test_icmp_probe_builds_a_valid_echo_and_matches_only_its_reply() -> None:
    packet = icmp_probe.echo_request(0x1234, 7, b"abc")
    assert packet[0] == icmp_probe.ICMP_ECHO_REQUEST
    assert icmp_probe.checksum(packet) == 0  # a correct checksum sums to zero
    ip_header = bytes([0x45]) + bytes(19)
    reply = bytes([0, 0]) + packet[2:4] + struct.pack("!HH", 0x1234, 7)
    assert icmp_probe.parse_reply(ip_header + reply) == (0x1234, 7)
    assert icmp_probe.parse_reply(ip_header + packet) is None  # a request, not a reply
    assert icmp_probe.parse_reply(b"\x45") is None
