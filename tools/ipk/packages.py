"""What each package installs, as the Makefiles' install recipes lay it out.

pyqmi, pyqmi-sim and luci-proto-pyqmi come from this checkout (src/, files/ and the
launchers in openwrt-package/pyqmi/files/); the split between pyqmi and pyqmi-sim is the
Makefile's PYQMI_SIM_FILES. python3-construct comes from construct's PyPI sdist, used only
when its sha256 is the Makefile's PKG_HASH: its ``construct`` package, plus a dist-info
with the sdist's PKG-INFO as METADATA, top_level.txt and LICENSE (the wheel's RECORD,
WHEEL and INSTALLER are left out: they describe .py files the package does not ship).

Every module is shipped as bytecode only (``archive.pyc``), and ``Sources`` keeps each
module's source size, for ``make size``.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tarfile
from dataclasses import dataclass, field

from .archive import Tree, pyc

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE = f"/usr/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages"


class SourceError(RuntimeError):
    """A source the packages are built from is missing or not the one the Makefile names."""


@dataclass
class Content:
    tree: Tree = field(default_factory=Tree)
    source_bytes: int = 0  # bytes of the .py files the .pyc were compiled from


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _modules(root: str) -> list[str]:
    """Paths of the .py files under ``root``, relative to it, sorted."""
    found = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in files:
            if name.endswith(".py"):
                found.append(os.path.relpath(os.path.join(directory, name), root))
    return sorted(found)


def _in_sim(relative: str, sim_files: list[str]) -> bool:
    return any(relative == entry or relative.startswith(entry + "/") for entry in sim_files)


def _add_module(content: Content, installed: str, source: bytes, mtime: int) -> None:
    content.tree.add_file(installed + "c", pyc(source, installed, mtime))
    content.source_bytes += len(source)


def pyqmi_modules(sim_files: list[str], mtime: int, *, sim: bool) -> Content:
    """The pyqmi package's modules (``sim=False``) or pyqmi-sim's (``sim=True``)."""
    src = os.path.join(REPO, "src", "pyqmi")
    content = Content()
    for entry in sim_files:
        if not os.path.exists(os.path.join(src, entry)):
            raise SourceError(f"PYQMI_SIM_FILES names {entry}, which src/pyqmi lacks")
    for relative in _modules(src):
        if _in_sim(relative, sim_files) == sim:
            installed = f"{SITE}/pyqmi/{relative}"
            _add_module(content, installed, _read(os.path.join(src, relative)), mtime)
    return content


def add_pyqmi_files(tree: Tree) -> None:
    launchers = os.path.join(REPO, "openwrt-package", "pyqmi", "files")
    files = os.path.join(REPO, "files")
    tree.add_file("/usr/bin/pyqmi", _read(os.path.join(launchers, "pyqmi")), 0o755)
    shim = "lib/netifd/proto/pyqmi.sh"
    tree.add_file("/" + shim, _read(os.path.join(files, shim)), 0o755)
    hotplug = _read(os.path.join(files, "etc/hotplug.d/usbmisc/30-pyqmi"))
    tree.add_file("/etc/hotplug.d/usbmisc/30-pyqmi", hotplug, 0o644)
    tree.add_file("/etc/hotplug.d/wwan/30-pyqmi", hotplug, 0o644)


def add_sim_files(tree: Tree) -> None:
    launcher = os.path.join(REPO, "openwrt-package", "pyqmi", "files", "pyqmi-sim")
    tree.add_file("/usr/bin/pyqmi-sim", _read(launcher), 0o755)


def luci_files() -> Content:
    content = Content()
    for name in (
        "www/luci-static/resources/protocol/pyqmi.js",
        "www/luci-static/resources/pyqmi/schema.js",
        "www/luci-static/resources/pyqmi/status.js",
        "www/luci-static/resources/view/status/pyqmi.js",
        "usr/share/luci/menu.d/luci-proto-pyqmi.json",
        "usr/share/rpcd/acl.d/luci-proto-pyqmi.json",
    ):
        content.tree.add_file("/" + name, _read(os.path.join(REPO, "files", name)), 0o644)
    return content


def sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def construct_modules(sdist: str, version: str, pkg_hash: str, mtime: int) -> Content:
    """python3-construct from its sdist, refused unless the sdist's sha256 is PKG_HASH."""
    actual = sha256(sdist)
    if actual != pkg_hash:
        raise SourceError(f"{sdist}: sha256 {actual}, but the Makefile's PKG_HASH is {pkg_hash}")
    top = f"construct-{version}/"
    content = Content()
    with tarfile.open(sdist, "r:gz") as archive:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}

        def member(name: str) -> bytes:
            found = members.get(top + name)
            extracted = archive.extractfile(found) if found is not None else None
            if extracted is None:
                raise SourceError(f"{sdist} has no {top}{name}")
            return extracted.read()

        for name in sorted(members):
            relative = name.removeprefix(top)
            if relative.startswith("construct/") and relative.endswith(".py"):
                _add_module(content, f"{SITE}/{relative}", member(relative), mtime)
        info = f"{SITE}/construct-{version}.dist-info"
        content.tree.add_file(f"{info}/METADATA", member("PKG-INFO"))
        content.tree.add_file(f"{info}/top_level.txt", b"construct\n")
        content.tree.add_file(f"{info}/LICENSE", member("LICENSE"))
    if not any(path.endswith("/construct/__init__.pyc") for path in content.tree.files()):
        raise SourceError(f"{sdist} holds no construct package")
    return content


def unpack(blob: bytes) -> dict[str, tuple[tarfile.TarInfo, bytes | None]]:
    """A tar.gz's entries by name: (header, file bytes or None)."""
    out: dict[str, tuple[tarfile.TarInfo, bytes | None]] = {}
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as archive:
        for info in archive.getmembers():
            extracted = archive.extractfile(info) if info.isfile() else None
            out[info.name] = (info, extracted.read() if extracted is not None else None)
    return out
