"""SIM safety over the simulator: a refused PIN is never sent again, not even after a
restart or a reboot with the same SIM; a changed pincode is tried once; a PIN is never
sent with one attempt left; a PUK is never sent.

The refused-PIN markers live in ``sim_state_dir`` (``pyqmi daemon --sim-state-dir``,
/etc/pyqmi on a router), keyed by the card's ICCID (daemon/pin_marker.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pyqmi
from pyqmi import frozen
from pyqmi.config.validate import validate
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.pin_marker import PinMarkers
from pyqmi.daemon.runner import Daemon, Deps
from pyqmi.netifd.recording import RecordingBus
from pyqmi.sim import run_sim
from pyqmi.sim.scenarios import scenario
from pyqmi.sim.server import RunningSim

from .harness import FAST, Run, running

BLOCK_RESTART = 4
WRONG, RIGHT = "9999", "1234"


def markers_in(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "etc-pyqmi").glob("pin-refused-*.json"))


def sent(sim: RunningSim, name: str) -> int:
    return sim.state.requests.count(name)


@asynccontextmanager
async def daemon_on(
    sim: RunningSim, link: Path, tmp_path: Path, pincode: str
) -> AsyncIterator[Run]:
    """A daemon (a new one: a restart) on a simulator that is already running."""
    raw = {"device": "/dev/cdc-wdm0", "apn": "internet", "pincode": pincode}
    config = frozen.replace(validate(raw, check_device=False).config, device=str(link))
    bus = RecordingBus()
    deps = Deps(
        bus=bus,
        state_dir=tmp_path / "run",
        sim_state_dir=str(tmp_path / "etc-pyqmi"),
        kernel=FakeKernel(ifname="wwan0"),
        timings=FAST,
        jitter=lambda: 0.0,
    )
    daemon = Daemon("4G", config, deps)
    task = asyncio.create_task(daemon.run())
    try:
        yield Run(daemon, bus, sim, task, link, tmp_path / "run")
    finally:
        if not task.done():
            daemon.stop()
            await asyncio.wait_for(task, 5)


def options(tmp_path: Path, pincode: str) -> dict[str, object]:
    return {"pincode": pincode, "deps_overrides": {"sim_state_dir": str(tmp_path / "etc-pyqmi")}}


async def refused_once(run: Run) -> None:
    await run.until(lambda: BLOCK_RESTART in run.actions)
    assert run.errors() == ["PIN_FAILED"]
    assert sent(run.sim, "uim.verify_pin") == 1 and run.sim.state.card.pin_retries == 2


async def test_wrong_pin_then_restart_sends_no_second_attempt(tmp_path: Path) -> None:
    async with running(tmp_path, "pin-required", **options(tmp_path, WRONG)) as run:
        await refused_once(run)
        assert await run.task == 1
        (marker,) = markers_in(tmp_path)
        assert WRONG not in marker.read_text() and "89441100" not in marker.name
        assert stat.S_IMODE(marker.stat().st_mode) == 0o600
        async with daemon_on(run.sim, run.link, tmp_path, WRONG) as again:
            await again.until(lambda: BLOCK_RESTART in again.actions)
            assert again.errors() == ["PIN_FAILED"]
            text = again.error_text("PIN_FAILED")
            assert "refused this pincode before" in text and "set option pincode" in text
            assert WRONG not in text and WRONG not in json.dumps(again.daemon.status())
            assert await again.task == 1
        assert sent(run.sim, "uim.verify_pin") == 1  # the restart sent nothing
        assert run.sim.state.card.pin_retries == 2


async def test_reboot_with_the_same_sim_sends_no_pin_and_another_sim_is_tried(
    tmp_path: Path,
) -> None:
    async with running(tmp_path, "pin-required", **options(tmp_path, WRONG)) as run:
        await refused_once(run)
    # "Reboot": a new modem, the same SIM (ICCID) with the attempt it lost, the same /etc.
    same_sim = scenario("pin-required", pin_retries=2)
    async with (
        run_sim(same_sim, tmp_path / "boot2") as sim,
        daemon_on(sim, tmp_path / "boot2", tmp_path, WRONG) as run,
    ):
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.errors() == ["PIN_FAILED"] and sent(sim, "uim.verify_pin") == 0
        assert sim.state.card.pin_retries == 2
    # Another SIM in the same router: its own card, no marker, the PIN is tried once.
    other = scenario("pin-required", iccid="8944110068599999999")
    async with (
        run_sim(other, tmp_path / "boot3") as sim,
        daemon_on(sim, tmp_path / "boot3", tmp_path, WRONG) as run,
    ):
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert sent(sim, "uim.verify_pin") == 1
    assert len(markers_in(tmp_path)) == 2


async def test_a_changed_pincode_clears_the_marker_and_is_tried(tmp_path: Path) -> None:
    async with running(tmp_path, "pin-required", **options(tmp_path, WRONG)) as run:
        await refused_once(run)
        assert len(markers_in(tmp_path)) == 1
        async with daemon_on(run.sim, run.link, tmp_path, RIGHT) as fixed:
            await fixed.until_up()
            assert sent(run.sim, "uim.verify_pin") == 2
            assert run.sim.state.card.pin_retries == 3 and run.sim.state.card.pin_verified
        assert markers_in(tmp_path) == []


async def test_a_changed_but_wrong_pincode_is_tried_once_and_remembered(tmp_path: Path) -> None:
    # 5 attempts, so that the two-attempt rule cannot be what stops the second restart.
    many = {"sim_overrides": {"pin_retries": 5}}
    async with running(tmp_path, "pin-required", **options(tmp_path, WRONG), **many) as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        first = markers_in(tmp_path)[0].read_text()
        for attempt in range(3):  # the new wrong PIN: tried once, then not again
            async with daemon_on(run.sim, run.link, tmp_path, "5555") as again:
                await again.until(lambda: BLOCK_RESTART in again.actions)
                assert again.errors() == ["PIN_FAILED"]
            assert sent(run.sim, "uim.verify_pin") == 2, attempt
        assert run.sim.state.card.pin_retries == 3
        assert markers_in(tmp_path)[0].read_text() != first  # a new salt and digest


async def test_one_attempt_left_sends_no_pin_and_reads_no_iccid(tmp_path: Path) -> None:
    async with running(tmp_path, "pin-last-attempt", **options(tmp_path, RIGHT)) as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.errors() == ["PIN_TRIES_BELOW_LIMIT"]
        assert "1 PIN attempt(s) left" in run.error_text("PIN_TRIES_BELOW_LIMIT")
        assert sent(run.sim, "uim.verify_pin") == 0 and run.sim.state.card.pin_retries == 1
        assert sent(run.sim, "uim.read_transparent") == 0
    assert markers_in(tmp_path) == []


async def test_puk_required_is_a_named_error_and_no_puk_is_sent(tmp_path: Path) -> None:
    async with running(tmp_path, "puk-locked", **options(tmp_path, RIGHT)) as run:
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.errors() == ["PUK_NEEDED"]
        text = run.error_text("PUK_NEEDED")
        assert "unblock it with the PUK" in text and "then set pincode" in text
        assert "10 PUK attempts left" in text
        assert sent(run.sim, "uim.unblock_pin") == 0 and sent(run.sim, "dms.uim_unblock_pin") == 0
        assert sent(run.sim, "uim.verify_pin") == 0
        assert run.sim.state.card.puk_retries == 10


def test_no_daemon_code_can_send_a_puk() -> None:
    # The daemon has no operation that unblocks a PIN: a PUK goes out only by a user's own
    # tool (a phone, qmicli), never from pyqmi's connect.
    root = Path(pyqmi.__file__).parent
    for part in ("daemon", "session", "transport", "netifd", "config"):
        for path in (root / part).rglob("*.py"):
            text = path.read_text()
            assert "UnblockPin" not in text and "unblock_pin" not in text, path


async def test_a_connect_without_pin_reads_no_iccid(tmp_path: Path) -> None:
    async with running(tmp_path, "default", **options(tmp_path, "")) as run:
        await run.until_up()
        assert sent(run.sim, "uim.read_transparent") == 0
        assert sent(run.sim, "dms.uim_get_iccid") == 0
    assert not (tmp_path / "etc-pyqmi").exists()


async def test_old_firmware_keys_the_marker_by_the_dms_iccid(tmp_path: Path) -> None:
    # The same card refused over UIM is known over DMS: one key, the ICCID's digits.
    async with running(tmp_path, "pin-required", **options(tmp_path, WRONG)) as run:
        await refused_once(run)
    async with (
        run_sim(scenario("old-firmware", pin_retries=2), tmp_path / "dms") as sim,
        daemon_on(sim, tmp_path / "dms", tmp_path, WRONG) as run,
    ):
        await run.until(lambda: BLOCK_RESTART in run.actions)
        assert run.errors() == ["PIN_FAILED"]
        assert sent(sim, "dms.uim_get_iccid") == 1 and sent(sim, "dms.uim_verify_pin") == 0


# --- the marker store on its own -------------------------------------------------------


def test_marker_keeps_no_pin_and_tells_a_change(tmp_path: Path) -> None:
    markers = PinMarkers(str(tmp_path / "m"))
    assert markers.refused("8944", "1111") is None
    markers.remember("8944", "1111")
    (path,) = (tmp_path / "m").iterdir()
    body = json.loads(path.read_text())
    assert set(body) == {"version", "salt", "pin_hmac"} and "1111" not in path.read_text()
    assert stat.S_IMODE((tmp_path / "m").stat().st_mode) == 0o700
    why = markers.refused("8944", "1111")
    assert why is not None and str(path) in why
    assert markers.refused("8945", "1111") is None  # another card
    assert markers.refused("8944", "2222") is None  # a changed PIN: the marker goes
    assert not path.exists()
    markers.remember("8944", "1111")
    salt = json.loads(path.read_text())["salt"]
    markers.remember("8944", "1111")
    assert json.loads(path.read_text())["salt"] != salt


def test_an_unreadable_marker_counts_as_refused_and_names_the_file(tmp_path: Path) -> None:
    markers = PinMarkers(str(tmp_path))
    Path(markers.path("8944")).write_text("{not json")
    why = markers.refused("8944", "1111")
    assert why is not None and markers.path("8944") in why and "remove that file" in why


def test_a_marker_that_cannot_be_written_is_logged_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    markers = PinMarkers(os.path.join(blocker, "sub"))  # a directory under a file
    markers.remember("8944", "1111")
    assert markers.refused("8944", "1111") is None
