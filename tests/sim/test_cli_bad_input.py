"""``pyqmi-sim`` refuses every value it cannot act on: one line naming it, exit status 2.

Before, ``--latency -5`` and ``--set latency_ms=nan`` were accepted and the simulator then
failed every request and went silent.  The limits are ``sim/scenario_checks.py``'s.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pyqmi.sim.scenario_checks import ScenarioValueError, check_field
from pyqmi.sim.scenarios import SCENARIOS, scenario

BAD = [
    (["--latency", "-5"], "argument --latency: expected a number of 0 or more, got '-5'"),
    (["--latency", "fast"], "argument --latency: expected a number, got 'fast'"),
    (["--latency", "nan"], "expected a number of 0 or more, got 'nan'"),
    (["--set", "latency_ms=fast"], "--set latency_ms: expected a number (float), got 'fast'"),
    (["--set", "latency_ms=-5"], "--set latency_ms: -5.0 is below 0"),
    (["--set", "latency_ms=inf"], "--set latency_ms: inf is not a finite number"),
    (["--set", "register_after=-1"], "--set register_after: -1.0 is below 0"),
    (["--set", "pin_retries=-1"], "--set pin_retries: -1 is below 0"),
    (["--set", "technology=6g"], "--set technology: '6g' is not one of lte, 5gnr, umts, gsm"),
    (["--set", "ip_families=4,5"], "--set ip_families: 5 is not one of 4, 6"),
    (["--set", "mcc=1000"], "--set mcc: 1000 is above 999"),
    (["--set", "nope=1"], "expected FIELD=VALUE with FIELD one of the scenario's"),
    (["--scenario", "nope"], "unknown scenario 'nope'"),
    (["--bogus"], "unrecognized arguments: --bogus"),
]


@pytest.mark.parametrize(("argv", "message"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_value_is_one_line_and_status_2(tmp_path: Path, argv: list[str], message: str) -> None:
    link = tmp_path / "cdc-wdm0"
    proc = subprocess.run(
        [sys.executable, "-m", "pyqmi.sim", "--link", str(link), *argv],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("pyqmi-sim: ")
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""  # never "ready": nothing was served
    assert not link.exists()


def test_every_named_scenario_is_within_the_limits() -> None:
    for sc in SCENARIOS.values():
        assert scenario(sc.name) is sc


@pytest.mark.parametrize(
    ("field", "value"),
    [("latency_ms", -0.1), ("startup_silence", float("nan")),
     ("message_latency_ms", {"wds.start_network": -1.0}), ("puk_retries", -3),
     ("initial_operating_mode", "sleepy"), ("capabilities", ("lte", "wimax"))],
)  # fmt: skip
def test_a_scenario_made_in_code_is_checked_too(field: str, value: object) -> None:
    with pytest.raises(ScenarioValueError, match=field):
        scenario("default", **{field: value})
    with pytest.raises(ScenarioValueError):
        check_field(field, value)
