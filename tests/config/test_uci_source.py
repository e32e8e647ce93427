"""The pyuci adapter: sections as UCI has them, every failure a named, actionable error."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest

from pyqmi.config.errors import CONFIG_INVALID
from pyqmi.config.uci_source import Section, UciReadError, UciSource

from .uci_standin import StandinUci, UciException, UciExceptionNotFound, parse

NETWORK = """\
# /etc/config/network, as a router has it
config interface 'loopback'
\toption device 'lo'
\toption proto 'static'

config interface '4G'
\toption proto 'pyqmi'
\toption device '/dev/cdc-wdm0'
\toption apn "internet"
\toption pincode '1234'
\tlist modes 'lte'
\tlist modes 'umts'
\toption auto 0

config device 'wan_dev'
\toption name 'eth1'
"""


def confdir(tmp_path: Path, text: str = NETWORK) -> str:
    (tmp_path / "network").write_text(text)
    return str(tmp_path)


def test_reads_a_section_with_its_type_options_and_lists(tmp_path: Path) -> None:
    module = StandinUci()
    section = UciSource(confdir(tmp_path), module=module).read_section("4G")
    assert section == Section(
        "4G",
        "interface",
        {"proto": "pyqmi", "device": "/dev/cdc-wdm0", "apn": "internet", "pincode": "1234",
         "modes": ["lte", "umts"], "auto": "0"},
    )  # fmt: skip
    assert section.proto == "pyqmi"
    assert module.cursors == [{"savedir": None, "confdir": str(tmp_path)}]


def test_section_repr_shows_no_value(tmp_path: Path) -> None:
    section = UciSource(confdir(tmp_path), module=StandinUci()).read_section("4G")
    assert section is not None
    assert "1234" not in repr(section) and "internet" not in repr(section)


def test_other_section_types_are_returned_as_they_are(tmp_path: Path) -> None:
    section = UciSource(confdir(tmp_path), module=StandinUci()).read_section("wan_dev")
    assert section is not None and section.type == "device" and section.proto == ""


def test_a_missing_section_is_none(tmp_path: Path) -> None:
    assert UciSource(confdir(tmp_path), module=StandinUci()).read_section("dyn0") is None


def test_default_cursor_is_pyuci_default(tmp_path: Path) -> None:
    module = StandinUci()
    source = UciSource(module=module)
    assert source.path == "/etc/config/network"
    with contextlib.suppress(UciReadError):  # this machine may have no /etc/config/network
        source.read_section("4G")
    assert module.cursors == [{"savedir": None, "confdir": None}]


def test_a_missing_file_is_a_permanent_named_error(tmp_path: Path) -> None:
    source = UciSource(str(tmp_path), module=StandinUci())
    with pytest.raises(UciReadError) as caught:
        source.read_section("4G")
    error = caught.value
    assert (error.code, error.permanent) == (CONFIG_INVALID, True)
    assert f"{tmp_path}/network" in error.message
    assert f"uci -c {tmp_path} show network" in error.message


BROKEN = NETWORK + "config interface 'x'\n\tbogus line here\n"


def test_a_parse_error_is_a_permanent_named_error(tmp_path: Path) -> None:
    source = UciSource(confdir(tmp_path, BROKEN), module=StandinUci())
    with pytest.raises(UciReadError) as caught:
        source.read_section("4G")
    assert caught.value.permanent
    assert f"UCI cannot parse {tmp_path}/network" in caught.value.message


@pytest.mark.parametrize("name", ["4G", "dyn0"])
def test_older_pyuci_parse_error_is_not_taken_for_a_missing_section(
    tmp_path: Path, name: str
) -> None:
    # pyuci before 0.10.3 raises UciExceptionNotFound for a file it cannot parse.
    module = StandinUci(legacy=True)
    assert not hasattr(module, "UciExceptionInvalidInput")
    source = UciSource(confdir(tmp_path, BROKEN), module=module)
    with pytest.raises(UciReadError) as caught:
        source.read_section(name)
    assert "missing or UCI cannot parse it" in caught.value.message


def test_older_pyuci_reads_a_good_file(tmp_path: Path) -> None:
    source = UciSource(confdir(tmp_path), module=StandinUci(legacy=True))
    section = source.read_section("4G")
    assert section is not None and section.options["modes"] == ["lte", "umts"]
    assert source.read_section("dyn0") is None


@pytest.mark.parametrize(
    ("failure", "shown"),
    [
        (UciException(), "UciException"),
        (UciException("I/O error"), "UciException: I/O error"),
        (RuntimeError("boom"), "pyuci failed (RuntimeError: boom)"),
    ],
)
def test_a_uci_failure_during_the_read_is_a_named_transient_error(
    tmp_path: Path, failure: BaseException, shown: str
) -> None:
    source = UciSource(confdir(tmp_path), module=StandinUci(fail=failure))
    with pytest.raises(UciReadError) as caught:
        source.read_section("4G")
    assert caught.value.code == CONFIG_INVALID and not caught.value.permanent
    assert shown in caught.value.message


def test_missing_binding_is_a_permanent_named_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "uci", None)  # import uci -> ImportError
    with pytest.raises(UciReadError) as caught:
        UciSource(confdir(tmp_path)).read_section("4G")
    assert caught.value.permanent
    assert "python3-uci" in caught.value.message and "install" in caught.value.message


def test_the_binding_is_imported_when_a_section_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = StandinUci()
    monkeypatch.setitem(sys.modules, "uci", module)
    section = UciSource(confdir(tmp_path)).read_section("4G")
    assert section is not None and section.type == "interface"
    assert len(module.cursors) == 1


def test_the_daemon_imports_no_binding_until_it_reads() -> None:
    code = "import sys, pyqmi.daemon.cli; assert 'uci' not in sys.modules"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


def test_standin_parser_follows_uci_lists_and_anonymous_sections() -> None:
    sections = parse("config foo\n\tlist a '1'\n\tlist a \"2\"\nconfig foo 'n'\n\toption b x\n")
    assert sections == {"cfg01": ("foo", {"a": ("1", "2")}), "n": ("foo", {"b": "x"})}
    with pytest.raises(ValueError):
        parse("option a b\n")  # an option outside a section
    assert issubclass(UciExceptionNotFound, UciException)
