"""pyqmi's entry points, imported and run under the import guard with only what DEPENDS has."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from router import openwrt_python_split as split
from router.harness import guarded, read_trace, run_guarded

ENTRY_POINTS = (
    "pyqmi.cli.main",
    "pyqmi.daemon.cli",
    "pyqmi.cli.status",
    "pyqmi.cli.decode",
    "pyqmi.netifd.bus",
    "pyqmi.config.uci_source",
)

# Standard modules the daemon's imports try and do without, and who copes with their absence.
HANDLED_ABSENT = {
    "_hashlib": "hashlib (imported by construct), which falls back to _sha256 and friends",
}

GET_IDS_RESPONSE = (
    "014500800201020100250039000204000000000013010042120e003335393232353035303033393937"
    "1008003830393937383734110f00333539323235303530303339393733"
)


def test_entry_points_import_and_reach_only_logging(tmp_path: Path) -> None:
    trace = tmp_path / "trace.json"
    code = (
        "import importlib\n"
        f"for name in {ENTRY_POINTS!r}:\n"
        "    importlib.import_module(name)\n"
        "from pyqmi.netifd.bus import import_ubus\n"
        "from pyqmi.config.uci_source import import_uci\n"
        "assert import_ubus().__name__ == 'ubus' and import_uci().__name__ == 'uci'\n"
    )
    done = run_guarded(guarded("-c", code, trace=trace))
    assert done.returncode == 0, done.stderr
    record = read_trace(trace)
    release = split.RELEASES[record["release"]]
    assert set(record["loaded_split"]) == {"python3-logging"}  # no asyncio: pyqmi.loop
    absent = {
        name
        for name in record["blocked"]
        if name.partition(".")[0] in sys.stdlib_module_names
        and split.split_package_of(release, name) is not None
    }
    assert absent == set(HANDLED_ABSENT), record["blocked"]
    assert not [m for m in record["modules"] if m.startswith(("pathlib", "urllib", "email"))]


@pytest.mark.parametrize("command", ["daemon", "status", "decode"])
def test_subcommand_help_runs(command: str) -> None:
    done = run_guarded(guarded("-m", "pyqmi.cli.main", command, "--help"))
    assert done.returncode == 0, done.stderr
    assert f"usage: pyqmi {command}" in done.stdout


def test_daemon_help_shows_its_options() -> None:
    done = run_guarded(guarded("-m", "pyqmi.cli.main", "daemon", "--help"))
    assert "--interface" in done.stdout and "--ifname" in done.stdout, done.stdout


def test_decode_runs() -> None:
    done = run_guarded(guarded("-m", "pyqmi.cli.main", "decode", GET_IDS_RESPONSE))
    assert done.returncode == 0, done.stderr
    assert '"DMS"' in done.stdout


def test_the_demo_names_the_package_it_needs() -> None:
    done = run_guarded(guarded("-m", "pyqmi.cli.main", "demo"))
    assert done.returncode != 0
    assert "pyqmi-sim" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr


def test_status_without_ubus_package_is_a_clear_error(tmp_path: Path) -> None:
    """With python3-ubus left out of DEPENDS, the bus adapter says what to install."""
    code = (
        "from pyqmi import loop\n"
        "from pyqmi.netifd.bus import BusUnavailable, PythonUbusBus\n"
        "try:\n"
        "    loop.run(PythonUbusBus.connect())\n"
        "except BusUnavailable as exc:\n"
        "    print(exc)\n"
    )
    depends = "+python3-light +python3-logging +python3-construct"
    done = run_guarded(guarded("-c", code, depends=depends))
    assert done.returncode == 0, done.stderr
    assert "python3-ubus" in done.stdout
