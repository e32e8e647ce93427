"""The hotplug script: shellcheck-clean POSIX sh that marks the pyqmi interfaces whose
control device disappeared unavailable, and marks those whose device appeared available and
brings them up.

It runs under /bin/sh as hotplug-call runs it (sourced, in a subshell, with ACTION,
DEVNAME and DEVPATH set), with stand-ins from tests/files/stub/: UCI helpers reading a
table, and ifup/ifstatus/jsonfilter/logger/ubus commands that record their calls.  The same
script under real netifd: tests/e2e/test_hotplug.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "files/etc/hotplug.d/usbmisc/30-pyqmi"
STUB = Path(__file__).resolve().parent / "stub"
USB = "/devices/platform/1e1c0000.xhci/usb1/1-2"

# section -> (UCI options, netifd status or None when netifd does not know it)
IDLE = {"up": False, "pending": False, "autostart": True, "available": True}
INTERFACES: dict[str, tuple[dict[str, str], dict[str, bool] | None]] = {
    "wan": ({"proto": "pyqmi", "device": "/dev/cdc-wdm0"}, IDLE),
    "bare": ({"proto": "pyqmi", "device": "cdc-wdm0"}, IDLE),
    "other_modem": ({"proto": "pyqmi", "device": "/dev/cdc-wdm1"}, IDLE),
    "pcie": ({"proto": "pyqmi", "device": "/dev/wwan0qmi0"}, IDLE),
    "by_path": ({"proto": "pyqmi", "devpath": f"/sys{USB}"}, IDLE),
    "by_path_slash": ({"proto": "pyqmi", "devpath": f"/sys{USB}/", "device": "/dev/x"}, IDLE),
    "sibling_port": ({"proto": "pyqmi", "devpath": f"/sys{USB}0"}, IDLE),
    "disabled": ({"proto": "pyqmi", "device": "/dev/cdc-wdm0", "disabled": "1"}, IDLE),
    "manual": ({"proto": "pyqmi", "device": "/dev/cdc-wdm0", "auto": "0"}, IDLE),
    "running": ({"proto": "pyqmi", "device": "/dev/cdc-wdm0"}, {**IDLE, "pending": True}),
    "already_up": ({"proto": "pyqmi", "device": "/dev/cdc-wdm0"}, {**IDLE, "up": True}),
    "taken_down": ({"proto": "pyqmi", "device": "/dev/cdc-wdm0"}, {**IDLE, "autostart": False}),
    "not_loaded": ({"proto": "pyqmi", "device": "/dev/cdc-wdm0"}, None),
    "old_qmi": ({"proto": "qmi", "device": "/dev/cdc-wdm0"}, IDLE),
    "lan": ({"proto": "static", "device": "br-lan"}, IDLE),
    "unplugged": ({"proto": "pyqmi", "device": "/dev/cdc-wdm0"}, {**IDLE, "available": False}),
    "unplugged_off": (
        {"proto": "pyqmi", "device": "/dev/cdc-wdm0"},
        {**IDLE, "available": False, "autostart": False},
    ),
}


def write_config(tmp_path: Path) -> tuple[Path, Path]:
    uci = tmp_path / "network.uci"
    status = tmp_path / "status"
    status.mkdir()
    lines = ["loopback|.type|interface", "loopback|proto|static", "globals|.type|globals"]
    for name, (options, netifd) in INTERFACES.items():
        lines.append(f"{name}|.type|interface")
        lines.extend(f"{name}|{key}|{value}" for key, value in options.items())
        if netifd is not None:
            (status / f"{name}.json").write_text(json.dumps(netifd))
    uci.write_text("\n".join(lines) + "\n")
    return uci, status


def recorded(tmp_path: Path, name: str) -> list[str]:
    path = tmp_path / "record" / name
    return path.read_text().split("\n")[:-1] if path.exists() else []


def availability(tmp_path: Path) -> list[tuple[str, bool]]:
    """The (interface, available) notify_proto calls the script made over ubus."""
    found = []
    for line in recorded(tmp_path, "ubus"):
        call, obj, method, body = line.split(" ", 3)
        assert (call, obj, method) == ("call", "network.interface", "notify_proto"), line
        message = json.loads(body)
        assert set(message) == {"action", "interface", "available"} and message["action"] == 5
        found.append((message["interface"], message["available"]))
    return found


def run_hotplug(tmp_path: Path, action: str, devname: str, devpath: str = "") -> list[str]:
    """Run the script as hotplug-call does; return the interfaces ifup was called for."""
    uci, status = write_config(tmp_path)
    record = tmp_path / "record"
    record.mkdir(exist_ok=True)
    env = {
        "PATH": f"{STUB / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "STUB_UCI": str(uci),
        "STUB_STATUS": str(status),
        "STUB_RECORD": str(record),
        "ACTION": action,
        "DEVNAME": devname,
        "DEVPATH": devpath,
        "SUBSYSTEM": "usbmisc",
    }
    result = subprocess.run(
        ["/bin/sh", "-c", '. "$1"; ( . "$2" )', "hotplug-call", str(STUB / "functions.sh"),
         str(SCRIPT)],
        env=env, capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    ifup = record / "ifup"
    return ifup.read_text().split("\n")[:-1] if ifup.exists() else []


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_shellcheck_clean() -> None:
    result = subprocess.run(
        ["shellcheck", "-s", "sh", str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_usb_add_brings_up_the_interfaces_of_that_device(tmp_path: Path) -> None:
    devpath = f"{USB}/1-2:1.4/usbmisc/cdc-wdm0"
    assert run_hotplug(tmp_path, "add", "cdc-wdm0", devpath) == ["wan", "bare", "by_path",
                                                                  "by_path_slash"]  # fmt: skip
    # Those netifd held unavailable are marked available (netifd then starts the one meant
    # to run by itself: ifup is not called for either).
    assert availability(tmp_path) == [("unplugged", True), ("unplugged_off", True)]


def test_usb_remove_marks_the_interfaces_of_that_device_unavailable(tmp_path: Path) -> None:
    devpath = f"{USB}/1-2:1.4/usbmisc/cdc-wdm0"
    assert run_hotplug(tmp_path, "remove", "cdc-wdm0", devpath) == []
    gone = ["wan", "bare", "by_path", "by_path_slash", "manual", "running", "already_up",
            "taken_down", "not_loaded", "unplugged", "unplugged_off"]  # fmt: skip
    assert availability(tmp_path) == [(name, False) for name in gone]
    assert recorded(tmp_path, "ifstatus") == []  # nothing to ask netifd first
    assert (
        "/dev/cdc-wdm0 disappeared: interface wan is unavailable" in recorded(tmp_path, "logger")[0]
    )


def test_remove_of_another_modem_touches_only_its_interface(tmp_path: Path) -> None:
    devpath = "/devices/platform/1e1c0000.xhci/usb1/1-1/1-1:1.4/usbmisc/cdc-wdm1"
    run_hotplug(tmp_path, "remove", "cdc-wdm1", devpath)
    assert availability(tmp_path) == [("other_modem", False)]


def test_each_interface_is_brought_up_once_with_only_its_name(tmp_path: Path) -> None:
    run_hotplug(tmp_path, "add", "cdc-wdm0", f"{USB}/1-2:1.4/usbmisc/cdc-wdm0")
    calls = (tmp_path / "record" / "ifup").read_text().splitlines()
    assert len(calls) == len(set(calls))
    assert all(" " not in call for call in calls)
    logged = (tmp_path / "record" / "logger").read_text()
    assert "/dev/cdc-wdm0 appeared: bringing up interface wan" in logged


def test_another_usb_modem(tmp_path: Path) -> None:
    devpath = "/devices/platform/1e1c0000.xhci/usb1/1-1/1-1:1.4/usbmisc/cdc-wdm1"
    assert run_hotplug(tmp_path, "add", "cdc-wdm1", devpath) == ["other_modem"]


def test_pcie_wwan_control_device(tmp_path: Path) -> None:
    devpath = "/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/mhi0/wwan/wwan0/wwan0qmi0"
    assert run_hotplug(tmp_path, "add", "wwan0qmi0", devpath) == ["pcie"]


@pytest.mark.parametrize(
    ("action", "devname"),
    [
        ("bind", "cdc-wdm0"),
        ("remove", "ttyUSB2"),
        ("add", "ttyUSB2"),
        ("add", "wwan0at0"),
        ("add", "wwan0mbim0"),
        ("add", "wwan0"),
        ("add", ""),
    ],
)
def test_nothing_for_other_actions_or_devices(tmp_path: Path, action: str, devname: str) -> None:
    devpath = f"{USB}/1-2:1.4/usbmisc/{devname}"
    assert run_hotplug(tmp_path, action, devname, devpath) == []
    # It did not even look at netifd.
    assert not (tmp_path / "record" / "ifstatus").exists()
    assert not (tmp_path / "record" / "ubus").exists()
