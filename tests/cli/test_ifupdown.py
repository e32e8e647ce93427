"""``pyqmi connect|disconnect``: netifd's up/down of the interface, waited for, bounded.

A stand-in netifd object (``network.interface.4G`` with status/up/down) on the recording
bus plays the interface: it comes up a few polls after ``up``, or reports an error.
"""

from __future__ import annotations

from typing import Any

import pytest

from pyqmi.netifd.recording import RecordingBus

from .test_modem import cli


class Netifd:
    """``network.interface.<name>``: up after ``delay`` status polls, or an error."""

    def __init__(self, bus: RecordingBus, name: str = "4G", *, proto: str = "pyqmi",
                 delay: int = 2, error: str | None = None) -> None:  # fmt: skip
        self.up = False
        self.pending = False
        self.polls = 0
        self.delay = delay
        self.error = error
        self.proto = proto
        bus.objects[f"network.interface.{name}"] = {
            "status": self.status, "up": self.ifup, "down": self.ifdown,
        }  # fmt: skip

    def status(self, _args: Any) -> dict[str, Any]:
        if self.pending:
            self.polls += 1
            if self.polls >= self.delay:
                self.pending = False
                self.up = self.error is None
        out: dict[str, Any] = {"proto": self.proto, "up": self.up, "pending": self.pending}
        if self.up:
            out["ipv4-address"] = [{"address": "10.64.12.89", "mask": 30}]
        if self.error and not self.pending and not self.up and self.polls:
            out["errors"] = [{"subsystem": "pyqmi", "code": self.error}]
        return out

    def ifup(self, _args: Any) -> dict[str, Any]:
        self.pending, self.polls = True, 0
        return {}

    def ifdown(self, _args: Any) -> dict[str, Any]:
        self.up = self.pending = False
        return {}


def test_connect_waits_until_up(capsys: pytest.CaptureFixture[str]) -> None:
    bus = RecordingBus()
    iface = Netifd(bus)
    assert cli(["connect", "4G", "--timeout", "10"], bus) == 0
    assert capsys.readouterr().out == "4G: up, 10.64.12.89/30\n"
    assert iface.up and [c.method for c in bus.calls].count("up") == 1
    again = RecordingBus()
    Netifd(again).up = True
    assert cli(["connect", "4G"], again) == 0
    assert capsys.readouterr().out == "4G: already up\n"
    assert [c.method for c in again.calls] == ["status"]


def test_disconnect(capsys: pytest.CaptureFixture[str]) -> None:
    bus = RecordingBus()
    iface = Netifd(bus)
    iface.up = True
    assert cli(["disconnect", "4G"], bus) == 0
    assert capsys.readouterr().out == "4G: down\n"
    assert not iface.up


def test_an_error_is_shown_with_its_code(capsys: pytest.CaptureFixture[str]) -> None:
    bus = RecordingBus()
    Netifd(bus, error="PIN_REQUIRED")
    assert cli(["connect", "4G"], bus) == 1
    err = capsys.readouterr().err
    assert err == "4G: not up: PIN_REQUIRED (see ifstatus, logread)\n"


def test_the_wait_is_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    bus = RecordingBus()
    Netifd(bus, delay=10**9)
    assert cli(["connect", "4G", "--timeout", "0.6"], bus) == 1
    assert capsys.readouterr().err == "4G: not up after 0.6 s\n"


def test_no_wait(capsys: pytest.CaptureFixture[str]) -> None:
    bus = RecordingBus()
    Netifd(bus, delay=10**9)
    assert cli(["connect", "4G", "--no-wait"], bus) == 0
    assert capsys.readouterr().out == "4G: netifd is bringing it up\n"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "pyqmi connect: netifd has no interface '4G'\n"),
        ("dhcp", "pyqmi connect: interface '4G' has proto 'dhcp', not 'pyqmi'\n"),
    ],
)
def test_not_a_pyqmi_interface_is_bad_input(
    setup: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bus = RecordingBus()
    if setup == "missing":
        bus.fail("network.interface.4G", "status", reason="Not found")
    else:
        Netifd(bus, proto="dhcp")
    assert cli(["connect", "4G"], bus) == 2
    assert capsys.readouterr().err == message
    assert not [c for c in bus.calls if c.method == "up"]


def test_no_ubus_is_a_failure(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["disconnect", "4G"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pyqmi disconnect: cannot reach netifd: ") and err.count("\n") == 1
