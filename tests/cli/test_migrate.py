"""``pyqmi migrate`` through the uci stand-in: the dry run changes nothing, --apply then --revert
gives back the file byte for byte, every option survives, unknown ones are reported."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import pytest

from config.uci_standin import StandinUci, parse
from pyqmi.cli import migrate
from pyqmi.cli.doctor_facts import Section
from pyqmi.cli.main import main
from pyqmi.cli.migrate_plan import MEANING, REFUSED, UNKNOWN, plan_section

# Comments, double quotes, a bare word, a list, anonymous sections, secrets: all that libuci's
# commit rewrites, so that only a kept copy can give the bytes back.
NETWORK = """# /etc/config/network, by hand
config interface 'loopback'
\toption device 'lo'
\toption proto 'static'
\toption ipaddr '127.0.0.1'

config globals
\toption ula_prefix "fd12:3456::/48"

config interface "4G"
\toption proto qmi    # the modem
\toption device '/dev/cdc-wdm0'
\toption apn 'internet'
\toption pincode '4321'
\toption username 'user'
\toption password "s3cret-pw"
\toption pdptype 'ipv4'
\toption modes 'lte,umts'
\toption metric '10'
\toption zone_hint 'wan'
\tlist dns '9.9.9.9'
\tlist dns '1.1.1.1'

config interface 'lte2'
\toption proto 'qmi'
\toption device '/dev/cdc-wdm1'
\toption dhcp '0'
\toption pdptype 'ipv5'
"""


@pytest.fixture(autouse=True)
def standin_uci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uci", StandinUci())


@pytest.fixture
def confdir(tmp_path: Path) -> Path:
    config = tmp_path / "etc" / "config"
    config.mkdir(parents=True)
    (config / "network").write_text(NETWORK)
    return config


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    migrate.add_arguments(parser)
    status = migrate.run(parser.parse_args(list(args)))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_dry_run_prints_the_diff_and_changes_nothing(
    confdir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    network = confdir / "network"
    before = network.read_bytes(), network.stat().st_mtime_ns
    status, out, _ = run(capsys, "--uci-confdir", str(confdir))
    assert status == 0
    assert "-\toption proto qmi    # the modem" in out
    assert "+\toption proto 'pyqmi'" in out
    assert "dry run: nothing changed" in out
    assert (network.read_bytes(), network.stat().st_mtime_ns) == before
    assert not (tmp_path / "etc" / "pyqmi").exists()  # no backup
    assert not [p for p in os.listdir(os.environ.get("TMPDIR") or "/tmp") if
                p == f"pyqmi-migrate-{os.getpid()}"]  # fmt: skip


def test_apply_then_revert_restores_the_file_byte_for_byte(
    confdir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    network = confdir / "network"
    original = network.read_bytes()
    status, out, _ = run(capsys, "--uci-confdir", str(confdir), "--apply")
    assert status == 0, out
    applied = network.read_bytes()
    assert applied != original
    sections = parse(applied.decode())
    assert sections["4G"][1]["proto"] == "pyqmi" and sections["lte2"][1]["proto"] == "pyqmi"
    assert sections["loopback"][1]["proto"] == "static"
    before = parse(original.decode())
    for name in ("4G", "lte2"):  # every option kept, only proto changed
        expected = dict(before[name][1], proto="pyqmi")
        assert sections[name][1] == expected
    backup = tmp_path / "etc" / "pyqmi" / "network.before-migrate"
    assert backup.read_bytes() == original
    assert backup.stat().st_mode & 0o777 == 0o600  # it holds the PIN and password
    status, out, _ = run(capsys, "--uci-confdir", str(confdir), "--revert")
    assert status == 0
    assert network.read_bytes() == original
    assert not backup.exists()


def test_revert_refuses_when_the_file_was_edited_since(
    confdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--uci-confdir", str(confdir), "--apply")
    network = confdir / "network"
    edited = network.read_bytes() + b"\nconfig interface 'new'\n\toption proto 'dhcp'\n"
    network.write_bytes(edited)
    status, _, err = run(capsys, "--uci-confdir", str(confdir), "--revert")
    assert status == 2 and "changed after the migration" in err and "cp " in err
    assert network.read_bytes() == edited


def test_apply_twice_is_refused(confdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--uci-confdir", str(confdir), "--apply")
    applied = (confdir / "network").read_bytes()
    status, _, err = run(capsys, "--uci-confdir", str(confdir), "--apply")
    # the sections are pyqmi now: nothing to migrate, and the file is left alone
    assert status == 0 and (confdir / "network").read_bytes() == applied
    assert err == ""


def test_secrets_never_printed(confdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in ((), ("--json",), ("--apply",), ("--revert",)):
        _, out, err = run(capsys, "--uci-confdir", str(confdir), *args)
        assert "4321" not in out + err and "s3cret-pw" not in out + err


def test_notes_point_out_meaning_changes_and_unknown_options(
    confdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "--uci-confdir", str(confdir), "--json")
    assert status == 0
    data = json.loads(out)
    notes = {s["name"]: {(n["kind"], n["option"]) for n in s["notes"]} for s in data["sections"]}
    assert (MEANING, "dhcp") in notes["4G"]  # qmi.sh's DHCP default is not pyqmi's
    assert (MEANING, "pdptype") in notes["4G"]  # 'ipv4' is read as IP
    assert (MEANING, "auth") in notes["4G"]  # credentials without auth
    assert (UNKNOWN, "zone_hint") in notes["4G"]
    assert (MEANING, "dhcp") not in notes["lte2"]  # dhcp '0' means the same in both
    assert (MEANING, "pdptype") in notes["lte2"]  # 'ipv5' is refused by pyqmi
    dns = [n for n in data["sections"][0]["notes"] if n["option"] == "dns"]
    assert dns == []  # netifd's own option, not unknown
    assert data["applied"] is False and "+\toption proto 'pyqmi'" in data["diff"]


def test_plan_reports_what_pyqmi_would_refuse() -> None:
    plan = plan_section(Section("x", {"proto": "qmi", "device": "/dev/cdc-wdm0",
                                      "timeout": "forever"}))  # fmt: skip
    refused = [n for n in plan.notes if n.kind == REFUSED]
    assert refused and refused[0].option == "timeout"


def test_nothing_to_migrate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "network").write_text("config interface 'wan'\n\toption proto 'dhcp'\n")
    status, out, _ = run(capsys, "--uci-confdir", str(tmp_path))
    assert status == 0 and "nothing to migrate" in out


def _bad(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    try:
        status = main(["migrate", *args])
    except SystemExit as exc:
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    assert status == 2 and captured.out == "" and "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, confdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "cannot read" in _bad(capsys, "--uci-confdir", str(tmp_path / "nope"))
    assert "No such file" in _bad(capsys, "--uci-confdir", str(tmp_path))
    assert "no backup" in _bad(capsys, "--uci-confdir", str(confdir), "--revert")
    assert "not allowed" in _bad(capsys, "--apply", "--revert")
    (tmp_path / "network").write_text("config interface 'x'\n\tnonsense line here\n")
    assert "UCI cannot read" in _bad(capsys, "--uci-confdir", str(tmp_path))


def test_apply_refuses_while_uncommitted_changes_are_pending(
    confdir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = tmp_path / "save"
    save.mkdir()
    (save / "network").write_text("network.wan.proto='dhcp'\n")
    before = (confdir / "network").read_bytes()
    status, _, err = run(capsys, "--uci-confdir", str(confdir), "--uci-savedir", str(save),
                         "--apply")  # fmt: skip
    assert status == 2 and "uncommitted UCI changes" in err
    assert (confdir / "network").read_bytes() == before
    status, out, _ = run(capsys, "--uci-confdir", str(confdir), "--uci-savedir", str(save))
    assert status == 0 and "--apply refuses" in out
