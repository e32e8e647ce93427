"""Run Python code in a fresh process under the import guard, as the router would run it.

``guarded(...)`` builds the command line (``python -m router.guard ...``, from tests/, where
the ``router`` package is) and ``run_guarded(...)`` runs it to the end; ``read_trace`` loads
what the guard wrote about the modules it turned away and the split packages that were used.
The stand-ins for python-ubus and pyuci (``standins/``) go first on PYTHONPATH, so the
guarded process imports them where the router imports the real bindings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

TESTS_DIR = Path(__file__).resolve().parents[1]
REPO = TESTS_DIR.parent
STANDINS = Path(__file__).resolve().parent / "standins"
MAKEFILE = REPO / "openwrt-package" / "pyqmi" / "Makefile"


def guarded(
    *target: str,
    trace: Path | None = None,
    makefile: Path | None = None,
    package: str | None = None,
    depends: str | None = None,
) -> list[str]:
    """``python -m router.guard [options] TARGET...`` (TARGET: ``-m MODULE ARG...`` or
    ``-c CODE ARG...``)."""
    command = [sys.executable, "-m", "router.guard"]
    if trace is not None:
        command += ["--trace", str(trace)]
    if makefile is not None:
        command += ["--makefile", str(makefile)]
    if package is not None:
        command += ["--package", package]
    if depends is not None:
        command += ["--depends", depends]
    return [*command, *target]


def guarded_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment with the stand-ins first on PYTHONPATH and no PYQMI_CONFIG."""
    env = {k: v for k, v in os.environ.items() if k != "PYQMI_CONFIG"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(STANDINS), env.get("PYTHONPATH", "")) if p)
    env.update(extra or {})
    return env


def run_guarded(
    command: Sequence[str], *, timeout: float = 30.0, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        cwd=TESTS_DIR,
        env=env if env is not None else guarded_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def read_trace(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data
