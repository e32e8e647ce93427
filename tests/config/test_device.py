"""Device forms, devpath resolution on a fake sysfs tree, and NO_DEVICE messages."""

from __future__ import annotations

import os
from typing import Any

import pytest

from pyqmi.config import ConfigError, list_control_devices, validate
from pyqmi.config.errors import NO_DEVICE

from .fakesys import FakeSystem

USB_PORT = "/sys/devices/platform/1e1c0000.xhci/usb1/1-2"
PCIE_DEV = "/sys/devices/platform/soc/11280000.pcie/pci0003:00/0003:00:00.0/0003:01:00.0"


def device_of(fake: FakeSystem, **options: Any) -> str:
    return validate(options, roots=fake.roots).config.device


def no_device(fake: FakeSystem, **options: Any) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        validate(options, roots=fake.roots)
    assert caught.value.code == NO_DEVICE
    return caught.value


# --- device ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cdc-wdm0", "cdc-wdm12", "wwan0qmi0"])
def test_control_device_forms(fake: FakeSystem, name: str) -> None:
    fake.add_dev(name)
    assert device_of(fake, device=f"/dev/{name}") == f"/dev/{name}"


def test_symlink_to_control_device_is_followed(fake: FakeSystem) -> None:
    fake.add_dev("cdc-wdm0")
    os.symlink("cdc-wdm0", fake.dev / "modem-qmi")
    assert device_of(fake, device="/dev/modem-qmi") == "/dev/cdc-wdm0"


def test_bare_name_is_fixed_and_noted(fake: FakeSystem) -> None:
    fake.add_dev("cdc-wdm0")
    loaded = validate({"device": "cdc-wdm0"}, roots=fake.roots)
    assert loaded.config.device == "/dev/cdc-wdm0"
    assert "option device 'cdc-wdm0' read as '/dev/cdc-wdm0'" in loaded.notes


def test_path_with_spaces_from_the_forum_thread(fake: FakeSystem) -> None:
    fake.add_dev("cdc-wdm0", "ttyUSB0")
    error = no_device(fake, device="/ dev / cdc-wdm0")
    assert error.permanent and error.option == "device"
    assert "option device '/ dev / cdc-wdm0' contains spaces" in error.message
    assert "did you mean '/dev/cdc-wdm0'?" in error.message
    assert error.message.endswith("QMI control devices present: /dev/cdc-wdm0")


def test_missing_device_lists_present_ones_and_may_retry(fake: FakeSystem) -> None:
    fake.add_dev("cdc-wdm10", "cdc-wdm2", "wwan0qmi0", "ttyUSB2", "wwan0")
    error = no_device(fake, device="/dev/cdc-wdm1")
    assert not error.permanent  # the modem may still be enumerating
    assert "option device '/dev/cdc-wdm1' does not exist" in error.message
    assert "present: /dev/cdc-wdm2, /dev/cdc-wdm10, /dev/wwan0qmi0" in error.message


def test_nothing_present(fake: FakeSystem) -> None:
    error = no_device(fake, device="/dev/cdc-wdm0")
    assert "no QMI control device is present" in error.message


def test_serial_port_is_not_a_qmi_device(fake: FakeSystem) -> None:
    fake.add_dev("ttyUSB2", "cdc-wdm0")
    error = no_device(fake, device="/dev/ttyUSB2")
    assert error.permanent
    assert "option device '/dev/ttyUSB2' is not a QMI control device" in error.message
    assert "present: /dev/cdc-wdm0" in error.message


@pytest.mark.parametrize("value", ["wwan0", "dev/cdc-wdm0", "/tmp/cdc-wdm0", "/dev/../cdc wdm"])
def test_malformed_device_is_permanent(fake: FakeSystem, value: str) -> None:
    error = no_device(fake, device=value)
    assert error.permanent and f"option device '{value}'" in error.message


def test_missing_non_control_name_is_permanent(fake: FakeSystem) -> None:
    error = no_device(fake, device="/dev/ttyUSB9")
    assert error.permanent and "is not a QMI control device name" in error.message


def test_neither_device_nor_devpath(fake: FakeSystem) -> None:
    error = no_device(fake)
    assert error.permanent and "set device (e.g. /dev/cdc-wdm0) or devpath" in error.message


def test_shape_is_checked_even_without_device_check(fake: FakeSystem) -> None:
    with pytest.raises(ConfigError) as caught:
        validate({"device": "/ dev / cdc-wdm0"}, roots=fake.roots, check_device=False)
    assert caught.value.code == NO_DEVICE
    loaded = validate({"device": "/dev/cdc-wdm7"}, roots=fake.roots, check_device=False)
    assert loaded.config.device == "/dev/cdc-wdm7"


# --- devpath -----------------------------------------------------------------------------


def test_devpath_usb_port_finds_cdc_wdm(fake: FakeSystem) -> None:
    fake.add_sys(f"{USB_PORT}/1-2:1.0")
    fake.add_sys(f"{USB_PORT}/1-2:1.4/usbmisc/cdc-wdm1")
    fake.add_dev("cdc-wdm0", "cdc-wdm1")
    assert device_of(fake, devpath=USB_PORT) == "/dev/cdc-wdm1"


def test_devpath_usb_interface_finds_cdc_wdm(fake: FakeSystem) -> None:
    fake.add_sys(f"{USB_PORT}/1-2:1.4/usbmisc/cdc-wdm0")
    fake.add_dev("cdc-wdm0")
    assert device_of(fake, devpath=f"{USB_PORT}/1-2:1.4") == "/dev/cdc-wdm0"


@pytest.mark.parametrize("below", ["wwan/wwan0/wwan0qmi0", "mhi0/wwan/wwan0/wwan0qmi0"])
def test_devpath_pcie_finds_wwan_qmi(fake: FakeSystem, below: str) -> None:
    fake.add_sys(f"{PCIE_DEV}/{below}")
    fake.add_sys(f"{PCIE_DEV}/mhi0/wwan/wwan0/wwan0at0")
    fake.add_dev("wwan0qmi0", "wwan0at0")
    assert device_of(fake, devpath=PCIE_DEV) == "/dev/wwan0qmi0"


def test_devpath_wins_over_device_and_says_so(fake: FakeSystem) -> None:
    fake.add_sys(f"{USB_PORT}/1-2:1.4/usbmisc/cdc-wdm1")
    fake.add_dev("cdc-wdm0", "cdc-wdm1")
    loaded = validate({"devpath": USB_PORT, "device": "/dev/cdc-wdm0"}, roots=fake.roots)
    assert loaded.config.device == "/dev/cdc-wdm1"
    assert any("option device '/dev/cdc-wdm0' is ignored" in note for note in loaded.notes)


def test_devpath_without_control_device_falls_back_to_device(fake: FakeSystem) -> None:
    fake.add_sys(f"{USB_PORT}/1-2:1.0")
    fake.add_dev("cdc-wdm0")
    loaded = validate({"devpath": USB_PORT, "device": "/dev/cdc-wdm0"}, roots=fake.roots)
    assert loaded.config.device == "/dev/cdc-wdm0"
    assert any("has no control device yet" in note for note in loaded.notes)


def test_devpath_without_control_device_alone(fake: FakeSystem) -> None:
    fake.add_sys(f"{USB_PORT}/1-2:1.0")
    error = no_device(fake, devpath=USB_PORT)
    assert not error.permanent and error.option == "devpath"
    assert f"'{USB_PORT}' has no cdc-wdm or wwan*qmi* control device" in error.message


def test_devpath_missing(fake: FakeSystem) -> None:
    fake.add_dev("cdc-wdm3")
    error = no_device(fake, devpath=USB_PORT)
    assert not error.permanent
    assert f"option devpath '{USB_PORT}' does not exist" in error.message
    assert "present: /dev/cdc-wdm3" in error.message


def test_devpath_found_but_node_missing(fake: FakeSystem) -> None:
    fake.add_sys(f"{USB_PORT}/1-2:1.4/usbmisc/cdc-wdm0")
    error = no_device(fake, devpath=USB_PORT)
    assert "has control device /dev/cdc-wdm0, but /dev/cdc-wdm0 does not exist" in error.message


@pytest.mark.parametrize("value", ["devices/platform/usb1/1-2", "/sys/devices/usb 1", "/dev/x"])
def test_devpath_malformed(fake: FakeSystem, value: str) -> None:
    error = no_device(fake, devpath=value)
    assert error.permanent and f"option devpath '{value}'" in error.message


def test_list_control_devices_on_missing_root(fake: FakeSystem) -> None:
    assert list_control_devices(fake.dev / "nope") == []


# --- the configurations from the forum threads in shared/seeds ---------------------------


def test_seed_zte_mf821_config_validates(fake: FakeSystem) -> None:
    fake.add_dev("cdc-wdm0")
    options = {"proto": "qmi", "device": "/dev/cdc-wdm0", "apn": "internet", "auth": "none",
               "pdptype": "ipv4v6"}  # fmt: skip
    loaded = validate(options, roots=fake.roots)
    config = loaded.config
    assert (config.pdptype, config.auth, config.device) == ("IPV4V6", "none", "/dev/cdc-wdm0")
    # The thread's fixes (IP, PAP/CHAP with dummy credentials) are the automatic fallbacks.
    assert loaded.slices.call.pdp_fallback and loaded.slices.call.auth_fallback


def test_seed_archer_mr200_config_reads_ipv4_as_ip(fake: FakeSystem) -> None:
    fake.add_dev("cdc-wdm0")
    options = {"apn": "internet.yota", "device": "/dev/cdc-wdm0", "delegate": "0",
               "pdptype": "ipv4", "auth": "none"}  # fmt: skip
    loaded = validate(options, roots=fake.roots)
    assert (loaded.config.pdptype, loaded.config.delegate) == ("IP", False)
    assert loaded.notes == ("option pdptype 'ipv4' read as 'IP'",)


def test_seed_sierra_config_with_empty_credentials(fake: FakeSystem) -> None:
    fake.add_dev("cdc-wdm0")
    options = {"device": "/dev/cdc-wdm0", "apn": "r.ispsn", "username": "", "password": ""}
    config = validate(options, roots=fake.roots).config
    assert (config.apn, config.auth, config.username) == ("r.ispsn", "none", "")
