"""The table of OpenWrt's split Python: consistent, and the facts pyqmi relies on."""

from __future__ import annotations

import sys

import pytest

from router import openwrt_python_split as split


@pytest.mark.parametrize("name", sorted(split.RELEASES))
def test_no_module_is_in_two_packages(name: str) -> None:
    release = split.RELEASES[name]
    seen: dict[str, str] = {}
    for package in release.packages.values():
        for module in package.modules:
            assert module not in seen, f"{module} in {seen.get(module)} and {package.name}"
            seen[module] = package.name
    for package in release.packages.values():
        for dep in package.depends:
            assert dep == "python3" or dep in release.packages, (package.name, dep)


def test_this_interpreters_release_names_only_real_standard_modules() -> None:
    release = split.release_for(sys.version_info[:2])
    assert release.python[:2] == sys.version_info[:2], "no OpenWrt release ships this Python"
    for package in release.packages.values():
        for module in package.modules:
            assert module.partition(".")[0] in sys.stdlib_module_names, (package.name, module)
    # CPython leaves its test suite out of stdlib_module_names.
    for module in release.deleted - {"test", *split.TEST_EXTENSIONS}:
        assert module.partition(".")[0] in sys.stdlib_module_names, module


def test_3_11_is_what_23_05_and_24_10_ship() -> None:
    assert split.RELEASES["23.05"].python[:2] == (3, 11)
    assert split.RELEASES["24.10"].python[:2] == (3, 11)
    assert split.release_for((3, 11)).name == "24.10"
    assert split.release_for((3, 14)).name == "master"
    assert split.OLDER_PYTHON["22.03"][:2] == (3, 10)


def test_urllib_pulls_in_email_on_3_11_and_carries_it_on_master() -> None:
    r2410, master = split.RELEASES["24.10"], split.RELEASES["master"]
    assert split.split_package_of(r2410, "email.message") == "python3-email"
    assert "python3-email" in split.closure(r2410, {"python3-urllib"})
    assert split.split_package_of(master, "email.message") == "python3-urllib"
    assert split.closure(r2410, {"python3-xml"}) >= {"python3-urllib", "python3-email"}


@pytest.mark.parametrize(
    ("module", "package"),
    [
        ("_ssl", "python3-openssl"),
        ("_hashlib", "python3-openssl"),
        ("ssl", None),  # the Python half stays in python3-light
        ("hashlib", None),
        ("_sha256", None),
        ("_asyncio", None),
        ("asyncio.sslproto", "python3-asyncio"),
        ("logging.handlers", "python3-logging"),
        ("_multibytecodec", None),
        ("_codecs_jp", "python3-codecs"),
        ("lzma", "python3-lzma"),
        ("bz2", None),
        ("zlib", None),
        ("pathlib", None),
        ("urllib.parse", "python3-urllib"),
        ("ctypes.util", "python3-ctypes"),
        ("decimal", "python3-decimal"),
        ("_pydecimal", None),
    ],
)
def test_where_modules_live_on_24_10(module: str, package: str | None) -> None:
    assert split.split_package_of(split.RELEASES["24.10"], module) == package


def test_deleted_modules() -> None:
    release = split.RELEASES["24.10"]
    for module in ("tkinter", "idlelib.pyshell", "test.support", "distutils.cygwinccompiler"):
        assert split.is_deleted(release, module)
    assert not split.is_deleted(release, "distutils.util")
    assert not split.is_deleted(release, "testing")


def test_the_python3_meta_package_is_everything_but_dev_venv_lib2to3() -> None:
    release = split.RELEASES["24.10"]
    everything = split.closure(release, {"python3"})
    assert {"python3-light", "python3-base", "python3-openssl", "python3-email"} <= everything
    assert not everything & {"python3-dev", "python3-venv", "python3-lib2to3"}
