"""``pyqmi migrate`` and ``pyqmi doctor`` with the real pyuci and libuci (opt-in: set
PYQMI_OPENWRT_ROOT to the local OpenWrt stack build, as for tests/e2e): the dry run's diff is
what --apply then writes, --revert gives the bytes back, and the doctor reads the fixtures'
sections as it does through the stand-in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from privilege import OPT_IN

ROOT_ENV = "PYQMI_OPENWRT_ROOT"
REPO = Path(__file__).resolve().parents[2]
NETWORK = """# by hand
config interface "4G"
\toption proto qmi
\toption device '/dev/cdc-wdm0'
\toption password "pw'quote"
\tlist dns '9.9.9.9'

config globals
\toption ula_prefix 'fd00::/48'
"""


def _env() -> dict[str, str]:
    root = os.environ.get(ROOT_ENV)
    if not root:
        pytest.skip(f"{OPT_IN}: set {ROOT_ENV} to a local build of pyuci and libuci")
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = f"{root}/lib:{root}/usr/lib"
    env["PYTHONPATH"] = f"{root}/python:{REPO / 'src'}"
    return env


def _migrate(env: dict[str, str], confdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pyqmi.cli.main", "migrate", "--uci-confdir", str(confdir),
               "--uci-savedir", str(confdir.parent / "save"), *args]  # fmt: skip
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)


def _diff(out: str) -> str:
    return out.split("\n\n", maxsplit=1)[0]


def test_real_pyuci_apply_matches_the_dry_run_and_revert_restores(tmp_path: Path) -> None:
    env = _env()
    confdir = tmp_path / "config"
    confdir.mkdir()
    (tmp_path / "save").mkdir()
    (confdir / "network").write_text(NETWORK)
    original = (confdir / "network").read_bytes()
    dry = _migrate(env, confdir)
    assert dry.returncode == 0, dry.stderr
    assert (confdir / "network").read_bytes() == original
    applied = _migrate(env, confdir, "--apply")
    assert applied.returncode == 0, applied.stderr
    assert _diff(applied.stdout) == _diff(dry.stdout)
    assert "\toption proto 'pyqmi'\n" in (confdir / "network").read_text()
    assert "pw'quote" not in dry.stdout + applied.stdout
    reverted = _migrate(env, confdir, "--revert")
    assert reverted.returncode == 0, reverted.stderr
    assert (confdir / "network").read_bytes() == original


def test_real_pyuci_gives_the_doctor_the_same_sections() -> None:
    env = _env()
    data = REPO / "tests" / "data" / "doctor"
    for base in sorted(p for p in data.iterdir() if (p / "expected.json").is_file()):
        usb = base / "usb-devices"
        command = [sys.executable, "-m", "pyqmi.cli.main", "doctor", "--json",
                   *(["--usb-devices", str(usb)] if usb.exists() else []),
                   "--sysfs-root", str(base / "sysfs"),
                   "--kernel-log", str(base / "kernel.log"), "--dev-root", str(base / "dev"),
                   "--uci-confdir", str(base / "config")]  # fmt: skip
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=60, check=False
        )
        got = [
            [f["severity"], f["code"], f["section"]] for f in json.loads(done.stdout)["findings"]
        ]
        expected = json.loads((base / "expected.json").read_text())["findings"]
        assert sorted(got) == sorted(expected), base.name
