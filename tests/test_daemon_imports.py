"""What the daemon's imports leave out (issue 8: every import counts on a router).

Deterministic checks, no timings: a fresh interpreter imports what the launcher imports before
``main()`` runs, and none of the modules below may be loaded.  Each was on the daemon's path
once, and each has a cheaper stand-in in pyqmi (module named in the comment).
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import subprocess
import sys
from types import ModuleType

import pytest

from pyqmi.cli import main as cli_main

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
NOT_ON_THE_PATH = {
    "dataclasses": "pyqmi.frozen (@frozen, @mutable, field)",
    "inspect": "imported by dataclasses and construct.debug",
    "pdb": "construct.debug's, a stand-in until used (pyqmi.qmi)",
    "bdb": "pdb's",
    "ast": "inspect's",
    "dis": "inspect's",
    "pprint": "pdb's (and it imports dataclasses)",
    "logging.handlers": "pyqmi.logsetup.SyslogHandler",
    "queue": "logging.handlers'",
    "copy": "logging.handlers' and dataclasses'",
}


def _loaded(code: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYQMI_"))}
    env["PYTHONPATH"] = SRC
    done = subprocess.run(
        [sys.executable, "-c", code], cwd="/", env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    modules: list[str] = json.loads(done.stdout)
    return modules


def test_the_daemons_imports_load_none_of_the_heavy_modules() -> None:
    code = (
        "import json, sys, pyqmi.cli.main, pyqmi.daemon.cli\n"
        "print(json.dumps(sorted(k for k, v in sys.modules.items() if v is not None)))\n"
    )
    modules = _loaded(code)
    assert "pyqmi.daemon.cli" in modules and "construct" in modules
    assert sorted(set(NOT_ON_THE_PATH) & set(modules)) == []


def test_a_subcommand_is_imported_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []

    def record(name: str) -> ModuleType:
        seen.append(gc.isenabled())
        return sys.modules[name]

    monkeypatch.setattr(importlib, "import_module", record)
    assert gc.isenabled()
    module = cli_main._import_paused("pyqmi.frozen")
    assert module is sys.modules["pyqmi.frozen"]
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        cli_main._import_paused("pyqmi.frozen")
        assert not gc.isenabled()  # a caller's disabled collector stays disabled
    finally:
        gc.enable()
