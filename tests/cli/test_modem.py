"""``pyqmi signal|cell|sim|info``: from the daemon over ubus, or from a device no daemon holds.

The direct reads run against the simulator's pty (the same bytes a cdc-wdm device carries);
the daemon's answers come from a recording bus, or from a real daemon's status object.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pyqmi.cli.main import main
from pyqmi.cli.modem_source import daemon_interface, holders
from pyqmi.netifd.bus import BusUnavailable
from pyqmi.netifd.recording import RecordingBus
from pyqmi.sim import run_sim, scenario


def cli(argv: list[str], bus: RecordingBus | None = None) -> int:
    """Run ``pyqmi ARGV`` (in a thread of its own when a loop runs here), bus injected."""
    from pyqmi.cli import ifupdown, modem

    async def connect() -> RecordingBus:
        if bus is None:
            raise BusUnavailable("no ubus in this test")
        return bus

    saved = modem.run.__defaults__, ifupdown.run.__defaults__
    modem.run.__defaults__ = ifupdown.run.__defaults__ = (connect,)
    try:
        return main(argv)
    finally:
        modem.run.__defaults__, ifupdown.run.__defaults__ = saved


async def in_thread(argv: list[str], bus: RecordingBus | None = None) -> int:
    return await asyncio.to_thread(cli, argv, bus)


async def test_direct_reads_of_each_view(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "cdc-wdm0"
    async with run_sim(scenario("default"), link) as sim:
        assert await in_thread(["signal", "--device", str(link)]) == 0
        out = capsys.readouterr().out
        assert out.startswith("cdc-wdm0: no daemon, registered on Sim Mobile (23420), lte\n")
        assert "  RSRP     -95 dBm\n" in out and "  level [###--]\n" in out
        assert await in_thread(["cell", "--device", str(link)]) == 0
        out = capsys.readouterr().out
        assert "cell ID 1846590 (eNB 7213, cell 62), TAC 15437, PLMN 23420" in out
        assert "    EARFCN 6300 (B20), PCI 257\n" in out
        assert "    lte       6300  B20    102   -104.0   -13.0\n" in out
        assert await in_thread(["sim", "--device", str(link)]) == 0
        out = capsys.readouterr().out
        assert "SIM card present, ready" in out
        assert "  PIN1 disabled; 3 PIN tries left, 10 PUK tries left\n" in out
        assert "ICCID, IMSI hidden (--show-ids shows them)" in out
        assert "89441100" not in out
        assert await in_thread(["info", "--device", str(link)]) == 0
        out = capsys.readouterr().out
        assert "modem pyqmi SIM-LTE" in out and "firmware SIM01A01M4G" in out
        assert "IMEI hidden" in out and "359225" not in out
        assert all(len(line) <= 80 for line in out.splitlines())
        # Every client ID the CLI took went back to the modem.
        assert all(not cids for cids in sim.state.clients.values()), sim.state.clients


async def test_ids_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "cdc-wdm0"
    async with run_sim(scenario("default"), link):
        assert await in_thread(["info", "--device", str(link), "--show-ids"]) == 0
        assert "  IMEI 359225050039973\n" in capsys.readouterr().out
        assert await in_thread(["sim", "--device", str(link), "--json", "--show-ids"]) == 0
        out = capsys.readouterr().out
        assert '"iccid": "8944110068512345678"' in out and '"imsi": "234101234567890"' in out
        assert await in_thread(["sim", "--device", str(link), "--json"]) == 0
        assert "iccid" not in capsys.readouterr().out


async def test_a_silent_modem_is_a_failure_within_the_bound(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "cdc-wdm0"
    async with run_sim(scenario("unresponsive"), link):
        rc = await asyncio.wait_for(
            in_thread(["info", "--device", str(link), "--timeout", "1"]), 20
        )
    assert rc == 1
    err = capsys.readouterr().err
    assert (
        err.startswith(f"pyqmi info: the modem at {link} did not answer") and err.count("\n") == 1
    )


@contextmanager
def holder(path: Path, *argv: str) -> Iterator[subprocess.Popen[str]]:
    """A process that keeps ``path`` open, with a command line of our choosing."""
    script = path.parent / (argv[0] if argv else "holder")
    script.write_text("import sys\nf = open(sys.argv[1], 'rb')\nprint('open', flush=True)\n"
                      "sys.stdin.read()\n")  # fmt: skip
    proc = subprocess.Popen([sys.executable, str(script), str(path), *argv[1:]],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "open\n"
        yield proc
    finally:
        proc.communicate(timeout=10)


def test_holders_and_daemon_command_lines(tmp_path: Path) -> None:
    device = tmp_path / "cdc-wdm7"
    device.write_bytes(b"")
    with holder(device, "pyqmi", "daemon", "--interface", "wan_4g") as proc:
        found = holders(str(device))
        assert [pid for pid, _ in found] == [proc.pid]
        assert daemon_interface(found[0][1]) == "wan_4g"
    assert holders(str(device)) == []
    assert (
        daemon_interface(["/usr/bin/python3", "/usr/bin/pyqmi", "daemon", "--interface=x"]) == "x"
    )
    assert daemon_interface(["qmicli", "-d", "/dev/cdc-wdm0", "daemon"]) is None


def test_a_device_the_daemon_holds_is_never_opened_the_daemon_is_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = tmp_path / "cdc-wdm0"
    device.write_bytes(b"")  # were it opened as a modem, the probe would time out
    bus = RecordingBus()
    reply = {"interface": "4G", "state": "connected", "sim": {"card": "present",
             "application": "ready", "pin1": "enabled_verified", "pin1_retries": 2,
             "puk1_retries": 10}}  # fmt: skip
    bus.reply_with("pyqmi.4G", "sim", [reply])
    with holder(device, "pyqmi", "daemon", "--interface", "4G"):
        assert cli(["sim", "--device", str(device), "--show-ids"], bus) == 0
    out = capsys.readouterr().out
    assert [(c.obj, c.method) for c in bus.calls] == [("pyqmi.4G", "sim")]
    assert out.startswith("4G: connected, SIM card present, ready\n")
    assert "PIN1 enabled_verified; 2 PIN tries left, 10 PUK tries left" in out
    assert "identifiers are not shared by the daemon" in out
    assert f"{device} is held by the pyqmi daemon of 4G" in " ".join(out.split())
    assert all(len(line) <= 80 for line in out.splitlines())


def test_a_device_another_program_holds_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = tmp_path / "cdc-wdm0"
    device.write_bytes(b"")
    with holder(device, "ModemManager"):
        assert cli(["info", "--device", str(device)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is held by pid" in err and "ModemManager" in err


def test_no_daemon_for_the_interface_says_to_use_device(capsys: pytest.CaptureFixture[str]) -> None:
    bus = RecordingBus()
    bus.fail("pyqmi.4G", "signal", reason="Not found")
    assert cli(["signal", "4G"], bus) == 1
    err = capsys.readouterr().err
    assert "no pyqmi daemon answers for interface '4G'" in err and "--device" in err


def test_cell_asks_again_while_the_daemon_reads(capsys: pytest.CaptureFixture[str]) -> None:
    bus = RecordingBus()
    asked: list[int] = []

    def cell(_args: Any) -> dict[str, Any]:
        asked.append(1)
        if len(asked) < 3:
            return {"interface": "4G", "state": "connected", "cell": {"reading": True}}
        serving = {"technology": "lte", "cell_id": 0x1C2D3E, "tac": 1, "earfcn": 1300,
                   "band": "B3", "pci": 7, "rsrp": -88.5}  # fmt: skip
        return {
            "interface": "4G",
            "state": "connected",
            "cell": {"serving": serving, "neighbours": [], "age": 0.1, "reading": False},
        }

    bus.objects["pyqmi.4G"] = {"cell": cell}
    assert cli(["cell", "4G"], bus) == 0
    out = capsys.readouterr().out
    assert len(asked) == 3
    assert "    EARFCN 1300 (B3), PCI 7\n" in out and "RSRP -88.5 dBm" in out
    assert "no neighbour cells reported" in out


def test_json_is_the_daemons_view(capsys: pytest.CaptureFixture[str]) -> None:
    bus = RecordingBus()
    view = {"interface": "4G", "state": "registering",
            "registration": {"state": "searching", "signal": {"rssi": -101}}}  # fmt: skip
    bus.reply_with("pyqmi.4G", "signal", [view])
    assert cli(["signal", "4G", "--json"], bus) == 0
    import json

    assert json.loads(capsys.readouterr().out) == view
