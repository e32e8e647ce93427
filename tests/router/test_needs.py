"""What pyqmi's and pyqmi-sim's modules need, measured, against what their Makefile declares."""

from __future__ import annotations

import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from router import openwrt_python_split as split
from router.guard import declared_closure
from router.harness import MAKEFILE, TESTS_DIR, guarded, guarded_env
from router.needs import needs

RELEASE = split.release_for(sys.version_info[:2])


def _installed(package: str) -> set[str]:
    return split.closure(RELEASE, declared_closure(MAKEFILE.read_text(), package))


@pytest.mark.parametrize(
    ("module", "package"),
    [("pyqmi.daemon.cli", "pyqmi"), ("pyqmi.cli.main", "pyqmi"), ("pyqmi.sim.cli", "pyqmi-sim")],
)
def test_declared_depends_cover_what_the_import_needs(module: str, package: str) -> None:
    measured = needs(module, RELEASE)
    missing = set(measured.required) - _installed(package)
    assert not missing, f"{package} must declare {missing} for {module}"


def test_the_daemon_needs_logging_construct_only() -> None:
    measured = needs("pyqmi.daemon.cli", RELEASE)
    assert measured.required == ("python3-construct", "python3-logging")  # no asyncio
    assert "python3-openssl" in measured.optional


def test_the_simulator_and_demo_need_nothing_beyond_pyqmi() -> None:
    # No pathlib in the simulator or the demo, so pyqmi-sim declares no python3-urllib.
    for module in ("pyqmi.sim.cli", "pyqmi.cli.demo"):
        measured = needs(module, RELEASE)
        assert measured.required == ("python3-asyncio", "python3-construct", "python3-logging")
        assert "python3-urllib" not in measured.loaded


@pytest.mark.timeout(60)
def test_pyqmi_sim_serves_with_its_declared_depends(tmp_path: Path) -> None:
    link = tmp_path / "modem"
    command = guarded(
        "-m", "pyqmi.sim", "--scenario", "default", "--link", str(link), package="pyqmi-sim"
    )
    errors = tmp_path / "sim.err"
    with errors.open("wb") as err:
        proc = subprocess.Popen(
            command, cwd=TESTS_DIR, env=guarded_env(), stdout=subprocess.PIPE, stderr=err
        )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 20.0)
        line = proc.stdout.readline().decode().strip() if ready else ""
        assert line == f"ready {link}", errors.read_text()
        assert link.is_symlink()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
