"""Assemble the four ipks: control file, maintainer scripts, data, as the SDK would.

Control fields follow OpenWrt's package-ipkg.mk: Package, Version (PKG_VERSION-PKG_RELEASE),
Depends (DEPENDS without "+", comma separated), Source (the Makefile's folder in a feed named
"pyqmi"), SourceName (PKG_NAME), License, LicenseFiles, Section, Maintainer, Architecture,
Installed-Size (bytes of the uncompressed data.tar, as ipkg-build counts them), Description.
In packages that carry bytecode, python3-light is bounded to this interpreter's minor
version (``python3-light (>= 3.11), python3-light (<< 3.12)``, added first where DEPENDS
lacks it): their .pyc load on no other, and opkg then refuses the install instead of the
daemon failing at start. An SDK build compiles with the target's own
Python and needs no such pin.

Every package gets OpenWrt's two-line ``postinst``/``prerm`` that hand over to base-files'
default_postinst/default_prerm; those run the package's own script, which the SDK stores as
``postinst-pkg``/``prerm-pkg``, from the Makefile.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from . import makefile, packages
from .archive import ArchiveError, Tree, ar, tar_gz

PACKAGE_DIR = os.path.join(packages.REPO, "openwrt-package")
FEED = "pyqmi"
PY = f"{sys.version_info.major}.{sys.version_info.minor}"
# The opkg releases that ship each Python (openwrt/packages, lang/python/python3-version.mk).
RELEASES = {"3.10": "OpenWrt 22.03", "3.11": "OpenWrt 23.05 and 24.10"}
BYTECODE_NOTE = f"Built without the SDK (tools/ipk): bytecode for Python {PY} only" + (
    f" ({RELEASES[PY]})." if PY in RELEASES else "."
)

WRAPPER = """#!/bin/sh
# opkg runs this; base-files' default_{0} then runs {0}-pkg, the package's own script.
[ "${{IPKG_NO_SCRIPT}}" = "1" ] && exit 0
[ -s "${{IPKG_INSTROOT}}/lib/functions.sh" ] || exit 0
# shellcheck source=/dev/null # base-files' shell library, only on the router
. "${{IPKG_INSTROOT}}/lib/functions.sh"
default_{0} "$0" "$@"
"""


@dataclass(frozen=True)
class Built:
    name: str
    filename: str
    blob: bytes
    installed_size: int
    file_bytes: int  # bytes of the files shipped
    pyc_bytes: int  # of which bytecode
    source_bytes: int  # bytes of the .py the bytecode was compiled from


def _control(
    mk: makefile.Makefile, info: makefile.PackageInfo, folder: str, size: int, pinned: bool
) -> str:
    depends = list(info.depends)
    if pinned:
        major, minor = sys.version_info.major, sys.version_info.minor
        pin = f"python3-light (>= {PY}), python3-light (<< {major}.{minor + 1})"
        if "python3-light" in depends:
            depends[depends.index("python3-light")] = pin
        else:
            depends.insert(0, pin)
    description = list(info.description) + ([BYTECODE_NOTE] if pinned else [])
    if not description or info.pkgarch != "all" or not info.section:
        raise makefile.MakefileError(
            f"Package/{info.name} needs a description, SECTION and PKGARCH:=all"
        )
    fields = [
        ("Package", info.name),
        ("Version", mk.version()),
        ("Depends", ", ".join(depends)),
        ("Source", f"feeds/{FEED}/{folder}"),
        ("SourceName", mk.var("PKG_NAME")),
        ("License", mk.var("PKG_LICENSE")),
        ("LicenseFiles", mk.variables.get("PKG_LICENSE_FILES", "")),
        ("Section", info.section),
        ("Maintainer", mk.var("PKG_MAINTAINER")),
        ("Architecture", info.pkgarch),
        ("Installed-Size", str(size)),
    ]
    lines = [f"{key}: {value}" for key, value in fields if value]
    lines.append(f"Description: {description[0]}")
    lines.extend(f" {line}" for line in description[1:])
    return "\n".join(lines) + "\n"


def assemble(
    mk: makefile.Makefile, name: str, folder: str, content: packages.Content, mtime: int
) -> Built:
    info = mk.package(name)
    data = content.tree
    for conffile in info.conffiles:
        if conffile not in data.files():
            raise ArchiveError(f"{name} lists conffile {conffile}, which it does not ship")
    data_gz, size = tar_gz(data, mtime)
    pyc_bytes = sum(len(v) for p, v in data.files().items() if p.endswith(".pyc"))
    control = Tree()
    control.add_file("/control", _control(mk, info, folder, size, pyc_bytes > 0).encode())
    control.add_file("/postinst", WRAPPER.format("postinst").encode(), 0o755)
    control.add_file("/prerm", WRAPPER.format("prerm").encode(), 0o755)
    for part, text in info.scripts.items():
        control.add_file(f"/{part}-pkg", text.encode(), 0o755)
    if info.conffiles:
        control.add_file("/conffiles", "".join(f"{c}\n" for c in info.conffiles).encode())
    control_gz, _ = tar_gz(control, mtime)
    members = [
        ("debian-binary", b"2.0\n"),
        ("control.tar.gz", control_gz),
        ("data.tar.gz", data_gz),
    ]
    return Built(
        name=name,
        filename=f"{name}_{mk.version()}_{info.pkgarch}.ipk",
        blob=ar(members, mtime),
        installed_size=size,
        file_bytes=data.size(),
        pyc_bytes=pyc_bytes,
        source_bytes=content.source_bytes,
    )


def build_all(sdist: str, mtime: int) -> list[Built]:
    pyqmi_mk = makefile.read(os.path.join(PACKAGE_DIR, "pyqmi", "Makefile"))
    construct_mk = makefile.read(os.path.join(PACKAGE_DIR, "python-construct", "Makefile"))
    sim_files = pyqmi_mk.var("PYQMI_SIM_FILES").split()
    main = packages.pyqmi_modules(sim_files, mtime, sim=False)
    packages.add_pyqmi_files(main.tree)
    sim = packages.pyqmi_modules(sim_files, mtime, sim=True)
    packages.add_sim_files(sim.tree)
    construct = packages.construct_modules(
        sdist, construct_mk.var("PKG_VERSION"), construct_mk.var("PKG_HASH"), mtime
    )
    return [
        assemble(pyqmi_mk, "pyqmi", "pyqmi", main, mtime),
        assemble(pyqmi_mk, "pyqmi-sim", "pyqmi", sim, mtime),
        assemble(pyqmi_mk, "luci-proto-pyqmi", "pyqmi", packages.luci_files(), mtime),
        assemble(construct_mk, "python3-construct", "python-construct", construct, mtime),
    ]
