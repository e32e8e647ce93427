"""The doctor's pure parts on hand-made facts: the VID:PID table, the USB dump parser, the kernel
log reader, and the rules that no seed fixture reaches."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from pyqmi.cli import doctor, doctor_klog, doctor_usb, modem_table
from pyqmi.cli.doctor_config_rules import diagnose_config
from pyqmi.cli.doctor_facts import Facts, Finding, KernelLog, NetLink, Section, Sysfs
from pyqmi.cli.doctor_rules import diagnose_modems

DATA = Path(__file__).resolve().parents[1] / "data" / "doctor"


def test_table_knows_the_seed_modems_and_their_qmi_interfaces() -> None:
    mc7455 = modem_table.lookup(0x1199, 0x9071)
    assert mc7455 is not None and mc7455.qmi_interfaces == (8, 10)
    assert mc7455.serial_driver == "qcserial" and mc7455.raw_ip_only
    rm521f = modem_table.lookup(0x2C7C, 0x0801)
    assert rm521f is not None and rm521f.dynamic and rm521f.serial_driver == "option"
    bg96 = modem_table.lookup(0x2C7C, 0x0296)
    assert bg96 is not None and bg96.qmi_interfaces == (4,) and bg96.name == "BG96"
    zte = modem_table.lookup(0x19D2, 0x0167)
    assert zte is not None and zte.qmi_interfaces == (4,)
    mr200 = modem_table.lookup(0x05C6, 0x9025)
    assert mr200 is not None and mr200.qmi_interfaces == (4,) and mr200.serial_driver is None
    assert modem_table.lookup(0x1D6B, 0x0002) is None  # a root hub


def test_table_covers_each_vendor() -> None:
    vendors = {vid for vid, _ in modem_table.known_ids()}
    assert set(modem_table.VENDORS) <= vendors
    per_vendor = {v: sum(vid == v for vid, _ in modem_table.known_ids()) for v in vendors}
    assert per_vendor[modem_table.ZTE] >= 60 and per_vendor[modem_table.QUALCOMM] >= 80
    assert per_vendor[modem_table.TELIT] >= 30 and per_vendor[modem_table.SIERRA] >= 35
    gobi = modem_table.lookup(0x1199, 0x9013)  # Gobi 3000: QMI on 0, qcserial's
    assert gobi is not None and gobi.qmi_interfaces == (0,) and gobi.serial_driver == "qcserial"


def test_usb_parser_reads_paths_through_hubs_and_the_kernel_of_the_root_hub() -> None:
    devices = doctor_usb.parse((DATA / "004_706091aab0759af5" / "usb-devices").read_text())
    assert [d.path for d in devices] == ["usb1", "1-1", "1-1.4"]
    assert doctor_usb.kernel_release(devices) == (5, 10, 103)
    rm = doctor_usb.parse((DATA / "002_3015988755448975" / "usb-devices").read_text())
    assert doctor_usb.kernel_release(rm) == (6, 1, 67)
    (sierra,) = doctor_usb.parse((DATA / "003_a4d0172e5be6b03f" / "usb-devices").read_text())
    assert [(i.number, i.driver) for i in sierra.interfaces] == [
        (0, "qcserial"), (2, "qcserial"), (3, "qcserial"), (8, None)
    ]  # fmt: skip
    assert sierra.interface_name(8) == "1-1:1.8"
    with pytest.raises(doctor_usb.UsbDevicesError):
        doctor_usb.parse("Bus 001 Device 002: ID 05c6:9025 Qualcomm, Inc.\n")


def test_kernel_log_reads_dmesg_and_logread_lines() -> None:
    log = doctor_klog.parse(
        "Sat Dec 16 14:03:11 2023 kern.info kernel: [  994.1] usb 2-1: USB disconnect, "
        "device number 2\n"
        "[ 1408.5] usb 2-1: USB disconnect, device number 3\n"
        "[    3.0] usb usb1-port1: over-current condition\n"
        "Sat Dec 16 daemon.warn [2389]: <wrn> [modem4] port ttyUSB2 timed out 4 consecutive times\n"
    )
    assert log.disconnects == {"2-1": 2}
    assert log.over_current == ("usb1-port1",)
    assert log.port_timeouts == {"ttyUSB2": 4}
    assert not log.has_boot


def _sierra_facts(**changes: object) -> Facts:
    usb = doctor_usb.parse((DATA / "003_a4d0172e5be6b03f" / "usb-devices").read_text())
    base: dict[str, object] = {
        "usb": usb, "sysfs": None, "klog": None, "sections": (), "dev_present": frozenset(),
    }  # fmt: skip
    base.update(changes)
    return Facts(**base)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def _log(**changes: object) -> KernelLog:
    base = doctor_klog.parse("")
    values: dict[str, object] = {name: getattr(base, name) for name in base.__match_args__}
    values.update(changes)
    return KernelLog(**values)  # type: ignore[arg-type]


def test_raw_ip_only_modem_on_a_new_kernel_is_a_plain_binding_problem() -> None:
    klog = _log(release=(5, 15, 0), registered=frozenset({"qmi_wwan", "cdc_wdm"}), has_boot=True)
    _, findings = diagnose_modems(_sierra_facts(klog=klog))
    (unbound,) = [f for f in findings if f.code == "qmi-no-driver"]
    assert unbound.fix == ("echo 1-1:1.8 > /sys/bus/usb/drivers/qmi_wwan/bind",)


def test_over_current_and_modemmanager_timeouts() -> None:
    klog = _log(over_current=("usb1-port1",), port_timeouts={"ttyUSB2": 4})
    _, findings = diagnose_modems(_sierra_facts(klog=klog))
    assert "usb-over-current" in codes(findings)
    _, findings = diagnose_modems(_sierra_facts(klog=_log(port_timeouts={"ttyUSB2": 4})))
    assert "port-timeouts" in codes(findings)


def test_missing_serial_module_names_kmod_usb_serial_option(tmp_path: Path) -> None:
    usb = doctor_usb.parse((DATA / "001_fb98e79d2120127d" / "usb-devices").read_text())
    sysfs = Sysfs({}, (), frozenset({"qmi_wwan", "cdc_wdm", "usbfs"}), frozenset(), {})
    _, findings = diagnose_modems(_sierra_facts(usb=usb, sysfs=sysfs))
    (missing,) = [f for f in findings if f.code == "module-missing"]
    assert missing.fix == ("opkg update", "opkg install kmod-usb-serial-option")
    assert "serial-unbound" not in codes(findings)  # the module is the problem, not new_id


def _config(section: Section, **changes: object) -> list[Finding]:
    sysfs = Sysfs({"cdc-wdm0": "1-1:1.4"}, (NetLink("wwan0", "1-1:1.4", True),), None, None, {})
    values: dict[str, object] = {
        "usb": None, "sysfs": sysfs, "klog": None, "sections": (section,),
        "dev_present": frozenset({"cdc-wdm0"}),
    }  # fmt: skip
    values.update(changes)
    return diagnose_config(Facts(**values), ())  # type: ignore[arg-type]


def test_invalid_pdptype_is_an_error_with_the_allowed_values() -> None:
    section = Section("4G", {"proto": "pyqmi", "device": "/dev/cdc-wdm0", "pdptype": "ipv4v4"})
    (bad,) = [f for f in _config(section) if f.code == "pdptype-invalid"]
    assert bad.severity == "error" and "IP, IPV6, IPV4V6" in bad.text
    assert bad.fix[0] == "uci set network.4G.pdptype='IP'"
    alias = Section("4G", {"proto": "pyqmi", "device": "/dev/cdc-wdm0", "pdptype": "ipv4"})
    (note,) = [f for f in _config(alias) if f.code == "pdptype-alias"]
    assert note.severity == "info"  # pyqmi reads ipv4 as IP


def test_dhcp_on_raw_ip_for_pyqmi_only_when_asked() -> None:
    asked = Section("4G", {"proto": "pyqmi", "device": "/dev/cdc-wdm0", "dhcp": "1"})
    assert "dhcp-raw-ip" in codes(_config(asked))
    default = Section("4G", {"proto": "pyqmi", "device": "/dev/cdc-wdm0"})
    assert "dhcp-raw-ip" not in codes(_config(default))  # pyqmi's default is static


def test_auth_none_on_pyqmi_matters_only_without_the_fallback() -> None:
    on = Section("4G", {"proto": "pyqmi", "device": "/dev/cdc-wdm0", "auth": "none"})
    assert "auth-none" not in codes(_config(on))
    off = Section("4G", {"proto": "pyqmi", "device": "/dev/cdc-wdm0", "auth": "none",
                         "fallback_auth": "0"})  # fmt: skip
    assert "auth-none" in codes(_config(off))


def test_a_tty_is_not_a_control_device_and_a_missing_one_lists_what_exists() -> None:
    tty = Section("4G", {"proto": "qmi", "device": "/dev/ttyUSB2"})
    (wrong,) = [f for f in _config(tty) if f.code == "device-not-qmi"]
    assert wrong.fix[0] == "uci set network.4G.device='/dev/cdc-wdm0'"
    gone = Section("4G", {"proto": "qmi", "device": "/dev/cdc-wdm3"})
    (missing,) = [f for f in _config(gone) if f.code == "device-missing"]
    assert "/dev/cdc-wdm0" in missing.text


def test_default_sources_that_cannot_be_read_are_reported_not_fatal() -> None:
    parser = argparse.ArgumentParser()
    doctor.add_arguments(parser)
    base = DATA / "000_90db166a29472a8b"
    args = parser.parse_args(["--sysfs-root", str(base / "sysfs"), "--kernel-log",
                              str(base / "kernel.log"), "--no-config"])  # fmt: skip
    facts = doctor.gather(args)
    assert facts.usb is None and facts.sections is None
    assert any("mount -t debugfs" in line for line in facts.unread)
