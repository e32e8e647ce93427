"""``pyqmi status``: the daemon's ubus object, read the way the CLI does."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import pytest

from pyqmi import frozen
from pyqmi.cli.status import add_arguments, run
from pyqmi.config.validate import validate
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.runner import Daemon, Deps
from pyqmi.netifd.bus import BusUnavailable
from pyqmi.netifd.recording import RecordingBus
from pyqmi.netifd.status import publish_status
from pyqmi.sim import run_sim


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


async def test_status_of_a_connected_daemon(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "cdc-wdm0"
    raw = {"device": "/dev/cdc-wdm0", "apn": "internet", "pdptype": "ipv4v6"}
    config = frozen.replace(validate(raw, check_device=False).config, device=str(link))
    async with run_sim("zte-mf821", link):
        bus = RecordingBus()
        daemon = Daemon("4G", config, Deps(bus=bus, state_dir=tmp_path, kernel=FakeKernel()))
        await publish_status(bus, "4G", daemon.status)
        task = asyncio.create_task(daemon.run())
        for _ in range(500):
            if 0 in bus.actions or task.done():
                break
            await asyncio.sleep(0.01)

        async def connect() -> RecordingBus:
            return bus

        rc = await asyncio.to_thread(run, parse("4G"), connect)
        daemon.stop()
        await asyncio.wait_for(task, 5)
    out = capsys.readouterr().out
    assert rc == 0
    assert out.splitlines()[0].startswith("4G: connected")
    assert "network: registered on Plus (26001), lte; RSSI -68" in out
    assert "ipv4: 10.64.12.89/30 via 10.64.12.90" in out
    assert "call ipv4 auth=none: auth_failed (3gpp:authentication_failed (29)" in out
    assert "call ipv4 auth=pap: connected" in out
    assert "note: the network allows IPv4 only" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert [(c.obj, c.method) for c in bus.calls][-1] == ("pyqmi.4G", "status")


def test_no_daemon_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    async def connect() -> RecordingBus:
        raise BusUnavailable("python module 'ubus' is not installed")

    assert run(parse("4G"), connect) == 1
    err = capsys.readouterr().err
    assert "no status for interface '4G'" in err and "ubus_status" in err


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    bus = RecordingBus()
    bus.reply_with("pyqmi.4G", "status", [{"interface": "4G", "state": "registering"}])

    async def connect() -> RecordingBus:
        return bus

    assert run(parse("4G", "--json"), connect) == 0
    assert '"state": "registering"' in capsys.readouterr().out
