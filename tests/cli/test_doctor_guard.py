"""``pyqmi doctor`` and ``pyqmi migrate`` run under the router's import guard (only what the
pyqmi package's DEPENDS installs), with the pyuci stand-in where python3-uci would be."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from router.harness import guarded, read_trace, run_guarded

DATA = Path(__file__).resolve().parents[1] / "data" / "doctor"
# Absent on the router and handled where imported: shutil (argparse's help formatter
# imports it) tries lzma and bz2 and does without.
HANDLED_ABSENT = {"lzma", "bz2", "_ssl", "_hashlib"}


def test_doctor_runs_under_the_guard(tmp_path: Path) -> None:
    base = DATA / "001_fb98e79d2120127d"
    trace = tmp_path / "trace.json"
    done = run_guarded(
        guarded(
            "-m",
            "pyqmi.cli.main",
            "doctor",
            "--json",
            "--usb-devices",
            str(base / "usb-devices"),
            "--sysfs-root",
            str(base / "sysfs"),
            "--kernel-log",
            str(base / "kernel.log"),
            "--dev-root",
            str(base / "dev"),
            "--uci-confdir",
            str(base / "config"),
            trace=trace,
        )
    )
    assert done.returncode == 1, done.stderr  # the seed's problems are errors
    codes = {f["code"] for f in json.loads(done.stdout)["findings"]}
    assert {"serial-unbound", "device-spaces"} <= codes
    record = read_trace(trace)
    assert set(record["blocked"]) <= HANDLED_ABSENT, record["blocked"]
    assert not set(record["loaded_split"]) - {"python3-logging"}, record["loaded_split"]


def test_migrate_apply_and_revert_under_the_guard(tmp_path: Path) -> None:
    confdir = tmp_path / "config"
    confdir.mkdir()
    shutil.copy(DATA / "001_fb98e79d2120127d" / "config" / "network", confdir / "network")
    original = (confdir / "network").read_bytes()
    trace = tmp_path / "trace.json"
    for args in (["--apply"], ["--revert"]):
        command = guarded("-m", "pyqmi.cli.main", "migrate", "--uci-confdir", str(confdir),
                          *args, trace=trace)  # fmt: skip
        done = run_guarded(command)
        assert done.returncode == 0, done.stderr
        assert set(read_trace(trace)["blocked"]) <= HANDLED_ABSENT
    assert (confdir / "network").read_bytes() == original
