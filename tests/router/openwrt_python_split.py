"""Which OpenWrt package carries which part of Python's standard library.

Data written for pyqmi from a reading of openwrt/packages (snapshot: master at commit
0521bb56793387788798e4a69b84d96766ed54e2, 2026-08-22; release branches as they stand in that
snapshot: openwrt-23.05 at 16c320b7fd67c64a80d71fa9016f2ef87e5b01bc, openwrt-24.10 at
42525d32c41080d8a2a9f1b7929f4207427d5ce8, openwrt-25.12 at
57654a9f48f82a2163a36de4123c2537abb5fce8). Files read on each branch:
``lang/python/python3-version.mk`` (the version), ``lang/python/python3/Makefile`` (what
python3-light keeps, what it drops, configure options) and
``lang/python/python3/files/python3-package-*.mk`` (one split package each).

How OpenWrt splits (python3/Makefile): every ``python3-package-NAME.mk`` moves the files it
names out of ``/usr/lib/python3.X`` into package python3-NAME. python3-base takes the handful of
files the interpreter needs to start; python3-light takes everything else under
``/usr/lib/python3.X`` (lib-dynload included), minus a short list it drops outright. So a module
not named in any split package below is in python3-light, unless it is in ``deleted``.

Per release, ``packages`` maps a package name to the modules it carries: top-level pure-Python
modules or packages and extension modules (``_ssl`` is ``lib-dynload/_ssl.cpython-*.so``).
``depends`` lists the other python3-* packages its DEPENDS pulls in (libraries such as libffi
or libopenssl are left out). ``deleted`` lists what no package installs at all:
``idlelib``, ``tkinter``, ``turtledemo``, ``webbrowser``, ``_osx_support`` (removed from
python3-light's file list), ``_tkinter`` and ``nis`` (configured as n/a), and, because python3
is configured with ``--disable-test-modules``, the test suites (the ``test`` package and the
test subpackages of 3.11's TESTSUBDIRS: ``ctypes.test``, ``distutils.tests``,
``idlelib.idle_test``, ``lib2to3.tests``, ``tkinter.test``, ``unittest.test``) and CPython's
test extension modules (``_testcapi`` and friends, named from the MODULE_*_STATE lines of a
3.11.7 build's Makefile). 3.11's ``distutils.cygwinccompiler`` is dropped as well.

Findings that matter to pyqmi (checked, see tests/router):

* 3.11 (23.05, 24.10) keeps ``email`` in its own python3-email; python3-urllib depends on it.
  On master (3.14) python3-urllib carries both.
* ``ssl.py`` and ``hashlib.py`` stay in python3-light; only their OpenSSL halves (``_ssl``,
  ``_hashlib``) are in python3-openssl. ``hashlib`` falls back to the ``_sha*``/``_md5``/
  ``_blake2`` modules, which stay in python3-light. ``_asyncio`` (asyncio's C half) and
  ``_multibytecodec`` stay in python3-light too; only the CJK tables move to python3-codecs.
* ``lzma.py`` and ``_lzma`` are python3-lzma; ``bz2``/``_bz2`` and ``zlib`` are python3-light
  (it depends on libbz2 and zlib).
* python3-asyncio's DEPENDS is python3-light only, yet ``import asyncio`` needs ``logging``
  (``concurrent.futures`` imports it): a package using asyncio must declare python3-logging.
* ``importlib.abc`` imports ``importlib.resources``, which imports ``pathlib``: on 3.11 that
  needs python3-urllib too.

``THIRD_PARTY`` maps the feed's (and pyqmi's own) Python library packages to the top-level
modules they install, for the packages a pyqmi Makefile may declare.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SplitPackage:
    """One python3-* package cut out of the standard library."""

    name: str
    modules: frozenset[str]  # dotted module names; a package name covers its submodules
    depends: tuple[str, ...] = ()  # other python3-* packages it pulls in
    in_python3: bool = True  # part of the "python3" meta package (not DO_NOT_ADD...)


@dataclass(frozen=True)
class Release:
    """What one OpenWrt release branch ships as Python."""

    name: str  # e.g. "24.10"
    branch: str  # openwrt/packages branch
    commit: str  # that branch's head in the snapshot
    python: tuple[int, int, int]
    packages: dict[str, SplitPackage]
    deleted: frozenset[str]


def _pkg(
    name: str, *modules: str, depends: tuple[str, ...] = (), in_python3: bool = True
) -> SplitPackage:
    return SplitPackage(name, frozenset(modules), depends, in_python3)


def _table(*packages: SplitPackage) -> dict[str, SplitPackage]:
    return {p.name: p for p in packages}


_CJK = ("_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr", "_codecs_tw")

# Packages whose contents are the same on every branch read (3.11 to 3.14).
_COMMON = (
    _pkg("python3-asyncio", "asyncio"),
    _pkg("python3-codecs", *_CJK, "unicodedata"),
    _pkg("python3-ctypes", "ctypes", "_ctypes"),
    _pkg("python3-dbm", "dbm", "_dbm", "_gdbm"),
    _pkg("python3-decimal", "decimal", "_decimal"),
    _pkg("python3-logging", "logging"),
    _pkg("python3-lzma", "lzma", "_lzma"),
    _pkg("python3-multiprocessing", "multiprocessing", "_multiprocessing"),
    _pkg("python3-ncurses", "curses", "_curses", "_curses_panel"),
    _pkg("python3-openssl", "_hashlib", "_ssl"),
    _pkg("python3-pydoc", "doctest", "pydoc", "pydoc_data"),
    _pkg("python3-readline", "readline"),
    _pkg("python3-sqlite3", "sqlite3", "_sqlite3"),
    _pkg("python3-unittest", "unittest"),
    _pkg("python3-uuid", "uuid", "_uuid"),
    _pkg("python3-venv", "ensurepip", "venv", depends=("python3",), in_python3=False),
    _pkg("python3-xml", "xml", "xmlrpc", "_elementtree", "pyexpat", depends=("python3-urllib",)),
    _pkg("python3-dev", depends=("python3",), in_python3=False),  # headers, config dir
)

# email apart, urllib depending on it: 23.05, 24.10, 25.12.
_EMAIL_APART = (
    _pkg("python3-email", "email"),
    _pkg("python3-urllib", "urllib", depends=("python3-email",)),
)

# Modules of 3.11 that 3.13 removed from the standard library, packaged on 23.05/24.10.
_PY311_ONLY = (
    _pkg("python3-cgi", "cgi", depends=("python3-email",)),
    _pkg("python3-cgitb", "cgitb", depends=("python3-cgi", "python3-pydoc")),
    _pkg("python3-distutils", "distutils", depends=("python3-email",)),
    _pkg("python3-lib2to3", "lib2to3", depends=("python3",), in_python3=False),
)

# CPython's test extension modules (not in sys.stdlib_module_names either).
TEST_EXTENSIONS = (
    "_testcapi",
    "_testclinic",
    "_testinternalcapi",
    "_testbuffer",
    "_testimportmultiple",
    "_testmultiphase",
    "_xxtestfuzz",
    "_ctypes_test",
    "xxlimited",
    "xxlimited_35",
)

_DELETED_ALWAYS = frozenset(
    {
        "idlelib",
        "tkinter",
        "_tkinter",
        "turtledemo",
        "webbrowser",
        "_osx_support",
        "nis",
        "test",
        *TEST_EXTENSIONS,
    }
)

_DELETED_311 = _DELETED_ALWAYS | {
    "distutils.cygwinccompiler",
    "distutils.tests",
    "ctypes.test",
    "lib2to3.tests",
    "unittest.test",
}

RELEASES: dict[str, Release] = {
    "23.05": Release(
        "23.05",
        "openwrt-23.05",
        "16c320b7fd67c64a80d71fa9016f2ef87e5b01bc",
        (3, 11, 7),
        _table(*_COMMON, *_EMAIL_APART, *_PY311_ONLY),
        _DELETED_311,
    ),
    "24.10": Release(
        "24.10",
        "openwrt-24.10",
        "42525d32c41080d8a2a9f1b7929f4207427d5ce8",
        (3, 11, 14),
        _table(*_COMMON, *_EMAIL_APART, *_PY311_ONLY),
        _DELETED_311,
    ),
    "25.12": Release(
        "25.12",
        "openwrt-25.12",
        "57654a9f48f82a2163a36de4123c2537abb5fce8",
        (3, 13, 9),
        _table(*_COMMON, *_EMAIL_APART),
        _DELETED_ALWAYS,
    ),
    "master": Release(
        "master",
        "master",
        "0521bb56793387788798e4a69b84d96766ed54e2",
        (3, 14, 5),
        _table(*_COMMON, _pkg("python3-urllib", "email", "urllib")),
        _DELETED_ALWAYS,
    ),
}

# Python versions of older branches, read from python3-version.mk (branch heads): too old for
# pyqmi (requires-python >= 3.11; enum.StrEnum is 3.11), so no table is kept for them.
OLDER_PYTHON = {"21.02": (3, 9, 18), "22.03": (3, 10, 13)}

# Python library packages a pyqmi Makefile may declare, and the top-level modules each installs.
THIRD_PARTY: dict[str, frozenset[str]] = {
    "python3-construct": frozenset({"construct"}),  # PyPI construct (openwrt-package/)
    "python3-ubus": frozenset({"ubus"}),  # CZ-NIC python-ubus (PyPI ubus)
    "python3-uci": frozenset({"uci", "euci"}),  # CZ-NIC pyuci
    "python3-typing-extensions": frozenset({"typing_extensions"}),
}

# The base packages every Python program on OpenWrt has; python3-light depends on python3-base.
LIGHT = ("python3-base", "python3-light")


def release_for(version: tuple[int, int]) -> Release:
    """The release whose Python has this major.minor (the newest such), else the newest one
    whose Python is older, else the oldest release known."""
    ordered = sorted(RELEASES.values(), key=lambda r: r.python)
    same = [r for r in ordered if r.python[:2] == version]
    if same:
        return same[-1]
    older = [r for r in ordered if r.python[:2] < version]
    return older[-1] if older else ordered[0]


def split_package_of(release: Release, module: str) -> str | None:
    """The split package that carries ``module`` (dotted name) on ``release``, or None when it
    is python3-light's (or deleted: see ``is_deleted``)."""
    for package in release.packages.values():
        for name in package.modules:
            if module == name or module.startswith(name + "."):
                return package.name
    return None


def is_deleted(release: Release, module: str) -> bool:
    """Whether no package of ``release`` installs ``module`` at all."""
    return any(module == name or module.startswith(name + ".") for name in release.deleted)


def closure(release: Release, declared: set[str]) -> set[str]:
    """``declared`` plus every python3-* package their DEPENDS pull in, on ``release``.

    The meta package "python3" stands for python3-light and every split package it pulls in.
    """
    result: set[str] = set()
    todo = list(declared)
    while todo:
        name = todo.pop()
        if name in result:
            continue
        result.add(name)
        if name == "python3":
            todo.extend(p.name for p in release.packages.values() if p.in_python3)
            todo.extend(LIGHT)
        elif name == "python3-light":
            todo.append("python3-base")
        elif name in release.packages:
            todo.extend(release.packages[name].depends)
    return result
