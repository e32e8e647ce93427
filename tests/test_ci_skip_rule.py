"""The suite's CI rule (tests/conftest.py): under CI=true a skip fails, unless opt-in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SAMPLE = """
import pytest

pytestmark = []


def test_needs_root():
    pytest.skip("needs root (running as uid 1000)")


@pytest.mark.skipif(True, reason="needs /dev/net/tun for the simulated data plane")
def test_marked():
    pass


def test_opt_in():
    pytest.skip("opt-in: set PYQMI_OPENWRT_ROOT")


def test_runs():
    assert 1 + 1 == 2
"""

MODULE_SKIP = """
import pytest

pytest.skip("needs qmicli", allow_module_level=True)
"""


def _run(tmp_path: Path, ci: str | None, module_skip: bool = False) -> str:
    for name in ("conftest.py", "privilege.py"):
        shutil.copy(HERE / name, tmp_path / name)
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    if module_skip:
        (tmp_path / "test_module_skip.py").write_text(MODULE_SKIP)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(tmp_path)],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return proc.stdout


def test_skips_are_skips_outside_ci(tmp_path: Path) -> None:
    out = _run(tmp_path, None, module_skip=True)
    assert "1 passed, 4 skipped" in out, out


def test_under_ci_every_skip_but_opt_in_fails(tmp_path: Path) -> None:
    out = _run(tmp_path, "true")
    assert "FAILED test_sample.py::test_needs_root" in out, out
    assert "ERROR test_sample.py::test_marked" in out, out  # a setup-time skip: an error
    assert "CI=true forbids this skip" in out and "needs /dev/net/tun" in out, out
    assert "SKIPPED [1] test_sample.py" in out and "opt-in: set PYQMI_OPENWRT_ROOT" in out, out
    assert "1 failed, 1 passed, 1 skipped, 1 error" in out, out


def test_under_ci_a_module_level_skip_stops_the_run(tmp_path: Path) -> None:
    out = _run(tmp_path, "true", module_skip=True)
    assert "ERROR test_module_skip.py - CI=true forbids this skip" in out, out
    assert "needs qmicli" in out and "1 error" in out, out
