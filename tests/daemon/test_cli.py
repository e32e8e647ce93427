"""The daemon's entry point: config from the environment, status on the bus, errors."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
from pathlib import Path

import pytest

from pyqmi.daemon.cli import add_arguments, main_async
from pyqmi.netifd.recording import RecordingBus
from pyqmi.sim import run_sim

from .harness import FAST


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def environ(**options: str) -> dict[str, str]:
    base = {"device": "/dev/cdc-wdm0", "apn": "internet"}
    return {"PYQMI_CONFIG": json.dumps({**base, **options})}


async def test_bad_option_is_an_error_that_blocks_restart() -> None:
    bus = RecordingBus()

    async def connect() -> RecordingBus:
        return bus

    rc = await main_async(parse("--interface", "4G"), connect, environ(pdptype="ipv5"))
    assert rc == 1
    assert bus.actions == [3, 4]
    error = bus.notifications[0]["error"]
    assert error[0] == "INVALID_OPTION"
    assert "pdptype" in error[1] and "'ipv5'" in error[1] and "IPV4V6" in error[1]


async def test_bad_pin_format_never_echoes_the_secret() -> None:
    bus = RecordingBus()

    async def connect() -> RecordingBus:
        return bus

    rc = await main_async(parse("--interface", "4G"), connect, environ(pincode="12a4"))
    assert rc == 1
    assert "12a4" not in json.dumps(bus.notifications)


async def test_daemon_publishes_status_and_stops_on_sigterm(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bus = RecordingBus()

    async def connect() -> RecordingBus:
        return bus

    link = tmp_path / "cdc-wdm0"
    caplog.set_level(logging.INFO, logger="pyqmi")
    async with run_sim("pin-required", link) as sim:
        args = parse("--interface", "4G", "--state-dir", str(tmp_path), "--ifname", "wwan0")
        task = asyncio.create_task(
            main_async(args, connect, environ(pincode="1234"), device=str(link), timings=FAST)
        )
        for _ in range(500):
            if 0 in bus.actions or task.done():
                break
            await asyncio.sleep(0.01)
        assert bus.actions == [0]
        status = bus.invoke("pyqmi.4G", "status", {})
        assert status["state"] == "connected"
        assert status["registration"]["operator"] == "Sim Mobile"
        assert status["attempts"][0]["result"] == "connected"
        signal.raise_signal(signal.SIGTERM)
        assert await asyncio.wait_for(task, 5) == 0
        assert all(not c for c in sim.state.clients.values())
    assert "1234" not in caplog.text
    assert "1234" not in json.dumps(bus.notifications) and "1234" not in json.dumps(status)
