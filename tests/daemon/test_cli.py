"""The daemon's entry point: options from UCI (netifd's copy as the fallback), status on the
bus, errors, and no secret in a notification, a status reply or a log line.

UCI is the stand-in of tests/config (a reader of UCI files in a temp directory), given to
``main_async`` the way the bus is.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from config.uci_standin import StandinUci
from pyqmi.config.uci_source import UciSource
from pyqmi.daemon.cli import add_arguments, main_async
from pyqmi.netifd.recording import RecordingBus
from pyqmi.sim import run_sim

from .harness import FAST

PIN = "1234"  # what the pin-required scenario's SIM wants
PASSWORD = "pw-Very$ecret'x"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def section(name: str = "4G", **options: str) -> str:
    lines = [f"config interface '{name}'", "\toption proto 'pyqmi'"]
    merged = {"device": "/dev/cdc-wdm0", "apn": "internet", **options}
    quoted = {key: value.replace("'", "'\\''") for key, value in merged.items()}  # as uci does
    lines += [f"\toption {key} '{value}'" for key, value in quoted.items()]
    return "\n".join(lines) + "\n"


def uci(tmp_path: Path, text: str) -> UciSource:
    confdir = tmp_path / "config"
    confdir.mkdir(exist_ok=True)
    (confdir / "network").write_text(text)
    return UciSource(str(confdir), module=StandinUci())


def netifd(**options: object) -> dict[str, str]:
    """PYQMI_CONFIG as the shim exports it: declared (non-secret) options only."""
    return {"PYQMI_CONFIG": json.dumps({"device": "/dev/cdc-wdm0", "apn": "internet", **options})}


class Lines(logging.Handler):
    """Every record of the pyqmi loggers, unmasked: a secret here was handed to a logger."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def at(self, level: int) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == level]

    @property
    def text(self) -> str:
        return "\n".join(r.getMessage() for r in self.records)


@pytest.fixture
def lines() -> Iterator[Lines]:
    handler = Lines()
    logger = logging.getLogger("pyqmi")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def recording() -> tuple[RecordingBus, Callable[[], Awaitable[RecordingBus]]]:
    bus = RecordingBus()

    async def connect() -> RecordingBus:
        return bus

    return bus, connect


async def test_bad_uci_option_is_an_error_that_blocks_restart(tmp_path: Path) -> None:
    bus, connect = recording()
    source = uci(tmp_path, section(pdptype="ipv5"))
    rc = await main_async(parse("--interface", "4G"), connect, netifd(), source)
    assert rc == 1
    assert bus.actions == [3, 4]
    error = bus.notifications[0]["error"]
    assert error[0] == "INVALID_OPTION"
    assert "pdptype" in error[1] and "'ipv5'" in error[1] and "IPV4V6" in error[1]


async def test_uci_wins_over_what_netifd_passed(tmp_path: Path) -> None:
    # netifd's copy is valid, UCI's is not: the error proves UCI was read, not netifd.
    bus, connect = recording()
    source = uci(tmp_path, section(timeout="soon"))
    rc = await main_async(parse("--interface", "4G"), connect, netifd(timeout=30), source)
    assert rc == 1
    assert bus.notifications[0]["error"][0] == "INVALID_OPTION"
    assert "timeout" in bus.notifications[0]["error"][1]


async def test_bad_uci_pin_never_echoes_the_secret(tmp_path: Path, lines: Lines) -> None:
    bus, connect = recording()
    source = uci(tmp_path, section(pincode="12a4"))
    rc = await main_async(parse("--interface", "4G"), connect, netifd(), source)
    assert rc == 1
    assert bus.notifications[0]["error"][0] == "PIN_INVALID"
    assert "12a4" not in json.dumps(bus.notifications)
    assert "12a4" not in lines.text and "PIN_INVALID" in lines.text


async def test_unreadable_uci_is_a_named_error_not_a_fallback(tmp_path: Path, lines: Lines) -> None:
    bus, connect = recording()
    source = uci(tmp_path, section() + "config interface 'x'\n\tnonsense\n")
    rc = await main_async(parse("--interface", "4G"), connect, netifd(), source)
    assert rc == 1
    assert bus.actions == [3, 4]
    code, message = bus.notifications[0]["error"][:2]
    assert code == "CONFIG_INVALID" and "UCI cannot parse" in message
    assert any(
        line.startswith("CONFIG_INVALID: UCI cannot parse") for line in lines.at(logging.ERROR)
    )


async def test_without_pyuci_the_daemon_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "uci", None)  # the default reader imports uci: missing
    bus, connect = recording()
    rc = await main_async(parse("--interface", "4G"), connect, netifd())
    assert rc == 1
    assert bus.actions == [3, 4]  # permanent: netifd must not restart it in a loop
    code, message = bus.notifications[0]["error"][:2]
    assert code == "CONFIG_INVALID" and "python3-uci" in message


async def test_uci_confdir_option_reaches_pyuci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = StandinUci()
    monkeypatch.setitem(sys.modules, "uci", module)
    source = uci(tmp_path, section(pdptype="ipv5"))
    bus, connect = recording()
    args = parse("--interface", "4G", "--uci-confdir", str(source.confdir))
    assert await main_async(args, connect, netifd()) == 1
    assert module.cursors == [{"savedir": None, "confdir": source.confdir}]
    assert "'ipv5'" in bus.notifications[0]["error"][1]  # the file there was read
    assert parse("--interface", "4G").uci_confdir is None  # default: pyuci's own, /etc/config


async def test_the_options_leave_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYQMI_CONFIG", json.dumps({"apn": "internet"}))

    async def unreachable() -> RecordingBus:
        from pyqmi.netifd.bus import BusUnavailable

        assert "PYQMI_CONFIG" not in os.environ  # gone before anything else runs
        raise BusUnavailable("no ubus here")

    assert await main_async(parse("--interface", "4G"), unreachable) == 2
    assert "PYQMI_CONFIG" not in os.environ


async def run_until_up(
    args: argparse.Namespace, environ: dict[str, str], source: UciSource, link: Path
) -> tuple[RecordingBus, asyncio.Task[int]]:
    bus, connect = recording()
    task = asyncio.create_task(
        main_async(args, connect, environ, source, device=str(link), timings=FAST)
    )
    for _ in range(500):
        if 0 in bus.actions or task.done():
            break
        await asyncio.sleep(0.01)
    # The link-up, then at most the serving cell's data merge (daemon/ondemand.py).
    first, *later = bus.notifications
    assert first["action"] == 0 and first["ifname"], bus.notifications
    assert all(n["keep"] and "ifname" not in n and "cell_id" in n["data"] for n in later)
    return bus, task


async def test_pin_and_password_from_uci_connect_and_stay_secret(
    tmp_path: Path, lines: Lines
) -> None:
    link = tmp_path / "cdc-wdm0"
    source = uci(tmp_path, section(pincode=PIN, username="user", password=PASSWORD, auth="pap"))
    args = parse("--interface", "4G", "--state-dir", str(tmp_path), "--ifname", "wwan0")
    async with run_sim("pin-required", link) as sim:
        bus, task = await run_until_up(args, netifd(), source, link)  # no secret from netifd
        status = bus.invoke("pyqmi.4G", "status", {})
        assert status["state"] == "connected"
        assert status["registration"]["operator"] == "Sim Mobile"
        assert status["attempts"][0]["result"] == "connected"
        signal.raise_signal(signal.SIGTERM)
        assert await asyncio.wait_for(task, 5) == 0
        assert all(not c for c in sim.state.clients.values())
    note = f"options read from UCI section network.4G ({source.path})"
    assert note in lines.at(logging.INFO)
    for secret in (PIN, PASSWORD):
        assert secret not in lines.text
        assert secret not in json.dumps(bus.notifications) and secret not in json.dumps(status)


async def test_no_uci_section_falls_back_to_netifd_and_logs_it(
    tmp_path: Path, lines: Lines
) -> None:
    link = tmp_path / "cdc-wdm0"
    source = uci(tmp_path, section("wan"))  # network has no section dyn0
    args = parse("--interface", "dyn0", "--state-dir", str(tmp_path), "--ifname", "wwan0")
    async with run_sim("default", link):
        bus, task = await run_until_up(args, netifd(apn="dynamic", pincode=""), source, link)
        assert bus.invoke("pyqmi.dyn0", "status", {})["state"] == "connected"
        signal.raise_signal(signal.SIGTERM)
        assert await asyncio.wait_for(task, 5) == 0
    (fallback,) = [line for line in lines.at(logging.INFO) if "no UCI section" in line]
    assert fallback.startswith(f"no UCI section network.dyn0 in {source.path}")
    assert "using the options netifd passed" in fallback
    assert "pincode and password cannot be given that way" in fallback
    assert lines.at(logging.WARNING)[0].startswith("option pincode passed by netifd is ignored")
