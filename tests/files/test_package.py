"""The OpenWrt package Makefile installs every file under files/ where the router expects
it, with the right modes, and a pyqmi that runs from the installed tree alone.

Its recipes run for real through GNU make with a stand-in build root (tests/files/fakewrt:
rules.mk, package.mk and the python3-package.mk helpers reduced to what they do to files).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FILES = REPO / "files"
PACKAGE = REPO / "openwrt-package/pyqmi"
MAKEFILE = PACKAGE / "Makefile"
FAKEWRT = Path(__file__).resolve().parent / "fakewrt"
SITE = "usr/lib/python3.11/site-packages"
SHIM = "lib/netifd/proto/pyqmi.sh"
HOTPLUG = "etc/hotplug.d/usbmisc/30-pyqmi"
LUCI_FILES = {
    "www/luci-static/resources/protocol/pyqmi.js",
    "www/luci-static/resources/pyqmi/schema.js",
    "www/luci-static/resources/pyqmi/status.js",
    "www/luci-static/resources/view/status/pyqmi.js",
    "usr/share/luci/menu.d/luci-proto-pyqmi.json",
    "usr/share/rpcd/acl.d/luci-proto-pyqmi.json",
}


def shipped_files() -> set[str]:
    return {
        str(path.relative_to(FILES))
        for path in FILES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def install_block(package: str) -> str:
    match = re.search(
        rf"^define Package/{re.escape(package)}/install\n(.*?)^endef", MAKEFILE.read_text(),
        re.M | re.S,
    )  # fmt: skip
    assert match, f"no install recipe for {package}"
    return match.group(1)


def test_every_file_under_files_has_an_install_line() -> None:
    text = MAKEFILE.read_text()
    sources = set(re.findall(r"\$\(PKG_BUILD_DIR\)/files/(\S+)", text))
    assert shipped_files() - sources == set()
    assert sources - shipped_files() == set(), "the Makefile installs files that do not exist"


def test_shim_is_installed_executable() -> None:
    lines = [line for line in install_block("pyqmi").splitlines() if f"files/{SHIM}" in line]
    assert lines
    assert all(line.split()[0] == "$(INSTALL_BIN)" for line in lines)


def test_depends_name_the_runtime() -> None:
    depends = re.search(r"define Package/pyqmi\n.*?DEPENDS:=(.*?)\n", MAKEFILE.read_text(), re.S)
    assert depends
    wanted = {"+python3-light", "+python3-logging", "+python3-construct",  # no asyncio: pyqmi.loop
              "+python3-ubus", "+python3-uci",  # the feed's names for python-ubus and pyuci
              "+kmod-usb-net", "+kmod-usb-net-qmi-wwan", "+wwan"}  # fmt: skip # as uqmi
    assert wanted <= set(depends.group(1).split())


def test_packages_follow_the_feed_rules() -> None:
    """A maintainer with an address, the project's version, release from 1, a licence
    file that exists, and the sources tracked for rebuilds (PKG_FILE_DEPENDS)."""
    text = MAKEFILE.read_text()
    construct = (REPO / "openwrt-package/python-construct/Makefile").read_text()
    project = re.search(r'^version = "(.*)"$', (REPO / "pyproject.toml").read_text(), re.M)
    assert project and re.search(rf"^PKG_VERSION:={re.escape(project.group(1))}$", text, re.M)
    for makefile in (text, construct):
        assert re.search(r"^PKG_MAINTAINER:=[^<>]+ <[^@\s]+@[^@\s]+>$", makefile, re.M)
        assert re.search(r"^PKG_RELEASE:=[1-9][0-9]*$", makefile, re.M)
        assert re.search(r"^PKG_LICENSE_FILES:=LICENSE$", makefile, re.M)
    assert re.search(r"^PKG_LICENSE:=GPL-2.0-only$", text, re.M)
    assert "GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991" in (
        (REPO / "LICENSE").read_text())  # fmt: skip
    tracked = re.search(r"^PKG_FILE_DEPENDS:=(.*)$", text, re.M)
    assert tracked and set(tracked.group(1).split()) == {
        "$(PYQMI_TOPDIR)/src/", "$(PYQMI_TOPDIR)/files/", "$(PYQMI_TOPDIR)/LICENSE"}  # fmt: skip
    assert text.index("PKG_FILE_DEPENDS:=") < text.index("include $(INCLUDE_DIR)/package.mk")


def test_construct_package_matches_the_pinned_version() -> None:
    text = (REPO / "openwrt-package/python-construct/Makefile").read_text()
    version = re.search(r"^PKG_VERSION:=(\S+)", text, re.M)
    assert version and version.group(1).startswith("2.10.")  # pyproject: >=2.10,<2.11
    assert re.search(r"^PYPI_NAME:=construct$", text, re.M)
    assert re.search(r"^PKG_HASH:=[0-9a-f]{64}$", text, re.M)
    assert "BuildPackage,python3-construct)" in text


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    work = tmp_path_factory.mktemp("fakewrt")
    result = subprocess.run(
        ["make", "-s", "-C", str(PACKAGE), f"TOPDIR={FAKEWRT}", f"BUILD_DIR={work / 'build'}",
         f"ROOT={work / 'root'}", f"HOST_PYTHON3_BIN={sys.executable}",
         "install-pyqmi", "install-pyqmi-sim", "install-luci-proto-pyqmi"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return work / "root"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_land_in_the_right_package_at_the_right_path(installed: Path) -> None:
    for name in shipped_files():
        package = "luci-proto-pyqmi" if name in LUCI_FILES else "pyqmi"
        target = installed / package / name
        assert target.is_file(), f"{name} is not installed by {package}"
        assert target.read_bytes() == (FILES / name).read_bytes()
    assert not any((installed / "pyqmi" / name).exists() for name in LUCI_FILES)


def test_modes(installed: Path) -> None:
    assert mode(installed / "pyqmi" / SHIM) == 0o755
    assert mode(installed / "pyqmi/usr/bin/pyqmi") == 0o755
    for name in LUCI_FILES:
        assert mode(installed / "luci-proto-pyqmi" / name) == 0o644


def test_hotplug_serves_usb_and_pcie_modems(installed: Path) -> None:
    usb = installed / "pyqmi" / HOTPLUG
    pcie = installed / "pyqmi/etc/hotplug.d/wwan/30-pyqmi"
    assert usb.read_bytes() == pcie.read_bytes() == (FILES / HOTPLUG).read_bytes()


def sim_files() -> list[str]:
    match = re.search(r"^PYQMI_SIM_FILES:=(.*)$", MAKEFILE.read_text().replace("\\\n", " "), re.M)
    assert match
    return match.group(1).split()


def test_python_package_is_byte_compiled_and_split(installed: Path) -> None:
    """pyqmi gets every module but the simulator's (PYQMI_SIM_FILES), pyqmi-sim those."""
    src = REPO / "src/pyqmi"
    modules = {str(p.relative_to(src).with_suffix(".pyc")) for p in src.rglob("*.py")}
    sim = {m for m in modules if any(m == f + "c" or m.startswith(f + "/") for f in sim_files())}
    assert "sim/__init__.pyc" in sim and "cli/demo.pyc" in sim and "daemon/cli.pyc" not in sim
    for package, wanted in (("pyqmi", modules - sim), ("pyqmi-sim", sim)):
        site = installed / package / SITE / "pyqmi"
        assert not list(site.rglob("*.py")), "sources are not shipped, as in the packages feed"
        assert not list(site.rglob("__pycache__"))
        assert {str(p.relative_to(site)) for p in site.rglob("*.pyc")} == wanted, package
    assert mode(installed / "pyqmi-sim/usr/bin/pyqmi-sim") == 0o755


def test_installed_entry_point_runs(installed: Path, tmp_path: Path) -> None:
    launcher = installed / "pyqmi/usr/bin/pyqmi"
    assert launcher.read_text().startswith("#!/usr/bin/python3\n")
    site = installed / "pyqmi" / SITE
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(site)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip

    # The installed tree, not this checkout, is what gets imported.
    where = run("-c", "import pyqmi.cli.main as m; print(m.__file__)")
    assert where.stdout.strip() == str(site / "pyqmi/cli/main.pyc"), where.stderr
    result = run(str(launcher), "decode", "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: pyqmi decode" in result.stdout
