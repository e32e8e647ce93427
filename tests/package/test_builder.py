"""tools/ipk refuses what would make a wrong package, with a named error, before writing."""

from __future__ import annotations

import io
import sys
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))  # tools/ is not an installed package

from tools.ipk import archive, build, makefile, packages  # noqa: E402

MAKEFILE = """\
PKG_NAME:=demo
PKG_VERSION:=1.2
PKG_RELEASE:=3
PKG_LICENSE:=MIT
PKG_MAINTAINER:=A Person <a@example.org>
EXTRA:=+libfoo

define Package/demo
  SECTION:=net
  TITLE:=Demo
  DEPENDS:=+python3-light \\
	$(EXTRA)
  DEPENDS+=+wwan
  PKGARCH:=all
endef

define Package/demo/description
  First line.
  Second line.
endef

define Package/demo/conffiles
/etc/config/demo
endef

define Package/demo/postinst
#!/bin/sh
[ -n "$${IPKG_INSTROOT}" ] || echo "live: $$1"
endef
"""


def test_reads_fields_depends_and_scripts_as_make_would() -> None:
    mk = makefile.parse(MAKEFILE)
    info = mk.package("demo")
    assert mk.version() == "1.2-3"
    assert info.depends == ("python3-light", "libfoo", "wwan")
    assert info.description == ("First line.", "Second line.")
    assert info.scripts["postinst"] == (
        '#!/bin/sh\n[ -n "${IPKG_INSTROOT}" ] || echo "live: $1"\n'
    )  # fmt: skip
    assert info.conffiles == ("/etc/config/demo",)


def test_a_script_with_a_dollar_make_would_expand_is_refused() -> None:
    text = MAKEFILE.replace('echo "live: $$1"', 'echo "live: $1"')
    with pytest.raises(makefile.MakefileError, match="make would expand"):
        makefile.parse(text).package("demo")


def test_a_conffile_the_package_does_not_ship_is_refused() -> None:
    mk = makefile.parse(MAKEFILE)
    content = packages.Content()
    content.tree.add_file("/usr/bin/demo", b"#!/bin/sh\n", 0o755)
    with pytest.raises(archive.ArchiveError, match="conffile /etc/config/demo"):
        build.assemble(mk, "demo", "demo", content, 0)
    content.tree.add_file("/etc/config/demo", b"config demo\n")
    built = build.assemble(mk, "demo", "demo", content, 0)
    members = dict(archive.read_ar(built.blob))
    with tarfile.open(fileobj=io.BytesIO(members["control.tar.gz"])) as control:
        handle = control.extractfile("./conffiles")
        assert handle is not None and handle.read() == b"/etc/config/demo\n"


def test_an_sdist_that_is_not_pkg_hash_is_refused(tmp_path: Path) -> None:
    sdist = tmp_path / "construct-2.10.70.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive_file:
        data = b"print('not construct')\n"
        info = tarfile.TarInfo("construct-2.10.70/construct/__init__.py")
        info.size = len(data)
        archive_file.addfile(info, io.BytesIO(data))
    with pytest.raises(packages.SourceError, match="PKG_HASH"):
        packages.construct_modules(str(sdist), "2.10.70", "0" * 64, 0)


def test_paths_must_be_clean_and_unique() -> None:
    tree = archive.Tree()
    tree.add_file("/usr/bin/x", b"")
    with pytest.raises(archive.ArchiveError, match="twice"):
        tree.add_file("/usr/bin/x", b"")
    for bad in ("usr/bin/y", "/usr//y", "/usr/../etc/y", "/usr/bin/"):
        with pytest.raises(archive.ArchiveError, match="clean absolute path"):
            tree.add_file(bad, b"")
    with pytest.raises(archive.ArchiveError, match="is a file"):
        tree.add_file("/usr/bin/x/z", b"")
