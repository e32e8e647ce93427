"""Run Python as an OpenWrt router with split Python would: only the packages declared.

Theory of operation: ``install(policy)`` replaces ``sys.meta_path`` with one finder that holds
the interpreter's own finders (BuiltinImporter, FrozenImporter, PathFinder, any hook a .pth
added) and asks them only for modules the policy allows. For any other module it answers
"not found" like every finder on the router would, so ``import x`` raises the interpreter's
own ``ModuleNotFoundError: No module named 'x'`` (``name`` set), ``importlib.util.find_spec``
returns None, and code written for the module's absence (``try: import ssl``) takes that
path. Builtin and frozen modules go through the same check, because their importers sit
inside the guard: an interpreter that has ``_ssl`` built in still loses it.

The policy (``Policy``) is read from the package Makefile: the ``DEPENDS`` of
``define Package/NAME`` (``depends.py``), followed through the other Makefiles under
``openwrt-package/`` (``+pyqmi`` from pyqmi-sim) and through the split packages' own DEPENDS
(python3-urllib pulls in python3-email on 3.11). A standard-library module is allowed unless
OpenWrt moved it to a python3-* package that is not in that closure (table:
``openwrt_python_split.py``, release chosen by this interpreter's version) or installs it
nowhere. Any other module is allowed only if a declared package installs it: the project's
own (``pyqmi``, minus the parts that ship in another project package) and the python3-*
libraries in ``THIRD_PARTY``. Everything else in site-packages (hypothesis,
construct_typing, typing_extensions, pytest) is not found.

Modules imported before ``install`` stay importable; ``install`` refuses to start if one of
them is a standard-library module the policy blocks (the guard would be too late).

Command line (from tests/, where the ``router`` package lives; ``-m`` puts the working
directory on sys.path)::

    python -m router.guard [--makefile M] [--package pyqmi] [--depends '+python3-light ...']
        [--exact 'python3-light pyqmi ...'] [--release 24.10] [--trace FILE]
        (-m MODULE | -c CODE) [ARG...]

``--depends`` replaces the package's DEPENDS (still followed through other packages);
``--exact`` names every package installed, nothing followed (what ``needs.py`` measures with).

``--trace`` writes, at exit, a JSON record of the modules the guard turned away and the split
packages whose modules were loaded. Only python3-light modules are imported here.
"""

from __future__ import annotations

import atexit
import importlib.machinery
import json
import os
import runpy
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from . import openwrt_python_split as split
from .depends import package_names, parse_depends, variable

if TYPE_CHECKING:
    from _typeshed.importlib import MetaPathFinderProtocol

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGE_DIR = os.path.join(REPO, "openwrt-package")
PYQMI_MAKEFILE = os.path.join(PACKAGE_DIR, "pyqmi", "Makefile")

# The Makefile variable naming what of src/pyqmi ships in pyqmi-sim instead of pyqmi.
SIM_FILES_VARIABLE = "PYQMI_SIM_FILES"


class GuardError(RuntimeError):
    """The guard cannot be set up as asked."""


def project_modules(text: str) -> dict[str, str]:
    """The project's modules and the package each ships in, from the pyqmi Makefile: all of
    ``pyqmi`` in pyqmi, except the files PYQMI_SIM_FILES names (relative to src/pyqmi)."""
    found = {"pyqmi": "pyqmi"}
    for entry in (variable(text, SIM_FILES_VARIABLE) or "").split():
        module = entry.removesuffix(".py").strip("/").replace("/", ".")
        found[f"pyqmi.{module}"] = "pyqmi-sim"
    return found


def _owner(modules: dict[str, str], name: str) -> str | None:
    """The package that ships module ``name`` (the longest matching prefix), if the project's."""
    best = None
    for prefix in modules:
        if (name == prefix or name.startswith(prefix + ".")) and (
            best is None or len(prefix) > len(best)
        ):
            best = prefix
    return modules[best] if best is not None else None


@dataclass(frozen=True)
class Policy:
    """What one router installation has: ``packages`` is the closure of DEPENDS."""

    release: split.Release
    packages: frozenset[str]
    third_party: frozenset[str] = field(default=frozenset())
    project: dict[str, str] = field(default_factory=lambda: {"pyqmi": "pyqmi"})

    def verdict(self, name: str) -> str | None:
        """None if module ``name`` is importable on the router, else why it is not."""
        top = name.partition(".")[0]
        if top in sys.stdlib_module_names:
            if split.is_deleted(self.release, name):
                return f"OpenWrt {self.release.name} installs it in no package"
            package = split.split_package_of(self.release, name)
            if package is not None and package not in self.packages:
                return f"it is in {package}, which DEPENDS does not pull in"
            return None
        owner = _owner(self.project, name)
        if owner is not None:
            return None if owner in self.packages else f"it ships in {owner}, not declared"
        if top in self.third_party:
            return None
        return "no declared package installs it"


def _makefiles() -> dict[str, str]:
    """Package name -> text of the openwrt-package Makefile that defines it."""
    found: dict[str, str] = {}
    for entry in sorted(os.listdir(PACKAGE_DIR)):
        path = os.path.join(PACKAGE_DIR, entry, "Makefile")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            for name in package_names(text):
                found.setdefault(name, text)
    return found


def declared_closure(text: str, package: str, depends: Sequence[str] | None = None) -> set[str]:
    """``package`` and what its DEPENDS pull in through this project's Makefiles.

    ``depends`` replaces the DEPENDS read from ``text`` (the ``--depends`` option)."""
    others = _makefiles()
    result = {package}
    todo = list(depends if depends is not None else parse_depends(text, package).packages)
    while todo:
        name = todo.pop()
        if name in result:
            continue
        result.add(name)
        if name in others:
            todo.extend(parse_depends(others[name], name).packages)
    return result


def policy_for(
    declared: set[str],
    release: split.Release | None = None,
    project: dict[str, str] | None = None,
) -> Policy:
    """The policy of a router with ``declared`` packages (and what they pull in)."""
    release = release or split.release_for(sys.version_info[:2])
    project = project if project is not None else {"pyqmi": "pyqmi"}
    packages = split.closure(release, declared)
    third_party: set[str] = set()
    known = {*release.packages, *split.LIGHT, "python3", *project.values()}
    for name in packages:
        if name in split.THIRD_PARTY:
            third_party |= split.THIRD_PARTY[name]
        elif name.startswith("python3-") and name not in known:
            raise GuardError(f"{name}: which modules it installs is unknown (add to THIRD_PARTY)")
    return Policy(release, frozenset(packages), frozenset(third_party), dict(project))


def policy_from_makefile(
    makefile: str = PYQMI_MAKEFILE,
    package: str = "pyqmi",
    release: split.Release | None = None,
) -> Policy:
    with open(makefile, encoding="utf-8") as handle:
        text = handle.read()
    return policy_for(declared_closure(text, package), release, project_modules(text))


@dataclass
class ImportGuard:
    """The one finder on sys.meta_path while the guard is installed (a plain class: importlib.abc
    imports importlib.resources, which imports pathlib and so urllib on 3.11)."""

    policy: Policy
    finders: list[MetaPathFinderProtocol]
    blocked: dict[str, str] = field(default_factory=dict)  # module -> reason, first time

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        reason = self.policy.verdict(fullname)
        if reason is not None:
            self.blocked.setdefault(fullname, reason)
            return None
        for finder in self.finders:
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                return spec
        return None

    def invalidate_caches(self) -> None:
        for finder in self.finders:
            invalidate = getattr(finder, "invalidate_caches", None)
            if invalidate is not None:
                invalidate()

    def loaded_split_packages(self) -> dict[str, list[str]]:
        """Split package -> the modules of it that are loaded now."""
        found: dict[str, list[str]] = {}
        for name in sorted(sys.modules):
            if name.partition(".")[0] in sys.stdlib_module_names:
                package = split.split_package_of(self.policy.release, name)
                if package is not None:
                    found.setdefault(package, []).append(name)
        return found

    def trace(self) -> dict[str, object]:
        return {
            "release": self.policy.release.name,
            "python": list(sys.version_info[:3]),
            "packages": sorted(self.policy.packages),
            "blocked": self.blocked,
            "loaded_split": self.loaded_split_packages(),
            "modules": sorted(sys.modules),
        }


_INSTALLED: list[ImportGuard] = []  # the guard in force, if any


def install(policy: Policy) -> ImportGuard:
    """Put the guard in front of every finder; refuses if a blocked module is loaded."""
    if _INSTALLED:
        raise GuardError("the import guard is already installed")
    early = sorted(
        name
        for name in sys.modules
        if name.partition(".")[0] in sys.stdlib_module_names and policy.verdict(name)
    )
    if early:
        raise GuardError(f"already imported before the guard: {', '.join(early)}")
    guard = ImportGuard(policy, list(sys.meta_path))
    sys.meta_path[:] = [guard]
    sys.path_importer_cache.clear()
    _INSTALLED.append(guard)
    return guard


def uninstall() -> None:
    """Give sys.meta_path its finders back (in-process tests)."""
    if _INSTALLED:
        guard = _INSTALLED.pop()
        sys.meta_path[:] = [*guard.finders, *(f for f in sys.meta_path if f is not guard)]


def _write_trace(guard: ImportGuard, path: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(guard.trace(), handle, indent=1, sort_keys=True)


OPTIONS = ("--makefile", "--package", "--depends", "--exact", "--release", "--trace")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    options: dict[str, str] = {}
    while args and args[0] not in ("-m", "-c"):
        option = args.pop(0)
        if option not in OPTIONS:
            print(f"guard: unknown option {option!r}", file=sys.stderr)
            return 2
        if not args:
            print(f"guard: {option} needs a value", file=sys.stderr)
            return 2
        options[option] = args.pop(0)
    if len(args) < 2:
        print("guard: expected -m MODULE or -c CODE", file=sys.stderr)
        return 2
    mode, target, rest = args[0], args[1], args[2:]
    makefile = options.get("--makefile", PYQMI_MAKEFILE)
    package = options.get("--package", "pyqmi")
    release = split.RELEASES[options["--release"]] if "--release" in options else None
    with open(makefile, encoding="utf-8") as handle:
        text = handle.read()
    override = options.get("--depends")
    depends = None
    if override is not None:
        fake = f"define Package/{package}\n  DEPENDS:={override}\nendef\n"
        depends = list(parse_depends(fake, package).packages)
    if "--exact" in options:  # these packages only: their own DEPENDS are not followed
        declared = set(options["--exact"].split())
    else:
        declared = declared_closure(text, package, depends)
    guard = install(policy_for(declared, release, project_modules(text)))
    if "--trace" in options:
        atexit.register(_write_trace, guard, options["--trace"])
    if mode == "-m":
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        sys.argv = ["-c", *rest]
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
