"""``pyqmi unblock-pin``: the PUK only when the user gives it, only when the SIM asks for it
with two attempts or more left, sent once; the PIN marker goes on success."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from pathlib import Path

import pytest

from pyqmi.cli.unblock import BadSecret, read_secrets, refusal, unblock
from pyqmi.daemon.pin_marker import PinMarkers
from pyqmi.session.sim_policy import AppState, CardState, PinState, SimStatus
from pyqmi.sim import run_sim
from pyqmi.sim.scenarios import scenario

PUK, NEW_PIN = "12345678", "4321"  # the simulator's PUK, a new PIN
ICCID = scenario("puk-locked").iccid


def test_secrets_come_from_two_lines_and_bad_ones_never_show() -> None:
    assert read_secrets(io.StringIO(f"{PUK}\n{NEW_PIN}\n"), prompt=False) == (PUK, NEW_PIN)
    for text, words in (("1234567\n4321\n", "PUK must be 8 digits"),
                        ("12345678\n12a4\n", "new PIN must be 4 to 8 digits"),
                        ("", "PUK must be 8 digits")):  # fmt: skip
        with pytest.raises(BadSecret, match=words) as caught:
            read_secrets(io.StringIO(text), prompt=False)
        assert "1234567" not in str(caught.value) and "12a4" not in str(caught.value)


def blocked(puk_left: int | None) -> SimStatus:
    return SimStatus(CardState.PRESENT, AppState.PUK_REQUIRED, PinState.BLOCKED, 0, puk_left)


def test_the_puk_goes_only_to_a_sim_that_asks_with_two_attempts_left() -> None:
    assert refusal(blocked(10)) is None and refusal(blocked(2)) is None
    assert "1 PUK attempt(s) left" in str(refusal(blocked(1)))
    assert "unknown number" in str(refusal(blocked(None)))
    ready = SimStatus(CardState.PRESENT, AppState.READY, PinState.ENABLED_VERIFIED, 3, 10)
    assert "does not ask for its PUK" in str(refusal(ready))


async def test_right_puk_unblocks_sets_the_pin_and_clears_the_marker(tmp_path: Path) -> None:
    markers = PinMarkers(str(tmp_path / "etc"))
    markers.remember(ICCID, NEW_PIN)  # refused before: the unblock makes it the card's PIN
    async with run_sim("puk-locked", tmp_path / "cdc-wdm0") as sim:
        done = await unblock(str(sim.link), PUK, NEW_PIN, markers=markers)
        assert done.code == 0 and "set option pincode" in done.message, done.message
        card = sim.state.card
        assert card.pin_code == NEW_PIN and card.pin_verified and card.pin_retries == 3
        assert sim.state.requests.count("uim.unblock_pin") == 1
        assert not any(sim.state.clients.values())  # our client IDs were given back
    assert markers.refused(ICCID, NEW_PIN) is None
    assert PUK not in done.message and NEW_PIN not in done.message


async def test_a_wrong_puk_is_sent_once_and_reported(tmp_path: Path) -> None:
    markers = PinMarkers(str(tmp_path / "etc"))
    async with run_sim("puk-locked", tmp_path / "cdc-wdm0") as sim:
        done = await unblock(str(sim.link), "87654321", NEW_PIN, markers=markers)
        assert done.code == 1 and "refused the PUK" in done.message, done.message
        assert "9 PUK attempts left" in done.message and "not retried" in done.message
        assert sim.state.requests.count("uim.unblock_pin") == 1
        assert sim.state.card.puk_retries == 9


@pytest.mark.parametrize(
    ("name", "fields", "words"),
    [
        ("pin-required", {}, "does not ask for its PUK"),
        ("puk-locked", {"puk_retries": 1}, "1 PUK attempt(s) left"),
    ],
)
async def test_nothing_is_sent_when_the_sim_does_not_ask_or_is_at_its_last_attempt(
    tmp_path: Path, name: str, fields: dict[str, object], words: str
) -> None:
    markers = PinMarkers(str(tmp_path / "etc"))
    async with run_sim(scenario(name, **fields), tmp_path / "cdc-wdm0") as sim:
        done = await unblock(str(sim.link), PUK, NEW_PIN, markers=markers)
        assert done.code == 1 and words in done.message, done.message
        assert sim.state.requests.count("uim.unblock_pin") == 0
        assert sim.state.requests.count("dms.uim_unblock_pin") == 0


async def test_the_command_reads_the_secrets_from_stdin(tmp_path: Path) -> None:
    async with run_sim("puk-locked", tmp_path / "cdc-wdm0") as sim:
        command = [sys.executable, "-m", "pyqmi.cli.main", "unblock-pin", "--device",
                   str(sim.link), "--sim-state-dir", str(tmp_path / "etc")]  # fmt: skip
        bad = await asyncio.to_thread(
            subprocess.run, command, input="123\n4321\n", capture_output=True, text=True,
            timeout=30, check=False,
        )  # fmt: skip
        assert bad.returncode == 2, bad.stderr
        assert bad.stderr == "pyqmi unblock-pin: the PUK must be 8 digits; nothing was sent\n"
        assert sim.state.requests.count("uim.unblock_pin") == 0
        done = await asyncio.to_thread(
            subprocess.run, command, input=f"{PUK}\n{NEW_PIN}\n", capture_output=True,
            text=True, timeout=30, check=False,
        )  # fmt: skip
        assert done.returncode == 0 and "PIN unblocked" in done.stdout, done.stderr
        assert PUK not in done.stderr + done.stdout and NEW_PIN not in done.stdout
        assert sim.state.card.pin_code == NEW_PIN
