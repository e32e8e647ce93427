"""The daemon as the bench runs it: what it imports and how many QMI requests it needs.

Deterministic checks only, no timings. The import check runs the launcher's imports in a fresh
interpreter with the bench's environment (ssl unavailable, as on OpenWrt). The connect check
starts the real entry point in a mount namespace against the bench's modem (pyqmi-sim) until
link-up, once with pyqmi-sim's default modem and once with a modem lacking the optional
messages, and counts the requests the modem saw; it needs root, like the bench.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # bench/ is not an installed package

from bench.namespace import missing, run_inside  # noqa: E402
from bench.rig import measured_env  # noqa: E402
from bench.wall_bench import LACKING  # noqa: E402

MAX_REQUESTS = 20  # issue 8: at most 20 QMI requests to link-up for IPv4
# Never on the daemon's path: the simulator, the bench, the demo and the other subcommands,
# the recording bus of the tests, ssl (OpenWrt without python3-openssl), and asyncio: the
# daemon runs on pyqmi.loop (asyncio alone cost ~160 M instructions and 6.5 MB).
FORBIDDEN = ("pyqmi.sim", "bench", "pyqmi.cli.demo", "pyqmi.cli.demo_netns",
             "pyqmi.cli.demo_output", "pyqmi.cli.icmp_probe", "pyqmi.cli.decode",
             "pyqmi.cli.status", "pyqmi.netifd.recording", "ssl", "_ssl", "asyncio",
             "_asyncio", "concurrent")  # fmt: skip


def _forbidden(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


def test_the_launchers_imports_load_no_rig_or_demo_module() -> None:
    code = "import sys, json, pyqmi.cli.main, pyqmi.daemon.cli; print(json.dumps(sorted(k for k, v in sys.modules.items() if v is not None)))"  # noqa: E501
    done = subprocess.run(
        [sys.executable, "-c", code], cwd="/", env=measured_env(), capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout)
    assert "pyqmi.daemon.cli" in modules and "pyqmi.loop" in modules
    assert _forbidden(modules) == []


_REASON = missing()


@pytest.mark.skipif(_REASON is not None, reason=_REASON or "")
@pytest.mark.timeout(120)
@pytest.mark.parametrize("lacking", [(), LACKING], ids=["pyqmi-sim", "lacking-optional"])
def test_link_up_within_the_request_budget(lacking: tuple[str, ...]) -> None:
    probe = run_inside("bench.wall_bench:probe_inside", {"lacking": list(lacking)}, timeout=100.0)
    names = probe["names"]
    assert names and names[0].startswith("ctl.")
    assert "wds.start_network" in names
    assert len(names) <= MAX_REQUESTS, names
    assert _forbidden(probe["modules"]) == [], "imported on the way to link-up"
