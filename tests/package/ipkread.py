"""Take ``make ipk``'s packages apart as opkg would, with this test suite's own ``ar`` reader
and tarfile: members, control fields, maintainer scripts, data entries, a staging root."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "dist/cache"  # construct's sdist, fetched once per machine (git-ignored)
EPOCH = 1_700_000_000  # SOURCE_DATE_EPOCH of the test builds
NAMES = ("pyqmi", "pyqmi-sim", "luci-proto-pyqmi", "python3-construct")


def read_ar(blob: bytes) -> list[tuple[str, bytes]]:
    """This test's own reader of System V / GNU ar."""
    assert blob[:8] == b"!<arch>\n"
    members, at = [], 8
    while at < len(blob):
        head = blob[at : at + 60]
        assert head[58:60] == b"`\n", f"bad member header at {at}"
        size = int(head[48:58])
        members.append((head[:16].decode().strip().rstrip("/"), blob[at + 60 : at + 60 + size]))
        at += 60 + size + size % 2
    return members


@dataclass
class Ipk:
    path: Path
    members: list[tuple[str, bytes]]
    control: dict[str, str]
    scripts: dict[str, tarfile.TarInfo]
    script_text: dict[str, str]
    data: dict[str, tarfile.TarInfo]  # "usr/bin/pyqmi" -> header; "" is the root
    data_tar: bytes
    root: Path  # the package unpacked here


def parse_control(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if line.startswith(" "):
            fields[key] += "\n" + line[1:]
        else:
            key, _, value = line.partition(": ")
            assert key not in fields, f"field {key} twice"
            fields[key] = value
    return fields


def open_tar(blob: bytes) -> dict[str, tuple[tarfile.TarInfo, bytes | None]]:
    out = {}
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as archive:
        for info in archive.getmembers():
            name = "" if info.name in (".", "./") else info.name.removeprefix("./").rstrip("/")
            handle = archive.extractfile(info) if info.isfile() else None
            out[name] = (info, handle.read() if handle else None)
    return out


def unpack(path: Path, root: Path) -> Ipk:
    members = read_ar(path.read_bytes())
    control_tar = open_tar(dict(members)["control.tar.gz"])
    data_tar = open_tar(dict(members)["data.tar.gz"])
    root.mkdir(parents=True)
    for name, (info, content) in sorted(data_tar.items()):
        target = root / name
        if info.isdir():
            target.mkdir(exist_ok=True)
        else:
            assert info.isfile(), f"{name}: only files and directories belong in a package"
            target.write_bytes(content or b"")
        target.chmod(info.mode)
    control_bytes = control_tar["control"][1]
    assert control_bytes is not None
    return Ipk(
        path=path,
        members=members,
        control=parse_control(control_bytes.decode()),
        scripts={n: i for n, (i, _) in control_tar.items() if n not in ("", "control")},
        script_text={n: (c or b"").decode() for n, (_, c) in control_tar.items() if n},
        data={name: info for name, (info, _) in data_tar.items()},
        data_tar=gzip.decompress(dict(members)["data.tar.gz"]),
        root=root,
    )


def build(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tools.ipk", "build", "--out", str(out), "--cache", str(CACHE)],
        cwd=REPO, env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)},
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def unpack_all(dist: Path, staging: Path) -> dict[str, Ipk]:
    found = {}
    for path in sorted(dist.glob("*.ipk")):
        package = path.name.split("_")[0]
        found[package] = unpack(path, staging / package)
    assert set(found) == set(NAMES)
    return found
