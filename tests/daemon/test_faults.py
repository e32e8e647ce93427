"""Every fault against the simulator, in each connect phase where it applies: the real daemon
(runner, transport, pty) meets the simulator's faults (sim/faults.py), played on cue as data.

Each case asserts the outcome, not a timing: the link comes up (again) and every error netifd
was told is one the fault explains; then SIGTERM tears down within netifd's 5 s and the
simulator holds none of our client IDs.  The bounds the outcome is reached within are the
code's own timeouts (defaults in brackets; this test shrinks them, ``harness.FAST``):

- device vanishes (EIO; EOF and ENODEV on the read): ``DEVICE_GONE`` at once (every pending
  request fails on the read error), reopened after ``retry_backoff_min`` [5 s] once the node is
  back, looked for ``device_wait`` [10 s];
- modem silent: ``DEVICE_NOT_READY`` after ``request_timeout`` [10 s], reopened after the
  backoff, probed up to ``probe_attempts`` x ``probe_timeout`` [15 x 1 s];
- modem resets in place (CTL Sync indication, client IDs revoked): reopened at once (0 s),
  netifd sees one link-down, no error;
- call drops with an indication: ``CALL_DROPPED``, redialled after the backoff;
- call drops silently (data stall): found within ``stall_check`` + ``stall_quiet`` [60 + 60 s],
  redialled (ladder rung 1) with no error;
- SIM removed: ``SIM_MISSING`` once the card status indication comes (after link-up) or the
  SIM is read again, waited for within ``timeout`` [10 s], back with the SIM;
- registration lost: ``REGISTRATION_LOST`` (connected) or ``NETWORK_REGISTRATION_FAILED`` /
  ``CALL_FAILED`` (connecting), redialled when registered, each wait ``registration_timeout``;
- slow modem (2 s answers): no error while ``request_timeout`` exceeds the answer time;
- stray frames (another client's response, indications for a client not ours): ignored;
- garbage and truncated frames: skipped; an answer they swallow is a ``request_timeout``.
"""

from __future__ import annotations

import asyncio
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pyqmi import frozen
from pyqmi.daemon.kernel import Counters, FakeKernel
from pyqmi.sim import NO_REPLY
from pyqmi.sim.server import RunningSim
from pyqmi.transport import port

from .harness import FAST, Run, running

pytestmark = pytest.mark.timeout(60)

# The first request of each connect phase (pyqmi-sim's default connect), and the link up.
PHASES = {
    "opening": "dms.get_model",
    "data_format": "wda.get_data_format",
    "sim": "uim.get_card_status",
    "radio": "dms.get_operating_mode",
    "registering": "nas.get_serving_system",
    "connecting": "wds.start_network",
    "connected": "uim.register_events+0.2",
}
EVERY = list(PHASES)
AFTER_SIM = ["registering", "connecting", "connected"]


def ups(run: Run) -> int:
    return len([u for u in run.updates() if u.get("link-up")])


def up_again(run: Run, phase: str) -> Callable[[], bool]:
    want = 2 if phase == "connected" else 1
    return lambda: ups(run) >= want and run.daemon.machine.state.value == "connected"


async def outcome(
    run: Run, phase: str, allowed: set[str], within: float = 20.0, *, stays_up: bool = False
) -> None:
    """The link is up after the fault, every error is one the fault explains; then a
    teardown inside netifd's 5 s leaves no client ID in the simulator.

    ``stays_up``: a fault that must not take a connected link down; once it played, a signal
    change still reaches the daemon (the port kept delivering valid frames)."""
    if phase == "connected" and stays_up:
        await run.until(lambda: bool(run.sim.modem.played))
        run.sim.set_signal(rssi=-90, rsrp=-115)
        reg = lambda: run.daemon.machine.facts.registration  # noqa: E731
        await run.until(lambda: reg() is not None and reg().signal.rsrp == -115)
        assert ups(run) == 1 and len(run.updates()) == 1  # the link never went down
    else:
        await run.until(up_again(run, phase), within)
    assert set(run.errors()) <= allowed, run.bus.notifications
    assert await run.stop(within=5.0) == 0
    assert all(not cids for cids in run.sim.state.clients.values()), run.sim.state.clients


def faults(phase: str, kind: str, seconds: float = 0.5) -> dict[str, Any]:
    return {"faults": ((PHASES[phase], kind, seconds),)}


@pytest.mark.parametrize("phase", EVERY)
async def test_the_device_vanishes_eio_and_comes_back(tmp_path: Path, phase: str) -> None:
    async with running(tmp_path, sim_overrides=faults(phase, "vanish", 0.3)) as run:
        await outcome(run, phase, {"DEVICE_GONE", "NO_DEVICE"})
        assert run.sim.returns == 1 and "DEVICE_GONE" in run.errors()


@pytest.mark.parametrize("how", ["EOF", "ENODEV"])
@pytest.mark.parametrize("phase", ["sim", "connecting", "connected"])
async def test_the_device_read_fails_with_eof_or_enodev(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    phase: str,
    how: str,
) -> None:
    broken = {"now": False}
    real_read = os.read

    def read(fd: int, size: int) -> bytes:
        if broken["now"]:
            broken["now"] = False
            if how == "EOF":
                return b""
            raise OSError(errno.ENODEV, os.strerror(errno.ENODEV))
        return real_read(fd, size)

    monkeypatch.setattr(port.os, "read", read)
    async with running(tmp_path) as run:
        request = PHASES[phase].partition("+")[0]
        service, name = request.split(".")
        sim: RunningSim = run.sim

        def fail_the_read(ctx: Any, msg: Any) -> Any:
            sim.override(service, name, None)
            broken["now"] = True
            sim.write(b"\x00")  # something to read: the read that fails
            return NO_REPLY if phase != "connected" else ctx.default(msg)

        sim.override(service, name, fail_the_read)
        await outcome(run, phase, {"DEVICE_GONE"})
        assert run.errors() == ["DEVICE_GONE"]
        said = "end of file" if how == "EOF" else "read failed: ENODEV"
        assert any(f"device gone: {said}" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("phase", EVERY[:-1])
async def test_the_modem_goes_silent(tmp_path: Path, phase: str) -> None:
    async with running(tmp_path, sim_overrides=faults(phase, "silent", 1.5)) as run:
        await outcome(run, phase, {"DEVICE_NOT_READY"})
        assert run.errors() == ["DEVICE_NOT_READY"]


async def test_a_modem_silent_while_connected_keeps_the_link_and_teardown_is_bounded(
    tmp_path: Path,
) -> None:
    """Nothing is asked while connected (no polling), so a mute modem is not a failure; the
    teardown meets it and still ends inside netifd's 5 s, leaving the IDs to the next start."""
    async with running(tmp_path, sim_overrides=faults("connected", "silent", 30.0)) as run:
        await run.until(lambda: run.sim.state.silent_until > 0)
        assert ups(run) == 1 and run.errors() == []
        assert await run.stop(within=5.0) == 0
        assert run.sim.state.client_count("wds") == 1  # not released: the modem is mute
        assert (run.state_dir / "4G.cids.json").exists()  # so the next start releases them


@pytest.mark.parametrize("phase", EVERY)
async def test_the_modem_resets(tmp_path: Path, phase: str) -> None:
    async with running(tmp_path, sim_overrides=faults(phase, "reset")) as run:
        await outcome(run, phase, set())
        assert run.errors() == []  # netifd saw at most a link-down
        assert run.sim.state.allocations.get("dms", 0) >= 1


async def test_the_call_drops_with_an_indication(tmp_path: Path) -> None:
    async with running(tmp_path, sim_overrides=faults("connected", "drop")) as run:
        await outcome(run, "connected", {"CALL_DROPPED"})
        assert run.errors() == ["CALL_DROPPED"]


class StallKernel(FakeKernel):
    """Counters from the simulator: data flows while a call is up, unless it stalled."""

    sim: RunningSim | None = None

    def counters(self, ifname: str) -> Counters | None:
        old = self.packets.get(ifname, Counters(0, 0))
        state = self.sim.state if self.sim is not None else None
        flowing = state is not None and bool(state.calls) and not state.data_stalled
        self.packets[ifname] = Counters(old.rx + (7 if flowing else 0), old.tx + 5)
        return self.packets[ifname]


async def test_the_call_drops_silently_and_the_watchdog_redials(tmp_path: Path) -> None:
    kernel = StallKernel(ifname="wwan0")
    overrides = faults("connected", "stall")
    deps = {"kernel": kernel}
    async with running(
        tmp_path, sim_overrides=overrides, deps_overrides=deps, stall_check=1, stall_quiet=1
    ) as run:
        kernel.sim = run.sim
        await outcome(run, "connected", set())
        assert run.sim.state.calls_started == 2  # stopped and dialled again: rung 1
        assert "wds.stop_network" in run.sim.state.requests
        assert [u.get("link-up") for u in run.updates()][:3] == [True, False, True]


@pytest.mark.parametrize("phase", AFTER_SIM)
async def test_the_sim_is_removed(tmp_path: Path, phase: str) -> None:
    overrides = faults(phase, "sim_removed", 1.0)
    async with running(tmp_path, sim_overrides=overrides, timeout=3) as run:
        await outcome(run, phase, {"SIM_MISSING", "NETWORK_REGISTRATION_FAILED", "CALL_FAILED"})
        if phase == "connected":
            assert run.errors()[0] == "SIM_MISSING"


@pytest.mark.parametrize("phase", AFTER_SIM)
async def test_registration_is_lost(tmp_path: Path, phase: str) -> None:
    overrides = faults(phase, "deregister", 1.0)
    lost = {"REGISTRATION_LOST", "CALL_DROPPED"}  # the network's order of the two varies
    allowed = lost | {"NETWORK_REGISTRATION_FAILED", "CALL_FAILED"}
    async with running(tmp_path, sim_overrides=overrides, timeout=3) as run:
        await outcome(run, phase, allowed)
        if phase == "connected":
            assert run.errors()[0] in lost


SLOW = frozen.replace(FAST, request_timeout=3.0)


@pytest.mark.parametrize("phase", EVERY)
async def test_a_slow_modem_answering_in_2_s(tmp_path: Path, phase: str) -> None:
    async with running(tmp_path, sim_overrides=faults(phase, "slow", 2.0), timings=SLOW) as run:
        await outcome(run, phase, set(), stays_up=True)
        assert run.errors() == []


@pytest.mark.parametrize("phase", EVERY)
async def test_frames_for_another_client_are_ignored(tmp_path: Path, phase: str) -> None:
    async with running(tmp_path, sim_overrides=faults(phase, "stray")) as run:
        await outcome(run, phase, set(), stays_up=True)
        assert run.errors() == []


@pytest.mark.parametrize("phase", EVERY)
async def test_garbage_and_truncated_frames_mixed_in(tmp_path: Path, phase: str) -> None:
    async with running(tmp_path, sim_overrides=faults(phase, "garbage")) as run:
        await outcome(run, phase, {"DEVICE_NOT_READY"}, stays_up=True)


@pytest.mark.parametrize("check", [0, 60])
async def test_the_one_timer_while_connected_is_the_watchdogs(tmp_path: Path, check: int) -> None:
    """Issue 8: no timer while connected, but for the counter read every stall_check s."""
    async with running(tmp_path, stall_check=check) as run:
        await run.until_up()
        await run.until(lambda: run.daemon.machine.pending is None)
        timer = run.daemon._timer
        if check == 0:
            assert timer is None
        else:
            assert timer is not None
            left = timer.when() - asyncio.get_running_loop().time()
            assert 0 < left <= check


@pytest.mark.parametrize("leaves_bus", [None, 0.3])
async def test_the_ladders_reset_rung_against_the_simulator(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, leaves_bus: float | None
) -> None:
    """Rungs 1 and 2 off: a stall resets the modem (DMS reset); the simulator restarts in
    place (CTL Sync indication) or leaves the bus and comes back; either way it is reopened
    and connects again, netifd seeing a link-down and no error."""
    kernel = StallKernel(ifname="wwan0")
    overrides = {**faults("connected", "stall"), "reset_leaves_bus": leaves_bus}
    options = {"stall_check": 1, "stall_quiet": 1, "recover_redial": 0, "recover_reregister": 0}
    deps = {"kernel": kernel}
    async with running(tmp_path, sim_overrides=overrides, deps_overrides=deps, **options) as run:
        kernel.sim = run.sim
        await outcome(run, "connected", set())
        said = [r.getMessage() for r in caplog.records]
        assert any("recovery step 1: reset the modem" in t for t in said)
        sign = "left the bus to reset" if leaves_bus else "the modem reset (CTL Sync indication)"
        assert any(sign in t for t in said)
        assert [u.get("link-up") for u in run.updates()][:3] == [True, False, True]
        assert run.sim.returns == (1 if leaves_bus else 0)


async def test_the_ladders_reregister_rung_against_the_simulator(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    kernel = StallKernel(ifname="wwan0")
    options = {"stall_check": 1, "stall_quiet": 1, "recover_redial": 0}
    deps = {"kernel": kernel}
    overrides = faults("connected", "stall")
    async with running(tmp_path, sim_overrides=overrides, deps_overrides=deps, **options) as run:
        kernel.sim = run.sim
        await outcome(run, "connected", set())
        said = " ".join(r.getMessage() for r in caplog.records)
        assert "recovery step 1: re-register (radio low power, then online)" in said
        modes = [r for r in run.sim.state.requests if r == "dms.set_operating_mode"]
        assert len(modes) == 2 and run.sim.state.operating_mode == "online"
