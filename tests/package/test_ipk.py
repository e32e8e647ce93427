"""``make ipk``'s packages, unpacked as opkg would: every file, mode, owner and control field.

The builder runs for real (``python -m tools.ipk build``, what ``make ipk`` runs) into a
temporary folder (conftest.py). Each ipk is taken apart with the suite's own ``ar`` reader
and tarfile (ipkread.py) into a staging root per package. What is expected is read from the
Makefiles, the checkout and construct's sdist, independently of the builder (DEPENDS through
tests/router's parser), and cross-checked against the Makefiles' own install recipes run
through the stand-in build root (tests/files/fakewrt). Then the staged pyqmi runs with
nothing of the checkout, the venv or pyqmi-sim on its path.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import types
from pathlib import Path

import pytest

from package.ipkread import CACHE, EPOCH, Ipk, build
from router.depends import parse_depends

REPO = Path(__file__).resolve().parents[2]
PYQMI_MK = REPO / "openwrt-package/pyqmi/Makefile"
CONSTRUCT_MK = REPO / "openwrt-package/python-construct/Makefile"
FAKEWRT = REPO / "tests/files/fakewrt"
PY = f"{sys.version_info.major}.{sys.version_info.minor}"
SITE = f"usr/lib/python{PY}/site-packages"
PIN = f"python3-light (>= {PY}), python3-light (<< {sys.version_info.major}." + (
    f"{sys.version_info.minor + 1})"
)
EXECUTABLE = {"usr/bin/pyqmi", "usr/bin/pyqmi-sim", "lib/netifd/proto/pyqmi.sh"}


def var(path: Path, name: str) -> str:
    match = re.search(rf"^{name}:=(.*)$", path.read_text(), re.M)
    assert match, f"{path} sets no {name}"
    return match.group(1).strip()


def sim_files() -> list[str]:
    text = PYQMI_MK.read_text().replace("\\\n", " ")
    match = re.search(r"^PYQMI_SIM_FILES:=(.*)$", text, re.M)
    assert match
    return match.group(1).split()


def test_file_names_carry_version_and_architecture(ipks: dict[str, Ipk]) -> None:
    version = f"{var(PYQMI_MK, 'PKG_VERSION')}-{var(PYQMI_MK, 'PKG_RELEASE')}"
    construct = f"{var(CONSTRUCT_MK, 'PKG_VERSION')}-{var(CONSTRUCT_MK, 'PKG_RELEASE')}"
    assert var(PYQMI_MK, "PKG_VERSION") == re.findall(
        r'^version = "(.*)"', (REPO / "pyproject.toml").read_text(), re.M
    )[0]  # fmt: skip
    for name, ipk in ipks.items():
        expected = construct if name == "python3-construct" else version
        assert ipk.path.name == f"{name}_{expected}_all.ipk"
        assert ipk.control["Version"] == expected


def test_ar_holds_the_three_members_in_order(ipks: dict[str, Ipk]) -> None:
    for ipk in ipks.values():
        assert [name for name, _ in ipk.members] == [
            "debian-binary", "control.tar.gz", "data.tar.gz"]  # fmt: skip
        assert ipk.members[0][1] == b"2.0\n"


def expected_depends(name: str, has_bytecode: bool) -> str:
    makefile = CONSTRUCT_MK if name == "python3-construct" else PYQMI_MK
    depends = list(parse_depends(makefile.read_text(), name).packages)
    if has_bytecode:  # bytecode of this Python: the router's must be the same minor version
        if "python3-light" in depends:
            depends[depends.index("python3-light")] = PIN
        else:
            depends.insert(0, PIN)
    return ", ".join(depends)


def test_control_fields(ipks: dict[str, Ipk]) -> None:
    for name, ipk in ipks.items():
        makefile = CONSTRUCT_MK if name == "python3-construct" else PYQMI_MK
        c = ipk.control
        has_bytecode = any(n.endswith(".pyc") for n in ipk.data)
        assert c["Package"] == name
        assert c["Depends"] == expected_depends(name, has_bytecode)
        assert c["Architecture"] == "all"
        assert c["Installed-Size"] == str(len(ipk.data_tar))
        assert c["Maintainer"] == var(makefile, "PKG_MAINTAINER")
        assert re.fullmatch(r"[^<>]+ <[^@\s]+@[^@\s]+>", c["Maintainer"])
        assert c["License"] == var(makefile, "PKG_LICENSE")
        assert c["LicenseFiles"] == "LICENSE"
        assert c["SourceName"] == var(makefile, "PKG_NAME")
        assert c["Source"] == f"feeds/pyqmi/{makefile.parent.name}"
        assert c["Section"] == ("luci" if name.startswith("luci") else
                                "lang" if name == "python3-construct" else "net")  # fmt: skip
        assert len(c["Description"].splitlines()) >= 2
        assert ("bytecode for Python " + PY in c["Description"]) == has_bytecode
    depends = ipks["pyqmi"].control["Depends"].split(", ")  # router-python may add to it
    assert depends[:2] == PIN.split(", ")
    runtime = {"python3-logging", "python3-construct", "python3-ubus",  # no asyncio: pyqmi.loop
               "python3-uci", "kmod-usb-net", "kmod-usb-net-qmi-wwan", "wwan"}  # fmt: skip
    assert runtime <= set(depends)
    assert ipks["pyqmi-sim"].control["Depends"] == f"{PIN}, pyqmi, python3-asyncio"  # the sim's
    assert ipks["luci-proto-pyqmi"].control["Depends"] == "pyqmi, luci-base"
    assert ipks["python3-construct"].control["Depends"] == PIN


def test_owners_modes_and_times(ipks: dict[str, Ipk]) -> None:
    for ipk in ipks.values():
        for tar in (ipk.data, ipk.scripts):
            for name, info in tar.items():
                assert (info.uid, info.gid, info.uname, info.gname) == (0, 0, "", ""), name
                assert info.mtime == EPOCH, name
        for name, info in ipk.data.items():
            want = 0o755 if info.isdir() or name in EXECUTABLE else 0o644
            assert info.mode == want, f"{ipk.path.name}: {name} has mode {info.mode:o}"
            assert stat.S_IMODE((ipk.root / name).stat().st_mode) == want


def modules(
    root: Path, exclude: list[str] | None = None, only: list[str] | None = None
) -> set[str]:
    found = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "__pycache__" in relative:
            continue
        inside = any(relative == e or relative.startswith(e + "/") for e in (exclude or only or []))
        if (exclude is not None and not inside) or (only is not None and inside):
            found.add(relative + "c")
    return found


def files_of(ipk: Ipk) -> set[str]:
    return {name for name, info in ipk.data.items() if info.isfile()}


def test_each_package_ships_exactly_its_files(ipks: dict[str, Ipk]) -> None:
    src = REPO / "src/pyqmi"
    sim = sim_files()
    assert files_of(ipks["pyqmi"]) == {f"{SITE}/pyqmi/{m}" for m in modules(src, exclude=sim)} | {
        "usr/bin/pyqmi", "lib/netifd/proto/pyqmi.sh", "etc/hotplug.d/usbmisc/30-pyqmi",
        "etc/hotplug.d/wwan/30-pyqmi"}  # fmt: skip
    assert files_of(ipks["pyqmi-sim"]) == {f"{SITE}/pyqmi/{m}" for m in modules(src, only=sim)} | {
        "usr/bin/pyqmi-sim"}  # fmt: skip
    assert files_of(ipks["luci-proto-pyqmi"]) == {
        "www/luci-static/resources/protocol/pyqmi.js",
        "www/luci-static/resources/pyqmi/schema.js",
        "www/luci-static/resources/pyqmi/status.js",
        "www/luci-static/resources/view/status/pyqmi.js",
        "usr/share/luci/menu.d/luci-proto-pyqmi.json",
        "usr/share/rpcd/acl.d/luci-proto-pyqmi.json"}  # fmt: skip
    version = var(CONSTRUCT_MK, "PKG_VERSION")
    with tarfile.open(CACHE / f"construct-{version}.tar.gz") as sdist:
        sources = {m.name.split("/", 1)[1] for m in sdist.getmembers() if m.isfile()}
    assert files_of(ipks["python3-construct"]) == {
        f"{SITE}/{s}c" for s in sources if s.startswith("construct/") and s.endswith(".py")
    } | {f"{SITE}/construct-{version}.dist-info/{n}" for n in ("METADATA", "top_level.txt",
                                                               "LICENSE")}  # fmt: skip
    for name in ("usr/bin/pyqmi", "lib/netifd/proto/pyqmi.sh", "etc/hotplug.d/wwan/30-pyqmi"):
        source = {"usr/bin/pyqmi": REPO / "openwrt-package/pyqmi/files/pyqmi",
                  "etc/hotplug.d/wwan/30-pyqmi": REPO / "files/etc/hotplug.d/usbmisc/30-pyqmi",
                  }.get(name, REPO / "files" / name)  # fmt: skip
        assert (ipks["pyqmi"].root / name).read_bytes() == source.read_bytes()


def test_simulator_is_only_in_pyqmi_sim(ipks: dict[str, Ipk]) -> None:
    assert not any("/pyqmi/sim/" in name for name in ipks["pyqmi"].data)
    assert f"{SITE}/pyqmi/sim/__init__.pyc" in ipks["pyqmi-sim"].data
    assert f"{SITE}/pyqmi/sim/__main__.pyc" in ipks["pyqmi-sim"].data
    assert not set(files_of(ipks["pyqmi"])) & set(files_of(ipks["pyqmi-sim"]))


def code_of(path: Path) -> types.CodeType:
    blob = path.read_bytes()
    assert blob[:4] == importlib.util.MAGIC_NUMBER, f"{path}: not bytecode of this Python"
    code = marshal.loads(blob[16:])
    assert isinstance(code, types.CodeType)
    return code


def test_bytecode_only_named_by_installed_path(ipks: dict[str, Ipk]) -> None:
    for ipk in ipks.values():
        assert not [n for n in ipk.data if n.endswith(".py") or "__pycache__" in n]
        for name in ipk.data:
            if name.endswith(".pyc"):
                assert code_of(ipk.root / name).co_filename == "/" + name[:-1]


def test_same_tree_as_the_makefile_install_recipes(ipks: dict[str, Ipk], tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("needs GNU make for the Makefile's install recipes")
    packages = ("pyqmi", "pyqmi-sim", "luci-proto-pyqmi")
    result = subprocess.run(
        ["make", "-s", "-C", str(PYQMI_MK.parent), f"TOPDIR={FAKEWRT}",
         f"BUILD_DIR={tmp_path / 'build'}", f"ROOT={tmp_path / 'root'}",
         f"HOST_PYTHON3_BIN={sys.executable}", *(f"install-{p}" for p in packages)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for package in packages:
        made = tmp_path / "root" / package
        tree = {p.relative_to(made).as_posix(): p for p in made.rglob("*")}
        ipk = ipks[package]
        assert set(tree) == set(ipk.data) - {""}, package
        for name, path in tree.items():
            assert stat.S_IMODE(path.stat().st_mode) == ipk.data[name].mode, name
            if name.endswith(".pyc"):
                assert code_of(path) == code_of(ipk.root / name), name
                assert code_of(path).co_filename == code_of(ipk.root / name).co_filename
            elif path.is_file():
                assert path.read_bytes() == (ipk.root / name).read_bytes(), name


def test_reproducible(dist: Path, tmp_path: Path) -> None:
    build(tmp_path)
    for path in dist.glob("*.ipk"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def run_staged(paths: list[Path], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """This interpreter without site-packages (-S): only the staged trees and the stdlib."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "PYTHONPATH": os.pathsep.join(str(p) for p in paths)}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-S", *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_pyqmi_alone_runs_without_the_simulator(ipks: dict[str, Ipk], tmp_path: Path) -> None:
    site = [ipks["pyqmi"].root / SITE, ipks["python3-construct"].root / SITE]
    probe = (
        "import sys, pyqmi, construct, pyqmi.daemon.cli, pyqmi.cli.main, pyqmi.cli.status,"
        " pyqmi.cli.decode\n"
        "print(pyqmi.__file__); print(construct.__file__)\n"
        "print(sorted(m for m in sys.modules if m.startswith('pyqmi.sim')"
        " or m.startswith('pyqmi.cli.demo')))\n"
    )
    result = run_staged(site, "-c", probe, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pyqmi_file, construct_file, sim = result.stdout.splitlines()
    assert pyqmi_file == str(site[0] / "pyqmi/__init__.pyc")
    assert construct_file == str(site[1] / "construct/__init__.pyc")
    assert sim == "[]"
    launcher = ipks["pyqmi"].root / "usr/bin/pyqmi"
    result = run_staged(site, str(launcher), "daemon", "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "--interface" in result.stdout
    result = run_staged(site, str(launcher), "demo", cwd=tmp_path)
    assert result.returncode == 2
    assert "opkg install pyqmi-sim" in result.stderr
    result = run_staged(site, "-m", "pyqmi.sim", "--help", cwd=tmp_path)
    assert result.returncode != 0
    assert "No module named pyqmi.sim" in result.stderr


def test_pyqmi_sim_runs_beside_pyqmi(ipks: dict[str, Ipk], tmp_path: Path) -> None:
    root = tmp_path / "root"
    for name in ("pyqmi", "pyqmi-sim", "python3-construct"):
        shutil.copytree(ipks[name].root, root, dirs_exist_ok=True)
    result = run_staged([root / SITE], str(root / "usr/bin/pyqmi-sim"), "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: pyqmi-sim")
    result = run_staged([root / SITE], "-c", "import pyqmi.cli.demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_no_package_lists_conffiles(ipks: dict[str, Ipk]) -> None:
    # Nothing shipped is configuration: the interfaces live in /etc/config/network.
    for ipk in ipks.values():
        assert "conffiles" not in ipk.scripts
        assert not any(name.startswith("etc/config") for name in ipk.data)


def test_maintainer_scripts_present_and_executable(ipks: dict[str, Ipk]) -> None:
    own = {"pyqmi": {"postinst-pkg", "prerm-pkg"}, "luci-proto-pyqmi": {"postinst-pkg"}}
    for name, ipk in ipks.items():
        assert set(ipk.scripts) - {""} == {"postinst", "prerm"} | own.get(name, set()), name
        for script, info in ipk.scripts.items():
            if script:
                assert info.mode == 0o755, f"{name}: {script}"
                assert ipk.script_text[script].startswith("#!/bin/sh\n")
        assert "default_postinst" in ipk.script_text["postinst"]
        assert "default_prerm" in ipk.script_text["prerm"]
    assert "get_proto_handlers" in ipks["pyqmi"].script_text["postinst-pkg"]
    assert "/etc/init.d/rpcd reload" in ipks["luci-proto-pyqmi"].script_text["postinst-pkg"]


def all_scripts(ipks: dict[str, Ipk], tmp_path: Path) -> list[Path]:
    out = []
    for name, ipk in ipks.items():
        for script, text in ipk.script_text.items():
            if script != "control" and text:
                path = tmp_path / f"{name}.{script}"
                path.write_text(text)
                out.append(path)
    return out


def test_scripts_parse_under_sh(ipks: dict[str, Ipk], tmp_path: Path) -> None:
    for path in all_scripts(ipks, tmp_path):
        result = subprocess.run(["sh", "-n", str(path)], capture_output=True, text=True,
                                timeout=30, check=False)  # fmt: skip
        assert result.returncode == 0, f"{path.name}: {result.stderr}"


def test_scripts_shellcheck_clean(ipks: dict[str, Ipk], tmp_path: Path) -> None:
    if shutil.which("shellcheck") is None:
        pytest.skip("needs shellcheck (make sysdeps installs it)")
    paths = [str(p) for p in all_scripts(ipks, tmp_path)]
    result = subprocess.run(["shellcheck", "-s", "sh", *paths], capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout
