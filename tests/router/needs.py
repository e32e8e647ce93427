"""Which OpenWrt packages a module's import closure needs, measured under the import guard.

Theory of operation: start from python3-light and the project's own packages (pyqmi and
pyqmi-sim, their DEPENDS not followed), import the module under the guard in a fresh
interpreter, and read the ModuleNotFoundError it dies of, if any: the package that carries the
missing module (split table, THIRD_PARTY, or the project's split) is added and the import is
tried again, until it succeeds. The result is the smallest set of packages that imports the
module; the guard's trace adds the packages whose modules were tried but done without
(optional) and the split packages actually loaded.

Command line (from tests/)::

    python -m router.needs pyqmi.sim.cli [pyqmi.daemon.cli ...]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

from . import openwrt_python_split as split
from .guard import PYQMI_MAKEFILE, project_modules

_MISSING = re.compile(r"ModuleNotFoundError: No module named '([^']+)'")
TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECT = ("pyqmi", "pyqmi-sim")
MAX_ROUNDS = 30


class NeedsError(RuntimeError):
    """The module cannot be made to import (a missing module no package carries)."""


@dataclass(frozen=True)
class Needs:
    module: str
    release: str
    required: tuple[str, ...]  # python3-* packages beyond python3-light the import needs
    optional: tuple[str, ...]  # packages whose modules were tried and done without
    loaded: dict[str, list[str]]  # split package -> its modules that were loaded


def _package_of(release: split.Release, module: str, project: dict[str, str]) -> str | None:
    top = module.partition(".")[0]
    if top in sys.stdlib_module_names:
        return split.split_package_of(release, module)
    for package, modules in split.THIRD_PARTY.items():
        if top in modules:
            return package
    for prefix, package in sorted(project.items(), key=lambda item: -len(item[0])):
        if module == prefix or module.startswith(prefix + "."):
            return package
    return None


def _try(module: str, packages: set[str], trace: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "router.guard", "--trace", trace,
        "--exact", " ".join(sorted(packages)), "-c", f"import {module}",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        command, cwd=TESTS_DIR, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def needs(module: str, release: split.Release | None = None) -> Needs:
    """Measure what ``module`` needs to import, on this interpreter's OpenWrt release."""
    release = release or split.release_for(sys.version_info[:2])
    with open(PYQMI_MAKEFILE, encoding="utf-8") as handle:
        project = project_modules(handle.read())
    packages = {"python3-light", *PROJECT}
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "trace.json")
        for _ in range(MAX_ROUNDS):
            done = _try(module, packages, trace)
            if done.returncode == 0:
                break
            found = _MISSING.findall(done.stderr)
            if not found:
                raise NeedsError(f"import {module} failed:\n{done.stderr}")
            package = _package_of(release, found[-1], project)
            if package is None or package in packages:
                raise NeedsError(f"import {module}: no package provides {found[-1]!r}")
            packages.add(package)
        else:
            raise NeedsError(f"import {module}: still failing after {MAX_ROUNDS} rounds")
        with open(trace, encoding="utf-8") as handle:
            record = json.load(handle)
    optional = {
        package
        for name in record["blocked"]
        if (package := _package_of(release, name, project)) is not None
    }
    required = sorted(packages - {"python3-light", *PROJECT})
    return Needs(
        module,
        release.name,
        tuple(required),
        tuple(sorted(optional - packages)),
        record["loaded_split"],
    )


def main(argv: Sequence[str] | None = None) -> int:
    modules = list(sys.argv[1:] if argv is None else argv)
    if not modules:
        print("usage: python -m router.needs MODULE...", file=sys.stderr)
        return 2
    for module in modules:
        try:
            result = needs(module)
        except NeedsError as exc:
            print(f"needs: {exc}", file=sys.stderr)
            return 1
        print(f"{module} (OpenWrt {result.release}, python3-light plus):")
        print(f"  required: {' '.join(result.required) or '(nothing)'}")
        print(f"  optional, done without: {' '.join(result.optional) or '(nothing)'}")
        for package, names in sorted(result.loaded.items()):
            more = " ..." if len(names) > 6 else ""
            print(f"  loaded from {package}: {', '.join(names[:6])}{more}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
