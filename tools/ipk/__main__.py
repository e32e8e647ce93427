"""``python -m tools.ipk build|size [--out DIR] [--cache DIR]`` (``make ipk``, ``make size``).

``build`` writes pyqmi, pyqmi-sim, luci-proto-pyqmi and python3-construct ipks into DIR
(default dist/). construct's sdist is taken from the cache folder (default dist/cache/), or
fetched there from PyPI with pip, and used only if its sha256 is the Makefile's PKG_HASH.
``size`` builds the same and prints each package's installed size.

The builder runs under PYTHONHASHSEED=0 (it re-executes itself if needed), and every
timestamp is SOURCE_DATE_EPOCH, else the time of the checkout's last commit, else 0: the
same checkout gives the same bytes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

from . import makefile, packages
from .archive import ArchiveError
from .build import PACKAGE_DIR, Built, build_all

DIST = os.path.join(packages.REPO, "dist")


class BuildError(RuntimeError):
    """The packages cannot be built as asked."""


def source_date_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        return int(value)
    try:
        result = subprocess.run(
            ["git", "-C", packages.REPO, "log", "-1", "--format=%ct"],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    except OSError:
        return 0
    return int(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else 0


def construct_sdist(cache: str) -> str:
    """The verified sdist of the construct version python-construct/Makefile names."""
    mk = makefile.read(os.path.join(PACKAGE_DIR, "python-construct", "Makefile"))
    version, pkg_hash = mk.var("PKG_VERSION"), mk.var("PKG_HASH")
    path = os.path.join(cache, f"{mk.var('PYPI_NAME')}-{version}.tar.gz")
    if not (os.path.exists(path) and packages.sha256(path) == pkg_hash):
        os.makedirs(cache, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             ":all:", "--dest", cache, f"{mk.var('PYPI_NAME')}=={version}"],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        if result.returncode != 0 or not os.path.exists(path):
            raise BuildError(
                f"could not fetch construct {version}'s sdist with pip: {result.stderr.strip()}"
            )
    return path


def write(built: list[Built], out: str) -> None:
    os.makedirs(out, exist_ok=True)
    for package in built:
        temporary = os.path.join(out, package.filename + ".tmp")
        with open(temporary, "wb") as handle:
            handle.write(package.blob)
        os.replace(temporary, os.path.join(out, package.filename))
        print(f"{os.path.join(out, package.filename)}: {len(package.blob)} bytes")


SIZE_NOTES = """\
bytes. ipk: the download. Installed-Size: the control field (the uncompressed data.tar, as
OpenWrt's ipkg-build counts it). files: the installed files as shipped (modules as .pyc
only). files+.py: with each module's .py beside its .pyc (what a -src package would add).
.py instead: had the modules been shipped as .py sources, without bytecode."""


def size_table(built: list[Built]) -> str:
    header = ("package", "ipk", "Installed-Size", "files", "files+.py", ".py instead")
    rows: list[tuple[str, ...]] = [header]
    for p in built:
        with_sources = p.file_bytes + p.source_bytes
        sources_only = p.file_bytes - p.pyc_bytes + p.source_bytes
        numbers = (len(p.blob), p.installed_size, p.file_bytes, with_sources, sources_only)
        rows.append((p.name, *(str(n) for n in numbers)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
    return "\n".join([*lines, SIZE_NOTES])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.ipk",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=("build", "size"))
    parser.add_argument("--out", default=DIST, help="where the ipks go (default: dist/)")
    parser.add_argument(
        "--cache",
        default=os.path.join(DIST, "cache"),
        help="where construct's sdist is kept (default: dist/cache/)",
    )
    args = parser.parse_args(argv)
    try:
        built = build_all(construct_sdist(args.cache), source_date_epoch())
    except (BuildError, ArchiveError, makefile.MakefileError, packages.SourceError,
            OSError, SyntaxError) as exc:  # fmt: skip
        print(f"ipk: {exc}", file=sys.stderr)
        return 1
    write(built, args.out)
    if args.command == "size":
        print(size_table(built))
    return 0


def _reexec_with_fixed_hash_seed() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":
        path = os.pathsep.join(p for p in (packages.REPO, os.environ.get("PYTHONPATH")) if p)
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=path)
        os.execve(sys.executable, [sys.executable, "-m", "tools.ipk", *sys.argv[1:]], env)


if __name__ == "__main__":
    _reexec_with_fixed_hash_seed()
    sys.exit(main())
