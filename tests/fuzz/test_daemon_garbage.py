"""A daemon fed garbage stays in a defined state: it connects, stays up, and tears down.

The simulated modem writes garbage before every answer (noise, frames that do not decode,
answers and indications for client IDs that are not the daemon's, among them a "call
disconnected" for another client's call). The daemon must connect exactly as it does
without garbage, count what it skipped, keep its call through more garbage after
link-up, and stop cleanly with every client ID given back.
"""

from __future__ import annotations

import asyncio
import random
import struct
from pathlib import Path
from typing import Any

import pytest

from daemon.harness import FAST, running
from pyqmi import frozen
from pyqmi.qmi import catalog
from pyqmi.qmi.frame import Frame, Kind, encode_frame
from pyqmi.qmi.message import Message
from pyqmi.qmi.services import Service, service_name
from pyqmi.sim import NO_REPLY
from pyqmi.sim.core import Context
from pyqmi.sim.script import NoReply

from .profile import SCALE, hit

FOREIGN_CID = 0xE7  # never one the simulator hands out in a test


def noise(rng: random.Random) -> bytes:
    return bytes(rng.choice(range(3, 256)) for _ in range(rng.randint(1, 40)))


def bad_tlv_frame(rng: random.Random) -> bytes:
    area = struct.pack("<BH", rng.randint(0, 255), rng.randint(20, 400)) + bytes(rng.randint(0, 9))
    service = rng.choice([Service.DMS, Service.NAS, Service.WDS, Service.UIM])
    sdu = struct.pack("<BHHH", 0x02, rng.randint(0, 0xFFFF), 0x22, len(area)) + area
    return struct.pack("<BHBBB", 1, 5 + len(sdu), 0x80, service, FOREIGN_CID) + sdu


def foreign_frames(rng: random.Random) -> bytes:
    dropped = Frame(Service.WDS, FOREIGN_CID, Kind.INDICATION, 0, 0x22, ((0x01, b"\x01\x00"),))
    answer = Frame(
        Service.DMS, FOREIGN_CID, Kind.RESPONSE, rng.randint(1, 9), 0x22, ((0x02, bytes(4)),)
    )
    return encode_frame(dropped) + encode_frame(answer)


GARBAGE = (noise, bad_tlv_frame, foreign_frames)


def garbage(rng: random.Random) -> bytes:
    return b"".join(rng.choice(GARBAGE)(rng) for _ in range(rng.randint(1, 3)))


class Polluter:
    """An override for every message: garbage first, then the handler's own answer."""

    def __init__(self, write: Any, rng: random.Random) -> None:
        self.write, self.rng, self.written = write, rng, 0

    def __call__(self, ctx: Context, request: Message) -> dict[str, Any] | None:
        data = garbage(self.rng)
        self.written += 1
        self.write(data)
        return ctx.default(request)


def up_facts(up: dict[str, Any]) -> tuple[Any, ...]:
    return (up["ifname"], up["ipaddr"], up["routes"], up["dns"], up["data"]["operator"])


async def _clean_connect(tmp_path: Path) -> tuple[Any, ...]:
    (tmp_path / "clean").mkdir()
    async with running(tmp_path / "clean") as run:
        return up_facts(await run.until_up())


@pytest.mark.parametrize("seed", range(2 * SCALE))
async def test_daemon_connects_stays_up_and_stops_through_garbage(
    tmp_path: Path, seed: int
) -> None:
    hit("daemon garbage connect")
    clean = await _clean_connect(tmp_path)
    rng = random.Random(seed)
    (tmp_path / "dirty").mkdir()
    async with running(tmp_path / "dirty") as run:
        polluter = Polluter(run.sim.write, rng)
        for definition in catalog.ALL:
            run.sim.override(service_name(definition.service).lower(), definition.name, polluter)
        up = await run.until_up(within=10)
        assert up_facts(up) == clean
        client = run.daemon.device.client
        assert client is not None and polluter.written > 0
        assert client.garbage > 0
        # More garbage while connected, then a valid indication to know it was all read.
        before = client.garbage
        for _ in range(5):
            run.sim.write(garbage(rng))
        await run.until(lambda: client.garbage > before, within=5)
        assert run.daemon.status()["state"] == "connected"
        assert not run.errors()
        assert all(u.get("link-up") is not False for u in run.updates())
        assert await run.stop() == 0
        assert all(not cids for cids in run.sim.state.clients.values())


class OnlyGarbage:
    """A modem that answers every request with garbage and nothing else."""

    def __init__(self, write: Any, rng: random.Random) -> None:
        self.write, self.rng = write, rng

    def __call__(self, ctx: Context, request: Message) -> NoReply:
        self.write(garbage(self.rng))
        return NO_REPLY


async def test_a_modem_that_only_answers_garbage_is_a_bounded_named_error(
    tmp_path: Path,
) -> None:
    hit("daemon garbage only")
    timings = frozen.replace(FAST, request_timeout=0.3, probe_attempts=3, probe_timeout=0.2)
    async with running(tmp_path, timings=timings, max_attempts=1) as run:
        only = OnlyGarbage(run.sim.write, random.Random(7))
        for definition in catalog.ALL:
            run.sim.override(service_name(definition.service).lower(), definition.name, only)
        await run.until(lambda: 4 in run.actions, within=10)  # block restart: it gave up
        assert run.errors() == ["DEVICE_NOT_READY"]
        assert await asyncio.wait_for(run.task, 5) == 1
        assert run.daemon.status()["state"] in ("failed", "stopped")
