"""``pyqmi doctor`` on the seed threads' fixtures (tests/data/doctor/<seed>): the diagnosis each
thread needed, the fixes as commands, the per-modem facts, and bad input as one line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from config.uci_standin import StandinUci
from pyqmi.cli import doctor, migrate
from pyqmi.cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data" / "doctor"
FIXTURES = sorted(p.name for p in DATA.iterdir() if (p / "expected.json").is_file())


@pytest.fixture(autouse=True)
def standin_uci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uci", StandinUci())


def argv(name: str, *extra: str) -> list[str]:
    base = DATA / name
    usb = ["--usb-devices", str(base / "usb-devices")] if (base / "usb-devices").exists() else []
    return [
        *usb,
        "--sysfs-root", str(base / "sysfs"),
        "--kernel-log", str(base / "kernel.log"),
        "--dev-root", str(base / "dev"),
        "--uci-confdir", str(base / "config"),
        *extra,
    ]  # fmt: skip


def parse(*args: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    doctor.add_arguments(parser)
    return parser.parse_args(list(args))


def report(name: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    status = doctor.run(parse(*argv(name, "--json")))
    return status, json.loads(capsys.readouterr().out)


def finding(data: dict[str, Any], code: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [f for f in data["findings"] if f["code"] == code]
    assert len(found) == 1, data["findings"]
    return found[0]


def test_every_seed_has_a_fixture() -> None:
    seeds = {"000_90db166a29472a8b", "001_fb98e79d2120127d", "002_3015988755448975",
             "003_a4d0172e5be6b03f", "004_706091aab0759af5"}  # fmt: skip
    assert seeds <= set(FIXTURES)


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_gives_its_expected_diagnosis(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = json.loads((DATA / name / "expected.json").read_text())["findings"]
    status, data = report(name, capsys)
    got = [[f["severity"], f["code"], f["section"]] for f in data["findings"]]
    assert sorted(got) == sorted(expected)
    assert status == (1 if any(sev == "error" for sev, _, _ in expected) else 0)
    assert data["not_read"] == []


def test_zte_mf821_auth_none_names_the_carrier_and_at_qcfg_does_not_apply(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, data = report("000_90db166a29472a8b", capsys)
    auth = finding(data, "auth-none")
    assert "Cyfrowy Polsat" in auth["text"]
    assert "uci set network.LTE.auth='both'" in auth["fix"]
    assert "uci commit network" in auth["fix"]
    qcfg = finding(data, "at-qcfg-not-quectel")
    assert "Quectel command" in qcfg["text"] and "ZTE" in qcfg["text"]
    assert "interface 4" in qcfg["text"] and "no mode switch" in qcfg["text"]
    (modem,) = data["modems"]
    assert modem["id"] == "19d2:0167" and modem["manufacturer"] == "ZTE,Incorporated"
    assert [(i["number"], i["driver"], i["qmi"]) for i in modem["interfaces"]] == [
        (0, "option", False), (1, "option", False), (2, "option", False),
        (3, "option", False), (4, "qmi_wwan", True), (5, "usb-storage", False),
    ]  # fmt: skip
    assert modem["control"] == ["/dev/cdc-wdm0"]
    assert modem["net"] == [{"name": "wwan0", "raw_ip": False}]
    assert modem["known"]["qmi_interfaces"] == [4] and modem["known"]["serial_driver"] == "option"


def test_archer_mr200_gets_the_new_id_line_made_persistent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, data = report("001_fb98e79d2120127d", capsys)
    serial = finding(data, "serial-unbound")
    line = 'echo "05c6 9025 ff" > /sys/bus/usb-serial/drivers/option1/new_id'
    assert serial["fix"][0] == line
    persist = serial["fix"][1]
    assert "/etc/rc.local" in persist and f"/^exit 0/i {line}" in persist
    assert persist.startswith("grep -qs '05c6 9025 ff' /etc/rc.local ||")
    assert "interfaces 0, 2, 3" in serial["text"] and "usbfs" in serial["text"]
    spaces = finding(data, "device-spaces")
    assert "'/ dev / cdc-wdm0'" in spaces["text"]
    assert spaces["fix"][0] == "uci set network.4G.device='/dev/cdc-wdm0'"
    invalid = finding(data, "pdptype-invalid")
    assert invalid["section"] == "yota" and "IP, IPV6, IPV4V6" in invalid["text"]
    assert invalid["fix"][0] == "uci set network.yota.pdptype='IP'"


def test_rm521f_falling_off_the_bus_means_a_powered_hub(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, data = report("002_3015988755448975", capsys)
    off = finding(data, "usb-disconnects")
    assert off["severity"] == "error" and off["modem"] == "2-1"
    assert "3 times" in off["text"] and "powered USB hub" in off["text"]
    (modem,) = data["modems"]
    qmi = [i["number"] for i in modem["interfaces"] if i["qmi"]]
    assert qmi == [4]  # matched by class ff/ff/ff; interface 0 (2 endpoints) is DIAG
    assert modem["net"] == [{"name": "wwan0", "raw_ip": True}]


def test_mc7455_interface_8_without_raw_ip_kernel(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = report("003_a4d0172e5be6b03f", capsys)
    raw = finding(data, "qmi-no-driver-raw-ip")
    assert "interface 8" in raw["text"] and "4.4.61" in raw["text"] and "4.5" in raw["text"]
    ok = finding(data, "serial-driver-ok")
    assert "qcserial" in ok["text"] and "interfaces 0, 2, 3" in ok["text"]
    missing = finding(data, "device-missing")
    assert "QMI control devices: none" in missing["text"]


def test_option_where_qcserial_is_expected_gives_rebind_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, data = report("003_a4d0172e5be6b03f-option", capsys)
    wrong = finding(data, "serial-driver-mismatch")
    assert "bound to option" in wrong["text"] and "qcserial" in wrong["text"]
    assert wrong["fix"][:2] == [
        "echo 1-1:1.0 > /sys/bus/usb/drivers/option/unbind",
        "echo 1-1:1.0 > /sys/bus/usb/drivers/qcserial/bind",
    ]
    assert len(wrong["fix"]) == 6


def test_missing_module_names_the_openwrt_package(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = report("003_a4d0172e5be6b03f-nomodule", capsys)
    missing = finding(data, "module-missing")
    assert missing["fix"] == ["opkg update", "opkg install kmod-usb-net-qmi-wwan"]
    broken = finding(data, "module-wrong-kernel")
    assert "another kernel" in broken["text"]


def test_bg96_dhcp_on_raw_ip(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = report("004_706091aab0759af5", capsys)
    dhcp = finding(data, "dhcp-raw-ip")
    assert "wwan0" in dhcp["text"] and "raw-ip" in dhcp["text"]
    assert dhcp["fix"] == ["uci set network.twilio.dhcp='0'", "uci commit network", "ifup twilio"]
    (modem,) = data["modems"]
    assert modem["path"] == "1-1.4"  # behind the Pi's hub at 1-1, port 4


@pytest.mark.parametrize("name", FIXTURES)
def test_text_report_fits_80_columns_except_commands(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doctor.run(parse(*argv(name)))
    out = capsys.readouterr().out
    _, data = report(name, capsys)
    commands = {c for f in data["findings"] for c in f["fix"]}
    long = [line for line in out.splitlines() if len(line) > 80 and line.strip() not in commands]
    assert long == []
    for f in data["findings"]:
        assert f"[{f['code']}]" in out
        for command in f["fix"]:
            assert f"    {command}" in out.splitlines()  # whole, never wrapped


def test_text_report_shows_each_modem(capsys: pytest.CaptureFixture[str]) -> None:
    doctor.run(parse(*argv("003_a4d0172e5be6b03f")))
    out = capsys.readouterr().out
    assert "Modem on USB 1-1: 1199:9071 Sierra Wireless MC74xx" in out
    assert "  if 8  ff/ff/ff  (none)       QMI" in out
    assert "  if 0  ff/ff/ff  qcserial" in out
    assert "QMI control port: none found; net interface: none found" in out


def _one_line_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    try:
        status = main(["doctor", *args])
    except SystemExit as exc:  # argparse's usage error, through OneLineParser
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    return lines[0]


def test_missing_usb_devices_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = argv("000_90db166a29472a8b")
    args[args.index("--usb-devices") + 1] = str(tmp_path / "nope")
    assert "cannot read" in _one_line_exit_2(capsys, args)


def test_usb_devices_file_that_is_not_a_dump(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junk = tmp_path / "junk"
    junk.write_text("hello\nworld\n")
    args = argv("000_90db166a29472a8b")
    args[args.index("--usb-devices") + 1] = str(junk)
    assert "not a /sys/kernel/debug/usb/devices dump" in _one_line_exit_2(capsys, args)


@pytest.mark.parametrize("flag", ["--sysfs-root", "--kernel-log", "--dev-root", "--uci-confdir"])
def test_missing_source_named_on_the_command_line(
    flag: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = argv("000_90db166a29472a8b")
    args[args.index(flag) + 1] = str(tmp_path / "nope")
    line = _one_line_exit_2(capsys, args)
    assert str(tmp_path / "nope") in line


@pytest.mark.parametrize("value", ["5", "wide"])
def test_bad_width(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_line_exit_2(capsys, [*argv("000_90db166a29472a8b"), "--width", value])
    assert "--width" in line


def test_unparsable_network_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "network").write_text("config interface 'x'\n\tgarbage here here\n")
    args = argv("000_90db166a29472a8b")
    args[args.index("--uci-confdir") + 1] = str(tmp_path)
    assert "UCI cannot read" in _one_line_exit_2(capsys, args)


def _readme_block(command: str) -> str:
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    start = text.index(f"```\n$ {command}\n") + len(f"```\n$ {command}\n")
    return text[start : text.index("\n```", start)]


def test_readme_doctor_example_is_the_doctors_output(capsys: pytest.CaptureFixture[str]) -> None:
    doctor.run(parse(*argv("004_706091aab0759af5")))
    assert _readme_block("pyqmi doctor") == capsys.readouterr().out.rstrip("\n")


def test_readme_migrate_example_is_migrates_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "network").write_bytes((DATA / "000_90db166a29472a8b/config/network").read_bytes())
    parser = argparse.ArgumentParser()
    migrate.add_arguments(parser)
    migrate.run(parser.parse_args(["--uci-confdir", str(config)]))
    out = capsys.readouterr().out.replace(str(config), "/etc/config")
    assert _readme_block("pyqmi migrate") == out.rstrip("\n")


def test_without_debugfs_the_usb_devices_come_from_sysfs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, from_sysfs = report("002_3015988755448975-sysfs", capsys)
    _, from_dump = report("002_3015988755448975", capsys)
    assert from_sysfs["modems"] == from_dump["modems"]
    assert from_sysfs["findings"] == from_dump["findings"]
