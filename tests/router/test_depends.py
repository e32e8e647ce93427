"""The DEPENDS parser the import guard reads the package Makefile with."""

from __future__ import annotations

import pytest

from router.depends import DependsError, package_names, parse_depends, variable
from router.harness import MAKEFILE

SAMPLE = """\
include $(TOPDIR)/rules.mk
PY_DEPS:=+python3-asyncio +python3-logging
define Package/pyqmi
  SECTION:=net
  TITLE:=pyqmi
  DEPENDS:=+python3-light $(PY_DEPS) \\
	+python3-construct +python3-ubus \\
	@(TARGET_x86 || TARGET_armsr) +USE_GLIBC:libcrypt-compat \\
	+kmod-usb-net wwan
  DEPENDS+=+python3-uci
endef

define Package/pyqmi/description
  DEPENDS:=+python3-urllib
endef

define Package/pyqmi-sim
  DEPENDS:=+pyqmi +python3-urllib @HAS_TUN
endef
"""


def test_reads_select_plain_and_continued_dependencies() -> None:
    depends = parse_depends(SAMPLE, "pyqmi")
    assert depends.packages == (
        "python3-light",
        "python3-asyncio",
        "python3-logging",
        "python3-construct",
        "python3-ubus",
        "kmod-usb-net",
        "wwan",
        "python3-uci",
    )
    assert depends.conditional == {"libcrypt-compat": "USE_GLIBC"}


def test_blocks_are_told_apart_by_their_exact_name() -> None:
    assert parse_depends(SAMPLE, "pyqmi-sim").packages == ("pyqmi", "python3-urllib")
    assert "python3-urllib" not in parse_depends(SAMPLE, "pyqmi").packages
    assert package_names(SAMPLE) == ["pyqmi", "pyqmi-sim"]


def test_a_later_assignment_replaces() -> None:
    text = "define Package/x\n  DEPENDS:=+a +b\n  DEPENDS:=+c\nendef\n"
    assert parse_depends(text, "x").packages == ("c",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("define Package/y\nendef\n", "no 'define Package/x'"),
        ("define Package/x\n  DEPENDS:=+a\n", "no endef"),
        ("define Package/x\n  DEPENDS:=+a $(NOPE)\nendef\n", "$(NOPE)"),
        ("define Package/x\n  DEPENDS:=+a $(call f,b)\nendef\n", "cannot read"),
        ("define Package/x\n  DEPENDS:=+a @(B || C\nendef\n", "unbalanced"),
        ("define Package/x\n  DEPENDS:=+a +b,c\nendef\n", "'+b,c'"),
    ],
)
def test_what_it_cannot_read_is_an_error(text: str, message: str) -> None:
    with pytest.raises(DependsError) as info:
        parse_depends(text, "x")
    assert message in str(info.value)


def test_variables_expand() -> None:
    assert variable(SAMPLE, "PY_DEPS") == "+python3-asyncio +python3-logging"
    assert variable(SAMPLE, "MISSING") is None


def test_the_real_makefile_declares_what_pyqmi_runs_on() -> None:
    depends = parse_depends(MAKEFILE.read_text(), "pyqmi").packages
    for name in ("python3-light", "python3-logging", "python3-construct"):
        assert name in depends
    assert "python3-asyncio" not in depends  # the daemon runs on pyqmi.loop
    assert "python3-asyncio" in parse_depends(MAKEFILE.read_text(), "pyqmi-sim").packages
    for name in ("python3-ubus", "python3-uci", "kmod-usb-net-qmi-wwan", "wwan"):
        assert name in depends
