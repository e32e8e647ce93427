"""The bytes of an ipk: a file tree in memory, its tar.gz, byte-compiled modules, ``ar``.

An ipk is an ``ar`` archive of three members in this order: ``debian-binary`` ("2.0\\n"),
``control.tar.gz`` and ``data.tar.gz``. (OpenWrt's own ipkg-build wraps the same three in a
gzipped tar instead; opkg reads both.) Each tar.gz here is reproducible: entries sorted
depth-first by name from a ``./`` root, GNU format, owner and group 0 with no names (as
``tar --numeric-owner``), one fixed mtime, gzip with neither name nor time (``gzip -n``).

Bytecode is written as the packages feed's ``Python3/CompileAll`` leaves it (``compileall
-b -d /``): ``x.pyc`` beside where ``x.py`` would be, compiled with the installed absolute
path as its file name (tracebacks name the file on the router), no optimisation, a
timestamp header holding the fixed mtime. It is this interpreter's bytecode: it loads only
on the same Python minor version. Reproducible under a fixed PYTHONHASHSEED (frozenset
constants are marshalled in hash order), which the command line sees to.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import marshal
import tarfile
from dataclasses import dataclass

AR_MAGIC = b"!<arch>\n"


class ArchiveError(ValueError):
    """Bytes that are not the archive they claim to be."""


@dataclass(frozen=True)
class Entry:
    data: bytes | None  # None: a directory
    mode: int


class Tree:
    """Absolute paths -> files and directories; parent directories appear by themselves."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}

    def add_file(self, path: str, data: bytes, mode: int = 0o644) -> None:
        path = _clean(path)
        if path in self.entries:
            raise ArchiveError(f"{path} is added twice")
        self._parents(path)
        self.entries[path] = Entry(data, mode)

    def add_dir(self, path: str, mode: int = 0o755) -> None:
        path = _clean(path)
        self._parents(path)
        self.entries.setdefault(path, Entry(None, mode))

    def _parents(self, path: str) -> None:
        parent = path.rpartition("/")[0]
        while parent:
            existing = self.entries.setdefault(parent, Entry(None, 0o755))
            if existing.data is not None:
                raise ArchiveError(f"{parent} is a file, not a directory")
            parent = parent.rpartition("/")[0]

    def files(self) -> dict[str, bytes]:
        return {path: e.data for path, e in self.entries.items() if e.data is not None}

    def size(self) -> int:
        """Bytes of all files."""
        return sum(len(data) for data in self.files().values())


def _clean(path: str) -> str:
    if not path.startswith("/") or "//" in path or path.endswith("/") or "/../" in path + "/":
        raise ArchiveError(f"not a clean absolute path: {path!r}")
    return path


def _ordered(tree: Tree) -> list[str]:
    """Depth-first, each directory's children by name (as ``tar --sort=name``)."""
    children: dict[str, list[str]] = {"": []}
    for path in tree.entries:
        children.setdefault(path, [])
    for path in tree.entries:
        children[path.rpartition("/")[0]].append(path)
    out: list[str] = []

    def walk(directory: str) -> None:
        for child in sorted(children[directory], key=lambda p: p.rpartition("/")[2]):
            out.append(child)
            walk(child)

    walk("")
    return out


def tar_gz(tree: Tree, mtime: int) -> tuple[bytes, int]:
    """The tree as a reproducible tar.gz, and the size of the uncompressed tar."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        tar.addfile(_info(".", Entry(None, 0o755), mtime))
        for path in _ordered(tree):
            entry = tree.entries[path]
            info = _info("." + path, entry, mtime)
            tar.addfile(info, io.BytesIO(entry.data) if entry.data is not None else None)
    data = raw.getvalue()
    return gzip.compress(data, compresslevel=9, mtime=0), len(data)


def _info(name: str, entry: Entry, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mode = entry.mode
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if entry.data is None:
        info.type = tarfile.DIRTYPE
    else:
        info.size = len(entry.data)
    return info


def pyc(source: bytes, installed_path: str, mtime: int) -> bytes:
    """Timestamp bytecode of ``source`` as compileall writes it, named ``installed_path``."""
    code = compile(source, installed_path, "exec", dont_inherit=True, optimize=0)
    header = importlib.util.MAGIC_NUMBER + (0).to_bytes(4, "little")
    header += (mtime & 0xFFFFFFFF).to_bytes(4, "little")
    header += (len(source) & 0xFFFFFFFF).to_bytes(4, "little")
    return header + marshal.dumps(code)


def ar(members: list[tuple[str, bytes]], mtime: int) -> bytes:
    """A System V ``ar`` archive, names space-padded as dpkg-deb writes them."""
    out = bytearray(AR_MAGIC)
    for name, data in members:
        if len(name) > 16 or " " in name or "/" in name:
            raise ArchiveError(f"ar member name {name!r} does not fit")
        header = (
            f"{name:<16}{mtime:<12}{0:<6}{0:<6}{0o100644:<8o}{len(data):<10}".encode("ascii")
            + b"`\n"
        )
        out += header + data
        if len(data) % 2:
            out += b"\n"
    return bytes(out)


def read_ar(blob: bytes) -> list[tuple[str, bytes]]:
    """Members of an ``ar`` archive in order (GNU ``name/`` and dpkg ``name`` alike)."""
    if not blob.startswith(AR_MAGIC):
        raise ArchiveError("not an ar archive (no !<arch> magic)")
    members: list[tuple[str, bytes]] = []
    offset = len(AR_MAGIC)
    while offset < len(blob):
        header = blob[offset : offset + 60]
        if len(header) < 60 or header[58:60] != b"`\n":
            raise ArchiveError(f"bad ar member header at byte {offset}")
        name = header[:16].decode("ascii").rstrip(" ").removesuffix("/")
        size = int(header[48:58].decode("ascii"))
        start = offset + 60
        data = blob[start : start + size]
        if len(data) != size:
            raise ArchiveError(f"ar member {name} is cut short")
        members.append((name, data))
        offset = start + size + (size % 2)
    return members
